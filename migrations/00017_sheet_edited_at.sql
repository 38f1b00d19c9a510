-- +goose Up
-- When an editor last published a change to a sheet's text (an edit, an approved change
-- request), after its first publication; NULL while the text is as it was imported or
-- submitted. The sheet page says "Laatst gewijzigd op" only then: an import, a re-import, the
-- automatic tagging or a status change is no editorial change. Filled from the revisions an
-- editor wrote (author 'user:<id>', see store.editorAuthor).
ALTER TABLE sheets ADD COLUMN edited_at timestamptz;

UPDATE sheets s SET edited_at = r.at
FROM (
    SELECT sheet_id, max(created_at) AS at FROM sheet_revisions
    WHERE revision > 1 AND author LIKE 'user:%'
    GROUP BY sheet_id
) r
WHERE r.sheet_id = s.id;

-- +goose Down
ALTER TABLE sheets DROP COLUMN edited_at;
