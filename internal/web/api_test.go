package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/generate"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// apiClient requests the API of a test site and validates every response against the
// OpenAPI document the site serves.
type apiClient struct {
	site
	t *testing.T
	v validator.Validator
}

func newAPIClient(t *testing.T, s site) *apiClient {
	t.Helper()
	c := &apiClient{site: s, t: t}
	resp, err := http.Get(s.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("openapi.json: status %d", resp.StatusCode)
	}
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	if doc.GetVersion() != "3.1.0" {
		t.Errorf("OpenAPI version %q, want 3.1.0", doc.GetVersion())
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("openapi.json: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("openapi.json is no valid OpenAPI 3.1 document: %s: %s %v", e.Message, e.Reason, e.SchemaValidationErrors)
		}
		t.FailNow()
	}
	c.v = v
	return c
}

// get requests path (with header, if any), checks the status and validates the answer
// against the OpenAPI document; it returns the response and its body.
func (c *apiClient) get(path string, want int, header ...string) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.StatusCode != want {
		c.t.Fatalf("GET %s: status %d, want %d: %s", path, resp.StatusCode, want, body)
	}
	if resp.StatusCode != http.StatusNotModified && resp.StatusCode != http.StatusMovedPermanently {
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			c.t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if ok, errs := c.v.ValidateHttpResponse(req, resp); !ok {
			for _, e := range errs {
				c.t.Errorf("GET %s: the response does not match openapi.json: %s: %s %v", path, e.Message, e.Reason, e.SchemaValidationErrors)
			}
		}
	}
	return resp, body
}

// getJSON requests path and decodes the answer into v.
func (c *apiClient) getJSON(path string, want int, v any) *http.Response {
	c.t.Helper()
	resp, body := c.get(path, want)
	if err := json.Unmarshal(body, v); err != nil {
		c.t.Fatalf("GET %s: %v: %s", path, err, body)
	}
	return resp
}

type apiSearchPage struct {
	Total int `json:"total"`
	Limit int `json:"limit"`
	Query struct {
		Q       string              `json:"q"`
		Sort    string              `json:"sorteer"`
		Filters map[string][]string `json:"filters"`
	} `json:"query"`
	Items []struct {
		ID     int64  `json:"id"`
		Slug   string `json:"slug"`
		Title  string `json:"title"`
		URL    string `json:"url"`
		APIURL string `json:"api_url"`
	} `json:"items"`
	Facets map[string][]struct {
		ID       int64  `json:"id"`
		Slug     string `json:"slug"`
		Count    int    `json:"count"`
		Selected bool   `json:"selected"`
	} `json:"facets"`
	Links struct {
		Self, First, Next, Prev string
	} `json:"links"`
}

// linkHeader parses an RFC 8288 Link header into rel → URL.
func linkHeader(h string) map[string]string {
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`<([^>]*)>;\s*rel="([^"]*)"`).FindAllStringSubmatch(h, -1) {
		out[m[2]] = m[1]
	}
	return out
}

