-- +goose Up
-- A sheet's goals and target groups are its own sentences, kept word for word; the facets
-- "doel" and "doelgroep" filter on short curated terms instead (the embedded starting
-- vocabulary, then curated by editors). Today's sentence-terms become the sentences of the
-- sheets that carried them, so no word is lost; the sheets are tagged again by the
-- application once the vocabulary is loaded (sheets_to_tag).
CREATE TABLE sheet_sentences (
    sheet_id bigint NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
    facet    text NOT NULL CHECK (facet IN ('doel', 'doelgroep')),
    position integer NOT NULL,
    text     text NOT NULL,
    PRIMARY KEY (sheet_id, facet, position)
);

-- Keywords hint which sentences belong to a term: a sentence that contains one (on Dutch stems,
-- accents and case ignored) is tagged with the term.
ALTER TABLE terms ADD COLUMN keywords text[] NOT NULL DEFAULT '{}';

-- Reference data loaded once by name (the starting vocabularies): after that it is the
-- editors' to curate and a restart does not bring back what they changed.
CREATE TABLE reference_data (
    name      text PRIMARY KEY,
    loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sheets_to_tag (
    sheet_id bigint PRIMARY KEY REFERENCES sheets (id) ON DELETE CASCADE
);

INSERT INTO sheet_sentences (sheet_id, facet, position, text)
SELECT st.sheet_id, t.facet,
       row_number() OVER (PARTITION BY st.sheet_id, t.facet ORDER BY st.position) - 1, t.label
FROM sheet_terms st JOIN terms t ON t.id = st.term_id
WHERE t.facet IN ('doel', 'doelgroep');

INSERT INTO sheets_to_tag (sheet_id) SELECT DISTINCT sheet_id FROM sheet_sentences;

DELETE FROM sheet_terms st USING terms t WHERE t.id = st.term_id AND t.facet IN ('doel', 'doelgroep');
UPDATE sheet_search SET doel = '{}', doelgroep = '{}';
UPDATE terms SET merged_into = NULL WHERE facet IN ('doel', 'doelgroep');
DELETE FROM terms WHERE facet IN ('doel', 'doelgroep');
UPDATE catalog_version SET version = version + 1;

-- +goose Down
INSERT INTO terms (facet, slug, label)
SELECT DISTINCT ON (facet, lower(text)) facet, 'zin-' || md5(facet || lower(text)), text
FROM sheet_sentences
ON CONFLICT (facet, slug) DO NOTHING;
DELETE FROM sheet_terms st USING terms t
WHERE t.id = st.term_id AND t.facet IN ('doel', 'doelgroep') AND NOT t.slug LIKE 'zin-%';
INSERT INTO sheet_terms (sheet_id, term_id, position)
SELECT s.sheet_id, t.id, 1000 + s.position
FROM sheet_sentences s JOIN terms t ON t.facet = s.facet AND t.slug = 'zin-' || md5(s.facet || lower(s.text))
ON CONFLICT DO NOTHING;
DROP TABLE sheets_to_tag, reference_data, sheet_sentences;
ALTER TABLE terms DROP COLUMN keywords;
