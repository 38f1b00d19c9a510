package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/web"
	"github.com/praktijkbank/praktijkbank/templates"
)

func TestMain(m *testing.M) { testdb.Main(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type site struct {
	*httptest.Server
	st *store.Store
	db *pgxpool.Pool // the store's database, to set up or read what no store method does
}

func newSite(t *testing.T) site {
	t.Helper()
	db := testdb.New(t)
	st := store.New(db)
	if err := app.Bootstrap(context.Background(), st, quiet); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{BaseURL: "https://praktijkbank.test"}, st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return newSiteOn(t, srv, st, db)
}

// newSiteOn serves srv, made over st on db, for the test.
func newSiteOn(t *testing.T, srv *web.Server, st *store.Store, db *pgxpool.Pool) site {
	t.Helper()
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return site{ts, st, db}
}

// noRedirect is a client that reports redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (s site) get(t *testing.T, path string, wantStatus int) *goquery.Document {
	t.Helper()
	resp, err := noRedirect.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d", path, resp.StatusCode, wantStatus)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func texts(sel *goquery.Selection) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) { out = append(out, strings.Join(strings.Fields(s.Text()), " ")) })
	return out
}

func TestHome(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/", 200)
	if got := doc.Find("form[role=search][action='/praktijken'] input[name=q]").Length(); got != 1 {
		t.Errorf("search box: %d inputs", got)
	}
	if lead := doc.Find(".hero .lead").Text(); !strings.Contains(lead, "5 praktijken") {
		t.Errorf("lead %q does not count the 5 seeds", lead)
	}
	cats := texts(doc.Find(".tiles a"))
	if len(cats) < 3 || !strings.Contains(strings.Join(cats, "|"), "Inclusieve vrije tijd 2 praktijken") {
		t.Errorf("categories = %q", cats)
	}
	if href, _ := doc.Find(".tiles a").First().Attr("href"); !strings.HasPrefix(href, "/praktijken?categorie=") {
		t.Errorf("category link %q", href)
	}
	if n := doc.Find(".cards .card").Length(); n != 5 {
		t.Errorf("%d newest practices, want 5", n)
	}
}

func TestCatalog(t *testing.T) {
	t.Parallel()
	s := newSite(t)

	doc := s.get(t, "/praktijken", 200)
	if got := doc.Find(".result-count").Text(); got != "5 praktijken" {
		t.Errorf("count = %q", got)
	}
	if _, noindex := doc.Find("meta[name=robots]").Attr("content"); noindex {
		t.Error("the plain catalogue must be indexable")
	}
	for _, legend := range []string{"Categorie", "Doel", "Doelgroep", "Gemeente", "Beleidsdomeinen"} {
		if doc.Find("fieldset legend").FilterFunction(func(_ int, l *goquery.Selection) bool {
			return strings.HasPrefix(strings.TrimSpace(l.Text()), legend+" ") || strings.TrimSpace(l.Text()) == legend
		}).Length() != 1 {
			t.Errorf("no fieldset with legend %q", legend)
		}
	}

	doc = s.get(t, "/praktijken?q=opvang&gemeente=genk", 200)
	if robots, _ := doc.Find("meta[name=robots]").Attr("content"); robots != "noindex,follow" {
		t.Errorf("robots = %q on a filtered page", robots)
	}
	if canon, _ := doc.Find("link[rel=canonical]").Attr("href"); canon != "https://praktijkbank.test/praktijken" {
		t.Errorf("canonical = %q", canon)
	}
	hits := texts(doc.Find(".hits h3"))
	if len(hits) == 0 {
		t.Fatal("no results for opvang in Genk")
	}
	if doc.Find(".hits mark").Length() == 0 {
		t.Error("no highlighted snippet")
	}
	chips := doc.Find(".chips a.chip")
	if chips.Length() != 1 || !strings.Contains(chips.Text(), "Genk") {
		t.Fatalf("chips = %q", texts(chips))
	}
	if href, _ := chips.Attr("href"); href != "/praktijken?q=opvang" {
		t.Errorf("removing the Genk chip leads to %q", href)
	}
	if !doc.Find("input[name=gemeente][value=genk]").Is("[checked]") {
		t.Error("the Genk checkbox is not checked")
	}
	// A municipality's count says how many results it holds with the other filters (the
	// municipalities are ORed: choosing Aalst too adds Aalst's results to Genk's).
	box := doc.Find("input[name=gemeente][value=aalst]")
	if box.Length() == 1 {
		label := doc.Find("label[for=" + box.AttrOr("id", "") + "] .count").Text()
		alone := s.get(t, "/praktijken?q=opvang&gemeente=aalst", 200)
		if want := "(" + strings.Fields(alone.Find(".result-count").Text())[0] + ")"; label != want {
			t.Errorf("Aalst count %s, but Aalst alone gives %s", label, want)
		}
	} else {
		t.Error("no Aalst checkbox for opvang in Genk")
	}

	// A typo that finds nothing shows the results of the corrected word, says so, and links
	// the search for the word as typed; that one is empty and suggests the correction.
	typo := s.get(t, "/praktijken?q=kinderopvnag", 200)
	if got := strings.Join(strings.Fields(typo.Find(".correction").Text()), " "); !strings.Contains(got, "Resultaten voor kinderopvang") ||
		!strings.Contains(got, "Zoek toch naar “kinderopvnag”") {
		t.Errorf("correction = %q", got)
	}
	if typo.Find(".hits h3 a").Length() == 0 || typo.Find(".empty").Length() != 0 {
		t.Error("the corrected search shows no results")
	}
	if v, _ := typo.Find("input[name=q]").First().Attr("value"); v != "kinderopvnag" {
		t.Errorf("search box holds %q, want what was typed", v)
	}
	literal, _ := typo.Find(".correction a").Attr("href")
	empty := s.get(t, literal, 200)
	if got := empty.Find(".suggestion a").Text(); got != "kinderopvang" {
		t.Errorf("suggestion = %q", got)
	}
	if !strings.Contains(empty.Find(".empty").Text(), "Geen praktijken gevonden") {
		t.Error("no empty state")
	}
	// A correct word is never corrected away.
	if right := s.get(t, "/praktijken?q=kleuters", 200); right.Find(".correction").Length() != 0 {
		t.Error("kleuters was corrected")
	}
}

func TestSheetPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/praktijken?q=Wereldmama", 200)
	href, ok := doc.Find(".hits h3 a").First().Attr("href")
	if !ok {
		t.Fatal("no result for Wereldmama")
	}
	sheet := s.get(t, href, 200)
	if h1 := strings.ReplaceAll(sheet.Find("h1").Text(), "\u00ad", ""); !strings.Contains(h1, "Opvoedingsondersteuning") {
		t.Errorf("h1 = %q", h1)
	}
	for _, h := range []string{"Contact", "Op deze pagina", "Beschrijving", "Succesfactoren", "Uitdagingen", "Waar loopt deze praktijk?"} {
		if sheet.Find("h2:contains('"+h+"')").Length() != 1 {
			t.Errorf("no section %q", h)
		}
	}
	if strings.Contains(sheet.Text(), "Deze praktijk in") {
		t.Error(`"Deze praktijk in" is still shown`)
	}
	if sheet.Find(".variant").Length() < 10 {
		t.Errorf("%d local variants", sheet.Find(".variant").Length())
	}
	if sheet.Find(".variant a[href='/gemeenten/aalst']").Length() == 0 {
		t.Error("Aalst is not linked to its municipality page")
	}
	if sheet.Find(".variant a[href='mailto:suzan.decleer@ligo-zovl.be']").Length() != 1 {
		t.Error("contact e-mail of the Aalst variant is not a mail link")
	}
	if sheet.Find(".facts a[href^='/praktijken?beleidsdomein=']").Length() != 7 {
		t.Errorf("policy domain links: %q", texts(sheet.Find(".facts a[href^='/praktijken?beleidsdomein=']")))
	}
	s.get(t, "/praktijken/bestaat-niet", 404)
}

