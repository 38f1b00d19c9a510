package store

import (
	"cmp"
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/compound"
)

// A search of plain words (no quotes, exclusion or OR) is answered from the facet index,
// which also holds, per stem, the sheets whose full text contains it (postings). The database
// turns the words into stems (Dutch stemming, the infix expansions through the word list),
// ranks at most rankCandidates of the sheets that pass every filter, and reads the page.
// Finding the matches there meant reading the row of every matching sheet (about 1.3 µs a
// row); here it is a union and an intersection of bit sets.

// queryWord is a word of the query as the database sees it.
type queryWord struct {
	own  []string // the stem of the word itself
	alts []string // the distinct stems of itself and of the catalogue words that contain it
	// A compound the catalogue does not know as a word, whose parts it knows: the stems of
	// its head and of its tail, and the two words.
	split      [][]string
	splitWords []string
}

// maxSplits bounds the readings of one query word as a compound that are tried.
const maxSplits = 8

// queryStems returns the words of the query that are not stop words, in order, and the
// catalogue version they were read at.
//
// A word that the catalogue's word list does not have is read as a compound when it can be
// (package compound): the first reading whose head and tail are both words of the catalogue
// is kept. A word that the catalogue has is never split: its own matches are what was asked.
func (s *Store) queryStems(ctx context.Context, words []string) ([]queryWord, int64, error) {
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
		out                  []queryWord
	)
	_, err = pgx.ForEachRow(rows, []any{&version, &own, &alts, &head, &tail, &headStems, &tailStems}, func() error {
		w := queryWord{own: slices.Clone(own), alts: slices.Clone(alts)}
		if head != "" {
			w.split = [][]string{slices.Clone(headStems), slices.Clone(tailStems)}
			w.splitWords = []string{head, tail}
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

// A query is matched as clauses, one per word or per phrase of the query that is a synonym:
// a sheet matches when it matches every clause, and a clause when it matches one of its
// alternatives: the word (its stems and those of the catalogue words containing it), a
// synonym of one word (its stem) or of several (the phrase, with word positions), or the two
// parts of a compound (both, anywhere in the sheet).
type clause []alternative

type alternative struct {
	all    [][]string // every part: any of its stems
	phrase string     // or, when set, this phrase query (tsquery text)
	split  bool       // the parts of a compound: sheets found only so rank below the others
}

// clauses turns the query's words into clauses, applying the synonyms of x's version. It
// also returns the words of the synonyms and of the compounds' parts, for highlighting.
func (x *facetIndex) clauses(qws []queryWord) (cs []clause, extra []string) {
	for i := 0; i < len(qws); {
		var found []synonymMember
		span := 0
		if x.synonyms != nil && len(qws[i].own) > 0 {
			// The longest members that the query's words spell from here.
			for _, m := range x.synonyms.byFirst[qws[i].own[0]] {
				switch n := spells(qws[i:], m.stems); {
				case n > span:
					found, span = []synonymMember{m}, n
				case n == span && n > 0:
					found = append(found, m)
				}
			}
		}
		if span == 0 {
			c := clause{{all: [][]string{qws[i].alts}}}
			if qws[i].split != nil {
				c = append(c, alternative{all: qws[i].split, split: true})
				extra = append(extra, qws[i].splitWords...)
			}
			cs = append(cs, c)
			i++
			continue
		}
		var own alternative
		for _, w := range qws[i : i+span] {
			own.all = append(own.all, w.alts)
		}
		c := clause{own}
		seen := map[int]bool{}
		for _, m := range found {
			if seen[m.group] {
				continue
			}
			seen[m.group] = true
			for _, o := range x.synonyms.groups[m.group] {
				switch {
				case slices.Equal(o.stems, m.stems):
				case o.phrase != "":
					c = append(c, alternative{phrase: o.phrase})
				default:
					c = append(c, alternative{all: [][]string{o.stems}})
				}
				extra = append(extra, o.words...)
			}
		}
		cs = append(cs, c)
		i += span
	}
	return cs, extra
}

// spells returns how many of the words qws, from the first, have exactly the stems in
// order, or 0 when they do not.
func spells(qws []queryWord, stems []string) int {
	at := 0
	for n, w := range qws {
		for _, st := range w.own {
			if at == len(stems) || stems[at] != st {
				return 0
			}
			at++
		}
		if at == len(stems) {
			return n + 1
		}
	}
	return 0
}

// tsquery writes clauses as a text search query, for ranking.
func tsquery(cs []clause) string {
	quote := func(stems []string) string {
		q := make([]string, len(stems))
		for i, st := range stems {
			q[i] = "'" + strings.ReplaceAll(st, "'", "''") + "'"
		}
		return "(" + strings.Join(q, " | ") + ")"
	}
	var words []string
	for _, c := range cs {
		var alts []string
		for _, a := range c {
			if a.phrase != "" {
				alts = append(alts, "("+a.phrase+")")
				continue
			}
			parts := make([]string, len(a.all))
			for i, p := range a.all {
				parts[i] = quote(p)
			}
			alts = append(alts, "("+strings.Join(parts, " & ")+")")
		}
		words = append(words, "("+strings.Join(alts, " | ")+")")
	}
	return strings.Join(words, " & ")
}

// bitset is a set of sheet numbers.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) add(k int32) { b[k/64] |= 1 << (uint(k) % 64) }

func (b bitset) has(k int32) bool { return b[k/64]&(1<<(uint(k)%64)) != 0 }

func (b bitset) and(o bitset) {
	for i := range b {
		b[i] &= o[i]
	}
}

func (b bitset) or(o bitset) {
	for i := range b {
		b[i] |= o[i]
	}
}

// each calls fn for every member, in ascending order (newest first).
func (b bitset) each(fn func(int32)) {
	for i, w := range b {
		for w != 0 {
			fn(int32(i*64 + bits.TrailingZeros64(w)))
			w &= w - 1
		}
	}
}

// addPostings adds the sheets that contain any of stems.
func (x *facetIndex) addPostings(b bitset, stems []string) {
	for _, st := range stems {
		if n, ok := x.stemNumber[st]; ok {
			for _, k := range x.postings[n] {
				b.add(k)
			}
		}
	}
}

// match returns the sheets that match every clause, with the compounds' parts or without.
func (s *Store) match(ctx context.Context, x *facetIndex, cs []clause, splits bool) (bitset, error) {
	var all bitset
	for _, c := range cs {
		either := newBitset(len(x.ids))
		for _, a := range c {
			if a.split && !splits {
				continue
			}
			if a.phrase != "" {
				ps, err := s.phraseSheets(ctx, x, a.phrase)
				if err != nil {
					return nil, err
				}
				either.or(ps)
				continue
			}
			if len(a.all) == 1 {
				x.addPostings(either, a.all[0])
				continue
			}
			var every bitset
			for _, part := range a.all {
				one := newBitset(len(x.ids))
				x.addPostings(one, part)
				if every == nil {
					every = one
				} else {
					every.and(one)
				}
			}
			either.or(every)
		}
		if all == nil {
			all = either
		} else {
			all.and(either)
		}
	}
	if all == nil {
		return newBitset(0), nil
	}
	return all, nil
}

// phraseSheets returns the sheets of x that contain the phrase (a synonym of several words),
// read once per index version through the full-text index: the index's postings know which
// stems a sheet has, not where. Sheets published after x's version are left out.
func (s *Store) phraseSheets(ctx context.Context, x *facetIndex, phrase string) (bitset, error) {
	x.phraseMu.Lock()
	b, ok := x.phrases[phrase]
	x.phraseMu.Unlock()
	if ok {
		return b, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT sheet_id FROM sheet_search WHERE published AND doc @@ $1::tsquery`, phrase)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	b = newBitset(len(x.ids))
	for _, id := range ids {
		if k, ok := x.number[id]; ok {
			b.add(k)
		}
	}
	x.phraseMu.Lock()
	if x.phrases == nil {
		x.phrases = map[string]bitset{}
	}
	x.phrases[phrase] = b
	x.phraseMu.Unlock()
	return b, nil
}

// searchWords answers a query of plain words (see the comment at the top of this file).
func (s *Store) searchWords(ctx context.Context, q SearchQuery, words []string) (SearchResult, error) {
	res := SearchResult{Words: words}
	qws, version, err := s.queryStems(ctx, words)
	if err != nil {
		return res, err
	}
	x, err := s.facetIndexAt(ctx, version)
	if err != nil {
		return res, err
	}
	cs, extra := x.clauses(qws)
	for _, w := range extra {
		if utf8.RuneCountInString(w) >= 3 && !slices.Contains(res.Words, w) {
			res.Words = append(res.Words, w)
		}
	}
	var matched, exact bitset
	if len(cs) > 0 {
		if matched, err = s.match(ctx, x, cs, true); err != nil {
			return res, err
		}
	}
	// Sheets found only through the parts of a compound rank below the others.
	if slices.ContainsFunc(cs, func(c clause) bool { return slices.ContainsFunc(c, func(a alternative) bool { return a.split }) }) {
		if exact, err = s.match(ctx, x, cs, false); err != nil {
			return res, err
		}
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
		// Candidates: the sheets found without compound parts first, then the words in the
		// title (0.3 per word, as in the rank), then the newest (passing is in number order,
		// newest first, and the sort is stable).
		type candidate struct {
			k     int32
			tier  int32 // 1: found only through the parts of a compound
			title float64
		}
		cands := make([]candidate, len(passing))
		for i, k := range passing {
			cands[i].k = k
			if exact != nil && !exact.has(k) {
				cands[i].tier = 1
			}
			for _, w := range words {
				if strings.Contains(x.titles[k], w) {
					cands[i].title += 0.3
				}
			}
		}
		slices.SortStableFunc(cands, func(a, b candidate) int {
			if c := cmp.Compare(a.tier, b.tier); c != 0 {
				return c
			}
			return cmp.Compare(b.title, a.title)
		})
		cands = cands[:min(len(cands), max(s.rankCandidates, page*size))]
		ids := make([]int64, len(cands))
		bonus := make([]float64, len(cands))
		tiers := make([]int32, len(cands))
		for i, c := range cands {
			ids[i], bonus[i], tiers[i] = x.ids[c.k], c.title, c.tier
		}
		res.Hits, err = s.rankedPage(ctx, tsquery(cs), ids, bonus, tiers, size, from)
		return res, err
	case SortTitle:
		slices.SortFunc(passing, func(a, b int32) int { return int(x.titlePos[a] - x.titlePos[b]) })
	}
	res.Hits, err = s.sheetsInOrder(ctx, x.idsOf(passing[from:to]))
	return res, err
}

// rankedPage ranks the candidate sheets ids by tier, then full text (plus their title bonus),
// and reads the page of size from offset.
func (s *Store) rankedPage(ctx context.Context, tsq string, ids []int64, bonus []float64, tiers []int32, size, offset int) ([]SearchHit, error) {
	rows, err := s.pool.Query(ctx, `
		WITH c AS (
		    SELECT x.sheet_id, x.published_at, b.tier, ts_rank_cd(x.doc, $1::tsquery, 1) + b.bonus AS rank
		    FROM unnest($2::bigint[], $3::float8[], $6::int[]) AS b(id, bonus, tier)
		    JOIN sheet_search x ON x.sheet_id = b.id AND x.published
		), top AS (
		    SELECT * FROM c ORDER BY tier, rank DESC, published_at DESC NULLS LAST, sheet_id DESC LIMIT $4 OFFSET $5
		)
		SELECT s.id, s.slug, s.title, s.intro, x.body, s.published_at, top.rank, s.edited_at, x.categorie, x.gemeente
		FROM top JOIN sheets s ON s.id = top.sheet_id JOIN sheet_search x ON x.sheet_id = top.sheet_id
		ORDER BY top.tier, top.rank DESC, top.published_at DESC NULLS LAST, top.sheet_id DESC`,
		tsq, ids, bonus, size, offset, tiers)
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
