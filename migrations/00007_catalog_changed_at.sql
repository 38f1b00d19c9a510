-- +goose Up
-- When the catalogue version last moved: the Last-Modified of the open data and the change
-- date of the feeds. A trigger keeps it, so every writer that bumps the version sets it.
ALTER TABLE catalog_version ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();

-- +goose StatementBegin
CREATE FUNCTION catalog_version_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_at := now();
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER catalog_version_touch BEFORE UPDATE ON catalog_version
    FOR EACH ROW EXECUTE FUNCTION catalog_version_touch();

-- +goose Down
DROP TRIGGER catalog_version_touch ON catalog_version;
DROP FUNCTION catalog_version_touch();
ALTER TABLE catalog_version DROP COLUMN changed_at;
