package web

import (
	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// moderationRoutes registers /beheer for editors and the public history of a sheet.
func (s *Server) moderationRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(string(catalog.RoleEditor)))

		r.Get("/beheer", s.handle(s.showQueue))
		r.Get("/beheer/inzendingen/{id}", s.handle(s.showReview))
		r.Get("/beheer/inzendingen/{id}/foto", s.handle(s.serveSubmissionPhoto))
		r.Post("/beheer/inzendingen/{id}/goedkeuren", s.handle(s.approveSubmission))
		r.Post("/beheer/inzendingen/{id}/afwijzen", s.handle(s.rejectSubmission))
		r.Post("/beheer/inzendingen/{id}/vraag", s.handle(s.askSubmitter))
		r.Get("/beheer/inzendingen/{id}/bewerken", s.handle(s.showSubmissionEdit))
		r.Post("/beheer/inzendingen/{id}/bewerken", s.handle(s.saveSubmissionEdit))

		r.Get("/beheer/fiches", s.handle(s.showSheetsAdmin))
		r.Get("/beheer/fiches/{id}", s.handle(s.showSheetAdmin))
		r.Post("/beheer/fiches/{id}", s.handle(s.saveSheetEdit))
		r.Post("/beheer/fiches/{id}/status", s.handle(s.setSheetStatus))
		r.Post("/beheer/fiches/{id}/nagekeken", s.handle(s.markSheetReviewed))
		r.Post("/beheer/fiches/{id}/adres", s.handle(s.renameSheetSlug))

		r.Get("/beheer/termen", s.handle(s.showTermsAdmin))
		r.Get("/beheer/termen/{id}", s.handle(s.showTermAdmin))
		r.Post("/beheer/termen/{id}/hernoemen", s.handle(s.renameTerm))
		r.Post("/beheer/termen/{id}/samenvoegen", s.handle(s.mergeTerm))
		r.Post("/beheer/termen/{id}/aanvaarden", s.handle(s.acceptTerm))

		r.Get("/beheer/redenen", s.handle(s.showReasons))
		r.Post("/beheer/redenen", s.handle(s.saveReason))
		r.Get("/beheer/redenen/{id}", s.handle(s.showReason))
		r.Post("/beheer/redenen/{id}", s.handle(s.saveReason))
		r.Post("/beheer/redenen/{id}/verwijderen", s.handle(s.deleteReason))
	})

	// The public history changes only with the catalogue: cached like the sheet itself.
	r.Group(func(r chi.Router) {
		r.Use(s.pages.middleware)
		r.Get("/praktijken/{slug}/geschiedenis", s.handle(s.showHistory))
		r.Get("/praktijken/{slug}/versies/{n}", s.handle(s.showRevision))
	})
}
