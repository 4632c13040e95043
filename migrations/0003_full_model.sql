-- The full data model: the remaining reference data, suppliers, the technology's
-- own attributes, one table per kind of claim, and adoption (deployments and
-- pilot results). Every claim row carries the same provenance columns:
--   source      where the claim comes from (never empty)
--   verified    seen in that source (false: second-hand, inferred or not found)
--   verified_on when it was verified (null exactly when not verified)
--   recheck_by  when it is due a re-check (null exactly when not verified)
--   note        the reference data's qualification, if any
-- `position` keeps the reference data's order and, with the technology, forms the
-- stable identity the importer upserts on.

-- ---------- reference data ----------

create table specialty (
    code     text primary key check (code ~ '^[0-9]{3}$'),
    name     text not null check (btrim(name) <> ''),
    verified boolean not null,
    source   text not null check (btrim(source) <> '')
);

create table deployment_stage (
    id       text primary key check (id in ('pilot', 'evaluation', 'scaling', 'business_as_usual')),
    label    text not null,
    meaning  text not null,
    ordinal  integer not null unique,
    verified boolean not null,
    source   text not null
);

create table regulatory_essential (
    id                   text primary key check (id ~ '^[a-z][a-z0-9_]*$'),
    name                 text not null check (btrim(name) <> ''),
    category             text not null,
    owner                text,
    owner_verified       boolean not null default false,
    description          text,
    description_verified boolean not null default false,
    applies_to           text,
    sources              text[] not null default '{}'
);

-- ICB mergers from 1 April 2026: successor names as announced; predecessor codes
-- only where the announcement gives them (parsed from "(QMM)"), never guessed.
create table icb_change (
    id             bigint generated always as identity primary key,
    successor_name text not null unique,
    change_type    text not null,
    region_name    text,
    predecessors   text not null,
    source         text not null check (btrim(source) <> '')
);

create table icb_change_predecessor (
    icb_change_id bigint not null references icb_change (id) on delete cascade,
    position      integer not null,
    description   text not null,
    icb_ods_code  text references icb (ods_code),
    primary key (icb_change_id, position)
);

-- Public organisational contact routes of ICBs (not personal contacts).
create table icb_contact_route (
    icb_ods_code   text primary key references icb (ods_code),
    website        text,
    contact_page   text,
    enquiries_email text,
    verified       boolean not null,
    -- unverified routes may have no source; the note then says where they came from
    source         text check (source is null or btrim(source) <> ''),
    note           text,
    check (source is not null or not verified)
);

-- ---------- suppliers and technologies ----------

create table supplier (
    id   bigint generated always as identity primary key,
    name text not null unique check (btrim(name) <> '')
);

alter table technology
    add column supplier_id bigint references supplier (id),
    add column clinical_area text,
    add column clinical_area_verified boolean not null default false,
    -- the care setting as the source describes it, before mapping to taxonomy ids
    add column care_setting_text text,
    add column ai_enabled boolean not null default false,
    add column catalogue_status text not null default 'listed'
        check (catalogue_status in ('listed', 'under_review', 'withdrawn')),
    add column inclusion_basis text[] not null default '{}'
        check (inclusion_basis <@ array['nice_guidance', 'nhs_deployment']::text[]),
    -- set when a curator edits the row in the app: re-imports leave it alone
    add column edited_in_app boolean not null default false,
    add column imported_at timestamptz,
    add check (clinical_area is not null or not clinical_area_verified);
create index technology_supplier_idx on technology (supplier_id);

create table technology_care_setting (
    technology_id   bigint not null references technology (id) on delete cascade,
    care_setting_id text not null references care_setting (id),
    primary key (technology_id, care_setting_id)
);
create index technology_care_setting_setting_idx on technology_care_setting (care_setting_id);

-- ---------- claims ----------

create table benefit (
    id            bigint generated always as identity primary key,
    technology_id bigint not null references technology (id) on delete cascade,
    position      integer not null check (position >= 0),
    domain        text not null check (domain ~ '^[a-z][a-z_]*$'),
    statement     text not null check (btrim(statement) <> ''),
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    edited_in_app boolean not null default false,
    unique (technology_id, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on)
);

create table cost_item (
    id            bigint generated always as identity primary key,
    technology_id bigint not null references technology (id) on delete cascade,
    position      integer not null check (position >= 0),
    -- the reference data does not say; 'unspecified' until a curator classifies it
    kind          text not null default 'unspecified' check (kind in ('one_off', 'recurring', 'unspecified')),
    amount_pence  bigint check (amount_pence >= 0),
    unit          text,
    statement     text not null check (btrim(statement) <> ''),
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    edited_in_app boolean not null default false,
    unique (technology_id, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on)
);

