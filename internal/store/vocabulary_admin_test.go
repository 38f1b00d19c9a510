package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

func modUsage(t *testing.T, st *store.Store, f catalog.Facet, label string) store.TermUsage {
	t.Helper()
	list, err := st.TermsForCuration(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range list {
		if u.Label == label {
			return u
		}
	}
	t.Fatalf("no term %q in %s", label, f)
	return store.TermUsage{}
}

// twoUsedTerms returns the two most used target-group terms.
func modTwoTerms(t *testing.T, st *store.Store) (store.TermUsage, store.TermUsage) {
	t.Helper()
	list, err := st.TermsForCuration(context.Background(), catalog.FacetTargetGroup)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(list, func(a, b store.TermUsage) int { return b.Sheets - a.Sheets })
	if len(list) < 2 || list[1].Sheets == 0 {
		t.Fatalf("target groups: %+v", list)
	}
	return list[0], list[1]
}

func TestMergeTerms(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	target, source := modTwoTerms(t, st)

	union := map[int64]bool{}
	for _, tm := range []store.TermUsage{target, source} {
		res, err := st.Search(ctx, store.SearchQuery{Filters: map[catalog.Facet][]int64{catalog.FacetTargetGroup: {tm.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			union[h.ID] = true
		}
	}
	n, err := st.MergeTerm(ctx, editor, source.ID, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n != source.Sheets {
		t.Errorf("%d sheets followed, want %d", n, source.Sheets)
	}
	res, err := st.Search(ctx, store.SearchQuery{Filters: map[catalog.Facet][]int64{catalog.FacetTargetGroup: {target.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != len(union) {
		t.Errorf("target now has %d sheets, want the union %d", res.Total, len(union))
	}
	if got := modUsage(t, st, catalog.FacetTargetGroup, target.Label); got.Sheets != len(union) {
		t.Errorf("target count %d, want %d", got.Sheets, len(union))
	}
	merged := modUsage(t, st, catalog.FacetTargetGroup, source.Label)
	if merged.MergedInto != target.ID || merged.Sheets != 0 || merged.MergedIntoLabel != target.Label {
		t.Errorf("source after merge: %+v", merged)
	}
	// The source's slug leads to the target; sheets show the target's label.
	tm, err := st.TermBySlug(ctx, catalog.FacetTargetGroup, source.Slug)
	if err != nil || tm.MergedInto != target.ID {
		t.Errorf("source slug: %+v %v", tm, err)
	}
	for id := range union {
		sh, _ := st.SheetByID(ctx, id)
		if slices.Contains(sh.Terms[catalog.FacetTargetGroup], source.Label) || !slices.Contains(sh.Terms[catalog.FacetTargetGroup], target.Label) {
			t.Errorf("%q: target groups %q", sh.Title, sh.Terms[catalog.FacetTargetGroup])
		}
	}
	if _, err := st.MergeTerm(ctx, editor, source.ID, target.ID); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("merging a merged term: %v", err)
	}
	if _, err := st.MergeTerm(ctx, editor, target.ID, target.ID); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("merging a term into itself: %v", err)
	}
	genk, _ := st.TermBySlug(ctx, catalog.FacetMunicipality, "genk")
	if _, err := st.MergeTerm(ctx, editor, genk.ID, target.ID); !errors.Is(err, catalog.ErrForbidden) {
		t.Errorf("merging a municipality: %v", err)
	}
	if a := modAudit(t, st, "term"); !slices.Equal(a, []string{"merge"}) {
		t.Errorf("audit = %q", a)
	}
}

func TestRenameTerm(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	term, other := modTwoTerms(t, st)
	v0, _ := st.CatalogVersion(ctx)
	if err := st.RenameTerm(ctx, editor, term.ID, "  Jonge   gezinnen "); err != nil {
		t.Fatal(err)
	}
	got, _ := st.TermByID(ctx, term.ID)
	if got.Label != "Jonge gezinnen" || got.Slug != term.Slug {
		t.Errorf("after rename: %+v", got)
	}
	if v1, _ := st.CatalogVersion(ctx); v1 <= v0 {
		t.Error("catalogue version not bumped")
	}
	if n := modSearchTotal(t, st, "gezinnen"); n < term.Sheets {
		t.Errorf("search for the new label finds %d sheets, want at least %d", n, term.Sheets)
	}
	if err := st.RenameTerm(ctx, editor, term.ID, other.Label); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("rename onto another term's label: %v", err)
	}
	if err := st.RenameTerm(ctx, editor, 999999, "x"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("unknown term: %v", err)
	}
}

func TestAcceptAndMapProposedTerms(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	// Proposed terms came from submissions before the vocabularies were curated; a database
	// may still hold them.
	content := modContent("Kookclub")
	content.Terms[catalog.FacetTargetGroup] = []string{"Buren", "Alleenstaanden"}
	modSubmit(t, st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{Content: content}})
	_, err := st.Pool().Exec(ctx, `
		INSERT INTO terms (facet, slug, label, proposed) VALUES ('doelgroep', 'buren', 'Buren', true), ('doelgroep', 'alleenstaanden', 'Alleenstaanden', true)`)
	if err != nil {
		t.Fatal(err)
	}

	buren := modUsage(t, st, catalog.FacetTargetGroup, "Buren")
	alone := modUsage(t, st, catalog.FacetTargetGroup, "Alleenstaanden")
	if !buren.Proposed || !alone.Proposed || buren.Submissions != 1 {
		t.Fatalf("proposed terms: %+v %+v", buren, alone)
	}
	if err := st.AcceptTerm(ctx, editor, buren.ID); err != nil {
		t.Fatal(err)
	}
	vocab, _ := st.Vocabulary(ctx)
	if !slices.ContainsFunc(vocab, func(tm catalog.Term) bool { return tm.ID == buren.ID }) {
		t.Error("accepted term not in the vocabulary")
	}
	// Map the other proposal onto an existing term: a merge.
	existing, _ := modTwoTerms(t, st)
	if _, err := st.MergeTerm(ctx, editor, alone.ID, buren.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MergeTerm(ctx, editor, buren.ID, existing.ID); err != nil {
		t.Fatal(err)
	}
	// Chains are flattened: the first mapped term now points at the final target.
	if got := modUsage(t, st, catalog.FacetTargetGroup, "Alleenstaanden"); got.MergedInto != existing.ID || got.Proposed {
		t.Errorf("mapped proposal: %+v", got)
	}
	if a := modAudit(t, st, "term"); !slices.Equal(a, []string{"accept", "merge", "merge"}) {
		t.Errorf("audit = %q", a)
	}
}
