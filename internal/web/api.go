package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// The open-data API under /api/v1: read-only, anonymous, JSON. Its contract is the OpenAPI
// document openapi.json (served at /api/v1/openapi.json); the tests validate real responses
// against it.

// Page sizes of the API's search ("limiet").
const (
	apiDefaultLimit = 20
	apiMaxLimit     = 100
)

// apiSearchParams are the parameters the search accepts: the catalogue's (q, the five facets,
// sorteer) and the page's size and cursor. Any other parameter is an error.
var apiSearchParams = map[string]bool{"q": true, "sorteer": true, "limiet": true, "cursor": true}

func init() {
	for _, f := range catalog.Facets {
		apiSearchParams[string(f)] = true
	}
}

// apiError is an error of the API with its status and a message in Dutch and English.
type apiError struct {
	Status int
	Code   string // machine-readable: bad_parameter, unknown_parameter, not_found, ...
	NL, EN string
}

func (e *apiError) Error() string { return e.Code + ": " + e.EN }

func badParam(code, nl, en string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: code, NL: nl, EN: en}
}

// apiCORS opens the API to scripts on any origin, for reading.
var apiCORS = cors.Handler(cors.Options{
	AllowedOrigins: []string{"*"},
	AllowedMethods: []string{http.MethodGet, http.MethodHead},
	AllowedHeaders: []string{"If-None-Match", "If-Modified-Since"},
	ExposedHeaders: []string{"Link", "ETag", "Last-Modified"},
	MaxAge:         86400,
})

// api adapts an API handler: its error is answered by apiFail, the one place where the API's
// errors become responses.
func (s *Server) api(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.retryOnPrimary(h, w, r); err != nil {
			s.apiFail(w, r, err)
		}
	}
}

// isAPI reports whether r is a request to the JSON API, whose errors are JSON (apiFail).
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// apiErrorOf is the API's answer to err: an apiError as it is, a page error by its status
// (the refusals of the middleware: too large, too many requests, ...), the database away a
// 503, anything else a 500 (logged = true).
func apiErrorOf(err error) (ae *apiError, logged bool) {
	var pe *pageError
	switch {
	case errors.As(err, &ae):
		return ae, false
	case errors.Is(err, catalog.ErrNotFound):
		return &apiError{Status: http.StatusNotFound, Code: "not_found",
			NL: "Dit adres bestaat niet (meer) in de API.", EN: "This address does not exist (any more) in the API."}, false
	case errors.Is(err, errMethod):
		return &apiError{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			NL: "De API kan alleen gelezen worden (GET).", EN: "The API is read-only (GET)."}, false
	case errors.Is(err, errUnavailable) || store.Unavailable(err):
		return errAPIUnavailable, false
	case store.TimedOut(err): // a statement past the pool's limit: logged, it should not happen
		return errAPIUnavailable, true
	case errors.As(err, &pe) && pe.status < http.StatusInternalServerError:
		return &apiError{Status: pe.status, Code: apiErrorCodes[pe.status], NL: pe.heading + ". " + pe.message,
			EN: http.StatusText(pe.status) + "."}, false
	}
	return &apiError{Status: http.StatusInternalServerError, Code: "internal_error",
		NL: "Er ging iets mis. Probeer het over enkele ogenblikken opnieuw.", EN: "Something went wrong. Try again in a moment."}, true
}

// errAPIUnavailable answers a request that needs the database while it does not answer.
var errAPIUnavailable = &apiError{Status: http.StatusServiceUnavailable, Code: "unavailable",
	NL: "De catalogus is even niet bereikbaar. Probeer het opnieuw na het aantal seconden in Retry-After.",
	EN: "The catalogue is unavailable for a moment. Try again after the number of seconds in Retry-After."}

// apiErrorCodes are the codes of the client errors that the middleware refuses with a page error.
var apiErrorCodes = map[int]string{
	http.StatusBadRequest:            "bad_request",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "not_found",
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusConflict:              "conflict",
	http.StatusRequestEntityTooLarge: "too_large",
	http.StatusTooManyRequests:       "too_many_requests",
}

