-- Password reset by mail for editors and admins. A reset link carries a token of which only
-- the hash is kept; it works once, for an hour. Every request is recorded, whether the address
-- has an account or not, so that requests are limited per address and per client without
-- telling which addresses have an account.

-- +goose Up
CREATE TABLE password_resets (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

CREATE TABLE password_reset_requests (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client text NOT NULL,
    email  text NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_reset_requests_client_idx ON password_reset_requests (client, at);
CREATE INDEX password_reset_requests_email_idx ON password_reset_requests (lower(email), at);

-- +goose Down
DROP TABLE password_reset_requests, password_resets;