create table regulatory_record (
    id            bigint generated always as identity primary key,
    technology_id bigint not null references technology (id) on delete cascade,
    essential_id  text not null references regulatory_essential (id),
    status        text not null check (status in ('met', 'not_met', 'not_documented')),
    reference     text,
    recorded_on   date,
    statement     text,
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    edited_in_app boolean not null default false,
    unique (technology_id, essential_id),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on)
);

create table nice_guidance (
    id                      bigint generated always as identity primary key,
    technology_id           bigint not null references technology (id) on delete cascade,
    position                integer not null check (position >= 0),
    guidance_ref            text not null check (guidance_ref ~ '^[A-Z]{2,4}[0-9]+$'),
    guidance_type           text not null check (guidance_type in ('MTG', 'DG', 'HTE', 'HTG', 'MIB', 'IPG', 'TA')),
    title                   text,
    title_verified          boolean not null default false,
    -- as precise as the source: 'YYYY-MM-DD' or 'YYYY-MM' (a day is never invented)
    published               text check (published ~ '^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$'),
    published_verified      boolean not null default false,
    recommendation          text,
    recommendation_verified boolean not null default false,
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    edited_in_app boolean not null default false,
    unique (technology_id, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on),
    check (title is not null or not title_verified),
    check (published is not null or not published_verified),
    check (recommendation is not null or not recommendation_verified)
);
create index nice_guidance_type_idx on nice_guidance (guidance_type);

create table workforce_requirement (
    id             bigint generated always as identity primary key,
    technology_id  bigint not null references technology (id) on delete cascade,
    position       integer not null check (position >= 0),
    role           text,
    fte            numeric(6, 2) check (fte >= 0),
    training_hours numeric(7, 1) check (training_hours >= 0),
    statement      text not null check (btrim(statement) <> ''),
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    edited_in_app boolean not null default false,
    unique (technology_id, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on)
);

create table infrastructure_requirement (
    id            bigint generated always as identity primary key,
    technology_id bigint not null references technology (id) on delete cascade,
    kind          text not null check (kind in ('it', 'estates')),
    position      integer not null check (position >= 0),
    statement     text not null check (btrim(statement) <> ''),
    -- integration standards named in the statement (FHIR, DICOM, HL7…)
    standards     text[] not null default '{}',
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    edited_in_app boolean not null default false,
    unique (technology_id, kind, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on)
);

-- Other evidence statements of the reference data (benefit context, economic
-- modelling, national context, NICE status where there is no guidance, …).
create table evidence_item (
    id            bigint generated always as identity primary key,
    technology_id bigint not null references technology (id) on delete cascade,
    kind          text not null check (kind ~ '^[a-z][a-z_]*$'),
    position      integer not null check (position >= 0),
    statement     text not null check (btrim(statement) <> ''),
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    edited_in_app boolean not null default false,
    unique (technology_id, kind, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on)
);

-- ---------- adoption ----------

create table deployment (
    id             bigint generated always as identity primary key,
    technology_id  bigint not null references technology (id) on delete cascade,
    position       integer not null check (position >= 0),
    site           text not null check (btrim(site) <> ''),
    -- what the record is; only 'nhs_deployment' counts as a documented deployment
    kind           text not null check (kind in ('nhs_deployment', 'national_programme',
                       'national_estimate', 'national_context', 'company_reported',
                       'failed_assessment', 'evidence_review')),
    icb_ods_code   text references icb (ods_code),
    icb_name       text,
    icb_verified   boolean not null default false,
    icb_note       text,
    stage_id       text references deployment_stage (id),
    status         text check (status in ('live', 'paused', 'stopped')),
    stop_reason    text,
    go_live_on     date,
    scale          text,
    result         text,
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    edited_in_app boolean not null default false,
    unique (technology_id, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on),
    check (stop_reason is null or coalesce(status, '') = 'stopped'),
    check (icb_ods_code is not null or not icb_verified)
);
create index deployment_icb_idx on deployment (icb_ods_code);

create table pilot_result (
    id            bigint generated always as identity primary key,
    technology_id bigint not null references technology (id) on delete cascade,
    position      integer not null check (position >= 0),
    site          text not null check (btrim(site) <> ''),
    metric        text not null check (btrim(metric) <> ''),
    baseline      text,
    result        text not null check (btrim(result) <> ''),
    period        text,
    design        text,
    sample_size   text,
    independent   text not null check (independent in ('yes', 'no', 'unknown')),
    source text not null check (btrim(source) <> ''), verified boolean not null,
    verified_on date, recheck_by date, note text,
    edited_in_app boolean not null default false,
    unique (technology_id, position),
    check ((verified_on is not null) = verified and (recheck_by is not null) = verified),
    check (recheck_by > verified_on)
);