// apiFail writes the API's JSON error for err (apiErrorOf); fail sends the API's errors here,
// so that a request under /api gets JSON whichever handler or middleware refused it. A 503
// carries Retry-After; an outage of the database is logged once (databaseDown), an unexpected
// error here.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	ae, unexpected := apiErrorOf(err)
	if store.Unavailable(err) {
		s.databaseDown(err)
	}
	if unexpected {
		s.log.Error("api request failed", "method", r.Method, "path", redactPath(r.URL.Path), "err", err)
	}
	if ae.Code == "" {
		ae.Code = "bad_request"
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if ae.Status == http.StatusServiceUnavailable {
		h.Set("Retry-After", retryAfter)
	}
	writeJSON(w, ae.Status, apiErrorBody{Error: apiErrorDetail{Status: ae.Status, Code: ae.Code,
		Message: apiMessage{NL: ae.NL, EN: ae.EN}}})
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.api(func(http.ResponseWriter, *http.Request) error { return catalog.ErrNotFound })(w, r)
}

func (s *Server) apiMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.api(func(http.ResponseWriter, *http.Request) error { return errMethod })(w, r)
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":{"status":500,"code":"internal_error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// apiOK writes a successful API response, dated by the catalogue's last change. A client
// that has it already (If-Modified-Since) gets 304; the page cache adds an ETag of the
// catalogue version and answers If-None-Match.
func (s *Server) apiOK(w http.ResponseWriter, r *http.Request, v any) error {
	_, changed, err := s.store.CatalogState(r.Context())
	if err != nil {
		return err
	}
	changed = changed.Truncate(time.Second)
	w.Header().Set("Last-Modified", changed.UTC().Format(http.TimeFormat))
	if r.Header.Get("If-None-Match") == "" {
		if since, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !changed.After(since) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// onlyParams rejects parameters not in allowed, and repeats of the single-valued ones.
func onlyParams(v url.Values, allowed map[string]bool) error {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if !allowed[k] {
			return badParam("unknown_parameter",
				fmt.Sprintf("Onbekende parameter %q. Zie /api/v1/openapi.json voor de parameters.", k),
				fmt.Sprintf("Unknown parameter %q. See /api/v1/openapi.json for the parameters.", k))
		}
		if len(v[k]) > 1 && !catalog.Facet(k).Valid() {
			return badParam("repeated_parameter",
				fmt.Sprintf("De parameter %q mag maar één keer voorkomen.", k),
				fmt.Sprintf("The parameter %q may occur only once.", k))
		}
	}
	return nil
}

// apiQuery is a parsed API search: the catalogue state plus page size and cursor.
type apiQuery struct {
	state  catalogState
	limit  int
	cursor apiCursor
}

// parseAPIQuery reads a search's parameters strictly: unknown parameters, terms and values
// are errors, not ignored as the catalogue page ignores them.
func (s *Server) parseAPIQuery(ctx context.Context, v url.Values) (apiQuery, error) {
	q := apiQuery{state: catalogState{terms: map[catalog.Facet][]catalog.Term{}, page: 1}, limit: apiDefaultLimit}
	if err := onlyParams(v, apiSearchParams); err != nil {
		return q, err
	}
	q.state.q = strings.Join(strings.Fields(v.Get("q")), " ")
	if n := utf8.RuneCountInString(q.state.q); n > maxQueryRunes {
		return q, badParam("bad_parameter",
			fmt.Sprintf("De zoektekst is %d tekens lang; hoogstens %d mag.", n, maxQueryRunes),
			fmt.Sprintf("The search text is %d characters long; at most %d are allowed.", n, maxQueryRunes))
	}
	for _, f := range catalog.Facets {
		seen := map[int64]bool{}
		for _, slug := range v[string(f)] {
			t, ok := s.vocabOf(ctx).resolve(f, strings.TrimSpace(slug))
			if !ok {
				return q, badParam("unknown_term",
					fmt.Sprintf("%q is geen term van %s. Zie /api/v1/vocabularia.", slug, f),
					fmt.Sprintf("%q is not a term of %s. See /api/v1/vocabularia.", slug, f))
			}
			if !seen[t.ID] {
				seen[t.ID] = true
				q.state.terms[f] = append(q.state.terms[f], t)
			}
		}
	}
	if sort, ok := v["sorteer"]; ok {
		known := ""
		for _, o := range sortWords {
			if o.word == sort[0] {
				known = o.sort
			}
		}
		if known == "" {
			return q, badParam("bad_parameter",
				fmt.Sprintf("sorteer is %q; kies relevantie, nieuwste of titel.", sort[0]),
				fmt.Sprintf("sorteer is %q; choose relevantie, nieuwste or titel.", sort[0]))
		}
		q.state.sort = known
	}
	if l, ok := v["limiet"]; ok {
		n, err := strconv.Atoi(l[0])
		if err != nil || n < 1 || n > apiMaxLimit {
			return q, badParam("bad_parameter",
				fmt.Sprintf("limiet is %q; geef een getal van 1 tot %d.", l[0], apiMaxLimit),
				fmt.Sprintf("limiet is %q; give a number from 1 to %d.", l[0], apiMaxLimit))
		}
		q.limit = n
	}
	if c, ok := v["cursor"]; ok {
		cur, err := parseCursor(c[0])
		if err != nil {
			return q, badParam("bad_cursor",
				"De cursor is ongeldig. Gebruik de links uit de Link-header of het veld links.",
				"The cursor is invalid. Use the links of the Link header or of the links field.")
		}
		q.cursor = cur
	}
	return q, nil
}

// apiCursor is a place in a search's results, as the next or previous link gives it. It
// anchors at a sheet rather than a number: "after sheet 812, which was result 40". When
// sheets are published or withdrawn during a walk, the anchor is looked up around where it
// was, so no sheet is given twice or skipped because the others moved.
type apiCursor struct {
	set    bool
	before bool  // prev: the page ends before the anchor; next: it starts after it
	pos    int   // where the page started (next) or ended (prev) when the cursor was made
	anchor int64 // the sheet next to that place
}

func (c apiCursor) String() string {
	dir := "n"
	if c.before {
		dir = "p"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(dir + "." + strconv.Itoa(c.pos) + "." + strconv.FormatInt(c.anchor, 10)))
}

func parseCursor(s string) (apiCursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return apiCursor{}, err
	}
	parts := strings.Split(string(b), ".")
	if len(parts) != 3 || (parts[0] != "n" && parts[0] != "p") {
		return apiCursor{}, errors.New("malformed cursor")
	}
	pos, err1 := strconv.Atoi(parts[1])
	anchor, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || pos < 0 || pos > 1_000_000 || anchor <= 0 {
		return apiCursor{}, errors.New("malformed cursor")
	}
	return apiCursor{set: true, before: parts[0] == "p", pos: pos, anchor: anchor}, nil
}

