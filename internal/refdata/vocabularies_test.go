package refdata

import (
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

func TestVocabulariesAreShortAndHaveKeywords(t *testing.T) {
	terms, err := Vocabularies()
	if err != nil {
		t.Fatal(err)
	}
	per := map[catalog.Facet]int{}
	for _, term := range terms {
		per[term.Facet]++
		if len(term.Keywords) == 0 {
			t.Errorf("%s/%s has no keywords", term.Facet, term.Slug)
		}
	}
	// Facets of a size that filters well: enough terms to choose from, few enough to scan.
	for _, f := range []catalog.Facet{catalog.FacetGoal, catalog.FacetTargetGroup} {
		if n := per[f]; n < 10 || n > 25 {
			t.Errorf("%s has %d terms, want 10 to 25", f, n)
		}
	}
}
