-- The search rows written, by transaction, so that a process's search index reads only the
-- sheets changed since its last snapshot (internal/store/searchindex.go). Rows older than a
-- day are deleted when the catalogue version moves; an index older than half a day is built
-- afresh.

-- +goose Up
CREATE TABLE search_changes (
    xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
    sheet_id bigint NOT NULL,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_changes_xid_idx ON search_changes (xid);
CREATE INDEX search_changes_at_idx ON search_changes (at);

-- +goose StatementBegin
CREATE FUNCTION note_search_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO search_changes (sheet_id) SELECT sheet_id FROM old_rows;
    ELSE
        INSERT INTO search_changes (sheet_id) SELECT sheet_id FROM new_rows;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER sheet_search_inserted AFTER INSERT ON sheet_search
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION note_search_changes();
CREATE TRIGGER sheet_search_updated AFTER UPDATE ON sheet_search
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION note_search_changes();
CREATE TRIGGER sheet_search_deleted AFTER DELETE ON sheet_search
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION note_search_changes();

-- +goose Down
DROP TRIGGER sheet_search_deleted ON sheet_search;
DROP TRIGGER sheet_search_updated ON sheet_search;
DROP TRIGGER sheet_search_inserted ON sheet_search;
DROP FUNCTION note_search_changes();
DROP TABLE search_changes;
