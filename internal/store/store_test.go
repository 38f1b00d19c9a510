package store_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// seeded returns a store over a fresh database holding the municipality vocabulary and the
// five seed documents.
func seeded(t *testing.T) *store.Store {
	t.Helper()
	st := store.New(testdb.New(t))
	if err := app.Bootstrap(context.Background(), st, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return st
}

func titles(hits []store.SearchHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Title)
	}
	return out
}

func TestSearchDutch(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	tests := []struct {
		query string
		want  string // a title that must be among the results
	}{
		{"kinderopvang", "Opvoedingsondersteuning voor anderstalige ouders met jonge kinderen"},
		{"opvang", "Opvoedingsondersteuning voor anderstalige ouders met jonge kinderen"},       // infix: kinderopvang
		{"kleuter", "Talentcoaches (Genk)"},                                                     // stemming: kleuters
		{"geintegreerd", "Opvoedingsondersteuning voor anderstalige ouders met jonge kinderen"}, // accents: geïntegreerd
		{"Trampoline", "Dorp rond het kind"},
		{"ouderbetrokkenheid", "Hefboom In partnerschap"},
		{"opvang van kinderen", "Opvoedingsondersteuning voor anderstalige ouders met jonge kinderen"}, // stop word left out
		{"KLEUTERS genk", "Talentcoaches (Genk)"},                                                      // every word, any case
		{`"jonge kinderen"`, "Opvoedingsondersteuning voor anderstalige ouders met jonge kinderen"},    // phrase
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := st.Search(ctx, store.SearchQuery{Text: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(titles(res.Hits), tt.want) {
				t.Errorf("Search(%q) = %q, want it to include %q", tt.query, titles(res.Hits), tt.want)
			}
			if res.Total != len(res.Hits) {
				t.Errorf("total %d, hits %d", res.Total, len(res.Hits))
			}
		})
	}
	for _, query := range []string{"zwembad", "kleuter zwembad", "kleuter -genk", `"kinderen jonge"`, "van het"} {
		res, err := st.Search(ctx, store.SearchQuery{Text: query})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(titles(res.Hits), "Talentcoaches (Genk)") || (query != "kleuter -genk" && res.Total != 0) {
			t.Errorf("%s: %d results %q, want none (or at least not Talentcoaches (Genk))", query, res.Total, titles(res.Hits))
		}
	}
}

