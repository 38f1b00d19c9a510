package search

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Sort is an order of results.
type Sort int

const (
	// ByNewest is newest first: publication date, then sheet id, descending.
	ByNewest Sort = iota
	// ByTitle is the database's order of the folded titles, then sheet id.
	ByTitle
	// ByRelevance puts the sheets found without the parts of a compound first, then orders by
	// score (BM25 plus the title bonus), then newest first.
	ByRelevance
)

// Query is a search of the index.
type Query struct {
	// Clauses must all match (clauses.go); nil matches every sheet.
	Clauses []Clause
	// Words are the folded words of the query: each one a sheet's folded title contains adds
	// TitleBonus to its score.
	Words []string
	// Filters are the chosen term ids per facet: OR within a facet, AND across facets.
	Filters map[catalog.Facet][]int64
	Sort    Sort
	Offset  int
	Limit   int
	// Phrases returns the ids of the sheets that contain a phrase (a synonym of several
	// words): the index knows which stems a sheet has, not where. Each phrase is asked once
	// per index.
	Phrases func(phrase string) ([]int64, error)
}

// Hit is one sheet of a result page.
type Hit struct {
	ID    int64
	Score float64
}

// Result is a page of hits, the number of sheets that pass every filter and, per facet, how
// many sheets each term would give under the filters of the other facets (disjunctive counts).
type Result struct {
	Hits   []Hit
	Total  int
	Counts map[catalog.Facet]map[int64]int
}

// BM25 parameters, and the bonus per query word in the title.
const (
	k1         = 1.2
	b          = 0.75
	TitleBonus = 1.0
)

// Search runs q: it matches the clauses, applies the filters while counting, ranks when
// asked and returns the page from q.Offset of at most q.Limit hits.
func (x *Index) Search(q Query) (Result, error) {
	var scores []float32
	if q.Sort == ByRelevance && q.Clauses != nil {
		scores = getScores(len(x.ids))
		defer scorePool.Put(&scores)
	}
	matched, exact := x.live, bitset(nil)
	if q.Clauses != nil {
		var err error
		if matched, exact, err = x.match(q, scores); err != nil {
			return Result{}, err
		}
	}
	order := x.newest
	if q.Sort == ByTitle {
		order = x.byTitle
	}
	passing, counts := x.tally(order, matched, q.Filters)
	res := Result{Total: len(passing), Counts: counts}
	if scores != nil {
		type ranked struct {
			slot  uint32
			tier  int8 // 1: found only through the parts of a compound
			score float64
		}
		rs := make([]ranked, len(passing))
		for i, s := range passing {
			rs[i] = ranked{slot: s, score: float64(scores[s])}
			if exact != nil && !exact.has(s) {
				rs[i].tier = 1
			}
			for _, w := range q.Words {
				if strings.Contains(x.titles[s], w) {
					rs[i].score += TitleBonus
				}
			}
		}
		// passing is newest first and the sort is stable.
		slices.SortStableFunc(rs, func(a, b ranked) int {
			if c := cmp.Compare(a.tier, b.tier); c != 0 {
				return c
			}
			return cmp.Compare(b.score, a.score)
		})
		from, to := page(len(rs), q.Offset, q.Limit)
		for _, r := range rs[from:to] {
			res.Hits = append(res.Hits, Hit{ID: x.ids[r.slot], Score: r.score})
		}
		return res, nil
	}
	from, to := page(len(passing), q.Offset, q.Limit)
	for _, s := range passing[from:to] {
		res.Hits = append(res.Hits, Hit{ID: x.ids[s]})
	}
	return res, nil
}

func page(n, offset, limit int) (from, to int) {
	from = min(max(offset, 0), n)
	return from, min(from+max(limit, 0), n)
}

// Count applies filters to the sheets ids (found elsewhere; ids the index does not hold are
// left out) and returns how many pass and the disjunctive counts.
func (x *Index) Count(ids []int64, filters map[catalog.Facet][]int64) (total int, counts map[catalog.Facet]map[int64]int) {
	set := newBitset(len(x.ids))
	for _, id := range ids {
		if s, ok := x.slotOf(id); ok {
			set.add(s)
		}
	}
	passing, counts := x.tally(x.newest, set, filters)
	return len(passing), counts
}

