package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// CatalogState returns the catalogue version and when it last moved.
func (s *Store) CatalogState(ctx context.Context) (version int64, changed time.Time, err error) {
	err = s.pool.QueryRow(ctx, `SELECT version, changed_at FROM catalog_version`).Scan(&version, &changed)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: catalogue state: %w", err)
	}
	return version, changed, nil
}

// MunicipalityTerm is a municipality of the vocabulary with its NIS code and, for a former
// municipality, the one it merged into.
type MunicipalityTerm struct {
	catalog.Term
	NIS           string
	MergedIntoNIS string // "" when current
}

// MunicipalityTerms returns every municipality of the vocabulary, current and former,
// ordered by name.
func (s *Store) MunicipalityTerms(ctx context.Context) ([]MunicipalityTerm, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT t.id, t.slug, t.label, COALESCE(t.merged_into, 0), t.province, COALESCE(t.nis_code, ''), COALESCE(m.nis_code, '')
		FROM terms t LEFT JOIN terms m ON m.id = t.merged_into
		WHERE t.facet = 'gemeente' AND NOT t.proposed
		ORDER BY norm(t.label), t.id`)
	if err != nil {
		return nil, fmt.Errorf("store: municipalities: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (MunicipalityTerm, error) {
		m := MunicipalityTerm{Term: catalog.Term{Facet: catalog.FacetMunicipality}}
		err := r.Scan(&m.ID, &m.Slug, &m.Label, &m.MergedInto, &m.Province, &m.NIS, &m.MergedIntoNIS)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: municipalities: %w", err)
	}
	return out, nil
}

// PublishedSheets returns the published sheets among ids, whole, in the order of ids; ids of
// sheets that are not (or no longer) published are left out.
func (s *Store) PublishedSheets(ctx context.Context, ids []int64) ([]catalog.Sheet, error) {
	out := make([]catalog.Sheet, 0, len(ids))
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id FROM sheets WHERE id = ANY($1) AND status = 'published'`, ids)
		if err != nil {
			return err
		}
		published, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		ok := make(map[int64]bool, len(published))
		for _, id := range published {
			ok[id] = true
		}
		for _, id := range ids {
			if !ok[id] {
				continue
			}
			sh, err := loadSheet(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, sh)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: published sheets: %w", err)
	}
	return out, nil
}

// SheetChange is a published sheet with its last change, for feeds and the sitemap.
type SheetChange struct {
	ID          int64
	Slug        string
	Title       string
	Intro       string
	PublishedAt time.Time
	UpdatedAt   time.Time
}

// RecentChanges returns up to n published sheets, most recently changed first (the time of
// their last published revision). With municipality > 0, only the sheets that run there; with
// ids not nil, only those sheets.
func (s *Store) RecentChanges(ctx context.Context, n int, municipality int64, ids []int64) ([]SheetChange, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT s.id, s.slug, s.title, s.intro, s.published_at, s.updated_at
		FROM sheet_search x JOIN sheets s ON s.id = x.sheet_id
		WHERE x.published AND ($2 = 0 OR $2 = ANY (x.gemeente)) AND ($3::bigint[] IS NULL OR s.id = ANY ($3))
		ORDER BY s.updated_at DESC, s.id DESC LIMIT $1`, n, municipality, ids)
	if err != nil {
		return nil, fmt.Errorf("store: recent changes: %w", err)
	}
	return collectChanges(rows)
}

// AllPublished returns every published sheet's slug and dates, by id.
func (s *Store) AllPublished(ctx context.Context) ([]SheetChange, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT s.id, s.slug, s.title, '', s.published_at, s.updated_at
		FROM sheet_search x JOIN sheets s ON s.id = x.sheet_id WHERE x.published ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("store: published sheets: %w", err)
	}
	return collectChanges(rows)
}

func collectChanges(rows pgx.Rows) ([]SheetChange, error) {
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SheetChange, error) {
		var c SheetChange
		var published *time.Time
		err := r.Scan(&c.ID, &c.Slug, &c.Title, &c.Intro, &published, &c.UpdatedAt)
		if published != nil {
			c.PublishedAt = *published
		}
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: sheet changes: %w", err)
	}
	return out, nil
}

// MunicipalityChange is a municipality with published practices and the last change to one.
type MunicipalityChange struct {
	Slug      string
	UpdatedAt time.Time
}

// MunicipalityChanges returns every municipality where a published practice runs, with the
// time of the last change to one of them, by slug.
func (s *Store) MunicipalityChanges(ctx context.Context) ([]MunicipalityChange, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT t.slug, max(s.updated_at)
		FROM sheet_search x JOIN sheets s ON s.id = x.sheet_id, unnest(x.gemeente) g JOIN terms t ON t.id = g
		WHERE x.published GROUP BY t.slug ORDER BY t.slug`)
	if err != nil {
		return nil, fmt.Errorf("store: municipality changes: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[MunicipalityChange])
	if err != nil {
		return nil, fmt.Errorf("store: municipality changes: %w", err)
	}
	return out, nil
}
