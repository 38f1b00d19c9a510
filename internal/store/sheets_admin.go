package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// The editors' administration of published sheets (Beheer › Fiches): the list, an edit as the
// next revision, a new slug, the status and the review flag.

// SheetFilter selects sheets for the editors' list; the zero value lists every sheet.
type SheetFilter struct {
	Text        string         // in the title or slug, folded
	Status      catalog.Status // "" for every status
	NeedsReview bool           // only sheets flagged for an editor
	Page        int            // 1-based
	PageSize    int            // 50 when zero
}

// SheetRow is a sheet as the editors' list shows it.
type SheetRow struct {
	ID          int64
	Slug        string
	Title       string
	Status      catalog.Status
	Revision    int
	UpdatedAt   time.Time
	NeedsReview bool
	ReviewNotes []string
	OpenChanges int // open change requests about it
}

// SheetList is a page of sheets with the number that match in all.
type SheetList struct {
	Rows  []SheetRow
	Total int
}

// ListSheets returns the sheets matching f, whatever their status, flagged ones first, then
// the most recently updated.
func (s *Store) ListSheets(ctx context.Context, f SheetFilter) (SheetList, error) {
	size := f.PageSize
	if size <= 0 {
		size = 50
	}
	// A page past any catalogue is an empty page, not an OFFSET that overflows.
	page := min(max(f.Page, 1), math.MaxInt32/size)
	rows, err := s.pool.Query(ctx, `
		SELECT s.id, s.slug, s.title, s.status, s.revision, s.updated_at, s.needs_review, s.review_notes,
		       (SELECT count(*) FROM submissions x WHERE x.sheet_id = s.id AND x.status IN ('submitted', 'question')),
		       count(*) OVER ()
		FROM sheets s
		WHERE ($1 = '' OR norm(s.title) LIKE '%' || norm($1) || '%' OR s.slug LIKE '%' || $1 || '%')
		  AND ($2 = '' OR s.status = $2)
		  AND (NOT $3 OR s.needs_review)
		ORDER BY s.needs_review DESC, s.updated_at DESC, s.id
		LIMIT $4 OFFSET $5`,
		escapeLike(strings.TrimSpace(f.Text)), string(f.Status), f.NeedsReview, size, (page-1)*size)
	if err != nil {
		return SheetList{}, fmt.Errorf("store: list sheets: %w", err)
	}
	var list SheetList
	list.Rows, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (SheetRow, error) {
		var row SheetRow
		err := r.Scan(&row.ID, &row.Slug, &row.Title, &row.Status, &row.Revision, &row.UpdatedAt,
			&row.NeedsReview, &row.ReviewNotes, &row.OpenChanges, &list.Total)
		return row, err
	})
	if err != nil {
		return SheetList{}, fmt.Errorf("store: list sheets: %w", err)
	}
	return list, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SheetByID returns the sheet with id, whatever its status, or ErrNotFound. It is meant for
// editors.
func (s *Store) SheetByID(ctx context.Context, id int64) (catalog.Sheet, error) {
	sh, err := loadSheet(ctx, s.pool, id)
	if err != nil {
		return sh, fmt.Errorf("store: sheet %d: %w", id, mapErr(err))
	}
	return sh, nil
}

// SheetEdit is an editor's edit of a published (or unpublished, or archived) sheet.
type SheetEdit struct {
	SheetID  int64
	Revision int // the revision the editor edited; another one in between gives ErrConflict
	EditorID int64
	// Sheet is the new content. Its slug, when not empty and different, renames the sheet:
	// the old slug keeps leading to it. Bookkeeping fields are ignored; the review flags stay.
	Sheet catalog.Sheet
	Note  string // what changed, shown in the public history
	// Photo, when not nil, is a new photo for the sheet (Sheet.Image describes it).
	Photo *SubmissionImage
}

// Slug errors of EditSheet.
var (
	ErrSlugInvalid = errors.New("store: slug must be lowercase letters, digits and hyphens")
	ErrSlugTaken   = fmt.Errorf("%w: slug already in use", catalog.ErrConflict)
)

