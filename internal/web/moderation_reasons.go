package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// The standard texts (/beheer/redenen) that editors start a rejection or a question from.

// maxReasonTitle is the longest title of a standard text, in characters.
const maxReasonTitle = 150

func reasonURL(id int64) string { return paths.Reason(id) }

// showReasons is /beheer/redenen: both lists and the form to add one.
func (s *Server) showReasons(w http.ResponseWriter, r *http.Request) error {
	p, err := s.reasonsProps(r)
	if err != nil {
		return err
	}
	p.Notice = reasonNotices.of(r)
	return s.render(w, r, templates.Reasons(p))
}

func (s *Server) reasonsProps(r *http.Request) (templates.ReasonsProps, error) {
	list, err := s.store.ReasonTemplates(r.Context(), "")
	if err != nil {
		return templates.ReasonsProps{}, err
	}
	p := templates.ReasonsProps{
		Page: s.beheerPage("Standaardteksten"),
		Form: templates.ReasonTemplateForm{Action: "/beheer/redenen", Heading: "Standaardtekst toevoegen",
			Kind: string(store.ReasonReject), Submit: "Standaardtekst toevoegen"},
	}
	for _, t := range list {
		row := templates.ReasonRow{ID: t.ID, Title: t.Title, Body: t.Body, Updated: t.UpdatedAt,
			EditURL: reasonURL(t.ID), DeleteURL: reasonURL(t.ID) + "/verwijderen"}
		if t.Kind == store.ReasonQuestion {
			p.Question = append(p.Question, row)
		} else {
			p.Reject = append(p.Reject, row)
		}
	}
	return p, nil
}

// showReason is /beheer/redenen/{id}: the edit form of one standard text.
func (s *Server) showReason(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.store.ReasonTemplateByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, templates.ReasonEdit(templates.ReasonEditProps{
		Page: s.beheerPage("Standaardtekst bewerken"),
		Form: templates.ReasonTemplateForm{Action: reasonURL(id), Heading: "Standaardtekst bewerken",
			Kind: string(t.Kind), Title: t.Title, Body: t.Body, Submit: "Wijzigingen bewaren"},
	}))
}

// saveReason adds (POST /beheer/redenen) or updates (POST /beheer/redenen/{id}) a standard text.
func (s *Server) saveReason(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if chi.URLParam(r, "id") != "" {
		var err error
		if id, err = beheerID(r, "id"); err != nil {
			return err
		}
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	t := store.ReasonTemplate{ID: id, Kind: store.ReasonKind(r.PostFormValue("soort")),
		Title: sheetform.CleanLine(r.PostFormValue("titel"), 2*maxReasonTitle), Body: sheetform.CleanText(r.PostFormValue("tekst"))}
	errs := map[string]string{}
	if t.Kind != store.ReasonReject && t.Kind != store.ReasonQuestion {
		errs["soort"] = "Kies waarvoor de tekst dient."
	}
	switch {
	case t.Title == "":
		errs["titel"] = "Geef de tekst een korte titel."
	case len([]rune(t.Title)) > maxReasonTitle:
		errs["titel"] = "De titel is te lang: hou het bij " + strconv.Itoa(maxReasonTitle) + " tekens."
	}
	switch {
	case t.Body == "":
		errs["tekst"] = "Typ de standaardtekst."
	case len([]rune(t.Body)) > maxReasonLength:
		errs["tekst"] = "De tekst is te lang: hou het bij " + strconv.Itoa(maxReasonLength) + " tekens."
	}
	if len(errs) > 0 {
		form := templates.ReasonTemplateForm{Kind: string(t.Kind), Title: t.Title, Body: t.Body, Errors: errs}
		if id == 0 {
			p, err := s.reasonsProps(r)
			if err != nil {
				return err
			}
			form.Action, form.Heading, form.Submit = p.Form.Action, p.Form.Heading, p.Form.Submit
			p.Form = form
			p.Page.Title = "Fout: " + p.Page.Title
			return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.Reasons(p))
		}
		form.Action, form.Heading, form.Submit = reasonURL(id), "Standaardtekst bewerken", "Wijzigingen bewaren"
		return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.ReasonEdit(templates.ReasonEditProps{
			Page: s.beheerPage("Fout: Standaardtekst bewerken"), Form: form}))
	}
	if _, err := s.store.SaveReasonTemplate(r.Context(), editorOf(r).ID, t); err != nil {
		return err
	}
	return reasonNotices.redirect(w, r, "/beheer/redenen", "opgeslagen")
}

// deleteReason deletes a standard text (POST /beheer/redenen/{id}/verwijderen).
func (s *Server) deleteReason(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteReasonTemplate(r.Context(), editorOf(r).ID, id); err != nil {
		return err
	}
	return reasonNotices.redirect(w, r, "/beheer/redenen", "verwijderd")
}
