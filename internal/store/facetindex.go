package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// facetIndex is the published catalogue as faceted search needs it, held in memory: each
// sheet's terms per facet and its place in the two fixed orders (newest first, by title).
// Totals and disjunctive facet counts are computed from it over the sheets a query's words
// match, and a search without words needs the database only to fetch the page's sheets.
// Counting in the database unnested every match's term arrays once per facet; here it is a
// few array increments per sheet.
//
// An index belongs to one catalogue version; every change to the published catalogue bumps
// the version (bumpVersion), and a search that sees a newer version loads a new index.
type facetIndex struct {
	version int64
	sheets  map[int64]*indexedSheet
	newest  []*indexedSheet // published_at DESC NULLS LAST, sheet_id DESC
	byTitle []*indexedSheet // title_folded, sheet_id, in the database's collation

	// Terms are numbered densely per facet so that counts are slices, not maps.
	termIDs [][]int64         // [facet][dense] → term id
	dense   []map[int64]int32 // [facet][term id] → dense
}

type indexedSheet struct {
	id    int64
	terms [][]int32 // [facet] → dense term numbers
}

// facetIndexes holds the current index and serialises loading a new one.
type facetIndexes struct {
	cur  atomic.Pointer[facetIndex]
	load sync.Mutex
}

// facetIndexAt returns an index at least as new as version, loading one when needed.
// Searches that arrive while one is loading wait for it rather than load their own.
func (s *Store) facetIndexAt(ctx context.Context, version int64) (*facetIndex, error) {
	if x := s.facets.cur.Load(); x != nil && x.version >= version {
		return x, nil
	}
	s.facets.load.Lock()
	defer s.facets.load.Unlock()
	if x := s.facets.cur.Load(); x != nil && x.version >= version {
		return x, nil
	}
	x, err := loadFacetIndex(ctx, s.pool)
	if err != nil {
		return nil, fmt.Errorf("store: load facet index: %w", err)
	}
	s.facets.cur.Store(x)
	return x, nil
}

// loadFacetIndex reads the published search rows and the version they belong to from one
// snapshot.
func loadFacetIndex(ctx context.Context, db interface {
	BeginTx(context.Context, pgx.TxOptions) (pgx.Tx, error)
}) (*facetIndex, error) {
	x := &facetIndex{sheets: map[int64]*indexedSheet{}}
	for range catalog.Facets {
		x.termIDs = append(x.termIDs, nil)
		x.dense = append(x.dense, map[int64]int32{})
	}
	err := pgx.BeginTxFunc(ctx, db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT version FROM catalog_version`).Scan(&x.version); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			SELECT sheet_id, row_number() OVER (ORDER BY title_folded, sheet_id),
			       categorie, doel, doelgroep, gemeente, beleidsdomein
			FROM sheet_search WHERE published
			ORDER BY published_at DESC NULLS LAST, sheet_id DESC`)
		if err != nil {
			return err
		}
		var (
			id    int64
			title int
			arrs  = make([][]int64, len(catalog.Facets))
			dest  = []any{&id, &title}
		)
		for i := range arrs {
			dest = append(dest, &arrs[i])
		}
		var titlePos []int
		_, err = pgx.ForEachRow(rows, dest, func() error {
			sh := &indexedSheet{id: id, terms: make([][]int32, len(catalog.Facets))}
			for fi, ids := range arrs {
				for _, t := range ids {
					sh.terms[fi] = append(sh.terms[fi], x.denseTerm(fi, t))
				}
			}
			x.sheets[id] = sh
			x.newest = append(x.newest, sh)
			titlePos = append(titlePos, title)
			return nil
		})
		if err != nil {
			return err
		}
		x.byTitle = make([]*indexedSheet, len(x.newest))
		for i, sh := range x.newest {
			x.byTitle[titlePos[i]-1] = sh
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

func (x *facetIndex) denseTerm(fi int, id int64) int32 {
	d, ok := x.dense[fi][id]
	if !ok {
		d = int32(len(x.termIDs[fi]))
		x.dense[fi][id] = d
		x.termIDs[fi] = append(x.termIDs[fi], id)
	}
	return d
}

// tally computes the total and the disjunctive facet counts of the sheets visited (in the
// order visit gives them) under filters, and returns the sheets that pass every filter. A
// sheet that fails exactly one facet's filter counts in that facet only: choosing one of its
// terms there would bring it in.
func (x *facetIndex) tally(visit func(yield func(*indexedSheet)), filters map[catalog.Facet][]int64) (passing []*indexedSheet, counts map[catalog.Facet]map[int64]int) {
	// The chosen terms per facet as dense numbers; a term no published sheet carries is left
	// out, so a facet whose chosen terms all are unknown keeps an empty, non-nil set.
	want := make([][]int32, len(catalog.Facets))
	for fi, f := range catalog.Facets {
		ids := filters[f]
		if len(ids) == 0 {
			continue
		}
		want[fi] = []int32{}
		for _, id := range ids {
			if d, ok := x.dense[fi][id]; ok {
				want[fi] = append(want[fi], d)
			}
		}
	}
	n := make([][]int, len(catalog.Facets))
	for fi := range n {
		n[fi] = make([]int, len(x.termIDs[fi]))
	}
	visit(func(sh *indexedSheet) {
		fails, failed := 0, 0
		for fi, w := range want {
			if w != nil && !overlaps(sh.terms[fi], w) {
				fails++
				failed = fi
				if fails > 1 {
					return
				}
			}
		}
		if fails == 1 {
			for _, d := range sh.terms[failed] {
				n[failed][d]++
			}
			return
		}
		passing = append(passing, sh)
		for fi, ds := range sh.terms {
			for _, d := range ds {
				n[fi][d]++
			}
		}
	})
	counts = make(map[catalog.Facet]map[int64]int, len(catalog.Facets))
	for fi, f := range catalog.Facets {
		counts[f] = map[int64]int{}
		for d, c := range n[fi] {
			if c > 0 {
				counts[f][x.termIDs[fi][d]] = c
			}
		}
	}
	return passing, counts
}

func overlaps(a, b []int32) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