// resultWalker reads a search's results by position through the store's search, one page
// of the walk's size at a time, each page read at most once.
type resultWalker struct {
	ctx   context.Context
	st    *store.Store
	q     store.SearchQuery
	size  int
	pages map[int]store.SearchResult
	last  store.SearchResult // the result read most recently: its total and counts are current
}

func (w *resultWalker) page(n int) (store.SearchResult, error) {
	if res, ok := w.pages[n]; ok {
		return res, nil
	}
	q := w.q
	q.Page, q.PageSize = n, w.size
	res, err := w.st.Search(w.ctx, q)
	if err != nil {
		return res, err
	}
	w.pages[n], w.last = res, res
	return res, nil
}

// at returns result i (0-based); ok is false past the end.
func (w *resultWalker) at(i int) (store.SearchHit, bool, error) {
	if i < 0 {
		return store.SearchHit{}, false, nil
	}
	res, err := w.page(i/w.size + 1)
	if err != nil || i%w.size >= len(res.Hits) {
		return store.SearchHit{}, false, err
	}
	return res.Hits[i%w.size], true, nil
}

// find returns the position of sheet id, looked for at near first and then up to a page
// either side; ok is false when it is not there.
func (w *resultWalker) find(id int64, near int) (int, bool, error) {
	for d := 0; d <= w.size; d++ {
		for _, i := range []int{near - d, near + d} {
			h, ok, err := w.at(i)
			if err != nil {
				return 0, false, err
			}
			if ok && h.ID == id {
				return i, true, nil
			}
			if d == 0 {
				break
			}
		}
	}
	return 0, false, nil
}

// window returns the results of the page the cursor asks for and the position of its first.
func (w *resultWalker) window(c apiCursor) ([]store.SearchHit, int, error) {
	start := 0
	switch {
	case !c.set:
	case c.before:
		end := c.pos
		if i, ok, err := w.find(c.anchor, c.pos); err != nil {
			return nil, 0, err
		} else if ok {
			end = i
		}
		start = max(end-w.size, 0)
		if end < w.size { // the first page: as the first link gives it
			end = w.size
		}
		return w.span(start, end)
	default:
		start = c.pos
		if i, ok, err := w.find(c.anchor, c.pos-1); err != nil {
			return nil, 0, err
		} else if ok {
			start = i + 1
		}
	}
	return w.span(start, start+w.size)
}

