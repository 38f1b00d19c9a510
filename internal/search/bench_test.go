package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"syscall"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// A synthetic catalogue for the benchmarks, shaped like the generated one of `make bench`
// (internal/generate): per facet a vocabulary whose terms are drawn with Zipf-like popularity
// (weight 1/(rank+1)), a few terms per sheet, and per sheet about 180 distinct stems out of a
// vocabulary of 6,000, also Zipf-like, so that common stems are in most sheets and rare ones
// in a handful.
const (
	synthStems    = 6000
	synthPerSheet = 180
)

// synthFacets is per facet the vocabulary size and the chances of 1, 2, … terms on a sheet.
var synthFacets = []struct {
	terms int
	count []float64
}{
	{20, []float64{0.45, 0.35, 0.15, 0.05}},              // categorie
	{60, []float64{0.25, 0.30, 0.25, 0.13, 0.07}},        // doel
	{40, []float64{0.50, 0.35, 0.15}},                    // doelgroep
	{300, []float64{0.40, 0.25, 0.15, 0.10, 0.06, 0.04}}, // gemeente (over the local variants)
	{25, []float64{0.15, 0.25, 0.25, 0.18, 0.10, 0.07}},  // beleidsdomein
}

type zipf struct{ cum []float64 }

func newZipf(n int) zipf {
	z := zipf{cum: make([]float64, n)}
	sum := 0.0
	for r := range n {
		sum += 1 / float64(r+1)
		z.cum[r] = sum
	}
	for r := range z.cum {
		z.cum[r] /= sum
	}
	return z
}

func (z zipf) draw(r *rand.Rand) int {
	i, _ := slices.BinarySearch(z.cum, r.Float64())
	return min(i, len(z.cum)-1)
}

func drawCount(r *rand.Rand, chances []float64) int {
	p := r.Float64()
	for i, c := range chances {
		if p < c {
			return i + 1
		}
		p -= c
	}
	return len(chances)
}

func synthStem(n int) string { return fmt.Sprintf("w%04d", n) }

var stemZipf = newZipf(synthStems)

// synthStems returns the stems of synthetic sheet id, the same on every call.
func synthSheetStems(id int64) []Stem {
	r := rand.New(rand.NewPCG(uint64(id), 5))
	seen := map[int]bool{}
	stems := make([]Stem, 0, synthPerSheet)
	for len(stems) < synthPerSheet {
		st := stemZipf.draw(r)
		if seen[st] {
			continue
		}
		seen[st] = true
		var f [numFields]uint16
		switch k := r.IntN(40); {
		case k < 2:
			f[FieldTitle] = 1
		case k < 6:
			f[FieldIntro] = 1
		case k < 8:
			f[FieldTerms] = 1
		}
		f[FieldBody] = uint16(1 + r.IntN(3))
		stems = append(stems, Stem{Text: synthStem(st), Freqs: f})
	}
	return stems
}

// synthDocs returns n synthetic sheets in title order, without their stems (a hundred
// megabytes at 100,000 sheets: Build gets them one by one from synthSheetStems).
func synthDocs(n int) []Doc {
	r := rand.New(rand.NewPCG(1, 2))
	var termZipf []zipf
	for _, f := range synthFacets {
		termZipf = append(termZipf, newZipf(f.terms))
	}
	docs := make([]Doc, n)
	start := int64(1_600_000_000_000_000)
	for i := range docs {
		d := Doc{ID: int64(i + 1), Stamp: 1, Published: start + r.Int64N(5*365*24*3600*1_000_000), Terms: make([][]int64, nf)}
		if r.IntN(50) == 0 {
			d.Published = NoDate
		}
		for fi, f := range synthFacets {
			k := drawCount(r, f.count)
			for len(d.Terms[fi]) < k {
				t := int64(fi*1000 + termZipf[fi].draw(r))
				if !slices.Contains(d.Terms[fi], t) {
					d.Terms[fi] = append(d.Terms[fi], t)
				}
			}
		}
		d.Title = fmt.Sprintf("%s %s %d", synthStem(stemZipf.draw(r)), synthStem(stemZipf.draw(r)), r.IntN(1000))
		docs[i] = d
	}
	slices.SortFunc(docs, byTitle)
	return docs
}

