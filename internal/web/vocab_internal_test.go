package web

import (
	"context"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// TestVocabularySnapshot checks that requests at one catalogue version share one snapshot,
// that a snapshot a request holds does not change when an editor adds a term, and that the
// requests of the next version see the term.
func TestVocabularySnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(testdb.New(t))
	editor := testdb.NewUser(t, st, store.NewUser{Email: "redacteur@gemeente.be", Role: catalog.RoleEditor}, "")
	src := newVocabSource(st)
	if err := src.refresh(ctx); err != nil {
		t.Fatal(err)
	}
	before, err := st.CatalogVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first, err := src.at(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := src.at(ctx, before); again != first {
		t.Error("two requests at one catalogue version took different snapshots")
	}

	if _, err := st.AddTerm(ctx, editor.ID, catalog.FacetCategory, "Buurtwerk met senioren", nil); err != nil {
		t.Fatal(err)
	}
	after, err := st.CatalogVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Fatalf("adding a term left the catalogue version at %d", after)
	}
	next, err := src.at(ctx, after)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := next.byFoldedLabel(catalog.FacetCategory, "buurtwerk met senioren"); !ok {
		t.Error("the snapshot of the next version lacks the new term")
	}
	if _, ok := first.byFoldedLabel(catalog.FacetCategory, "buurtwerk met senioren"); ok {
		t.Error("the snapshot an earlier request holds changed under it")
	}
	if src.newest.Load() != next {
		t.Error("the newest snapshot is not the one just loaded")
	}
}
