package web

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// The submitter's private page, /indiening/{token}: the status in plain Dutch, the
// conversation with the editors, the answer to a question, and the form while the submission
// is open. The token is the only key: whoever has it may read and edit; nobody else can tell
// that the submission exists.

// tokenPattern is the shape of the tokens newToken makes; anything else is not looked up.
var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// submissionOf returns the submission the request's token opens, or ErrNotFound.
func (p *submitPages) submissionOf(r *http.Request) (catalog.Submission, string, error) {
	token := chi.URLParam(r, "token")
	if !tokenPattern.MatchString(token) {
		return catalog.Submission{}, "", catalog.ErrNotFound
	}
	sub, err := p.store.SubmissionByToken(r.Context(), hashToken(token))
	if err != nil {
		return sub, token, err
	}
	if !strings.HasSuffix(r.URL.Path, "/foto") { // the photo is part of the page
		if err := p.auditLinkUse(r, "submission", sub.ID, nil); err != nil {
			return sub, token, err
		}
	}
	return sub, token, nil
}

func (p *submitPages) showSubmission(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sub, token, err := p.submissionOf(r)
	if err != nil {
		return err
	}
	props, err := p.submissionPageProps(ctx, sub, token)
	if err != nil {
		return err
	}
	props.Flash, props.Notice = flashMessage(submissionNotices.key(r), sub)
	p.addForm(ctx, &props, sub, token)
	return p.render(w, r, templates.SubmissionPage(props))
}

func (p *submitPages) postSubmission(w http.ResponseWriter, r *http.Request) error {
	sub, token, err := p.submissionOf(r)
	if err != nil {
		return err
	}
	pf, err := readPostedForm(w, r)
	if err != nil {
		return errBadRequest
	}
	if pf.honeypot() {
		return pretendSuccess(w, r)
	}
	if !sub.Status.Open() {
		return seeSubmission(w, r, token, flashConflict)
	}
	t := formTarget{kind: sub.Kind, sub: &sub, token: token}
	if sub.Kind == catalog.KindChange {
		sh, err := p.changedSheet(r.Context(), sub)
		if err != nil {
			return err
		}
		t.sheet = sh
	}
	return p.saveForm(w, r, pf, t)
}

// changedSheet returns the published sheet a change request is about, nil when it is gone.
func (p *submitPages) changedSheet(ctx context.Context, sub catalog.Submission) (*catalog.Sheet, error) {
	slug, err := p.store.SubmissionSheetSlug(ctx, sub.ID)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sh, err := p.store.SheetBySlug(ctx, slug)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &sh, nil
}

func (p *submitPages) postAnswer(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sub, token, err := p.submissionOf(r)
	if err != nil {
		return err
	}
	pf, err := readPostedForm(w, r)
	if err != nil {
		return errBadRequest
	}
	if sub.Status != catalog.SubmissionQuestion {
		return seeSubmission(w, r, token, flashConflict)
	}
	answer := sheetform.CleanText(pf.values.Get(sheetform.FieldAnswer))
	problem := sheetform.AnswerProblem(answer, true)
	if problem == "" {
		_, err := p.store.AnswerQuestion(ctx, hashToken(token), answer, store.Notices{Editors: p.editorNotice(sub, noticeAnswered)})
		if errors.Is(err, catalog.ErrConflict) {
			return seeSubmission(w, r, token, flashConflict)
		}
		if err != nil {
			return err
		}
		return seeSubmission(w, r, token, flashAnswered)
	}
	props, err := p.submissionPageProps(ctx, sub, token)
	if err != nil {
		return err
	}
	props.Answer, props.AnswerError = answer, problem
	p.addForm(ctx, &props, sub, token)
	return p.render(w, r, templates.SubmissionPage(props))
}

