package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// querier is what loadSheet needs: a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// SheetBySlug returns the sheet with slug, whatever its status. When slug is a former slug
// of a renamed sheet, it returns ErrMoved with the current slug. ErrNotFound when neither.
func (s *Store) SheetBySlug(ctx context.Context, slug string) (catalog.Sheet, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM sheets WHERE slug = $1`, slug).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		var current string
		err2 := s.pool.QueryRow(ctx, `
			SELECT s.slug FROM sheet_slugs o JOIN sheets s ON s.id = o.sheet_id WHERE o.slug = $1`, slug).Scan(&current)
		if err2 == nil {
			return catalog.Sheet{}, &MovedError{Slug: current}
		}
	}
	if err != nil {
		return catalog.Sheet{}, fmt.Errorf("store: sheet %q: %w", slug, mapErr(err))
	}
	sh, err := loadSheet(ctx, s.pool, id)
	if err != nil {
		return sh, fmt.Errorf("store: sheet %q: %w", slug, mapErr(err))
	}
	return sh, nil
}

// MovedError says that a sheet is now found under another slug.
type MovedError struct{ Slug string }

func (e *MovedError) Error() string { return "moved to " + e.Slug }

// loadSheet reads the whole sheet with id.
func loadSheet(ctx context.Context, q querier, id int64) (catalog.Sheet, error) {
	sh := catalog.Sheet{ID: id, Terms: map[catalog.Facet][]string{}}
	var publishedAt, editedAt *time.Time
	err := q.QueryRow(ctx, `
		SELECT slug, title, intro, description, success_factors, challenges, partners, contact,
		       status, revision, COALESCE(source, ''), needs_review, review_notes,
		       created_at, updated_at, published_at, edited_at
		FROM sheets WHERE id = $1`, id).Scan(
		&sh.Slug, &sh.Title, &sh.Intro, &sh.Description, &sh.SuccessFactors, &sh.Challenges,
		&sh.Partners, &sh.Contact, &sh.Status, &sh.Revision, &sh.Source, &sh.NeedsReview,
		&sh.ReviewNotes, &sh.CreatedAt, &sh.UpdatedAt, &publishedAt, &editedAt)
	if err != nil {
		return sh, fmt.Errorf("load sheet %d: %w", id, err)
	}
	if publishedAt != nil {
		sh.PublishedAt = *publishedAt
	}
	if editedAt != nil {
		sh.EditedAt = *editedAt
	}
	var img catalog.Image
	err = q.QueryRow(ctx, `SELECT file, alt, credit, consent FROM sheet_images WHERE sheet_id = $1`, id).
		Scan(&img.File, &img.Alt, &img.Credit, &img.Consent)
	switch {
	case err == nil:
		sh.Image = &img
	case !errors.Is(err, pgx.ErrNoRows):
		return sh, fmt.Errorf("load image: %w", err)
	}
	rows, err := q.Query(ctx, `
		SELECT t.facet, t.label FROM sheet_terms st JOIN terms t ON t.id = st.term_id
		WHERE st.sheet_id = $1 ORDER BY st.position`, id)
	if err != nil {
		return sh, fmt.Errorf("load terms: %w", err)
	}
	var facet catalog.Facet
	var label string
	_, err = pgx.ForEachRow(rows, []any{&facet, &label}, func() error {
		sh.Terms[facet] = append(sh.Terms[facet], label)
		return nil
	})
	if err != nil {
		return sh, fmt.Errorf("load terms: %w", err)
	}
	rows, err = q.Query(ctx, `SELECT facet, text FROM sheet_sentences WHERE sheet_id = $1 ORDER BY facet, position`, id)
	if err != nil {
		return sh, fmt.Errorf("load sentences: %w", err)
	}
	_, err = pgx.ForEachRow(rows, []any{&facet, &label}, func() error {
		if facet == catalog.FacetGoal {
			sh.Goals = append(sh.Goals, label)
		} else {
			sh.TargetGroups = append(sh.TargetGroups, label)
		}
		return nil
	})
	if err != nil {
		return sh, fmt.Errorf("load sentences: %w", err)
	}
	if sh.Variants, err = loadVariants(ctx, q, id); err != nil {
		return sh, err
	}
	rows, err = q.Query(ctx, `
		SELECT title, by_whom, for_whom, content, more_info FROM resources
		WHERE sheet_id = $1 ORDER BY position`, id)
	if err != nil {
		return sh, fmt.Errorf("load resources: %w", err)
	}
	var r catalog.Resource
	_, err = pgx.ForEachRow(rows, []any{&r.Title, &r.ByWhom, &r.ForWhom, &r.Content, &r.MoreInfo}, func() error {
		sh.Resources = append(sh.Resources, r)
		return nil
	})
	if err != nil {
		return sh, fmt.Errorf("load resources: %w", err)
	}
	rows, err = q.Query(ctx, `SELECT heading, body FROM sections WHERE sheet_id = $1 ORDER BY position`, id)
	if err != nil {
		return sh, fmt.Errorf("load sections: %w", err)
	}
	var sec catalog.Section
	_, err = pgx.ForEachRow(rows, []any{&sec.Heading, &sec.Body}, func() error {
		sh.Sections = append(sh.Sections, sec)
		return nil
	})
	if err != nil {
		return sh, fmt.Errorf("load sections: %w", err)
	}
	return sh, nil
}

func loadVariants(ctx context.Context, q querier, sheetID int64) ([]catalog.Variant, error) {
	rows, err := q.Query(ctx, `
		SELECT v.body, v.contact, v.email,
		       COALESCE((SELECT array_agg(p.name ORDER BY p.position) FROM variant_places p WHERE p.variant_id = v.id), '{}'),
		       COALESCE((SELECT array_agg(COALESCE(t.slug, '') ORDER BY p.position)
		                 FROM variant_places p LEFT JOIN terms t ON t.id = p.term_id WHERE p.variant_id = v.id), '{}'),
		       COALESCE((SELECT array_agg(l.label ORDER BY l.position) FROM variant_links l WHERE l.variant_id = v.id), '{}'),
		       COALESCE((SELECT array_agg(l.url ORDER BY l.position) FROM variant_links l WHERE l.variant_id = v.id), '{}')
		FROM variants v WHERE v.sheet_id = $1 ORDER BY v.position`, sheetID)
	if err != nil {
		return nil, fmt.Errorf("load variants: %w", err)
	}
	var out []catalog.Variant
	var v catalog.Variant
	var names, slugs, labels, urls []string
	_, err = pgx.ForEachRow(rows, []any{&v.Text, &v.Contact, &v.Email, &names, &slugs, &labels, &urls}, func() error {
		w := catalog.Variant{Text: v.Text, Contact: v.Contact, Email: v.Email}
		for i := range names {
			w.Places = append(w.Places, catalog.Place{Name: names[i], TermSlug: slugs[i]})
		}
		for i := range labels {
			w.MoreInfo = append(w.MoreInfo, catalog.Link{Label: labels[i], URL: urls[i]})
		}
		out = append(out, w)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load variants: %w", err)
	}
	return out, nil
}

// SheetImage is a stored picture of a sheet, ready to serve.
type SheetImage struct {
	ContentType string
	Data        []byte // the full picture, or the thumbnail when asked for
}

// PublicSheetImage returns the picture of published sheet id, or its thumbnail, only when the
// image may be shown (consent given) and was uploaded; ErrNotFound otherwise.
func (s *Store) PublicSheetImage(ctx context.Context, id int64, thumb bool) (SheetImage, error) {
	var img SheetImage
	err := s.pool.QueryRow(ctx, `
		SELECT i.content_type, CASE WHEN $2 THEN i.thumb ELSE i.data END
		FROM sheet_images i JOIN sheets s ON s.id = i.sheet_id
		WHERE i.sheet_id = $1 AND i.consent AND s.status = 'published'
		  AND i.data IS NOT NULL AND i.thumb IS NOT NULL`, id, thumb).Scan(&img.ContentType, &img.Data)
	if err != nil {
		return img, fmt.Errorf("store: image of sheet %d: %w", id, mapErr(err))
	}
	return img, nil
}

// HasPublicImage reports whether sheet id has a picture that may be shown.
func (s *Store) HasPublicImage(ctx context.Context, id int64) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM sheet_images WHERE sheet_id = $1 AND consent AND data IS NOT NULL)`, id).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("store: image of sheet %d: %w", id, err)
	}
	return ok, nil
}
