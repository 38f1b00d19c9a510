package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Keywords of a term: the words that tag a sentence of a sheet's goals or target groups with
// the term (tagging.go). Editors edit them on the term's page and give them to a term they
// add (/beheer/termen). They hint at terms for new sheets and submissions; the terms of
// published sheets stay as they are.

// Limits of a term's keywords.
const (
	MaxKeywords      = 40
	MaxKeywordLength = 60
	MaxTermLabel     = 150
)

// KeywordError says what is wrong with a keyword; Keyword is the one at fault.
type KeywordError struct {
	Keyword string
	Reason  KeywordProblem
}

// KeywordProblem is what is wrong with a term's keywords.
type KeywordProblem int

// The problems of keywords.
const (
	KeywordTooMany       KeywordProblem = iota // more than MaxKeywords
	KeywordTooLong                             // longer than MaxKeywordLength
	KeywordOnlyStopWords                       // only words the text search skips ("van het"): it would tag nothing
)

func (e *KeywordError) Error() string {
	return fmt.Sprintf("keyword %q: problem %d", e.Keyword, e.Reason)
}

// SplitKeywords splits what an editor typed into keywords: one a line or separated by
// commas or semicolons, spaces collapsed, the same keyword (ignoring case and accents) once.
func SplitKeywords(text string) []string {
	return splitList(text, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
}

// splitList splits text at the runes sep accepts into trimmed items with spaces collapsed,
// dropping empty ones and repeats (ignoring case and accents).
func splitList(text string, sep func(rune) bool) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(text, sep) {
		w := strings.Join(strings.Fields(part), " ")
		if w == "" || seen[catalog.Fold(w)] {
			continue
		}
		seen[catalog.Fold(w)] = true
		out = append(out, w)
	}
	return out
}

// checkKeywords returns a *KeywordError for the first keyword that cannot be used.
func checkKeywords(ctx context.Context, q querier, keywords []string) error {
	if len(keywords) > MaxKeywords {
		return &KeywordError{Keyword: keywords[MaxKeywords], Reason: KeywordTooMany}
	}
	for _, k := range keywords {
		if utf8.RuneCountInString(k) > MaxKeywordLength {
			return &KeywordError{Keyword: k, Reason: KeywordTooLong}
		}
	}
	if len(keywords) == 0 {
		return nil
	}
	var empty string
	err := q.QueryRow(ctx, `
		SELECT k FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n)
		WHERE numnode(phraseto_tsquery('dutch_unaccent', k)) = 0 ORDER BY n LIMIT 1`, keywords).Scan(&empty)
	switch {
	case err == nil:
		return &KeywordError{Keyword: empty, Reason: KeywordOnlyStopWords}
	case errors.Is(err, pgx.ErrNoRows):
		return nil
	}
	return err
}

// TermKeywords returns the keywords of term id; ErrNotFound when there is no such term.
func (s *Store) TermKeywords(ctx context.Context, id int64) ([]string, error) {
	var kw []string
	if err := s.pool.QueryRow(ctx, `SELECT keywords FROM terms WHERE id = $1`, id).Scan(&kw); err != nil {
		return nil, fmt.Errorf("store: keywords of term %d: %w", id, mapErr(err))
	}
	return kw, nil
}

// KeywordMatches returns how many sentences of facet f on sheets match one of keywords, as
// the tagging matches them, and up to limit of them (the most common first).
func (s *Store) KeywordMatches(ctx context.Context, f catalog.Facet, keywords []string, limit int) (int, []string, error) {
	if len(keywords) == 0 {
		return 0, nil, nil
	}
	rows, err := s.pool.Query(ctx, `
		WITH k AS (
		    SELECT phraseto_tsquery('dutch_unaccent', k) AS q FROM unnest($2::text[]) k
		    WHERE numnode(phraseto_tsquery('dutch_unaccent', k)) > 0
		), hit AS (
		    SELECT s.text FROM sheet_sentences s
		    WHERE s.facet = $1 AND EXISTS (SELECT 1 FROM k WHERE to_tsvector('dutch_unaccent', s.text) @@ k.q)
		)
		SELECT text, count(*) OVER () FROM (SELECT text, count(*) AS n FROM hit GROUP BY text) t
		ORDER BY n DESC, text LIMIT $3`, f, keywords, limit)
	if err != nil {
		return 0, nil, fmt.Errorf("store: keyword matches: %w", err)
	}
	var (
		text     string
		total    int
		examples []string
	)
	_, err = pgx.ForEachRow(rows, []any{&text, &total}, func() error {
		examples = append(examples, text)
		return nil
	})
	if err != nil {
		return 0, nil, fmt.Errorf("store: keyword matches: %w", err)
	}
	return total, examples, nil
}

