-- Keeping the catalogue true in the app (issue 19): curators edit, add,
-- re-verify and withdraw claims; every change is a revision.
--
-- Each claim table gains
--   version          optimistic locking: a save names the version it edited and
--                    is refused when another save came first
--   withdrawn_on     set when a curator finds the claim no longer true: hidden
--   withdrawn_reason from pages, counts, facets and exports; kept, with its
--                    revisions, for the history
-- The claim's `id` is its stable identity; `position` stays the display order
-- and the importer's key.

do $$
declare
    claim_table text;
begin
    foreach claim_table in array array[
        'benefit', 'cost_item', 'saving', 'funding_route', 'regulatory_record',
        'regulatory_evidence', 'nice_guidance', 'workforce_requirement',
        'infrastructure_requirement', 'evidence_item', 'deployment', 'pilot_result']
    loop
        execute format(
            'alter table %I
                 add column version integer not null default 1 check (version > 0),
                 add column withdrawn_on date,
                 add column withdrawn_reason text
                     check (withdrawn_reason is null or btrim(withdrawn_reason) <> ''''),
                 add check ((withdrawn_on is null) = (withdrawn_reason is null))',
            claim_table);
    end loop;
end
$$;

alter table technology add column version integer not null default 1 check (version > 0);

-- One change to one record: when, why, each field's text before and after (as
-- the pages show it; never contact details), and who (curators and admins see
-- it; the public history and feed never do).
create table revision (
    id            bigint generated always as identity primary key,
    at            timestamptz not null default now(),
    technology_id bigint not null references technology (id) on delete cascade,
    -- the claim view's block id ('benefit', 'cost', ...) or 'technology'
    block         text not null check (block ~ '^[a-z][a-z_]*$'),
    record_id     bigint not null,
    action        text not null check (action in ('add', 'edit', 'verify', 'withdraw')),
    -- the record's version after this change
    version       integer not null check (version > 0),
    -- the record's one-line text after the change (its statement, site, …)
    headline      text,
    -- [{"field": .., "label": .., "before": .., "after": ..}]
    changes       jsonb not null default '[]' check (jsonb_typeof(changes) = 'array'),
    reason        text not null check (btrim(reason) <> ''),
    actor_id      bigint references account (id) on delete set null
);
create index revision_feed_idx on revision (at desc, id desc);
create index revision_technology_idx on revision (technology_id, at desc, id desc);
create index revision_record_idx on revision (block, record_id, version);

-- ---------- withdrawn claims leave every public view ----------

create or replace view claim as
          select 'benefit' as block, id, technology_id, source, source_kinds, verified, verified_on, recheck_by from benefit where withdrawn_on is null
union all select 'cost', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from cost_item where withdrawn_on is null
union all select 'saving', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from saving where withdrawn_on is null
union all select 'funding', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from funding_route where withdrawn_on is null
union all select 'regulatory', id, technology_id, source, source_kinds, verified, verified_on, recheck_by
          from regulatory_record where status <> 'not_documented' and withdrawn_on is null
union all select 'regulatory_evidence', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from regulatory_evidence where withdrawn_on is null
union all select 'nice', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from nice_guidance where withdrawn_on is null
union all select 'workforce', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from workforce_requirement where withdrawn_on is null
union all select kind, id, technology_id, source, source_kinds, verified, verified_on, recheck_by from infrastructure_requirement where withdrawn_on is null
union all select 'evidence', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from evidence_item where withdrawn_on is null
union all select 'deployment', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from deployment where withdrawn_on is null
union all select 'pilot', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from pilot_result where withdrawn_on is null;

create or replace view regulatory_standing as
with record as (
    select technology_id,
           case kind when 'ukca' then 'uk_mdr_mhra' when 'ce' then 'uk_mdr_mhra'
                     when 'mhra' then 'uk_mdr_mhra' when 'dtac' then 'dtac'
                     when 'dcb0129' then 'dcb0129' when 'cyber_essentials' then 'cyber_essentials'
                     when 'dspt' then 'dspt' end as essential_id,
           status, verified, source_kinds
    from regulatory_evidence where withdrawn_on is null
    union all
    select technology_id, essential_id, 'holds', verified, source_kinds
    from regulatory_record where status = 'met' and withdrawn_on is null
), judged as (
    select technology_id, essential_id, status, verified,
           cardinality(source_kinds) > 0
               and source_kinds <@ array['supplier', 'supplier_listing']::text[] as supplier_only
    from record where essential_id is not null
)
select technology_id, essential_id,
       case
           when bool_or(status = 'holds' and verified and not supplier_only) then 'met'
           when bool_or(status = 'holds' and supplier_only) then 'supplier_says'
           when bool_or(status = 'not_held') then 'not_met'
           else 'recorded'
       end as standing
from judged
group by technology_id, essential_id;

-- The catalogue views, rebuilt so withdrawn deployments and guidance do not count.
drop materialized view catalogue_facet_total;
drop materialized view catalogue_entry;

create materialized view catalogue_entry as
with claim_stats as (
    select technology_id,
           count(*) filter (where verified)::real / greatest(count(*), 1) as verified_share,
           max(verified_on) as last_verified
    from claim group by technology_id
), adoption as (
    select d.technology_id,
           count(*)::integer as deployments,
           coalesce(array_agg(distinct i.region_ods_code) filter (where i.region_ods_code is not null), '{}') as regions,
           coalesce(array_agg(distinct d.icb_ods_code) filter (where d.icb_ods_code is not null), '{}') as icbs
    from deployment d
    left join icb i on i.ods_code = d.icb_ods_code
    where d.kind = 'nhs_deployment' and d.withdrawn_on is null
    group by d.technology_id
), guidance as (
    select technology_id,
           array_agg(distinct guidance_type) as nice,
           case
               when bool_or(guidance_type in ('MTG', 'DG', 'TA', 'HTG')
                            and recommendation is not null
                            and recommendation !~* '(insufficient evidence|not recommended|wording not seen|while (more |further )?evidence is generated)')
                   then 'routine'
               when bool_or(guidance_type = 'HTE'
                            or (guidance_type in ('MTG', 'DG', 'TA', 'HTG')
                                and recommendation ~* 'while (more |further )?evidence is generated'))
                   then 'early'
               when bool_or(guidance_type = 'MIB') then 'briefing'
               when bool_or(guidance_type in ('MTG', 'DG', 'TA', 'HTG', 'IPG')
                            and (recommendation is null or recommendation ~* 'wording not seen'))
                   then 'unclear'
               else 'none'
           end as evidence,
           string_agg(concat_ws(' ', guidance_ref, title), ' ') as text
    from nice_guidance where withdrawn_on is null group by technology_id
)
select
    t.id as technology_id,
    t.slug,
    lower(t.name) as name_key,
    t.technology_type_id as type_id,
    coalesce((select array_agg(x.care_setting_id order by x.care_setting_id)
              from technology_care_setting x where x.technology_id = t.id), '{}') as settings,
    coalesce((select array_agg(x.specialty_group_id order by x.specialty_group_id)
              from technology_specialty_group x where x.technology_id = t.id), '{}') as specialties,
    case when t.ai_enabled then 'yes' else 'no' end as ai,
    coalesce(g.nice, '{}') as nice,
    coalesce((select array_agg(r.essential_id order by r.essential_id)
              from regulatory_standing r where r.technology_id = t.id and r.standing = 'met'), '{}') as reg,
    coalesce(a.deployments, 0) as deployments,
    case when coalesce(a.deployments, 0) > 0 then 'yes' else 'no' end as deployed,
    coalesce(a.regions, '{}') as regions,
    coalesce(a.icbs, '{}') as icbs,
    coalesce(g.evidence, 'none') as evidence,
    coalesce(c.verified_share, 0) as verified_share,
    case
        when coalesce(c.verified_share, 0) >= 0.8 then 'high'
        when coalesce(c.verified_share, 0) >= 0.5 then 'medium'
        else 'low'
    end as verification,
    c.last_verified,
    setweight(to_tsvector('english', t.name), 'A')
        || setweight(to_tsvector('english', coalesce(t.supplier, '')), 'B')
        || setweight(to_tsvector('english', concat_ws(' ', t.clinical_area, t.summary, g.text)), 'C')
        as document
from technology t
left join adoption a on a.technology_id = t.id
left join guidance g on g.technology_id = t.id
left join claim_stats c on c.technology_id = t.id
where t.catalogue_status <> 'withdrawn';

create unique index catalogue_entry_pk on catalogue_entry (technology_id);
create index catalogue_entry_document_idx on catalogue_entry using gin (document);
create index catalogue_entry_name_idx on catalogue_entry (name_key, slug);
create index catalogue_entry_type_idx on catalogue_entry (type_id);
create index catalogue_entry_settings_idx on catalogue_entry using gin (settings);
create index catalogue_entry_specialties_idx on catalogue_entry using gin (specialties);
create index catalogue_entry_regions_idx on catalogue_entry using gin (regions);
create index catalogue_entry_icbs_idx on catalogue_entry using gin (icbs);

create materialized view catalogue_facet_total as
select f.key, f.value, count(*)::bigint as n
from catalogue_entry e
cross join lateral (
    select 'type' as key, e.type_id as value
    union all select 'setting', unnest(e.settings)
    union all select 'specialty', unnest(e.specialties)
    union all select 'ai', e.ai
    union all select 'nice', unnest(e.nice)
    union all select 'reg', unnest(e.reg)
    union all select 'deployed', e.deployed
    union all select 'region', unnest(e.regions)
    union all select 'icb', unnest(e.icbs)
    union all select 'evidence', e.evidence
    union all select 'verified', e.verification
    union all select 'total', ''
) f
group by f.key, f.value;

create unique index catalogue_facet_total_pk on catalogue_facet_total (key, value);
