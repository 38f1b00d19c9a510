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
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
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
	var f sheetform.Form
	f.Pad("", sheetform.EmptyGroups{})
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
	f := p.prefilled(ctx, sheetform.FromSheet(sh, p.formVocab(ctx)))
	f.Change, f.AskReason = true, true
	f.Pad("", sheetform.EmptyGroups{})
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
	base, _ := strconv.Atoi(pf.values.Get(sheetform.FieldBaseRevision))
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

// action is what the button pressed does to this target: a submission the editors have
// is saved (never sent or drafted again); a draft is drafted (never saved or answered).
func (t formTarget) action(pressed string) string {
	switch {
	case t.waiting() && (pressed == sheetform.ActionSubmit || pressed == sheetform.ActionDraft || pressed == sheetform.ActionPreview):
		return sheetform.ActionSave
	case !t.waiting() && (pressed == sheetform.ActionSave || pressed == sheetform.ActionAnswer):
		return sheetform.ActionDraft
	}
	return pressed
}

// submitterPost is one POST of the submitter's form, as saveForm stores it.
type submitterPost struct {
	t         formTarget
	action    string // the button pressed, as the target understands it
	token     string // the private token of the submission
	hash      []byte // its hash
	key       string // the key of the form's rendering, "" when none
	answer    string // the answer to the editors' question, as typed
	answerErr string // what is wrong with the answer
}

// answered is the answer stored with the form: the answer typed, unless it has a problem.
func (sp submitterPost) answered() string {
	if sp.answerErr != "" {
		return ""
	}
	return sp.answer
}

// saveForm stores what the submitter posted and answers: every post is stored first (a draft
// under a private token), then checked; see saveSheetForm.
func (p *submitPages) saveForm(w http.ResponseWriter, r *http.Request, pf postedForm, t formTarget) error {
	ctx := r.Context()
	sp := submitterPost{t: t, action: t.action(pf.action()), token: t.token, key: pf.formKey()}
	switch {
	case t.sub != nil:
		sp.hash = hashToken(sp.token)
	case sp.key != "":
		sp.token = tokenOfFormKey(sp.key)
		sp.hash = hashToken(sp.token)
	default:
		sp.token, sp.hash = newToken()
	}
	token := sp.token
	// An answer to the editors' question travels with the form: both are stored together.
	if t.sub != nil && t.sub.Status == catalog.SubmissionQuestion {
		sp.answer = sheetform.CleanText(pf.values.Get(sheetform.FieldAnswer))
		sp.answerErr = sheetform.AnswerProblem(sp.answer, sp.action == sheetform.ActionAnswer)
	}
	hadUpload := t.sub != nil && t.sub.HasImage
	var sub catalog.Submission // as stored
	return p.saveSheetForm(r, pf, sp.action, sheetSave{
		keepTyped: true,
		photo:     true,
		complete:  sheetform.Sends(sp.action),
		isPlace:   sheetform.PlaceCheck(p.formVocab(ctx), t.sheet),
		prepare: func(f *sheetform.Form, img *store.SubmissionImage) {
			f.Change = t.kind == catalog.KindChange
			f.AskReason = f.Change
			if img != nil {
				f.RemoveImage = false
			}
			f.HasUpload = img != nil || hadUpload
		},
		store: func(f *sheetform.Form, img *store.SubmissionImage) (bool, error) {
			var err error
			sub, err = p.storeTyped(ctx, sp, *f, img)
			var replay *store.ReplayedError
			switch {
			case errors.As(err, &replay):
				return true, answerAgain(w, r, token, replay.Result)
			case errors.Is(err, catalog.ErrConflict) && t.sub != nil:
				return true, seeSubmission(w, r, token, flashConflict)
			case errors.Is(err, catalog.ErrConflict) && sp.key != "":
				return true, errFormKeyTaken
			case err != nil:
				return true, err
			}
			f.HasUpload, f.RemoveImage = sub.HasImage, false
			if res := sp.result(*f); res != "" {
				return true, answerAgain(w, r, token, res)
			}
			return false, nil // errors, or a group to add: the form again
		},
		again: func(f sheetform.Form, _ *store.SubmissionImage, focus string) error {
			// The form again, as typed, now posting to the private page.
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
			if sp.answered() == "" {
				props.Answer, props.AnswerError = sp.answer, sp.answerErr
			}
			props.Form, props.OpenForm = &form, true
			return p.render(w, r, templates.SubmissionPage(props))
		},
	})
}

