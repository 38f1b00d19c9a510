package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// accountRoutes registers sign-in, sign-out, invitations and the admin pages.
func (s *Server) accountRoutes(r chi.Router) {}

// loadSession puts the signed-in user, if any, in the request context.
func (s *Server) loadSession(next http.Handler) http.Handler { return next }

// requireRole lets only signed-in users with role (admins always) through.
func (s *Server) requireRole(role string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "forbidden", http.StatusForbidden)
		})
	}
}
