package web

import (
	"net/http"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/store"
)

// Read replicas and read-your-writes. Public pages, the API and the export read from a read
// replica when one has replayed far enough (publicReads); editors' and submitters' pages always
// read from the primary. A signed-in user who changes something (any request but GET and HEAD)
// gets a cookie with the primary's write position after the change (rememberWrites); while it
// lasts, their public reads need a replica that has replayed past it, so an editor sees their
// own edit at once on every instance, even before the instance has heard of the change.
// Without replicas no cookie is set.

// writeCookieLife bounds how long a write is waited for: a replica lagging longer is skipped
// anyway (REPLICA_MAX_LAG), so the cookie is of no use after it.
const writeCookieLife = 10 * time.Minute

// writeCookieName is "__Host-schrijfpositie" over https, "schrijfpositie" otherwise.
func (s *Server) writeCookieName(r *http.Request) string {
	if s.secureCookies(r) {
		return "__Host-schrijfpositie"
	}
	return "schrijfpositie"
}

// publicReads lets the reads of public pages, the API and the export go to a read replica
// that has replayed the catalogue version this instance knows of and the client's own last
// write (store.ReadFromReplica); without replicas they go to the primary as before.
func (s *Server) publicReads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var written store.LSN
		if c, err := r.Cookie(s.writeCookieName(r)); err == nil {
			written, _ = store.ParseLSN(c.Value) // a cookie not of our making counts as no write
		}
		next.ServeHTTP(w, r.WithContext(store.ReadFromReplica(r.Context(), written)))
	})
}

// rememberWrites gives a signed-in user who sent anything but GET or HEAD the write cookie,
// with the primary's write position once the handler is done (its transaction committed), just
// before the response's header goes out.
func (s *Server) rememberWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, signedIn := userFrom(r.Context())
		if !signedIn || r.Method == http.MethodGet || r.Method == http.MethodHead || !s.store.HasReplicas() {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&writeMarker{ResponseWriter: w, mark: func() {
			lsn, err := s.store.WrittenLSN(r.Context())
			if err != nil {
				s.log.Warn("write position unknown; the user's reads may briefly miss their write", "err", err)
				return
			}
			http.SetCookie(w, &http.Cookie{
				Name:     s.writeCookieName(r),
				Value:    lsn.String(),
				Path:     "/",
				MaxAge:   int(writeCookieLife.Seconds()),
				HttpOnly: true,
				Secure:   s.secureCookies(r),
				SameSite: http.SameSiteLaxMode,
			})
		}}, r)
	})
}

// writeMarker calls mark once, before the header is written.
type writeMarker struct {
	http.ResponseWriter
	mark   func()
	marked bool
}

func (m *writeMarker) WriteHeader(status int) {
	if !m.marked {
		m.marked = true
		m.mark()
	}
	m.ResponseWriter.WriteHeader(status)
}

func (m *writeMarker) Write(p []byte) (int, error) {
	if !m.marked {
		m.WriteHeader(http.StatusOK)
	}
	return m.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (m *writeMarker) Unwrap() http.ResponseWriter { return m.ResponseWriter }
