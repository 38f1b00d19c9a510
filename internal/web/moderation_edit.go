package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/upload"
	"github.com/praktijkbank/praktijkbank/templates"
)

// Editors edit content with the submitters' sheet form (templates.SheetFormView): a
// submission before they approve it (/beheer/inzendingen/{id}/bewerken), and a published sheet
// (/beheer/fiches/{id}), each save a new revision. The version edited travels in the form's
// address (?versie=), since the form has no field for it; a save on a stale version is refused
// like every other moderation action. Photos are not changed here: an upload in this form is
// ignored, and the image keeps its file while its description, credit and consent follow the
// form.

func (s *Server) submissionEditURL(id int64) string { return reviewURL(id) + "/bewerken" }

// isPlace reports whether name is a municipality of the vocabulary.
func (s *Server) isPlace(name string) bool {
	_, ok := matchPlace(s.vocab, name)
	return ok
}

// formOptions lists the current terms the sheet form offers, to submitters and editors alike.
func (s *Server) formOptions() templates.FormOptions {
	choices := func(f catalog.Facet) []templates.Choice {
		terms := s.vocab.currentTerms(f)
		out := make([]templates.Choice, 0, len(terms))
		for _, t := range terms {
			out = append(out, templates.Choice{Value: t.Slug, Label: t.Label})
		}
		return out
	}
	o := templates.FormOptions{
		Categories:    choices(catalog.FacetCategory),
		PolicyDomains: choices(catalog.FacetPolicyDomain),
		Goals:         choices(catalog.FacetGoal),
		TargetGroups:  choices(catalog.FacetTargetGroup),
	}
	for _, t := range s.vocab.currentTerms(catalog.FacetMunicipality) {
		o.Municipalities = append(o.Municipalities, t.Label)
	}
	return o
}

// editorFormProps completes a sheet form for an editor. The form shows its "save changes"
// button (a waiting submission's), never the submitter's "send" and "draft".
// A submission's form also shows who sent it (showSubmitter); a published sheet's does not.
func (s *Server) editorFormProps(action string, f templates.SheetForm, focus string, showSubmitter bool) templates.SheetFormProps {
	return templates.SheetFormProps{Action: action, Status: catalog.SubmissionSubmitted, Form: f,
		Options: s.formOptions(), Focus: focus, Editor: true, ShowSubmitter: showSubmitter}
}

// editedImage is img with the description, credit and consent of the form; nil stays nil.
func editedImage(img *catalog.Image, f templates.SheetForm) *catalog.Image {
	if img == nil {
		return nil
	}
	out := *img
	out.Alt, out.Credit, out.Consent = f.ImageAlt, f.ImageCredit, f.ImageConsent
	return &out
}

// readEditorForm reads a posted sheet form: the form as typed, the groups left empty, and
// what was posted (the button pressed, a photo).
func (s *Server) readEditorForm(w http.ResponseWriter, r *http.Request) (templates.SheetForm, emptyGroups, postedForm, error) {
	pf, err := readPostedForm(w, r)
	if err != nil {
		return templates.SheetForm{}, emptyGroups{}, pf, err
	}
	if err := s.freshVocab(r.Context()); err != nil {
		return templates.SheetForm{}, emptyGroups{}, pf, err
	}
	f, empty := s.typedForm(r.Context(), pf)
	return f, empty, pf, nil
}

// onlyRedraws reports whether action only asks for the form again: one more empty group, or
// the terms that fit the text ticked.
func onlyRedraws(action string) bool {
	switch action {
	case templates.ActionAddVariant, templates.ActionAddResource, templates.ActionAddSection:
		return true
	}
	return suggestFocus(action) != ""
}

// showSubmissionEdit is the edit form of an open submission.
func (s *Server) showSubmissionEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := s.freshVocab(ctx); err != nil {
		return err
	}
	sub, err := s.store.SubmissionByID(ctx, id)
	if err != nil {
		return err
	}
	if sub.Status != catalog.SubmissionSubmitted && sub.Status != catalog.SubmissionQuestion {
		return seeOther(w, r, reviewURL(id))
	}
	f := s.prefilledForm(ctx, sub.Content)
	f.Change = sub.Kind == catalog.KindChange
	f.Name, f.Organisation, f.Email = sub.Submitter.Name, sub.Submitter.Organisation, sub.Submitter.Email
	padGroups(&f, "", emptyGroups{})
	return s.render(w, r, templates.SubmissionEdit(s.submissionEditProps(sub, f, "")))
}

func (s *Server) submissionEditProps(sub catalog.Submission, f templates.SheetForm, focus string) templates.SubmissionEditProps {
	action := s.submissionEditURL(sub.ID) + "?versie=" + strconv.Itoa(sub.Version)
	return templates.SubmissionEditProps{
		Page:    s.beheerPage("Inzending bewerken: " + mailTitle(sub)),
		ID:      sub.ID,
		Title:   mailTitle(sub),
		BackURL: reviewURL(sub.ID),
		Form:    s.editorFormProps(action, f, focus, true),
	}
}

