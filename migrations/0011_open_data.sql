-- Open data: when the published catalogue last changed, for the files' ETag and
-- Last-Modified, and no account's name inside a published claim.

-- ---------- the catalogue's last change ----------

-- One row. `version` goes up by one for every statement that writes to a table
-- whose rows are published (the catalogue's content and its reference lists);
-- `changed_at` is when. Statement-level triggers keep it true for every writer:
-- the importer, curator actions and any later editing, with nothing to remember.
create table catalogue_change (
    singleton  boolean primary key default true check (singleton),
    version    bigint not null default 1,
    changed_at timestamptz not null default now()
);
insert into catalogue_change default values;

create function note_catalogue_change() returns trigger language plpgsql as $$
begin
    update catalogue_change set version = version + 1, changed_at = clock_timestamp();
    return null;
end
$$;

do $$
declare
    published text;
begin
    foreach published in array array[
        'region', 'icb', 'care_setting', 'technology_type', 'specialty', 'specialty_group',
        'deployment_stage', 'regulatory_essential', 'supplier', 'technology',
        'technology_care_setting', 'technology_specialty_group', 'benefit', 'cost_item',
        'saving', 'funding_route', 'regulatory_record', 'regulatory_evidence', 'nice_guidance',
        'workforce_requirement', 'infrastructure_requirement', 'evidence_item', 'deployment',
        'pilot_result', 'search_record']
    loop
        execute format(
            'create trigger %I after insert or update or delete or truncate on %I
             for each statement execute function note_catalogue_change()',
            published || '_changes_catalogue', published);
    end loop;
end
$$;

-- ---------- no account names in published claims ----------

-- A deployment published from a member's submission used to name the approving
-- curator in its source. Accounts are personal data and never published; who
-- approved stays in the audit log.
update deployment
set source = regexp_replace(source, '; verified by curator .* on ', '; verified by a catalogue curator on ')
where edited_in_app and source like 'Submitted by a member (submission %); verified by curator %';
