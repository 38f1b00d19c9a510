package generate

import (
	"context"
	"encoding/json"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// load generates n sheets of seed into a fresh database that holds only the municipality
// vocabulary, in batches as the command does, and returns the store and the sheets.
func load(t testing.TB, seed uint64, n, batch int) (*store.Store, *pgxpool.Pool, []catalog.Sheet) {
	t.Helper()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	rows, _, err := app.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SyncMunicipalities(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if err := st.PrepareTerms(ctx, Vocabulary()); err != nil {
		t.Fatal(err)
	}
	g := newTestGenerator(t, seed)
	slugs := NewSlugSet()
	var all []catalog.Sheet
	for from := 0; from < n; from += batch {
		sheets := g.Batch(from, min(batch, n-from), slugs)
		res, err := st.SaveGenerated(ctx, sheets, "generate")
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != len(sheets) {
			t.Fatalf("batch at %d: %+v, want %d created", from, res, len(sheets))
		}
		all = append(all, sheets...)
	}
	if err := st.RefreshSearchWords(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Analyze(ctx); err != nil { // as the command does
		t.Fatal(err)
	}
	return st, pool, all
}

// ids maps facet and term label or municipality slug to the term id.
func ids(t testing.TB, st *store.Store) map[catalog.Facet]map[string]int64 {
	t.Helper()
	vocab, err := st.Vocabulary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[catalog.Facet]map[string]int64{}
	for _, f := range catalog.Facets {
		out[f] = map[string]int64{}
	}
	for _, term := range vocab {
		key := term.Label
		if term.Facet == catalog.FacetMunicipality {
			key = term.Slug
		}
		out[term.Facet][key] = term.ID
	}
	return out
}

// termIDs returns the term ids of sheet sh per facet, as the search sees them.
func termIDs(sh catalog.Sheet, vocab map[catalog.Facet]map[string]int64) map[catalog.Facet][]int64 {
	out := map[catalog.Facet][]int64{}
	for f, labels := range sh.Terms {
		for _, l := range labels {
			out[f] = append(out[f], vocab[f][l])
		}
	}
	for _, v := range sh.Variants {
		for _, p := range v.Places {
			if id := vocab[catalog.FacetMunicipality][p.TermSlug]; !slices.Contains(out[catalog.FacetMunicipality], id) {
				out[catalog.FacetMunicipality] = append(out[catalog.FacetMunicipality], id)
			}
		}
	}
	return out
}

// text is everything of a sheet the search reads, folded.
func text(sh catalog.Sheet) string {
	parts := []string{sh.Title, sh.Intro}
	for _, labels := range sh.Terms {
		parts = append(parts, labels...)
	}
	parts = append(parts, sh.Goals...)
	parts = append(parts, sh.TargetGroups...)
	parts = append(parts, sh.BodyTexts()...)
	return catalog.Fold(strings.Join(parts, "\n"))
}

// TestSearchGenerated loads 200 sheets and checks the catalogue search against what the
// generator made: totals, the page, and every disjunctive facet count.
func TestSearchGenerated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, pool, sheets := load(t, 3, 200, 64)
	vocab := ids(t, st)

	// A popular category and the municipality most of its sheets name, so the filtered
	// query has results.
	catID := vocab[catalog.FacetCategory][Categories[0]]
	perMuni := map[int64]int{}
	for _, sh := range sheets {
		tids := termIDs(sh, vocab)
		if slices.Contains(tids[catalog.FacetCategory], catID) {
			for _, m := range tids[catalog.FacetMunicipality] {
				perMuni[m]++
			}
		}
	}
	muniID := slices.MaxFunc(slices.Collect(maps.Keys(perMuni)), func(a, b int64) int { return perMuni[a] - perMuni[b] })
	// Three facets from one sheet about kinderopvang in that category and municipality, so
	// that filtering on all three finds at least that sheet.
	var three map[catalog.Facet][]int64
	for _, sh := range sheets {
		tids := termIDs(sh, vocab)
		if strings.Contains(text(sh), "kinderopvang") && slices.Contains(tids[catalog.FacetCategory], catID) &&
			slices.Contains(tids[catalog.FacetMunicipality], muniID) && len(tids[catalog.FacetTargetGroup]) > 0 {
			three = map[catalog.Facet][]int64{catalog.FacetCategory: {catID}, catalog.FacetMunicipality: {muniID},
				catalog.FacetTargetGroup: tids[catalog.FacetTargetGroup][:1]}
			break
		}
	}
	if three == nil {
		t.Fatal("no generated sheet about kinderopvang in the popular category and municipality: pick others")
	}

	tests := []struct {
		name    string
		text    string
		filters map[catalog.Facet][]int64
	}{
		{"everything", "", nil},
		{"word", "kinderopvang", nil},
		{"word and two facets", "kinderopvang", map[catalog.Facet][]int64{
			catalog.FacetCategory: {catID}, catalog.FacetMunicipality: {muniID}}},
		{"two terms in one facet", "", map[catalog.Facet][]int64{
			catalog.FacetPolicyDomain: {vocab[catalog.FacetPolicyDomain][PolicyDomains[0]], vocab[catalog.FacetPolicyDomain][PolicyDomains[3]]},
			catalog.FacetTargetGroup:  {vocab[catalog.FacetTargetGroup][facetTerms[catalog.FacetTargetGroup][0]]}}},
		{"three facets", "", three},
		{"word and three facets", "kinderopvang", three},
		{"a term no sheet has", "", map[catalog.Facet][]int64{catalog.FacetCategory: {catID, -1}, catalog.FacetGoal: {-1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := st.Search(ctx, store.SearchQuery{Text: tt.text, Filters: tt.filters, PageSize: 100})
			if err != nil {
				t.Fatal(err)
			}
			// What the generator says: sheets matching the text; per facet, the counts under
			// the filters of the other facets.
			total := 0
			want := map[catalog.Facet]map[int64]int{}
			for _, f := range catalog.Facets {
				want[f] = map[int64]int{}
			}
			for _, sh := range sheets {
				if tt.text != "" && !strings.Contains(text(sh), catalog.Fold(tt.text)) {
					continue
				}
				tids := termIDs(sh, vocab)
				okFacet := map[catalog.Facet]bool{}
				all := true
				for _, f := range catalog.Facets {
					okFacet[f] = len(tt.filters[f]) == 0 || slices.ContainsFunc(tt.filters[f], func(id int64) bool { return slices.Contains(tids[f], id) })
					all = all && okFacet[f]
				}
				if all {
					total++
				}
				for _, f := range catalog.Facets {
					others := true
					for _, g := range catalog.Facets {
						if g != f && !okFacet[g] {
							others = false
						}
					}
					if others {
						for _, id := range tids[f] {
							want[f][id]++
						}
					}
				}
			}
			if total == 0 && tt.name != "a term no sheet has" {
				t.Fatal("the test query matches no generated sheet: pick another")
			}
			if res.Total != total {
				t.Errorf("total %d, want %d", res.Total, total)
			}
			if len(res.Hits) != min(total, 100) {
				t.Errorf("%d hits on the page, want %d", len(res.Hits), min(total, 100))
			}
			for _, f := range catalog.Facets {
				if !maps.Equal(res.Counts[f], want[f]) {
					t.Errorf("%s counts:\n got %v\nwant %v", f, res.Counts[f], want[f])
				}
				// Under no filter of its own, a facet's counts add up to its links.
				if len(tt.filters[f]) == 0 {
					links, sum := 0, 0
					for _, n := range res.Counts[f] {
						sum += n
					}
					for _, n := range want[f] {
						links += n
					}
					if sum != links || (f == catalog.FacetCategory && sum < res.Total) {
						t.Errorf("%s: counts add up to %d, want %d (total %d)", f, sum, links, res.Total)
					}
				}
			}
		})
	}

	// Page by page, both orders of a filtered catalogue, with and without a word, are the
	// database's order of the sheets the generator says match.
	slugID := map[string]int64{}
	rows, err := pool.Query(ctx, `SELECT slug, id FROM sheets`)
	if err != nil {
		t.Fatal(err)
	}
	var slug string
	var sid int64
	if _, err := pgx.ForEachRow(rows, []any{&slug, &sid}, func() error { slugID[slug] = sid; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, word := range []string{"", "kinderopvang"} {
		var inCat []int64
		for _, sh := range sheets {
			if slices.Contains(termIDs(sh, vocab)[catalog.FacetCategory], catID) && strings.Contains(text(sh), word) {
				inCat = append(inCat, slugID[sh.Slug])
			}
		}
		for _, sort := range []string{store.SortNewest, store.SortTitle} {
			order := map[string]string{store.SortNewest: "published_at DESC NULLS LAST, sheet_id DESC", store.SortTitle: "title_folded, sheet_id"}[sort]
			rows, err := pool.Query(ctx, `SELECT sheet_id FROM sheet_search WHERE sheet_id = ANY($1) ORDER BY `+order, inCat)
			if err != nil {
				t.Fatal(err)
			}
			want, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for page := 1; page <= (len(want)+6)/7+1; page++ {
				res, err := st.Search(ctx, store.SearchQuery{Text: word, Filters: map[catalog.Facet][]int64{catalog.FacetCategory: {catID}}, Sort: sort, Page: page, PageSize: 7})
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != len(want) {
					t.Fatalf("%q %s page %d: total %d, want %d", word, sort, page, res.Total, len(want))
				}
				for _, h := range res.Hits {
					got = append(got, h.ID)
				}
			}
			if len(want) < 8 || !slices.Equal(got, want) {
				t.Errorf("%q %s, pages of 7:\n got %v\nwant %v", word, sort, got, want)
			}
		}
	}

	// The generated dates are stored and drive "newest first".
	res, err := st.Search(ctx, store.SearchQuery{Sort: store.SortNewest, PageSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	latest := slices.MaxFunc(sheets, func(a, b catalog.Sheet) int { return a.PublishedAt.Compare(b.PublishedAt) })
	if len(res.Hits) == 0 || res.Hits[0].Slug != latest.Slug || !res.Hits[0].PublishedAt.Equal(latest.PublishedAt) {
		t.Errorf("newest hit %+v, want %s published %s", res.Hits[0], latest.Slug, latest.PublishedAt)
	}
}

// TestBatchSameAsSingle: a sheet written in a batch of many (SaveGenerated) is stored exactly
// as the same sheet written alone (SaveImported), row by row (sheet, terms with positions,
// variants, search row, revision): both go through createSheets, and a batch must keep each
// sheet's rows apart (the unnest arrays of the set-based statements line up per sheet).
func TestBatchSameAsSingle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, pool, sheets := load(t, 5, 120, 50)
	// Sheets that exercise sections, resources and more-info links.
	var pick []catalog.Sheet
	for _, want := range []func(catalog.Sheet) bool{
		func(s catalog.Sheet) bool { return len(s.Sections) > 0 },
		func(s catalog.Sheet) bool { return len(s.Resources) > 0 },
		func(s catalog.Sheet) bool {
			return slices.ContainsFunc(s.Variants, func(v catalog.Variant) bool { return len(v.MoreInfo) > 0 })
		},
		func(s catalog.Sheet) bool { return len(s.Variants) > 2 },
	} {
		i := slices.IndexFunc(sheets, want)
		if i < 0 {
			t.Fatal("no generated sheet with the wanted feature")
		}
		pick = append(pick, sheets[i])
	}
	for _, sh := range pick {
		cp := sh
		cp.Source = "import:" + sh.Slug
		cp.Slug = "kopie-" + sh.Slug
		if _, err := st.SaveImported(ctx, cp, "generate"); err != nil {
			t.Fatal(err)
		}
		a, err := st.SheetBySlug(ctx, sh.Slug)
		if err != nil {
			t.Fatal(err)
		}
		b, err := st.SheetBySlug(ctx, cp.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if !a.PublishedAt.Equal(sh.PublishedAt) || !a.CreatedAt.Equal(sh.PublishedAt) {
			t.Errorf("%s: published %s created %s, want %s", sh.Slug, a.PublishedAt, a.CreatedAt, sh.PublishedAt)
		}
		for _, s := range []*catalog.Sheet{&a, &b} {
			s.ID, s.Slug, s.Source = 0, "", ""
			s.CreatedAt, s.UpdatedAt, s.PublishedAt = time.Time{}, time.Time{}, time.Time{}
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: bulk and import differ:\n bulk %+v\nimport %+v", sh.Slug, a, b)
		}
		for _, q := range []string{
			`SELECT to_jsonb(x) - 'sheet_id' - 'published_at' FROM (
			   SELECT published, title, title_folded, doc::text AS doc, words::text AS words, body, published_at, sheet_id,
			          ARRAY(SELECT unnest(categorie) ORDER BY 1) AS c, ARRAY(SELECT unnest(doel) ORDER BY 1) AS d,
			          ARRAY(SELECT unnest(doelgroep) ORDER BY 1) AS dg, ARRAY(SELECT unnest(gemeente) ORDER BY 1) AS g,
			          ARRAY(SELECT unnest(beleidsdomein) ORDER BY 1) AS b
			   FROM sheet_search) x WHERE sheet_id = (SELECT id FROM sheets WHERE slug = $1)`,
			`SELECT jsonb_agg(jsonb_build_array(term_id, position) ORDER BY position) FROM sheet_terms
			 WHERE sheet_id = (SELECT id FROM sheets WHERE slug = $1)`,
			`SELECT jsonb_agg(jsonb_build_array(v.position, v.body, v.contact, v.email, p.position, p.name, p.term_id) ORDER BY v.position, p.position)
			 FROM variants v JOIN variant_places p ON p.variant_id = v.id WHERE v.sheet_id = (SELECT id FROM sheets WHERE slug = $1)`,
			`SELECT jsonb_agg(jsonb_build_array(r.revision, r.author, r.snapshot - 'Slug')) FROM sheet_revisions r JOIN sheets s ON s.id = r.sheet_id WHERE s.slug = $1`,
		} {
			var x, y json.RawMessage
			if err := pool.QueryRow(ctx, q, sh.Slug).Scan(&x); err != nil {
				t.Fatal(err)
			}
			if err := pool.QueryRow(ctx, q, cp.Slug).Scan(&y); err != nil {
				t.Fatal(err)
			}
			var xv, yv any
			_ = json.Unmarshal(x, &xv)
			_ = json.Unmarshal(y, &yv)
			if !reflect.DeepEqual(xv, yv) {
				t.Errorf("%s: rows differ for\n%s\n bulk   %s\n import %s", sh.Slug, q, x, y)
			}
		}
	}
}

// TestRegenerate: the same seed updates instead of duplicating; a changed sheet gets a new
// revision; a taken slug gets a suffix.
func TestRegenerate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, pool, sheets := load(t, 9, 60, 25)
	res, err := st.SaveGenerated(ctx, sheets[:40], "generate")
	if err != nil {
		t.Fatal(err)
	}
	if res != (store.BatchResult{Unchanged: 40}) {
		t.Errorf("same sheets again: %+v, want 40 unchanged", res)
	}
	changed := slices.Clone(sheets[:2])
	changed[0].Intro += " Nieuw sinds dit jaar."
	res, err = st.SaveGenerated(ctx, changed, "generate")
	if err != nil {
		t.Fatal(err)
	}
	if res != (store.BatchResult{Updated: 1, Unchanged: 1}) {
		t.Errorf("one changed sheet: %+v", res)
	}
	sh, err := st.SheetBySlug(ctx, sheets[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	if sh.Revision != 2 || sh.Intro != changed[0].Intro {
		t.Errorf("changed sheet: revision %d, intro %q", sh.Revision, sh.Intro)
	}
	n, err := st.CountSheets(ctx)
	if err != nil || n != 60 {
		t.Errorf("CountSheets = %d, %v; want 60", n, err)
	}

	// Another seed whose sheets want slugs that are taken, twice within the batch too.
	g := newTestGenerator(t, 10)
	extra := []catalog.Sheet{g.Sheet(0), g.Sheet(1), g.Sheet(2)}
	for i := range extra {
		extra[i].Slug = sheets[0].Slug
	}
	if _, err := st.SaveGenerated(ctx, extra, "generate"); err != nil {
		t.Fatal(err)
	}
	var got []string
	rows, err := pool.Query(ctx, `SELECT slug FROM sheets WHERE source LIKE 'generate:10:%' ORDER BY source`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := []string{sheets[0].Slug + "-2", sheets[0].Slug + "-3", sheets[0].Slug + "-4"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("slugs %q, want %q", got, want)
	}
}

// BenchmarkSearch runs the catalogue search over 2,000 generated sheets with realistic
// requests: a query word and filters on two facets, a different request each iteration.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	st, pool, sheets := load(b, 1, 2000, 500)
	vocab := ids(b, st)
	var words []string
	rows, err := pool.Query(ctx, `SELECT word FROM search_words WHERE length(word) >= 5 AND ndocs BETWEEN 20 AND 1500 ORDER BY word`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			b.Fatal(err)
		}
		words = append(words, w)
	}
	if len(words) < 50 {
		b.Fatalf("only %d search words", len(words))
	}
	r := rand.New(rand.NewPCG(1, 2))
	queries := make([]store.SearchQuery, 1000)
	for i := range queries {
		// Two facets of a random sheet, so that most requests have results.
		tids := termIDs(sheets[r.IntN(len(sheets))], vocab)
		fs := r.Perm(len(catalog.Facets))[:2]
		q := store.SearchQuery{Text: words[r.IntN(len(words))], Filters: map[catalog.Facet][]int64{}, PageSize: 20}
		for _, k := range fs {
			f := catalog.Facets[k]
			q.Filters[f] = []int64{tids[f][r.IntN(len(tids[f]))]}
		}
		queries[i] = q
	}
	for _, bc := range []struct {
		name string
		q    func(i int) store.SearchQuery
	}{
		{"word+2facets", func(i int) store.SearchQuery { return queries[i%len(queries)] }},
		{"word", func(i int) store.SearchQuery {
			return store.SearchQuery{Text: queries[i%len(queries)].Text, PageSize: 20}
		}},
		{"all", func(int) store.SearchQuery { return store.SearchQuery{PageSize: 20} }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := st.Search(ctx, bc.q(i)); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
