package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/diff"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// showReview is /beheer/inzendingen/{id}.
func (s *Server) showReview(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.reviewProps(r.Context(), id)
	if err != nil {
		return err
	}
	p.Notice = reviewNotices.of(r)
	if p.Notice != nil && reviewNotices.key(r) == noticePublished && p.PublishedURL != "" {
		p.Notice.LinkText, p.Notice.LinkURL = "Bekijk de fiche", p.PublishedURL
	}
	return s.render(w, r, templates.Review(p))
}

// reviewProps gathers everything the review page of submission id shows.
func (s *Server) reviewProps(ctx context.Context, id int64) (templates.ReviewProps, error) {
	rv, err := s.store.ReviewSubmission(ctx, id)
	if err != nil {
		return templates.ReviewProps{}, err
	}
	sub := rv.Submission
	submitted := sub.SubmittedAt
	if submitted.IsZero() {
		submitted = sub.CreatedAt
	}
	p := templates.ReviewProps{
		Page:        s.beheerPage(submissionKindLabel(sub.Kind) + ": " + mailTitle(sub)),
		ID:          sub.ID,
		Version:     sub.Version,
		Change:      sub.Kind == catalog.KindChange,
		KindLabel:   submissionKindLabel(sub.Kind),
		StatusLabel: submissionStatusLabel(sub.Status),
		Open:        sub.Status == catalog.SubmissionSubmitted || sub.Status == catalog.SubmissionQuestion,
		Title:       sub.Content.Title,
		Submitter:   sub.Submitter,
		SubmittedAt: submitted,
		Messages:    sub.Messages,
		Reason:      sub.Reason,
		DecidedBy:   rv.DecidedBy,
		DecidedAt:   sub.DecidedAt,
		ActionBase:  reviewURL(id),
		Image:       sub.Content.Image,
	}
	if p.Open {
		p.Age = dutchAge(time.Since(submitted))
		p.EditURL = s.submissionEditURL(id)
	}
	if sub.Status == catalog.SubmissionApproved && rv.SheetSlug != "" {
		p.PublishedURL = sheetURL(rv.SheetSlug)
	}
	if sub.HasImage {
		p.PhotoURL = reviewURL(id) + "/foto"
		p.ThumbURL = p.PhotoURL + "?formaat=klein"
	}
	if p.Change && rv.Sheet != nil {
		p.SheetTitle, p.SheetURL = rv.Sheet.Title, sheetURL(rv.Sheet.Slug)
		p.BaseRevision, p.CurrentRevision = sub.BaseRevision, rv.Sheet.Revision
		p.ChangeReason = sub.ChangeReason
		base := rv.Base
		if base == nil {
			p.BaseMissing = true
			base = rv.Sheet
		}
		p.Fields = diff.Sheets(*base, sub.Content)
		if p.Open && rv.Base != nil && rv.Sheet.Revision != sub.BaseRevision {
			p.Stale = true
			p.StaleDiffURL = historyURL(rv.Sheet.Slug) + "?van=" + strconv.Itoa(sub.BaseRevision) + "&naar=" + strconv.Itoa(rv.Sheet.Revision)
			p.LiveFields = diff.Sheets(*rv.Sheet, sub.Content)
		}
	} else if !p.Change {
		preview := s.sheetView(ctx, sub.Content, templates.SheetReview, rv.NewTerms)
		p.Preview = &preview
	}
	if p.Open {
		if p.RejectTemplates, err = s.reasonChoices(ctx, store.ReasonReject); err != nil {
			return p, err
		}
		if p.QuestionTemplates, err = s.reasonChoices(ctx, store.ReasonQuestion); err != nil {
			return p, err
		}
	}
	return p, nil
}

func (s *Server) reasonChoices(ctx context.Context, kind store.ReasonKind) ([]templates.ReasonChoice, error) {
	list, err := s.store.ReasonTemplates(ctx, kind)
	if err != nil {
		return nil, err
	}
	out := make([]templates.ReasonChoice, 0, len(list))
	for _, t := range list {
		out = append(out, templates.ReasonChoice{ID: t.ID, Title: t.Title, Body: t.Body})
	}
	return out, nil
}

