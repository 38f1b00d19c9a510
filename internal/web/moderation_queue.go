package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// The queue's filters, by their Dutch URL values: the kind of submission (?soort=) and the
// state it is in (?status=). Both are plain GET parameters, so every view is a link. A state
// says whose move it is ("Te beoordelen", "Wacht op indiener", "Antwoord ontvangen"), in
// words that cannot be mistaken for a kind ("Nieuwe praktijk", "Wijziging"); the value
// "nieuw" stays, so that bookmarked views keep working.
var (
	queueKinds = []struct {
		value, label string
		kind         catalog.SubmissionKind
	}{
		{"", "Alle", ""},
		{"nieuw", "Nieuwe praktijken", catalog.KindNew},
		{"wijziging", "Wijzigingen", catalog.KindChange},
	}
	queueStates = []struct {
		value, label string
		state        store.QueueState
	}{
		{"", "Alle", ""},
		{"nieuw", "Te beoordelen", store.QueueNew},
		{"antwoord", "Antwoord ontvangen", store.QueueAnswered},
		{"wacht", "Wacht op indiener", store.QueueWaiting},
	}
)

// queueStateLabel is the Dutch name of a queue state.
func queueStateLabel(st store.QueueState) string {
	for _, s := range queueStates {
		if s.state == st && s.value != "" {
			return s.label
		}
	}
	return string(st)
}

// queueURL is the queue filtered by the kind and state values given ("" for all).
func queueURL(kind, state string) string {
	v := url.Values{}
	if kind != "" {
		v.Set("soort", kind)
	}
	if state != "" {
		v.Set("status", state)
	}
	if len(v) == 0 {
		return "/beheer"
	}
	return "/beheer?" + v.Encode()
}

// showQueue is /beheer?soort=&status=&pagina=: the open submissions, oldest first, each with
// its state, kind, age and municipalities, 50 a page; unknown filter values show everything,
// a page past the end is the last page.
func (s *Server) showQueue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	kindValue, stateValue := r.URL.Query().Get("soort"), r.URL.Query().Get("status")
	var f store.QueueFilter
	known := false
	for _, k := range queueKinds {
		if k.value == kindValue {
			f.Kind, known = k.kind, true
		}
	}
	if !known {
		kindValue = ""
	}
	known = false
	for _, st := range queueStates {
		if st.value == stateValue {
			f.State, known = st.state, true
		}
	}
	if !known {
		stateValue = ""
	}
	f.Page, f.PageSize = adminPageParam(r.URL.Query()), adminPageSize
	q, err := s.store.Queue(ctx, f)
	if err != nil {
		return err
	}
	reports, err := s.store.CountOpenFeedback(ctx, store.FeedbackSheetProblem)
	if err != nil {
		return err
	}
	quality, err := s.store.QualityCount(ctx)
	if err != nil {
		return err
	}
	p := templates.QueueProps{
		Page:      s.beheerPage("Wachtrij"),
		Filtered:  kindValue != "" || stateValue != "",
		ClearURL:  "/beheer",
		Open:      q.New + q.Changes,
		New:       q.New,
		Changes:   q.Changes,
		Questions: q.Questions,
		Answered:  q.Count("", store.QueueAnswered),
		Reports:   reports,
		Quality:   quality,
		Total:     q.Total,
		First:     (q.Page-1)*adminPageSize + 1,
	}
	base := url.Values{}
	if kindValue != "" {
		base.Set("soort", kindValue)
	}
	if stateValue != "" {
		base.Set("status", stateValue)
	}
	p.Pages, p.Prev, p.Next = adminPagination("/beheer", base, q.Page, q.Total)
	for _, k := range queueKinds {
		p.KindFilters = append(p.KindFilters, templates.FilterLink{Label: k.label, URL: queueURL(k.value, stateValue),
			Count: q.Count(k.kind, f.State), Current: k.value == kindValue})
	}
	for _, st := range queueStates {
		p.StateFilters = append(p.StateFilters, templates.FilterLink{Label: st.label, URL: queueURL(kindValue, st.value),
			Count: q.Count(f.Kind, st.state), Current: st.value == stateValue})
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
			State:          string(it.State),
			StateLabel:     queueStateLabel(it.State),
			Age:            dutchAge(now.Sub(it.SubmittedAt)),
			SubmittedAt:    it.SubmittedAt,
		}
		if it.State == store.QueueAnswered && !it.AnsweredAt.IsZero() {
			row.AnsweredAgo = dutchAge(now.Sub(it.AnsweredAt)) + " geleden"
		}
		if row.Change && it.SheetTitle != it.Title {
			row.SheetTitle = it.SheetTitle
		}
		p.Items = append(p.Items, row)
	}
	return s.render(w, r, templates.Queue(p))
}
