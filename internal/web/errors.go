package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/a-h/templ"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/templates"
)

var (
	errNotFound = catalog.ErrNotFound
	errMethod   = errors.New("method not allowed")
)

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts h to http.HandlerFunc; it is the only place where errors become responses.
func (s *Server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status, heading, msg := http.StatusInternalServerError, "Er ging iets mis",
			"Deze pagina kon niet worden getoond. Probeer het over enkele ogenblikken opnieuw."
		switch {
		case errors.Is(err, catalog.ErrNotFound):
			status, heading, msg = http.StatusNotFound, "Pagina niet gevonden",
				"Deze pagina bestaat niet (meer). Misschien vind je wat je zoekt via de zoekfunctie."
		case errors.Is(err, catalog.ErrForbidden):
			status, heading, msg = http.StatusForbidden, "Geen toegang",
				"Je hebt geen toegang tot deze pagina."
		case errors.Is(err, errMethod):
			status, heading, msg = http.StatusMethodNotAllowed, "Dat kan hier niet",
				"Deze pagina kan niet op die manier worden opgevraagd."
		case errors.Is(err, context.Canceled):
			return
		default:
			s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		page := templates.Error(templates.ErrorProps{
			Page:    s.page(heading, "", "", true),
			Status:  status,
			Heading: heading,
			Message: msg,
		})
		s.writeHTML(w, r, status, page)
	}
}

// render writes component c with status 200; a failed render is still a clean error page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, c templ.Component) error {
	return renderBuffered(w, r, http.StatusOK, c, false)
}

// renderPrivate writes component c with status for a page that no cache may keep (signed-in
// and form pages); a failed render is still a clean error page.
func (s *Server) renderPrivate(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	return renderBuffered(w, r, status, c, true)
}

// renderBuffered renders c into a buffer first, so that nothing is written when it fails.
func renderBuffered(w http.ResponseWriter, r *http.Request, status int, c templ.Component, noStore bool) error {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 { // a rare huge page does not stay around
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := c.Render(r.Context(), buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if noStore {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// renderBuffers are reused between pages: growing a fresh buffer to a page's size costs
// more than rendering some pages.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeHTML renders c with status; used for error pages, which must not fail again.
func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, http.StatusText(status), status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// page fills the layout props shared by every page.
func (s *Server) page(title, description, canonicalPath string, noindex bool) templates.Page {
	p := templates.Page{Title: title, Description: description, NoIndex: noindex, CSS: s.css, JS: s.js}
	if canonicalPath != "" {
		p.Canonical = s.absolute(canonicalPath)
	}
	return p
}