// generatedSite is a site with the seeds and n generated sheets.
func generatedSite(t *testing.T, n int) site {
	t.Helper()
	s := newSite(t)
	ctx := context.Background()
	rows, _, err := app.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.PrepareTerms(ctx, generate.Vocabulary()); err != nil {
		t.Fatal(err)
	}
	g, err := generate.New(generate.Options{Seed: 7, Municipalities: generate.Municipalities(rows),
		Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.st.SaveGenerated(ctx, g.Batch(0, n, generate.NewSlugSet()), "generate"); err != nil {
		t.Fatal(err)
	}
	if err := s.st.RefreshSearchWords(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// pathOf is the path and query of an absolute URL of the test site's base.
func pathOf(t *testing.T, abs string) string {
	t.Helper()
	u, err := url.Parse(abs)
	if err != nil || u.Host != "praktijkbank.test" {
		t.Fatalf("link %q is not on the site's base URL", abs)
	}
	return u.RequestURI()
}

func TestAPISearchMatchesTheCatalogue(t *testing.T) {
	t.Parallel()
	s := generatedSite(t, 120)
	c := newAPIClient(t, s)
	ctx := context.Background()

	for _, tc := range []struct {
		query string
		want  store.SearchQuery
	}{
		{"", store.SearchQuery{}},
		{"q=kinderopvang", store.SearchQuery{Text: "kinderopvang"}},
		{"q=opvang&sorteer=titel", store.SearchQuery{Text: "opvang", Sort: store.SortTitle}},
		{"gemeente=genk&gemeente=hasselt", store.SearchQuery{Filters: map[catalog.Facet][]int64{}}},
		{"q=ouders&doelgroep=kwetsbare-gezinnen&sorteer=nieuwste", store.SearchQuery{Text: "ouders", Sort: store.SortNewest}},
	} {
		var page apiSearchPage
		c.getJSON("/api/v1/praktijken?"+tc.query+"&limiet=100", http.StatusOK, &page)
		v, _ := url.ParseQuery(tc.query)
		q := tc.want
		q.Filters = map[catalog.Facet][]int64{}
		for _, f := range catalog.Facets {
			for _, slug := range v[string(f)] {
				term, err := s.st.TermBySlug(ctx, f, slug)
				if err != nil {
					t.Fatalf("%s: %v", slug, err)
				}
				q.Filters[f] = append(q.Filters[f], term.ID)
			}
		}
		q.PageSize = 100
		res, err := s.st.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != res.Total || res.Total == 0 {
			t.Errorf("%s: total %d, the catalogue's %d (want > 0)", tc.query, page.Total, res.Total)
		}
		var got, want []int64
		for _, it := range page.Items {
			got = append(got, it.ID)
		}
		for _, h := range res.Hits {
			want = append(want, h.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: items %v, the catalogue's %v", tc.query, got, want)
		}
		for _, f := range catalog.Facets {
			counts := map[int64]int{}
			for _, ft := range page.Facets[string(f)] {
				counts[ft.ID] = ft.Count
				if ft.Selected != slices.Contains(v[string(f)], ft.Slug) {
					t.Errorf("%s: %s %s selected=%v", tc.query, f, ft.Slug, ft.Selected)
				}
			}
			for id, n := range res.Counts[f] {
				if counts[id] != n {
					t.Errorf("%s: facet %s term %d: count %d, the catalogue's %d", tc.query, f, id, counts[id], n)
				}
			}
		}
		if tc.want.Sort == store.SortTitle {
			titles := make([]string, len(page.Items))
			for i, it := range page.Items {
				titles[i] = catalog.Fold(it.Title)
			}
			if !slices.IsSorted(titles) {
				t.Errorf("%s: not by title: %q", tc.query, titles)
			}
		}
		for _, it := range page.Items {
			if it.URL != "https://praktijkbank.test/praktijken/"+it.Slug || it.APIURL != "https://praktijkbank.test/api/v1/praktijken/"+strconv.FormatInt(it.ID, 10) {
				t.Errorf("canonical URLs of %d: %q %q", it.ID, it.URL, it.APIURL)
			}
		}
	}
}

// TestAPIWalkWhilePublishing walks every page of a search to the end, in each order, while a
// new sheet is published halfway: every sheet that was there is seen exactly once. Then it
// walks back with the prev links to the first page.
func TestAPIWalkWhilePublishing(t *testing.T) {
	t.Parallel()
	s := generatedSite(t, 130)
	c := newAPIClient(t, s)
	ctx := context.Background()
	for i, tc := range []struct {
		query, newTitle string
		limit           int
	}{
		{"sorteer=nieuwste", "Nieuwe praktijk midden in de wandeling", 7},
		{"sorteer=titel", "Aaaa allereerste praktijk op titel", 7},
		{"q=kinderen", "Aaaa kinderen kinderen kinderen in de speeltuin", 7},
		{"gemeente=genk", "Genkse praktijk", 2},
	} {
		t.Run(tc.query, func(t *testing.T) {
			var first apiSearchPage
			resp := c.getJSON("/api/v1/praktijken?"+tc.query+"&limiet="+strconv.Itoa(tc.limit), http.StatusOK, &first)
			before := first.Total
			if before < 3*tc.limit {
				t.Fatalf("only %d results: too few to walk", before)
			}
			links := linkHeader(resp.Header.Get("Link"))
			if links["first"] == "" || links["next"] == "" || links["prev"] != "" {
				t.Fatalf("first page Link %q", resp.Header.Get("Link"))
			}
			seen := map[int64]int{}
			for _, it := range first.Items {
				seen[it.ID]++
			}
			next, pages := links["next"], 1
			var last apiSearchPage
			for next != "" {
				var page apiSearchPage
				resp := c.getJSON(pathOf(t, next), http.StatusOK, &page)
				if l := linkHeader(resp.Header.Get("Link")); l["next"] != page.Links.Next || l["prev"] != page.Links.Prev || l["prev"] == "" {
					t.Fatalf("Link header %q and links %+v differ (or no prev)", resp.Header.Get("Link"), page.Links)
				}
				if len(page.Items) == 0 || len(page.Items) > tc.limit {
					t.Fatalf("page %d has %d items", pages+1, len(page.Items))
				}
				for _, it := range page.Items {
					seen[it.ID]++
				}
				pages++
				if pages == 2 {
					sh := catalog.Sheet{Title: tc.newTitle, Intro: "Een praktijk met kinderen, in Genk.",
						Description: "Kinderen spelen.", Terms: map[catalog.Facet][]string{},
						Variants: []catalog.Variant{{Places: []catalog.Place{{Name: "Genk", TermSlug: "genk"}}, Text: "In Genk."}},
						Status:   catalog.StatusPublished, Source: fmt.Sprintf("import:walk-%d.txt", i)}
					if _, err := s.st.SaveImported(ctx, sh, "import"); err != nil {
						t.Fatal(err)
					}
				}
				next, last = page.Links.Next, page
			}
			for id, n := range seen {
				if n > 1 {
					t.Errorf("sheet %d given %d times", id, n)
				}
			}
			if len(seen) < before {
				t.Errorf("%d distinct sheets seen in %d pages, %d were there at the start", len(seen), pages, before)
			}
			// Back to the start by the prev links: the first page again.
			prev, back := last.Links.Prev, 0
			var page apiSearchPage
			for prev != "" && back <= pages+1 {
				page = apiSearchPage{}
				c.getJSON(pathOf(t, prev), http.StatusOK, &page)
				prev = page.Links.Prev
				back++
			}
			var again apiSearchPage
			c.getJSON("/api/v1/praktijken?"+tc.query+"&limiet="+strconv.Itoa(tc.limit), http.StatusOK, &again)
			if len(page.Items) != len(again.Items) || page.Items[0].ID != again.Items[0].ID {
				t.Errorf("walking back by prev ends at %v, the first page is %v", page.Items, again.Items)
			}
		})
	}
}

func TestAPIErrors(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := newAPIClient(t, s)
	for _, tc := range []struct {
		path   string
		status int
		code   string
	}{
		{"/api/v1/praktijken?pagina=2", 400, "unknown_parameter"},
		{"/api/v1/praktijken?Q=kind", 400, "unknown_parameter"},
		{"/api/v1/praktijken?q=a&q=b", 400, "repeated_parameter"},
		{"/api/v1/praktijken?gemeente=atlantis", 400, "unknown_term"},
		{"/api/v1/praktijken?sorteer=prijs", 400, "bad_parameter"},
		{"/api/v1/praktijken?limiet=0", 400, "bad_parameter"},
		{"/api/v1/praktijken?limiet=101", 400, "bad_parameter"},
		{"/api/v1/praktijken?limiet=tien", 400, "bad_parameter"},
		{"/api/v1/praktijken?cursor=%25%25", 400, "bad_cursor"},
		{"/api/v1/praktijken?cursor=eHl6", 400, "bad_cursor"},
		{"/api/v1/praktijken?q=" + strings.Repeat("kind", 60), 400, "bad_parameter"},
		{"/api/v1/praktijken/999999", 404, "not_found"},
		{"/api/v1/praktijken/1?x=1", 400, "unknown_parameter"},
		{"/api/v1/praktijken/slug/bestaat-niet", 404, "not_found"},
		{"/api/v1/gemeenten?provincie=limburg", 400, "unknown_parameter"},
	} {
		var body struct {
			Error struct {
				Status  int    `json:"status"`
				Code    string `json:"code"`
				Message struct{ NL, EN string }
			} `json:"error"`
		}
		c.getJSON(tc.path, tc.status, &body)
		if body.Error.Status != tc.status || body.Error.Code != tc.code || body.Error.Message.NL == "" || body.Error.Message.EN == "" {
			t.Errorf("%s: %+v, want status %d code %s with both messages", tc.path, body.Error, tc.status, tc.code)
		}
	}
	// Unknown addresses and other methods: JSON too.
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/v1/bestaat-niet", 404},
		{"POST", "/api/v1/praktijken", 405},
		{"DELETE", "/api/v1/praktijken/1", 405},
	} {
		req, _ := http.NewRequest(tc.method, s.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(b), `"nl"`) {
			t.Errorf("%s %s: %d %s", tc.method, tc.path, resp.StatusCode, b)
		}
	}
}

func TestAPISheetMunicipalitiesVocabularies(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := newAPIClient(t, s)
	ctx := context.Background()

	// Every seed by id and by slug: every field, the variants with their municipalities.
	var list apiSearchPage
	c.getJSON("/api/v1/praktijken", http.StatusOK, &list)
	if list.Total != 5 || len(list.Items) != 5 {
		t.Fatalf("%d seeds, want 5", list.Total)
	}
	withNIS := 0
	for _, it := range list.Items {
		var byID, bySlug map[string]any
		c.getJSON(pathOf(t, it.APIURL), http.StatusOK, &byID)
		c.getJSON("/api/v1/praktijken/slug/"+it.Slug, http.StatusOK, &bySlug)
		a, _ := json.Marshal(byID)
		b, _ := json.Marshal(bySlug)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: by id and by slug differ", it.Slug)
		}
		sh, err := s.st.SheetBySlug(ctx, it.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if byID["title"] != sh.Title || byID["description"] != sh.Description || byID["url"] != "https://praktijkbank.test/praktijken/"+sh.Slug {
			t.Errorf("%s: title/description/url differ from the sheet", it.Slug)
		}
		variants, _ := byID["variants"].([]any)
		if len(variants) != len(sh.Variants) {
			t.Errorf("%s: %d variants, the sheet has %d", it.Slug, len(variants), len(sh.Variants))
		}
		for i, v := range variants {
			places := v.(map[string]any)["places"].([]any)
			if len(places) != len(sh.Variants[i].Places) {
				t.Errorf("%s variant %d: %d places, want %d", it.Slug, i, len(places), len(sh.Variants[i].Places))
			}
			for _, p := range places {
				if m, ok := p.(map[string]any)["municipality"].(map[string]any); ok && regexp.MustCompile(`^\d{5}$`).MatchString(m["nis"].(string)) {
					withNIS++
				}
			}
		}
	}
	if withNIS < 10 {
		t.Errorf("%d variant places with a NIS code, want the seeds' municipalities", withNIS)
	}

	// A renamed sheet: the former slug redirects; an unpublished sheet is gone.
	sh, _ := s.st.SheetBySlug(ctx, list.Items[0].Slug)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	ed.post(t, "/beheer/fiches/"+strconv.FormatInt(sh.ID, 10)+"/adres", url.Values{"adres": {"nieuwe-naam"}, "versie": {strconv.Itoa(sh.Revision)}})
	if resp, _ := c.get("/api/v1/praktijken/slug/"+sh.Slug, http.StatusMovedPermanently); resp.Header.Get("Location") != "/api/v1/praktijken/slug/nieuwe-naam" {
		t.Errorf("former slug: Location %q", resp.Header.Get("Location"))
	}
	if err := s.st.SetSheetStatus(ctx, ed.id, sh.ID, catalog.StatusUnpublished); err != nil {
		t.Fatal(err)
	}
	c.get("/api/v1/praktijken/"+strconv.FormatInt(sh.ID, 10), http.StatusNotFound)

	// Municipalities: NIS codes and the 2025 mergers.
	var munis struct {
		Total int `json:"total"`
		Items []struct {
			Name       string `json:"name"`
			NIS        string `json:"nis"`
			Current    bool   `json:"current"`
			Practices  int    `json:"practices"`
			MergedInto *struct {
				Name string `json:"name"`
				NIS  string `json:"nis"`
			} `json:"merged_into"`
		} `json:"items"`
	}
	c.getJSON("/api/v1/gemeenten", http.StatusOK, &munis)
	byName := map[string]int{}
	for i, m := range munis.Items {
		byName[m.Name] = i
	}
	if munis.Total < 300 || munis.Total != len(munis.Items) {
		t.Errorf("%d municipalities (%d items)", munis.Total, len(munis.Items))
	}
	if b := munis.Items[byName["Borgloon"]]; b.Current || b.MergedInto == nil || b.MergedInto.Name != "Tongeren-Borgloon" || b.MergedInto.NIS == "" {
		t.Errorf("Borgloon: %+v", b)
	}
	if g := munis.Items[byName["Genk"]]; !g.Current || g.NIS != "71016" || g.Practices < 1 {
		t.Errorf("Genk: %+v", g)
	}

	// Vocabularies: the five facets, each term with the catalogue URL it filters.
	var voc struct {
		Facets []struct {
			Facet string `json:"facet"`
			Terms []struct {
				Slug string `json:"slug"`
				URL  string `json:"url"`
			} `json:"terms"`
		} `json:"facets"`
	}
	c.getJSON("/api/v1/vocabularia", http.StatusOK, &voc)
	if len(voc.Facets) != 5 {
		t.Fatalf("%d vocabularies", len(voc.Facets))
	}
	for i, f := range catalog.Facets {
		if voc.Facets[i].Facet != string(f) || len(voc.Facets[i].Terms) == 0 {
			t.Errorf("vocabulary %d: %s with %d terms", i, voc.Facets[i].Facet, len(voc.Facets[i].Terms))
			continue
		}
		tm := voc.Facets[i].Terms[0]
		if tm.URL != "https://praktijkbank.test/praktijken?"+string(f)+"="+url.QueryEscape(tm.Slug) {
			t.Errorf("term URL %q", tm.URL)
		}
	}
}

func TestAPICachingAndCORS(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := newAPIClient(t, s)
	resp, _ := c.get("/api/v1/praktijken?q=kinderopvang", http.StatusOK, "Origin", "https://data.example.org")
	etag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || modified == "" {
		t.Fatalf("ETag %q, Last-Modified %q", etag, modified)
	}
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "Link") {
		t.Errorf("CORS: %v", resp.Header)
	}
	c.get("/api/v1/praktijken?q=kinderopvang", http.StatusNotModified, "If-None-Match", etag)
	c.get("/api/v1/gemeenten", http.StatusNotModified, "If-Modified-Since", modified)

	// Preflight of a script on another site.
	req, _ := http.NewRequest(http.MethodOptions, s.URL+"/api/v1/praktijken", nil)
	req.Header.Set("Origin", "https://data.example.org")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "If-None-Match")
	pre, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pre.Body.Close()
	if pre.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: %d %v", pre.StatusCode, pre.Header)
	}

	// A change to the catalogue changes the answer's validators.
	time.Sleep(1100 * time.Millisecond) // Last-Modified counts seconds
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	var list apiSearchPage
	c.getJSON("/api/v1/praktijken", http.StatusOK, &list)
	if err := s.st.SetSheetStatus(context.Background(), ed.id, list.Items[0].ID, catalog.StatusUnpublished); err != nil {
		t.Fatal(err)
	}
	resp, _ = c.get("/api/v1/praktijken?q=kinderopvang", http.StatusOK, "If-None-Match", etag)
	if resp.Header.Get("ETag") == etag || resp.Header.Get("Last-Modified") == modified {
		t.Errorf("validators unchanged after a change: %q %q", resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"))
	}
}
