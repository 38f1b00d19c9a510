package search

import (
	"cmp"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// referenceSearch is Search done the plain way, as a yardstick: every live sheet in the
// order asked is checked against the filters and counted, the matches are sorted whole.
func referenceSearch(t *testing.T, x *Index, q Query) Result {
	t.Helper()
	var scores []float32
	if q.Sort == ByRelevance && q.Clauses != nil {
		scores = make([]float32, len(x.ids))
	}
	matched, exact := x.live, bitset(nil)
	if q.Clauses != nil {
		var err error
		if matched, exact, err = x.match(q, scores); err != nil {
			t.Fatal(err)
		}
	}
	order := x.newest
	if q.Sort == ByTitle && scores == nil {
		order = x.byTitle
	}
	want := make([][]int64, nf)
	for fi, f := range catalog.Facets {
		want[fi] = q.Filters[f]
	}
	res := Result{Counts: map[catalog.Facet]map[int64]int{}}
	for _, f := range catalog.Facets {
		res.Counts[f] = map[int64]int{}
	}
	var passing []uint32
	for _, s := range order {
		if !matched.has(s) {
			continue
		}
		fails := []int{}
		for fi := range nf {
			if len(want[fi]) > 0 && !slices.ContainsFunc(x.facetTerms(s, fi), func(d uint32) bool {
				return slices.Contains(want[fi], x.termIDs[fi][d])
			}) {
				fails = append(fails, fi)
			}
		}
		for fi, f := range catalog.Facets {
			if len(fails) == 0 || len(fails) == 1 && fails[0] == fi {
				for _, d := range x.facetTerms(s, fi) {
					res.Counts[f][x.termIDs[fi][d]]++
				}
			}
		}
		if len(fails) == 0 {
			passing = append(passing, s)
		}
	}
	res.Total = len(passing)
	hits := make([]Hit, len(passing))
	tiers := make([]int, len(passing))
	for i, s := range passing {
		hits[i].ID = x.ids[s]
		if scores == nil {
			continue
		}
		hits[i].Score = float64(scores[s])
		for _, w := range q.Words {
			if strings.Contains(x.titles[s], w) {
				hits[i].Score += TitleBonus
			}
		}
		if exact != nil && !exact.has(s) {
			tiers[i] = 1
		}
	}
	if scores != nil {
		idx := make([]int, len(hits))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			return cmp.Or(cmp.Compare(tiers[a], tiers[b]), cmp.Compare(hits[b].Score, hits[a].Score))
		})
		sorted := make([]Hit, len(hits))
		for i, k := range idx {
			sorted[i] = hits[k]
		}
		hits = sorted
	}
	from, to := page(len(hits), q.Offset, q.Limit)
	if from < to {
		res.Hits = hits[from:to]
	}
	return res
}

