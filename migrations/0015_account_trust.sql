-- Accounts people can trust (issue 21): suspension, throttling that cannot be
-- turned against the owner, erasure, and an audit log of ids and field names.

-- ---------- suspension ----------
alter table account drop constraint account_status_check;
alter table account
    add constraint account_status_check
        check (status in ('pending', 'approved', 'rejected', 'suspended'));

-- ---------- erasure: nothing that points at an account stops deleting it ----------
alter table account drop constraint account_approved_by_fkey;
alter table account
    add constraint account_approved_by_fkey
        foreign key (approved_by) references account (id) on delete set null;

alter table audit_log drop constraint audit_log_actor_id_fkey;
alter table audit_log
    add constraint audit_log_actor_id_fkey
        foreign key (actor_id) references account (id) on delete set null;

-- A deleted member's submissions stay, without them.
alter table submission alter column submitted_by drop not null;
alter table submission drop constraint submission_submitted_by_fkey;
alter table submission
    add constraint submission_submitted_by_fkey
        foreign key (submitted_by) references account (id) on delete set null;
alter table submission drop constraint submission_reviewed_by_fkey;
alter table submission
    add constraint submission_reviewed_by_fkey
        foreign key (reviewed_by) references account (id) on delete set null;
-- "reviewed" is now told by reviewed_at (the reviewer's account may be erased).
alter table submission drop constraint submission_check1;
alter table submission
    add constraint submission_reviewed_check check ((state = 'pending') = (reviewed_at is null)),
    add constraint submission_pending_unreviewed_check check (state <> 'pending' or reviewed_by is null),
    -- nobody reviews their own submission
    add constraint submission_not_own_review_check
        check (reviewed_by is null or submitted_by is null or reviewed_by <> submitted_by);

-- The member a contact row describes (their own submission's consent): the
-- member can withdraw it, and deleting their account deletes it.
alter table contact
    add column account_id bigint references account (id) on delete cascade;
update contact c set account_id = s.submitted_by
from submission s
where s.deployment_id = c.deployment_id
  and c.source = 'Consent given by the member in submission ' || s.id;
create index contact_account_idx on contact (account_id) where account_id is not null;

-- ---------- throttling ----------
-- One row per key and scope, updated by one atomic statement per attempt:
--   pair    (email, client): a few attempts per window, then refused with the wait;
--   client  (client): many attempts per window over any addresses;
--   account (email): beyond a free number, one attempt per spacing, so an
--           attacker on many clients is slowed and the owner only waits seconds;
--   sign_up (client): new accounts per hour.
-- Rows past their window are deleted by the housekeeping task.
drop table sign_in_failure;
create table sign_in_throttle (
    scope        text not null check (scope in ('pair', 'client', 'account', 'sign_up')),
    email        text not null default '',
    client       text not null default '',
    window_start timestamptz not null default now(),
    attempts     integer not null check (attempts > 0),
    -- account scope: the earliest next attempt, and whether the latest got through
    next_at      timestamptz,
    granted      boolean not null default true,
    primary key (scope, email, client)
);
create index sign_in_throttle_window_idx on sign_in_throttle (window_start);

-- ---------- the audit log keeps ids and field names, never values ----------
-- Earlier entries held snapshots (a contact's phone number among them): each
-- becomes {"fields": [names], "ids": {name: id}}.
create function pg_temp.audit_summary(before jsonb, after jsonb) returns jsonb
language sql immutable as $$
    with merged as (
        select key, value
        from jsonb_each(case when jsonb_typeof(before) = 'object' then before else '{}' end)
        union all
        select key, value
        from jsonb_each(case when jsonb_typeof(after) = 'object' then after else '{}' end)
    ),
    names as (
        select key as name from merged where key <> 'changes'
        union
        select c ->> 'field'
        from merged, jsonb_array_elements(case when jsonb_typeof(value) = 'array' then value else '[]' end) c
        where key = 'changes' and jsonb_typeof(c) = 'object' and c ? 'field'
    )
    select jsonb_build_object(
        'fields', coalesce((select jsonb_agg(distinct name order by name) from names where name is not null), '[]'),
        'ids', coalesce((select jsonb_object_agg(key, value) from merged
                         where jsonb_typeof(value) = 'number'
                           and (key = 'id' or key like '%\_id' or key = 'supplier')), '{}'))
$$;

update audit_log
set after = pg_temp.audit_summary(before, after), before = null
where before is not null or after is not null;
