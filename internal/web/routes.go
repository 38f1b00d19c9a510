package web

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Handler returns the application's routes: every route of the site is in this table, in its
// middleware group. Handlers live in the file named for their page (showCatalog in catalog.go,
// showReview in moderation_review.go, …); middleware in middleware.go; errors become pages in
// errors.go only.
func (s *Server) Handler() http.Handler {
	sub := &submitPages{Server: s}
	postLimiter := httprate.NewRateLimiter(postLimit, postWindow,
		httprate.WithKeyFuncs(clientAddress), httprate.WithLimitHandler(s.failWith(errTooManyPosts)))
	loginLimit := httprate.LimitBy(loginRequestsPerMinute, time.Minute, clientAddress,
		httprate.WithLimitHandler(s.handle(s.loginRateLimited)))

	r := chi.NewRouter()
	// identifyClient first: the log, the rate limits and the cookies key on its client.
	// GetHead answers HEAD with the GET handler (link checkers and monitors use HEAD).
	r.Use(s.identifyClient, middleware.GetHead, s.logRequests, s.recoverPanics, s.rejectMalformedQuery, securityHeaders, crossOriginProtection, s.loadSession, s.rememberWrites)
	r.Get("/static/{file}", s.serveAsset)
	r.Get("/favicon.ico", s.serveFavicon)
	r.Get("/healthz", s.health)

	// Public pages: they change only with the catalogue, so they are cached (pageCache);
	// catalogue searches are counted for the editors, from the cache too (countSearches).
	// Their reads, the API's and the export's may go to a read replica (publicReads, readwrites.go).
	r.Group(func(r chi.Router) {
		r.Use(s.publicReads, s.countSearches, s.takeCatalog, s.pages.middleware)
		r.Get("/", s.handle(s.showHome))
		r.Get("/praktijken", s.handle(s.showCatalog))
		r.Get("/praktijken/{slug}", s.handle(s.showSheet))
		r.Get("/praktijken/{slug}/foto", s.handle(s.showSheetImage))
		r.Get("/praktijken/{slug}/geschiedenis", s.handle(s.showHistory))
		r.Get("/praktijken/{slug}/versies/{n}", s.handle(s.showRevision))
		r.Get("/gemeenten", s.handle(s.showMunicipalities))
		r.Get("/gemeenten/{slug}", s.handle(s.showMunicipality))
		r.Get("/gemeenten/{slug}/feed.atom", s.handle(s.municipalityFeed))
		r.Get("/praktijken.atom", s.handle(s.searchFeed))
		r.Get("/toegankelijkheid", s.handle(s.showAccessibility))
		r.Get("/privacy", s.handle(s.showPrivacy))
		r.Get("/over", s.handle(s.showAbout))
		r.Get("/open-data", s.handle(s.showOpenData))
		r.Get("/open-data/dcat.jsonld", s.handle(s.showDCAT))
		r.Get("/sitemap.xml", s.handle(s.sitemap))
		r.Get("/robots.txt", s.handle(s.robots))
	})
	r.With(s.publicReads, s.takeCatalog).Get("/praktijken.csv", s.handle(s.exportCSV)) // streamed, too large for the page cache

	// The open-data API (api*.go): JSON, CORS open for reading, cached like the pages.
	r.Route("/api/v1", func(r chi.Router) {
		r.Use(apiCORS, s.publicReads, s.takeCatalog, s.pages.middleware)
		r.NotFound(s.apiNotFound)
		r.MethodNotAllowed(s.apiMethodNotAllowed)
		r.Get("/praktijken", s.api(s.apiSearch))
		r.Get("/praktijken/{id}", s.api(s.apiSheetByID))
		r.Get("/praktijken/slug/{slug}", s.api(s.apiSheetBySlug))
		r.Get("/gemeenten", s.api(s.apiMunicipalities))
		r.Get("/vocabularia", s.api(s.apiVocabularies))
		r.Get("/openapi.json", s.api(s.apiOpenAPI))
	})

	// Submission pages (submit.go, submit_private.go): never cached, no Referer, POSTs rate
	// limited per client address.
	r.Group(func(r chi.Router) {
		r.Use(privatePages, limitPosts(postLimiter), s.takeCatalog)
		r.Get("/indienen", s.handle(sub.showNewForm))
		r.Post("/indienen", s.handle(sub.postNew))
		r.Get("/indienen/bedankt", s.handle(sub.showThanks))
		r.Get("/indienen/termen", s.handle(sub.suggestedTerms))
		r.Get("/praktijken/{slug}/wijzigen", s.handle(sub.showChangeForm))
		r.Post("/praktijken/{slug}/wijzigen", s.handle(sub.postChange))
		r.Get("/praktijken/{slug}/contact", s.handle(sub.showContactChange))
		r.Post("/praktijken/{slug}/contact", s.handle(sub.postContactChange))
		r.Get("/praktijken/{slug}/probleem", s.handle(s.showReport))
		r.Post("/praktijken/{slug}/probleem", s.handle(s.postReport))
		r.Get("/indiening/{token}", s.handle(sub.showSubmission))
		r.Post("/indiening/{token}", s.handle(sub.postSubmission))
		r.Post("/indiening/{token}/antwoord", s.handle(sub.postAnswer))
		r.Get("/indiening/{token}/foto", s.handle(sub.showPhoto))
		r.Get("/indiening/{token}/controle", s.handle(sub.showPreview))
		r.Post("/indiening/{token}/controle", s.handle(sub.postPreview))
	})

	// Contact form: never cached, POSTs rate limited.
	r.Get("/contact", s.handle(s.showContact))
	r.With(s.limitContact()).Post("/contact", s.handle(s.postContact))

	// Accounts (auth.go, auth_invitation.go): sign-in rate limited per client.
	r.Get("/aanmelden", s.handle(s.showLogin))
	r.With(loginLimit).Post("/aanmelden", s.handle(s.login))
	r.Post("/afmelden", s.handle(s.logout))
	r.With(s.requireRole(catalog.RoleEditor)).Post("/afmelden/overal", s.handle(s.logoutEverywhere))
	r.Get("/uitnodiging/{token}", s.handle(s.showInvitation))
	r.Post("/uitnodiging/{token}", s.handle(s.acceptInvitation))

	// Password reset by mail (auth_reset.go): requests limited per address and client in the
	// store, POSTs per client like the submission forms.
	r.Group(func(r chi.Router) {
		r.Use(privatePages, limitPosts(postLimiter))
		r.Get("/wachtwoord-vergeten", s.handle(s.showForgotPassword))
		r.Post("/wachtwoord-vergeten", s.handle(s.requestPasswordReset))
		r.Get("/wachtwoord-vergeten/verstuurd", s.handle(s.showResetSent))
		r.Get("/wachtwoord-herstellen/{token}", s.handle(s.showPasswordReset))
		r.Post("/wachtwoord-herstellen/{token}", s.handle(s.resetPassword))
	})

	// Editors (moderation_*.go): the queue, reviews, sheets, terms, reasons and search.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(catalog.RoleEditor), s.takeCatalog)
		r.Get("/beheer", s.handle(s.showQueue))
		r.Get("/beheer/meldingen", s.handle(s.showFeedback))
		r.Post("/beheer/meldingen/{id}/afgehandeld", s.handle(s.handleFeedback))
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
		r.Get("/beheer/fiches/{id}/status", s.handle(s.confirmSheetStatus))
		r.Post("/beheer/fiches/{id}/status", s.handle(s.setSheetStatus))
		r.Post("/beheer/fiches/{id}/nagekeken", s.handle(s.markSheetReviewed))
		r.Post("/beheer/fiches/{id}/adres", s.handle(s.renameSheetSlug))
		r.Post("/beheer/fiches/{id}/contact", s.handle(s.saveSheetContact))
		r.Get("/beheer/kwaliteit", s.handle(s.showQuality))
		r.Get("/beheer/termen", s.handle(s.showTermsAdmin))
		r.Post("/beheer/termen", s.handle(s.addTerm))
		r.Get("/beheer/termen/{id}", s.handle(s.showTermAdmin))
		r.Post("/beheer/termen/{id}/hernoemen", s.handle(s.renameTerm))
		r.Post("/beheer/termen/{id}/trefwoorden", s.handle(s.saveTermKeywords))
		r.Get("/beheer/termen/{id}/samenvoegen", s.handle(s.confirmMergeTerm))
		r.Post("/beheer/termen/{id}/samenvoegen", s.handle(s.mergeTerm))
		r.Post("/beheer/termen/{id}/aanvaarden", s.handle(s.acceptTerm))
		r.Get("/beheer/redenen", s.handle(s.showReasons))
		r.Post("/beheer/redenen", s.handle(s.saveReason))
		r.Get("/beheer/redenen/{id}", s.handle(s.showReason))
		r.Post("/beheer/redenen/{id}", s.handle(s.saveReason))
		r.Post("/beheer/redenen/{id}/verwijderen", s.handle(s.deleteReason))
		r.Get("/beheer/zoeken", s.handle(s.showSearchAdmin))
		r.Post("/beheer/zoeken/synoniemen", s.handle(s.addSynonyms))
		r.Post("/beheer/zoeken/synoniemen/{id}/verwijderen", s.handle(s.deleteSynonyms))
	})

	// Admins (admin_*.go): users, audit log, outgoing mail.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(catalog.RoleAdmin))
		r.Get("/beheer/gebruikers", s.handle(s.showUsers))
		r.Post("/beheer/gebruikers", s.handle(s.inviteUser))
		r.Get("/beheer/gebruikers/{id}/verwijderen", s.handle(s.confirmRemoveUser))
		r.Post("/beheer/gebruikers/{id}/verwijderen", s.handle(s.removeUser))
		r.Get("/beheer/audit", s.handle(s.showAudit))
		r.Get("/beheer/mail", s.handle(s.showMails))
		r.Get("/beheer/mail/{id}", s.handle(s.showMail))
		r.Post("/beheer/mail/{id}/opnieuw", s.handle(s.retryMail))
	})

	r.NotFound(s.failWith(errNotFound))
	r.MethodNotAllowed(s.failWith(errMethod))
	return r
}
