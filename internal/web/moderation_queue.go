package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// Values of the queue's "soort" filter.
const (
	queueNew    = "nieuw"
	queueChange = "wijziging"
)

// showQueue is /beheer: the open submissions, oldest first, filtered by kind (?soort=).
func (s *Server) showQueue(w http.ResponseWriter, r *http.Request) error {
	filter := r.URL.Query().Get("soort")
	var f store.QueueFilter
	switch filter {
	case queueNew:
		f.Kind = catalog.KindNew
	case queueChange:
		f.Kind = catalog.KindChange
	default:
		filter = ""
	}
	q, err := s.store.Queue(r.Context(), f)
	if err != nil {
		return err
	}
	reports, err := s.store.CountOpenFeedback(r.Context(), store.FeedbackSheetProblem)
	if err != nil {
		return err
	}
	p := templates.QueueProps{
		Page:      s.beheerPage("Wachtrij"),
		Filter:    filter,
		Open:      q.New + q.Changes,
		New:       q.New,
		Changes:   q.Changes,
		Questions: q.Questions,
		Reports:   reports,
		Filters: []templates.FilterLink{
			{Label: "Alle", URL: "/beheer", Count: q.New + q.Changes, Current: filter == ""},
			{Label: "Nieuwe praktijken", URL: "/beheer?soort=" + queueNew, Count: q.New, Current: filter == queueNew},
			{Label: "Wijzigingen", URL: "/beheer?soort=" + queueChange, Count: q.Changes, Current: filter == queueChange},
		},
	}
	now := time.Now()
	for _, it := range q.Items {
		row := templates.QueueRow{
			URL:            reviewURL(it.ID),
			KindLabel:      submissionKindLabel(it.Kind),
			Change:         it.Kind == catalog.KindChange,
			Title:          it.Title,
			Municipalities: strings.Join(it.Municipalities, ", "),
			Organisation:   it.Organisation,
			Submitter:      it.SubmitterName,
			StatusLabel:    submissionStatusLabel(it.Status),
			Question:       it.Status == catalog.SubmissionQuestion,
			Age:            dutchAge(now.Sub(it.SubmittedAt)),
			SubmittedAt:    it.SubmittedAt,
		}
		if row.Change && it.SheetTitle != it.Title {
			row.SheetTitle = it.SheetTitle
		}
		p.Items = append(p.Items, row)
	}
	return s.render(w, r, templates.Queue(p))
}
