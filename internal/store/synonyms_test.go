package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

func search(t *testing.T, st *store.Store, text string) store.SearchResult {
	t.Helper()
	res, err := st.Search(context.Background(), store.SearchQuery{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The groups of the migration, from the seeds: a member finds the sheets that use another.
func TestSynonymsOfTheSeeds(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	const (
		talent  = "Talentcoaches (Genk)"
		leisure = "Vrijetijdscoaching (Genk)"
		dutch   = "Opvoedingsondersteuning voor anderstalige ouders met jonge kinderen"
	)
	for _, tt := range []struct {
		query     string
		want, not []string
	}{
		// "Huis van het Kind" is a phrase: Talentcoaches has "huis" and "kind", not together.
		{"hvhk", []string{dutch}, []string{talent}},
		{"HvhK", []string{dutch}, []string{talent}},
		// The seeds say OCMW; nobody wrote "sociaal huis" yet.
		{"sociaal huis", []string{talent, leisure}, nil},
		// "inburgeraars" (stemmed) in the leisure coach's sheet.
		{"nieuwkomers", []string{leisure}, nil},
		{"vrijetijdsbegeleider", []string{leisure}, nil},
		{"crèche", []string{dutch, talent}, nil},
		{"kinderdagverblijf", []string{talent}, nil},
	} {
		res := search(t, st, tt.query)
		got := titles(res.Hits)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q finds %q, want %q among them", tt.query, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("%q finds %q, which it should not", tt.query, w)
			}
		}
	}
	// The synonym's words are marked in the results too.
	if res := search(t, st, "nieuwkomer"); !slices.Contains(res.Words, "inburgeraar") {
		t.Errorf("words to mark %q, want inburgeraar among them", res.Words)
	}
}

// A group added by an editor applies to the next search of every instance, without a reload:
// the change is a new catalogue version.
func TestSynonymAddedByEditor(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	other := store.New(st.Pool()) // a second app instance over the same database
	ctx := context.Background()
	for _, s := range []*store.Store{st, other} {
		if res := search(t, s, "springkasteel"); res.Total != 0 {
			t.Fatalf("springkasteel finds %d sheets before the synonym", res.Total)
		}
	}
	ed := editor(t, st)
	id, err := st.AddSynonyms(ctx, ed, store.SplitSynonyms("springkasteel = Trampoline"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*store.Store{st, other} {
		if got := titles(search(t, s, "springkasteel").Hits); !slices.Equal(got, []string{"Dorp rond het kind"}) {
			t.Errorf("springkasteel finds %q after the synonym", got)
		}
	}
	groups, err := st.Synonyms(ctx)
	if err != nil || len(groups) != 6 || !slices.Equal(groups[0].Words, []string{"springkasteel", "Trampoline"}) {
		t.Fatalf("groups = %+v, %v", groups, err)
	}
	if last := lastAudit(t, st); last.Action != "create" || last.ObjectType != "synonyms" || last.Detail["words"] != "springkasteel = Trampoline" {
		t.Errorf("last audit entry %+v", last)
	}

	// What an editor cannot add.
	for _, tt := range []struct {
		text string
		want store.SynonymProblem
		word string
	}{
		{"ocmw", store.SynonymTooFew, "ocmw"},
		{"ocmw, OCMW", store.SynonymTooFew, "ocmw"},
		{"kinderopvang, opvang", store.SynonymTaken, "kinderopvang"},
		{"van het, tussen", store.SynonymOnlyStopWords, "van het"},
		{"--, tussen", store.SynonymNoWord, "--"},
	} {
		_, err := st.AddSynonyms(ctx, ed, store.SplitSynonyms(tt.text))
		var se *store.SynonymError
		if !errors.As(err, &se) || se.Reason != tt.want || se.Word != tt.word {
			t.Errorf("AddSynonyms(%q) = %v, want problem %d with %q", tt.text, err, tt.want, tt.word)
		}
	}

	if err := st.DeleteSynonyms(ctx, ed, id); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*store.Store{st, other} {
		if res := search(t, s, "springkasteel"); res.Total != 0 {
			t.Errorf("springkasteel finds %d sheets after the group was deleted", res.Total)
		}
	}
	if err := st.DeleteSynonyms(ctx, ed, id); err == nil {
		t.Error("deleting a deleted group succeeded")
	}
}

// editor creates an editor account and returns its id.
func editor(t *testing.T, st *store.Store) int64 {
	t.Helper()
	return newAccount(t, st, "redactie@praktijkbank.test", catalog.RoleEditor, "een lang wachtwoord").ID
}
