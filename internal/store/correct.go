package store

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Typo tolerance: a query word that is not in the catalogue's word list is corrected to a
// word of the list within a few edits, as Meilisearch and Algolia do: none below 5 letters,
// one edit for 5 to 8 letters, two from 9 letters on. An edit inserts, deletes or replaces a
// letter, or swaps two neighbours ("kinderopvnag" → "kinderopvang" is one edit). A word that
// is in the list is never corrected.

// maxTypos is the number of edits a query word of n letters may differ by.
func maxTypos(n int) int {
	switch {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// Correct returns text with each plain word that the catalogue does not know replaced by the
// closest word it does know within maxTypos edits (ties go to the word in more sheets), and
// whether anything changed. Texts in search syntax are returned as they are.
func (s *Store) Correct(ctx context.Context, text string) (string, bool, error) {
	if QueryWords(text) == nil {
		return text, false, nil
	}
	words := strings.Fields(catalog.Fold(text))
	changed := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Candidates come from the trigram index; a low threshold lets two edits in a short
		// word through, the edit distance below decides.
		if _, err := tx.Exec(ctx, `SET LOCAL pg_trgm.similarity_threshold = 0.2`); err != nil {
			return err
		}
		for i, w := range words {
			k := maxTypos(utf8.RuneCountInString(w))
			if k == 0 || !isPlainWord(w) {
				continue
			}
			best, err := closestWord(ctx, tx, w, k)
			if err != nil {
				return err
			}
			if best != "" {
				words[i], changed = best, true
			}
		}
		return nil
	})
	if err != nil {
		return text, false, fmt.Errorf("store: correct %q: %w", text, err)
	}
	if !changed {
		return text, false, nil
	}
	return strings.Join(words, " "), true, nil
}

// closestWord is the word of the list nearest to w within k edits, "" when w is in the list
// or none is near enough.
func closestWord(ctx context.Context, tx pgx.Tx, w string, k int) (string, error) {
	n := utf8.RuneCountInString(w)
	rows, err := tx.Query(ctx, `
		SELECT word, ndocs FROM search_words
		WHERE word = $1 OR (word % $1 AND length(word) BETWEEN $2 AND $3)`, w, n-k, n+k)
	if err != nil {
		return "", err
	}
	best, bestDist, bestDocs := "", k+1, 0
	var word string
	var ndocs int
	known := false
	_, err = pgx.ForEachRow(rows, []any{&word, &ndocs}, func() error {
		if word == w {
			known = true
			return nil
		}
		d := editDistance(w, word, k)
		if d > k {
			return nil
		}
		if d < bestDist || d == bestDist && ndocs > bestDocs {
			best, bestDist, bestDocs = word, d, ndocs
		}
		return nil
	})
	if err != nil || known {
		return "", err
	}
	return best, nil
}

func isPlainWord(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// editDistance is the optimal string alignment distance of a and b (insertions, deletions,
// replacements and swaps of neighbours), or limit+1 once it is known to exceed limit.
func editDistance(a, b string, limit int) int {
	x, y := []rune(a), []rune(b)
	if d := len(x) - len(y); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(y)], limit+1)
}
