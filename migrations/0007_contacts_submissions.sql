-- Consented personal contacts and member submissions (issue 8).

-- A named person at an adopting organisation who agreed to be contacted about
-- one deployment. Shown only to signed-in, approved members, only while the
-- consent is current; never exported, never in a public endpoint or the search.
create table contact (
    id                  bigint generated always as identity primary key,
    deployment_id       bigint not null references deployment (id) on delete cascade,
    name                text not null check (btrim(name) <> '' and length(name) <= 100),
    job_title           text not null check (btrim(job_title) <> '' and length(job_title) <= 100),
    organisation        text not null check (btrim(organisation) <> '' and length(organisation) <= 200),
    email               text not null check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
    phone               text check (length(phone) <= 40),
    preferred_method    text not null check (preferred_method in ('email', 'phone', 'video_call')),
    consent_recorded_on date not null,
    reconfirm_by        date not null check (reconfirm_by > consent_recorded_on),
    -- synthetic demo data (the documented demo command only): fictional names on a
    -- reserved example domain, labelled "Demo data" on screen
    is_demo             boolean not null default false,
    check (not is_demo or email ~ '@example\.(org|com|net)$'),
    source              text not null check (btrim(source) <> ''),
    created_at          timestamptz not null default now()
);
create index contact_deployment_idx on contact (deployment_id);

-- "We have deployed this": waits for a curator, who approves (publishing a
-- deployment, an optional pilot result and an optional contact) or rejects it
-- with a reason the member sees.
create table submission (
    id                bigint generated always as identity primary key,
    technology_id     bigint not null references technology (id) on delete cascade,
    submitted_by      bigint not null references account (id),
    submitted_at      timestamptz not null default now(),
    state             text not null default 'pending' check (state in ('pending', 'approved', 'rejected')),
    reject_reason     text check (length(reject_reason) <= 1000),
    reviewed_by       bigint references account (id),
    reviewed_at       timestamptz,
    check ((state = 'rejected') = (reject_reason is not null)),
    check ((state = 'pending') = (reviewed_by is null)),
    -- the deployment
    site              text not null check (btrim(site) <> '' and length(site) <= 200),
    icb_ods_code      text references icb (ods_code),
    care_setting_id   text references care_setting (id),
    stage_id          text not null references deployment_stage (id),
    status            text not null check (status in ('live', 'paused', 'stopped')),
    stop_reason       text check (length(stop_reason) <= 500),
    check (stop_reason is null or status = 'stopped'),
    go_live_on        date,
    scale             text check (length(scale) <= 200),
    result            text check (length(result) <= 1000),
    -- an optional pilot result, with the comparable fields
    pilot_metric      text check (length(pilot_metric) <= 200),
    pilot_baseline    text check (length(pilot_baseline) <= 200),
    pilot_result      text check (length(pilot_result) <= 500),
    pilot_period      text check (length(pilot_period) <= 100),
    pilot_design      text check (length(pilot_design) <= 300),
    pilot_sample_size text check (length(pilot_sample_size) <= 100),
    pilot_independent text check (pilot_independent in ('yes', 'no', 'unknown')),
    pilot_report_url  text check (length(pilot_report_url) <= 500),
    check ((pilot_metric is null) = (pilot_result is null)),
    -- optionally the member as a contact, only with the consent ticked
    contact_job_title text check (length(contact_job_title) <= 100),
    contact_phone     text check (length(contact_phone) <= 40),
    contact_method    text check (contact_method in ('email', 'phone', 'video_call')),
    contact_consent   boolean not null default false,
    check (contact_method is null or contact_consent),
    -- what approval published
    deployment_id     bigint references deployment (id) on delete set null
);
create index submission_state_idx on submission (state, submitted_at);
create index submission_member_idx on submission (submitted_by);
