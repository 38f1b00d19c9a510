package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// TermCount is a term with the number of published sheets that carry it.
type TermCount struct {
	catalog.Term
	Count int
}

// Overview is what the home page shows: counts and the categories as entry points.
type Overview struct {
	Sheets         int
	Municipalities int // municipalities with at least one published practice
	Categories     []TermCount
}

// Overview counts the published catalogue; categories are ordered by label and include only
// those in use.
func (s *Store) Overview(ctx context.Context) (Overview, error) {
	var o Overview
	err := s.pool.QueryRow(ctx, `
		SELECT count(*), (SELECT count(DISTINCT g) FROM sheet_search, unnest(gemeente) g WHERE published)
		FROM sheet_search WHERE published`).Scan(&o.Sheets, &o.Municipalities)
	if err != nil {
		return o, fmt.Errorf("store: overview: %w", err)
	}
	rows, err := s.pool.Query(ctx, `
		SELECT t.id, t.facet, t.slug, t.label, count(*)
		FROM sheet_search s, unnest(s.categorie) c JOIN terms t ON t.id = c
		WHERE s.published GROUP BY t.id ORDER BY norm(t.label)`)
	if err != nil {
		return o, fmt.Errorf("store: overview categories: %w", err)
	}
	o.Categories, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (TermCount, error) {
		var tc TermCount
		err := r.Scan(&tc.ID, &tc.Facet, &tc.Slug, &tc.Label, &tc.Count)
		return tc, err
	})
	if err != nil {
		return o, fmt.Errorf("store: overview categories: %w", err)
	}
	return o, nil
}

// SheetSummary is a practice as listed: on the home page, a municipality page, related lists.
type SheetSummary struct {
	ID    int64
	Slug  string
	Title string
	Intro string
}

// Newest returns the n most recently published sheets.
func (s *Store) Newest(ctx context.Context, n int) ([]SheetSummary, error) {
	return s.summaries(ctx, `
		SELECT s.id, s.slug, s.title, s.intro FROM sheet_search x JOIN sheets s ON s.id = x.sheet_id
		WHERE x.published ORDER BY x.published_at DESC NULLS LAST, x.sheet_id DESC LIMIT $1`, n)
}

// Related returns up to n published sheets that share the most terms with sheet id, most
// shared first; municipalities count less than the other facets.
func (s *Store) Related(ctx context.Context, id int64, n int) ([]SheetSummary, error) {
	return s.summaries(ctx, `
		WITH me AS (SELECT * FROM sheet_search WHERE sheet_id = $1)
		SELECT s.id, s.slug, s.title, s.intro
		FROM sheet_search x JOIN sheets s ON s.id = x.sheet_id, me
		WHERE x.published AND x.sheet_id <> me.sheet_id
		  AND (x.categorie && me.categorie OR x.doel && me.doel OR x.doelgroep && me.doelgroep
		       OR x.beleidsdomein && me.beleidsdomein OR x.gemeente && me.gemeente)
		ORDER BY 3 * cardinality(ARRAY(SELECT unnest(x.categorie) INTERSECT SELECT unnest(me.categorie)))
		       + 2 * cardinality(ARRAY(SELECT unnest(x.doel) INTERSECT SELECT unnest(me.doel)))
		       + 2 * cardinality(ARRAY(SELECT unnest(x.doelgroep) INTERSECT SELECT unnest(me.doelgroep)))
		       + cardinality(ARRAY(SELECT unnest(x.beleidsdomein) INTERSECT SELECT unnest(me.beleidsdomein)))
		       + cardinality(ARRAY(SELECT unnest(x.gemeente) INTERSECT SELECT unnest(me.gemeente))) DESC,
		         x.published_at DESC NULLS LAST
		LIMIT $2`, id, n)
}

func (s *Store) summaries(ctx context.Context, sql string, args ...any) ([]SheetSummary, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list sheets: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[SheetSummary])
	if err != nil {
		return nil, fmt.Errorf("store: list sheets: %w", err)
	}
	return out, nil
}

// LocalPractice is a practice as it runs in one municipality: the sheet and the local
// variants that name that municipality (none when the sheet names it only as a facet).
type LocalPractice struct {
	SheetSummary
	Variants []catalog.Variant
}

// MunicipalityPractices returns the published practices that run in the municipality with term
// id, ordered by title, each with its local variants there.
func (s *Store) MunicipalityPractices(ctx context.Context, termID int64) ([]LocalPractice, error) {
	list, err := s.summaries(ctx, `
		SELECT s.id, s.slug, s.title, s.intro FROM sheet_search x JOIN sheets s ON s.id = x.sheet_id
		WHERE x.published AND $1 = ANY (x.gemeente) ORDER BY x.title_folded`, termID)
	if err != nil {
		return nil, err
	}
	byID := map[int64][]catalog.Variant{}
	rows, err := s.pool.Query(ctx, `
		SELECT DISTINCT v.sheet_id, v.position FROM variants v JOIN variant_places p ON p.variant_id = v.id
		WHERE p.term_id = $1 ORDER BY 1, 2`, termID)
	if err != nil {
		return nil, fmt.Errorf("store: municipality variants: %w", err)
	}
	var sheetID int64
	var pos int
	wanted := map[int64][]int{}
	if _, err := pgx.ForEachRow(rows, []any{&sheetID, &pos}, func() error {
		wanted[sheetID] = append(wanted[sheetID], pos)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("store: municipality variants: %w", err)
	}
	for id, positions := range wanted {
		all, err := loadVariants(ctx, s.pool, id)
		if err != nil {
			return nil, fmt.Errorf("store: municipality practices: %w", err)
		}
		for _, p := range positions {
			if p < len(all) {
				byID[id] = append(byID[id], all[p])
			}
		}
	}
	out := make([]LocalPractice, 0, len(list))
	for _, sum := range list {
		out = append(out, LocalPractice{SheetSummary: sum, Variants: byID[sum.ID]})
	}
	return out, nil
}

// CountSheets returns the number of sheets in any status.
func (s *Store) CountSheets(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM sheets`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count sheets: %w", err)
	}
	return n, nil
}
