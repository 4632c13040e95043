-- Accounts, sessions, sign-in throttling and the audit log (issue 8).
-- Sessions live here, not in server memory, so any number of server processes
-- can share one Postgres.

create table account (
    id            bigint generated always as identity primary key,
    -- stored lower-cased and trimmed; unique regardless of case
    email         text not null unique check (email = lower(btrim(email)) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    display_name  text not null check (btrim(display_name) <> '' and length(display_name) <= 100),
    organisation  text not null check (btrim(organisation) <> '' and length(organisation) <= 200),
    -- Argon2id PHC string; never the password
    password_hash text not null check (password_hash like '$argon2id$%'),
    -- pending until an admin approves; no email can be sent from here
    status        text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
    role          text not null default 'member' check (role in ('member', 'curator', 'admin')),
    created_at    timestamptz not null default now(),
    approved_at   timestamptz,
    approved_by   bigint references account (id)
);

create table session (
    -- SHA-256 of the cookie's random id: a copy of this table opens no session
    id_hash        bytea primary key check (length(id_hash) = 32),
    account_id     bigint not null references account (id) on delete cascade,
    csrf_token     text not null check (length(csrf_token) = 64),
    created_at     timestamptz not null default now(),
    last_seen_at   timestamptz not null default now(),
    -- absolute expiry; idle expiry is last_seen_at + the idle limit
    expires_at     timestamptz not null
);
create index session_account_idx on session (account_id);

-- Failed sign-ins, counted per e-mail (whether or not an account exists) and
-- per client address over a sliding window.
create table sign_in_failure (
    id         bigint generated always as identity primary key,
    at         timestamptz not null default now(),
    email      text not null,
    client     text not null
);
create index sign_in_failure_email_idx on sign_in_failure (email, at);
create index sign_in_failure_client_idx on sign_in_failure (client, at);

-- Every change a curator or admin makes: who, when, what, before and after.
create table audit_log (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    actor_id    bigint references account (id),
    action      text not null check (btrim(action) <> ''),
    entity      text not null,
    entity_id   text not null,
    before      jsonb,
    after       jsonb
);
create index audit_log_at_idx on audit_log (at desc);
