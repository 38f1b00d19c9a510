package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/upload"
	"github.com/praktijkbank/praktijkbank/templates"
)

// The sheet form, for a new practice (/indienen) and for a change to a published one
// (/praktijken/{slug}/wijzigen). Nothing typed is ever lost: every POST first stores what was
// typed (a draft, under a private token), then validates. A POST with errors, a draft save
// with problems and "add one more group" answer with the form again, now posting to the
// submission's private page; a successful send or save ends in a 303 to that page.

// maxSimilar is how many similar sheets the form suggests.
const maxSimilar = 5

func (p *submitPages) showNewForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := p.freshVocab(ctx); err != nil {
		return err
	}
	var f templates.SheetForm
	padGroups(&f, "", emptyGroups{})
	props := templates.SubmitPageProps{
		Page:    p.page("Praktijk indienen", "Deel een goede praktijk van je gemeente met andere lokale besturen.", "/indienen", false),
		Heading: "Praktijk indienen",
		Form:    p.formProps(ctx, f, formTarget{kind: catalog.KindNew}, "/indienen", ""),
	}
	props.Page.Nav = "indienen"
	return p.render(w, r, templates.SubmitPage(props))
}

func (p *submitPages) postNew(w http.ResponseWriter, r *http.Request) error {
	pf, err := readPostedForm(w, r)
	if err != nil {
		return errBadRequest
	}
	if pf.honeypot() {
		return pretendSuccess(w, r)
	}
	if err := p.freshVocab(r.Context()); err != nil {
		return err
	}
	return p.saveFirst(w, r, pf, formTarget{kind: catalog.KindNew})
}

// saveFirst saves the first POST of a form to a new submission. A POST of a form whose key
// made a submission before (a retry after a timeout, a double click) goes to that
// submission instead, so it is never stored twice; when the first POST was stored with an
// answer, the retry gets the same answer.
func (p *submitPages) saveFirst(w http.ResponseWriter, r *http.Request, pf postedForm, t formTarget) error {
	key := pf.formKey()
	if key == "" {
		return p.saveForm(w, r, pf, t)
	}
	token := tokenOfFormKey(key)
	for attempt := 0; ; attempt++ {
		sub, err := p.store.SubmissionByToken(r.Context(), hashToken(token))
		switch {
		case errors.Is(err, catalog.ErrNotFound):
			err = p.saveForm(w, r, pf, t)
			if errors.Is(err, errFormKeyTaken) && attempt == 0 {
				continue // the same form, posted twice at once: the other POST made it
			}
			return err
		case err != nil:
			return err
		}
		if !sub.Status.Open() {
			return seeSubmission(w, r, token, flashConflict)
		}
		return p.saveForm(w, r, pf, formTarget{kind: sub.Kind, sheet: t.sheet, sub: &sub, token: token, base: t.base})
	}
}

// errFormKeyTaken: a new submission could not be stored under the token of its form's key,
// another POST of that form has just stored one.
var errFormKeyTaken = errors.New("web: the form's submission exists")

func (p *submitPages) showChangeForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := p.freshVocab(ctx); err != nil {
		return err
	}
	sh, err := p.store.SheetBySlug(ctx, chi.URLParam(r, "slug"))
	var moved *store.MovedError
	if errors.As(err, &moved) {
		http.Redirect(w, r, sheetURL(moved.Slug)+"/wijzigen", http.StatusMovedPermanently)
		return nil
	}
	if err != nil {
		return err
	}
	if sh.Status != catalog.StatusPublished {
		return catalog.ErrNotFound
	}
	f := p.prefilledForm(ctx, sh)
	f.Change, f.AskReason = true, true
	padGroups(&f, "", emptyGroups{})
	t := formTarget{kind: catalog.KindChange, sheet: &sh, base: sh.Revision}
	return p.render(w, r, templates.SubmitPage(p.changePageProps(ctx, sh, p.formProps(ctx, f, t, sheetURL(sh.Slug)+"/wijzigen", ""), "")))
}

func (p *submitPages) postChange(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pf, err := readPostedForm(w, r)
	if err != nil {
		return errBadRequest
	}
	if pf.honeypot() {
		return pretendSuccess(w, r)
	}
	if err := p.freshVocab(ctx); err != nil {
		return err
	}
	sh, err := p.store.SheetBySlug(ctx, chi.URLParam(r, "slug"))
	var moved *store.MovedError
	if errors.As(err, &moved) {
		sh, err = p.store.SheetBySlug(ctx, moved.Slug)
	}
	if err != nil {
		return err
	}
	if sh.Status != catalog.StatusPublished {
		return catalog.ErrNotFound
	}
	base, _ := strconv.Atoi(pf.values.Get(templates.FieldBaseRevision))
	return p.saveFirst(w, r, pf, formTarget{kind: catalog.KindChange, sheet: &sh, base: base})
}

