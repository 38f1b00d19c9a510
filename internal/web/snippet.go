package web

import (
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
	start := -1
	for i, r := range text {
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case isWord && start < 0:
			start = i
		case !isWord && start >= 0:
			toks = append(toks, token{start, i})
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, token{start, len(text)})
	}
	return toks
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
		folded := catalog.Fold(text[t.start:t.end])
		for _, w := range st {
			if strings.Contains(folded, w) {
				marks[i] = true
				if first < 0 {
					first = i
				}
				break
			}
		}
	}
	return marks, first
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
	fallback := ""
	for _, t := range texts {
		if t == "" {
			continue
		}
		if fallback == "" {
			fallback = t
		}
		if _, first := matching(t, tokens(t), words); first >= 0 {
			return snippet(t, words)
		}
	}
	return snippet(fallback, words)
}

// snippet cuts a window of text around the first word that matches one of the query words
// and marks every matching word; without a match it returns the start of the text.
func snippet(text string, words []string) []templates.Fragment {
	toks := tokens(text)
	if len(toks) == 0 {
		return nil
	}
	marks, first := matching(text, toks, words)
	from := 0
	if first > 8 {
		from = first - 8
	}
	to := min(from+snippetWords, len(toks))
	return fragments(text, toks, marks, from, to)
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