// EditSheet writes an editor's edit of a sheet as its next revision and audits it. When the
// slug changes, the former slug is recorded so that it redirects. ErrConflict when the sheet
// is no longer at e.Revision (ErrSlugTaken when the new slug belongs to another sheet),
// ErrSlugInvalid for a malformed slug, ErrNotFound when there is no such sheet.
func (s *Store) EditSheet(ctx context.Context, e SheetEdit) (SaveResult, error) {
	res := SaveResult{ID: e.SheetID}
	slug := strings.TrimSpace(e.Sheet.Slug)
	if slug != "" && catalog.Slugify(slug) != slug {
		return res, ErrSlugInvalid
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		current, err := lockSheet(ctx, tx, e.SheetID)
		if err != nil {
			return err
		}
		if current.Revision != e.Revision {
			return fmt.Errorf("%w: sheet %d is at revision %d, not %d", catalog.ErrConflict, e.SheetID, current.Revision, e.Revision)
		}
		res.Slug = current.Slug
		if slug != "" && slug != current.Slug {
			if err := renameSlug(ctx, tx, e.SheetID, current.Slug, slug); err != nil {
				return err
			}
			res.Slug = slug
		}
		sh := e.Sheet
		sh.Slug = res.Slug
		sh.NeedsReview, sh.ReviewNotes = current.NeedsReview, current.ReviewNotes
		if e.Photo == nil && res.Slug == current.Slug && sameContent(current, sh) && sameMunicipalities(current, sh) {
			res.Revision = current.Revision // saved unchanged: no revision, nothing to audit
			return nil
		}
		note := strings.TrimSpace(e.Note)
		if note == "" {
			note = "Bijgewerkt door de redactie"
		}
		if e.Photo != nil && sh.Image == nil {
			return fmt.Errorf("store: edit sheet %d: a new photo without its description", e.SheetID)
		}
		rev, err := updateSheet(ctx, tx, e.SheetID, sh, editorAuthor(e.EditorID), note)
		if err != nil {
			return err
		}
		if e.Photo != nil {
			_, err := tx.Exec(ctx, `UPDATE sheet_images SET content_type = $2, data = $3, thumb = $4 WHERE sheet_id = $1`,
				e.SheetID, e.Photo.ContentType, e.Photo.Data, e.Photo.Thumb)
			if err != nil {
				return fmt.Errorf("write photo: %w", err)
			}
		}
		res.Revision, res.Changed = rev, true
		detail := map[string]any{"revision": rev, "note": note}
		if res.Slug != current.Slug {
			detail["old_slug"], detail["slug"] = current.Slug, res.Slug
		}
		return audit(ctx, tx, e.EditorID, "edit", "sheet", e.SheetID, detail)
	})
	if err != nil {
		return res, fmt.Errorf("store: edit sheet %d: %w", e.SheetID, mapErr(err))
	}
	return res, nil
}

// renameSlug moves sheet id from slug old to slug new, keeping old as a redirect. A former
// slug of the same sheet may be taken back.
func renameSlug(ctx context.Context, tx pgx.Tx, id int64, old, new string) error {
	var owner int64
	err := tx.QueryRow(ctx, `
		SELECT id FROM sheets WHERE slug = $1 UNION ALL SELECT sheet_id FROM sheet_slugs WHERE slug = $1 LIMIT 1`,
		new).Scan(&owner)
	switch {
	case err == nil && owner != id:
		return ErrSlugTaken
	case err != nil && !errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("check slug: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM sheet_slugs WHERE slug = $1`, new); err != nil {
		return fmt.Errorf("take back slug: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO sheet_slugs (slug, sheet_id) VALUES ($1, $2)`, old, id); err != nil {
		return fmt.Errorf("keep old slug: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE sheets SET slug = $2 WHERE id = $1`, id, new); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	return nil
}

// SetSheetStatus publishes, unpublishes or archives sheet id on behalf of editorID: the
// catalogue and search show only published sheets, so they drop or take it at once. The
// content and revision stay. ErrNotFound when there is no such sheet.
func (s *Store) SetSheetStatus(ctx context.Context, editorID, id int64, status catalog.Status) error {
	switch status {
	case catalog.StatusPublished, catalog.StatusUnpublished, catalog.StatusArchived:
	default:
		return fmt.Errorf("store: set status of sheet %d: unknown status %q", id, status)
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var old catalog.Status
		err := tx.QueryRow(ctx, `SELECT status FROM sheets WHERE id = $1 FOR UPDATE`, id).Scan(&old)
		if err != nil {
			return err
		}
		if old == status {
			return nil
		}
		_, err = tx.Exec(ctx, `
			UPDATE sheets SET status = $2, updated_at = now(),
			       published_at = CASE WHEN $2 = 'published' THEN COALESCE(published_at, now()) ELSE published_at END
			WHERE id = $1`, id, status)
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if err := reindex(ctx, tx, id); err != nil {
			return err
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		action := map[catalog.Status]string{
			catalog.StatusPublished: "publish", catalog.StatusUnpublished: "unpublish", catalog.StatusArchived: "archive",
		}[status]
		return audit(ctx, tx, editorID, action, "sheet", id, map[string]any{"from": old, "to": status})
	})
	if err != nil {
		return fmt.Errorf("store: set status of sheet %d: %w", id, mapErr(err))
	}
	return s.RefreshSearchWords(ctx)
}

// MarkSheetReviewed clears the review flag and notes of sheet id (the importer's "have a
// look") on behalf of editorID. ErrNotFound when there is no such sheet.
func (s *Store) MarkSheetReviewed(ctx context.Context, editorID, id int64) error {
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var notes []string
		if err := tx.QueryRow(ctx, `SELECT review_notes FROM sheets WHERE id = $1 FOR UPDATE`, id).Scan(&notes); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE sheets SET needs_review = false, review_notes = '{}' WHERE id = $1`, id); err != nil {
			return err
		}
		return audit(ctx, tx, editorID, "reviewed", "sheet", id, map[string]any{"notes": notes})
	})
	if err != nil {
		return fmt.Errorf("store: mark sheet %d reviewed: %w", id, mapErr(err))
	}
	return nil
}

// OpenChangesOf returns how many change requests about sheet id wait in the queue (submitted
// or with a question to their submitter).
func (s *Store) OpenChangesOf(ctx context.Context, id int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `
		SELECT count(*) FROM submissions WHERE sheet_id = $1 AND status IN ('submitted', 'question')`, id).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: open changes of sheet %d: %w", id, err)
	}
	return n, nil
}
