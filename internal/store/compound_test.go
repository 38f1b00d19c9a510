package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// A long word the catalogue does not know is read as a compound whose parts it knows: it
// finds the sheets with both parts, below the sheets with the word itself; a word the
// catalogue knows is not split.
func TestCompoundQueries(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	const hefboom = "Hefboom In partnerschap" // has "buurt" and "werking"
	// Opvoedingsondersteuning has "buurt" and "samenwerking", not "werking": the parts are
	// matched as words, not inside others.
	if got := titles(search(t, st, "buurtwerking").Hits); !slices.Equal(got, []string{hefboom}) {
		t.Fatalf("buurtwerking finds %q, want %q", got, hefboom)
	}
	if got := titles(search(t, st, "gezinswerking").Hits); !slices.Equal(got, []string{hefboom}) { // gezin + s + werking
		t.Errorf("gezinswerking finds %q, want %q", got, hefboom)
	}
	if res := search(t, st, "buurtwerking"); !slices.Contains(res.Words, "buurt") || !slices.Contains(res.Words, "werking") {
		t.Errorf("words to mark %q, want the parts among them", res.Words)
	}

	// A sheet with the word itself (in the plural: the word list has "buurtwerkingen", the
	// stem is the same) comes first, whatever the full-text rank of the others.
	add := func(title, text string) {
		t.Helper()
		sh := catalog.Sheet{Source: "test/" + title, Title: title, Intro: text, Status: catalog.StatusPublished,
			Variants: []catalog.Variant{{Places: []catalog.Place{{Name: "Genk", TermSlug: "genk"}}}}}
		if _, err := st.SaveImported(ctx, sh, "import"); err != nil {
			t.Fatal(err)
		}
	}
	add("Wijkpunten", "De buurtwerkingen van de stad openen wijkpunten.")
	if got := titles(search(t, st, "buurtwerking").Hits); !slices.Equal(got, []string{"Wijkpunten", hefboom}) {
		t.Errorf("buurtwerking finds %q, want the sheet with the word first, then %q", got, hefboom)
	}
	// Once a sheet has the word as typed, it is a word of the catalogue: not split.
	add("Buurtwerking in Genk", "Een buurtwerking voor iedereen.")
	if got := titles(search(t, st, "buurtwerking").Hits); slices.Contains(got, hefboom) || len(got) != 2 {
		t.Errorf("buurtwerking finds %q, want the two sheets with the word only", got)
	}
	// The same for words of the seeds: "talentontwikkeling" is a word of two sheets and is
	// not split, while the same parts with a linking "en", a word no sheet has, find a third
	// sheet that has "talent" and "ontwikkeling" apart.
	whole := titles(search(t, st, "talentontwikkeling").Hits)
	split := titles(search(t, st, "talentenontwikkeling").Hits)
	if !slices.Equal(whole, []string{"Talentcoaches (Genk)", "Dorp rond het kind"}) || !slices.Contains(split, hefboom) {
		t.Errorf("talentontwikkeling finds %q, talentenontwikkeling %q; want only the two sheets with the word, and %q among the second",
			whole, split, hefboom)
	}
}