func (p *submitPages) changePageProps(ctx context.Context, sh catalog.Sheet, form templates.SheetFormProps, privateURL string) templates.SubmitPageProps {
	props := templates.SubmitPageProps{
		Page:       p.page("Stel een wijziging voor: "+sh.Title, "", "", true),
		Heading:    "Stel een wijziging voor",
		Change:     true,
		Sheet:      templates.SummaryView{Title: sh.Title, URL: sheetURL(sh.Slug)},
		PrivateURL: privateURL,
		Form:       form,
	}
	props.Page.Nav = "praktijken"
	return props
}

// pretendSuccess answers a form whose honeypot was filled in as if it were sent, without
// storing anything.
func pretendSuccess(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/indienen/bedankt", http.StatusSeeOther)
	return nil
}

func (p *submitPages) showThanks(w http.ResponseWriter, r *http.Request) error {
	return p.render(w, r, templates.SubmitThanks(p.page("Bedankt", "", "", true)))
}

// formTarget is what a POST of the sheet form saves to.
type formTarget struct {
	kind  catalog.SubmissionKind
	sheet *catalog.Sheet      // a change request's published sheet, on its first save
	sub   *catalog.Submission // the stored submission; nil on the first save
	token string              // the token of sub
	base  int                 // a change request: the revision the form was filled from
}

// waiting reports whether the target is a submission the editors already have.
func (t formTarget) waiting() bool {
	return t.sub != nil && t.sub.Status != catalog.SubmissionDraft
}

