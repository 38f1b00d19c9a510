package web

import "github.com/go-chi/chi/v5"

// moderationRoutes registers /beheer for editors and the public history of a sheet.
func (s *Server) moderationRoutes(r chi.Router) {}
