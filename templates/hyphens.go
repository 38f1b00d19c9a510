package templates

import (
	"strings"
	"unicode"
)

// longWord is the length (in letters) from which a word of a title gets soft hyphens.
const longWord = 14

// linkingEnds end the first part of a Dutch compound joined by a linking s: opvoedings|
// ondersteuning, toegankelijkheids|verklaring, kwaliteits|zorg, gemeenschaps|werking.
var linkingEnds = []string{"ings", "heids", "teits", "schaps"}

// softHyphens puts a soft hyphen (U+00AD) in the long words of a title where a compound joins
// after a linking s, at least four letters from either end, so that a narrow screen breaks
// such a word at its joint with a hyphen, also in a browser that cannot hyphenate Dutch
// itself (CSS hyphens: auto does the other words where it can). The text reads the same.
func softHyphens(s string) string {
	var b strings.Builder
	word := []rune{}
	flush := func() {
		b.WriteString(hyphenateWord(word))
		word = word[:0]
	}
	for _, r := range s {
		if unicode.IsLetter(r) {
			word = append(word, r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

// hyphenateWord is softHyphens for one word.
func hyphenateWord(w []rune) string {
	if len(w) < longWord {
		return string(w)
	}
	lower := strings.ToLower(string(w))
	lr := []rune(lower)
	var b strings.Builder
	from := 0
	for i := 4; i <= len(lr)-4; i++ {
		for _, end := range linkingEnds {
			n := len([]rune(end))
			if i >= n && string(lr[i-n:i]) == end && i-from >= 4 {
				b.WriteString(string(w[from:i]))
				b.WriteRune('\u00ad')
				from = i
			}
		}
	}
	b.WriteString(string(w[from:]))
	return b.String()
}
