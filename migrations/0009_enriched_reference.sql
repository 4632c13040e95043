-- The second enrichment of the reference data (technologies.json, meta.enriched_v2):
-- the kind of source every claim rests on, structured costs, savings, regulatory
-- records, procurement and funding routes, searched-but-not-found records,
-- deployment starts at the precision the source gives, and structured IT facts.
-- Also one `claim` view over every claim table, so the catalogue view, the
-- technology query and the exports stop repeating the union.

-- ---------- the kind of source ----------

-- What a source is, read from its address: independent (nice, regulator, nhs,
-- research, health_innovation_network), secondary (press, other) or the
-- supplier's own (supplier, supplier_listing: G-Cloud pages the supplier writes).
create domain source_kind_list as text[]
    check (value <@ array['nice', 'regulator', 'nhs', 'health_innovation_network', 'research',
                          'press', 'supplier', 'supplier_listing', 'other']::text[]);

-- `source_kinds_derived`: the reference data did not give the kinds; the importer
-- derived them from the source address (older claims).
alter table benefit
    add column source_kinds source_kind_list not null default '{}',
    add column source_kinds_derived boolean not null default false;
alter table cost_item
    add column source_kinds source_kind_list not null default '{}',
    add column source_kinds_derived boolean not null default false;
alter table regulatory_record
    add column source_kinds source_kind_list not null default '{}',
    add column source_kinds_derived boolean not null default false;
alter table nice_guidance
    add column source_kinds source_kind_list not null default '{}',
    add column source_kinds_derived boolean not null default false;
alter table workforce_requirement
    add column source_kinds source_kind_list not null default '{}',
    add column source_kinds_derived boolean not null default false;
alter table infrastructure_requirement
    add column source_kinds source_kind_list not null default '{}',
    add column source_kinds_derived boolean not null default false;
alter table evidence_item
    add column source_kinds source_kind_list not null default '{}',
    add column source_kinds_derived boolean not null default false;
alter table deployment
    add column source_kinds source_kind_list not null default '{}',
    add column source_kinds_derived boolean not null default false;
alter table pilot_result
    add column source_kinds source_kind_list not null default '{}',
    add column source_kinds_derived boolean not null default false;

-- ---------- structured costs ----------

