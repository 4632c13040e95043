-- What members and suppliers know, through review (issue 20).
--
-- A member suggests a correction to a claim (or fills an empty block): what
-- is wrong, the proposed text and a source. A supplier account proposes
-- evidence for its own supplier's technologies, field by field as a curator
-- would enter it. Both wait for a curator, who applies one through the normal
-- editor (a revision credited to them) or rejects it with a reason the author
-- sees. Nobody reviews their own.

-- A supplier account speaks for one supplier row; no other account does.
alter table account drop constraint account_role_check;
alter table account
    add constraint account_role_check
        check (role in ('member', 'curator', 'admin', 'supplier')),
    add column supplier_id bigint references supplier (id),
    add constraint account_supplier_check check ((role = 'supplier') = (supplier_id is not null));

create table suggestion (
    id            bigint generated always as identity primary key,
    -- 'correction' (a member) or 'evidence' (a supplier)
    kind          text not null check (kind in ('correction', 'evidence')),
    technology_id bigint not null references technology (id) on delete cascade,
    -- the claim view's block id ('cost', 'it', ...)
    block         text not null check (block ~ '^[a-z][a-z_]*$'),
    -- the claim corrected; null for an empty block or new evidence
    record_id     bigint,
    -- corrections: what is wrong
    what_is_wrong text check (btrim(what_is_wrong) <> '' and length(what_is_wrong) <= 2000),
    -- corrections: the proposed text; evidence: a summary line
    proposed      text not null check (btrim(proposed) <> '' and length(proposed) <= 4000),
    -- evidence: the block's fields as the supplier typed them ({"field": "text"})
    fields        jsonb not null default '{}' check (jsonb_typeof(fields) = 'object'),
    source        text not null check (btrim(source) <> '' and length(source) <= 500),
    -- erasing the account erases what it suggested
    suggested_by  bigint not null references account (id) on delete cascade,
    suggested_at  timestamptz not null default now(),
    state         text not null default 'pending' check (state in ('pending', 'accepted', 'rejected')),
    reject_reason text check (btrim(reject_reason) <> '' and length(reject_reason) <= 1000),
    reviewed_by   bigint references account (id) on delete set null,
    reviewed_at   timestamptz,
    -- the revision that applied it
    revision_id   bigint references revision (id) on delete set null,
    check ((state = 'rejected') = (reject_reason is not null)),
    check ((state = 'pending') = (reviewed_at is null)),
    check (reviewed_by is null or reviewed_by <> suggested_by),
    check (kind = 'evidence' or what_is_wrong is not null)
);
create index suggestion_state_idx on suggestion (state, suggested_at);
create index suggestion_author_idx on suggestion (suggested_by, suggested_at desc);
create index suggestion_technology_idx on suggestion (technology_id);
