package e2e

import (
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// checkedPage is one page type of the site, by one URL, that must pass the
// accessibility check (axe-core, WCAG 2.1 A and AA), the HTML checks (the Nu
// Html Checker and html-validate) and the mobile layout check.
type checkedPage struct {
	Name   string // in messages
	Path   string // path and query on the site
	Status int    // the HTTP status it must answer with
	// Form, when not nil, is POSTed to Path (an answer with errors, say)
	// instead of a GET.
	Form url.Values
	// Admin pages are requested with the session of an admin.
	Admin bool
}

// fixedPages are the page types that have a fixed URL on the seeded site.
// The page types that need objects of their own (submissions, a signed-in
// admin) are in signedInPages.
var fixedPages = []checkedPage{
	{Name: "home", Path: "/", Status: http.StatusOK},
	{Name: "catalogue", Path: "/praktijken", Status: http.StatusOK},
	{Name: "catalogue searched and filtered", Path: "/praktijken?q=kinderopvang&gemeente=genk", Status: http.StatusOK},
	{Name: "catalogue without results", Path: "/praktijken?q=zzqxj", Status: http.StatusOK},
	{Name: "municipalities", Path: "/gemeenten", Status: http.StatusOK},
	{Name: "municipality Genk", Path: "/gemeenten/genk", Status: http.StatusOK},
	{Name: "not found", Path: "/deze-pagina-bestaat-niet", Status: http.StatusNotFound},
	{Name: "accessibility statement", Path: "/toegankelijkheid", Status: http.StatusOK},
	{Name: "privacy notice", Path: "/privacy", Status: http.StatusOK},
	{Name: "about", Path: "/over", Status: http.StatusOK},
	{Name: "contact form", Path: "/contact", Status: http.StatusOK},
	{Name: "open data", Path: "/open-data", Status: http.StatusOK},
	{Name: "sheet opened from a search", Path: "/praktijken/hefboom-in-partnerschap?terug=" + url.QueryEscape("/praktijken?q=kinderopvang&gemeente=genk"), Status: http.StatusOK},
}

// checkedPages is every page type to check on the site: the fixed ones, the
// sheet of each seed (their slugs are read from the catalogue), and those of
// submitters and editors (see signedInPages). It also returns the session
// token of the admin for the Admin pages.
func checkedPages(t *testing.T, s *site) ([]checkedPage, string) {
	t.Helper()
	pages := append([]checkedPage(nil), fixedPages...)
	sheets := s.sheetPaths(t)
	if len(sheets) < seedCount {
		t.Errorf("the catalogue links %d sheets, want at least the %d seeds: %v", len(sheets), seedCount, sheets)
	}
	for _, p := range sheets {
		pages = append(pages, checkedPage{Name: "sheet " + strings.TrimPrefix(p, "/praktijken/"), Path: p, Status: http.StatusOK})
	}
	if len(sheets) > 0 {
		report := sheets[0] + "/probleem"
		pages = append(pages,
			checkedPage{Name: "problem report form", Path: report, Status: http.StatusOK},
			checkedPage{Name: "problem report with errors", Path: report, Status: http.StatusUnprocessableEntity,
				Form: url.Values{"melding": {""}, "email": {"geen adres"}}},
			checkedPage{Name: "problem report sent", Path: report + "?verstuurd=1", Status: http.StatusOK},
			checkedPage{Name: "contact correction form", Path: sheets[0] + "/contact", Status: http.StatusOK},
			checkedPage{Name: "contact correction with errors", Path: sheets[0] + "/contact", Status: http.StatusUnprocessableEntity,
				Form: url.Values{"reden": {""}, "email": {"geen adres"}}})
	}
	more, token := s.signedInPages(t)
	return append(pages, more...), token
}

// open loads the page p in the tab, with the admin's session for an Admin
// page, and checks its status (which a POST does not tell the tab).
func (b *tab) open(s *site, p checkedPage, token string) {
	b.t.Helper()
	if p.Admin {
		b.setSession(s, token)
	}
	if p.Form != nil {
		if !strings.HasPrefix(b.location(), s.URL) {
			b.navigate(s.URL + "/")
		}
		b.postForm(p.Path, p.Form)
		// The form is sent to show its errors: the page must show them.
		if !b.has("a field marked invalid", `document.querySelector('[aria-invalid="true"]')`) {
			b.t.Fatalf("POST %s: the answer marks no field invalid; at %s", p.Path, b.location())
		}
		return
	}
	if status := b.navigate(s.URL + p.Path); int(status) != p.Status {
		b.t.Errorf("GET %s: status %d, want %d", p.Path, status, p.Status)
	}
	// A page for admins that sends the tab to /aanmelden is not the page.
	if want, _, _ := strings.Cut(p.Path, "?"); b.url().Path != want {
		b.t.Fatalf("GET %s: the tab is at %s", p.Path, b.location())
	}
}

// fetchPage requests the page p with fetch, or posts its form, as the admin
// for an Admin page.
func (s *site) fetchPage(t testing.TB, p checkedPage, token string) (int, http.Header, []byte) {
	t.Helper()
	if !p.Admin {
		token = ""
	}
	if p.Form != nil {
		return s.request(t, http.MethodPost, p.Path, p.Form, token)
	}
	return s.request(t, http.MethodGet, p.Path, nil, token)
}

func TestAccessibility(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	pages, token := checkedPages(t, s)
	for _, p := range pages {
		t.Run(p.Name, func(t *testing.T) {
			b := browser(t)
			b.open(s, p, token)
			b.assertAxeClean(p.Name + " (" + p.Path + ")")
		})
	}
}

func TestValidHTML(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	var docs []htmlDoc
	pages, token := checkedPages(t, s)
	for _, p := range pages {
		status, header, body := s.fetchPage(t, p, token)
		if status != p.Status {
			t.Errorf("GET %s: status %d, want %d", p.Path, status, p.Status)
		}
		if mt, _, err := mime.ParseMediaType(header.Get("Content-Type")); err != nil || mt != "text/html" {
			t.Errorf("GET %s: Content-Type %q, want text/html", p.Path, header.Get("Content-Type"))
			continue
		}
		if p.Form != nil && !strings.Contains(string(body), `aria-invalid="true"`) {
			t.Errorf("POST %s: the answer marks no field invalid", p.Path)
		}
		docs = append(docs, htmlDoc{Name: p.Name, URL: p.Path, HTML: body})
	}
	assertNuValid(t, docs)
	assertValidHTML(t, docs)
}

// mobileWidth and mobileHeight are the viewport of a common phone, in CSS
// pixels.
const mobileWidth, mobileHeight = 390, 844

func TestMobileLayout(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	b.setViewport(mobileWidth, mobileHeight, true)
	shots := map[string]string{"/": "mobile-home", "/praktijken": "mobile-catalogue"}
	pages, token := checkedPages(t, s)
	for _, p := range pages {
		b.open(s, p, token)
		o := b.horizontalOverflow()
		if o.Viewport != mobileWidth {
			t.Errorf("%s (%s): the layout viewport is %d px wide on a %d px phone (is <meta name=viewport content=\"width=device-width\"> missing?)",
				p.Name, p.Path, o.Viewport, mobileWidth)
		}
		if o.Over > 0 {
			t.Errorf("%s (%s): the page is %d px wide on a %d px phone, it scrolls sideways; sticking out: %s",
				p.Name, p.Path, o.ScrollWidth, o.Viewport, strings.Join(o.Culprits, ", "))
		}
		if name, ok := shots[p.Path]; ok {
			b.screenshot(name)
		}
	}
}
