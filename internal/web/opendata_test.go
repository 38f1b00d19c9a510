package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// fetch GETs path and returns the response and its body; the status must be want.
func (s site) fetch(t *testing.T, path string, want int) (*http.Response, []byte) {
	t.Helper()
	resp, err := noRedirect.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d", path, resp.StatusCode, want)
	}
	return resp, body
}

func TestCSVExport(t *testing.T) {
	t.Parallel()
	s := generatedSite(t, 150)
	ctx := context.Background()

	// A formula in a title must not run in a spreadsheet.
	sh := catalog.Sheet{Title: "=HYPERLINK(\"http://kwaad.example\")", Intro: "+32 intro", Description: "- een\n- twee",
		Terms: map[catalog.Facet][]string{}, Status: catalog.StatusPublished, Source: "import:formule.txt",
		Variants: []catalog.Variant{
			{Places: []catalog.Place{{Name: "Genk", TermSlug: "genk"}}, Text: "In Genk.", Contact: "An", Email: "an@genk.be"},
			{Places: []catalog.Place{{Name: "Hasselt", TermSlug: "hasselt"}, {Name: "Diest", TermSlug: "diest"}}, Text: "Samen."},
		}}
	if _, err := s.st.SaveImported(ctx, sh, "import"); err != nil {
		t.Fatal(err)
	}

	for _, query := range []string{"", "gemeente=genk", "q=kinderen&sorteer=titel", "q=zzqxj"} {
		resp, body := s.fetch(t, "/praktijken.csv?"+query, http.StatusOK)
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv; charset=utf-8") {
			t.Errorf("%s: Content-Type %q", query, ct)
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment; filename=") {
			t.Errorf("%s: Content-Disposition %q", query, resp.Header.Get("Content-Disposition"))
		}
		bom := []byte("\uFEFF")
		if !bytes.HasPrefix(body, bom) {
			t.Fatalf("%s: no byte-order mark", query)
		}
		records, err := csv.NewReader(bytes.NewReader(body[len(bom):])).ReadAll()
		if err != nil {
			t.Fatalf("%s: the CSV does not parse: %v", query, err)
		}
		header := records[0]
		col := func(name string) int {
			i := slices.Index(header, name)
			if i < 0 {
				t.Fatalf("no column %q in %v", name, header)
			}
			return i
		}
		// The same sheets, in the same order, as the API's search (which is the catalogue's).
		v, _ := url.ParseQuery(query)
		sorts := map[string]string{"relevantie": store.SortRelevance, "nieuwste": store.SortNewest, "titel": store.SortTitle}
		q := store.SearchQuery{Text: v.Get("q"), Sort: sorts[v.Get("sorteer")], Filters: map[catalog.Facet][]int64{}, PageSize: 100}
		if g := v.Get("gemeente"); g != "" {
			term, _ := s.st.TermBySlug(ctx, catalog.FacetMunicipality, g)
			q.Filters[catalog.FacetMunicipality] = []int64{term.ID}
		}
		var want []string
		for page := 1; ; page++ {
			q.Page = page
			res, err := s.st.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				want = append(want, strconv.FormatInt(h.ID, 10))
			}
			if len(res.Hits) < 100 {
				break
			}
		}
		var got []string
		for _, rec := range records[1:] {
			if len(rec) != len(header) {
				t.Fatalf("%s: a row of %d cells under %d columns", query, len(rec), len(header))
			}
			got = append(got, rec[col("id")])
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %d rows %v…, the search gives %d", query, len(got), got[:min(5, len(got))], len(want))
		}
		for _, rec := range records[1:] {
			for i, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
					t.Errorf("%s: cell %s of sheet %s starts with %q: %q", query, header[i], rec[0], cell[:1], cell)
				}
			}
			if rec[col("titel")] == "'=HYPERLINK(\"http://kwaad.example\")" {
				if rec[col("intro")] != "'+32 intro" || rec[col("varianten_gemeenten")] != "Genk | Hasselt, Diest" ||
					rec[col("varianten_email")] != "an@genk.be | " || !strings.HasPrefix(rec[col("varianten_nis")], "71016 | ") {
					t.Errorf("formula sheet row: %q", rec)
				}
			}
		}
	}
	// The catalogue page offers its search as CSV, feed and JSON.
	doc := s.get(t, "/praktijken?q=kinderen&gemeente=genk&pagina=2", http.StatusOK)
	links := map[string]string{}
	doc.Find(".exports a").Each(func(_ int, a *goquery.Selection) { links[modText(a)] = a.AttrOr("href", "") })
	if links["Download als CSV"] != "/praktijken.csv?q=kinderen&gemeente=genk" || links["Volg via Atom-feed"] != "/praktijken.atom?q=kinderen&gemeente=genk" ||
		links["Als JSON (API)"] != "/api/v1/praktijken?q=kinderen&gemeente=genk" {
		t.Errorf("export links %v", links)
	}
	if href := doc.Find(`link[rel=alternate][type="application/atom+xml"]`).AttrOr("href", ""); href != "/praktijken.atom?q=kinderen&gemeente=genk" {
		t.Errorf("feed link in the head: %q", href)
	}
}

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestFeedsSitemapRobots(t *testing.T) {
	t.Parallel()
	s := generatedSite(t, 60)
	ctx := context.Background()

	parse := func(path string) atomFeed {
		t.Helper()
		resp, body := s.fetch(t, path, http.StatusOK)
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		var f atomFeed
		if err := xml.Unmarshal(body, &f); err != nil {
			t.Fatalf("%s is no Atom feed: %v", path, err)
		}
		if f.Title == "" || f.ID == "" {
			t.Errorf("%s: title %q id %q", path, f.Title, f.ID)
		}
		for i, e := range f.Entries {
			if !strings.HasPrefix(e.ID, "tag:praktijkbank.test,2026:praktijk/") || !strings.HasPrefix(e.Link.Href, "https://praktijkbank.test/praktijken/") {
				t.Errorf("%s entry %q: id %q link %q", path, e.Title, e.ID, e.Link.Href)
			}
			if i > 0 && e.Updated > f.Entries[i-1].Updated {
				t.Errorf("%s: not most recently changed first", path)
			}
		}
		return f
	}
	all := parse("/praktijken.atom")
	if len(all.Entries) != 50 {
		t.Errorf("whole catalogue: %d entries, want 50", len(all.Entries))
	}
	genk := parse("/gemeenten/genk/feed.atom")
	search := parse("/praktijken.atom?gemeente=genk")
	if len(genk.Entries) == 0 || len(genk.Entries) != len(search.Entries) {
		t.Errorf("Genk: %d entries, the search on Genk %d", len(genk.Entries), len(search.Entries))
	}
	// A changed sheet comes first, under the same id.
	var list apiSearchPage
	_, body := s.fetch(t, "/api/v1/praktijken?sorteer=titel&limiet=1", http.StatusOK)
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	sh, err := s.st.SheetByID(ctx, list.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sh.Intro = "Een nieuwe inleiding."
	if _, err := s.st.EditSheet(ctx, store.SheetEdit{SheetID: sh.ID, Revision: sh.Revision, EditorID: ed.id, Sheet: sh, Note: "inleiding"}); err != nil {
		t.Fatal(err)
	}
	again := parse("/praktijken.atom")
	if again.Entries[0].ID != "tag:praktijkbank.test,2026:praktijk/"+strconv.FormatInt(sh.ID, 10) {
		t.Errorf("after a change the first entry is %q", again.Entries[0].ID)
	}
	s.fetch(t, "/gemeenten/atlantis/feed.atom", http.StatusNotFound)

	// The sitemap lists every published sheet and every municipality with practices.
	_, body = s.fetch(t, "/sitemap.xml", http.StatusOK)
	var sm struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(body, &sm); err != nil {
		t.Fatalf("sitemap: %v", err)
	}
	locs := map[string]string{}
	for _, u := range sm.URLs {
		locs[u.Loc] = u.LastMod
	}
	published, err := s.st.AllPublished(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range published {
		lm, ok := locs["https://praktijkbank.test/praktijken/"+p.Slug]
		if !ok || lm != p.UpdatedAt.UTC().Format(time.DateOnly) {
			t.Errorf("sheet %s: in sitemap %v, lastmod %q", p.Slug, ok, lm)
		}
	}
	if lm := locs["https://praktijkbank.test/gemeenten/genk"]; lm == "" {
		t.Error("Genk is not in the sitemap with a lastmod")
	}
	if len(sm.URLs) < len(published)+10 {
		t.Errorf("%d URLs for %d sheets", len(sm.URLs), len(published))
	}

	_, body = s.fetch(t, "/robots.txt", http.StatusOK)
	robots := string(body)
	for _, want := range []string{"Sitemap: https://praktijkbank.test/sitemap.xml", "Disallow: /beheer", "Disallow: /praktijken?"} {
		if !strings.Contains(robots, want) {
			t.Errorf("robots.txt lacks %q", want)
		}
	}
}

func TestStructuredData(t *testing.T) {
	t.Parallel()
	s := legalSite(t)

	// Every seed sheet: an Article with a GovernmentService per local variant.
	var list apiSearchPage
	_, body := s.fetch(t, "/api/v1/praktijken", http.StatusOK)
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	services := 0
	for _, it := range list.Items {
		sh, err := s.st.SheetBySlug(context.Background(), it.Slug)
		if err != nil {
			t.Fatal(err)
		}
		doc := s.get(t, "/praktijken/"+it.Slug, http.StatusOK)
		scripts := doc.Find(`script[type="application/ld+json"]`)
		if scripts.Length() != 1 {
			t.Fatalf("%s: %d JSON-LD scripts", it.Slug, scripts.Length())
		}
		var ld struct {
			Context  string `json:"@context"`
			Type     string `json:"@type"`
			Headline string `json:"headline"`
			URL      string `json:"url"`
			Modified string `json:"dateModified"`
			Image    string `json:"image"`
			License  string `json:"license"`
			About    []struct {
				Type       string `json:"@type"`
				Name       string `json:"name"`
				AreaServed []struct {
					Name       string `json:"name"`
					Identifier struct {
						Value string `json:"value"`
					} `json:"identifier"`
				} `json:"areaServed"`
			} `json:"about"`
		}
		if err := json.Unmarshal([]byte(scripts.Text()), &ld); err != nil {
			t.Fatalf("%s: JSON-LD does not parse: %v", it.Slug, err)
		}
		if ld.Context != "https://schema.org" || ld.Type != "Article" || ld.Headline != sh.Title ||
			ld.URL != "https://praktijkbank.test/praktijken/"+sh.Slug || ld.Modified == "" || ld.License != "https://creativecommons.org/licenses/by/4.0/" {
			t.Errorf("%s: %+v", it.Slug, ld)
		}
		withPlaces := 0
		for _, v := range sh.Variants {
			if len(v.Places) > 0 {
				withPlaces++
			}
		}
		if len(ld.About) != withPlaces {
			t.Errorf("%s: %d services for %d variants with places", it.Slug, len(ld.About), withPlaces)
		}
		for _, svc := range ld.About {
			services++
			if svc.Type != "GovernmentService" || len(svc.AreaServed) == 0 || svc.AreaServed[0].Name == "" {
				t.Errorf("%s: service %+v", it.Slug, svc)
			}
		}
		// Link previews: title, description, no picture without consent.
		og := func(p string) string { return doc.Find(`meta[property="`+p+`"]`).AttrOr("content", "") }
		if og("og:title") != sh.Title || og("og:url") != ld.URL || og("og:description") == "" || og("og:type") != "article" {
			t.Errorf("%s: OpenGraph %q %q %q %q", it.Slug, og("og:title"), og("og:url"), og("og:description"), og("og:type"))
		}
		if doc.Find(`meta[name="twitter:card"]`).Length() != 1 {
			t.Errorf("%s: no twitter:card", it.Slug)
		}
		shown := sh.Image != nil && sh.Image.Consent && doc.Find(".sheet-image img, figure img").Length() > 0
		if !shown && (og("og:image") != "" || ld.Image != "") {
			t.Errorf("%s: a picture in the previews that the page does not show: %q", it.Slug, og("og:image"))
		}
	}
	if services < 5 {
		t.Errorf("%d government services over the seeds", services)
	}

	// DCAT-AP: the catalogue as a public dataset with licensed distributions.
	resp, body := s.fetch(t, "/open-data/dcat.jsonld", http.StatusOK)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/ld+json") {
		t.Errorf("DCAT Content-Type %q", resp.Header.Get("Content-Type"))
	}
	var dcat struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(body, &dcat); err != nil {
		t.Fatalf("DCAT does not parse: %v", err)
	}
	byType := map[string][]map[string]any{}
	for _, n := range dcat.Graph {
		byType[n["@type"].(string)] = append(byType[n["@type"].(string)], n)
	}
	ds := byType["dcat:Dataset"]
	if len(ds) != 1 || ds[0]["dct:accessRights"].(map[string]any)["@id"] != "http://publications.europa.eu/resource/authority/access-right/PUBLIC" {
		t.Fatalf("dataset: %v", ds)
	}
	if n := len(ds[0]["dcat:distribution"].([]any)); n != 3 || len(byType["dcat:Distribution"]) != 3 {
		t.Errorf("%d distributions", n)
	}
	for _, d := range byType["dcat:Distribution"] {
		lic, _ := d["dct:license"].(map[string]any)
		if lic["@id"] != "https://creativecommons.org/licenses/by/4.0/" || d["dcat:accessURL"] == nil {
			t.Errorf("distribution %v", d)
		}
	}
	if len(byType["dcat:Catalog"]) != 1 || len(byType["dcat:DataService"]) != 1 {
		t.Errorf("catalogue and service: %v", byType)
	}

	// The open-data page documents the API, the exports and the licence.
	doc := s.get(t, "/open-data", http.StatusOK)
	text := modText(doc.Find("main"))
	for _, want := range []string{"/api/v1/praktijken", "limiet=100", "Link", "CSV", "Atom", "CC BY 4.0", "varianten_gemeenten", "curl"} {
		if !strings.Contains(text, want) {
			t.Errorf("/open-data lacks %q", want)
		}
	}
}
