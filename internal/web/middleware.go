package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/templates"
)

// tokenPaths are the paths whose next segment is a secret token: a private link to a
// submission, an invitation, a password reset.
var tokenPaths = []string{"/indiening/", "/uitnodiging/", "/wachtwoord-herstellen/"}

// redactPath returns uri with the token of a private link replaced, for the logs.
func redactPath(uri string) string {
	for _, p := range tokenPaths {
		rest, ok := strings.CutPrefix(uri, p)
		if !ok {
			continue
		}
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		return p + "[token]" + rest[end:]
	}
	return uri
}

// auditLinkUse records in the audit log that r used a private link (store.AuditLinkUse), with
// the client's address and the method.
func (s *Server) auditLinkUse(r *http.Request, objectType string, objectID int64, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	detail["client"] = clientOf(r).IP
	detail["method"] = r.Method
	return s.store.AuditLinkUse(r.Context(), objectType, objectID, detail)
}

// logRequests logs one line per request, with status, size, duration and the client address.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		start := time.Now()
		next.ServeHTTP(ww, r)
		s.log.Info("request", "method", r.Method, "path", redactPath(r.URL.RequestURI()), "status", ww.Status(),
			"bytes", ww.BytesWritten(), "duration", time.Since(start), "client", clientOf(r).IP)
	})
}

// errBadQuery is the page for a query string that is not text.
var errBadQuery = &pageError{status: http.StatusBadRequest, heading: "Dit adres klopt niet",
	message: "Het adres bevat tekens die geen tekst zijn. Zoek opnieuw via het zoekvak of ga naar de startpagina."}

// rejectMalformedQuery answers 400 (a page, or JSON for the API) to a request whose query
// string holds a key or value that is not valid UTF-8 or contains a NUL byte: no handler has
// to guard against them, and PostgreSQL refuses such text.
func (s *Server) rejectMalformedQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" || validQuery(r.URL.RawQuery) {
			next.ServeHTTP(w, r)
			return
		}
		if isAPI(r) {
			s.fail(w, r, badParam("bad_encoding", "De zoekparameters bevatten tekens die geen tekst zijn (geen geldige UTF-8).",
				"The query parameters hold characters that are not text (invalid UTF-8)."))
			return
		}
		s.fail(w, r, errBadQuery)
	})
}

// validQuery reports whether every key and value of the query string raw is valid UTF-8
// without NUL bytes once decoded (what cannot be decoded is left to the handlers, which
// ignore it).
func validQuery(raw string) bool {
	values, _ := url.ParseQuery(raw)
	for k, vs := range values {
		if !utf8.ValidString(k) || strings.ContainsRune(k, 0) {
			return false
		}
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return false
			}
		}
	}
	return true
}

// recoverPanics turns a panic into a logged 500 page.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "value", v, "stack", string(debug.Stack()))
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets a strict Content-Security-Policy and the usual hardening headers.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "+
			"script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// serveAsset serves an embedded, content-hashed static file with a one-year cache.
func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets[r.URL.Path]
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(a.Body)
}

// serveFavicon serves the icon at /favicon.ico, where browsers and feed readers look for it
// without a link; cached for a day, as the URL does not change with the content.
func (s *Server) serveFavicon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", s.favicon.ContentType)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(s.favicon.Body)
}

// health answers 200 when the database answers.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if _, err := s.store.CatalogVersion(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// crossOriginProtection rejects state-changing requests that a browser sent from another
// origin (Sec-Fetch-Site and Origin checks), which protects every form against CSRF.
func crossOriginProtection(next http.Handler) http.Handler {
	return http.NewCrossOriginProtection().Handler(next)
}

// loadSession puts the signed-in user, if any, in the request context (withUser), and the
// viewer the layout shows (templates.WithViewer). Responses to signed-in users are not stored
// by caches. A cookie that names no live session is cleared.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := s.sessionToken(r)
		if token == "" || strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		u, err := s.store.SessionUser(r.Context(), hashToken(token))
		switch {
		case errors.Is(err, catalog.ErrNotFound):
			s.clearSessionCookie(w, r)
			next.ServeHTTP(w, r)
			return
		case err != nil:
			s.fail(w, r, err)
			return
		}
		ctx := withUser(r.Context(), u)
		ctx = templates.WithViewer(ctx, templates.Viewer{Name: displayName(u), Admin: u.Role == catalog.RoleAdmin})
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requireRole lets only signed-in users with role (admins always) through. Visitors are sent
// to /aanmelden (with the page to return to, for GET); signed-in users without the role get a
// 403 page.
func (s *Server) requireRole(want catalog.Role) func(http.Handler) http.Handler {
	if want != catalog.RoleEditor && want != catalog.RoleAdmin {
		panic("web: requireRole: unknown role " + string(want))
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, ok := userFrom(r.Context())
			if !ok {
				target := "/aanmelden"
				if r.Method == http.MethodGet || r.Method == http.MethodHead {
					target += "?" + url.Values{templates.AccountFieldReturn: {r.URL.RequestURI()}}.Encode()
				}
				http.Redirect(w, r, target, http.StatusSeeOther)
				return
			}
			if !u.Can(want) {
				msg := "Deze pagina is er alleen voor redacteurs."
				if want == catalog.RoleAdmin {
					msg = "Deze pagina is er alleen voor beheerders. Je bent aangemeld als " + displayName(u) + " (" + roleLabel(u.Role) + ")."
				}
				s.fail(w, r, errForbidden(msg))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// privatePages keeps submission pages out of every cache and their URLs (which may hold a
// private token) out of Referer headers and search engines.
func privatePages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Referrer-Policy", "no-referrer")
		if strings.HasPrefix(r.URL.Path, "/indiening/") {
			h.Set("X-Robots-Tag", "noindex, nofollow")
		}
		next.ServeHTTP(w, r)
	})
}

// limitPosts applies limiter to POST requests only: reading a form costs nothing.
func limitPosts(limiter *httprate.RateLimiter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		limited := limiter.Handler(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				limited.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
