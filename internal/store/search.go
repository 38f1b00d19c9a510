package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/search"
)

// Sort orders of the catalogue (the web package names them in URLs).
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortTitle     = "title"
)

// DefaultSort is the order of a search for text when none is asked: relevance with words,
// newest without (relevance means nothing without words). It is the one rule: the catalogue
// page, the API and Search use it.
func DefaultSort(text string) string {
	if strings.TrimSpace(text) == "" {
		return SortNewest
	}
	return SortRelevance
}

// SearchQuery is what a visitor asked the catalogue: full text, chosen terms per facet (OR
// within a facet, AND across facets), a sort order and a page.
type SearchQuery struct {
	Text     string
	Filters  map[catalog.Facet][]int64 // current term ids
	Sort     string                    // one of the Sort constants; "" picks DefaultSort
	Page     int                       // 1-based
	PageSize int
}

// SearchHit is one practice on a result page.
type SearchHit struct {
	ID          int64
	Slug        string
	Title       string
	Intro       string
	Body        string // plain text of intro and description, for snippets
	Rank        float64
	PublishedAt time.Time
	EditedAt    time.Time // zero unless an editor changed the text since (catalog.Sheet.EditedAt)
	// Categories and Municipalities are the sheet's current term ids of those facets, for
	// the line of facts under a result.
	Categories     []int64
	Municipalities []int64
}

// SearchResult is a result page with the total and, per facet, how many results each term
// would give under the filters of the other facets (disjunctive counts).
type SearchResult struct {
	Hits   []SearchHit
	Total  int
	Counts map[catalog.Facet]map[int64]int
	// Words are the folded query words used for infix matching and highlighting.
	Words []string
}

// maxWords bounds the query words used for infix matching.
const maxWords = 8

// QueryWords splits a search text into the folded words used for infix matching and
// highlighting, or nil when the text uses search syntax (quotes, exclusion, OR) that only
// full-text search understands. Words are letters and digits only, at least three long.
func QueryWords(text string) []string {
	if strings.ContainsAny(text, `"`) {
		return nil
	}
	var words []string
	for _, f := range strings.Fields(catalog.Fold(text)) {
		if strings.HasPrefix(f, "-") || f == "or" {
			return nil
		}
		for _, w := range strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len([]rune(w)) < 3 || slices.Contains(words, w) {
				continue
			}
			words = append(words, w)
			if len(words) == maxWords {
				return words
			}
		}
	}
	return words
}

// maxExpansions bounds how many catalogue words one query word expands to.
const maxExpansions = 40

