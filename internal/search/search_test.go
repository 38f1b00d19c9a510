package search

import (
	"cmp"
	"encoding/binary"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// build makes an index of docs (any order) the way the store does: in title order.
func build(t *testing.T, version int64, syn *Synonyms, docs []Doc) *Index {
	t.Helper()
	docs = slices.Clone(docs)
	slices.SortFunc(docs, byTitle)
	x, err := Build(version, syn, func(yield func(Doc) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func byTitle(a, b Doc) int {
	return cmp.Or(strings.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
}

// doc is a sheet with a title, an intro and a body, each a list of stems.
func doc(id int64, published int64, title, intro, body string, terms ...[]int64) Doc {
	d := Doc{ID: id, Stamp: 1, Published: published, Title: title, Terms: make([][]int64, len(catalog.Facets))}
	copy(d.Terms, terms)
	count := map[string]*Stem{}
	var order []string
	for fi, text := range []string{title, intro, "", body} {
		for _, w := range strings.Fields(text) {
			if count[w] == nil {
				count[w] = &Stem{Text: w}
				order = append(order, w)
			}
			count[w].Freqs[fi]++
		}
	}
	for _, w := range order {
		d.Stems = append(d.Stems, *count[w])
	}
	return d
}

func word(stems ...string) Clause { return Clause{{All: [][]string{stems}}} }

func ids(r Result) []int64 {
	var out []int64
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func search(t *testing.T, x *Index, q Query) Result {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 20
	}
	r, err := x.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var (
	cat  = catalog.FacetCategory
	muni = catalog.FacetMunicipality
)

// terms gives category and municipality terms (the first and fourth facets).
func terms(cats, munis []int64) [][]int64 { return [][]int64{cats, nil, nil, munis, nil} }

func TestParseTSVector(t *testing.T) {
	got, err := ParseTSVector(`'buurt':1A,5,8 'huis':3B,4C,9 'it''s':2 'kaal' 'a\\b':7D`)
	if err != nil {
		t.Fatal(err)
	}
	want := []Stem{
		{"buurt", [4]uint16{1, 0, 0, 2}},
		{"huis", [4]uint16{0, 1, 1, 1}},
		{"it's", [4]uint16{0, 0, 0, 1}},
		{"kaal", [4]uint16{0, 0, 0, 1}},
		{`a\b`, [4]uint16{0, 0, 0, 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	for _, bad := range []string{`buurt`, `'buurt`, `'buurt':`, `'buurt':x`} {
		if _, err := ParseTSVector(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// tsvectorSend writes lexemes as PostgreSQL's tsvectorsend does: per lexeme its text, a zero
// byte, the number of positions and each position with its weight (3 A … 0 D) on top.
func tsvectorSend(lexemes []string, positions [][]uint16) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(lexemes)))
	for i, l := range lexemes {
		b = append(append(b, l...), 0)
		b = binary.BigEndian.AppendUint16(b, uint16(len(positions[i])))
		for _, p := range positions[i] {
			b = binary.BigEndian.AppendUint16(b, p)
		}
	}
	return b
}

// The binary form reads as the text form does.
func TestReadTSVector(t *testing.T) {
	const a, bw, c = 3 << 14, 2 << 14, 1 << 14
	got, err := ReadTSVector(tsvectorSend(
		[]string{"buurt", "huis", "it's", "kaal", `a\b`, "één"},
		[][]uint16{{1 | a, 5, 8}, {3 | bw, 4 | c, 9}, {2}, nil, {7}, {11, 12}}))
	if err != nil {
		t.Fatal(err)
	}
	want, err := ParseTSVector(`'buurt':1A,5,8 'huis':3B,4C,9 'it''s':2 'kaal' 'a\\b':7D 'één':11,12`)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	whole := tsvectorSend([]string{"buurt"}, [][]uint16{{1, 2}})
	for _, bad := range [][]byte{nil, {0, 0}, whole[:len(whole)-1], append(whole, 0), whole[:8]} {
		if _, err := ReadTSVector(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	if got, err := ReadTSVector(tsvectorSend(nil, nil)); err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
}

func TestPostings(t *testing.T) {
	var list []byte
	last := int64(-1)
	type p struct {
		slot uint32
		f    freqs
	}
	want := []p{{0, freqs{1, 0, 0, 0}}, {1, freqs{0, 3, 1, 500}}, {300, freqs{2, 0, 0, 1}}, {1 << 20, freqs{0, 0, 0, 0}}}
	for _, w := range want {
		list = appendPosting(list, last, w.slot, w.f)
		last = int64(w.slot)
	}
	var got []p
	eachPosting(list, func(slot uint32, f freqs) { got = append(got, p{slot, f}) })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// Three or more in a small field count as three.
	if f := unpack(freqs{7, 7, 7, 7}.pack()); f != (freqs{3, 3, 3, 7}) {
		t.Errorf("saturated: %v", f)
	}
	if len(list) > 13 {
		t.Errorf("4 postings take %d bytes", len(list))
	}
}

// The weighted frequency of a packed posting is that of its unpacked frequencies.
func TestWeightedPacked(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 10_000 {
		v := r.Uint64N(1 << 24)
		if got, want := weightedPacked(v), unpack(v).weighted(); got != want {
			t.Fatalf("%#x: %d, want %d", v, got, want)
		}
	}
	for _, f := range []freqs{{0, 0, 0, 0}, {3, 3, 3, 65535}, {1, 2, 0, 7}} {
		if got, want := weightedPacked(f.pack()), f.weighted(); got != want {
			t.Errorf("%v: %d, want %d", f, got, want)
		}
	}
}

// The matches: every clause, any alternative, any stem of a part and every part.
func TestMatch(t *testing.T) {
	x := build(t, 1, nil, []Doc{
		doc(1, 100, "buurt", "", "huis kind"),
		doc(2, 200, "kind", "", "opvang"),
		doc(3, 300, "kinderopvang", "", "buurt huis"),
		doc(4, 400, "sport", "", "club"),
	})
	for _, tt := range []struct {
		name    string
		clauses []Clause
		want    []int64 // newest first
	}{
		{"one stem", []Clause{word("huis")}, []int64{3, 1}},
		{"any stem", []Clause{word("opvang", "kinderopvang")}, []int64{3, 2}},
		{"every clause", []Clause{word("huis"), word("kind")}, []int64{1}},
		{"unknown stem", []Clause{word("zwembad")}, nil},
		{"a known and an unknown", []Clause{word("huis"), word("zwembad")}, nil},
		{"every part", []Clause{{{All: [][]string{{"buurt"}, {"huis"}}}}}, []int64{3, 1}},
		{"either alternative", []Clause{{{All: [][]string{{"sport"}}}, {All: [][]string{{"opvang"}}}}}, []int64{4, 2}},
		{"every sheet", nil, []int64{4, 3, 2, 1}},
	} {
		r := search(t, x, Query{Clauses: tt.clauses})
		if got := ids(r); !slices.Equal(got, tt.want) || r.Total != len(tt.want) {
			t.Errorf("%s: %v (total %d), want %v", tt.name, got, r.Total, tt.want)
		}
	}
}

// Filters: OR within a facet, AND across; a sheet that fails one facet counts in that facet.
func TestFiltersAndCounts(t *testing.T) {
	const (
		welzijn, sport = 10, 11
		genk, aalst    = 20, 21
	)
	x := build(t, 1, nil, []Doc{
		doc(1, 100, "a", "", "", terms([]int64{welzijn}, []int64{genk})...),
		doc(2, 200, "b", "", "", terms([]int64{welzijn}, []int64{aalst})...),
		doc(3, 300, "c", "", "", terms([]int64{sport}, []int64{genk})...),
		doc(4, 400, "d", "", "", terms([]int64{sport}, []int64{aalst})...),
		doc(5, 500, "e", "", "", terms(nil, []int64{genk, aalst})...),
	})
	r := search(t, x, Query{Filters: map[catalog.Facet][]int64{cat: {welzijn}, muni: {genk}}})
	if got := ids(r); !slices.Equal(got, []int64{1}) {
		t.Errorf("welzijn in Genk: %v, want [1]", got)
	}
	// Categories under the Genk filter: welzijn 1 (sheet 1), sport 1 (sheet 3); sheet 5 has
	// no category. Municipalities under the welzijn filter: Genk 1, Aalst 1.
	want := map[catalog.Facet]map[int64]int{cat: {welzijn: 1, sport: 1}, muni: {genk: 1, aalst: 1}}
	for f, w := range want {
		if !reflect.DeepEqual(r.Counts[f], w) {
			t.Errorf("counts of %s: %v, want %v", f, r.Counts[f], w)
		}
	}
	if r := search(t, x, Query{Filters: map[catalog.Facet][]int64{muni: {genk, aalst}}}); r.Total != 5 {
		t.Errorf("Genk or Aalst: total %d, want 5", r.Total)
	}
	if r := search(t, x, Query{Filters: map[catalog.Facet][]int64{cat: {999}}}); r.Total != 0 {
		t.Errorf("an unknown term: total %d, want 0", r.Total)
	}
	total, counts := x.Count([]int64{1, 3, 5, 99}, map[catalog.Facet][]int64{muni: {genk}})
	if total != 3 || counts[cat][welzijn] != 1 || counts[cat][sport] != 1 {
		t.Errorf("Count: %d %v", total, counts)
	}
}

func TestOrdersAndPages(t *testing.T) {
	x := build(t, 1, nil, []Doc{
		doc(1, 300, "beta", "", "x"),
		doc(2, 300, "alfa", "", "x"),
		doc(3, NoDate, "gamma", "", "x"),
		doc(4, 100, "delta", "", "x"),
	})
	if got := ids(search(t, x, Query{})); !slices.Equal(got, []int64{2, 1, 4, 3}) {
		t.Errorf("newest first: %v, want same date by id descending, no date last", got)
	}
	if got := ids(search(t, x, Query{Sort: ByTitle})); !slices.Equal(got, []int64{2, 1, 4, 3}) {
		t.Errorf("by title: %v", got)
	}
	if got := ids(search(t, x, Query{Sort: ByTitle, Offset: 1, Limit: 2})); !slices.Equal(got, []int64{1, 4}) {
		t.Errorf("page 2 of 2: %v", got)
	}
	if r := search(t, x, Query{Offset: 10, Limit: 2}); len(r.Hits) != 0 || r.Total != 4 {
		t.Errorf("beyond the last page: %v, total %d", ids(r), r.Total)
	}
}

func TestRelevance(t *testing.T) {
	x := build(t, 1, nil, []Doc{
		doc(1, 500, "sport", "", "club opvang"),                     // body once, newest
		doc(2, 100, "opvang", "", "club"),                           // title
		doc(3, 200, "sport", "opvang", "club"),                      // intro
		doc(4, 300, "sport", "", "club opvang opvang opvang"),       // body thrice
		doc(5, 400, "sport", "", "club buurt werking en de opvang"), // body, longer
	})
	r := search(t, x, Query{Clauses: []Clause{word("opvang")}, Words: []string{"opvang"}, Sort: ByRelevance})
	if got := ids(r); !slices.Equal(got, []int64{2, 3, 4, 1, 5}) {
		t.Errorf("title, intro, body thrice, body once, body once in a longer text: got %v", got)
	}
	for i := 1; i < len(r.Hits); i++ {
		if r.Hits[i].Score > r.Hits[i-1].Score {
			t.Errorf("scores not descending: %v", r.Hits)
		}
	}
	// A sheet found only through the parts of a compound comes after the others, whatever
	// its score.
	compound := []Clause{{{All: [][]string{{"buurtwerking"}}}, {All: [][]string{{"buurt"}, {"werking"}}, Split: true}}}
	y := build(t, 1, nil, []Doc{
		doc(1, 100, "buurt werking", "buurt werking", "buurt werking"),
		doc(2, 50, "sport", "", "buurtwerking"),
	})
	if got := ids(search(t, y, Query{Clauses: compound, Sort: ByRelevance})); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("compound: %v, want the sheet with the word first", got)
	}
	// Equal scores: newest first.
	z := build(t, 1, nil, []Doc{doc(1, 100, "a", "", "x"), doc(2, 300, "b", "", "x"), doc(3, 200, "c", "", "x")})
	if got := ids(search(t, z, Query{Clauses: []Clause{word("x")}, Sort: ByRelevance})); !slices.Equal(got, []int64{2, 3, 1}) {
		t.Errorf("ties: %v, want newest first", got)
	}
}

func TestSynonyms(t *testing.T) {
	syn := NewSynonyms([]Synonym{
		{Group: 0, Stems: []string{"ocmw"}, Words: []string{"ocmw"}},
		{Group: 0, Stems: []string{"sociaal", "huis"}, Phrase: "'sociaal' <-> 'huis'", Words: []string{"sociaal", "huis"}},
		{Group: 1, Stems: []string{"creche"}, Words: []string{"creche"}},
		{Group: 1, Stems: []string{"kinderopvang"}, Words: []string{"kinderopvang"}},
	})
	x := build(t, 1, syn, []Doc{
		doc(1, 100, "ocmw", "", "hulp"),
		doc(2, 200, "sociaal huis", "", "hulp"),
		doc(3, 300, "huis", "", "sociaal hulp"), // both words, not the phrase
		doc(4, 400, "creche", "", "hulp"),
	})
	asked := 0
	phrases := func(p string) ([]int64, error) {
		asked++
		if p != "'sociaal' <-> 'huis'" {
			t.Errorf("phrase %q", p)
		}
		return []int64{2}, nil
	}
	qw := func(stems ...string) QueryWord { return QueryWord{Own: stems, Alts: stems} }
	for _, tt := range []struct {
		words []QueryWord
		want  []int64
	}{
		{[]QueryWord{qw("ocmw")}, []int64{2, 1}},
		{[]QueryWord{qw("sociaal"), qw("huis")}, []int64{3, 2, 1}},
		{[]QueryWord{qw("kinderopvang")}, []int64{4}},
		{[]QueryWord{qw("hulp"), qw("ocmw")}, []int64{2, 1}},
	} {
		cs, extra := x.Synonyms().Clauses(tt.words)
		if got := ids(search(t, x, Query{Clauses: cs, Phrases: phrases})); !slices.Equal(got, tt.want) {
			t.Errorf("%v: %v, want %v", tt.words, got, tt.want)
		}
		if len(extra) == 0 {
			t.Errorf("%v: no words of synonyms to mark", tt.words)
		}
	}
	if asked != 1 {
		t.Errorf("the phrase was read %d times, want once per index", asked)
	}
	// A compound's parts are an alternative of their own, marked as such.
	cs, extra := (*Synonyms)(nil).Clauses([]QueryWord{{Own: []string{"buurtwerk"}, Alts: []string{"buurtwerk"},
		Split: [][]string{{"buurt"}, {"werk"}}, SplitWords: []string{"buurt", "werking"}}})
	if len(cs) != 1 || len(cs[0]) != 2 || !cs[0][1].Split || !slices.Equal(extra, []string{"buurt", "werking"}) {
		t.Errorf("compound clauses %v, extra %v", cs, extra)
	}
}

// TestUpdateIsBuild: an index updated with changes, step by step, answers every query as
// an index built afresh from the same sheets does: the same hits in the same order with the
// same scores, totals and counts.
func TestUpdateIsBuild(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"buurt", "huis", "kind", "opvang", "sport", "club", "werk", "school", "zorg", "taal", "groen", "fiets"}
	words := func(n int) string {
		var w []string
		for range n {
			w = append(w, vocab[rng.IntN(len(vocab))])
		}
		return strings.Join(w, " ")
	}
	nextID := int64(1)
	newDoc := func(id int64) Doc {
		var cats, munis []int64
		for range rng.IntN(3) {
			cats = append(cats, 10+rng.Int64N(4))
		}
		for range rng.IntN(3) {
			munis = append(munis, 20+rng.Int64N(6))
		}
		pub := 1000 + rng.Int64N(50)
		if rng.IntN(20) == 0 {
			pub = NoDate
		}
		d := doc(id, pub, words(1+rng.IntN(3)), words(rng.IntN(6)), words(rng.IntN(30)), terms(cats, munis)...)
		d.Stamp = rng.Uint32()
		return d
	}
	current := map[int64]Doc{}
	for range 60 {
		current[nextID] = newDoc(nextID)
		nextID++
	}
	all := func() []Doc {
		var out []Doc
		for _, d := range current {
			out = append(out, d)
		}
		return out
	}
	x := build(t, 1, nil, all())
	queries := []Query{{}, {Sort: ByTitle}, {Filters: map[catalog.Facet][]int64{cat: {10, 11}, muni: {20}}}}
	for _, w := range vocab[:6] {
		queries = append(queries,
			Query{Clauses: []Clause{word(w)}, Words: []string{w}, Sort: ByRelevance},
			Query{Clauses: []Clause{word(w, "zorg")}, Sort: ByRelevance, Filters: map[catalog.Facet][]int64{muni: {21, 22}}},
			Query{Clauses: []Clause{word(w), word("huis")}, Sort: ByNewest},
			Query{Clauses: []Clause{word(w)}, Sort: ByTitle, Filters: map[catalog.Facet][]int64{cat: {12}}})
	}
	for round := int64(2); round <= 30; round++ {
		var remove []int64
		var add []Doc
		for range 1 + rng.IntN(4) {
			switch op := rng.IntN(3); {
			case op == 0 || len(current) < 10: // publish a new sheet
				d := newDoc(nextID)
				nextID++
				current[d.ID] = d
				add = append(add, d)
			case op == 1: // change one
				for id := range current {
					if slices.ContainsFunc(add, func(d Doc) bool { return d.ID == id }) || slices.Contains(remove, id) {
						continue
					}
					d := newDoc(id)
					current[id] = d
					add = append(add, d)
					break
				}
			default: // withdraw one
				for id := range current {
					if slices.ContainsFunc(add, func(d Doc) bool { return d.ID == id }) || slices.Contains(remove, id) {
						continue
					}
					delete(current, id)
					remove = append(remove, id)
					break
				}
			}
		}
		// The new sheets in title order, each with the sheet before it in the new version.
		order := all()
		slices.SortFunc(order, byTitle)
		slices.SortFunc(add, byTitle)
		for i := range add {
			k := slices.IndexFunc(order, func(d Doc) bool { return d.ID == add[i].ID })
			if k > 0 {
				add[i].TitleAfter = order[k-1].ID
			}
		}
		old := x
		var err error
		if x, err = x.Update(round, nil, remove, add); err != nil {
			t.Fatal(err)
		}
		fresh := build(t, round, nil, all())
		if x.Len() != len(current) || x.Version() != round {
			t.Fatalf("round %d: %d sheets at version %d, want %d at %d", round, x.Len(), x.Version(), len(current), round)
		}
		for _, q := range queries {
			q.Limit = 1000
			got, want := search(t, x, q), search(t, fresh, q)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, query %+v:\nupdated %v\nbuilt   %v", round, q, got, want)
			}
		}
		for id, d := range current {
			if st, ok := x.Stamp(id); !ok || st != d.Stamp {
				t.Fatalf("round %d: stamp of %d: %d %v, want %d", round, id, st, ok, d.Stamp)
			}
		}
		// The version before is unchanged by the update.
		if round == 2 {
			defer func(old *Index, n int) {
				if old.Len() != n || len(search(t, old, Query{Limit: 1000}).Hits) != n {
					t.Errorf("the first index changed: %d sheets, want %d", old.Len(), n)
				}
			}(old, old.Len())
		}
	}
	if x.Dead() == 0 {
		t.Error("no dead slots: the test changed nothing")
	}
	t.Logf("%d sheets, %d dead slots", x.Len(), x.Dead())
}
