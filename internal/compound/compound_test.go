package compound

import (
	"slices"
	"testing"
)

func TestSplits(t *testing.T) {
	for _, tt := range []struct {
		word string
		want Split // among the readings
	}{
		{"buurtwerking", Split{"buurt", "", "werking"}},
		{"talentontwikkeling", Split{"talent", "", "ontwikkeling"}},
		{"opvoedingsondersteuning", Split{"opvoeding", "s", "ondersteuning"}},
		{"taalcoach", Split{"taal", "", "coach"}},
	} {
		got := Splits(tt.word)
		if !slices.Contains(got, tt.want) {
			t.Errorf("Splits(%q) = %v, want %v among them", tt.word, got, tt.want)
		}
	}
	// The most even reading first: "buurtwerking" is "buurt werking" before anything else.
	if got := Splits("buurtwerking"); got[0] != (Split{"buurt", "", "werking"}) {
		t.Errorf("first reading of buurtwerking: %v", got[0])
	}
	for _, word := range []string{
		"werking",   // "wer" starts no compound, "king" alone is too short a word to split
		"kinder",    // too short
		"xyzxyzxyz", // no parts
		"buurt-werking",
		"Buurtwerking", // not folded
	} {
		if got := Splits(word); len(got) != 0 {
			t.Errorf("Splits(%q) = %v, want none", word, got)
		}
	}
}