// Search runs q against the published catalogue. Totals and the five disjunctive facet counts
// come from the in-memory search index (package search). Without words, the index alone finds
// the page; with plain words, the index also matches and ranks (searchWords, textindex.go); a
// query in search syntax (quotes, exclusion, OR) is matched by PostgreSQL in one statement
// that also ranks and returns the page (buildSearch). Only the page's sheets are read in full.
func (s *Store) Search(ctx context.Context, q SearchQuery) (SearchResult, error) {
	text := strings.TrimSpace(q.Text)
	if text == "" {
		return s.searchFacets(ctx, q)
	}
	if words := QueryWords(text); len(words) > 0 {
		return s.searchWords(ctx, q, words)
	}
	sql, args := buildSearch(q, s.rankCandidates)
	var res SearchResult
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return res, fmt.Errorf("store: search: %w", err)
	}
	var (
		kind        string
		id, n       int64
		rank        float64
		slug, title *string
		intro, body *string
		publishedAt *time.Time
		editedAt    *time.Time
		cats, munis []int64
		ids         []int64
		version     int64
		matched     []int64
	)
	_, err = pgx.ForEachRow(rows, []any{&kind, &id, &n, &rank, &slug, &title, &intro, &body, &publishedAt, &editedAt, &cats, &munis, &ids}, func() error {
		switch kind {
		case "hit":
			h := SearchHit{ID: id, Rank: rank, Slug: deref(slug), Title: deref(title), Intro: deref(intro), Body: deref(body),
				Categories: cats, Municipalities: munis}
			if publishedAt != nil {
				h.PublishedAt = *publishedAt
			}
			if editedAt != nil {
				h.EditedAt = *editedAt
			}
			res.Hits = append(res.Hits, h)
		case "match":
			version, matched = n, ids
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("store: search: %w", err)
	}
	x, err := s.indexAt(ctx, version)
	if err != nil {
		return res, err
	}
	res.Total, res.Counts = x.Count(matched, q.Filters)
	return res, nil
}

// searchFacets answers a query without words from the search index: the sheets that pass
// the filters in the order asked, of which only the page is read from the database.
func (s *Store) searchFacets(ctx context.Context, q SearchQuery) (SearchResult, error) {
	var res SearchResult
	version, err := s.CatalogVersion(ctx)
	if err != nil {
		return res, err
	}
	x, err := s.indexAt(ctx, version)
	if err != nil {
		return res, err
	}
	size, page := pageOf(q)
	r, err := x.Search(search.Query{Filters: q.Filters, Sort: indexSort(q), Offset: (page - 1) * size, Limit: size})
	if err != nil {
		return res, err
	}
	res.Total, res.Counts = r.Total, r.Counts
	res.Hits, err = s.readPage(ctx, r.Hits)
	return res, err
}

// indexSort is the search index's order for q.
func indexSort(q SearchQuery) search.Sort {
	switch sortOf(q) {
	case SortTitle:
		return search.ByTitle
	case SortRelevance:
		return search.ByRelevance
	}
	return search.ByNewest
}

// sortOf is the order q asks for, with the default filled in: relevance with words, newest
// without (relevance means nothing without words).
func sortOf(q SearchQuery) string {
	if q.Sort == "" || q.Sort == SortRelevance && strings.TrimSpace(q.Text) == "" {
		return DefaultSort(q.Text)
	}
	return q.Sort
}

// pageOf is q's page size (20 unless 1 to 100) and its 1-based page.
func pageOf(q SearchQuery) (size, page int) {
	size = q.PageSize
	if size <= 0 || size > 100 {
		size = 20
	}
	return size, max(q.Page, 1)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// buildSearch writes the search statement for q, for queries in search syntax; plain words go
// through searchWords. Only facet names from catalog.Facets and fixed sort expressions are
// spliced into the SQL; every value is a parameter.
//
// The statement returns the ids of the matching sheets (for the counts) and the page. When two
// or more facets are filtered, rows that fail more than one facet filter are left out: they
// count in no facet. Relevance is computed only for the rows that pass every filter, and for
// at most rankCandidates of them, the newest.
func buildSearch(q SearchQuery, rankCandidates int) (string, []any) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	// Quotes, exclusion and OR: full text as written (the infix expansion needs plain words).
	tsq := "websearch_to_tsquery('dutch_unaccent', " + arg(strings.TrimSpace(q.Text)) + ")"

	ok := map[catalog.Facet]string{}
	var filtered []catalog.Facet
	for _, f := range catalog.Facets {
		if ids := q.Filters[f]; len(ids) > 0 {
			ok[f] = "(s." + string(f) + " && " + arg(ids) + "::bigint[])"
			filtered = append(filtered, f)
		}
	}
	// Rows that fail two or more facet filters count in no facet: they are not even returned.
	prefilter, passes := "true", "true"
	if len(filtered) > 0 {
		var sum, all []string
		for _, f := range filtered {
			sum = append(sum, ok[f]+"::int")
			all = append(all, ok[f])
		}
		passes = strings.Join(all, " AND ")
		if len(filtered) >= 2 {
			prefilter = fmt.Sprintf("(%s) >= %d", strings.Join(sum, " + "), len(filtered)-1)
		}
	}

	size, page := pageOf(q)
	order := "published_at DESC NULLS LAST, sheet_id DESC"
	// scored is passing with a rank. For relevance, the full-text rank reads each row's
	// tsvector from the TOAST table, so it is computed for at most rankCandidates rows (or the
	// rows up to the page asked), the newest.
	scored := "SELECT sheet_id, published_at, title_folded, 0::float8 AS rank FROM passing"
	switch sortOf(q) {
	case SortRelevance:
		scored = fmt.Sprintf(`
    SELECT c.sheet_id, c.published_at, c.title_folded, ts_rank_cd(x.doc, q.tsq, 1) AS rank
    FROM (SELECT * FROM passing ORDER BY published_at DESC NULLS LAST, sheet_id DESC LIMIT %s) c
    JOIN sheet_search x ON x.sheet_id = c.sheet_id, q`, arg(max(rankCandidates, page*size)))
		order = "rank DESC, published_at DESC NULLS LAST, sheet_id DESC"
	case SortTitle:
		order = "title_folded, sheet_id"
	}
	limit, offset := arg(size), arg((page-1)*size)

	sql := fmt.Sprintf(`
WITH q AS MATERIALIZED (
    SELECT %s AS tsq
), f AS MATERIALIZED (
    SELECT s.sheet_id, s.published_at, s.title_folded, %s AS passes
    FROM sheet_search s, q
    WHERE s.published AND s.doc @@ q.tsq AND %s
), passing AS (
    SELECT sheet_id, published_at, title_folded FROM f WHERE passes
), scored AS (%s
), top AS (
    SELECT * FROM scored ORDER BY %s LIMIT %s OFFSET %s
), ranked AS (
    SELECT sheet_id, rank, row_number() OVER (ORDER BY %s) AS pos FROM top
)
SELECT 'hit', p.sheet_id, p.pos, p.rank, s.slug, s.title, s.intro, x.body, s.published_at, s.edited_at,
       x.categorie, x.gemeente, NULL::bigint[]
FROM ranked p JOIN sheets s ON s.id = p.sheet_id JOIN sheet_search x ON x.sheet_id = p.sheet_id
UNION ALL
SELECT 'match', 0, (SELECT version FROM catalog_version), 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       (SELECT coalesce(array_agg(sheet_id), '{}') FROM f)
ORDER BY 1, 3`,
		tsq, passes, prefilter, scored, order, limit, offset, order)
	return sql, args
}

// addSearchWords adds the words of sheet id, when it is published, to the word list inside tx, so new
// words are found by infix search and suggestions at once. Document counts only grow here;
// RefreshSearchWords recounts them.
func addSearchWords(ctx context.Context, tx pgx.Tx, id int64) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO search_words (word, ndocs)
		SELECT w, 1 FROM sheet_search, unnest(tsvector_to_array(words)) w
		WHERE sheet_id = $1 AND published AND length(w) >= 3 AND w ~ '^[a-z]+$'
		ORDER BY w
		ON CONFLICT (word) DO UPDATE SET ndocs = search_words.ndocs + 1`, id)
	if err != nil {
		return fmt.Errorf("add search words of sheet %d: %w", id, err)
	}
	return nil
}

// RefreshSearchWords rebuilds the word list behind infix search and "bedoelde je" from the
// published catalogue, with exact document counts. Call it after a bulk load; single writes
// keep the list current themselves.
func (s *Store) RefreshSearchWords(ctx context.Context) error {
	return s.transact(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM search_words`); err != nil {
			return fmt.Errorf("store: refresh search words: %w", err)
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO search_words (word, ndocs)
			SELECT word, ndoc FROM ts_stat($$SELECT words FROM sheet_search WHERE published$$)
			WHERE length(word) >= 3 AND word ~ '^[a-z]+$'`)
		if err != nil {
			return fmt.Errorf("store: refresh search words: %w", err)
		}
		return nil
	})
}

// Analyze refreshes the planner's statistics of the catalogue tables. Call it after a bulk
// load: until autovacuum gets to them, a freshly filled table looks empty to the planner, which
// may then read every tsvector instead of using the full-text index.
func (s *Store) Analyze(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, `ANALYZE sheets, sheet_terms, sheet_search, search_words`); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	return nil
}

// Suggest returns a corrected search text for a query that found nothing: each word that the
// catalogue does not contain is replaced by the most similar word that it does. It returns ""
// when there is nothing better to suggest.
func (s *Store) Suggest(ctx context.Context, text string) (string, error) {
	words := strings.Fields(catalog.Fold(text))
	changed := false
	for i, w := range words {
		if len([]rune(w)) < 3 {
			continue
		}
		var best string
		err := s.pool.QueryRow(ctx, `
			SELECT word FROM search_words
			WHERE word % $1 AND word <> $1
			  AND NOT EXISTS (SELECT 1 FROM search_words WHERE word = $1)
			ORDER BY similarity(word, $1) DESC, ndocs DESC, word LIMIT 1`, w).Scan(&best)
		if err == pgx.ErrNoRows {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("store: suggest: %w", err)
		}
		words[i], changed = best, true
	}
	if !changed {
		return "", nil
	}
	return strings.Join(words, " "), nil
}
