-- The text match runs in memory, on the lexemes of catalogue_entry.document
-- held with the facet index (app/src/db/search/lexicon.rs): the ranked match
-- in SQL cost 60–80 ms at 100,000 technologies. The function and the
-- document's GIN index have no reader left, and the index only slowed the
-- view's refresh.
drop function catalogue_text_match(text, boolean);
drop index catalogue_entry_document_idx;
