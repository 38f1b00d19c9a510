package web

import (
	"encoding/xml"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/feeds"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// Atom feeds of new and changed sheets, the sitemap and robots.txt.

const (
	feedEntries = 50   // entries per feed: the most recently changed
	feedMatches = 1000 // a search feed looks at this many of its matches, in the search's order
)

// sheetTag is the stable id of a sheet's feed entry: a tag URI on the site's host and the
// sheet's numeric id, which survives a change of title or slug.
func (s *Server) sheetTag(id int64) string {
	host := "praktijkbank"
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "tag:" + host + ",2026:praktijk/" + strconv.FormatInt(id, 10)
}

// writeAtom writes the changes as an Atom feed titled title, for the page at selfPath.
func (s *Server) writeAtom(w http.ResponseWriter, r *http.Request, title, pagePath string, changes []store.SheetChange) error {
	_, changed, err := s.store.CatalogState(r.Context())
	if err != nil {
		return err
	}
	f := &feeds.Feed{
		Title:       title,
		Link:        &feeds.Link{Href: s.absolute(pagePath)},
		Description: "Nieuwe en gewijzigde goede praktijken van lokale besturen.",
		Author:      &feeds.Author{Name: s.cfg.Operator},
		Updated:     changed.UTC(),
		Copyright:   s.cfg.LicenceName,
	}
	for _, c := range changes {
		f.Add(&feeds.Item{
			Id:          s.sheetTag(c.ID),
			Title:       c.Title,
			Link:        &feeds.Link{Href: s.absolute(sheetURL(c.Slug))},
			Description: html.EscapeString(c.Intro),
			Created:     c.PublishedAt.UTC(),
			Updated:     c.UpdatedAt.UTC(),
		})
	}
	atom, err := f.ToAtom()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Last-Modified", changed.UTC().Format(http.TimeFormat))
	_, err = w.Write([]byte(atom))
	return err
}

// searchFeed is GET /praktijken.atom: the recently changed sheets among a catalogue search's
// matches (the query string of /praktijken; none for the whole catalogue).
func (s *Server) searchFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := s.parseCatalogState(ctx, r.URL.Query())
	st.page, st.sort = 1, ""
	var ids []int64
	if st.q != "" || st.filtered() {
		q := store.SearchQuery{Text: st.q, Filters: map[catalog.Facet][]int64{}}
		for f, ts := range st.terms {
			for _, t := range ts {
				q.Filters[f] = append(q.Filters[f], t.ID)
			}
		}
		walk := &resultWalker{ctx: ctx, st: s.store, q: q, size: apiMaxLimit, pages: map[int]store.SearchResult{}}
		ids = []int64{}
		for n := 1; n*apiMaxLimit <= feedMatches; n++ {
			res, err := walk.page(n)
			if err != nil {
				return err
			}
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			if len(res.Hits) < apiMaxLimit {
				break
			}
		}
	}
	changes, err := s.store.RecentChanges(ctx, feedEntries, 0, ids)
	if err != nil {
		return err
	}
	title := "Praktijkbank: nieuwe en gewijzigde praktijken"
	if st.q != "" || st.filtered() {
		var parts []string
		if st.q != "" {
			parts = append(parts, "“"+st.q+"”")
		}
		for _, f := range catalog.Facets {
			for _, t := range st.terms[f] {
				parts = append(parts, t.Label)
			}
		}
		title += ": " + strings.Join(parts, ", ")
	}
	return s.writeAtom(w, r, title, st.url(), changes)
}

// municipalityFeed is GET /gemeenten/{slug}/feed.atom: the sheets that run there.
func (s *Server) municipalityFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t, ok := s.vocabOf(ctx).resolve(catalog.FacetMunicipality, chi.URLParam(r, "slug"))
	if !ok {
		return catalog.ErrNotFound
	}
	changes, err := s.store.RecentChanges(ctx, feedEntries, t.ID, nil)
	if err != nil {
		return err
	}
	return s.writeAtom(w, r, "Praktijkbank: praktijken in "+t.Label, paths.Municipality(t.Slug), changes)
}

// sitemapURL is one <url> of the sitemap.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemap is GET /sitemap.xml: the fixed pages, every published sheet and every municipality
// with practices, with the date of their last change.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	_, changed, err := s.store.CatalogState(ctx)
	if err != nil {
		return err
	}
	sheets, err := s.store.AllPublished(ctx)
	if err != nil {
		return err
	}
	munis, err := s.store.MunicipalityChanges(ctx)
	if err != nil {
		return err
	}
	day := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	set := sitemapSet{}
	for _, p := range []string{"/", "/praktijken", "/gemeenten"} {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.absolute(p), LastMod: day(changed)})
	}
	for _, p := range []string{"/over", "/open-data", "/toegankelijkheid", "/privacy"} {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.absolute(p)})
	}
	for _, c := range sheets {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.absolute(sheetURL(c.Slug)), LastMod: day(c.UpdatedAt)})
	}
	for _, m := range munis {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.absolute(paths.Municipality(m.Slug)), LastMod: day(m.UpdatedAt)})
	}
	out, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write([]byte(xml.Header))
	_, err = w.Write(out)
	return err
}

// robots is GET /robots.txt: crawlers get the sitemap and stay out of the editors' area, the
// forms and the filtered combinations of the catalogue (each sheet is in the sitemap).
func (s *Server) robots(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte(`User-agent: *
Disallow: /beheer
Disallow: /aanmelden
Disallow: /indienen
Disallow: /indiening/
Disallow: /uitnodiging/
Disallow: /praktijken?
Disallow: /praktijken.csv
Disallow: /praktijken.atom
Disallow: /*/wijzigen
Disallow: /*/geschiedenis?
Disallow: /api/

Sitemap: ` + s.absolute("/sitemap.xml") + "\n"))
	return err
}
