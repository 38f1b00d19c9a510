-- +goose Up
-- Every search reads (and rechecks) the tsvector of each matching sheet; lz4 decompresses
-- several times faster than the default pglz. Measured on 10,000 generated sheets: a
-- word found in a third of them went from about 40 ms to about 5 ms for the match alone.
ALTER TABLE sheet_search ALTER COLUMN doc SET COMPRESSION lz4;
ALTER TABLE sheet_search ALTER COLUMN words SET COMPRESSION lz4;
ALTER TABLE sheet_search ALTER COLUMN body SET COMPRESSION lz4;

-- +goose Down
ALTER TABLE sheet_search ALTER COLUMN doc SET COMPRESSION default;
ALTER TABLE sheet_search ALTER COLUMN words SET COMPRESSION default;
ALTER TABLE sheet_search ALTER COLUMN body SET COMPRESSION default;
