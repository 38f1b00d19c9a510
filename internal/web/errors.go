package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/a-h/templ"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// pageError is an error that the mapper (handle) shows as a page with its own status, heading
// and message. Handlers and middleware return one instead of writing an error page themselves.
type pageError struct {
	status  int
	title   string // Dutch page title; the heading when empty
	heading string // Dutch
	message string // Dutch, fit for the visitor
	nav     string // the navigation item to mark, if any
}

func (e *pageError) Error() string {
	return fmt.Sprintf("web: %d %s", e.status, e.heading)
}

// The page errors of the site, one per kind of refusal.
var (
	errNotFound = catalog.ErrNotFound
	errMethod   = &pageError{status: http.StatusMethodNotAllowed, heading: "Dat kan hier niet",
		message: "Deze pagina kan niet op die manier worden opgevraagd."}
	errBadRequest = &pageError{status: http.StatusBadRequest, title: "Er ging iets mis", heading: "Het formulier kwam niet goed aan",
		message: "Ga terug in je browser en verstuur het formulier opnieuw."}
	errTooManyPosts = &pageError{status: http.StatusTooManyRequests, heading: "Even geduld",
		message: "Er kwamen de voorbije minuten erg veel formulieren van jouw verbinding. Om misbruik te " +
			"voorkomen, nemen we er even geen meer aan. Wacht tien minuten, ga dan terug in je browser en " +
			"verstuur het formulier opnieuw: wat je typte, staat daar meestal nog."}
	errOwnAccount = &pageError{status: http.StatusForbidden, title: "Geen toegang", heading: "Dat kan niet", nav: "beheer",
		message: "Je kan je eigen account niet verwijderen. Vraag dat aan een andere beheerder."}
)

// errFormTooLarge is the page of a posted form longer than its handler reads.
var errFormTooLarge = &pageError{status: http.StatusRequestEntityTooLarge, heading: "Dit formulier is te lang",
	message: "Wat je verstuurde, is langer dan dit formulier aanneemt. Ga terug in je browser, maak de tekst korter en verstuur het opnieuw."}

// errForbidden is the 403 page with message.
func errForbidden(message string) error {
	return &pageError{status: http.StatusForbidden, heading: "Geen toegang", message: message}
}

// errorPage is the page for err: a pageError as it is, a catalog sentinel by its meaning, and
// anything else a 500 (logged = true).
func errorPage(err error) (p *pageError, logged bool) {
	if errors.As(err, &p) {
		return p, false
	}
	switch {
	case errors.Is(err, errBadForm):
		return errBadRequest, false
	case errors.Is(err, catalog.ErrNotFound):
		return &pageError{status: http.StatusNotFound, heading: "Pagina niet gevonden",
			message: "Deze pagina bestaat niet (meer). Misschien vind je wat je zoekt via de zoekfunctie."}, false
	case errors.Is(err, catalog.ErrForbidden):
		return &pageError{status: http.StatusForbidden, heading: "Geen toegang",
			message: "Je hebt geen toegang tot deze pagina."}, false
	case errors.Is(err, catalog.ErrConflict):
		return &pageError{status: http.StatusConflict, heading: "Dat botst met een andere wijziging",
			message: "Iemand anders wijzigde hetzelfde intussen, of het bestaat al. Laad de pagina opnieuw en probeer het nog eens."}, false
	case errors.Is(err, errUnavailable) || store.Unavailable(err):
		return errDatabaseDown, false
	case store.TimedOut(err): // a statement past the pool's limit: logged, it should not happen
		return errDatabaseDown, true
	}
	return &pageError{status: http.StatusInternalServerError, heading: "Er ging iets mis",
		message: "Deze pagina kon niet worden getoond. Probeer het over enkele ogenblikken opnieuw."}, true
}

// errUnavailable marks a dependency that is down for a moment: a 503 page.
var errUnavailable = errors.New("web: service unavailable")

// errDatabaseDown is the page of a request that needs the database while it does not answer.
var errDatabaseDown = &pageError{status: http.StatusServiceUnavailable, heading: "Even niet beschikbaar",
	message: "De catalogus is even niet bereikbaar. Probeer het over enkele ogenblikken opnieuw; " +
		"wat je in een formulier typte, staat meestal nog in je browser als je teruggaat."}

// retryAfter is the Retry-After of a 503 answer, in seconds.
const retryAfter = "30"

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts h to http.HandlerFunc; with fail it is the only place where errors become
// responses.
func (s *Server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.retryOnPrimary(h, w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}

// retryOnPrimary runs h, and once more with every read on the primary when it failed because
// the read replica that served it went away (store.ReplicaFailed): a replica that stops serves
// no visitor an error page. Only reads are routed to replicas, so nothing was written twice.
func (s *Server) retryOnPrimary(h handlerFunc, w http.ResponseWriter, r *http.Request) error {
	err := h(w, r)
	if err != nil && s.store.ReplicaFailed(r.Context(), err) {
		err = h(w, r.WithContext(store.ReadFromPrimary(r.Context())))
	}
	return err
}

// fail writes the error page for err (see errorPage); middleware that refuses a request calls
// it. An unexpected error is logged here, a cancelled request gets no answer. A request to
// the API gets its JSON error instead of a page (apiFail).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.apiFail(w, r, err)
		return
	}
	if errors.Is(err, context.Canceled) {
		return
	}
	p, unexpected := errorPage(err)
	if store.Unavailable(err) {
		s.databaseDown(err) // logged once per outage, not per request
	}
	if p.status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	if unexpected {
		s.log.Error("request failed", "method", r.Method, "path", redactPath(r.URL.Path), "err", err)
	}
	title := p.title
	if title == "" {
		title = p.heading
	}
	page := s.page(title, "", "", true)
	page.Nav = p.nav
	s.writeHTML(w, r, p.status, templates.Error(templates.ErrorProps{
		Page:    page,
		Status:  p.status,
		Heading: p.heading,
		Message: p.message,
	}))
}

// failWith is fail for a fixed error, as an http.HandlerFunc (not found, method not allowed,
// rate limited).
func (s *Server) failWith(err error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, err) }
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
	p := templates.Page{Title: title, Description: description, NoIndex: noindex, CSS: s.css, JS: s.js, Icon: s.icon}
	if canonicalPath != "" {
		p.Canonical = s.absolute(canonicalPath)
	}
	return p
}
