-- The first slice of the technology table: identity, supplier, type and summary,
-- each text claim with its verified flag and the note the reference data gives
-- when a value is missing or qualified. The full claim model follows later.

create table technology (
    id                 bigint generated always as identity primary key,
    slug               text not null unique
                       check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
    name               text not null check (btrim(name) <> ''),
    supplier           text check (supplier is null or btrim(supplier) <> ''),
    supplier_verified  boolean not null default false,
    supplier_note      text,
    technology_type_id text not null references technology_type (id),
    summary            text check (summary is null or btrim(summary) <> ''),
    summary_verified   boolean not null default false,
    summary_note       text,
    sources            text[] not null default '{}',
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    -- a value nobody documented cannot have been verified
    check (supplier is not null or not supplier_verified),
    check (summary is not null or not summary_verified)
);
create index technology_type_idx on technology (technology_type_id);
create index technology_name_idx on technology (lower(name), slug);
