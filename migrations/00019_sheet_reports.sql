-- "Meld een probleem met deze fiche": a message about one sheet, kept with the contact form's
-- messages (topic 'probleem') and tied to the sheet it is about.

-- +goose Up
ALTER TABLE feedback ADD COLUMN sheet_id bigint REFERENCES sheets (id) ON DELETE SET NULL;
ALTER TABLE feedback DROP CONSTRAINT feedback_topic_check;
ALTER TABLE feedback ADD CONSTRAINT feedback_topic_check
    CHECK (topic IN ('vraag', 'toegankelijkheid', 'privacy', 'fout', 'probleem'));

-- +goose Down
DELETE FROM feedback WHERE topic = 'probleem';
ALTER TABLE feedback DROP CONSTRAINT feedback_topic_check;
ALTER TABLE feedback ADD CONSTRAINT feedback_topic_check
    CHECK (topic IN ('vraag', 'toegankelijkheid', 'privacy', 'fout'));
ALTER TABLE feedback DROP COLUMN sheet_id;