// The sheet page of the seed with many variants: the contact block comes before the facts and
// the text, variants are sorted by municipality and the facts box links each municipality to
// the variant that names it on the same page; contacts read as a name and an address.
func TestSheetContactAndVariants(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/praktijken/opvoedingsondersteuning-voor-anderstalige-ouders-met-jonge-kinderen", 200)
	article := doc.Find("article.sheet")
	order := texts(article.Find("h2"))
	if len(order) < 3 || order[0] != "Contact" {
		t.Errorf("sections %q: the contact block is not the first", order)
	}
	contact := article.Find("section[aria-labelledby=contact]")
	for _, want := range []string{"Aalst en Geraardsbergen suzan.decleer@ligo-zovl.be", "Landen Esther Brouwer, ebrouwer@landen.be"} {
		if !slices.Contains(texts(contact.Find("li")), want) {
			t.Errorf("contact block %q lacks %q", texts(contact.Find("li")), want)
		}
	}
	if contact.Find(`a[href="mailto:ebrouwer@landen.be"]`).Length() != 1 || contact.Find(`a[href="#gemeente-landen"]`).Length() != 1 {
		t.Error("the Landen contact does not link its address and its variant")
	}
	if strings.Contains(article.Text(), "(mail)") || strings.Contains(article.Text(), "Contact:") {
		t.Errorf("a contact reads as a run-on: %q", texts(article.Find(".variant-links")))
	}
	// Variants sorted by their first municipality.
	var firsts []string
	article.Find(".variant").Each(func(_ int, v *goquery.Selection) {
		heading := strings.TrimSpace(v.Find("h3").Text())
		firsts = append(firsts, strings.TrimSpace(strings.SplitN(strings.SplitN(heading, ",", 2)[0], " en ", 2)[0]))
	})
	if !slices.IsSortedFunc(firsts, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) || len(firsts) < 10 {
		t.Errorf("variants not sorted by municipality: %q", firsts)
	}
	// Every municipality of the facts box is an anchor on this page, inside a variant whose
	// heading names it; the ids are unique.
	links := doc.Find(".facts a[href^='#gemeente-']")
	if links.Length() < 30 {
		t.Errorf("%d municipality links to variants in the facts box", links.Length())
	}
	links.Each(func(_ int, a *goquery.Selection) {
		id := strings.TrimPrefix(a.AttrOr("href", ""), "#")
		target := doc.Find("[id='" + id + "']")
		if target.Length() != 1 {
			t.Errorf("%s: %d elements with id %q", a.Text(), target.Length(), id)
			return
		}
		v := target.Closest(".variant")
		if v.Length() == 0 {
			v = target.Filter(".variant")
		}
		if name := a.Text(); v.Length() == 0 || !strings.Contains(v.Find("h3").Text(), strings.SplitN(name, "-", 2)[0]) {
			t.Errorf("%s links to #%s, which is not a variant naming it: %q", name, id, v.Find("h3").Text())
		}
	})
	if doc.Find(".facts a[href^='/praktijken?gemeente=']").Length() != 0 {
		t.Error("a municipality in the facts box links to a search instead of its variant")
	}
	// Labels agree with the number of terms.
	if got := texts(doc.Find(".facts dt")); !slices.Equal(got, []string{"Categorie", "Doelen (zoekfilter)", "Doelgroepen (zoekfilter)", "Gemeenten", "Beleidsdomeinen"}) {
		t.Errorf("facts labels %q", got)
	}
	// A link whose address the source lost says so instead of posing as a link.
	if !slices.Contains(texts(article.Find(".variant-links dd")), "Huis van het Kind Diest (link niet beschikbaar)") {
		t.Errorf("Diest's more-info label: %q", texts(article.Find(".variant-links dd")))
	}
	// "Op deze pagina" lists the sections, each pointing at its heading.
	toc := doc.Find("nav[aria-labelledby=op-deze-pagina] a")
	if toc.Length() < 5 {
		t.Errorf("Op deze pagina: %q", texts(toc))
	}
	toc.Each(func(_ int, a *goquery.Selection) {
		if id := strings.TrimPrefix(a.AttrOr("href", ""), "#"); doc.Find("[id='"+id+"']").Length() != 1 {
			t.Errorf("Op deze pagina links %q to nothing", a.AttrOr("href", ""))
		}
	})
	// The short sheet has no "Op deze pagina", and its contact block says there is no contact
	// and leads to the short form that adds one.
	short := s.get(t, "/praktijken/talentcoaches-genk", 200)
	if short.Find("nav[aria-labelledby=op-deze-pagina]").Length() != 0 {
		t.Error("a short sheet lists its sections")
	}
	if c := short.Find("section[aria-labelledby=contact]"); !strings.Contains(c.Text(), "nog geen contactpersoon") ||
		c.Find("a[href='/praktijken/talentcoaches-genk/contact']").Length() != 1 {
		t.Errorf("the contact block of a sheet without contact: %q", strings.Join(strings.Fields(c.Text()), " "))
	}
}