// showPhoto serves the thumbnail of the submission's photo to its submitter.
func (p *submitPages) showPhoto(w http.ResponseWriter, r *http.Request) error {
	sub, _, err := p.submissionOf(r)
	if err != nil {
		return err
	}
	if !sub.HasImage {
		return catalog.ErrNotFound
	}
	img, err := p.store.SubmissionImage(r.Context(), sub.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", img.ContentType)
	_, _ = w.Write(img.Thumb)
	return nil
}

// submissionPageProps fills the private page without its form.
func (p *submitPages) submissionPageProps(ctx context.Context, sub catalog.Submission, token string) (templates.SubmissionPageProps, error) {
	props := templates.SubmissionPageProps{
		Page:         p.page("Je inzending", "", "", true),
		Title:        sub.Content.Title,
		Kind:         sub.Kind,
		Status:       sub.Status,
		PrivateURL:   p.absolute(submissionPath(token)),
		AnswerAction: submissionPath(token) + "/antwoord",
		Reason:       sub.Reason,
		Email:        sub.Submitter.Email,
		Submitted:    sub.SubmittedAt,
	}
	for _, m := range sub.Messages {
		props.Messages = append(props.Messages, templates.MessageView{FromEditor: m.Author == "editor", Body: m.Body, At: m.CreatedAt})
	}
	if sub.Kind == catalog.KindChange || sub.Status == catalog.SubmissionApproved {
		slug, err := p.store.SubmissionSheetSlug(ctx, sub.ID)
		switch {
		case err == nil:
			if sh, err := p.store.SheetBySlug(ctx, slug); err == nil && sh.Status == catalog.StatusPublished {
				props.SheetURL, props.SheetTitle = sheetURL(sh.Slug), sh.Title
			}
		case !errors.Is(err, catalog.ErrNotFound):
			return props, err
		}
	}
	return props, nil
}

// addForm adds the form to the private page while the submission is open.
func (p *submitPages) addForm(ctx context.Context, props *templates.SubmissionPageProps, sub catalog.Submission, token string) {
	if !sub.Status.Open() {
		return
	}
	f := p.prefilled(ctx, sheetform.FromSubmission(sub, p.formVocab(ctx)))
	f.AskReason = f.Change
	f.Pad("", sheetform.EmptyGroups{})
	form := p.formProps(ctx, f, formTarget{kind: sub.Kind, sub: &sub, token: token}, submissionPath(token), "")
	props.Form = &form
	props.OpenForm = sub.Status == catalog.SubmissionDraft
}

// withheldMail says that no mail went to addr because it had its mails of the day.
func withheldMail(addr string) string {
	return "Naar " + addr + " stuurden we vandaag al " + strconv.Itoa(store.MaxUnconfirmedMailsPerDay) +
		" mails, daarom deze keer geen mail. Bewaar je persoonlijke link hieronder."
}

// flashMessage says what just happened, from the notice key of a redirect (submissionNotices):
// a confirmation, or a notice of a problem. A confirmation shows only while it is still true
// of the submission; those of a sent submission and a draft name the stored address.
func flashMessage(key string, sub catalog.Submission) (flash, notice string) {
	switch key {
	case flashSent:
		if sub.Status != catalog.SubmissionSubmitted {
			return "", ""
		}
	case flashDraft:
		if sub.Status != catalog.SubmissionDraft {
			return "", ""
		}
	case flashConflict:
		if !sub.Status.Open() {
			key = flashHandled
		}
	}
	n, ok := submissionNotices.texts[key]
	switch {
	case !ok:
		return "", ""
	case n.Alert:
		return "", n.Text
	case (key == flashSent || key == flashDraft) && sub.MailWithheld:
		return n.Text + " " + withheldMail(sub.Submitter.Email), ""
	case key == flashSent:
		return n.Text + " We stuurden een bevestiging naar " + sub.Submitter.Email + ".", ""
	case key == flashDraft && sub.Submitter.Email != "" && sheetform.ValidEmail(sub.Submitter.Email):
		return n.Text + " We stuurden de link ook naar " + sub.Submitter.Email + ".", ""
	}
	return n.Text, ""
}
