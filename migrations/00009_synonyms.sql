-- +goose Up
-- Synonyms: groups of words or phrases that mean the same to a visitor ("OCMW" and "sociaal
-- huis"). A search for one member of a group also finds the sheets that use another. Editors
-- curate the groups under /beheer/zoeken; these are the first ones, from the seed documents.
CREATE TABLE synonyms (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    words      text[] NOT NULL CHECK (cardinality(words) >= 2),
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO synonyms (words) VALUES
    ('{OCMW,sociaal huis}'),
    ('{inburgeraar,nieuwkomer}'),
    ('{Huis van het Kind,HvhK}'),
    ('{vrijetijdscoach,vrijetijdsbegeleider}'),
    ('{kinderopvang,crèche,kinderdagverblijf}');

-- The search index holds the synonyms of its catalogue version.
UPDATE catalog_version SET version = version + 1;

-- +goose Down
DROP TABLE synonyms;
