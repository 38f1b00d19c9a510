package web

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/templates"
)

// snippetWords is how many words a result snippet shows.
const snippetWords = 36

// dutchSuffixes are trimmed from query words so that "kleuters" also marks "kleuter".
var dutchSuffixes = []string{"'s", "en", "s", "e"}

// stems returns the folded query words with a common plural or inflection suffix removed.
func stems(words []string) []string {
	var out []string
	for _, w := range words {
		for _, suf := range dutchSuffixes {
			if strings.HasSuffix(w, suf) && utf8.RuneCountInString(w)-len(suf) >= 4 {
				w = strings.TrimSuffix(w, suf)
				break
			}
		}
		out = append(out, w)
	}
	return out
}

// token is a word of a text, as byte offsets.
type token struct{ start, end int }

// tokens splits text into its words (runs of letters and digits).
func tokens(text string) []token {
	var toks []token
	for t := range eachToken(text) {
		toks = append(toks, t)
	}
	return toks
}

// eachToken yields the words of text in order, as tokens does.
func eachToken(text string) iter.Seq[token] {
	return func(yield func(token) bool) {
		start := -1
		for i, r := range text {
			isWord := unicode.IsLetter(r) || unicode.IsDigit(r)
			switch {
			case isWord && start < 0:
				start = i
			case !isWord && start >= 0:
				if !yield(token{start, i}) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			yield(token{start, len(text)})
		}
	}
}

// matching marks the tokens that contain one of the query words (after stemming), so that
// "opvang" marks "kinderopvang" as the search found it; first is the first marked token, or -1.
func matching(text string, toks []token, words []string) (marks []bool, first int) {
	st := stems(words)
	marks = make([]bool, len(toks))
	first = -1
	if len(st) == 0 {
		return marks, first
	}
	for i, t := range toks {
		if matches(text[t.start:t.end], st) {
			marks[i] = true
			if first < 0 {
				first = i
			}
		}
	}
	return marks, first
}

// matches tells whether word contains one of the stemmed query words st.
func matches(word string, st []string) bool {
	folded := catalog.Fold(word)
	for _, w := range st {
		if strings.Contains(folded, w) {
			return true
		}
	}
	return false
}

// highlight returns the whole text with the words that match the query words marked: for a
// result's title and facts.
func highlight(text string, words []string) []templates.Fragment {
	toks := tokens(text)
	if len(toks) == 0 {
		return []templates.Fragment{{Text: text}}
	}
	marks, _ := matching(text, toks, words)
	return fragments(text, toks, marks, 0, len(toks))
}

// snippetOf cuts the snippet of a result from the first of texts that contains a match, or
// from the first non-empty text when none does.
func snippetOf(words []string, texts ...string) []templates.Fragment {
	st := stems(words)
	var fallback []templates.Fragment
	fell := false
	for _, t := range texts {
		if t == "" {
			continue
		}
		frags, found := snippetIn(t, st)
		if found {
			return frags
		}
		if !fell {
			fallback, fell = frags, true
		}
	}
	return fallback
}

// snippet cuts a window of text around the first word that matches one of the query words
// and marks every matching word; without a match it returns the start of the text.
func snippet(text string, words []string) []templates.Fragment {
	frags, _ := snippetIn(text, stems(words))
	return frags
}

// fieldSep separates the fields of a stored snippet text (the intro, the description, a
// resource's title, its author, …; see store.searchTexts); fieldJoin is what a reader sees
// between two fields, so that a snippet never runs a title and a name together (after a field
// that ends a sentence, a space does).
const (
	fieldSep  = "\n"
	fieldJoin = " · "
)

// joinFields returns text with its fields joined by fieldJoin, and the byte offset in it where
// each field after the first starts. A text without fieldSep is one field.
func joinFields(text string) (string, []int) {
	if !strings.Contains(text, fieldSep) {
		return text, nil
	}
	var b strings.Builder
	var starts []int
	for f := range strings.SplitSeq(text, fieldSep) {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if b.Len() > 0 {
			// A field that ends a sentence needs no mark after it.
			if strings.ContainsRune(".!?…:;", lastRune(b.String())) {
				b.WriteByte(' ')
			} else {
				b.WriteString(fieldJoin)
			}
			starts = append(starts, b.Len())
		}
		b.WriteString(f)
	}
	return b.String(), starts
}

// lastRune is the last character of s.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// snippetIn is snippet with the query words stemmed, and whether one matched. It reads the
// words of text only as far as the window it shows, and one more (is there text after it?).
// The window starts no earlier than the field of the first match (snippetFrom), and the
// fields it spans are shown joined by fieldJoin.
func snippetIn(text string, st []string) (frags []templates.Fragment, found bool) {
	text, starts := joinFields(text)
	var toks []token
	var marks []bool
	fields := []int{0} // the first word of each field read
	first, from := -1, 0
	next := 0 // the next field start not yet reached
	for t := range eachToken(text) {
		for next < len(starts) && t.start >= starts[next] {
			if n := len(toks); fields[len(fields)-1] != n {
				fields = append(fields, n)
			}
			next++
		}
		m := len(st) > 0 && matches(text[t.start:t.end], st)
		toks, marks = append(toks, t), append(marks, m)
		if m && first < 0 {
			first = len(toks) - 1
			from = snippetFrom(first, fields)
		}
		if (first >= 0 || len(st) == 0) && len(toks) > from+snippetWords {
			break
		}
	}
	if len(toks) == 0 {
		return nil, false
	}
	to := min(from+snippetWords, len(toks))
	return fragments(text, toks, marks, from, to), first >= 0
}

// snippetFrom is the first word of the snippet around the first match: the first word of
// the match's field when that is at most 8 words before it, else 8 words before it (inside a
// long field); fields lists the first word of each field up to the match.
func snippetFrom(first int, fields []int) int {
	ws := windowStart(first)
	for i := len(fields) - 1; i >= 0; i-- {
		if fields[i] <= first {
			return max(ws, fields[i])
		}
	}
	return ws
}

// windowStart is the first word of the snippet around the first match (-1: none).
func windowStart(first int) int {
	if first > 8 {
		return first - 8
	}
	return 0
}

// fragments renders the tokens from..to of text as fragments, with an ellipsis where text is
// left out at either end.
func fragments(text string, toks []token, marks []bool, from, to int) []templates.Fragment {
	// Fragments are ranges of text; neighbours with the same marking merge into one range.
	type span struct {
		from, to int
		mark     bool
	}
	var spans []span
	add := func(from, to int, mark bool) {
		if from == to {
			return
		}
		if n := len(spans); n > 0 && spans[n-1].mark == mark && spans[n-1].to == from {
			spans[n-1].to = to
			return
		}
		spans = append(spans, span{from, to, mark})
	}
	pos := toks[from].start
	if from == 0 {
		pos = 0
	}
	for i := from; i < to; i++ {
		add(pos, toks[i].start, false)
		add(toks[i].start, toks[i].end, marks[i])
		pos = toks[i].end
	}
	if to == len(toks) {
		add(pos, len(text), false)
	}
	out := make([]templates.Fragment, 0, len(spans)+2)
	if from > 0 {
		out = append(out, templates.Fragment{Text: "… "})
	}
	for _, sp := range spans {
		out = append(out, templates.Fragment{Text: text[sp.from:sp.to], Mark: sp.mark})
	}
	if to < len(toks) {
		out = append(out, templates.Fragment{Text: " …"})
	}
	return out
}
