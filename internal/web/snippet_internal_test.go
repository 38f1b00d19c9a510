package web

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/templates"
)

// fullSnippet is snippet done on every word of the text, as a yardstick.
func fullSnippet(text string, words []string) []templates.Fragment {
	text, starts := joinFields(text)
	toks := tokens(text)
	if len(toks) == 0 {
		return nil
	}
	marks, first := matching(text, toks, words)
	from := windowStart(first)
	if first >= 0 {
		// The first word of each field.
		fields := []int{0}
		for _, st := range starts {
			for i, t := range toks {
				if t.start >= st {
					if i != fields[len(fields)-1] {
						fields = append(fields, i)
					}
					break
				}
			}
		}
		from = snippetFrom(first, fields)
	}
	return fragments(text, toks, marks, from, min(from+snippetWords, len(toks)))
}

// fullSnippetOf is snippetOf with fullSnippet.
func fullSnippetOf(words []string, texts ...string) []templates.Fragment {
	fallback := ""
	for _, t := range texts {
		if t == "" {
			continue
		}
		if fallback == "" {
			fallback = t
		}
		if _, first := matching(t, tokens(t), words); first >= 0 {
			return fullSnippet(t, words)
		}
	}
	return fullSnippet(fallback, words)
}

// A snippet that reads only the words up to its window is the one cut from all of them:
// matches at the start, in the middle, at the end or nowhere, in texts shorter and longer
// than the window, with accents and punctuation.
func TestSnippetReadsOnlyItsWindow(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"kinderopvang", "Buurt", "werking", "één", "de", "het", "sport,", "Opvang.", "—", "club", "ouders", "2024", "crèche", "\n", "\n\n"}
	queries := [][]string{nil, {"opvang"}, {"creche"}, {"ouders", "sport"}, {"zwembad"}}
	for range 2000 {
		var w []string
		for range r.IntN(120) {
			w = append(w, vocab[r.IntN(len(vocab))])
		}
		text := strings.Join(w, " ")
		q := queries[r.IntN(len(queries))]
		if got, want := snippet(text, q), fullSnippet(text, q); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q %q:\ngot  %v\nwant %v", text, q, got, want)
		}
		intro := vocab[r.IntN(len(vocab))] + " opvang"
		got, want := snippetOf(q, text, intro), fullSnippetOf(q, text, intro)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("snippetOf %q %q %q:\ngot  %v\nwant %v", q, text, intro, got, want)
		}
	}
}