// storeTyped stores form f of post sp as typed (with the photo img and the answer to a
// question, when given): a new submission, or the stored one updated. It queues the mails
// that go with the save; a valid draft sent to the editors is sent in the same transaction.
func (p *submitPages) storeTyped(ctx context.Context, sp submitterPost, f sheetform.Form, img *store.SubmissionImage) (catalog.Submission, error) {
	t, action, token := sp.t, sp.action, sp.token
	valid := len(f.Errors) == 0
	sh := f.Sheet(p.formVocab(ctx))
	sh.Image = photoOf(f, img, t)
	switch {
	case t.sheet != nil:
		sh.Slug = t.sheet.Slug
	case t.sub != nil:
		sh.Slug = t.sub.Content.Slug
	}
	in := store.SubmissionInput{
		Content:      sh,
		Submitter:    f.Submitter(),
		Image:        img,
		RemoveImage:  t.sub != nil && t.sub.HasImage && f.RemoveImage,
		ChangeReason: f.ChangeReason,
		Answer:       sp.answered(),
	}
	if sp.key != "" {
		in.FormKey = hashToken(sp.key)
		in.FormResult = sp.result(f)
	}
	typed := catalog.Submission{Kind: t.kind, Content: sh, Submitter: in.Submitter}
	if t.sub != nil {
		typed.ID = t.sub.ID
	}
	var notices store.Notices
	switch {
	case in.Answer != "":
		notices.Editors = p.editorNotice(typed, noticeAnswered)
	case action == sheetform.ActionDraft && valid && sheetform.ValidEmail(f.Email):
		notices.Submitter = p.draftMail(typed, token)
	case action == sheetform.ActionSave && valid:
		notices.Editors = p.editorNotice(typed, noticeUpdated)
	}
	// A valid draft sent to the editors is stored and sent in one transaction: a failure
	// between the two can leave no draft behind that its submitter believes sent.
	if valid && action == sheetform.ActionSubmit && !t.waiting() {
		in.Send = func(sub catalog.Submission) store.Notices {
			return store.Notices{
				Submitter: p.confirmationMail(sub, token),
				Editors:   p.editorNotice(sub, noticeSubmitted),
			}
		}
	}
	switch {
	case t.sub == nil:
		n := store.NewSubmission{Kind: t.kind, TokenHash: sp.hash, SubmissionInput: in}
		if t.sheet != nil {
			n.SheetID, n.BaseRevision = t.sheet.ID, t.base
		}
		return p.store.CreateSubmission(ctx, n, notices)
	case t.waiting():
		return p.store.UpdateByToken(ctx, sp.hash, in, notices)
	default:
		return p.store.SaveDraft(ctx, sp.hash, in, notices)
	}
}

// resultPreview is the stored answer of a POST that led to "Controleer je inzending".
const resultPreview = "controle"

// result is the answer post sp gets once form f is stored, as remembered with its form key
// too: a flash of the private page, resultPreview, or "" when the form is shown again (it has
// errors, the answer has a problem, or a button asked for one more group).
func (sp submitterPost) result(f sheetform.Form) string {
	if len(f.Errors) > 0 || sp.answerErr != "" {
		return ""
	}
	if sp.answered() != "" {
		return flashAnswered
	}
	switch sp.action {
	case sheetform.ActionSubmit:
		return flashSent
	case sheetform.ActionPreview:
		return resultPreview
	case sheetform.ActionDraft:
		return flashDraft
	case sheetform.ActionSave:
		return flashSaved
	}
	return ""
}

// answerAgain answers a POST with its result (see submitterPost.result): the private page
// with its flash, or the sheet as it will be published. A retried POST gets the first one's.
func answerAgain(w http.ResponseWriter, r *http.Request, token, result string) error {
	if result == resultPreview {
		http.Redirect(w, r, previewPath(token), http.StatusSeeOther)
		return nil
	}
	return seeSubmission(w, r, token, result)
}

// photoOf is the image of the proposed sheet: a photo uploaded now, the stored photo unless
// the submitter removed it, or the photo of the published sheet a change keeps.
func photoOf(f sheetform.Form, img *store.SubmissionImage, t formTarget) *catalog.Image {
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

// formProps completes the form's props: choices, the stored photo, similar sheets.
func (p *submitPages) formProps(ctx context.Context, f sheetform.Form, t formTarget, action, focus string) templates.SheetFormProps {
	props := templates.SheetFormProps{Action: action, Form: f, Options: p.formOptions(ctx), Focus: focus, BaseRevision: t.base,
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
	case sheetform.FieldGoal:
		facet = catalog.FacetGoal
	case sheetform.FieldTargetGroup:
		facet = catalog.FacetTargetGroup
	default:
		return errBadRequest
	}
	text := sheetform.CleanText(r.URL.Query().Get("tekst"))
	if utf8.RuneCountInString(text) > sheetform.MaxRichText {
		return errBadRequest
	}
	labels, _, err := p.store.SuggestTerms(ctx, facet, sheetform.SentenceLines(text))
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
		if t, ok := p.vocabOf(ctx).byFoldedLabel(facet, l); ok {
			out.Terms = append(out.Terms, term{t.Slug, t.Label})
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(out)
}
