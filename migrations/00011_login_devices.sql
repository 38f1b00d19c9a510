-- Sign-in throttling that a stranger cannot turn against an account's owner (the device
-- cookie pattern): a browser that signed in to an account successfully gets a device cookie,
-- of which only the hash is kept here, and from then on its failed sign-ins to that account
-- count against the device only, not against the account's or the client address's limits.
-- Every attempt is recorded before the password is checked (and removed again when it
-- succeeds), so concurrent guesses count each other.

-- +goose Up
CREATE TABLE login_devices (
    token_hash bytea PRIMARY KEY,
    email      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX login_devices_expires_idx ON login_devices (expires_at);

ALTER TABLE login_failures ADD COLUMN device bytea;
CREATE INDEX login_failures_device_idx ON login_failures (device, at) WHERE device IS NOT NULL;

-- +goose Down
DROP INDEX login_failures_device_idx;
ALTER TABLE login_failures DROP COLUMN device;
DROP TABLE login_devices;
