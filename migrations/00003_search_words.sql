-- +goose Up
-- Infix matching ("opvang" finds "kinderopvang") now expands each query word through the
-- catalogue's word list and searches the full-text index, instead of a LIKE over every
-- sheet's whole text. The folded full text and its trigram index go; each search row keeps
-- the distinct words of its sheet (unstemmed, unaccented, without positions) to feed the list.
DROP INDEX sheet_search_folded_idx;
ALTER TABLE sheet_search DROP COLUMN folded;
ALTER TABLE sheet_search ADD COLUMN words tsvector NOT NULL DEFAULT ''::tsvector;

-- +goose Down
ALTER TABLE sheet_search DROP COLUMN words;
ALTER TABLE sheet_search ADD COLUMN folded text NOT NULL DEFAULT '';
CREATE INDEX sheet_search_folded_idx ON sheet_search USING gin (folded gin_trgm_ops);
