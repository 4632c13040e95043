-- Issue 21, part 2: two-factor sign-in (TOTP, RFC 6238) with recovery codes,
-- confirmed email address changes, and the link a published contact uses to
-- withdraw their own details.

-- An account's authenticator. A row without `confirmed_at` is an enrolment in
-- progress (the QR code shown, no code typed back yet). `last_step` is the
-- 30-second time step of the last code accepted: a code works once.
create table account_totp (
    account_id   bigint primary key references account (id) on delete cascade,
    secret       bytea not null check (length(secret) = 20),
    created_at   timestamptz not null default now(),
    confirmed_at timestamptz,
    last_step    bigint not null default 0 check (last_step >= 0)
);

-- One-time recovery codes, for when the authenticator is lost: only the
-- SHA-256 of each is kept; a used code stays, marked, until new ones are made.
create table recovery_code (
    account_id bigint not null references account (id) on delete cascade,
    code_hash  bytea not null check (length(code_hash) = 32),
    used_at    timestamptz,
    primary key (account_id, code_hash)
);

-- The password was right; the code is still to come. The random token rides
-- in the code form (only its SHA-256 is kept); it lives 5 minutes and takes at
-- most 5 wrong codes.
create table sign_in_challenge (
    token_hash bytea primary key check (length(token_hash) = 32),
    account_id bigint not null references account (id) on delete cascade,
    expires_at timestamptz not null,
    attempts   integer not null default 0 check (attempts between 0 and 5)
);
create index sign_in_challenge_account_idx on sign_in_challenge (account_id);
create index sign_in_challenge_expiry_idx on sign_in_challenge (expires_at);

-- A new email address waiting for its owner to open the link sent to it.
create table email_change (
    token_hash bytea primary key check (length(token_hash) = 32),
    account_id bigint not null references account (id) on delete cascade,
    new_email  text not null check (new_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(new_email) <= 254),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index email_change_account_idx on email_change (account_id);

-- A published contact's own withdrawal link (sent to them when their details
-- are published): only its SHA-256. Demo contacts never get one.
alter table contact
    add column withdraw_token_hash bytea unique check (length(withdraw_token_hash) = 32),
    add constraint contact_demo_no_link_check check (not is_demo or withdraw_token_hash is null);
