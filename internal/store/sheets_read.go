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

// loadSheet reads the whole sheet with id.
func loadSheet(ctx context.Context, q querier, id int64) (catalog.Sheet, error) {
	sheets, err := loadSheets(ctx, q, []int64{id})
	if err != nil {
		return catalog.Sheet{ID: id, Terms: map[catalog.Facet][]string{}}, err
	}
	return sheets[0], nil
}

// loadSheets reads the whole sheets ids, in order, with one query per table; an id with no
// sheet is pgx.ErrNoRows.
func loadSheets(ctx context.Context, q querier, ids []int64) ([]catalog.Sheet, error) {
	out := make([]catalog.Sheet, len(ids))
	at := make(map[int64]*catalog.Sheet, len(ids))
	for i, id := range ids {
		out[i] = catalog.Sheet{ID: id, Terms: map[catalog.Facet][]string{}}
		at[id] = &out[i]
	}
	rows, err := q.Query(ctx, `
		SELECT id, slug, title, intro, description, success_factors, challenges, partners, contact,
		       status, revision, COALESCE(source, ''), needs_review, review_notes,
		       created_at, updated_at, published_at, edited_at
		FROM sheets WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("load sheets: %w", err)
	}
	var r catalog.Sheet
	var publishedAt, editedAt *time.Time
	found := 0
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &r.Slug, &r.Title, &r.Intro, &r.Description, &r.SuccessFactors,
		&r.Challenges, &r.Partners, &r.Contact, &r.Status, &r.Revision, &r.Source, &r.NeedsReview,
		&r.ReviewNotes, &r.CreatedAt, &r.UpdatedAt, &publishedAt, &editedAt}, func() error {
		sh := at[r.ID]
		r.Terms = sh.Terms
		if publishedAt != nil {
			r.PublishedAt = *publishedAt
		}
		if editedAt != nil {
			r.EditedAt = *editedAt
		}
		*sh = r
		r = catalog.Sheet{}
		found++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load sheets: %w", err)
	}
	if found != len(at) {
		for _, id := range ids {
			if at[id].Slug == "" {
				return nil, fmt.Errorf("load sheet %d: %w", id, pgx.ErrNoRows)
			}
		}
	}
	var id int64
	var img catalog.Image
	rows, err = q.Query(ctx, `SELECT sheet_id, file, alt, credit, consent FROM sheet_images WHERE sheet_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("load images: %w", err)
	}
	if _, err := pgx.ForEachRow(rows, []any{&id, &img.File, &img.Alt, &img.Credit, &img.Consent}, func() error {
		i := img
		at[id].Image = &i
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load images: %w", err)
	}
	var facet catalog.Facet
	var label string
	rows, err = q.Query(ctx, `
		SELECT st.sheet_id, t.facet, t.label FROM sheet_terms st JOIN terms t ON t.id = st.term_id
		WHERE st.sheet_id = ANY($1) ORDER BY st.sheet_id, st.position`, ids)
	if err != nil {
		return nil, fmt.Errorf("load terms: %w", err)
	}
	if _, err := pgx.ForEachRow(rows, []any{&id, &facet, &label}, func() error {
		sh := at[id]
		sh.Terms[facet] = append(sh.Terms[facet], label)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load terms: %w", err)
	}
	rows, err = q.Query(ctx, `
		SELECT sheet_id, facet, text FROM sheet_sentences WHERE sheet_id = ANY($1)
		ORDER BY sheet_id, facet, position`, ids)
	if err != nil {
		return nil, fmt.Errorf("load sentences: %w", err)
	}
	if _, err := pgx.ForEachRow(rows, []any{&id, &facet, &label}, func() error {
		sh := at[id]
		if facet == catalog.FacetGoal {
			sh.Goals = append(sh.Goals, label)
		} else {
			sh.TargetGroups = append(sh.TargetGroups, label)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load sentences: %w", err)
	}
	if err := loadVariantsOf(ctx, q, ids, at); err != nil {
		return nil, err
	}
	var res catalog.Resource
	rows, err = q.Query(ctx, `
		SELECT sheet_id, title, by_whom, for_whom, content, more_info FROM resources
		WHERE sheet_id = ANY($1) ORDER BY sheet_id, position`, ids)
	if err != nil {
		return nil, fmt.Errorf("load resources: %w", err)
	}
	if _, err := pgx.ForEachRow(rows, []any{&id, &res.Title, &res.ByWhom, &res.ForWhom, &res.Content, &res.MoreInfo}, func() error {
		at[id].Resources = append(at[id].Resources, res)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load resources: %w", err)
	}
	var sec catalog.Section
	rows, err = q.Query(ctx, `SELECT sheet_id, heading, body FROM sections WHERE sheet_id = ANY($1) ORDER BY sheet_id, position`, ids)
	if err != nil {
		return nil, fmt.Errorf("load sections: %w", err)
	}
	if _, err := pgx.ForEachRow(rows, []any{&id, &sec.Heading, &sec.Body}, func() error {
		at[id].Sections = append(at[id].Sections, sec)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load sections: %w", err)
	}
	return out, nil
}

// loadVariants reads the local variants of sheet id.
func loadVariants(ctx context.Context, q querier, sheetID int64) ([]catalog.Variant, error) {
	sh := catalog.Sheet{ID: sheetID}
	if err := loadVariantsOf(ctx, q, []int64{sheetID}, map[int64]*catalog.Sheet{sheetID: &sh}); err != nil {
		return nil, err
	}
	return sh.Variants, nil
}

// loadVariantsOf reads the local variants of the sheets ids into at.
func loadVariantsOf(ctx context.Context, q querier, ids []int64, at map[int64]*catalog.Sheet) error {
	rows, err := q.Query(ctx, `
		SELECT v.sheet_id, v.body, v.contact, v.email,
		       COALESCE((SELECT array_agg(p.name ORDER BY p.position) FROM variant_places p WHERE p.variant_id = v.id), '{}'),
		       COALESCE((SELECT array_agg(COALESCE(t.slug, '') ORDER BY p.position)
		                 FROM variant_places p LEFT JOIN terms t ON t.id = p.term_id WHERE p.variant_id = v.id), '{}'),
		       COALESCE((SELECT array_agg(l.label ORDER BY l.position) FROM variant_links l WHERE l.variant_id = v.id), '{}'),
		       COALESCE((SELECT array_agg(l.url ORDER BY l.position) FROM variant_links l WHERE l.variant_id = v.id), '{}')
		FROM variants v WHERE v.sheet_id = ANY($1) ORDER BY v.sheet_id, v.position`, ids)
	if err != nil {
		return fmt.Errorf("load variants: %w", err)
	}
	var id int64
	var v catalog.Variant
	var names, slugs, labels, urls []string
	_, err = pgx.ForEachRow(rows, []any{&id, &v.Text, &v.Contact, &v.Email, &names, &slugs, &labels, &urls}, func() error {
		w := catalog.Variant{Text: v.Text, Contact: v.Contact, Email: v.Email}
		for i := range names {
			w.Places = append(w.Places, catalog.Place{Name: names[i], TermSlug: slugs[i]})
		}
		for i := range labels {
			w.MoreInfo = append(w.MoreInfo, catalog.Link{Label: labels[i], URL: urls[i]})
		}
		at[id].Variants = append(at[id].Variants, w)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load variants: %w", err)
	}
	return nil
}
