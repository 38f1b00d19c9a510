package store_test

import (
	"context"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/store"
)

func TestCorrectTypos(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	for _, tt := range []struct{ query, want string }{
		{"kinderopvnag", "kinderopvang"},
		{"vrijetijsdcoach", "vrijetijdscoach"},
		{"opvoedingsondersteunig", "opvoedingsondersteuning"},
		{"Kinderopvnag Genk", "kinderopvang genk"},
		// Correct words stay, however close another word is.
		{"kleuters", ""},
		{"opvang", ""},
		{"genk", ""},
		// Too short to correct, or too far off.
		{"tala", ""},
		{"xyzxyzxyz", ""},
		{"buurtrestaurant", ""}, // "buurtgerichte" is near in trigrams, not in edits
		// Search syntax says exactly what it wants.
		{`"kinderopvnag"`, ""},
	} {
		got, changed, err := st.Correct(ctx, tt.query)
		if err != nil {
			t.Fatal(err)
		}
		if (tt.want == "") == changed || changed && got != tt.want {
			t.Errorf("Correct(%q) = %q, %v; want %q", tt.query, got, changed, tt.want)
		}
		if changed {
			res, err := st.Search(ctx, store.SearchQuery{Text: got})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total == 0 {
				t.Errorf("the correction %q of %q finds nothing", got, tt.query)
			}
		}
	}
}
