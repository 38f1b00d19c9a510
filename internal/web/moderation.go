package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/templates"
)

// The editors' area (/beheer): the moderation queue, the review of a submission and the
// decisions on it, the sheets, the vocabulary and the standard texts. Every route is behind
// requireRole("editor"); every POST ends in a 303 back to the page it came from, carrying a
// "melding" parameter with the key of a notice that says what happened (notices.go).

// maxModerationForm bounds the body of the editors' small forms (not the sheet form).
const maxModerationForm = 64 << 10

// maxReasonLength is the longest rejection reason, question or standard text, in characters.
const maxReasonLength = 5000

// beheerPage fills the layout props of an editors' page: never indexed, never cached.
func (s *Server) beheerPage(title string) templates.Page {
	p := s.page(title, "", "", true)
	p.Nav = "beheer"
	return p
}

// editorOf returns the signed-in editor; requireRole guarantees there is one.
func editorOf(r *http.Request) catalog.User {
	u, _ := userFrom(r.Context())
	return u
}

// parseSmallForm reads a url-encoded form of at most maxModerationForm bytes: a longer body is
// errFormTooLarge (413), one that is no form (a ";" separator, a bad escape) errBadForm (400).
func parseSmallForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxModerationForm)
	if err := r.ParseForm(); err != nil {
		if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
			return errFormTooLarge
		}
		return errBadForm
	}
	return nil
}

// postedInt reads a non-negative integer field; 0 when it is missing or malformed.
func postedInt(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// seeOther ends a POST that has nothing to announce: a 303 to path. An action with an
// outcome to announce redirects through its page's notice board (notices.go).
func seeOther(w http.ResponseWriter, r *http.Request, path string) error {
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// dutchAge says how long d is, roughly, in Dutch: "minder dan een uur", "5 uur", "1 dag",
// "3 dagen", "2 weken", "4 maanden".
func dutchAge(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d < time.Hour:
		return "minder dan een uur"
	case d < day:
		return strconv.Itoa(int(d/time.Hour)) + " uur"
	case d < 2*day:
		return "1 dag"
	case d < 14*day:
		return strconv.Itoa(int(d/day)) + " dagen"
	case d < 61*day:
		return strconv.Itoa(int(d/(7*day))) + " weken"
	case d < 365*day:
		return strconv.Itoa(int(d/(30*day))) + " maanden"
	case d < 2*365*day:
		return "1 jaar"
	}
	return strconv.Itoa(int(d/(365*day))) + " jaar"
}

// submissionKindLabel is the Dutch name of a submission kind.
func submissionKindLabel(k catalog.SubmissionKind) string {
	if k == catalog.KindChange {
		return "Wijziging"
	}
	return "Nieuwe praktijk"
}

// submissionStatusLabel is the Dutch name of a submission status, as editors see it.
func submissionStatusLabel(st catalog.SubmissionStatus) string {
	switch st {
	case catalog.SubmissionDraft:
		return "Klad (nog niet verstuurd)"
	case catalog.SubmissionSubmitted:
		return "Wacht op de redactie"
	case catalog.SubmissionQuestion:
		return "Vraag gesteld, wacht op de indiener"
	case catalog.SubmissionApproved:
		return "Gepubliceerd"
	case catalog.SubmissionRejected:
		return "Afgewezen"
	}
	return string(st)
}

// sheetStatusLabel is the Dutch name of a sheet status.
func sheetStatusLabel(st catalog.Status) string {
	switch st {
	case catalog.StatusPublished:
		return "Gepubliceerd"
	case catalog.StatusUnpublished:
		return "Offline"
	case catalog.StatusArchived:
		return "Gearchiveerd"
	}
	return string(st)
}

func reviewURL(id int64) string { return paths.Review(id) }

// beheerID reads a positive numeric route parameter; anything else is not found.
func beheerID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, catalog.ErrNotFound
	}
	return id, nil
}
