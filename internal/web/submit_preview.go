package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// "Controleer je inzending" (/indiening/{token}/controle): before a draft goes to the editors,
// its submitter sees the sheet as it will be published, drawn by the component of the public
// page, with a way back to each part of the form, and sends it from there.

func previewPath(token string) string { return submissionPath(token) + "/controle" }

// previewParts are the parts of the form the preview leads back to, by the id of their
// section in the form.
var previewParts = []struct{ id, label string }{
	{"deel-praktijk", "Titel en inleiding"},
	{"deel-themas", "Thema’s, doelen en doelgroep"},
	{"deel-beschrijving", "Beschrijving"},
	{"deel-gemeenten", "Gemeenten en contactpersonen"},
	{"deel-materiaal", "Materiaal"},
	{"deel-contact", "Contact"},
	{"deel-foto", "Foto"},
}

func (p *submitPages) showPreview(w http.ResponseWriter, r *http.Request) error {
	sub, token, err := p.submissionOf(r)
	if err != nil {
		return err
	}
	if sub.Status != catalog.SubmissionDraft {
		return seeSubmission(w, r, token, "")
	}
	if ok, err := p.readyToSend(r, sub); err != nil || !ok {
		if err != nil {
			return err
		}
		return seeSubmission(w, r, token, "") // the form says what is missing
	}
	props := templates.PreviewProps{
		Page:    p.page("Controleer je inzending", "", "", true),
		View:    p.sheetView(r.Context(), sub.Content, templates.SheetReview, nil),
		Action:  previewPath(token),
		Version: sub.Version,
		Key:     newFormKey(),
		FormURL: submissionPath(token),
	}
	for _, part := range previewParts {
		props.Parts = append(props.Parts, templates.Option{Value: submissionPath(token) + "#" + part.id, Label: part.label})
	}
	props.Page.Nav = "indienen"
	return p.render(w, r, templates.PreviewPage(props))
}

// postPreview sends the draft as it was checked: a draft changed since (in another window)
// is not sent, and the private page says so.
func (p *submitPages) postPreview(w http.ResponseWriter, r *http.Request) error {
	sub, token, err := p.submissionOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	version, err := strconv.Atoi(r.PostFormValue("versie"))
	if err != nil {
		return errBadRequest
	}
	if ok, err := p.readyToSend(r, sub); err != nil || !ok {
		if err != nil {
			return err
		}
		return seeSubmission(w, r, token, "")
	}
	var key []byte
	if k := r.PostFormValue(sheetform.FieldFormKey); tokenPattern.MatchString(k) {
		key = hashToken(k)
	}
	_, err = p.store.SubmitForm(r.Context(), hashToken(token), version, key, flashSent, store.Notices{
		Submitter: p.confirmationMail(sub, token),
		Editors:   p.editorNotice(sub, noticeSubmitted),
	})
	var replay *store.ReplayedError
	if errors.As(err, &replay) {
		return answerAgain(w, r, token, replay.Result)
	}
	if errors.Is(err, catalog.ErrConflict) {
		return seeSubmission(w, r, token, flashConflict)
	}
	if err != nil {
		return err
	}
	return seeSubmission(w, r, token, flashSent)
}

// readyToSend reports whether draft sub is complete enough to send, as the form checks it.
func (p *submitPages) readyToSend(r *http.Request, sub catalog.Submission) (bool, error) {
	ctx := r.Context()
	f := sheetform.FromSubmission(sub, p.formVocab(ctx))
	f.AskReason = f.Change
	var sheet *catalog.Sheet
	if f.Change {
		sh, err := p.changedSheet(r.Context(), sub)
		if err != nil {
			return false, err
		}
		sheet = sh
	}
	f.Validate(true, sheetform.PlaceCheck(p.formVocab(ctx), sheet))
	return len(f.Errors) == 0, nil
}
