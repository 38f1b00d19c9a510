package e2e

import (
	"mime"
	"net/http"
	"strings"
	"testing"
)

// checkedPage is one page type of the site, by one URL, that must pass the
// accessibility check (axe-core, WCAG 2.1 A and AA), the HTML check
// (html-validate) and the mobile layout check.
type checkedPage struct {
	Name   string // in messages
	Path   string // path and query on the site
	Status int    // the HTTP status it must answer with
}

// fixedPages are the page types that have a fixed URL on the seeded site.
// Add new page types here: the submission form (/indienen), the sign-in page
// (/aanmelden), the editors' pages (/beheer/...; those will need a signed-in
// session in the browser and in fetch first).
var fixedPages = []checkedPage{
	{"home", "/", http.StatusOK},
	{"catalogue", "/praktijken", http.StatusOK},
	{"catalogue searched and filtered", "/praktijken?q=kinderopvang&gemeente=genk", http.StatusOK},
	{"catalogue without results", "/praktijken?q=zzqxj", http.StatusOK},
	{"municipalities", "/gemeenten", http.StatusOK},
	{"municipality Genk", "/gemeenten/genk", http.StatusOK},
	{"not found", "/deze-pagina-bestaat-niet", http.StatusNotFound},
}

// checkedPages is every page type to check on the site: the fixed ones, and
// the sheet of each seed (their slugs are read from the catalogue).
func checkedPages(t *testing.T, s *site) []checkedPage {
	t.Helper()
	pages := append([]checkedPage(nil), fixedPages...)
	sheets := s.sheetPaths(t)
	if len(sheets) < seedCount {
		t.Errorf("the catalogue links %d sheets, want at least the %d seeds: %v", len(sheets), seedCount, sheets)
	}
	for _, p := range sheets {
		pages = append(pages, checkedPage{"sheet " + strings.TrimPrefix(p, "/praktijken/"), p, http.StatusOK})
	}
	return pages
}

func TestAccessibility(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	for _, p := range checkedPages(t, s) {
		t.Run(p.Name, func(t *testing.T) {
			b := browser(t)
			if status := b.navigate(s.URL + p.Path); int(status) != p.Status {
				t.Errorf("GET %s: status %d, want %d", p.Path, status, p.Status)
			}
			b.assertAxeClean(p.Name + " (" + p.Path + ")")
		})
	}
}

func TestValidHTML(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	var docs []htmlDoc
	for _, p := range checkedPages(t, s) {
		status, header, body := s.fetch(t, p.Path)
		if status != p.Status {
			t.Errorf("GET %s: status %d, want %d", p.Path, status, p.Status)
		}
		if mt, _, err := mime.ParseMediaType(header.Get("Content-Type")); err != nil || mt != "text/html" {
			t.Errorf("GET %s: Content-Type %q, want text/html", p.Path, header.Get("Content-Type"))
			continue
		}
		docs = append(docs, htmlDoc{Name: p.Name, URL: p.Path, HTML: body})
	}
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
	for _, p := range checkedPages(t, s) {
		b.navigate(s.URL + p.Path)
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
