package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// RevisionInfo describes one revision of a sheet as the public history shows it: no author.
type RevisionInfo struct {
	Number    int
	CreatedAt time.Time
	Note      string
}

// Revisions returns the revisions of sheet id, newest first; empty when there is no such
// sheet.
func (s *Store) Revisions(ctx context.Context, sheetID int64) ([]RevisionInfo, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT revision, created_at, note FROM sheet_revisions WHERE sheet_id = $1 ORDER BY revision DESC`, sheetID)
	if err != nil {
		return nil, fmt.Errorf("store: revisions of sheet %d: %w", sheetID, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[RevisionInfo])
	if err != nil {
		return nil, fmt.Errorf("store: revisions of sheet %d: %w", sheetID, err)
	}
	return list, nil
}

// RevisionEditors returns who published each revision of sheet id that an editor published
// (an approved submission, an edit under Beheer › Fiches): the editor's name, or their e-mail
// address when they have none, by revision number. A revision of the import or the
// automatic tagging has none. For editors' eyes: the public history names no one.
func (s *Store) RevisionEditors(ctx context.Context, sheetID int64) (map[int]string, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT r.revision, CASE WHEN u.name <> '' THEN u.name ELSE u.email END
		FROM sheet_revisions r JOIN users u ON r.author = $2 || u.id::text
		WHERE r.sheet_id = $1`, sheetID, editorPrefix)
	if err != nil {
		return nil, fmt.Errorf("store: editors of the revisions of sheet %d: %w", sheetID, err)
	}
	out := map[int]string{}
	var n int
	var name string
	if _, err := pgx.ForEachRow(rows, []any{&n, &name}, func() error {
		out[n] = name
		return nil
	}); err != nil {
		return nil, fmt.Errorf("store: editors of the revisions of sheet %d: %w", sheetID, err)
	}
	return out, nil
}

// Revision returns revision n of sheet id as it was published: its content with ID and
// Revision set. ErrNotFound when the sheet has no such revision.
func (s *Store) Revision(ctx context.Context, sheetID int64, n int) (catalog.Sheet, RevisionInfo, error) {
	sh, info, err := revisionSnapshot(ctx, s.pool, sheetID, n)
	if err != nil {
		return sh, info, fmt.Errorf("store: revision %d of sheet %d: %w", n, sheetID, mapErr(err))
	}
	return sh, info, nil
}

// revisionSnapshot reads revision n of sheet id; pgx.ErrNoRows when there is none.
func revisionSnapshot(ctx context.Context, q querier, sheetID int64, n int) (catalog.Sheet, RevisionInfo, error) {
	var sh catalog.Sheet
	info := RevisionInfo{Number: n}
	var snap []byte
	err := q.QueryRow(ctx, `
		SELECT snapshot, created_at, note FROM sheet_revisions WHERE sheet_id = $1 AND revision = $2`,
		sheetID, n).Scan(&snap, &info.CreatedAt, &info.Note)
	if err != nil {
		return sh, info, err
	}
	if err := json.Unmarshal(snap, &sh); err != nil {
		return sh, info, fmt.Errorf("decode snapshot: %w", err)
	}
	sh.ID, sh.Revision = sheetID, n
	return sh, info, nil
}
