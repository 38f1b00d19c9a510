package search

import (
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
	passing, total, counts := x.tally(matched, q.Filters)
	res := Result{Total: total, Counts: counts}
	from, to := page(total, q.Offset, q.Limit)
	if from == to {
		return res, nil
	}
	if scores != nil {
		res.Hits = x.topRelevant(passing, scores, exact, q.Words, from, to)
		return res, nil
	}
	order, rank := x.newest, x.rankNewest
	if q.Sort == ByTitle {
		order, rank = x.byTitle, x.rankTitle
	}
	for _, s := range x.inOrder(passing, total, order, rank, to)[from:] {
		res.Hits = append(res.Hits, Hit{ID: x.ids[s]})
	}
	return res, nil
}

func page(n, offset, limit int) (from, to int) {
	from = min(max(offset, 0), n)
	return from, min(from+max(limit, 0), n)
}

// inOrder returns the first k slots of set (which holds n slots, k at most n) in order, where
// rank[s] is slot s's place in order. A dense set is found by walking order from its start;
// a sparse one by marking its slots' places and reading the marks from the start.
func (x *Index) inOrder(set bitset, n int, order, rank []uint32, k int) []uint32 {
	out := make([]uint32, 0, k)
	if k == 0 {
		return out
	}
	if k*len(order)/n <= n {
		for _, s := range order {
			if set.has(s) {
				if out = append(out, s); len(out) == k {
					break
				}
			}
		}
		return out
	}
	places := newBitset(len(order))
	for s := range set.all() {
		places.add(rank[s])
	}
	for r := range places.all() {
		if out = append(out, order[r]); len(out) == k {
			break
		}
	}
	return out
}

// ranked is a candidate for a page by relevance: sheets found only through the parts of a
// compound (tier 1) after the others, then by score, then newest first.
type ranked struct {
	tier  int8
	score float64
	place uint32 // in newest first
	slot  uint32
}

func (a ranked) before(b ranked) bool {
	if a.tier != b.tier {
		return a.tier < b.tier
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return a.place < b.place
}

// topRelevant returns the hits from..to of set by relevance. It keeps the best `to` in a heap
// whose root is the worst of them; a sheet that cannot beat the root even with every query
// word in its title is passed over without looking at its title.
func (x *Index) topRelevant(set bitset, scores []float32, exact bitset, words []string, from, to int) []Hit {
	heap := make([]ranked, 0, to)
	for s := range set.all() {
		c := ranked{score: float64(scores[s]), place: x.rankNewest[s], slot: s}
		if exact != nil && !exact.has(s) {
			c.tier = 1
		}
		full := len(heap) == to
		if full {
			best := c
			for range words {
				best.score += TitleBonus
			}
			if !best.before(heap[0]) {
				continue
			}
		}
		for _, w := range words {
			if strings.Contains(x.titles[s], w) {
				c.score += TitleBonus
			}
		}
		switch {
		case !full:
			heap = append(heap, c)
			up(heap, len(heap)-1)
		case c.before(heap[0]):
			heap[0] = c
			down(heap, 0)
		}
	}
	slices.SortFunc(heap, func(a, b ranked) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
	hits := make([]Hit, 0, to-from)
	for _, r := range heap[from:] {
		hits = append(hits, Hit{ID: x.ids[r.slot], Score: r.score})
	}
	return hits
}

// up and down keep h a heap with the last in order (the worst) at its root.
func up(h []ranked, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h[p].before(h[i]) {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func down(h []ranked, i int) {
	for {
		w := i
		for _, c := range []int{2*i + 1, 2*i + 2} {
			if c < len(h) && h[w].before(h[c]) {
				w = c
			}
		}
		if w == i {
			return
		}
		h[w], h[i] = h[i], h[w]
		i = w
	}
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
	_, total, counts = x.tally(set, filters)
	return total, counts
}

// tally returns the sheets of set (live sheets) that pass every filter, how many they are, and
// the disjunctive counts: per facet, the sheets that pass the filters of the other facets
// counted per term. (A sheet that fails exactly one facet's filter counts in that facet only:
// choosing one of its terms there would bring it in.) The sets are ANDs of set with the
// union of each filter's terms (termSheets); the counts come from countFacet.
func (x *Index) tally(set bitset, filters map[catalog.Facet][]int64) (passing bitset, total int, counts map[catalog.Facet]map[int64]int) {
	// Per filtered facet the sheets with one of its chosen terms; a term no sheet carries
	// adds none, so a facet whose chosen terms are all unknown passes nothing.
	unions := make([]bitset, nf)
	filtered := 0
	for fi, f := range catalog.Facets {
		if len(filters[f]) == 0 {
			continue
		}
		filtered++
		u := newBitset(len(set) * 64)
		for _, id := range filters[f] {
			if d, ok := x.dense[fi][id]; ok {
				u.or(x.termSheets[fi][d])
			}
		}
		unions[fi] = u
	}
	passing = slices.Clone(set)
	for _, u := range unions {
		if u != nil {
			passing.and(u)
		}
	}
	counts = make(map[catalog.Facet]map[int64]int, nf)
	n := make([]int32, 0, 64)
	for fi, f := range catalog.Facets {
		base := passing
		if unions[fi] != nil {
			// The other facets' filters only.
			base = slices.Clone(set)
			for fj, u := range unions {
				if u != nil && fj != fi {
					base.and(u)
				}
			}
		}
		n = x.countFacet(fi, base, n)
		counts[f] = map[int64]int{}
		for d, c := range n {
			if c > 0 {
				counts[f][x.termIDs[fi][d]] = int(c)
			}
		}
	}
	return passing, passing.count(), counts
}

// countFacet returns, per dense term of facet fi, how many sheets of set carry it, in n
// (reused). It either reads the terms of each sheet of set, or counts the sheets of set in
// each term's set (termSheets) over the words of set that hold any, whichever is less work:
// about eight steps per sheet against one per term and word.
func (x *Index) countFacet(fi int, set bitset, n []int32) []int32 {
	n = slices.Grow(n[:0], len(x.termIDs[fi]))[:len(x.termIDs[fi])]
	clear(n)
	words := make([]int32, 0, len(set))
	sheets := 0
	for i, w := range set {
		if w != 0 {
			words = append(words, int32(i))
			sheets += bits.OnesCount64(w)
		}
	}
	if sheets*8 <= len(words)*len(n) {
		for s := range set.all() {
			for _, d := range x.facetTerms(s, fi) {
				n[d]++
			}
		}
		return n
	}
	for d, t := range x.termSheets[fi] {
		c := 0
		if len(words) == len(set) && len(t) >= len(set) {
			t = t[:len(set)]
			for i, w := range set {
				c += bits.OnesCount64(w & t[i])
			}
		} else {
			for _, i := range words {
				if int(i) < len(t) {
					c += bits.OnesCount64(set[i] & t[i])
				}
			}
		}
		n[d] = int32(c)
	}
	return n
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
		eachWeighted(x.postings[n], func(slot uint32, wtf uint32) {
			if x.live.has(slot) && int(slot) < len(x.ids) {
				ps = append(ps, posting{slot, wtf})
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