// serveSubmissionPhoto is /beheer/inzendingen/{id}/foto: the submitted photo, for editors
// only (?formaat=klein for the thumbnail). It is never cached by shared caches.
func (s *Server) serveSubmissionPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	img, err := s.store.SubmissionImage(r.Context(), id)
	if err != nil {
		return err
	}
	data := img.Data
	if r.URL.Query().Get("formaat") == "klein" && len(img.Thumb) > 0 {
		data = img.Thumb
	}
	w.Header().Set("Content-Type", img.ContentType)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
	return nil
}

// approveSubmission publishes a submission (POST …/goedkeuren).
func (s *Server) approveSubmission(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	d := store.Decision{SubmissionID: id, Version: int(postedInt(r, "versie")), EditorID: editorOf(r).ID}
	_, err = s.store.ApproveSubmission(r.Context(), d, s.approvedMail)
	return s.afterDecision(w, r, id, noticePublished, err)
}

// rejectSubmission rejects a submission with a reason (POST …/afwijzen).
func (s *Server) rejectSubmission(w http.ResponseWriter, r *http.Request) error {
	return s.decideWithText(w, r, store.ReasonReject)
}

// askSubmitter sends the submitter a question (POST …/vraag).
func (s *Server) askSubmitter(w http.ResponseWriter, r *http.Request) error {
	return s.decideWithText(w, r, store.ReasonQuestion)
}

// decideWithText handles the reject and question forms: the typed text, or else the chosen
// standard text, is required.
func (s *Server) decideWithText(w http.ResponseWriter, r *http.Request, kind store.ReasonKind) error {
	ctx := r.Context()
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	form := templates.ReasonForm{Text: sheetform.CleanText(r.PostFormValue("tekst")), Template: postedInt(r, "sjabloon")}
	text := form.Text
	if text == "" && form.Template != 0 {
		t, err := s.store.ReasonTemplateByID(ctx, form.Template)
		switch {
		case err == nil && t.Kind == kind:
			text = t.Body
		case err != nil && !errors.Is(err, catalog.ErrNotFound):
			return err
		}
	}
	switch {
	case text == "" && kind == store.ReasonReject:
		form.Error = "Geef een reden op, of kies een standaardtekst."
	case text == "":
		form.Error = "Typ je vraag, of kies een standaardtekst."
	case len([]rune(text)) > maxReasonLength:
		form.Error = "Deze tekst is te lang: hou het bij " + strconv.Itoa(maxReasonLength) + " tekens."
	}
	if form.Error != "" {
		p, err := s.reviewProps(ctx, id)
		if err != nil {
			return err
		}
		if !p.Open {
			return reviewNotices.redirect(w, r, reviewURL(id), noticeConflict)
		}
		if kind == store.ReasonReject {
			p.Reject = form
		} else {
			p.Question = form
		}
		p.Page.Title = "Fout: " + p.Page.Title
		return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.Review(p))
	}
	d := store.Decision{SubmissionID: id, Version: int(postedInt(r, "versie")), EditorID: editorOf(r).ID}
	if kind == store.ReasonReject {
		_, err = s.store.RejectSubmission(ctx, d, text, s.rejectedMail)
		return s.afterDecision(w, r, id, noticeRejected, err)
	}
	token, hash := newToken()
	_, err = s.store.AskSubmitter(ctx, d, text, hash, s.questionMail(token, text))
	return s.afterDecision(w, r, id, noticeAsked, err)
}

// afterDecision ends a decision: back to the review page with what happened, or with the
// conflict message when another editor was first.
func (s *Server) afterDecision(w http.ResponseWriter, r *http.Request, id int64, notice string, err error) error {
	switch {
	case errors.Is(err, catalog.ErrConflict):
		notice = noticeConflict
	case err != nil:
		return err
	}
	return reviewNotices.redirect(w, r, reviewURL(id), notice)
}
