package store

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// facetIndex is the published catalogue as search needs it, held in memory: each sheet's
// terms per facet, its place in the two fixed orders (newest first, by title) and, per stem
// of the full text, the sheets containing it (used in textindex.go). Totals and disjunctive
// facet counts are computed from it over the sheets a query matches, and a search without
// words needs the database only to fetch the page's sheets. Counting in the database
// unnested every match's term arrays once per facet; here it is a few array increments per
// sheet.
//
// An index belongs to one catalogue version; every change to the published catalogue bumps
// the version (bumpVersion), and a search that sees a newer version loads a new index.
type facetIndex struct {
	version int64

	// Sheets are numbered 0..n-1 newest first (published_at DESC NULLS LAST, sheet_id DESC);
	// the terms of all sheets lie in one array so that counting walks memory in order.
	ids      []int64         // number → sheet id
	number   map[int64]int32 // sheet id → number
	offsets  []int32         // sheet k's terms of facet fi are terms[offsets[k*nf+fi]:offsets[k*nf+fi+1]]
	terms    []int32         // dense term numbers
	byTitle  []int32         // sheet numbers by title_folded, sheet_id, in the database's collation
	titlePos []int32         // number → place in byTitle
	titles   []string        // number → title_folded

	// postings lists, per stem of the full text (by its number in stemNumber), the sheets
	// that contain it, ascending. texts keeps each sheet's stems for the next index.
	stemNumber map[string]int32
	postings   [][]int32
	texts      map[int64]*sheetStems

	// Terms are numbered densely per facet so that counts are slices, not maps.
	termIDs [][]int64         // [facet][dense] → term id
	dense   []map[int64]int32 // [facet][term id] → dense

	// synonyms are the synonym groups of this version (synonyms.go); phrases holds, per
	// phrase of a synonym of several words, the sheets containing it, read when first needed.
	synonyms *synonymSet
	phraseMu sync.Mutex
	phrases  map[string]bitset
}

// sheetStems is one sheet's stems as numbers in stemNumber. A new index reuses them while
// the sheet's search row is the same row version (the same xmin): every write of the row
// makes a new version, so only the sheets written since are read again.
type sheetStems struct {
	xmin  string
	stems []int32
}

// nf is the number of facets.
var nf = len(catalog.Facets)

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
	x, err := loadFacetIndex(ctx, s.pool, s.facets.cur.Load())
	if err != nil {
		return nil, fmt.Errorf("store: load facet index: %w", err)
	}
	s.facets.cur.Store(x)
	return x, nil
}

// WarmSearchIndex loads the search index of the current catalogue version unless it is
// loaded already. Searches load it when they need it; calling this after a change (or at
// start) spares the next visitor the wait: about 0.4 s at 10,000 sheets, 5 s at 100,000.
func (s *Store) WarmSearchIndex(ctx context.Context) error {
	v, err := s.CatalogVersion(ctx)
	if err != nil {
		return err
	}
	_, err = s.facetIndexAt(ctx, v)
	return err
}

