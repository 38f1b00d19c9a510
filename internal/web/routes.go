package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Handler returns the application's routes, one table.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	if s.cfg.BehindProxy {
		r.Use(middleware.RealIP)
	}
	r.Use(s.logRequests, s.recoverPanics, securityHeaders, crossOriginProtection, s.loadSession)
	r.Get("/static/{file}", s.serveAsset)
	r.Get("/healthz", s.health)

	r.Group(func(r chi.Router) {
		r.Use(s.pages.middleware)
		r.Get("/", s.handle(s.showHome))
		r.Get("/praktijken", s.handle(s.showCatalog))
		r.Get("/praktijken/{slug}", s.handle(s.showSheet))
		r.Get("/praktijken/{slug}/foto", s.handle(s.showSheetImage))
		r.Get("/gemeenten", s.handle(s.showMunicipalities))
		r.Get("/gemeenten/{slug}", s.handle(s.showMunicipality))
		r.Get("/toegankelijkheid", s.handle(s.showAccessibility))
		r.Get("/privacy", s.handle(s.showPrivacy))
		r.Get("/over", s.handle(s.showAbout))
		r.Get("/open-data", s.handle(s.showOpenData))
		r.Get("/open-data/dcat.jsonld", s.handle(s.showDCAT))
		r.Get("/praktijken.atom", s.handle(s.searchFeed))
		r.Get("/gemeenten/{slug}/feed.atom", s.handle(s.municipalityFeed))
		r.Get("/sitemap.xml", s.handle(s.sitemap))
		r.Get("/robots.txt", s.handle(s.robots))
	})
	// The open-data API: JSON, CORS open for reading, cached like the pages.
	r.Route("/api/v1", func(r chi.Router) {
		r.Use(apiCORS, s.pages.middleware)
		r.NotFound(s.apiNotFound)
		r.MethodNotAllowed(s.apiMethodNotAllowed)
		r.Get("/praktijken", s.api(s.apiSearch))
		r.Get("/praktijken/{id}", s.api(s.apiSheetByID))
		r.Get("/praktijken/slug/{slug}", s.api(s.apiSheetBySlug))
		r.Get("/gemeenten", s.api(s.apiMunicipalities))
		r.Get("/vocabularia", s.api(s.apiVocabularies))
		r.Get("/openapi.json", s.api(s.apiOpenAPI))
	})
	r.Get("/praktijken.csv", s.handle(s.exportCSV)) // streamed, too large for the page cache
	r.Get("/contact", s.handle(s.showContact))
	r.With(s.limitContact()).Post("/contact", s.handle(s.postContact))
	r.With(s.requireRole(string(catalog.RoleEditor))).Get("/beheer/meldingen", s.handle(s.showFeedback))
	r.With(s.requireRole(string(catalog.RoleEditor))).Post("/beheer/meldingen/{id}/afgehandeld", s.handle(s.handleFeedback))
	s.submitRoutes(r)
	s.accountRoutes(r)
	s.moderationRoutes(r)
	r.NotFound(s.failWith(errNotFound))
	r.MethodNotAllowed(s.failWith(errMethod))
	return r
}