type synthetic struct {
	once sync.Once
	x    *Index
	docs []Doc
}

var synth = map[int]*synthetic{10_000: {}, 100_000: {}}

// synthIndex builds the index of n (10,000 or 100,000) synthetic sheets once per test binary.
func synthIndex(n int) (*Index, []Doc) {
	s := synth[n]
	s.once.Do(func() {
		s.docs = synthDocs(n)
		x, err := Build(1, nil, func(yield func(Doc) error) error {
			for _, d := range s.docs {
				d.Stems = synthSheetStems(d.ID)
				if err := yield(d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			panic(err)
		}
		s.x = x
	})
	return s.x, s.docs
}

func synthQueries(docs []Doc, n int, words bool) []Query {
	r := rand.New(rand.NewPCG(3, 4))
	qs := make([]Query, n)
	for i := range qs {
		d := docs[r.IntN(len(docs))]
		q := Query{Filters: map[catalog.Facet][]int64{}, Limit: 20, Sort: ByNewest}
		if words {
			stems := synthSheetStems(d.ID)
			st := stems[r.IntN(len(stems))].Text
			alts := []string{st}
			for range r.IntN(4) {
				alts = append(alts, synthStem(r.IntN(synthStems)))
			}
			q.Clauses = []Clause{{{All: [][]string{alts}}}}
			q.Words = []string{st}
			q.Sort = ByRelevance
		}
		fis := r.Perm(nf)[:2]
		for _, fi := range fis {
			ts := d.Terms[fi]
			q.Filters[catalog.Facets[fi]] = []int64{ts[r.IntN(len(ts))]}
		}
		qs[i] = q
	}
	return qs
}

// benchQueries runs qs in turn and reports, beside the time, the CPU time per search of the
// whole process (collector included), which depends far less on the machine's load.
func benchQueries(b *testing.B, qs []Query) {
	x, _ := synthIndex(100_000)
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for i := 0; b.Loop(); i++ {
		if _, err := x.Search(qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(n), "cpu-ns/op")
}

// cpuTime is the CPU time the process used so far, in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkSearch100k is part (a) of `make bench` on the index alone: a word and two facet
// filters, by relevance, over 100,000 sheets; WithoutWords is two facet filters, newest
// first; OneWord a word without filters.
func BenchmarkSearch100k(b *testing.B) {
	_, docs := synthIndex(100_000)
	b.Run("WordTwoFacets", func(b *testing.B) { benchQueries(b, synthQueries(docs, 1000, true)) })
	b.Run("TwoFacets", func(b *testing.B) { benchQueries(b, synthQueries(docs, 1000, false)) })
	b.Run("OneWord", func(b *testing.B) {
		qs := synthQueries(docs, 1000, true)
		for i := range qs {
			qs[i].Filters = nil
		}
		benchQueries(b, qs)
	})
	b.Run("Everything", func(b *testing.B) {
		benchQueries(b, []Query{{Limit: 20}, {Limit: 20, Sort: ByTitle}})
	})
}

// The benchmark's catalogue looks like the generated one: common stems in most sheets, a
// facet's first term in a large share of them.
func TestSynthIndexShape(t *testing.T) {
	x, _ := synthIndex(10_000)
	if x.Len() != 10_000 {
		t.Fatalf("%d sheets", x.Len())
	}
	common := x.postingsOf([]string{synthStem(0)}, nil).count()
	rare := x.postingsOf([]string{synthStem(synthStems - 1)}, nil).count()
	if common < 5_000 || rare > 200 || rare == 0 {
		t.Errorf("stem in %d and %d sheets", common, rare)
	}
}
