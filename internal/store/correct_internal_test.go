package store

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"kinderopvnag", "kinderopvang", 1}, // neighbours swapped
		{"opvoedingsondersteunig", "opvoedingsondersteuning", 1},
		{"vrijetijsdcoach", "vrijetijdscoach", 1},
		{"kleuter", "kleuters", 1},
		{"genk", "gent", 1},
		{"abc", "abc", 0},
		{"taal", "tafel", 2},
		{"armoede", "xxxxxxx", 3}, // past the limit of 2
	} {
		if got := editDistance(tt.a, tt.b, 2); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestMaxTypos(t *testing.T) {
	for n, want := range map[int]int{3: 0, 4: 0, 5: 1, 8: 1, 9: 2, 20: 2} {
		if got := maxTypos(n); got != want {
			t.Errorf("maxTypos(%d) = %d, want %d", n, got, want)
		}
	}
}
