-- Why a reader proposes a change: shown to the editors and, once approved, as the note of the
-- sheet's new revision in its public history.

-- +goose Up
ALTER TABLE submissions ADD COLUMN change_reason text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE submissions DROP COLUMN change_reason;
