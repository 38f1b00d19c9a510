-- Whether the last mail to a submitter (the confirmation of a sent submission or the link of a
-- saved draft) was withheld because the address had its number of such mails of the day
-- (store.MaxUnconfirmedMailsPerDay): the private page then says that no mail went out.

-- +goose Up
ALTER TABLE submissions ADD COLUMN mail_withheld boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE submissions DROP COLUMN mail_withheld;
