package catalog

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ontmoeting & participatie", "ontmoeting-participatie"},
		{"Geïntegreerd aanbod", "geintegreerd-aanbod"},
		{"Opvang van baby's en peuters", "opvang-van-babys-en-peuters"},
		{"  Tongeren-Borgloon ", "tongeren-borgloon"},
		{"’t Wiske", "t-wiske"},
		{"…", ""},
		{"Rhode-Saint-Genèse", "rhode-saint-genese"},
		{"  Ontmoeten is simpel!  ", "ontmoeten-is-simpel"},
		{"Baby’s en peuters", "babys-en-peuters"},
		{"Æsop\u00a0&\u00a0Co", "aesop-co"},
		{"日本", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Geïntegreerd CREËREN", "geintegreerd creeren"},
		{"Kinderopvang", "kinderopvang"},
		{"", ""},
		{"Écaussinnes", "ecaussinnes"},
		{"e\u0301te\u0301", "ete"},       // combining accents, already decomposed
		{"Ørsted Œuvre", "ørsted œuvre"}, // letters without a decomposition stay
		{"ÇA\u00a0ÇA", "ca\u00a0ca"},
		{"İstanbul", "istanbul"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzFold checks Fold against the plain definition: decompose, drop the combining marks,
// recompose, lowercase.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Geïntegreerd", "Sint-Niklaas", "e\u0301", "ÅSA", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
		if err != nil {
			t.Skip()
		}
		if got, want := Fold(s), strings.ToLower(ref); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}
