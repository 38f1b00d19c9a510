-- A submission's private links. The first is submissions.token_hash; every later one (the
-- link in an editor's question mail) is added here, so that a link the submitter bookmarked
-- keeps working for the life of the submission. Only hashes of the links are kept.

-- +goose Up
CREATE TABLE submission_links (
    token_hash    bytea PRIMARY KEY,
    submission_id bigint NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submission_links_submission ON submission_links (submission_id);

-- +goose Down
DROP TABLE submission_links;
