-- Mails to one address in the last day, counted for the limit on mails to addresses nobody
-- confirmed (store.MaxUnconfirmedMailsPerDay).

-- +goose Up
CREATE INDEX outbox_recipient_idx ON outbox (lower(to_addr), created_at);

-- +goose Down
DROP INDEX outbox_recipient_idx;