func (w *resultWalker) span(from, to int) ([]store.SearchHit, int, error) {
	var hits []store.SearchHit
	for i := from; i < to; i++ {
		h, ok, err := w.at(i)
		if err != nil {
			return nil, 0, err
		}
		if !ok {
			break
		}
		hits = append(hits, h)
	}
	if w.last.Counts == nil { // nothing read (an empty catalogue): read the first page for the counts
		if _, err := w.page(1); err != nil {
			return nil, 0, err
		}
	}
	return hits, from, nil
}

// apiSearch is GET /api/v1/praktijken: the catalogue's search with its facet counts, a page
// at a time with cursor links.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q, err := s.parseAPIQuery(ctx, r.URL.Query())
	if err != nil {
		return err
	}
	sq := store.SearchQuery{Text: q.state.q, Filters: map[catalog.Facet][]int64{}, Sort: q.state.sort}
	for f, ts := range q.state.terms {
		for _, t := range ts {
			sq.Filters[f] = append(sq.Filters[f], t.ID)
		}
	}
	walk := &resultWalker{ctx: ctx, st: s.store, q: sq, size: q.limit, pages: map[int]store.SearchResult{}}
	hits, start, err := walk.window(q.cursor)
	if err != nil {
		return err
	}
	res := walk.last

	out := apiSearchResult{Total: res.Total, Limit: q.limit, Items: make([]apiSheetSummary, 0, len(hits)),
		Facets: s.apiFacets(ctx, q.state, res)}
	for _, h := range hits {
		out.Items = append(out.Items, s.apiSummary(h))
	}
	out.Query = apiQueryEcho{Q: q.state.q, Sort: sortWord(cmpOr(q.state.sort, q.state.defaultSort())), Filters: map[string][]string{}}
	for _, f := range catalog.Facets {
		for _, t := range q.state.terms[f] {
			out.Query.Filters[string(f)] = append(out.Query.Filters[string(f)], t.Slug)
		}
	}
	link := func(c apiCursor) string { return s.absolute(q.searchPath(c)) }
	out.Links.Self = s.absolute(q.searchPath(q.cursor))
	out.Links.First = link(apiCursor{})
	var header []string
	if len(hits) > 0 && start+len(hits) < res.Total {
		out.Links.Next = link(apiCursor{set: true, pos: start + len(hits), anchor: hits[len(hits)-1].ID})
		header = append(header, "<"+out.Links.Next+`>; rel="next"`)
	}
	if len(hits) > 0 && start > 0 {
		out.Links.Prev = link(apiCursor{set: true, before: true, pos: start, anchor: hits[0].ID})
		header = append(header, "<"+out.Links.Prev+`>; rel="prev"`)
	}
	header = append(header, "<"+out.Links.First+`>; rel="first"`)
	w.Header().Set("Link", strings.Join(header, ", "))
	return s.apiOK(w, r, out)
}

// searchPath is the API address of this search at cursor c (none: the first page), its
// parameters in a fixed order.
func (q apiQuery) searchPath(c apiCursor) string {
	v := url.Values{}
	if q.state.q != "" {
		v.Set("q", q.state.q)
	}
	for _, f := range catalog.Facets {
		for _, t := range q.state.terms[f] {
			v.Add(string(f), t.Slug)
		}
	}
	if q.state.sort != "" {
		v.Set("sorteer", sortWord(q.state.sort))
	}
	if q.limit != apiDefaultLimit {
		v.Set("limiet", strconv.Itoa(q.limit))
	}
	if c.set {
		v.Set("cursor", c.String())
	}
	if len(v) == 0 {
		return "/api/v1/praktijken"
	}
	return "/api/v1/praktijken?" + v.Encode()
}

// apiFacets lists, per facet, every term that gives results under the other facets'
// filters, with its count, plus the chosen ones; as the catalogue page shows them.
func (s *Server) apiFacets(ctx context.Context, st catalogState, res store.SearchResult) map[string][]apiFacetTerm {
	out := map[string][]apiFacetTerm{}
	for _, fv := range s.facetViews(ctx, st, res) {
		list := make([]apiFacetTerm, 0, len(fv.Options))
		for _, o := range fv.Options {
			t, _ := s.vocabOf(ctx).resolve(fv.Facet, o.Value)
			list = append(list, apiFacetTerm{ID: t.ID, Slug: t.Slug, Label: t.Label, Count: o.Count, Selected: o.Checked})
		}
		out[string(fv.Facet)] = list
	}
	return out
}