-- The old `kind` (one_off/recurring/unspecified) and `amount_pence` were never
-- filled; the reference data now says what a cost is for and gives amounts.
alter table cost_item
    drop column kind,
    drop column amount_pence,
    -- licence … other; two kinds are never added into a total:
    -- incremental_vs_usual_care (an economic evaluation's difference) and
    -- pricing_note (a statement about pricing without a usable price)
    add column kind text check (kind in ('licence', 'implementation', 'training', 'hardware',
        'integration', 'other', 'incremental_vs_usual_care', 'pricing_note')),
    -- an amount, or an ascending range (high > low), in pence
    add column amount_low_pence bigint check (amount_low_pence > 0),
    add column amount_high_pence bigint,
    -- what an amount multiplies: per_unit the units a year, per_site the sites or
    -- services, other nothing (not safely multipliable)
    add column unit_basis text check (unit_basis in ('per_unit', 'per_site', 'other')),
    add column period text check (period in ('one_off', 'annual', 'monthly', 'per_use', 'per_course')),
    add column vat text check (vat in ('ex', 'inc', 'zero', 'unknown')),
    add column stated_year integer check (stated_year between 1990 and 2100),
    add check (amount_high_pence is null or (amount_low_pence is not null and amount_high_pence > amount_low_pence));

-- ---------- new claim tables ----------

-- Claimed savings of money or time: never costs, never netted against them.
create table saving (
    id            bigint generated always as identity primary key,
    technology_id bigint not null references technology (id) on delete cascade,
    position      integer not null check (position >= 0),
    statement     text not null check (btrim(statement) <> ''),
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    source_kinds source_kind_list not null default '{}',
    source_kinds_derived boolean not null default false,
    edited_in_app boolean not null default false,
    unique (technology_id, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on)
);

-- Certificates, registrations and findings as sources state them. `status` says
-- what the record is: holds, not_held (not found on the register), in_progress,
-- historical (no longer current), condition (a condition of use), finding (an
-- assessment finding).
create table regulatory_evidence (
    id            bigint generated always as identity primary key,
    technology_id bigint not null references technology (id) on delete cascade,
    position      integer not null check (position >= 0),
    kind          text not null check (kind in ('ukca', 'ce', 'mhra', 'fda', 'dtac', 'dcb0129',
                                                'cyber_essentials', 'dspt', 'other')),
    status        text not null check (status in ('holds', 'not_held', 'in_progress',
                                                  'historical', 'condition', 'finding')),
    statement     text not null check (btrim(statement) <> ''),
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    source_kinds source_kind_list not null default '{}',
    source_kinds_derived boolean not null default false,
    edited_in_app boolean not null default false,
    unique (technology_id, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on)
);

-- How others paid for or bought it.
create table funding_route (
    id                bigint generated always as identity primary key,
    technology_id     bigint not null references technology (id) on delete cascade,
    position          integer not null check (position >= 0),
    kind              text not null check (kind in ('grant', 'programme_funding', 'charity',
                                                    'contract_award', 'framework_listing')),
    amount_low_pence  bigint check (amount_low_pence > 0),
    amount_high_pence bigint,
    unit              text,
    stated_year       integer check (stated_year between 1990 and 2100),
    statement         text not null check (btrim(statement) <> ''),
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    source_kinds source_kind_list not null default '{}',
    source_kinds_derived boolean not null default false,
    edited_in_app boolean not null default false,
    unique (technology_id, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on),
    check (amount_high_pence is null or (amount_low_pence is not null and amount_high_pence > amount_low_pence))
);

-- Public sources were searched for a block on a date and nothing was found: the
-- page says so instead of only "not yet documented". Not a claim about the product.
create table search_record (
    id            bigint generated always as identity primary key,
    technology_id bigint not null references technology (id) on delete cascade,
    position      integer not null check (position >= 0),
    block         text not null check (block ~ '^[a-z][a-z_]*$'),
    searched_on   date not null,
    detail        text check (detail is null or btrim(detail) <> ''),
    unique (technology_id, position)
);

-- ---------- deployments ----------

-- A partial date is a date plus its precision: 'year' (stored as 1 January),
-- 'month' (the 1st) or 'day'. Pages show it as written: "2021", "April 2021".
alter table deployment
    add column go_live_precision text not null default 'day'
        check (go_live_precision in ('year', 'month', 'day')),
    add check (go_live_precision = 'day' or extract(day from go_live_on) = 1),
    add check (go_live_precision <> 'year' or extract(month from go_live_on) = 1),
    -- the stage and status are the analyst's reading of the source, not its words
    add column stage_status_inferred boolean not null default false,
    -- outside England: NHS Scotland, Wales or Northern Ireland, never an English ICB
    add column nation text check (nation in ('scotland', 'wales', 'northern_ireland')),
    add check (nation is null or icb_ods_code is null);

alter table submission
    add column go_live_precision text not null default 'day'
        check (go_live_precision in ('year', 'month', 'day')),
    add check (go_live_precision = 'day' or extract(day from go_live_on) = 1),
    add check (go_live_precision <> 'year' or extract(month from go_live_on) = 1);

-- ---------- IT facts ----------

alter table infrastructure_requirement
    -- true when `standards` is what the source lists (not words found in the text)
    add column standards_stated boolean not null default false,
    add column hosting text check (hosting in ('cloud', 'on_premise', 'hybrid')),
    add column data_location text check (data_location in ('UK', 'EU', 'US'));

-- ---------- every claim, once ----------

create view claim as
          select 'benefit' as block, id, technology_id, source, source_kinds, verified, verified_on, recheck_by from benefit
union all select 'cost', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from cost_item
union all select 'saving', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from saving
union all select 'funding', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from funding_route
union all select 'regulatory', id, technology_id, source, source_kinds, verified, verified_on, recheck_by
          from regulatory_record where status <> 'not_documented'
union all select 'regulatory_evidence', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from regulatory_evidence
union all select 'nice', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from nice_guidance
union all select 'workforce', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from workforce_requirement
union all select kind, id, technology_id, source, source_kinds, verified, verified_on, recheck_by from infrastructure_requirement
union all select 'evidence', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from evidence_item
union all select 'deployment', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from deployment
union all select 'pilot', id, technology_id, source, source_kinds, verified, verified_on, recheck_by from pilot_result;

-- ---------- the regulatory checklist rule ----------

-- A technology's standing against each checklist essential, from its records:
--   met            a verified record of the matching kind that holds, resting on
--                  at least one source that is not the supplier's own
--   supplier_says  a record that holds, resting only on the supplier
--   not_met        a record that the certificate is not held (e.g. not on the register)
--   recorded       something else is recorded (in progress, a condition, a finding,
--                  no longer current, or not verified)
-- FDA and other records map to no UK essential: they never meet one.
-- The device-class field of the first reference file (regulatory_record) counts as
-- a record for uk_mdr_mhra that holds.
create view regulatory_standing as
with record as (
    select technology_id,
           case kind when 'ukca' then 'uk_mdr_mhra' when 'ce' then 'uk_mdr_mhra'
                     when 'mhra' then 'uk_mdr_mhra' when 'dtac' then 'dtac'
                     when 'dcb0129' then 'dcb0129' when 'cyber_essentials' then 'cyber_essentials'
                     when 'dspt' then 'dspt' end as essential_id,
           status, verified, source_kinds
    from regulatory_evidence
    union all
    select technology_id, essential_id, 'holds', verified, source_kinds
    from regulatory_record where status = 'met'
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

-- ---------- the catalogue view, again ----------

-- Rebuilt for the claim view (new tables count towards the verified share) and the
-- regulatory rule (the `reg` facet counts only essentials that are met).
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
    where d.kind = 'nhs_deployment'
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

create index saving_technology_idx on saving (technology_id);
create index regulatory_evidence_technology_idx on regulatory_evidence (technology_id);
create index funding_route_technology_idx on funding_route (technology_id);
create index search_record_technology_idx on search_record (technology_id);
