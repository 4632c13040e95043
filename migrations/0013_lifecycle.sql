-- The catalogue grows and shrinks in the app (issue 20): technologies start as
-- drafts and are published against the inclusion rule, or withdrawn with a
-- reason; members suggest corrections and suppliers propose evidence, and
-- every one of those waits for a curator.

-- ---------- the technology's lifecycle ----------

alter table technology drop constraint technology_catalogue_status_check;
alter table technology
    add constraint technology_catalogue_status_check
        check (catalogue_status in ('draft', 'listed', 'under_review', 'withdrawn')),
    -- when it was last published, withdrawn or created as a draft
    add column status_changed_on date,
    -- why it is no longer listed (withdrawn only)
    add column withdrawn_reason text
        check (withdrawn_reason is null or (btrim(withdrawn_reason) <> '' and length(withdrawn_reason) <= 500)),
    add constraint technology_withdrawn_reason_check2
        check ((catalogue_status = 'withdrawn') = (withdrawn_reason is not null));

-- In the catalogue's search, facets, counts, lists and exports: the one
-- definition every query uses. Drafts and withdrawn technologies are not.
create function is_listed(status text) returns boolean
    language sql immutable parallel safe
    return status in ('listed', 'under_review');

-- A revision can now publish or withdraw a technology, and credit who
-- suggested it (a member's correction, a supplier's statement).
alter table revision drop constraint revision_action_check;
alter table revision
    add constraint revision_action_check
        check (action in ('add', 'edit', 'verify', 'withdraw', 'publish')),
    add column credit text check (credit in ('member', 'supplier'));

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
where is_listed(t.catalogue_status);

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
