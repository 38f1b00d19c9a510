-- When the submitter of an unsent draft was told that it will be removed (store.ApplyRetention);
-- a change to the draft clears it.

-- +goose Up
ALTER TABLE submissions ADD COLUMN expiry_warned_at timestamptz;
CREATE INDEX submissions_drafts_idx ON submissions (updated_at) WHERE status = 'draft';

-- +goose Down
DROP INDEX submissions_drafts_idx;
ALTER TABLE submissions DROP COLUMN expiry_warned_at;
