package catalog

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and strips its accents ("Geïntegreerd" → "geintegreerd"), the form in
// which names and search words are compared. It matches the database's norm() function for
// Latin text. It runs for every word of a result snippet and every facet label sorted, so
// ASCII text takes a path without normalisation.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return strings.ToLower(norm.NFC.String(b.String()))
}

// Slugify returns the URL slug of s: lowercase ASCII letters and digits, accents stripped,
// apostrophes dropped, every other run of characters turned into a single '-', no leading or
// trailing '-'. "Tongeren-Borgloon" gives "tongeren-borgloon", "Sint-Niklaas" "sint-niklaas",
// "'t Wiske" "t-wiske". The result is empty when s has no letter or digit that maps to ASCII.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), isApostrophe(r):
			continue
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			if t := foldLetter(unicode.ToLower(r)); t != "" {
				if dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				dash = false
				b.WriteString(t)
				continue
			}
			dash = true
		}
	}
	return b.String()
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2018', '\u2019', '\u02bc', '`', '\u00b4':
		return true
	}
	return false
}

// foldLetter spells the letters that have no decomposition in ASCII; "" for any other rune.
func foldLetter(r rune) string {
	switch r {
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'ß':
		return "ss"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ı':
		return "i"
	}
	return ""
}

// JoinNames lists names the Dutch way: "Balen, Dessel en Mol".
func JoinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " en " + names[len(names)-1]
}

// UntaggedNote is the review note of a goal or target group (facet f) that got no term.
func UntaggedNote(f Facet, sentence string) string {
	what := "Doel"
	if f == FacetTargetGroup {
		what = "Doelgroep"
	}
	return what + " zonder term: „" + sentence + "”"
}

// UpperFirst returns s with its first letter in upper case, for a text that starts a sentence
// or a label ("de redactie" → "De redactie").
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
