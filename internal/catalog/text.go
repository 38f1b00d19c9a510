package catalog

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and strips its accents ("Geïntegreerd" → "geintegreerd"), the form in
// which names and search words are compared. It matches the database's norm() function for
// Latin text.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// Slugify turns a label into a URL slug: folded, ASCII letters and digits, words joined by
// hyphens ("Ontmoeting & participatie" → "ontmoeting-participatie"). It returns "" when s
// has no letter or digit.
func Slugify(s string) string {
	var b strings.Builder
	pendingHyphen := false
	for _, r := range Fold(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			b.WriteRune(r)
		case r == '\'' || r == '\u2019':
			// "baby's" → "babys"
		default:
			pendingHyphen = true
		}
	}
	return b.String()
}
