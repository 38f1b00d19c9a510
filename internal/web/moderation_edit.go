package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
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

// formOptions lists the current terms the sheet form offers, to submitters and editors alike.
func (s *Server) formOptions(ctx context.Context) templates.FormOptions {
	choices := func(f catalog.Facet) []templates.Choice {
		terms := s.vocabOf(ctx).currentTerms(f)
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
	for _, t := range s.vocabOf(ctx).currentTerms(catalog.FacetMunicipality) {
		o.Municipalities = append(o.Municipalities, t.Label)
	}
	return o
}

// editorFormProps completes a sheet form for an editor. The form shows its "save changes"
// button (a waiting submission's), never the submitter's "send" and "draft".
// A submission's form also shows who sent it (showSubmitter); a published sheet's does not.
func (s *Server) editorFormProps(ctx context.Context, action string, f sheetform.Form, focus string, showSubmitter bool) templates.SheetFormProps {
	return templates.SheetFormProps{Action: action, Status: catalog.SubmissionSubmitted, Form: f,
		Options: s.formOptions(ctx), Focus: focus, Editor: true, ShowSubmitter: showSubmitter}
}

// showSubmissionEdit is the edit form of an open submission.
func (s *Server) showSubmissionEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	sub, err := s.store.SubmissionByID(ctx, id)
	if err != nil {
		return err
	}
	if sub.Status != catalog.SubmissionSubmitted && sub.Status != catalog.SubmissionQuestion {
		return seeOther(w, r, reviewURL(id))
	}
	f := s.prefilled(ctx, sheetform.FromSubmission(sub, s.formVocab(ctx)))
	f.Pad("", sheetform.EmptyGroups{})
	return s.render(w, r, templates.SubmissionEdit(s.submissionEditProps(ctx, sub, f, "")))
}

