package store

import (
	"context"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/compound"
	"github.com/praktijkbank/praktijkbank/internal/search"
)

// A search of plain words (no quotes, exclusion or OR) is answered from the search index
// (package search; searchindex.go keeps it current): the database turns the words into stems
// (Dutch stemming, the infix expansions through the word list, the compounds' parts), the
// index matches, filters, counts and ranks, and the database reads the page's sheets.

// maxSplits bounds the readings of one query word as a compound that are tried.
const maxSplits = 8

// queryStems returns the words of the query that are not stop words, in order, and the
// catalogue version they were read at.
//
// A word that the catalogue's word list does not have is read as a compound when it can be
// (package compound): the first reading whose head and tail are both words of the catalogue
// is kept. A word that the catalogue has is never split: its own matches are what was asked.
func (s *Store) queryStems(ctx context.Context, words []string) ([]search.QueryWord, int64, error) {
	var at []int32
	var heads, tails []string
	for i, w := range words {
		for n, sp := range compound.Splits(w) {
			if n == maxSplits {
				break
			}
			at, heads, tails = append(at, int32(i+1)), append(heads, sp.Head), append(tails, sp.Tail)
		}
	}
	rows, err := s.pool.Query(ctx, `
		SELECT (SELECT version FROM catalog_version),
		       tsvector_to_array(to_tsvector('dutch_unaccent', w.word)),
		       tsvector_to_array(to_tsvector('dutch_unaccent', w.word || ' ' || coalesce((
		           SELECT string_agg(word, ' ') FROM (
		               SELECT word FROM search_words WHERE word LIKE '%' || w.word || '%'
		               ORDER BY ndocs DESC, word LIMIT $2) e), ''))),
		       coalesce(sp.head, ''), coalesce(sp.tail, ''),
		       coalesce(tsvector_to_array(to_tsvector('dutch_unaccent', sp.head)), '{}'),
		       coalesce(tsvector_to_array(to_tsvector('dutch_unaccent', sp.tail)), '{}')
		FROM unnest($1::text[]) WITH ORDINALITY AS w(word, i)
		LEFT JOIN LATERAL (
		    SELECT c.head, c.tail
		    FROM unnest($3::int[], $4::text[], $5::text[]) WITH ORDINALITY AS c(i, head, tail, n)
		    WHERE c.i = w.i
		      AND NOT EXISTS (SELECT 1 FROM search_words WHERE word = w.word)
		      AND EXISTS (SELECT 1 FROM search_words WHERE word = c.head)
		      AND EXISTS (SELECT 1 FROM search_words WHERE word = c.tail)
		      AND to_tsvector('dutch_unaccent', c.head) <> ''::tsvector
		      AND to_tsvector('dutch_unaccent', c.tail) <> ''::tsvector
		    ORDER BY c.n LIMIT 1) sp ON true
		WHERE to_tsvector('dutch_unaccent', w.word) <> ''::tsvector
		ORDER BY w.i`, words, maxExpansions, at, heads, tails)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search: %w", err)
	}
	var (
		version              int64
		own, alts            []string
		head, tail           string
		headStems, tailStems []string
		out                  []search.QueryWord
	)
	_, err = pgx.ForEachRow(rows, []any{&version, &own, &alts, &head, &tail, &headStems, &tailStems}, func() error {
		w := search.QueryWord{Own: slices.Clone(own), Alts: slices.Clone(alts)}
		if head != "" {
			w.Split = [][]string{slices.Clone(headStems), slices.Clone(tailStems)}
			w.SplitWords = []string{head, tail}
		}
		out = append(out, w)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: search: %w", err)
	}
	if len(out) == 0 { // only stop words: nothing to match, but the version is still needed
		version, err = s.CatalogVersion(ctx)
	}
	return out, version, err
}

// searchWords answers a query of plain words (see the comment at the top of this file).
func (s *Store) searchWords(ctx context.Context, q SearchQuery, words []string) (SearchResult, error) {
	res := SearchResult{Words: words}
	qws, version, err := s.queryStems(ctx, words)
	if err != nil {
		return res, err
	}
	x, err := s.indexAt(ctx, version)
	if err != nil {
		return res, err
	}
	cs, extra := x.Synonyms().Clauses(qws)
	for _, w := range extra {
		if utf8.RuneCountInString(w) >= 3 && !slices.Contains(res.Words, w) {
			res.Words = append(res.Words, w)
		}
	}
	if len(cs) == 0 { // only stop words: nothing matches
		res.Total, res.Counts = x.Count(nil, q.Filters)
		return res, nil
	}
	size, page := pageOf(q)
	r, err := x.Search(search.Query{Clauses: cs, Words: words, Filters: q.Filters, Sort: indexSort(q),
		Offset: (page - 1) * size, Limit: size, Phrases: func(phrase string) ([]int64, error) { return s.phraseSheets(ctx, phrase) }})
	if err != nil {
		return res, err
	}
	res.Total, res.Counts = r.Total, r.Counts
	res.Hits, err = s.readPage(ctx, r.Hits)
	return res, err
}

// phraseSheets returns the published sheets that contain the phrase (a synonym of several
// words, as a tsquery), through the full-text index: the search index knows which stems a
// sheet has, not where. The index asks once per version.
func (s *Store) phraseSheets(ctx context.Context, phrase string) ([]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT sheet_id FROM sheet_search WHERE published AND doc @@ $1::tsquery`, phrase)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return ids, nil
}

// readPage reads the sheets of hits in their order, with their scores.
func (s *Store) readPage(ctx context.Context, hits []search.Hit) ([]SearchHit, error) {
	ids := make([]int64, len(hits))
	score := make(map[int64]float64, len(hits))
	for i, h := range hits {
		ids[i], score[h.ID] = h.ID, h.Score
	}
	page, err := s.sheetsInOrder(ctx, ids)
	for i := range page {
		page[i].Rank = score[page[i].ID]
	}
	return page, err
}

// scanHit reads a result entry: id, slug, title, intro, body, publication date, rank, date
// of the last editorial change, and the category and municipality term ids.
func scanHit(row pgx.CollectableRow) (SearchHit, error) {
	var h SearchHit
	var publishedAt, editedAt *time.Time
	err := row.Scan(&h.ID, &h.Slug, &h.Title, &h.Intro, &h.Body, &publishedAt, &h.Rank, &editedAt, &h.Categories, &h.Municipalities)
	if publishedAt != nil {
		h.PublishedAt = *publishedAt
	}
	if editedAt != nil {
		h.EditedAt = *editedAt
	}
	return h, err
}

// sheetsInOrder reads the result entries of the sheets ids, in that order; a sheet
// unpublished since the index was read is left out.
func (s *Store) sheetsInOrder(ctx context.Context, ids []int64) ([]SearchHit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `
		SELECT s.id, s.slug, s.title, s.intro, x.body, s.published_at, 0::float8, s.edited_at, x.categorie, x.gemeente
		FROM sheets s JOIN sheet_search x ON x.sheet_id = s.id
		WHERE s.id = ANY($1) AND x.published`, ids)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	hits, err := pgx.CollectRows(rows, scanHit)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	out := make([]SearchHit, 0, len(hits))
	for _, id := range ids {
		if i := slices.IndexFunc(hits, func(h SearchHit) bool { return h.ID == id }); i >= 0 {
			out = append(out, hits[i])
		}
	}
	return out, nil
}
