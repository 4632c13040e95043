-- Issue 9: a member may keep their organisation's details (the `ctx` value of
-- the readiness check, e.g. `v1.cloud-uk.int-fhir.team-3`) on their account.
-- The app writes only canonical values it has parsed; the check keeps out
-- anything that could not be one.
alter table account
    add column org_context text
        check (org_context is null or (length(org_context) between 3 and 400 and org_context ~ '^v1(\.[a-z0-9_+-]+)*$'));