// saveForm stores what was posted and answers; it is the heart of every POST of the form.
func (p *submitPages) saveForm(w http.ResponseWriter, r *http.Request, pf postedForm, t formTarget) error {
	ctx := r.Context()
	action := pf.action()
	switch {
	case t.waiting() && (action == templates.ActionSubmit || action == templates.ActionDraft || action == templates.ActionPreview):
		action = templates.ActionSave
	case !t.waiting() && (action == templates.ActionSave || action == templates.ActionAnswer):
		action = templates.ActionDraft
	}
	f, empty := p.typedForm(ctx, pf)
	f.Change = t.kind == catalog.KindChange
	f.AskReason = f.Change

	img, err := p.processPhoto(r, pf)
	if err != nil {
		f.ImageError = upload.Message(err)
	}
	hadUpload := t.sub != nil && t.sub.HasImage
	if img != nil {
		f.RemoveImage = false
	}
	f.HasUpload = img != nil || hadUpload
	complete := action == templates.ActionSubmit || action == templates.ActionSave || action == templates.ActionAnswer ||
		action == templates.ActionPreview
	f.Validate(complete, p.placeCheck(t.sheet))
	valid := len(f.Errors) == 0

	sh := sheetFromForm(f, p.vocab)
	sh.Image = photoOf(f, img, t)
	switch {
	case t.sheet != nil:
		sh.Slug = t.sheet.Slug
	case t.sub != nil:
		sh.Slug = t.sub.Content.Slug
	}
	in := store.SubmissionInput{
		Content:      sh,
		Submitter:    catalog.Submitter{Name: f.Name, Organisation: f.Organisation, Email: f.Email},
		Image:        img,
		RemoveImage:  hadUpload && f.RemoveImage,
		ChangeReason: f.ChangeReason,
	}
	// An answer to the editors' question travels with the form: both are stored together.
	answer, answerErr := "", ""
	if t.sub != nil && t.sub.Status == catalog.SubmissionQuestion {
		answer = cleanText(pf.values.Get(templates.FieldAnswer))
		answerErr = answerProblem(answer, action == templates.ActionAnswer)
		if answerErr == "" {
			in.Answer = answer
		}
	}
	token := t.token
	var hash []byte
	key := pf.formKey()
	switch {
	case t.sub != nil:
		hash = hashToken(token)
	case key != "":
		token = tokenOfFormKey(key)
		hash = hashToken(token)
	default:
		token, hash = newToken()
	}
	if key != "" {
		in.FormKey = hashToken(key)
		in.FormResult = formResult(action, valid && answerErr == "", in.Answer != "")
	}
	typed := catalog.Submission{Kind: t.kind, Content: sh, Submitter: in.Submitter}
	if t.sub != nil {
		typed.ID = t.sub.ID
	}
	var notices store.Notices
	switch {
	case in.Answer != "":
		notices.Editors = p.editorNotice(typed, noticeAnswered)
	case action == templates.ActionDraft && valid && templates.ValidEmail(f.Email):
		notices.Submitter = p.draftMail(typed, token)
	case action == templates.ActionSave && valid:
		notices.Editors = p.editorNotice(typed, noticeUpdated)
	}

	// A valid draft sent to the editors is stored and sent in one transaction: a failure
	// between the two can leave no draft behind that its submitter believes sent.
	send := valid && answerErr == "" && action == templates.ActionSubmit && !t.waiting()
	if send {
		in.Send = func(sub catalog.Submission) store.Notices {
			return store.Notices{
				Submitter: p.confirmationMail(sub, token),
				Editors:   p.editorNotice(sub, noticeSubmitted),
			}
		}
	}

	var sub catalog.Submission
	switch {
	case t.sub == nil:
		n := store.NewSubmission{Kind: t.kind, TokenHash: hash, SubmissionInput: in}
		if t.sheet != nil {
			n.SheetID, n.BaseRevision = t.sheet.ID, t.base
		}
		sub, err = p.store.CreateSubmission(ctx, n, notices)
	case t.waiting():
		sub, err = p.store.UpdateByToken(ctx, hash, in, notices)
	default:
		sub, err = p.store.SaveDraft(ctx, hash, in, notices)
	}
	var replay *store.ReplayedError
	switch {
	case errors.As(err, &replay):
		return answerAgain(w, r, token, replay.Result)
	case errors.Is(err, catalog.ErrConflict) && t.sub != nil:
		return seeSubmission(w, r, token, flashConflict)
	case errors.Is(err, catalog.ErrConflict) && key != "":
		return errFormKeyTaken
	case err != nil:
		return err
	}

	if valid && in.Answer != "" {
		return seeSubmission(w, r, token, flashAnswered)
	}
	if valid && answerErr == "" {
		switch action {
		case templates.ActionSubmit:
			return seeSubmission(w, r, token, flashSent)
		case templates.ActionPreview:
			http.Redirect(w, r, previewPath(token), http.StatusSeeOther)
			return nil
		case templates.ActionDraft:
			return seeSubmission(w, r, token, flashDraft)
		case templates.ActionSave:
			return seeSubmission(w, r, token, flashSaved)
		}
	}

	// Errors, or a group to add: the form again, as typed, now posting to the private page.
	focus := padGroups(&f, action, empty)
	f.HasUpload, f.RemoveImage = sub.HasImage, false
	form := p.formProps(ctx, f, formTarget{kind: sub.Kind, sub: &sub, token: token}, submissionPath(token), focus)
	if t.sub == nil {
		private := p.absolute(submissionPath(token))
		if t.sheet != nil {
			return p.render(w, r, templates.SubmitPage(p.changePageProps(ctx, *t.sheet, form, private)))
		}
		props := templates.SubmitPageProps{
			Page:       p.page("Praktijk indienen", "", "", true),
			Heading:    "Praktijk indienen",
			PrivateURL: private,
			Form:       form,
		}
		props.Page.Nav = "indienen"
		return p.render(w, r, templates.SubmitPage(props))
	}
	props, err := p.submissionPageProps(ctx, sub, token)
	if err != nil {
		return err
	}
	if in.Answer == "" {
		props.Answer, props.AnswerError = answer, answerErr
	}
	props.Form, props.OpenForm = &form, true
	return p.render(w, r, templates.SubmissionPage(props))
}

// resultPreview is the stored answer of a POST that led to "Controleer je inzending".
const resultPreview = "controle"

// formResult is the answer a POST of the sheet form gets when it is stored (see saveForm),
// as remembered with its form key: a flash of the private page, resultPreview, or "" when
// the form is shown again.
func formResult(action string, ok, answered bool) string {
	if !ok {
		return ""
	}
	if answered {
		return flashAnswered
	}
	switch action {
	case templates.ActionSubmit:
		return flashSent
	case templates.ActionPreview:
		return resultPreview
	case templates.ActionDraft:
		return flashDraft
	case templates.ActionSave:
		return flashSaved
	}
	return ""
}

// answerAgain answers a retried POST as the first one was answered.
func answerAgain(w http.ResponseWriter, r *http.Request, token, result string) error {
	if result == resultPreview {
		http.Redirect(w, r, previewPath(token), http.StatusSeeOther)
		return nil
	}
	return seeSubmission(w, r, token, result)
}

// photoOf is the image of the proposed sheet: a photo uploaded now, the stored photo unless
// the submitter removed it, or the photo of the published sheet a change keeps.
func photoOf(f templates.SheetForm, img *store.SubmissionImage, t formTarget) *catalog.Image {
	file := ""
	switch {
	case img != nil:
		file = img.File
	case t.sub != nil && t.sub.HasImage && !f.RemoveImage:
		file = "foto"
		if t.sub.Content.Image != nil && t.sub.Content.Image.File != "" {
			file = t.sub.Content.Image.File
		}
	case t.sub != nil && !t.sub.HasImage && t.sub.Content.Image != nil:
		file = t.sub.Content.Image.File // the published sheet's photo, kept by a change
	case t.sub == nil && t.sheet != nil && t.sheet.Image != nil:
		file = t.sheet.Image.File
	}
	if file == "" {
		return nil
	}
	return &catalog.Image{File: file, Alt: f.ImageAlt, Credit: f.ImageCredit, Consent: f.ImageConsent}
}

