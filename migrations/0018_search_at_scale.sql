-- Search at scale (issue 23).
--
-- The server keeps the search's catalogue-wide parts (the facet index and the
-- option lists) between writes, keyed by `catalogue_change.version`, which
-- statement-level triggers bump on every published table (migration 0011) in
-- the writer's own transaction; every search reads it first.

-- The facet counts are now taken from the facet index in the server, which
-- reads the unfiltered totals as it builds: the totals view has no reader.
drop materialized view catalogue_facet_total;

-- Words joined by a slash are words: Postgres's parser reads "CT/MRI" as one
-- file-path token, so a search for the abbreviation "CT" (a whole word, never
-- a prefix) would miss it. The document is rebuilt from text with slashes and
-- backslashes as spaces; otherwise as in migration 0013.
create function search_text(text) returns text
    language sql immutable parallel safe
    return translate($1, '/\', '  ');

drop materialized view catalogue_entry;

create materialized view catalogue_entry as
with claim_stats as (
    select technology_id,
           count(*) filter (where verified)::real / greatest(count(*), 1) as verified_share,
           max(verified_on) as last_verified,
           min(recheck_by) as next_recheck,
           bool_or(verified) as any_verified
    from claim group by technology_id
), adoption as (
    select d.technology_id,
           count(*)::integer as deployments,
           coalesce(array_agg(distinct i.region_ods_code) filter (where i.region_ods_code is not null), '{}') as regions,
           coalesce(array_agg(distinct d.icb_ods_code) filter (where d.icb_ods_code is not null), '{}') as icbs
    from deployment d
    left join icb i on i.ods_code = d.icb_ods_code
    where d.kind = 'nhs_deployment' and d.withdrawn_on is null
    group by d.technology_id
), guidance as (
    select technology_id,
           array_agg(distinct guidance_type) as nice,
           case
               when bool_or(guidance_type in ('MTG', 'DG', 'TA', 'HTG')
                            and recommendation is not null
                            and recommendation !~* '(insufficient evidence|not recommended|wording not seen|while (more |further )?evidence is generated)')
                   then 'routine'
               when bool_or(guidance_type = 'HTE'
                            or (guidance_type in ('MTG', 'DG', 'TA', 'HTG')
                                and recommendation ~* 'while (more |further )?evidence is generated'))
                   then 'early'
               when bool_or(guidance_type = 'MIB') then 'briefing'
               when bool_or(guidance_type in ('MTG', 'DG', 'TA', 'HTG', 'IPG')
                            and (recommendation is null or recommendation ~* 'wording not seen'))
                   then 'unclear'
               else 'none'
           end as evidence,
           string_agg(concat_ws(' ', guidance_ref, title), ' ') as text
    from nice_guidance where withdrawn_on is null group by technology_id
)
select
    t.id as technology_id,
    t.slug,
    lower(t.name) as name_key,
    t.technology_type_id as type_id,
    coalesce((select array_agg(x.care_setting_id order by x.care_setting_id)
              from technology_care_setting x where x.technology_id = t.id), '{}') as settings,
    coalesce((select array_agg(x.specialty_group_id order by x.specialty_group_id)
              from technology_specialty_group x where x.technology_id = t.id), '{}') as specialties,
    case when t.ai_enabled then 'yes' else 'no' end as ai,
    coalesce(g.nice, '{}') as nice,
    coalesce((select array_agg(r.essential_id order by r.essential_id)
              from regulatory_standing r where r.technology_id = t.id and r.standing = 'met'), '{}') as reg,
    coalesce(a.deployments, 0) as deployments,
    case when coalesce(a.deployments, 0) > 0 then 'yes' else 'no' end as deployed,
    coalesce(a.regions, '{}') as regions,
    coalesce(a.icbs, '{}') as icbs,
    coalesce(g.evidence, 'none') as evidence,
    coalesce(c.verified_share, 0) as verified_share,
    case
        when coalesce(c.verified_share, 0) >= 0.8 then 'high'
        when coalesce(c.verified_share, 0) >= 0.5 then 'medium'
        else 'low'
    end as verification,
    c.last_verified,
    -- What a result card shows, so a page of results reads rows by key
    -- instead of aggregating claims per request (db::technologies::list_by_ids).
    coalesce((select array_agg(cs.label order by cs.label)
              from technology_care_setting x join care_setting cs on cs.id = x.care_setting_id
              where x.technology_id = t.id), '{}') as care_setting_labels,
    coalesce((select array_agg(cs.id order by cs.label)
              from technology_care_setting x join care_setting cs on cs.id = x.care_setting_id
              where x.technology_id = t.id), '{}') as care_setting_ids_by_label,
    c.next_recheck,
    coalesce(c.any_verified, false) as any_verified,
    exists (select 1 from benefit x where x.technology_id = t.id and x.withdrawn_on is null) as has_benefits,
    exists (select 1 from cost_item x where x.technology_id = t.id and x.withdrawn_on is null) as has_costs,
    (exists (select 1 from regulatory_record x
             where x.technology_id = t.id and x.status <> 'not_documented' and x.withdrawn_on is null)
     or exists (select 1 from regulatory_evidence x where x.technology_id = t.id and x.withdrawn_on is null)) as has_regulatory,
    exists (select 1 from workforce_requirement x where x.technology_id = t.id and x.withdrawn_on is null) as has_workforce,
    exists (select 1 from infrastructure_requirement x
            where x.technology_id = t.id and x.kind = 'it' and x.withdrawn_on is null) as has_it,
    exists (select 1 from infrastructure_requirement x
            where x.technology_id = t.id and x.kind = 'estates' and x.withdrawn_on is null) as has_estates,
    exists (select 1 from pilot_result x where x.technology_id = t.id and x.withdrawn_on is null) as has_pilots,
    setweight(to_tsvector('english', search_text(t.name)), 'A')
        || setweight(to_tsvector('english', search_text(coalesce(t.supplier, ''))), 'B')
        || setweight(to_tsvector('english', search_text(concat_ws(' ', t.clinical_area, t.summary, g.text))), 'C')
        as document
from technology t
left join adoption a on a.technology_id = t.id
left join guidance g on g.technology_id = t.id
left join claim_stats c on c.technology_id = t.id
where is_listed(t.catalogue_status);

create unique index catalogue_entry_pk on catalogue_entry (technology_id);
create index catalogue_entry_document_idx on catalogue_entry using gin (document);
create index catalogue_entry_name_idx on catalogue_entry (name_key, slug);
create index catalogue_entry_type_idx on catalogue_entry (type_id);
create index catalogue_entry_settings_idx on catalogue_entry using gin (settings);
create index catalogue_entry_specialties_idx on catalogue_entry using gin (specialties);
create index catalogue_entry_regions_idx on catalogue_entry using gin (regions);
create index catalogue_entry_icbs_idx on catalogue_entry using gin (icbs);


-- Typo tolerance: every word of the listed technologies' searchable text (as
-- typed, lower case, letters and digits only), with a trigram index to find
-- the nearest spelling of a word the catalogue does not contain. pg_trgm ships
-- with Postgres (contrib) and is a trusted extension.
create extension if not exists pg_trgm;

create materialized view catalogue_word as
select distinct w.word
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
-- "Does any catalogue word start with this?" as a range in byte order.
create index catalogue_word_prefix_idx on catalogue_word (word collate "C");
-- (A trigram index on a column with a non-default collation is never chosen,
-- so the column keeps the default one.)
create index catalogue_word_trgm_idx on catalogue_word using gin (word gin_trgm_ops);

-- The text match. Prefix queries make the planner over-cost the GIN index
-- (it counts every lexeme a prefix may expand to) and read the whole view
-- instead, which grows with the catalogue: inside this function sequential
-- scans are off, so the index is used. A query of stop words only matches
-- every row, as no text would.
create function catalogue_text_match(query text, ranked boolean)
    returns table (technology_id bigint, rank real)
    language sql stable
    set enable_seqscan = off
as $$
    select e.technology_id,
           (case when ranked then ts_rank(e.document, to_tsquery('english', query)) else 0 end)::real
    from catalogue_entry e
    where e.document @@ to_tsquery('english', query)
    union all
    select e.technology_id, 0::real
    from catalogue_entry e
    where numnode(to_tsquery('english', query)) = 0
$$;
