// Package compound reads Dutch compounds as two words: "buurtwerking" as "buurt" and
// "werking", "opvoedingsondersteuning" as "opvoeding", a linking s, and "ondersteuning".
//
// The words that begin and end compounds come from the OpenTaal word list as Debian ships it
// (/usr/share/dict/dutch, package wdutch): derive (go generate) keeps every word of the list
// that starts at least two of the list's compounds (heads.txt) and every word that ends at
// least two (tails.txt), folded to lower-case ASCII. Those lists are in the repository, so
// building and testing need no word list; see NOTICE for the word list's licence.
package compound

import (
	"cmp"
	_ "embed"
	"slices"
	"strings"
	"sync"
)

//go:generate go run ./derive -dict /usr/share/dict/dutch -out .

var (
	//go:embed heads.txt
	headsText string
	//go:embed tails.txt
	tailsText string
)

// Limits of a split: each part at least MinPart letters, so a word of fewer than MinWord
// letters is never split.
const (
	MinPart = 3
	MinWord = 7
)

// Links are the letters that may join two parts of a Dutch compound: none, the linking s
// ("vrijetijdscoach"), e ("paardebloem") or en ("boekenkast").
var Links = []string{"", "s", "e", "en"}

// Split is a reading of a word as head, linking letters and tail.
type Split struct {
	Head, Link, Tail string
}

var lists = sync.OnceValues(func() (heads, tails map[string]bool) {
	return set(headsText), set(tailsText)
})

func set(text string) map[string]bool {
	m := make(map[string]bool, strings.Count(text, "\n"))
	for w := range strings.Lines(text) {
		if w = strings.TrimSpace(w); w != "" {
			m[w] = true
		}
	}
	return m
}

// Splits returns the readings of word (lower-case ASCII letters, as catalog.Fold and the
// search give it) as a head that begins compounds, linking letters and a tail that ends them,
// the most even first (the longer of the shorter parts), then the longer head. Any word may
// have readings, a correct one too ("werking" as "wer" and "king" is none, as "wer" starts
// no compound, but many are): the caller decides whether to use them.
func Splits(word string) []Split {
	if len(word) < MinWord {
		return nil
	}
	for i := 0; i < len(word); i++ {
		if word[i] < 'a' || word[i] > 'z' {
			return nil
		}
	}
	heads, tails := lists()
	var out []Split
	for i := MinPart; i <= len(word)-MinPart; i++ {
		head := word[:i]
		if !heads[head] {
			continue
		}
		for _, link := range Links {
			rest, ok := strings.CutPrefix(word[i:], link)
			if ok && len(rest) >= MinPart && tails[rest] {
				out = append(out, Split{Head: head, Link: link, Tail: rest})
			}
		}
	}
	even := func(s Split) int { return min(len(s.Head), len(s.Tail)) }
	slices.SortStableFunc(out, func(a, b Split) int {
		if c := cmp.Compare(even(b), even(a)); c != 0 {
			return c
		}
		return cmp.Compare(len(b.Head), len(a.Head))
	})
	return out
}
