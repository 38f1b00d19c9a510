-- +goose Up
-- What visitors search, for the editors (/beheer/zoeken): per day and query, how often it was
-- searched and how many results the day's last search without filters gave (-1 when every
-- search of that day had filters). Nothing here identifies a person: no address, session or
-- time of day. Rows older than 30 days are deleted by the application.
CREATE TABLE search_counts (
    day      date NOT NULL,
    query    text NOT NULL,
    searches integer NOT NULL CHECK (searches > 0),
    results  integer NOT NULL,
    PRIMARY KEY (day, query)
);

-- +goose Down
DROP TABLE search_counts;