// processPhoto checks and re-encodes the posted photo within the memory budget of photos,
// under the client's address (see upload.Budget). It returns nil without error when no photo
// was sent.
func (s *Server) processPhoto(r *http.Request, pf postedForm) (*store.SubmissionImage, error) {
	if pf.fileErr != nil {
		return nil, pf.fileErr
	}
	if pf.file == nil {
		return nil, nil
	}
	client, _ := clientAddress(r)
	res, err := s.photos.Process(r.Context(), client, pf.file, upload.Limits{})
	if err != nil {
		return nil, err
	}
	return &store.SubmissionImage{
		File: pf.fileName, ContentType: res.ContentType, Data: res.Full, Thumb: res.Thumb,
		Width: res.Width, Height: res.Height,
	}, nil
}

// placeCheck returns the test of typed municipality names: a municipality of the vocabulary,
// or a place the published sheet of a change request already names (imported sheets may name
// places that are no municipality).
func (s *Server) placeCheck(sheet *catalog.Sheet) func(name string) bool {
	known := map[string]bool{}
	if sheet != nil {
		for _, v := range sheet.Variants {
			for _, pl := range v.Places {
				known[catalog.Fold(pl.Name)] = true
			}
		}
		for _, label := range sheet.Terms[catalog.FacetMunicipality] {
			known[catalog.Fold(label)] = true
		}
	}
	return func(name string) bool {
		_, ok := matchPlace(s.vocab, name)
		return ok || known[catalog.Fold(name)]
	}
}

// formProps completes the form's props: choices, the stored photo, similar sheets.
func (p *submitPages) formProps(ctx context.Context, f templates.SheetForm, t formTarget, action, focus string) templates.SheetFormProps {
	props := templates.SheetFormProps{Action: action, Form: f, Options: p.formOptions(), Focus: focus, BaseRevision: t.base,
		Key: newFormKey()}
	if t.sub != nil {
		props.Status = t.sub.Status
		if t.sub.HasImage {
			props.ImageURL = submissionPath(t.token) + "/foto?v=" + strconv.Itoa(t.sub.Version)
		} else if img := t.sub.Content.Image; img != nil {
			props.SheetImage = img.File
		}
	} else if t.sheet != nil && t.sheet.Image != nil {
		props.SheetImage = t.sheet.Image.File
	}
	if t.kind == catalog.KindNew && f.Title != "" && (t.sub == nil || t.sub.Status == catalog.SubmissionDraft) {
		similar, err := p.store.SimilarSheets(ctx, f.Title, maxSimilar)
		if err == nil { // a suggestion only: the form works without it
			props.Similar = summaryViews(similar)
		}
	}
	return props
}

// submissionPath is the path of the private page that token opens.
func submissionPath(token string) string { return paths.Submission(token) }

// seeSubmission ends a POST with a 303 to the private page, with a message to show there.
func seeSubmission(w http.ResponseWriter, r *http.Request, token, flash string) error {
	http.Redirect(w, r, submissionNotices.url(submissionPath(token), flash), http.StatusSeeOther)
	return nil
}

// suggestedTerms answers the sheet form's script with the terms of a facet (facet=doel or
// doelgroep) that fit the text typed (tekst, one goal or target group a line), as JSON.
func (p *submitPages) suggestedTerms(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var facet catalog.Facet
	switch r.URL.Query().Get("facet") {
	case templates.FieldGoal:
		facet = catalog.FacetGoal
	case templates.FieldTargetGroup:
		facet = catalog.FacetTargetGroup
	default:
		return errBadRequest
	}
	text := cleanText(r.URL.Query().Get("tekst"))
	if utf8.RuneCountInString(text) > templates.MaxRichText {
		return errBadRequest
	}
	if err := p.freshVocab(ctx); err != nil {
		return err
	}
	labels, _, err := p.store.SuggestTerms(ctx, facet, sentenceLines(text))
	if err != nil {
		return err
	}
	type term struct {
		Slug  string `json:"slug"`
		Label string `json:"label"`
	}
	out := struct {
		Terms []term `json:"terms"`
	}{Terms: []term{}}
	for _, l := range labels {
		if t, ok := p.vocab.byFoldedLabel(facet, l); ok {
			out.Terms = append(out.Terms, term{t.Slug, t.Label})
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(out)
}
