package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/httprate"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/templates"
)

// Sign-in requests a client may make per minute on this instance, on top of the throttling of
// failed sign-ins in the database (store.MaxFailuresPerClient and friends).
const loginRequestsPerMinute = 10

// accountRoutes registers sign-in, sign-out, invitations and the admin pages.
func (s *Server) accountRoutes(r chi.Router) {
	r.Get("/aanmelden", s.handle(s.showLogin))
	r.With(httprate.LimitBy(loginRequestsPerMinute, time.Minute, loginRateKey,
		httprate.WithLimitHandler(s.handle(s.loginRateLimited)))).
		Post("/aanmelden", s.handle(s.login))
	r.Post("/afmelden", s.handle(s.logout))
	r.With(s.requireRole(string(catalog.RoleEditor))).Post("/afmelden/overal", s.handle(s.logoutEverywhere))
	r.Get("/uitnodiging/{token}", s.handle(s.showInvitation))
	r.Post("/uitnodiging/{token}", s.handle(s.acceptInvitation))

	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(string(catalog.RoleAdmin)))
		r.Get("/beheer/gebruikers", s.handle(s.showUsers))
		r.Post("/beheer/gebruikers", s.handle(s.inviteUser))
		r.Get("/beheer/gebruikers/{id}/verwijderen", s.handle(s.confirmRemoveUser))
		r.Post("/beheer/gebruikers/{id}/verwijderen", s.handle(s.removeUser))
		r.Get("/beheer/audit", s.handle(s.showAudit))
		r.Get("/beheer/mail", s.handle(s.showMails))
		r.Get("/beheer/mail/{id}", s.handle(s.showMail))
		r.Post("/beheer/mail/{id}/opnieuw", s.handle(s.retryMail))
	})
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
func (s *Server) requireRole(role string) func(http.Handler) http.Handler {
	want := catalog.Role(role)
	if want != catalog.RoleEditor && want != catalog.RoleAdmin {
		panic("web: requireRole: unknown role " + role)
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

// displayName is how the interface names u.
func displayName(u catalog.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// roleLabel is the Dutch name of a role.
func roleLabel(r catalog.Role) string {
	switch r {
	case catalog.RoleAdmin:
		return "beheerder"
	case catalog.RoleEditor:
		return "redacteur"
	}
	return string(r)
}