// loadFacetIndex reads the published search rows and the version they belong to from one
// snapshot. The stems of sheets unchanged since prev (nil for none) are taken from it.
func loadFacetIndex(ctx context.Context, db interface {
	BeginTx(context.Context, pgx.TxOptions) (pgx.Tx, error)
}, prev *facetIndex) (*facetIndex, error) {
	x := &facetIndex{number: map[int64]int32{}, stemNumber: map[string]int32{}, texts: map[int64]*sheetStems{}}
	if prev != nil {
		x.stemNumber = maps.Clone(prev.stemNumber) // prev is in use: it is only read
	}
	for range catalog.Facets {
		x.termIDs = append(x.termIDs, nil)
		x.dense = append(x.dense, map[int64]int32{})
	}
	err := pgx.BeginTxFunc(ctx, db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT version FROM catalog_version`).Scan(&x.version); err != nil {
			return err
		}
		var err error
		if x.synonyms, err = loadSynonyms(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			SELECT sheet_id, xmin::text, row_number() OVER (ORDER BY title_folded, sheet_id), title_folded,
			       categorie, doel, doelgroep, gemeente, beleidsdomein
			FROM sheet_search WHERE published
			ORDER BY published_at DESC NULLS LAST, sheet_id DESC`)
		if err != nil {
			return err
		}
		var (
			id           int64
			title        int
			xmin, folded string
			arrs         = make([][]int64, nf)
			dest         = []any{&id, &xmin, &title, &folded}
			titlePos     []int
			stale        []int64
		)
		for i := range arrs {
			dest = append(dest, &arrs[i])
		}
		_, err = pgx.ForEachRow(rows, dest, func() error {
			x.number[id] = int32(len(x.ids))
			x.ids = append(x.ids, id)
			x.titles = append(x.titles, folded)
			if t := prev.textOf(id); t != nil && t.xmin == xmin {
				x.texts[id] = t
			} else {
				stale = append(stale, id)
			}
			for fi, ids := range arrs {
				x.offsets = append(x.offsets, int32(len(x.terms)))
				for _, t := range ids {
					x.terms = append(x.terms, x.denseTerm(fi, t))
				}
			}
			titlePos = append(titlePos, title)
			return nil
		})
		if err != nil {
			return err
		}
		x.offsets = append(x.offsets, int32(len(x.terms)))
		x.byTitle = make([]int32, len(x.ids))
		x.titlePos = make([]int32, len(x.ids))
		for k, pos := range titlePos {
			x.byTitle[pos-1] = int32(k)
			x.titlePos[k] = int32(pos - 1)
		}
		if len(stale) == 0 {
			return nil
		}
		rows, err = tx.Query(ctx, `
			SELECT sheet_id, xmin::text, array_to_string(tsvector_to_array(doc), ' ')
			FROM sheet_search WHERE sheet_id = ANY($1)`, stale)
		if err != nil {
			return err
		}
		var stems string
		_, err = pgx.ForEachRow(rows, []any{&id, &xmin, &stems}, func() error {
			t := &sheetStems{xmin: xmin, stems: make([]int32, 0, strings.Count(stems, " ")+1)}
			// Stems hold no ASCII spaces (the parser splits on them).
			for st := range strings.SplitSeq(stems, " ") {
				if st == "" {
					continue
				}
				n, ok := x.stemNumber[st]
				if !ok {
					n = int32(len(x.stemNumber))
					x.stemNumber[strings.Clone(st)] = n
				}
				t.stems = append(t.stems, n)
			}
			x.texts[id] = t
			return nil
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	// All lists in one array, each exactly as long as it needs: count, then fill.
	start := make([]int32, len(x.stemNumber)+1)
	for _, id := range x.ids {
		if t := x.texts[id]; t != nil {
			for _, n := range t.stems {
				start[n+1]++
			}
		}
	}
	for n := 1; n < len(start); n++ {
		start[n] += start[n-1]
	}
	all := make([]int32, start[len(start)-1])
	x.postings = make([][]int32, len(x.stemNumber))
	for n := range x.postings {
		x.postings[n] = all[start[n]:start[n]:start[n+1]]
	}
	for k, id := range x.ids {
		if t := x.texts[id]; t != nil {
			for _, n := range t.stems {
				x.postings[n] = append(x.postings[n], int32(k))
			}
		}
	}
	return x, nil
}

// textOf returns the stems x holds for sheet id, or nil.
func (x *facetIndex) textOf(id int64) *sheetStems {
	if x == nil {
		return nil
	}
	return x.texts[id]
}

// idsOf returns the sheet ids of the sheet numbers ks.
func (x *facetIndex) idsOf(ks []int32) []int64 {
	ids := make([]int64, len(ks))
	for i, k := range ks {
		ids[i] = x.ids[k]
	}
	return ids
}

// facetTerms returns sheet k's dense terms in facet fi.
func (x *facetIndex) facetTerms(k int32, fi int) []int32 {
	i := int(k)*nf + fi
	return x.terms[x.offsets[i]:x.offsets[i+1]]
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

// tally computes the total and the disjunctive facet counts of the sheets visited (by
// number, in the order visit gives them) under filters, and returns the sheets that pass
// every filter. A sheet that fails exactly one facet's filter counts in that facet only:
// choosing one of its terms there would bring it in.
func (x *facetIndex) tally(visit func(yield func(int32)), filters map[catalog.Facet][]int64) (passing []int32, counts map[catalog.Facet]map[int64]int) {
	// The chosen terms of the filtered facets as dense numbers; a term no published sheet
	// carries is left out, so a facet whose chosen terms are all unknown passes nothing.
	type filter struct {
		fi   int
		want []int32
	}
	var fs []filter
	for fi, f := range catalog.Facets {
		if len(filters[f]) == 0 {
			continue
		}
		flt := filter{fi: fi}
		for _, id := range filters[f] {
			if d, ok := x.dense[fi][id]; ok {
				flt.want = append(flt.want, d)
			}
		}
		fs = append(fs, flt)
	}
	n := make([][]int, nf)
	for fi := range n {
		n[fi] = make([]int, len(x.termIDs[fi]))
	}
	visit(func(k int32) {
		fails, failed := 0, 0
		for _, flt := range fs {
			if !overlaps(x.facetTerms(k, flt.fi), flt.want) {
				fails++
				failed = flt.fi
				if fails > 1 {
					return
				}
			}
		}
		if fails == 1 {
			for _, d := range x.facetTerms(k, failed) {
				n[failed][d]++
			}
			return
		}
		passing = append(passing, k)
		for fi := range nf {
			for _, d := range x.facetTerms(k, fi) {
				n[fi][d]++
			}
		}
	})
	counts = make(map[catalog.Facet]map[int64]int, nf)
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
