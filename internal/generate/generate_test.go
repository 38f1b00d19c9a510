package generate

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

var testNow = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func newTestGenerator(t testing.TB, seed uint64) *Generator {
	t.Helper()
	rows, _, err := app.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(Options{Seed: seed, Municipalities: Municipalities(rows), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestDeterministic(t *testing.T) {
	a, b := newTestGenerator(t, 42), newTestGenerator(t, 42)
	for _, i := range []int{0, 1, 17, 9999} {
		if !reflect.DeepEqual(a.Sheet(i), b.Sheet(i)) {
			t.Fatalf("sheet %d differs between two generators with the same seed", i)
		}
	}
	// Sheet i does not depend on the others, nor on how they are batched.
	whole := a.Batch(0, 300, NewSlugSet())
	set := NewSlugSet()
	parts := append(b.Batch(0, 7, set), b.Batch(7, 293, set)...)
	if !reflect.DeepEqual(whole, parts) {
		t.Fatal("batching changes the sheets")
	}
	if a.Sheet(5).Source != "generate:42:5" {
		t.Errorf("source %q", a.Sheet(5).Source)
	}
	other := newTestGenerator(t, 43)
	same := 0
	for i := range 50 {
		if other.Sheet(i).Title == a.Sheet(i).Title {
			same++
		}
	}
	if same > 5 {
		t.Errorf("seeds 42 and 43 share %d of 50 titles", same)
	}
}

func TestVocabulary(t *testing.T) {
	sizes := map[catalog.Facet][2]int{ // about 15, the starting vocabularies of 10 to 25, 25
		catalog.FacetCategory:     {12, 18},
		catalog.FacetGoal:         {10, 25},
		catalog.FacetTargetGroup:  {10, 25},
		catalog.FacetPolicyDomain: {20, 30},
	}
	for f, labels := range Vocabulary() {
		if n := len(labels); n < sizes[f][0] || n > sizes[f][1] {
			t.Errorf("%s: %d terms, want %d–%d", f, n, sizes[f][0], sizes[f][1])
		}
		// The store matches terms by folded label and by slug: no two may coincide.
		seen := map[string]string{}
		for _, l := range labels {
			k := catalog.Slugify(l)
			if k == "" || seen[k] != "" {
				t.Errorf("%s: %q and %q have the same slug %q", f, seen[k], l, k)
			}
			seen[k] = l
		}
	}
	rows, _, err := app.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	current := map[string]bool{}
	for _, m := range Municipalities(rows) {
		current[m.Label] = true
	}
	if len(current) < 280 || len(current) > 320 {
		t.Errorf("%d current municipalities, want about 300", len(current))
	}
	for name := range bigCities {
		if !current[name] {
			t.Errorf("big city %q is not a current municipality", name)
		}
	}
}

// TestSpreads generates a few thousand sheets and checks that every count is within its
// bounds and that popularity is skewed the way a real catalogue is.
func TestSpreads(t *testing.T) {
	g := newTestGenerator(t, 1)
	const n = 3000
	sheets := g.Batch(0, n, NewSlugSet())
	bounds := map[catalog.Facet][2]int{
		catalog.FacetCategory:     {1, 4},
		catalog.FacetGoal:         {1, 5},
		catalog.FacetTargetGroup:  {1, 3},
		catalog.FacetPolicyDomain: {1, 6},
	}
	vocab := Vocabulary()
	use := map[catalog.Facet]map[string]int{}
	muniUse := map[string]int{}
	slugs := map[string]bool{}
	years := map[int]int{}
	email := regexp.MustCompile(`^[a-z0-9.]+@[a-z0-9]+\.be$`)
	for _, sh := range sheets {
		if sh.Title == "" || sh.Intro == "" || sh.Slug == "" || sh.SuccessFactors == "" || sh.Partners == "" {
			t.Fatalf("%s: empty field: %+v", sh.Source, sh)
		}
		if sh.Slug != catalog.Slugify(sh.Slug) || slugs[sh.Slug] {
			t.Fatalf("%s: slug %q not a unique slug", sh.Source, sh.Slug)
		}
		slugs[sh.Slug] = true
		if sh.Status != catalog.StatusPublished {
			t.Fatalf("%s: status %q", sh.Source, sh.Status)
		}
		if p := len(strings.Split(sh.Description, "\n\n")); p < 2 || p > 6 {
			t.Fatalf("%s: %d paragraphs", sh.Source, p)
		}
		if k := strings.Count("\n"+sh.SuccessFactors, "\n- "); k < 1 || k > 5 {
			t.Fatalf("%s: %d success factors", sh.Source, k)
		}
		if strings.ContainsAny(sh.Title+sh.Intro+sh.Description, "{}") {
			t.Fatalf("%s: unfilled template: %q", sh.Source, sh.Title+sh.Intro+sh.Description)
		}
		for f, b := range bounds {
			terms := sh.Terms[f]
			if len(terms) < b[0] || len(terms) > b[1] {
				t.Fatalf("%s: %d %s terms, want %d–%d", sh.Source, len(terms), f, b[0], b[1])
			}
			if len(slices.Compact(slices.Sorted(slices.Values(terms)))) != len(terms) {
				t.Fatalf("%s: duplicate %s terms %q", sh.Source, f, terms)
			}
			for _, l := range terms {
				if !slices.Contains(vocab[f], l) {
					t.Fatalf("%s: %s term %q not in the vocabulary", sh.Source, f, l)
				}
				if use[f] == nil {
					use[f] = map[string]int{}
				}
				use[f][l]++
			}
		}
		if len(sh.Terms[catalog.FacetMunicipality]) != 0 {
			t.Fatalf("%s: municipalities belong in the variants", sh.Source)
		}
		if v := len(sh.Variants); v < 1 || v > 4 {
			t.Fatalf("%s: %d variants", sh.Source, v)
		}
		for _, v := range sh.Variants {
			if p := len(v.Places); p < 1 || p > 5 {
				t.Fatalf("%s: variant with %d places", sh.Source, p)
			}
			seen := map[string]bool{}
			for _, p := range v.Places {
				if p.Name == "" || p.TermSlug == "" || seen[p.TermSlug] {
					t.Fatalf("%s: bad or repeated place %+v", sh.Source, p)
				}
				seen[p.TermSlug] = true
				muniUse[p.Name]++
			}
			if v.Text == "" || !email.MatchString(v.Email) || !strings.Contains(v.Contact, v.Email) {
				t.Fatalf("%s: variant text %q, contact %q, e-mail %q", sh.Source, v.Text, v.Contact, v.Email)
			}
		}
		if sh.PublishedAt.After(testNow) || sh.PublishedAt.Before(testNow.Add(-Window)) {
			t.Fatalf("%s: published %s, outside the window", sh.Source, sh.PublishedAt)
		}
		years[testNow.Year()-sh.PublishedAt.Year()]++
	}
	for age := 0; age < 5; age++ {
		if years[age] < n/30 {
			t.Errorf("only %d sheets published %d years ago: %v", years[age], age, years)
		}
	}
	// Zipf-like: every term is used, the most popular one far more than the least.
	for f, labels := range vocab {
		first, last := use[f][labels[0]], use[f][labels[len(labels)-1]]
		if len(use[f]) < len(labels)*9/10 {
			t.Errorf("%s: only %d of %d terms used", f, len(use[f]), len(labels))
		}
		if first < 5*max(last, 1) {
			t.Errorf("%s: most popular term used %d times, least popular %d: not skewed", f, first, last)
		}
	}
	if muniUse["Antwerpen"] < 10*max(muniUse["Herstappe"], 1) || muniUse["Gent"] < 20 {
		t.Errorf("big cities not favoured: Antwerpen %d, Gent %d, Herstappe %d", muniUse["Antwerpen"], muniUse["Gent"], muniUse["Herstappe"])
	}
	if len(muniUse) < 250 {
		t.Errorf("only %d municipalities named in %d sheets", len(muniUse), n)
	}
}

func TestSlugSet(t *testing.T) {
	s := NewSlugSet()
	got := []string{s.Claim("a"), s.Claim("a"), s.Claim("a-2"), s.Claim("a"), s.Claim("")}
	want := []string{"a", "a-2", "a-2-2", "a-3", "praktijk"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Claim = %q, want %q", got, want)
	}
}

func TestNewNeedsMunicipalities(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Error("New without municipalities: no error")
	}
}

// A generated sheet has its own goal and target-group sentences beside its terms, as an
// imported one does, and the sentences of the pool name the terms they stand for.
func TestSentencesBesideTerms(t *testing.T) {
	g := newTestGenerator(t, 42)
	for i := range 200 {
		sh := g.Sheet(i)
		for _, f := range []catalog.Facet{catalog.FacetGoal, catalog.FacetTargetGroup} {
			if len(sh.Terms[f]) == 0 || len(sh.Sentences(f)) == 0 || len(sh.Sentences(f)) > len(sh.Terms[f]) {
				t.Fatalf("sheet %d %s: terms %q, sentences %q", i, f, sh.Terms[f], sh.Sentences(f))
			}
		}
	}
	named := 0
	for _, label := range facetTerms[catalog.FacetGoal] {
		if s := sentencesFor[catalog.FacetGoal][label]; len(s) > 1 || s[0] != label {
			named++
		}
	}
	if named < len(facetTerms[catalog.FacetGoal])/2 {
		t.Errorf("only %d goal terms are named by a sentence of the pool", named)
	}
}