// The actions and the print header of a sheet: a mailto: link with the page's address, the
// copy and print buttons hidden until the script shows them, and the site, the address and
// the day for print.
func TestSheetActionsAndPrintHead(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/praktijken/talentcoaches-genk", 200)
	const addr = "https://praktijkbank.test/praktijken/talentcoaches-genk"
	mail := doc.Find(".sheet-actions a[href^='mailto:']")
	u, err := url.Parse(mail.AttrOr("href", ""))
	if err != nil || mail.Length() != 1 {
		t.Fatalf("mail link %q: %v", mail.AttrOr("href", ""), err)
	}
	if q, _ := url.ParseQuery(u.RawQuery); !strings.Contains(q.Get("body"), addr) || !strings.Contains(q.Get("subject"), "Talentcoaches (Genk)") {
		t.Errorf("mail link %q does not carry the title and %s", u, addr)
	}
	for _, sel := range []string{"[data-copy]", "[data-print]"} {
		if b := doc.Find(sel); b.Length() != 1 || b.Closest("[hidden]").Length() != 1 {
			t.Errorf("%s: not one button hidden until the script runs", sel)
		}
	}
	if got := doc.Find("[data-copy]").AttrOr("data-copy", ""); got != addr {
		t.Errorf("copy button copies %q", got)
	}
	head := strings.Join(strings.Fields(doc.Find(".print-head").Text()), " ")
	today := templates.DutchDate(time.Now())
	if !strings.Contains(head, "Praktijkbank") || !strings.Contains(head, addr) || !strings.Contains(head, "Afgedrukt op "+today) {
		t.Errorf("print head %q lacks the site, the address or the day (%s)", head, today)
	}
}

func TestMunicipalityPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	resp, err := noRedirect.Get(s.URL + "/gemeenten/borgloon")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/gemeenten/tongeren-borgloon" {
		t.Errorf("borgloon: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc := s.get(t, "/gemeenten/tongeren-borgloon", 200)
	if !strings.Contains(doc.Find(".lead").Text(), "Borgloon") {
		t.Errorf("Tongeren-Borgloon does not mention its former name: %q", doc.Find(".lead").Text())
	}
	genk := s.get(t, "/gemeenten/genk", 200)
	if genk.Find(".local").Length() < 2 || !strings.Contains(genk.Text(), "NOVA moedergroep") {
		t.Errorf("Genk page lacks its local variants")
	}
	index := s.get(t, "/gemeenten", 200)
	if index.Find("a[href='/gemeenten/genk']").Length() != 1 {
		t.Error("Genk missing from the municipality index")
	}
	s.get(t, "/gemeenten/atlantis", 404)
}

func TestNotFoundPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/bestaat/niet", 404)
	if h1 := doc.Find("h1").Text(); h1 != "Pagina niet gevonden" {
		t.Errorf("404 h1 = %q", h1)
	}
	if doc.Find("html[lang=nl-BE]").Length() != 1 {
		t.Error("error page is not in the site layout")
	}
}

