package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/diff"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// The public history of a sheet: its revisions (number, date, note; who published them for
// signed-in editors only),
// each readable as it was, and the comparison of two. Only published sheets have a public
// history; a former slug redirects like the sheet itself.

func historyURL(slug string) string { return paths.History(slug) }

func revisionURL(slug string, n int) string { return paths.Revision(slug, n) }

func compareURL(slug string, from, to int) string {
	return paths.Compare(slug, from, to)
}

// publishedSheet finds the published sheet of the route's slug; for a former slug it
// redirects to the same page under the current one (suffix after the slug) and returns ok
// false.
func (s *Server) publishedSheet(w http.ResponseWriter, r *http.Request, suffix func(slug string) string) (catalog.Sheet, bool, error) {
	sh, err := s.store.SheetBySlug(r.Context(), chi.URLParam(r, "slug"))
	var moved *store.MovedError
	if errors.As(err, &moved) {
		target := suffix(moved.Slug)
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return sh, false, nil
	}
	if err != nil {
		return sh, false, err
	}
	if sh.Status != catalog.StatusPublished {
		return sh, false, catalog.ErrNotFound
	}
	return sh, true, nil
}

// showHistory is /praktijken/{slug}/geschiedenis, with ?van=&naar= the comparison of two
// revisions.
func (s *Server) showHistory(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sh, ok, err := s.publishedSheet(w, r, historyURL)
	if !ok {
		return err
	}
	revs, err := s.store.Revisions(ctx, sh.ID)
	if err != nil {
		return err
	}
	p := templates.HistoryProps{
		Page:     s.page("Geschiedenis van "+sh.Title, "Alle versies van de praktijkfiche “"+sh.Title+"”.", historyURL(sh.Slug), false),
		Title:    sh.Title,
		SheetURL: sheetURL(sh.Slug),
	}
	p.Page.Nav = "praktijken"
	// A signed-in editor also sees who published each version (the page is then not cached,
	// see cache.go); the public never does.
	var editors map[int]string
	if _, signedIn := userFrom(ctx); signedIn {
		if editors, err = s.store.RevisionEditors(ctx, sh.ID); err != nil {
			return err
		}
		p.ShowEditors = true
	}
	for _, rv := range revs {
		row := templates.RevisionRow{
			Number: rv.Number, URL: revisionURL(sh.Slug, rv.Number), Date: rv.CreatedAt, Note: rv.Note,
			Current: rv.Number == sh.Revision, Editor: editors[rv.Number],
		}
		if rv.Number > 1 {
			row.CompareURL = compareURL(sh.Slug, rv.Number-1, rv.Number)
		}
		p.Revisions = append(p.Revisions, row)
		p.Options = append([]int{rv.Number}, p.Options...)
	}
	if len(revs) > 1 {
		p.From, p.To = revs[1].Number, revs[0].Number
	}
	q := r.URL.Query()
	if q.Has("van") || q.Has("naar") {
		from, err1 := strconv.Atoi(q.Get("van"))
		to, err2 := strconv.Atoi(q.Get("naar"))
		if err1 != nil || err2 != nil || from < 1 || to < 1 {
			return catalog.ErrNotFound
		}
		a, infoA, err := s.store.Revision(ctx, sh.ID, from)
		if err != nil {
			return err
		}
		b, infoB, err := s.store.Revision(ctx, sh.ID, to)
		if err != nil {
			return err
		}
		p.From, p.To, p.Compared = from, to, true
		p.Fields = diff.Sheets(a, b)
		p.FromDate, p.ToDate = infoA.CreatedAt, infoB.CreatedAt
		// A comparison is one of many views of the same history: not a page of its own for
		// search engines.
		p.Page.NoIndex = true
		p.Page.Title = "Versie " + strconv.Itoa(from) + " en " + strconv.Itoa(to) + " van " + sh.Title
	}
	return s.render(w, r, templates.History(p))
}

// showRevision is /praktijken/{slug}/versies/{n}: revision n as it was published.
func (s *Server) showRevision(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || n < 1 {
		return catalog.ErrNotFound
	}
	sh, ok, err := s.publishedSheet(w, r, func(slug string) string { return revisionURL(slug, n) })
	if !ok {
		return err
	}
	old, info, err := s.store.Revision(ctx, sh.ID, n)
	if err != nil {
		return err
	}
	p := templates.RevisionProps{
		Page:       s.page("Versie "+strconv.Itoa(n)+" van "+old.Title, "", sheetURL(sh.Slug), true),
		Number:     n,
		Latest:     sh.Revision,
		Date:       info.CreatedAt,
		Note:       info.Note,
		SheetURL:   sheetURL(sh.Slug),
		HistoryURL: historyURL(sh.Slug),
		Preview:    s.sheetView(ctx, old, templates.SheetRevision, nil),
	}
	p.Page.Nav = "praktijken"
	if n > 1 {
		p.CompareURL = compareURL(sh.Slug, n-1, n)
	}
	return s.render(w, r, templates.Revision(p))
}
