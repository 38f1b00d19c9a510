-- +goose Up
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Dutch full-text search that ignores accents: geïntegreerd ~ geintegreerd, kleuters ~ kleuter.
CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = dutch);
ALTER TEXT SEARCH CONFIGURATION dutch_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;

-- norm lowercases and strips accents; the immutable form is safe in indexes and generated columns.
-- +goose StatementBegin
CREATE FUNCTION norm(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, t));
-- +goose StatementEnd

-- The five controlled vocabularies. A merged term (a 2025 municipality merger or an editor's
-- merge) keeps its slug so old URLs lead to the term it was merged into.
CREATE TABLE terms (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    facet       text NOT NULL CHECK (facet IN ('categorie', 'doel', 'doelgroep', 'gemeente', 'beleidsdomein')),
    slug        text NOT NULL,
    label       text NOT NULL,
    merged_into bigint REFERENCES terms (id),
    nis_code    text UNIQUE,
    province    text NOT NULL DEFAULT '',
    aliases     text[] NOT NULL DEFAULT '{}',
    proposed    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (facet, slug)
);
CREATE INDEX terms_label_idx ON terms (facet, norm(label));

CREATE TABLE sheets (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug            text NOT NULL UNIQUE,
    title           text NOT NULL,
    intro           text NOT NULL DEFAULT '',
    description     text NOT NULL DEFAULT '',
    success_factors text NOT NULL DEFAULT '',
    challenges      text NOT NULL DEFAULT '',
    partners        text NOT NULL DEFAULT '',
    contact         text NOT NULL DEFAULT '',
    status          text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'unpublished', 'archived')),
    revision        integer NOT NULL DEFAULT 1,
    source          text UNIQUE,
    needs_review    boolean NOT NULL DEFAULT false,
    review_notes    text[] NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz
);

-- Former slugs of renamed sheets redirect to the sheet.
CREATE TABLE sheet_slugs (
    slug     text PRIMARY KEY,
    sheet_id bigint NOT NULL REFERENCES sheets (id) ON DELETE CASCADE
);

CREATE TABLE sheet_images (
    sheet_id     bigint PRIMARY KEY REFERENCES sheets (id) ON DELETE CASCADE,
    file         text NOT NULL,
    alt          text NOT NULL DEFAULT '',
    credit       text NOT NULL DEFAULT '',
    consent      boolean NOT NULL DEFAULT false,
    content_type text NOT NULL DEFAULT '',
    data         bytea,
    thumb        bytea
);

CREATE TABLE sheet_terms (
    sheet_id bigint NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
    term_id  bigint NOT NULL REFERENCES terms (id),
    position integer NOT NULL,
    PRIMARY KEY (sheet_id, term_id)
);
CREATE INDEX sheet_terms_term_idx ON sheet_terms (term_id);

CREATE TABLE variants (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sheet_id bigint NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
    position integer NOT NULL,
    body     text NOT NULL DEFAULT '',
    contact  text NOT NULL DEFAULT '',
    email    text NOT NULL DEFAULT '',
    UNIQUE (sheet_id, position)
);

CREATE TABLE variant_places (
    variant_id bigint NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    name       text NOT NULL,
    term_id    bigint REFERENCES terms (id),
    PRIMARY KEY (variant_id, position)
);
CREATE INDEX variant_places_term_idx ON variant_places (term_id);

CREATE TABLE variant_links (
    variant_id bigint NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    label      text NOT NULL,
    url        text NOT NULL DEFAULT '',
    PRIMARY KEY (variant_id, position)
);

CREATE TABLE resources (
    sheet_id  bigint NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
    position  integer NOT NULL,
    title     text NOT NULL,
    by_whom   text NOT NULL DEFAULT '',
    for_whom  text NOT NULL DEFAULT '',
    content   text NOT NULL DEFAULT '',
    more_info text NOT NULL DEFAULT '',
    PRIMARY KEY (sheet_id, position)
);

CREATE TABLE sections (
    sheet_id bigint NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
    position integer NOT NULL,
    heading  text NOT NULL,
    body     text NOT NULL DEFAULT '',
    PRIMARY KEY (sheet_id, position)
);

-- Every published change is a revision: an immutable snapshot of the whole sheet.
CREATE TABLE sheet_revisions (
    sheet_id   bigint NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
    revision   integer NOT NULL,
    snapshot   jsonb NOT NULL,
    author     text NOT NULL DEFAULT '',
    note       text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sheet_id, revision)
);

-- The narrow search table: one row per sheet, rebuilt whenever a sheet is written. Facet term
-- ids are held as arrays so one statement computes a result page and all disjunctive counts.
CREATE TABLE sheet_search (
    sheet_id     bigint PRIMARY KEY REFERENCES sheets (id) ON DELETE CASCADE,
    published    boolean NOT NULL,
    title        text NOT NULL,
    title_folded text NOT NULL,
    published_at timestamptz,
    doc          tsvector NOT NULL,
    folded       text NOT NULL,
    body         text NOT NULL,
    categorie     bigint[] NOT NULL DEFAULT '{}',
    doel          bigint[] NOT NULL DEFAULT '{}',
    doelgroep     bigint[] NOT NULL DEFAULT '{}',
    gemeente      bigint[] NOT NULL DEFAULT '{}',
    beleidsdomein bigint[] NOT NULL DEFAULT '{}'
);
CREATE INDEX sheet_search_doc_idx ON sheet_search USING gin (doc);
CREATE INDEX sheet_search_folded_idx ON sheet_search USING gin (folded gin_trgm_ops);
CREATE INDEX sheet_search_title_idx ON sheet_search (title_folded) WHERE published;
CREATE INDEX sheet_search_newest_idx ON sheet_search (published_at DESC) WHERE published;

-- Words of the published catalogue, for "bedoelde je" suggestions.
CREATE TABLE search_words (
    word  text PRIMARY KEY,
    ndocs integer NOT NULL
);
CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);

-- Catalogue changes bump this version; app instances LISTEN on 'catalog_changed' and drop
-- cached pages.
CREATE TABLE catalog_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL
);
INSERT INTO catalog_version VALUES (true, 1);

-- +goose Down
DROP TABLE catalog_version, search_words, sheet_search, sheet_revisions, sections, resources,
    variant_links, variant_places, variants, sheet_terms, sheet_images, sheet_slugs, sheets, terms;
DROP FUNCTION norm(text);
DROP TEXT SEARCH CONFIGURATION dutch_unaccent;
