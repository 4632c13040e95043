-- What the last import loaded: a content hash of the reference files, so the run
-- command can re-import when the project's copy of the data has changed (a
-- re-import leaves rows edited in the app alone) and skip it otherwise.
create table reference_import (
    id            integer primary key default 1 check (id = 1),
    files_sha256  text not null check (files_sha256 ~ '^[0-9a-f]{64}$'),
    imported_at   timestamptz not null default now()
);