func (s *Server) submissionEditProps(ctx context.Context, sub catalog.Submission, f sheetform.Form, focus string) templates.SubmissionEditProps {
	action := s.submissionEditURL(sub.ID) + "?versie=" + strconv.Itoa(sub.Version)
	return templates.SubmissionEditProps{
		Page:    s.beheerPage("Inzending bewerken: " + mailTitle(sub)),
		ID:      sub.ID,
		Title:   mailTitle(sub),
		BackURL: reviewURL(sub.ID),
		Form:    s.editorFormProps(ctx, action, f, focus, true),
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
	pf, err := s.readSheetPost(w, r)
	if errors.Is(err, errBadForm) {
		return seeOther(w, r, s.submissionEditURL(id))
	}
	if err != nil {
		return err
	}
	sub, err := s.store.SubmissionByID(ctx, id)
	if err != nil {
		return err
	}
	if sub.Status != catalog.SubmissionSubmitted && sub.Status != catalog.SubmissionQuestion || sub.Version != version {
		return reviewNotices.redirect(w, r, reviewURL(id), noticeConflict)
	}
	return s.saveSheetForm(r, pf, pf.action(), sheetSave{
		complete: true,
		isPlace:  sheetform.PlaceCheck(s.formVocab(ctx), nil),
		prepare: func(f *sheetform.Form, _ *store.SubmissionImage) {
			f.Change = sub.Kind == catalog.KindChange
			f.HasUpload = sub.HasImage
		},
		store: func(f *sheetform.Form, _ *store.SubmissionImage) (bool, error) {
			sh := f.Sheet(s.formVocab(ctx))
			sh.Slug = sub.Content.Slug
			sh.Image = f.Image(sub.Content.Image)
			_, err := s.store.EditSubmission(ctx, store.Decision{SubmissionID: id, Version: version, EditorID: editorOf(r).ID}, sh, f.Submitter())
			return true, s.afterDecision(w, r, id, noticeEdited, err)
		},
		again: func(f sheetform.Form, _ *store.SubmissionImage, focus string) error {
			p := s.submissionEditProps(ctx, sub, f, focus)
			return s.renderPrivate(w, r, editorFormStatus(f, &p.Page), templates.SubmissionEdit(p))
		},
	})
}

// editorFormStatus is the status of an editor's form shown again: 422 when it has errors,
// which the page's title then starts with.
func editorFormStatus(f sheetform.Form, page *templates.Page) int {
	if len(f.Errors) == 0 {
		return http.StatusOK
	}
	page.Title = "Fout: " + page.Title
	return http.StatusUnprocessableEntity
}

// sheetEditForm is the edit form of sheet sh, prefilled.
func (s *Server) sheetEditForm(ctx context.Context, sh catalog.Sheet) *templates.SheetEditForm {
	f := s.prefilled(ctx, sheetform.FromSheet(sh, s.formVocab(ctx)))
	f.Change = true
	f.Pad("", sheetform.EmptyGroups{})
	return s.sheetEditFormOf(ctx, sh, f, "")
}

func (s *Server) sheetEditFormOf(ctx context.Context, sh catalog.Sheet, f sheetform.Form, focus string) *templates.SheetEditForm {
	action := sheetAdminURL(sh.ID) + "?versie=" + strconv.Itoa(sh.Revision)
	props := s.editorFormProps(ctx, action, f, focus, false)
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
	pf, err := s.readSheetPost(w, r)
	if errors.Is(err, errBadForm) {
		return seeOther(w, r, sheetAdminURL(id))
	}
	if err != nil {
		return err
	}
	sh, err := s.store.SheetByID(ctx, id)
	if err != nil {
		return err
	}
	if sh.Revision != revision {
		return sheetNotices.redirect(w, r, sheetAdminURL(id), "conflict")
	}
	return s.saveSheetForm(r, pf, pf.action(), sheetSave{
		photo: true,
		// A published sheet is saved as it is: what it lacks (a category, a description) is
		// the data-quality list's business, not a reason to refuse an edit. What is typed is
		// checked (lengths, addresses, links, places other than those it names already), and
		// it keeps a title.
		complete: false,
		isPlace:  sheetform.PlaceCheck(s.formVocab(ctx), &sh),
		prepare:  func(f *sheetform.Form, _ *store.SubmissionImage) { f.Change = true },
		kept: func(f *sheetform.Form, posted *store.SubmissionImage) *store.SubmissionImage {
			return s.pendingPhoto(ctx, f, posted, editorOf(r).ID, id)
		},
		check: func(f *sheetform.Form, photo *store.SubmissionImage) {
			if strings.TrimSpace(f.Title) == "" {
				f.Errors = append([]sheetform.FieldError{{Field: sheetform.FieldTitle, Message: "Vul de titel van de praktijk in."}}, f.Errors...)
			}
			if photo != nil && !f.RemoveImage && strings.TrimSpace(f.ImageAlt) == "" {
				f.Errors = append(f.Errors, sheetform.FieldError{Field: sheetform.FieldImageAlt,
					Message: "Beschrijf wat er op de nieuwe foto te zien is, voor wie de foto niet kan zien."})
			}
		},
		store: func(f *sheetform.Form, photo *store.SubmissionImage) (bool, error) {
			edited := f.Sheet(s.formVocab(ctx))
			edited.Slug = sh.Slug
			edited.Image = f.Image(sh.Image)
			switch {
			case f.RemoveImage:
				edited.Image, photo = nil, nil
			case photo != nil:
				edited.Image = &catalog.Image{File: photo.File, Alt: f.ImageAlt, Credit: f.ImageCredit, Consent: f.ImageConsent}
			}
			edited.ReviewNotes, edited.NeedsReview = nil, false // the store keeps the sheet's flags
			res, err := s.store.EditSheet(ctx, store.SheetEdit{SheetID: id, Revision: revision, EditorID: editorOf(r).ID, Sheet: edited, Photo: photo})
			if err == nil {
				s.dropPendingPhoto(ctx, f.PendingPhoto)
			}
			switch {
			case errors.Is(err, catalog.ErrConflict):
				return true, sheetNotices.redirect(w, r, sheetAdminURL(id), "conflict")
			case err != nil:
				return true, err
			case !res.Changed:
				return true, sheetNotices.redirect(w, r, sheetAdminURL(id), "ongewijzigd")
			}
			return true, sheetNotices.redirect(w, r, sheetAdminURL(id), "bewaard")
		},
		again: func(f sheetform.Form, photo *store.SubmissionImage, focus string) error {
			p, err := s.sheetAdminProps(r, id)
			if err != nil {
				return err
			}
			p.Edit = s.sheetEditFormOf(ctx, sh, f, focus)
			if err := s.keepPhoto(ctx, &p.Edit.Form, photo, editorOf(r).ID, id); err != nil {
				return err
			}
			return s.renderPrivate(w, r, editorFormStatus(f, &p.Page), templates.SheetAdmin(p))
		},
	})
}
