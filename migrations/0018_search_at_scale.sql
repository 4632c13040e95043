-- Search at scale (issue 23).
--
-- The catalogue version: every rebuild of the search views bumps it in its own
-- transaction (db::search::refresh), and every search reads it first, so the
-- catalogue-wide parts a server keeps between writes (the facet index and the
-- option lists) are never older than the last committed change, on any replica.
create table catalogue_version (
    only_row boolean primary key default true check (only_row),
    version bigint not null default 1
);
insert into catalogue_version default values;

-- The facet counts are now taken from the facet index in the server, which
-- reads the unfiltered totals as it builds: the totals view has no reader.
drop materialized view catalogue_facet_total;

-- Typo tolerance: every word of the listed technologies' searchable text (as
-- typed, lower case, letters and digits only), with a trigram index to find
-- the nearest spelling of a word the catalogue does not contain. pg_trgm ships
-- with Postgres (contrib) and is a trusted extension.
create extension if not exists pg_trgm;

create materialized view catalogue_word as
select distinct w.word collate "C" as word
from (
    select concat_ws(' ', t.name, t.supplier, t.clinical_area, t.summary) as text
    from technology t
    where is_listed(t.catalogue_status)
    union all
    select concat_ws(' ', g.guidance_ref, g.title)
    from nice_guidance g
    join technology t on t.id = g.technology_id
    where g.withdrawn_on is null and is_listed(t.catalogue_status)
) s
cross join lateral regexp_split_to_table(lower(s.text), '[^a-z0-9]+') as w(word)
where length(w.word) between 2 and 60;

create unique index catalogue_word_pk on catalogue_word (word);
create index catalogue_word_trgm_idx on catalogue_word using gin (word gin_trgm_ops);
