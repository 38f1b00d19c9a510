-- The key of the form whose POST last wrote a submission (a hash of the hidden random field
-- each rendered form carries) and the answer that POST got: a retried POST of the same form
-- (after a timeout or a double click) gets that answer again instead of writing twice.

-- +goose Up
ALTER TABLE submissions
    ADD COLUMN form_key bytea,
    ADD COLUMN form_result text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE submissions DROP COLUMN form_key, DROP COLUMN form_result;
