-- +goose Up
-- Messages sent through the contact form (/contact): questions, accessibility problems,
-- requests to see or remove personal data. They wait in the editors' queue until an editor
-- marks them handled. Name and address are optional; they are never published.
CREATE TABLE feedback (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic      text NOT NULL CHECK (topic IN ('vraag', 'toegankelijkheid', 'privacy', 'fout')),
    message    text NOT NULL,
    page       text NOT NULL DEFAULT '',
    name       text NOT NULL DEFAULT '',
    email      text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    handled_by bigint REFERENCES users (id),
    handled_at timestamptz
);
CREATE INDEX feedback_open_idx ON feedback (created_at) WHERE handled_at IS NULL;

-- +goose Down
DROP TABLE feedback;
