package web

import (
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/httprate"
)

// Abuse protection of the submission forms.
const (
	postLimit    = 20               // POSTs per client address ...
	postWindow   = 10 * time.Minute // ... in this window
	maxImageJobs = 2                // photos decoded and re-encoded at the same time
)

// submitPages serves the public submission pages. It holds what only they need: the slots
// that cap concurrent photo processing.
type submitPages struct {
	*Server
	images chan struct{}
}

// submitRoutes registers the public submission pages: /indienen, /indiening/{token} and
// the change request form of a sheet. They are never cached (the router given here is outside
// the page cache) and never leak their address in a Referer; their POSTs are rate limited per
// client address.
func (s *Server) submitRoutes(r chi.Router) {
	p := &submitPages{Server: s, images: make(chan struct{}, maxImageJobs)}
	limiter := httprate.NewRateLimiter(postLimit, postWindow,
		httprate.WithKeyFuncs(clientAddress), httprate.WithLimitHandler(s.failWith(errTooManyPosts)))
	r.Group(func(r chi.Router) {
		r.Use(privatePages, limitPosts(limiter))
		r.Get("/indienen", s.handle(p.showNewForm))
		r.Post("/indienen", s.handle(p.postNew))
		r.Get("/indienen/bedankt", s.handle(p.showThanks))
		r.Get("/praktijken/{slug}/wijzigen", s.handle(p.showChangeForm))
		r.Post("/praktijken/{slug}/wijzigen", s.handle(p.postChange))
		r.Get("/indiening/{token}", s.handle(p.showSubmission))
		r.Post("/indiening/{token}", s.handle(p.postSubmission))
		r.Post("/indiening/{token}/antwoord", s.handle(p.postAnswer))
		r.Get("/indiening/{token}/foto", s.handle(p.showPhoto))
	})
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

// clientAddress keys the rate limit: the client address as middleware.RealIP left it (an
// IPv6 client by its /64).
func clientAddress(r *http.Request) (string, error) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return httprate.CanonicalizeIP(host), nil
}
