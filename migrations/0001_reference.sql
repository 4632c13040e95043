-- Reference data: NHS England regions, the 42 ICBs of 2023-26, and the catalogue's
-- taxonomies. Keys are the identifiers the reference files use, so URLs, JSON and
-- the database all name things the same way.

create table region (
    ods_code text primary key check (ods_code ~ '^Y[0-9]{2}$'),
    ons_code text not null unique check (ons_code ~ '^E[0-9]{8}$'),
    name     text not null unique check (btrim(name) <> ''),
    source   text not null check (btrim(source) <> '')
);

create table icb (
    ods_code        text primary key check (ods_code ~ '^Q[A-Z0-9]{2}$'),
    name            text not null unique check (btrim(name) <> ''),
    region_ods_code text not null references region (ods_code),
    source          text not null check (btrim(source) <> '')
);
create index icb_region_idx on icb (region_ods_code);

create table care_setting (
    id       text primary key check (id ~ '^[a-z][a-z0-9_]*$'),
    label    text not null check (btrim(label) <> ''),
    -- false: a catalogue-defined setting, not taken from the cited NHS source
    verified boolean not null,
    source   text not null check (btrim(source) <> '')
);

create table technology_type (
    id       text primary key check (id ~ '^[a-z][a-z0-9_]*$'),
    label    text not null check (btrim(label) <> ''),
    verified boolean not null,
    source   text not null check (btrim(source) <> '')
);
