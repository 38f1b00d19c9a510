package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// An editor edits the keywords of a term; the tagging suggests the term for sentences with
// the new keywords and no longer for the old ones.
func TestTermKeywords(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	ed := editor(t, st)
	term, err := st.TermBySlug(ctx, catalog.FacetTargetGroup, "ouderen")
	if err != nil {
		t.Fatal(err)
	}
	suggests := func(sentence string) bool {
		t.Helper()
		labels, _, err := st.SuggestTerms(ctx, catalog.FacetTargetGroup, []string{sentence})
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(labels, term.Label)
	}
	if !suggests("Senioren in het woonzorgcentrum") || suggests("Grootouders die voor hun kleinkinderen zorgen") {
		t.Fatal("the starting keywords do not tag as expected")
	}
	keywords := store.SplitKeywords("senioren\n grootouders ,Grootouders; 80-plussers\n\n")
	if !slices.Equal(keywords, []string{"senioren", "grootouders", "80-plussers"}) {
		t.Fatalf("SplitKeywords = %q", keywords)
	}
	if err := st.SetTermKeywords(ctx, ed, term.ID, keywords); err != nil {
		t.Fatal(err)
	}
	if got, err := st.TermKeywords(ctx, term.ID); err != nil || !slices.Equal(got, keywords) {
		t.Errorf("keywords = %q, %v", got, err)
	}
	if !suggests("Grootouders die voor hun kleinkinderen zorgen") || suggests("Bewoners van het woonzorgcentrum") {
		t.Error("the new keywords do not tag as expected")
	}
	if last := lastAudit(t, st); last.Action != "update" || last.ObjectType != "term" || last.Detail["keywords"] != "senioren, grootouders, 80-plussers" {
		t.Errorf("last audit entry %+v", last)
	}

	// The sentences of the seeds that keywords match, as the term's page shows them.
	n, examples, err := st.KeywordMatches(ctx, catalog.FacetTargetGroup, []string{"inburgeraar", "inburgeringstraject"}, 5)
	if err != nil || n == 0 || len(examples) == 0 {
		t.Fatalf("matches = %d %q, %v", n, examples, err)
	}
	for _, ex := range examples {
		if !suggestsFor(t, st, catalog.FacetTargetGroup, ex, "Nieuwkomers en inburgeraars") {
			t.Errorf("%q is shown as matching, but is not tagged with the term whose keywords these are", ex)
		}
	}

	for _, tt := range []struct {
		keywords []string
		want     store.KeywordProblem
		word     string
	}{
		{[]string{"senioren", "van het"}, store.KeywordOnlyStopWords, "van het"},
		{[]string{"een heel lang trefwoord dat eigenlijk een hele zin is en geen trefwoord meer"}, store.KeywordTooLong,
			"een heel lang trefwoord dat eigenlijk een hele zin is en geen trefwoord meer"},
	} {
		var ke *store.KeywordError
		if err := st.SetTermKeywords(ctx, ed, term.ID, tt.keywords); !errors.As(err, &ke) || ke.Reason != tt.want || ke.Keyword != tt.word {
			t.Errorf("SetTermKeywords(%q) = %v, want problem %d with %q", tt.keywords, err, tt.want, tt.word)
		}
	}
	if got, _ := st.TermKeywords(ctx, term.ID); !slices.Equal(got, keywords) {
		t.Errorf("refused keywords changed them to %q", got)
	}
	muni, err := st.TermBySlug(ctx, catalog.FacetMunicipality, "genk")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetTermKeywords(ctx, ed, muni.ID, []string{"genk"}); !errors.Is(err, catalog.ErrForbidden) {
		t.Errorf("keywords of a municipality: %v", err)
	}
}

func suggestsFor(t *testing.T, st *store.Store, f catalog.Facet, sentence, label string) bool {
	t.Helper()
	labels, _, err := st.SuggestTerms(context.Background(), f, []string{sentence})
	if err != nil {
		t.Fatal(err)
	}
	return slices.Contains(labels, label)
}

// An editor adds a term to a facet; the catalogue version moves, the tagging suggests it.
func TestAddTerm(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	ed := editor(t, st)
	before, err := st.CatalogVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.AddTerm(ctx, ed, catalog.FacetTargetGroup, "  Grootouders ", []string{"grootouders", "grootmoeder"})
	if err != nil {
		t.Fatal(err)
	}
	term, err := st.TermByID(ctx, id)
	if err != nil || term.Label != "Grootouders" || term.Slug != "grootouders" || term.Facet != catalog.FacetTargetGroup {
		t.Fatalf("term = %+v, %v", term, err)
	}
	if after, _ := st.CatalogVersion(ctx); after <= before {
		t.Error("adding a term did not move the catalogue version")
	}
	if !suggestsFor(t, st, catalog.FacetTargetGroup, "Een grootmoeder leest voor", "Grootouders") {
		t.Error("the new term is not suggested for its keywords")
	}
	if _, err := st.AddTerm(ctx, ed, catalog.FacetTargetGroup, "GROOTOUDERS", nil); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("the same label twice: %v", err)
	}
	// A category without keywords; a municipality cannot be added.
	if _, err := st.AddTerm(ctx, ed, catalog.FacetCategory, "Grootouders", nil); err != nil {
		t.Errorf("the same label in another facet: %v", err)
	}
	if _, err := st.AddTerm(ctx, ed, catalog.FacetMunicipality, "Nergensdorp", nil); !errors.Is(err, catalog.ErrForbidden) {
		t.Errorf("a municipality: %v", err)
	}
	var ke *store.KeywordError
	if _, err := st.AddTerm(ctx, ed, catalog.FacetGoal, "Samen", []string{"het"}); !errors.As(err, &ke) {
		t.Errorf("a stop word as keyword: %v", err)
	}
	if last := lastAudit(t, st); last.Action != "create" || last.ObjectType != "term" || last.Detail["label"] != "Grootouders" {
		t.Errorf("last audit entry %+v", last)
	}
}

func lastAudit(t *testing.T, st *store.Store) store.AuditEntry {
	t.Helper()
	page, err := st.AuditLog(context.Background(), store.AuditQuery{PageSize: 1})
	if err != nil || len(page.Entries) == 0 {
		t.Fatal("no audit log", err)
	}
	return page.Entries[0]
}