// tally visits the slots of order that are in set, counts their terms under filters and
// returns those that pass every filter, in order. A sheet that fails exactly one facet's
// filter counts in that facet only: choosing one of its terms there would bring it in.
func (x *Index) tally(order []uint32, set bitset, filters map[catalog.Facet][]int64) (passing []uint32, counts map[catalog.Facet]map[int64]int) {
	// The chosen terms of the filtered facets as dense numbers; a term no sheet carries is
	// left out, so a facet whose chosen terms are all unknown passes nothing.
	type filter struct {
		fi   int
		want []uint32
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
	n := make([][]int32, nf)
	for fi := range n {
		n[fi] = make([]int32, len(x.termIDs[fi]))
	}
	for _, s := range order {
		if !set.has(s) {
			continue
		}
		fails, failed := 0, 0
		for _, flt := range fs {
			if !overlaps(x.facetTerms(s, flt.fi), flt.want) {
				fails++
				failed = flt.fi
				if fails > 1 {
					break
				}
			}
		}
		switch fails {
		case 0:
			passing = append(passing, s)
			for fi := range nf {
				for _, d := range x.facetTerms(s, fi) {
					n[fi][d]++
				}
			}
		case 1:
			for _, d := range x.facetTerms(s, failed) {
				n[failed][d]++
			}
		}
	}
	counts = make(map[catalog.Facet]map[int64]int, nf)
	for fi, f := range catalog.Facets {
		counts[f] = map[int64]int{}
		for d, c := range n[fi] {
			if c > 0 {
				counts[f][x.termIDs[fi][d]] = int(c)
			}
		}
	}
	return passing, counts
}

func overlaps(a, b []uint32) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// match returns the live sheets that match every clause (all), and when some alternative is
// the parts of a compound, those that match without such alternatives (exact; nil
// otherwise). With scores, it adds each matching stem's BM25 score per sheet.
func (x *Index) match(q Query, scores []float32) (all, exact bitset, err error) {
	splits := slices.ContainsFunc(q.Clauses, func(c Clause) bool {
		return slices.ContainsFunc(c, func(a Alternative) bool { return a.Split })
	})
	for _, c := range q.Clauses {
		either := newBitset(len(x.ids))
		var eitherExact bitset
		if splits {
			eitherExact = newBitset(len(x.ids))
		}
		for _, a := range c {
			var set bitset
			switch {
			case a.Phrase != "":
				if set, err = x.phrase(a.Phrase, q.Phrases, scores); err != nil {
					return nil, nil, err
				}
			default:
				for _, part := range a.All {
					one := x.postingsOf(part, scores)
					if set == nil {
						set = one
					} else {
						set.and(one)
					}
				}
			}
			if set == nil {
				continue
			}
			either.or(set)
			if splits && !a.Split {
				eitherExact.or(set)
			}
		}
		if all == nil {
			all, exact = either, eitherExact
		} else {
			all.and(either)
			if splits {
				exact.and(eitherExact)
			}
		}
	}
	if all == nil {
		all = newBitset(0)
	}
	return all, exact, nil
}

// posting is a decoded posting: a live slot and its weighted frequency.
type posting struct {
	slot uint32
	wtf  uint32
}

var postingPool = sync.Pool{New: func() any { return new([]posting) }}

// postingsOf returns the live sheets that contain any of stems, adding to scores (when not
// nil) each stem's BM25 score: idf × tf(k1+1) / (tf + k1(1 − b + b·len/avglen)), with tf the
// field-weighted frequency.
func (x *Index) postingsOf(stems []string, scores []float32) bitset {
	set := newBitset(len(x.ids))
	buf := postingPool.Get().(*[]posting)
	defer postingPool.Put(buf)
	avg := float64(x.totalLen) / float64(max(x.nLive, 1))
	for _, st := range stems {
		n, ok := x.stemNumber(st)
		if !ok {
			continue
		}
		ps := (*buf)[:0]
		eachPosting(x.postings[n], func(slot uint32, f freqs) {
			if x.live.has(slot) && int(slot) < len(x.ids) {
				ps = append(ps, posting{slot, f.weighted()})
			}
		})
		*buf = ps
		for _, p := range ps {
			set.add(p.slot)
		}
		if scores == nil || len(ps) == 0 {
			continue
		}
		idf := idf(x.nLive, len(ps))
		for _, p := range ps {
			tf := float64(p.wtf) / 10
			norm := k1 * (1 - b + b*float64(x.lens[p.slot])/max(avg, 1))
			scores[p.slot] += float32(idf * tf * (k1 + 1) / (tf + norm))
		}
	}
	return set
}

func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// phrase returns the live sheets that contain phrase, asking load once per index; with
// scores, each counts as one occurrence of a word in the body.
func (x *Index) phrase(phrase string, load func(string) ([]int64, error), scores []float32) (bitset, error) {
	x.phraseMu.Lock()
	set, ok := x.phrases[phrase]
	x.phraseMu.Unlock()
	if !ok {
		if load == nil {
			return newBitset(len(x.ids)), nil
		}
		ids, err := load(phrase)
		if err != nil {
			return nil, err
		}
		set = newBitset(len(x.ids))
		for _, id := range ids {
			if s, ok := x.slotOf(id); ok {
				set.add(s)
			}
		}
		x.phraseMu.Lock()
		if x.phrases == nil {
			x.phrases = map[string]bitset{}
		}
		x.phrases[phrase] = set
		x.phraseMu.Unlock()
	}
	out := slices.Clone(set) // callers combine sets in place
	if scores != nil {
		df := set.count()
		idf := idf(x.nLive, df)
		for i, w := range set {
			for w != 0 {
				s := uint32(i*64 + bits.TrailingZeros64(w))
				w &= w - 1
				scores[s] += float32(idf * (k1 + 1) / (1 + k1*(1-b+b*float64(x.lens[s])/max(float64(x.totalLen)/float64(max(x.nLive, 1)), 1))))
			}
		}
	}
	return out, nil
}

var scorePool = sync.Pool{New: func() any { return new([]float32) }}

// getScores returns a zeroed score per slot.
func getScores(n int) []float32 {
	p := scorePool.Get().(*[]float32)
	s := *p
	if cap(s) < n {
		s = make([]float32, n)
	}
	s = s[:n]
	clear(s)
	return s
}