// TestSearchFacets checks the faceting rules: OR within a facet, AND across facets, and each
// facet's counts computed under the filters of the other facets only.
func TestSearchFacets(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	term := func(f catalog.Facet, slug string) int64 {
		t.Helper()
		tm, err := st.TermBySlug(ctx, f, slug)
		if err != nil {
			t.Fatalf("term %s/%s: %v", f, slug, err)
		}
		return tm.ID
	}
	genk := term(catalog.FacetMunicipality, "genk")
	aalst := term(catalog.FacetMunicipality, "aalst")
	vrijeTijd := term(catalog.FacetPolicyDomain, "vrije-tijd")

	all, err := st.Search(ctx, store.SearchQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 5 {
		t.Fatalf("unfiltered total = %d, want the 5 seeds", all.Total)
	}

	onlyGenk, _ := st.Search(ctx, store.SearchQuery{Filters: map[catalog.Facet][]int64{catalog.FacetMunicipality: {genk}}})
	onlyAalst, _ := st.Search(ctx, store.SearchQuery{Filters: map[catalog.Facet][]int64{catalog.FacetMunicipality: {aalst}}})
	either, err := st.Search(ctx, store.SearchQuery{Filters: map[catalog.Facet][]int64{catalog.FacetMunicipality: {genk, aalst}}})
	if err != nil {
		t.Fatal(err)
	}
	union := map[string]bool{}
	for _, h := range append(onlyGenk.Hits, onlyAalst.Hits...) {
		union[h.Slug] = true
	}
	if either.Total != len(union) {
		t.Errorf("genk OR aalst = %d results, want the union %d", either.Total, len(union))
	}
	// The municipality counts ignore the municipality filter itself (disjunctive).
	if either.Counts[catalog.FacetMunicipality][genk] != all.Counts[catalog.FacetMunicipality][genk] {
		t.Errorf("count for Genk under a Genk filter = %d, want the unfiltered %d",
			either.Counts[catalog.FacetMunicipality][genk], all.Counts[catalog.FacetMunicipality][genk])
	}

	both, err := st.Search(ctx, store.SearchQuery{Filters: map[catalog.Facet][]int64{
		catalog.FacetMunicipality: {genk}, catalog.FacetPolicyDomain: {vrijeTijd}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range both.Hits {
		if !slices.ContainsFunc(onlyGenk.Hits, func(g store.SearchHit) bool { return g.ID == h.ID }) {
			t.Errorf("%q is in Genk AND vrije tijd but not in Genk", h.Title)
		}
	}
	if both.Total == 0 || both.Total > onlyGenk.Total {
		t.Errorf("Genk AND vrije tijd = %d, Genk = %d", both.Total, onlyGenk.Total)
	}
	// Under the Genk filter, the policy-domain count of vrije tijd is exactly what the AND gives.
	if got := onlyGenk.Counts[catalog.FacetPolicyDomain][vrijeTijd]; got != both.Total {
		t.Errorf("count of vrije tijd under Genk = %d, but choosing it gives %d", got, both.Total)
	}
}

func TestSearchSortAndPages(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	res, err := st.Search(ctx, store.SearchQuery{Sort: store.SortTitle, PageSize: 2, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 5 || len(res.Hits) != 2 {
		t.Fatalf("page 2 of 2: total %d, %d hits", res.Total, len(res.Hits))
	}
	all, _ := st.Search(ctx, store.SearchQuery{Sort: store.SortTitle})
	if got, want := titles(res.Hits), titles(all.Hits)[2:4]; !slices.Equal(got, want) {
		t.Errorf("page 2 = %q, want %q", got, want)
	}
	if !slices.IsSortedFunc(all.Hits, func(a, b store.SearchHit) int {
		return compareFolded(a.Title, b.Title)
	}) {
		t.Errorf("title sort: %q", titles(all.Hits))
	}
}

func compareFolded(a, b string) int {
	fa, fb := catalog.Fold(a), catalog.Fold(b)
	switch {
	case fa < fb:
		return -1
	case fa > fb:
		return 1
	}
	return 0
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	got, err := st.Suggest(context.Background(), "kinderopvnag")
	if err != nil {
		t.Fatal(err)
	}
	if got != "kinderopvang" {
		t.Errorf("Suggest(kinderopvnag) = %q, want kinderopvang", got)
	}
	if got, _ := st.Suggest(context.Background(), "kinderopvang"); got != "" {
		t.Errorf("Suggest of a known word = %q, want none", got)
	}
}

func TestImportIsIdempotent(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	im, err := app.NewImporter(ctx, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	doc := []byte("Buurtrestaurant\n\nEen restaurant waar buren samen eten.\n\nCategorie\n\n • Ontmoeting\n\nDeze praktijk in\n\nBorgloon\n\nElke woensdag.\n")
	first, _, err := im.Import(ctx, "buurt.txt", doc)
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := im.Import(ctx, "buurt.txt", doc)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Created || again.Created || again.Changed || again.ID != first.ID {
		t.Errorf("first %+v, again %+v: want one sheet, unchanged on re-import", first, again)
	}
	changed, _, err := im.Import(ctx, "buurt.txt", append(doc, []byte("\nBeschrijving\n\nNu ook op vrijdag.\n")...))
	if err != nil {
		t.Fatal(err)
	}
	if !changed.Changed || changed.Revision != 2 || changed.ID != first.ID {
		t.Errorf("changed import = %+v, want revision 2 of the same sheet", changed)
	}
	n, _ := st.CountSheets(ctx)
	if n != 6 {
		t.Errorf("%d sheets after importing one document three times over the 5 seeds, want 6", n)
	}
	// Borgloon merged into Tongeren-Borgloon in 2025: the sheet is found there.
	sh, err := st.SheetBySlug(ctx, first.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(sh.Terms[catalog.FacetMunicipality], "Tongeren-Borgloon") {
		t.Errorf("municipalities = %q, want Tongeren-Borgloon", sh.Terms[catalog.FacetMunicipality])
	}
}

func TestSheetBySlugNotFound(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	_, err := st.SheetBySlug(context.Background(), "bestaat-niet")
	if !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

func TestMunicipalityPractices(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	genk, err := st.TermBySlug(ctx, catalog.FacetMunicipality, "genk")
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.MunicipalityPractices(ctx, genk.ID)
	if err != nil {
		t.Fatal(err)
	}
	var withVariant int
	for _, lp := range list {
		for _, v := range lp.Variants {
			withVariant++
			found := false
			for _, p := range v.Places {
				found = found || p.TermSlug == "genk"
			}
			if !found {
				t.Errorf("%q: variant %q does not name Genk", lp.Title, v.Text)
			}
		}
	}
	if len(list) < 2 || withVariant < 2 {
		t.Errorf("Genk: %d practices, %d local variants; want at least the vrijetijdscoach and the NOVA moedergroep", len(list), withVariant)
	}
}

// TestSearchRankCandidates: when more sheets match than a relevance search ranks by full
// text, the total and the result list stay complete, and the sheets with the word in their
// title still come first.
func TestSearchRankCandidates(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	const query = "kinderen"
	const titled = "Opvoedingsondersteuning voor anderstalige ouders met jonge kinderen"
	full, err := st.Search(ctx, store.SearchQuery{Text: query})
	if err != nil {
		t.Fatal(err)
	}
	if full.Total < 3 {
		t.Fatalf("%q matches %d seeds; the test needs at least 3", query, full.Total)
	}
	st.SetRankCandidates(1)
	bounded, err := st.Search(ctx, store.SearchQuery{Text: query})
	if err != nil {
		t.Fatal(err)
	}
	if bounded.Total != full.Total || len(bounded.Hits) != len(full.Hits) {
		t.Errorf("ranking one candidate: %d results, %d hits; want %d and %d", bounded.Total, len(bounded.Hits), full.Total, len(full.Hits))
	}
	for name, res := range map[string]store.SearchResult{"all ranked": full, "one ranked": bounded} {
		if len(res.Hits) == 0 || res.Hits[0].Title != titled {
			t.Errorf("%s: first hit %q, want %q", name, titles(res.Hits), titled)
		}
	}
	// Page 2 of one result per page is ranked too (the bound grows with the page asked).
	second, err := st.Search(ctx, store.SearchQuery{Text: query, Page: 2, PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Hits) != 1 || second.Hits[0].ID == bounded.Hits[0].ID || second.Total != full.Total {
		t.Errorf("page 2 of 1: %q (total %d), want another sheet than %q", titles(second.Hits), second.Total, bounded.Hits[0].Title)
	}
}

// TestSearchIndexFollowsChanges: after a sheet is written again, a search finds its new words
// and no longer its old ones, while the other sheets, whose stems the new index reuses, are
// found as before.
func TestSearchIndexFollowsChanges(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	im, err := app.NewImporter(ctx, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	find := func(query string) []string {
		t.Helper()
		res, err := st.Search(ctx, store.SearchQuery{Text: query})
		if err != nil {
			t.Fatal(err)
		}
		return titles(res.Hits)
	}
	if _, _, err := im.Import(ctx, "buurt.txt", []byte("Buurtrestaurant\n\nSamen eten in de buurt.\n")); err != nil {
		t.Fatal(err)
	}
	if got := find("eten"); !slices.Contains(got, "Buurtrestaurant") {
		t.Fatalf("eten: %q, want Buurtrestaurant", got)
	}
	if _, _, err := im.Import(ctx, "buurt.txt", []byte("Buurtrestaurant\n\nSamen koken in de wijk.\n")); err != nil {
		t.Fatal(err)
	}
	if got := find("eten"); slices.Contains(got, "Buurtrestaurant") {
		t.Errorf("eten after the change: %q, want no Buurtrestaurant", got)
	}
	if got := find("koken wijk"); !slices.Contains(got, "Buurtrestaurant") {
		t.Errorf("koken wijk after the change: %q, want Buurtrestaurant", got)
	}
	for query, want := range map[string]string{"Trampoline": "Dorp rond het kind", "kleuter": "Talentcoaches (Genk)"} {
		if got := find(query); !slices.Contains(got, want) {
			t.Errorf("%s after the change: %q, want %q", query, got, want)
		}
	}
}

// TestSearchIndexUpdatesInPlace: after one sheet is published, changed or withdrawn, the
// search index reads that sheet only and follows it: found with its new words, no longer with
// its old ones, gone when withdrawn.
func TestSearchIndexUpdatesInPlace(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "ian@praktijkbank.test")
	if err := st.WarmSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	find := func(query string) []string {
		t.Helper()
		res, err := st.Search(ctx, store.SearchQuery{Text: query})
		if err != nil {
			t.Fatal(err)
		}
		return titles(res.Hits)
	}
	loaded := func(step string, changed, removed int) {
		t.Helper()
		l := st.LastIndexLoad()
		if l == nil || !l.Incremental || l.Changed != changed || l.Removed != removed {
			t.Errorf("%s: index load %+v, want an update with %d changed and %d removed sheets", step, l, changed, removed)
		}
	}
	sh := catalog.Sheet{Source: "test/zwemles", Title: "Zwemles voor nieuwkomers", Intro: "Gratis zwemles in het stedelijk zwembad.",
		Status: catalog.StatusPublished, Variants: []catalog.Variant{{Places: []catalog.Place{{Name: "Genk", TermSlug: "genk"}}}}}
	saved, err := st.SaveImported(ctx, sh, "import")
	if err != nil {
		t.Fatal(err)
	}
	if got := find("zwembad"); !slices.Equal(got, []string{sh.Title}) {
		t.Errorf("zwembad after publishing: %q", got)
	}
	loaded("publish", 1, 0)

	sh.Intro = "Gratis zwemles in het openluchtbad."
	if _, err := st.SaveImported(ctx, sh, "import"); err != nil {
		t.Fatal(err)
	}
	if got := find("zwembad"); len(got) != 0 {
		t.Errorf("zwembad after the change: %q, want nothing", got)
	}
	if got := find("openluchtbad"); !slices.Equal(got, []string{sh.Title}) {
		t.Errorf("openluchtbad after the change: %q", got)
	}
	loaded("change", 1, 0)

	if err := st.SetSheetStatus(ctx, editor, saved.ID, catalog.StatusUnpublished); err != nil {
		t.Fatal(err)
	}
	if got := find("openluchtbad"); len(got) != 0 {
		t.Errorf("openluchtbad after unpublishing: %q, want nothing", got)
	}
	loaded("unpublish", 0, 1)
	if got := find("Trampoline"); !slices.Contains(got, "Dorp rond het kind") {
		t.Errorf("Trampoline: %q, the other sheets are still found", got)
	}
}
