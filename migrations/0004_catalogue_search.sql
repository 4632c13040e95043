-- The searchable catalogue: the catalogue's own specialty grouping, and one
-- precomputed row per listed technology holding everything the search filters,
-- counts and sorts on, so a search is a few set-based queries over one table.
--
-- `catalogue_entry` is a materialized view: whatever writes technologies or their
-- claims (the importer, later curator edits) runs
--     refresh materialized view concurrently catalogue_entry
-- in the same transaction, after the writes.

-- The coarse specialty groups of taxonomies.json (`clinical_specialties.catalogue_groups`,
-- a catalogue grouping, not an NHS list).
create table specialty_group (
    id       text primary key check (id ~ '^[a-z][a-z0-9_]*$'),
    label    text not null unique check (btrim(label) <> ''),
    position integer not null,
    source   text not null check (btrim(source) <> '')
);

-- Derived by the importer from the technology's clinical area (and imaging types),
-- never from outside knowledge.
create table technology_specialty_group (
    technology_id      bigint not null references technology (id) on delete cascade,
    specialty_group_id text not null references specialty_group (id),
    primary key (technology_id, specialty_group_id)
);
create index technology_specialty_group_group_idx on technology_specialty_group (specialty_group_id);

create index deployment_technology_kind_idx on deployment (technology_id, kind);
create index nice_guidance_technology_idx on nice_guidance (technology_id);

create materialized view catalogue_entry as
with claim as (
    select technology_id, verified, verified_on from benefit
    union all select technology_id, verified, verified_on from cost_item
    union all select technology_id, verified, verified_on from regulatory_record where status <> 'not_documented'
    union all select technology_id, verified, verified_on from nice_guidance
    union all select technology_id, verified, verified_on from workforce_requirement
    union all select technology_id, verified, verified_on from infrastructure_requirement
    union all select technology_id, verified, verified_on from evidence_item
    union all select technology_id, verified, verified_on from deployment
    union all select technology_id, verified, verified_on from pilot_result
), claim_stats as (
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
    where d.kind = 'nhs_deployment'
    group by d.technology_id
), guidance as (
    select technology_id,
           array_agg(distinct guidance_type) as nice,
           -- NICE recommendation for routine use > early value assessment (or full guidance
           -- that allows use only while evidence is generated) > briefing only; 'unclear'
           -- when the guidance exists but its recommendation was not recorded; 'none'
           -- when there is no guidance or it declines adoption.
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
    from nice_guidance group by technology_id
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
              from regulatory_record r where r.technology_id = t.id and r.status = 'met'), '{}') as reg,
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

-- Facet counts over the whole catalogue (and the total), for views where no
-- other filter applies: the search reads these instead of re-counting every row.
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