// saveSubmissionEdit stores an editor's corrections to an open submission.
func (s *Server) saveSubmissionEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.URL.Query().Get("versie"))
	f, empty, pf, err := s.readEditorForm(w, r)
	if errors.Is(err, errBadForm) {
		return seeOther(w, r, s.submissionEditURL(id))
	}
	if err != nil {
		return err
	}
	action := pf.action()
	if err := s.freshVocab(ctx); err != nil {
		return err
	}
	sub, err := s.store.SubmissionByID(ctx, id)
	if err != nil {
		return err
	}
	if sub.Status != catalog.SubmissionSubmitted && sub.Status != catalog.SubmissionQuestion || sub.Version != version {
		return reviewNotices.redirect(w, r, reviewURL(id), noticeConflict)
	}
	f.Change = sub.Kind == catalog.KindChange
	f.HasUpload = sub.HasImage
	if !onlyRedraws(action) {
		f.Validate(true, s.isPlace)
		if len(f.Errors) == 0 {
			sh := sheetFromForm(f, s.vocab)
			sh.Slug = sub.Content.Slug
			sh.Image = editedImage(sub.Content.Image, f)
			submitter := catalog.Submitter{Name: f.Name, Organisation: f.Organisation, Email: f.Email}
			_, err := s.store.EditSubmission(ctx, store.Decision{SubmissionID: id, Version: version, EditorID: editorOf(r).ID}, sh, submitter)
			return s.afterDecision(w, r, id, noticeEdited, err)
		}
	}
	focus := padGroups(&f, action, empty)
	p := s.submissionEditProps(sub, f, focus)
	status := http.StatusOK
	if len(f.Errors) > 0 {
		status = http.StatusUnprocessableEntity
		p.Page.Title = "Fout: " + p.Page.Title
	}
	return s.renderPrivate(w, r, status, templates.SubmissionEdit(p))
}

// sheetEditForm is the edit form of sheet sh, prefilled.
func (s *Server) sheetEditForm(ctx context.Context, sh catalog.Sheet) *templates.SheetEditForm {
	f := s.prefilledForm(ctx, sh)
	f.Change = true
	padGroups(&f, "", emptyGroups{})
	return s.sheetEditFormOf(sh, f, "")
}

func (s *Server) sheetEditFormOf(sh catalog.Sheet, f templates.SheetForm, focus string) *templates.SheetEditForm {
	action := sheetAdminURL(sh.ID) + "?versie=" + strconv.Itoa(sh.Revision)
	props := s.editorFormProps(action, f, focus, false)
	if sh.Image != nil {
		props.SheetImage = sh.Image.File
	}
	return &templates.SheetEditForm{Form: props}
}

// saveSheetEdit stores an editor's edit of a sheet as its next revision (POST
// /beheer/fiches/{id}?versie=n).
func (s *Server) saveSheetEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	revision, _ := strconv.Atoi(r.URL.Query().Get("versie"))
	f, empty, pf, err := s.readEditorForm(w, r)
	if errors.Is(err, errBadForm) {
		return seeOther(w, r, sheetAdminURL(id))
	}
	if err != nil {
		return err
	}
	action := pf.action()
	if err := s.freshVocab(ctx); err != nil {
		return err
	}
	sh, err := s.store.SheetByID(ctx, id)
	if err != nil {
		return err
	}
	if sh.Revision != revision {
		return sheetNotices.redirect(w, r, sheetAdminURL(id), "conflict")
	}
	f.Change = true
	if !onlyRedraws(action) {
		// A published sheet is saved as it is: what it lacks (a category, a description) is
		// the data-quality list's business, not a reason to refuse an edit. What is typed is
		// checked (lengths, addresses, links, places other than those it names already), and
		// it keeps a title.
		photo, err := s.processPhoto(r, pf)
		if err != nil {
			f.ImageError = upload.Message(err)
		}
		f.Validate(false, s.placeCheck(&sh))
		if strings.TrimSpace(f.Title) == "" {
			f.Errors = append([]templates.FieldError{{Field: templates.FieldTitle, Message: "Vul de titel van de praktijk in."}}, f.Errors...)
		}
		if photo != nil && !f.RemoveImage && strings.TrimSpace(f.ImageAlt) == "" {
			f.Errors = append(f.Errors, templates.FieldError{Field: templates.FieldImageAlt,
				Message: "Beschrijf wat er op de nieuwe foto te zien is, voor wie de foto niet kan zien. Kies de foto daarna opnieuw."})
		}
		if len(f.Errors) == 0 {
			edited := sheetFromForm(f, s.vocab)
			edited.Slug = sh.Slug
			edited.Image = editedImage(sh.Image, f)
			switch {
			case f.RemoveImage:
				edited.Image, photo = nil, nil
			case photo != nil:
				edited.Image = &catalog.Image{File: photo.File, Alt: f.ImageAlt, Credit: f.ImageCredit, Consent: f.ImageConsent}
			}
			edited.ReviewNotes, edited.NeedsReview = nil, false // the store keeps the sheet's flags
			res, err := s.store.EditSheet(ctx, store.SheetEdit{SheetID: id, Revision: revision, EditorID: editorOf(r).ID, Sheet: edited, Photo: photo})
			switch {
			case errors.Is(err, catalog.ErrConflict):
				return sheetNotices.redirect(w, r, sheetAdminURL(id), "conflict")
			case err != nil:
				return err
			case !res.Changed:
				return sheetNotices.redirect(w, r, sheetAdminURL(id), "ongewijzigd")
			}
			return sheetNotices.redirect(w, r, sheetAdminURL(id), "bewaard")
		}
	}
	focus := padGroups(&f, action, empty)
	p, err := s.sheetAdminProps(r, id)
	if err != nil {
		return err
	}
	p.Edit = s.sheetEditFormOf(sh, f, focus)
	status := http.StatusOK
	if len(f.Errors) > 0 {
		status = http.StatusUnprocessableEntity
		p.Page.Title = "Fout: " + p.Page.Title
	}
	return s.renderPrivate(w, r, status, templates.SheetAdmin(p))
}
