package web

import (
	"errors"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// "Meld een probleem met deze fiche" (/praktijken/{slug}/probleem): a short message about one
// published sheet that waits for the editors with the contact form's messages, tied to the
// sheet. It asks for nothing but the problem and, if the sender wants an answer, an address.

func reportURL(slug string) string { return paths.Report(slug) }

// reportedSheet is the published sheet the request's slug names (a renamed sheet by its new
// slug).
func (s *Server) reportedSheet(r *http.Request) (catalog.Sheet, error) {
	sh, err := s.store.SheetBySlug(r.Context(), chi.URLParam(r, "slug"))
	var moved *store.MovedError
	if errors.As(err, &moved) {
		sh, err = s.store.SheetBySlug(r.Context(), moved.Slug)
	}
	if err == nil && sh.Status != catalog.StatusPublished {
		err = catalog.ErrNotFound
	}
	return sh, err
}

func (s *Server) reportProps(sh catalog.Sheet) templates.ReportProps {
	return templates.ReportProps{
		Page:   s.page("Meld een probleem: "+sh.Title, "", "", true),
		Sheet:  templates.SummaryView{Title: sh.Title, URL: sheetURL(sh.Slug)},
		Action: reportURL(sh.Slug),
	}
}

// showReport is the form; ?verstuurd=1 thanks the sender.
func (s *Server) showReport(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.reportedSheet(r)
	if err != nil {
		return err
	}
	p := s.reportProps(sh)
	p.Sent = r.URL.Query().Get("verstuurd") == "1"
	return s.renderPrivate(w, r, http.StatusOK, templates.ReportPage(p))
}

// postReport stores the report for the editors (and mails the operator) before anything else.
func (s *Server) postReport(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.reportedSheet(r)
	if err != nil {
		return err
	}
	p := s.reportProps(sh)
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		p.Errors = []sheetform.FieldError{{Field: templates.ReportFieldMessage,
			Message: "Je melding kwam niet goed aan (is ze langer dan " + strconv.Itoa(maxFeedbackRunes) + " tekens?). Probeer het opnieuw."}}
		return s.renderPrivate(w, r, http.StatusBadRequest, templates.ReportPage(p))
	}
	if r.PostFormValue("website") != "" { // the hidden field only robots fill in
		http.Redirect(w, r, reportURL(sh.Slug)+"?verstuurd=1", http.StatusSeeOther)
		return nil
	}
	p.Message = sheetform.CleanText(r.PostFormValue(templates.ReportFieldMessage))
	p.Email = sheetform.CleanLine(r.PostFormValue(templates.ReportFieldEmail), sheetform.MaxEmail)
	add := func(field, msg string) {
		p.Errors = append(p.Errors, sheetform.FieldError{Field: field, Message: msg})
	}
	switch n := utf8.RuneCountInString(p.Message); {
	case n == 0:
		add(templates.ReportFieldMessage, "Schrijf wat er niet klopt aan de fiche.")
	case n > maxFeedbackRunes:
		add(templates.ReportFieldMessage, "Je melding is "+strconv.Itoa(n)+" tekens lang; ze mag er hoogstens "+strconv.Itoa(maxFeedbackRunes)+" hebben.")
	}
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email || !strings.Contains(p.Email[strings.LastIndexByte(p.Email, '@')+1:], ".") {
			add(templates.ReportFieldEmail, "Vul een geldig e-mailadres in, zoals naam@gemeente.be, of laat het veld leeg.")
		}
	}
	if len(p.Errors) > 0 {
		p.Page.Title = "Fout: " + p.Page.Title
		return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.ReportPage(p))
	}
	f := store.Feedback{Topic: store.FeedbackSheetProblem, Message: p.Message, Email: p.Email,
		Page: s.absolute(sheetURL(sh.Slug)), SheetID: sh.ID}
	if _, err := s.store.AddFeedback(r.Context(), f, s.cfg.ContactEmail); err != nil {
		return err
	}
	http.Redirect(w, r, reportURL(sh.Slug)+"?verstuurd=1", http.StatusSeeOther)
	return nil
}
