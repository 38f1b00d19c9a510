package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/refdata"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// The facets "doel" and "doelgroep" filter on short terms that the seeds share, while each
// sheet keeps its own sentences.
func TestSeedsAreTaggedWithSharedTerms(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	all, err := st.Search(ctx, store.SearchQuery{PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string]int64{}
	for _, h := range all.Hits {
		bySlug[h.Slug] = h.ID
	}
	for _, c := range []struct {
		facet catalog.Facet
		slug  string
	}{{catalog.FacetTargetGroup, "jonge-kinderen"}, {catalog.FacetTargetGroup, "gezinnen"}} {
		term, err := st.TermBySlug(ctx, c.facet, c.slug)
		if err != nil {
			t.Fatalf("term %s: %v", c.slug, err)
		}
		if n := all.Counts[c.facet][term.ID]; n < 2 {
			t.Errorf("%s %q counts %d sheets, want the talent coaches and the childcare sheet", c.facet, term.Label, n)
		}
		res, err := st.Search(ctx, store.SearchQuery{Filters: map[catalog.Facet][]int64{c.facet: {term.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		got := titles(res.Hits)
		for _, want := range []string{"Talentcoaches (Genk)", "Opvoedingsondersteuning voor anderstalige ouders met jonge kinderen"} {
			if !slices.Contains(got, want) {
				t.Errorf("filter %s=%s gives %q, want %q among them", c.facet, c.slug, got, want)
			}
		}
	}
	// Counts above one: a facet of one-off sentences would count 1 everywhere.
	for _, f := range []catalog.Facet{catalog.FacetGoal, catalog.FacetTargetGroup} {
		shared := 0
		for _, n := range all.Counts[f] {
			if n > 1 {
				shared++
			}
		}
		if shared == 0 {
			t.Errorf("no %s term is shared by two seeds: %v", f, all.Counts[f])
		}
	}
	// Every sentence of every seed stays on its sheet, word for word.
	for _, sd := range refdata.Seeds() {
		src := strings.Join(strings.Fields(string(sd.Data)), " ")
		sh, err := st.SheetBySlug(ctx, slugOfSource(t, st, sd.Name))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range append(slices.Clone(sh.Goals), sh.TargetGroups...) {
			if !strings.Contains(src, strings.Join(strings.Fields(s), " ")) {
				t.Errorf("%s: sentence %q is not in the source", sd.Name, s)
			}
		}
		if len(sh.Goals)+len(sh.TargetGroups) > 0 && len(sh.Terms[catalog.FacetGoal])+len(sh.Terms[catalog.FacetTargetGroup]) == 0 {
			t.Errorf("%s: sentences %q %q got no term", sd.Name, sh.Goals, sh.TargetGroups)
		}
	}
}

func slugOfSource(t *testing.T, st *store.Store, name string) string {
	t.Helper()
	res, err := st.Search(context.Background(), store.SearchQuery{PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		sh, err := st.SheetBySlug(context.Background(), h.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if sh.Source == "import:"+name {
			return sh.Slug
		}
	}
	t.Fatalf("no sheet from %s", name)
	return ""
}

func TestSuggestTermsOnStems(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	tests := []struct {
		facet    catalog.Facet
		sentence string
		want     []string // labels that must be suggested
		untagged bool
		not      []string // labels that must not be suggested
	}{
		{catalog.FacetTargetGroup, "Mensen in armoede in het Meetjesland", []string{"Mensen in armoede"}, false, nil},
		{catalog.FacetTargetGroup, "Vijfjarige KLEUTERS die binnenkort de overstap maken naar het eerste leerjaar, en hun gezin",
			[]string{"Jonge kinderen (0-6 jaar)", "Gezinnen en ouders"}, false, nil},
		{catalog.FacetTargetGroup, "Nieuwkomers", []string{"Nieuwkomers en inburgeraars"}, false, nil},
		{catalog.FacetGoal, "Kinderarmoede bestrijden", []string{"Armoede bestrijden"}, false, nil},
		{catalog.FacetGoal, "Het Nederlands oefenen in de vrije tijd", []string{"Nederlands leren en oefenen", "Deelnemen aan vrije tijd"}, false, nil},
		{catalog.FacetGoal, "Crèche en buitenschoolse opvang", []string{"Toegang tot kinderopvang"}, false, nil}, // accents
		{catalog.FacetGoal, "Xylofoons stemmen", nil, true, nil},
		// "ouders" and "ouderen" share the stem "ouder"; "kinderen" sits inside "jonge kinderen".
		{catalog.FacetTargetGroup, "Anderstalige ouders met jonge kinderen",
			[]string{"Gezinnen en ouders", "Jonge kinderen (0-6 jaar)"}, false, []string{"Ouderen", "Kinderen (6-12 jaar)"}},
		{catalog.FacetTargetGroup, "Ouderen in het woonzorgcentrum", []string{"Ouderen"}, false, []string{"Gezinnen en ouders"}},
		{catalog.FacetTargetGroup, "Kinderen van de lagere school en hun ouders",
			[]string{"Kinderen (6-12 jaar)", "Gezinnen en ouders"}, false, []string{"Ouderen"}},
	}
	for _, tt := range tests {
		labels, untagged, err := st.SuggestTerms(ctx, tt.facet, []string{tt.sentence})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !slices.Contains(labels, w) {
				t.Errorf("%q: suggested %q, want %q among them", tt.sentence, labels, w)
			}
		}
		for _, n := range tt.not {
			if slices.Contains(labels, n) {
				t.Errorf("%q: suggested %q, want no %q", tt.sentence, labels, n)
			}
		}
		if (len(untagged) == 1) != tt.untagged {
			t.Errorf("%q: untagged = %q", tt.sentence, untagged)
		}
	}
}
