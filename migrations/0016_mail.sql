-- Real email (issue 21): an outbox the background sender delivers from, and
-- single-use password reset tokens.

-- Each message waits here until a sender delivers it. Any number of server
-- processes send: each claims a row with FOR UPDATE SKIP LOCKED, so a message
-- goes once. Failures are retried with growing waits; sent messages are kept
-- 30 days, then deleted by the housekeeping task.
create table outbox (
    id              bigint generated always as identity primary key,
    to_address      text not null check (to_address ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(to_address) <= 254),
    subject         text not null check (btrim(subject) <> '' and length(subject) <= 200),
    body            text not null check (length(body) <= 20000),
    -- the account it concerns: erasing the account deletes its messages
    account_id      bigint references account (id) on delete cascade,
    created_at      timestamptz not null default now(),
    attempts        integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    sent_at         timestamptz,
    -- why the last attempt failed (for operators; never shown to users)
    last_error      text check (length(last_error) <= 1000)
);
create index outbox_due_idx on outbox (next_attempt_at) where sent_at is null;
create index outbox_sent_idx on outbox (sent_at) where sent_at is not null;
create index outbox_account_idx on outbox (account_id);

-- A password reset link: only the SHA-256 of its random token is kept; it
-- works once, for 30 minutes.
create table password_reset (
    token_hash  bytea primary key check (length(token_hash) = 32),
    account_id  bigint not null references account (id) on delete cascade,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz
);
create index password_reset_account_idx on password_reset (account_id);

-- Password resets are limited per client like sign-ups.
alter table sign_in_throttle drop constraint sign_in_throttle_scope_check;
alter table sign_in_throttle
    add constraint sign_in_throttle_scope_check
        check (scope in ('pair', 'client', 'account', 'sign_up', 'reset'));