// SetTermKeywords replaces the keywords of term id on behalf of editorID. A *KeywordError
// says what is wrong with them; ErrNotFound when there is no such term, ErrForbidden for a
// municipality, ErrConflict when it was merged away.
func (s *Store) SetTermKeywords(ctx context.Context, editorID, id int64, keywords []string) error {
	err := s.transact(ctx, func(tx pgx.Tx) error {
		t, _, err := curatedTerm(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkKeywords(ctx, tx, keywords); err != nil {
			return err
		}
		var before []string
		if err := tx.QueryRow(ctx, `
			UPDATE terms t SET keywords = $2 FROM terms old WHERE t.id = $1 AND old.id = t.id
			RETURNING old.keywords`, id, nonNil(keywords)).Scan(&before); err != nil {
			return err
		}
		return audit(ctx, tx, editorID, "update", "term", id, map[string]any{
			"facet": t.Facet, "label": t.Label, "from": strings.Join(before, ", "), "keywords": strings.Join(keywords, ", ")})
	})
	var ke *KeywordError
	if errors.As(err, &ke) {
		return ke
	}
	if err != nil {
		return fmt.Errorf("store: keywords of term %d: %w", id, mapErr(err))
	}
	return nil
}

// AddTerm adds a term with label and keywords to the curated facet f on behalf of editorID
// and returns its id; its slug is made from the label. ErrConflict when a term of the facet
// has that label already (merged terms aside), ErrForbidden for municipalities (they come
// from the reference list), a *KeywordError for keywords that cannot be used.
func (s *Store) AddTerm(ctx context.Context, editorID int64, f catalog.Facet, label string, keywords []string) (int64, error) {
	label = strings.Join(strings.Fields(label), " ")
	switch {
	case !f.Valid():
		return 0, fmt.Errorf("store: add term: facet %q: %w", f, catalog.ErrNotFound)
	case f == catalog.FacetMunicipality:
		return 0, fmt.Errorf("store: add term: %w: municipalities come from the reference list", catalog.ErrForbidden)
	case label == "" || utf8.RuneCountInString(label) > MaxTermLabel:
		return 0, fmt.Errorf("store: add term: label of %d characters", utf8.RuneCountInString(label))
	}
	var id int64
	err := s.transact(ctx, func(tx pgx.Tx) error {
		if err := checkKeywords(ctx, tx, keywords); err != nil {
			return err
		}
		// One writer of the facet's terms at a time, so the label check holds.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('terms/' || $1))`, string(f)); err != nil {
			return err
		}
		var taken bool
		if err := tx.QueryRow(ctx, `
			SELECT EXISTS (SELECT 1 FROM terms WHERE facet = $1 AND merged_into IS NULL AND norm(label) = norm($2))`,
			f, label).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return fmt.Errorf("%w: a term %q exists", catalog.ErrConflict, label)
		}
		base := catalog.Slugify(label)
		if base == "" {
			base = "term"
		}
		for n, slug := 2, base; ; n, slug = n+1, fmt.Sprintf("%s-%d", base, n) {
			err := tx.QueryRow(ctx, `
				INSERT INTO terms (facet, slug, label, keywords) VALUES ($1, $2, $3, $4)
				ON CONFLICT (facet, slug) DO NOTHING RETURNING id`, f, slug, label, nonNil(keywords)).Scan(&id)
			if err == nil {
				break
			}
			if !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, editorID, "create", "term", id, map[string]any{
			"facet": f, "label": label, "keywords": strings.Join(keywords, ", ")})
	})
	var ke *KeywordError
	if errors.As(err, &ke) {
		return 0, ke
	}
	if err != nil {
		return 0, fmt.Errorf("store: add term %q to %s: %w", label, f, mapErr(err))
	}
	return id, nil
}