// apiSheetByID is GET /api/v1/praktijken/{id}.
func (s *Server) apiSheetByID(w http.ResponseWriter, r *http.Request) error {
	if err := onlyParams(r.URL.Query(), nil); err != nil {
		return err
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return catalog.ErrNotFound
	}
	return s.apiSheet(w, r, id)
}

// apiSheetBySlug is GET /api/v1/praktijken/slug/{slug}; a former slug redirects (301) to the
// current one.
func (s *Server) apiSheetBySlug(w http.ResponseWriter, r *http.Request) error {
	if err := onlyParams(r.URL.Query(), nil); err != nil {
		return err
	}
	sh, err := s.store.SheetBySlug(r.Context(), chi.URLParam(r, "slug"))
	var moved *store.MovedError
	if errors.As(err, &moved) {
		http.Redirect(w, r, "/api/v1/praktijken/slug/"+url.PathEscape(moved.Slug), http.StatusMovedPermanently)
		return nil
	}
	if err != nil {
		return err
	}
	return s.apiSheet(w, r, sh.ID)
}

func (s *Server) apiSheet(w http.ResponseWriter, r *http.Request, id int64) error {
	ctx := r.Context()
	sheets, err := s.store.PublishedSheets(ctx, []int64{id})
	if err != nil {
		return err
	}
	if len(sheets) == 0 {
		return catalog.ErrNotFound
	}
	munis, err := s.municipalityIndex(ctx)
	if err != nil {
		return err
	}
	sh := sheets[0]
	out := s.apiSheetOf(ctx, sh, munis)
	if sh.Image != nil && sh.Image.Consent {
		ok, err := s.store.HasPublicImage(ctx, sh.ID)
		if err != nil {
			return err
		}
		if ok {
			out.Image = &apiImage{URL: s.absolute(sheetURL(sh.Slug) + "/foto"), Alt: sh.Image.Alt, Credit: sh.Image.Credit}
		}
	}
	return s.apiOK(w, r, out)
}

// apiMunicipalities is GET /api/v1/gemeenten: every municipality, current and former.
func (s *Server) apiMunicipalities(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := onlyParams(r.URL.Query(), nil); err != nil {
		return err
	}
	list, err := s.store.MunicipalityTerms(ctx)
	if err != nil {
		return err
	}
	res, err := s.store.Search(ctx, store.SearchQuery{PageSize: 1})
	if err != nil {
		return err
	}
	byID := map[int64]store.MunicipalityTerm{}
	for _, m := range list {
		byID[m.ID] = m
	}
	out := apiMunicipalityList{Items: make([]apiMunicipality, 0, len(list))}
	for _, m := range list {
		am := s.apiMunicipalityOf(m)
		am.Practices = res.Counts[catalog.FacetMunicipality][m.ID]
		if t, ok := byID[m.MergedInto]; ok {
			am.MergedInto = &apiMunicipalityRef{ID: t.ID, Slug: t.Slug, Name: t.Label, NIS: t.NIS, URL: s.absolute(paths.Municipality(t.Slug))}
		}
		out.Items = append(out.Items, am)
	}
	out.Total = len(out.Items)
	return s.apiOK(w, r, out)
}

// apiVocabularies is GET /api/v1/vocabularia: the terms of the five facets.
func (s *Server) apiVocabularies(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := onlyParams(r.URL.Query(), nil); err != nil {
		return err
	}
	terms, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	out := apiVocabularies{Facets: []apiVocabulary{}}
	for _, f := range catalog.Facets {
		v := apiVocabulary{Facet: string(f), Label: f.Label(), Terms: []apiTerm{}}
		for _, t := range terms {
			if t.Facet != f {
				continue
			}
			at := apiTerm{ID: t.ID, Slug: t.Slug, Label: t.Label, URL: s.absolute(termURL(f, t.Slug))}
			if t.MergedInto != 0 {
				at.MergedInto = &t.MergedInto
			}
			v.Terms = append(v.Terms, at)
		}
		out.Facets = append(out.Facets, v)
	}
	return s.apiOK(w, r, out)
}

// apiOpenAPI serves the API's OpenAPI document.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err := w.Write(openAPIDocument(s.cfg.BaseURL))
	return err
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
