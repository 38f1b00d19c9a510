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

// snippet cuts a window of text around the first word that matches one of the query words
// and marks every matching word; without a match it returns the start of the text.
func snippet(text string, words []string) []templates.Fragment {
	type token struct{ start, end int }
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
	if len(toks) == 0 {
		return nil
	}
	st := stems(words)
	matches := make([]bool, len(toks))
	first := -1
	for i, t := range toks {
		folded := catalog.Fold(text[t.start:t.end])
		for _, w := range st {
			if strings.Contains(folded, w) {
				matches[i] = true
				if first < 0 {
					first = i
				}
				break
			}
		}
	}
	from := 0
	if first > 8 {
		from = first - 8
	}
	to := min(from+snippetWords, len(toks))
	var out []templates.Fragment
	add := func(s string, mark bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Mark == mark {
			out[n-1].Text += s
			return
		}
		out = append(out, templates.Fragment{Text: s, Mark: mark})
	}
	if from > 0 {
		add("… ", false)
	}
	pos := toks[from].start
	for i := from; i < to; i++ {
		add(text[pos:toks[i].start], false)
		add(text[toks[i].start:toks[i].end], matches[i])
		pos = toks[i].end
	}
	if to < len(toks) {
		add(" …", false)
	} else {
		add(text[pos:], false)
	}
	return out
}
