-- Photos an editor uploaded in the edit form of a sheet that was shown again with an error:
-- kept under a token in the form (only its hash here), so that the editor need not choose the
-- file again. Tied to the editor and to the sheet; dropped once used, or after a day.

-- +goose Up
CREATE TABLE pending_photos (
    token_hash   bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sheet_id     bigint NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
    file         text NOT NULL,
    content_type text NOT NULL,
    data         bytea NOT NULL,
    thumb        bytea NOT NULL,
    width        integer NOT NULL,
    height       integer NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_photos_created ON pending_photos (created_at);

-- +goose Down
DROP TABLE pending_photos;