// Search and Count answer as the plain way does, over thousands of sheets, with words or
// without, zero to three facets filtered (unknown terms too), every order and deep pages,
// on an index built afresh and on one with dead slots after updates.
func TestSearchIsReference(t *testing.T) {
	x, docs := synthIndex(10_000)
	// Change a tenth of the sheets (new stems and terms), withdraw a few, add some.
	r := rand.New(rand.NewPCG(7, 8))
	var remove []int64
	var add []Doc
	for i, d := range docs {
		switch r.IntN(20) {
		case 0:
			remove = append(remove, d.ID)
		case 1, 2:
			d.Stems = synthSheetStems(int64(i) + 1_000_000)
			d.Terms = docs[r.IntN(len(docs))].Terms
			add = append(add, d)
		}
	}
	for k := range 50 {
		d := docs[r.IntN(len(docs))]
		d.ID = int64(100_000 + k)
		d.Title = "nieuw " + d.Title
		d.Terms = slices.Clone(d.Terms)
		d.Terms[0] = append(slices.Clone(d.Terms[0]), 77_000+int64(k%3)) // terms no sheet had
		d.Stems = synthSheetStems(d.ID)
		add = append(add, d)
	}
	slices.SortFunc(add, byTitle)
	// TitleAfter does not matter for this test but must name a sheet of the new version.
	for i := range add {
		add[i].TitleAfter = 0
	}
	y, err := x.Update(2, nil, remove, add)
	if err != nil {
		t.Fatal(err)
	}
	if y.Dead() == 0 {
		t.Fatal("no dead slots")
	}

	qs := synthQueries(docs, 300, true)
	qs = append(qs, synthQueries(docs, 100, false)...)
	for i := range qs {
		q := &qs[i]
		switch i % 7 {
		case 0:
			q.Filters = nil
		case 1:
			for f := range q.Filters {
				q.Filters[f] = append(q.Filters[f], 77_001, 123_456_789)
				break
			}
		case 2:
			q.Filters[catalog.FacetPolicyDomain] = []int64{4000, 4001, 4002}
		case 3:
			q.Offset = r.IntN(2000)
		case 4:
			if q.Clauses != nil {
				// A compound: the word, or two common parts.
				q.Clauses[0] = append(q.Clauses[0], Alternative{All: [][]string{{synthStem(1)}, {synthStem(2), synthStem(30)}}, Split: true})
			}
		case 5:
			q.Clauses = append(q.Clauses, Clause{{All: [][]string{{synthStem(r.IntN(50))}}}})
		}
		if i%5 == 4 {
			q.Sort = []Sort{ByNewest, ByTitle, ByRelevance}[i%3]
		}
		if i%11 == 0 {
			q.Limit = 100
		}
	}
	qs = append(qs, Query{Limit: 20}, Query{Limit: 20, Sort: ByTitle, Offset: 9_000}, Query{Limit: 20, Offset: 20_000})
	for _, idx := range []*Index{x, y} {
		for _, q := range qs {
			got, err := idx.Search(q)
			if err != nil {
				t.Fatal(err)
			}
			want := referenceSearch(t, idx, q)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("query %+v:\ngot  %d %v\nwant %d %v", q, got.Total, got.Hits, want.Total, want.Hits)
			}
		}
		// Count, for matches found elsewhere.
		for i, q := range qs[:40] {
			var ids []int64
			for _, d := range docs[i*10 : i*10+3000] {
				ids = append(ids, d.ID)
			}
			total, counts := idx.Count(ids, q.Filters)
			set := newBitset(len(idx.ids))
			for _, id := range ids {
				if s, ok := idx.slotOf(id); ok {
					set.add(s)
				}
			}
			want := referenceCount(t, idx, set, q.Filters)
			if total != want.Total || !reflect.DeepEqual(counts, want.Counts) {
				t.Fatalf("Count %v: %d %v, want %d %v", q.Filters, total, counts, want.Total, want.Counts)
			}
		}
	}
}

// referenceCount is Count the plain way: a search whose clause matches exactly set.
func referenceCount(t *testing.T, x *Index, set bitset, filters map[catalog.Facet][]int64) Result {
	saved := x.live
	x.live = set
	defer func() { x.live = saved }()
	return referenceSearch(t, x, Query{Filters: filters})
}

// Both ways of counting a facet (per sheet, per term's set) agree, sparse or dense.
func TestCountFacetBothWays(t *testing.T) {
	x, _ := synthIndex(10_000)
	r := rand.New(rand.NewPCG(9, 10))
	for _, density := range []int{1, 10, 100, 1000, 10000} {
		set := newBitset(len(x.ids))
		for range density {
			set.add(uint32(r.IntN(len(x.ids))))
		}
		for fi := range nf {
			perSheet := make([]int32, len(x.termIDs[fi]))
			for s := range set.all() {
				for _, d := range x.facetTerms(s, fi) {
					perSheet[d]++
				}
			}
			perTerm := make([]int32, len(x.termIDs[fi]))
			for d, ts := range x.termSheets[fi] {
				c := slices.Clone(set)
				c.and(ts)
				perTerm[d] = int32(c.count())
			}
			if got := x.countFacet(fi, set, nil); !slices.Equal(got, perSheet) || !slices.Equal(perSheet, perTerm) {
				t.Fatalf("%d sheets, facet %d: countFacet %v, per sheet %v, per term %v", density, fi, got, perSheet, perTerm)
			}
		}
	}
}
