package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/search"
)

// Synonyms are groups of words or phrases that mean the same to a visitor ("OCMW" and "sociaal
// huis"); a search for one member also finds the sheets that use another. Editors curate the
// groups (/beheer/zoeken). They are applied to the query, not to the documents: the search
// index keeps each sheet's own stems, so adding or deleting a group needs no sheet to be read
// again. The change bumps the catalogue version like any other catalogue change: every
// instance hears of it (catalog_changed), drops its cached pages and loads an index of the new
// version, which reads the groups from the same snapshot and takes over every sheet's stems
// unchanged (xmin). Expanding the documents instead would mean rewriting the search rows of
// every sheet that uses a member whenever a group changes.

// SynonymGroup is one group of equivalent words or phrases.
type SynonymGroup struct {
	ID        int64
	Words     []string
	CreatedAt time.Time
}

// Limits of a synonym group.
const (
	MaxSynonymWords  = 10 // members of one group
	MaxSynonymLength = 60 // characters of one member
)

// SynonymError says why a group cannot be added; Word is the member at fault.
type SynonymError struct {
	Word   string
	Reason SynonymProblem
	Group  []string // for SynonymTaken: the group that has the word already
}

// SynonymProblem is what is wrong with a proposed group.
type SynonymProblem int

// The problems of a proposed group.
const (
	SynonymTooFew        SynonymProblem = iota // fewer than two different members
	SynonymTooMany                             // more than MaxSynonymWords members
	SynonymTooLong                             // a member longer than MaxSynonymLength
	SynonymNoWord                              // a member without a letter or digit
	SynonymOnlyStopWords                       // a member of stop words only ("van het"), which search ignores
	SynonymTaken                               // a member in another group already
)

func (e *SynonymError) Error() string {
	return fmt.Sprintf("synonym %q: problem %d", e.Word, e.Reason)
}

// SplitSynonyms splits what an editor typed into the members of a group: separated by
// commas, semicolons, "=" or new lines, spaces collapsed, the same member (ignoring case and
// accents) once.
func SplitSynonyms(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '=' || r == '\n' }) {
		w := strings.Join(strings.Fields(part), " ")
		if w == "" || seen[catalog.Fold(w)] {
			continue
		}
		seen[catalog.Fold(w)] = true
		out = append(out, w)
	}
	return out
}

// Synonyms returns every group, the newest first.
func (s *Store) Synonyms(ctx context.Context) ([]SynonymGroup, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, words, created_at FROM synonyms ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: synonyms: %w", err)
	}
	groups, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SynonymGroup, error) {
		var g SynonymGroup
		err := r.Scan(&g.ID, &g.Words, &g.CreatedAt)
		return g, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: synonyms: %w", err)
	}
	return groups, nil
}

// AddSynonyms adds a group of the words (as SplitSynonyms returns them) on behalf of editorID
// and returns its id. A *SynonymError says what is wrong with the words. Searches use the
// group from the catalogue version this change makes.
func (s *Store) AddSynonyms(ctx context.Context, editorID int64, words []string) (int64, error) {
	if err := checkSynonymWords(words); err != nil {
		return 0, err
	}
	var id int64
	err := s.transact(ctx, func(tx pgx.Tx) error {
		// One writer of synonyms at a time, so two editors cannot add the same word twice.
		if _, err := tx.Exec(ctx, `LOCK TABLE synonyms IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		for _, w := range words {
			var stop bool
			if err := tx.QueryRow(ctx, `SELECT to_tsvector('dutch_unaccent', $1) = ''::tsvector`, w).Scan(&stop); err != nil {
				return err
			}
			if stop {
				return &SynonymError{Word: w, Reason: SynonymOnlyStopWords}
			}
			var other []string
			err := tx.QueryRow(ctx, `
				SELECT words FROM synonyms WHERE EXISTS (SELECT 1 FROM unnest(words) m WHERE norm(m) = norm($1))
				ORDER BY id LIMIT 1`, w).Scan(&other)
			if err == nil {
				return &SynonymError{Word: w, Reason: SynonymTaken, Group: other}
			}
			if !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
		}
		if err := tx.QueryRow(ctx, `INSERT INTO synonyms (words) VALUES ($1) RETURNING id`, words).Scan(&id); err != nil {
			return err
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, editorID, "create", "synonyms", id, map[string]any{"words": strings.Join(words, " = ")})
	})
	var se *SynonymError
	if errors.As(err, &se) {
		return 0, se
	}
	if err != nil {
		return 0, fmt.Errorf("store: add synonyms: %w", err)
	}
	return id, nil
}

func checkSynonymWords(words []string) error {
	if len(words) < 2 {
		w := ""
		if len(words) == 1 {
			w = words[0]
		}
		return &SynonymError{Word: w, Reason: SynonymTooFew}
	}
	if len(words) > MaxSynonymWords {
		return &SynonymError{Word: words[MaxSynonymWords], Reason: SynonymTooMany}
	}
	for i, w := range words {
		if utf8.RuneCountInString(w) > MaxSynonymLength {
			return &SynonymError{Word: w, Reason: SynonymTooLong}
		}
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			return &SynonymError{Word: w, Reason: SynonymNoWord}
		}
		if slices.ContainsFunc(words[:i], func(v string) bool { return catalog.Fold(v) == catalog.Fold(w) }) {
			return &SynonymError{Word: w, Reason: SynonymTooFew}
		}
	}
	return nil
}

// DeleteSynonyms deletes group id on behalf of editorID; ErrNotFound when there is none.
func (s *Store) DeleteSynonyms(ctx context.Context, editorID, id int64) error {
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var words []string
		if err := tx.QueryRow(ctx, `DELETE FROM synonyms WHERE id = $1 RETURNING words`, id).Scan(&words); err != nil {
			return err
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, editorID, "delete", "synonyms", id, map[string]any{"words": strings.Join(words, " = ")})
	})
	if err != nil {
		return fmt.Errorf("store: delete synonyms %d: %w", id, mapErr(err))
	}
	return nil
}

// loadSynonyms reads the groups with their members' stems inside tx.
func loadSynonyms(ctx context.Context, tx pgx.Tx) (*search.Synonyms, error) {
	rows, err := tx.Query(ctx, `
		SELECT s.id,
		       coalesce((SELECT array_agg(lexeme ORDER BY positions[1]) FROM unnest(to_tsvector('dutch_unaccent', m.word))), '{}'),
		       phraseto_tsquery('dutch_unaccent', m.word)::text,
		       coalesce((SELECT array_agg(w ORDER BY n) FROM regexp_split_to_table(lower(unaccent(m.word)), '[^[:alnum:]]+') WITH ORDINALITY AS t(w, n)
		                 WHERE to_tsvector('dutch_unaccent', w) <> ''::tsvector), '{}')
		FROM synonyms s, unnest(s.words) WITH ORDINALITY AS m(word, n)
		ORDER BY s.id, m.n`)
	if err != nil {
		return nil, err
	}
	var (
		members  []search.Synonym
		id, last int64 = 0, -1
		group          = -1
		stems    []string
		phrase   string
		words    []string
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &stems, &phrase, &words}, func() error {
		if id != last {
			group++
			last = id
		}
		m := search.Synonym{Group: group, Stems: slices.Clone(stems), Words: slices.Clone(words)}
		if len(stems) > 1 {
			m.Phrase = phrase
		}
		members = append(members, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return search.NewSynonyms(members), nil
}
