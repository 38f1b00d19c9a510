package web

import "github.com/go-chi/chi/v5"

// submitRoutes registers the public submission pages: /indienen, /indiening/{token} and
// the change request form of a sheet.
func (s *Server) submitRoutes(r chi.Router) {}
