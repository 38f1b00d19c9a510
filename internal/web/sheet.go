package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/richtext"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

func (s *Server) showSheet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sh, err := s.store.SheetBySlug(ctx, chi.URLParam(r, "slug"))
	var moved *store.MovedError
	if errors.As(err, &moved) {
		http.Redirect(w, r, sheetURL(moved.Slug), http.StatusMovedPermanently)
		return nil
	}
	if err != nil {
		return err
	}
	if sh.Status != catalog.StatusPublished {
		return catalog.ErrNotFound
	}
	related, err := s.store.Related(ctx, sh.ID, 4)
	if err != nil {
		return err
	}
	desc := sh.Intro
	if desc == "" {
		desc = richtext.Excerpt(sh.Description, 160)
	}
	p := templates.SheetProps{
		Page:    s.page(sh.Title, desc, sheetURL(sh.Slug), false),
		View:    s.sheetView(ctx, sh, templates.SheetPublic, nil),
		Related: summaryViews(related),
	}
	p.Page.Nav = "praktijken"
	p.BackURL = s.backToResults(ctx, r.URL.Query().Get(backParam))
	p.View.Published, p.View.Edited = sh.PublishedAt, sh.EditedAt
	p.View.Today = today()
	if sh.Image != nil && sh.Image.Consent {
		ok, err := s.store.HasPublicImage(ctx, sh.ID)
		if err != nil {
			return err
		}
		if ok {
			p.View.ImageURL = sheetURL(sh.Slug) + "/foto"
		}
	}
	if err := s.addSheetMeta(ctx, &p.Page, sh, p.View.ImageURL); err != nil {
		return err
	}
	return s.render(w, r, templates.SheetPage(p))
}

// backParam is the parameter of a sheet's address that carries the catalogue search its
// reader came from: a result links to /praktijken/{slug}?terug=%2Fpraktijken%3Fq%3Dopvang.
const backParam = "terug"

// resultURL is the address of a result of the catalogue search st: the sheet's, carrying the
// search when there is one to go back to.
func resultURL(slug string, st catalogState) string {
	search := st.url()
	if search == "/praktijken" {
		return sheetURL(slug)
	}
	return sheetURL(slug) + "?" + backParam + "=" + url.QueryEscape(search)
}

// backToResults reads the search a sheet's reader came from, as resultURL wrote it, and
// returns the catalogue address that shows it again, or "" when back is not a search of this
// site's catalogue. The address is written anew from the search it names (never the value as
// given), so it can only lead to /praktijken.
func (s *Server) backToResults(ctx context.Context, back string) string {
	if back == "" || len(back) > 2000 || strings.ContainsAny(back, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(back)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || u.Path != "/praktijken" || u.RawQuery == "" {
		return ""
	}
	v, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return ""
	}
	search := s.parseCatalogState(ctx, v).url()
	if search == "/praktijken" {
		return ""
	}
	return search
}

// showSheetImage serves the picture of a published sheet when it may be shown; with
// ?formaat=klein its thumbnail.
func (s *Server) showSheetImage(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.store.SheetBySlug(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		return err
	}
	img, err := s.store.PublicSheetImage(r.Context(), sh.ID, r.URL.Query().Get("formaat") == "klein")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", img.ContentType)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(img.Data)
	return err
}

// today is the current day in Brussels, printed on a sheet as its print date. Cached pages
// are kept for one day at most (see pageCache), so it is never a day old.
func today() time.Time { return time.Now().In(templates.Brussels) }
