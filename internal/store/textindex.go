package store

import (
	"cmp"
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// A search of plain words (no quotes, exclusion or OR) is answered from the facet index,
// which also holds, per stem, the sheets whose full text contains it (postings). The database
// turns the words into stems (Dutch stemming, the infix expansions through the word list),
// ranks at most rankCandidates of the sheets that pass every filter, and reads the page.
// Finding the matches there meant reading the row of every matching sheet (about 1.3 µs a
// row); here it is a union and an intersection of bit sets.

// queryStems returns, per query word that is not a stop word, the distinct stems of itself and
// of the catalogue words that contain it, and the catalogue version they were read at.
func (s *Store) queryStems(ctx context.Context, words []string) ([][]string, int64, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT (SELECT version FROM catalog_version),
		       tsvector_to_array(to_tsvector('dutch_unaccent', w.word || ' ' || coalesce((
		           SELECT string_agg(word, ' ') FROM (
		               SELECT word FROM search_words WHERE word LIKE '%' || w.word || '%'
		               ORDER BY ndocs DESC, word LIMIT $2) e), '')))
		FROM unnest($1::text[]) WITH ORDINALITY AS w(word, i)
		WHERE to_tsvector('dutch_unaccent', w.word) <> ''::tsvector
		ORDER BY w.i`, words, maxExpansions)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search: %w", err)
	}
	var (
		version int64
		stems   []string
		out     [][]string
	)
	_, err = pgx.ForEachRow(rows, []any{&version, &stems}, func() error {
		out = append(out, slices.Clone(stems))
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

// tsquery writes stems as a text search query: the stems of a word ORed, the words ANDed.
func tsquery(stems [][]string) string {
	var words []string
	for _, alts := range stems {
		var q []string
		for _, st := range alts {
			q = append(q, "'"+strings.ReplaceAll(st, "'", "''")+"'")
		}
		words = append(words, "("+strings.Join(q, " | ")+")")
	}
	return strings.Join(words, " & ")
}

// bitset is a set of sheet numbers.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) add(k int32) { b[k/64] |= 1 << (uint(k) % 64) }

// each calls fn for every member, in ascending order (newest first).
func (b bitset) each(fn func(int32)) {
	for i, w := range b {
		for w != 0 {
			fn(int32(i*64 + bits.TrailingZeros64(w)))
			w &= w - 1
		}
	}
}

// match returns the sheets that contain, for every word, at least one of its stems.
func (x *facetIndex) match(stems [][]string) bitset {
	var all bitset
	for _, alts := range stems {
		either := newBitset(len(x.ids))
		for _, st := range alts {
			if n, ok := x.stemNumber[st]; ok {
				for _, k := range x.postings[n] {
					either.add(k)
				}
			}
		}
		if all == nil {
			all = either
			continue
		}
		for i := range all {
			all[i] &= either[i]
		}
	}
	if all == nil {
		return newBitset(0)
	}
	return all
}

// searchWords answers a query of plain words (see the comment at the top of this file).
func (s *Store) searchWords(ctx context.Context, q SearchQuery, words []string) (SearchResult, error) {
	res := SearchResult{Words: words}
	stems, version, err := s.queryStems(ctx, words)
	if err != nil {
		return res, err
	}
	x, err := s.facetIndexAt(ctx, version)
	if err != nil {
		return res, err
	}
	var matched bitset
	if len(stems) > 0 {
		matched = x.match(stems)
	}
	passing, counts := x.tally(matched.each, q.Filters)
	res.Total, res.Counts = len(passing), counts
	size, page := pageOf(q)
	from := min((page-1)*size, len(passing))
	to := min(from+size, len(passing))
	if from == to {
		return res, nil
	}

	switch sortOf(q) {
	case SortRelevance:
		// Candidates: the words in the title first (0.3 per word, as in the rank), then the
		// newest (passing is in number order, newest first, and the sort is stable).
		type candidate struct {
			k     int32
			title float64
		}
		cands := make([]candidate, len(passing))
		for i, k := range passing {
			cands[i].k = k
			for _, w := range words {
				if strings.Contains(x.titles[k], w) {
					cands[i].title += 0.3
				}
			}
		}
		slices.SortStableFunc(cands, func(a, b candidate) int { return cmp.Compare(b.title, a.title) })
		cands = cands[:min(len(cands), max(s.rankCandidates, page*size))]
		ids := make([]int64, len(cands))
		bonus := make([]float64, len(cands))
		for i, c := range cands {
			ids[i], bonus[i] = x.ids[c.k], c.title
		}
		res.Hits, err = s.rankedPage(ctx, tsquery(stems), ids, bonus, size, from)
		return res, err
	case SortTitle:
		slices.SortFunc(passing, func(a, b int32) int { return int(x.titlePos[a] - x.titlePos[b]) })
	}
	res.Hits, err = s.sheetsInOrder(ctx, x.idsOf(passing[from:to]))
	return res, err
}

// rankedPage ranks the candidate sheets ids by full text (plus their title bonus) and reads
// the page of size from offset.
func (s *Store) rankedPage(ctx context.Context, tsq string, ids []int64, bonus []float64, size, offset int) ([]SearchHit, error) {
	rows, err := s.pool.Query(ctx, `
		WITH c AS (
		    SELECT x.sheet_id, x.published_at, ts_rank_cd(x.doc, $1::tsquery, 1) + b.bonus AS rank
		    FROM unnest($2::bigint[], $3::float8[]) AS b(id, bonus)
		    JOIN sheet_search x ON x.sheet_id = b.id AND x.published
		), top AS (
		    SELECT * FROM c ORDER BY rank DESC, published_at DESC NULLS LAST, sheet_id DESC LIMIT $4 OFFSET $5
		)
		SELECT s.id, s.slug, s.title, s.intro, x.body, s.published_at, top.rank, s.updated_at, s.revision, x.categorie, x.gemeente
		FROM top JOIN sheets s ON s.id = top.sheet_id JOIN sheet_search x ON x.sheet_id = top.sheet_id
		ORDER BY top.rank DESC, top.published_at DESC NULLS LAST, top.sheet_id DESC`,
		tsq, ids, bonus, size, offset)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	hits, err := pgx.CollectRows(rows, scanHit)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return hits, nil
}

// scanHit reads a result entry: id, slug, title, intro, body, publication date, rank, date
// of the last change, revision, and the category and municipality term ids.
func scanHit(row pgx.CollectableRow) (SearchHit, error) {
	var h SearchHit
	var publishedAt *time.Time
	err := row.Scan(&h.ID, &h.Slug, &h.Title, &h.Intro, &h.Body, &publishedAt, &h.Rank, &h.UpdatedAt, &h.Revision, &h.Categories, &h.Municipalities)
	if publishedAt != nil {
		h.PublishedAt = *publishedAt
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
		SELECT s.id, s.slug, s.title, s.intro, x.body, s.published_at, 0::float8, s.updated_at, s.revision, x.categorie, x.gemeente
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