// TestCacheFollowsCatalogue checks that a cached page is not served once the catalogue
// changed.
func TestCacheFollowsCatalogue(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	before := s.get(t, "/praktijken?q=buurtrestaurant", 200)
	if before.Find(".result-count").Text() != "0 praktijken" {
		t.Fatalf("before: %q", before.Find(".result-count").Text())
	}
	im, err := app.NewImporter(context.Background(), s.st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := im.Import(context.Background(), "x.txt", []byte("Buurtrestaurant\n\nSamen eten in de buurt.\n")); err != nil {
		t.Fatal(err)
	}
	after := s.get(t, "/praktijken?q=buurtrestaurant", 200)
	if got := after.Find(".result-count").Text(); got != "1 praktijk" {
		t.Errorf("after import: %q, want the new sheet", got)
	}
}

func TestStaticAndHeaders(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/", 200)
	css, _ := doc.Find("link[rel=stylesheet]").Attr("href")
	resp, err := http.Get(s.URL + css)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("%s: %d %q", css, resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	resp, err = http.Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	etag := resp.Header.Get("ETag")
	req, _ := http.NewRequest("GET", s.URL+"/", nil)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if etag == "" || resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET with ETag %q: %d", etag, resp.StatusCode)
	}

	// The same cached page, asked plain and gzipped, in either order: the same bytes.
	for _, path := range []string{"/praktijken?q=kinderopvang", "/praktijken?q=taal"} {
		plain := fetchEncoded(t, s.URL+path, "identity")
		zipped := fetchEncoded(t, s.URL+path, "gzip")
		again := fetchEncoded(t, s.URL+path, "identity")
		if len(plain) == 0 || !bytes.Equal(plain, zipped) || !bytes.Equal(plain, again) {
			t.Errorf("%s: plain %d bytes, gzipped %d bytes decoded, plain again %d bytes", path, len(plain), len(zipped), len(again))
		}
	}
}

// fetchEncoded GETs url with the given Accept-Encoding and returns the decoded body, checking
// that the response says how it is encoded.
func fetchEncoded(t *testing.T, url, encoding string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", encoding) // set by hand: the transport does not decode it
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body io.Reader = resp.Body
	if got := resp.Header.Get("Content-Encoding"); encoding == "gzip" {
		if got != "gzip" {
			t.Fatalf("%s with Accept-Encoding gzip: Content-Encoding %q", url, got)
		}
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		body = zr
	} else if got != "" {
		t.Fatalf("%s with Accept-Encoding %s: Content-Encoding %q", url, encoding, got)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSheetImageOnlyWithConsent checks that a sheet's picture is shown and served only when
// consent was given.
func TestSheetImageOnlyWithConsent(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	const slug = "talentcoaches-genk"
	var id int64
	if err := s.db.QueryRow(ctx, `SELECT id FROM sheets WHERE slug = $1`, slug).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, consent := range []bool{false, true} {
		_, err := s.db.Exec(ctx, `
			UPDATE sheet_images SET consent = $2, content_type = 'image/jpeg', data = '\xffd8ff', thumb = '\xffd8ff',
			       alt = 'Een coach en een kleuter'
			WHERE sheet_id = $1`, id, consent)
		if err != nil {
			t.Fatal(err)
		}
		// A direct write bypasses the catalogue version; bump it as a publish would.
		if _, err := s.db.Exec(ctx, `UPDATE catalog_version SET version = version + 1`); err != nil {
			t.Fatal(err)
		}
		doc := s.get(t, "/praktijken/"+slug, 200)
		img := doc.Find(".sheet-image img")
		resp, err := http.Get(s.URL + "/praktijken/" + slug + "/foto")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if consent {
			if src, _ := img.Attr("src"); src != "/praktijken/"+slug+"/foto" || img.AttrOr("alt", "") != "Een coach en een kleuter" {
				t.Errorf("with consent: img src %q alt %q", src, img.AttrOr("alt", ""))
			}
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" {
				t.Errorf("with consent: /foto %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
		} else {
			if img.Length() != 0 {
				t.Error("an image without consent is shown")
			}
			if resp.StatusCode != 404 {
				t.Errorf("without consent: /foto %d, want 404", resp.StatusCode)
			}
		}
	}
}
