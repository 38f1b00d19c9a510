-- A mail that was only written to the log (no SMTP server configured) is not sent: the outbox
-- says so, so that the admins' list does not call it "Verzonden". Mails logged before carry
-- the worker's note.

-- +goose Up
ALTER TABLE outbox ADD COLUMN logged_only boolean NOT NULL DEFAULT false;
UPDATE outbox SET logged_only = true, last_error = ''
WHERE sent_at IS NOT NULL AND last_error LIKE 'Niet echt verzonden:%';

-- +goose Down
UPDATE outbox SET last_error = 'Niet echt verzonden: er is geen SMTP-server ingesteld, de mail staat enkel in het logboek.'
WHERE logged_only;
ALTER TABLE outbox DROP COLUMN logged_only;
