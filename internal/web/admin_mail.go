package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// mailKinds are the Dutch labels of the kinds of mail.
var mailKinds = map[string]string{
	"confirmation":     "Bevestiging",
	"question":         "Vraag",
	"approved":         "Goedgekeurd",
	"rejected":         "Afgewezen",
	"invitation":       "Uitnodiging",
	"editor-notice":    "Melding aan redacteurs",
	"password-reset":   "Nieuw wachtwoord",
	"password-changed": "Wachtwoord gewijzigd",
}

// mailFilters are the status filters of /beheer/mail, by their Dutch URL value.
var mailFilters = []struct {
	value, label string
	status       store.MailStatus
}{
	{"", "Alle", ""},
	{"wachtend", "Wachtend", store.MailPending},
	{"verzonden", "Verzonden", store.MailSent},
	{"niet-verzonden", "Niet verzonden", store.MailLogged},
	{"mislukt", "Mislukt", store.MailFailed},
}

func mailURL(id int64) string { return paths.Mail(id) }

// mailStatusLabel says what happened to m, as of now: "Verzonden", "Niet verzonden: geen
// mailserver ingesteld", "Mislukt, nieuwe poging om 14:05", … and the class of its label.
func mailStatusLabel(m store.OutboxMail, now time.Time) (label, class string) {
	switch m.Status {
	case store.MailSent:
		return "Verzonden", "sent"
	case store.MailLogged:
		return "Niet verzonden: geen mailserver ingesteld", "logged"
	case store.MailFailed:
		return "Mislukt, geen nieuwe poging meer", "failed"
	}
	switch {
	case m.LastError != "":
		next := m.NextAttemptAt.In(templates.Brussels)
		when := "om " + next.Format("15:04")
		if y, mo, d := now.In(templates.Brussels).Date(); next.Year() != y || next.Month() != mo || next.Day() != d {
			when = "op " + templates.AdminDateTime(next)
		}
		return "Mislukt, nieuwe poging " + when, "retry"
	case m.Attempts > 0 && m.NextAttemptAt.After(now):
		return "Wordt verzonden", "pending"
	}
	return "Wacht op verzending", "pending"
}

func mailRow(m store.OutboxMail, now time.Time) templates.AdminMailRow {
	row := templates.AdminMailRow{
		URL: mailURL(m.ID), To: m.To, Subject: m.Subject, Kind: m.Kind, Created: m.CreatedAt,
		Attempts: m.Attempts, LastError: m.LastError,
	}
	if label, ok := mailKinds[m.Kind]; ok {
		row.Kind = label
	}
	row.Status, row.StatusClass = mailStatusLabel(m, now)
	if row.Subject == "" {
		row.Subject = "(geen onderwerp)"
	}
	return row
}

// showMails is GET /beheer/mail?status=&pagina=.
func (s *Server) showMails(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page := adminPageParam(q)
	filter := q.Get("status")
	var status store.MailStatus
	known := false
	for _, f := range mailFilters {
		if f.value == filter {
			status, known = f.status, true
		}
	}
	if !known {
		filter = ""
	}
	list, err := s.store.Mails(r.Context(), store.MailQuery{Status: status, Page: page, PageSize: adminPageSize})
	if err != nil {
		return err
	}
	p := templates.AdminMailsProps{Page: s.adminPage("Uitgaande mail"), Total: list.Total}
	for _, f := range mailFilters {
		u := "/beheer/mail"
		if f.value != "" {
			u += "?" + url.Values{"status": {f.value}}.Encode()
		}
		p.Filters = append(p.Filters, templates.AdminFilterLink{Label: f.label, URL: u, Current: f.value == filter})
	}
	now := time.Now()
	for _, m := range list.Mails {
		p.Mails = append(p.Mails, mailRow(m, now))
	}
	base := url.Values{}
	if filter != "" {
		base.Set("status", filter)
	}
	p.Pages, p.Prev, p.Next = adminPagination("/beheer/mail", base, page, list.Total)
	return s.renderPrivate(w, r, http.StatusOK, templates.AdminMails(p))
}

// showMail is GET /beheer/mail/{id}: one mail in full.
func (s *Server) showMail(w http.ResponseWriter, r *http.Request) error {
	id, err := adminIDParam(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.MailByID(r.Context(), id)
	if err != nil {
		return err
	}
	p := templates.AdminMailProps{Page: s.adminPage(m.Subject), Mail: mailRow(m, time.Now()), Body: m.Body, SentAt: m.SentAt}
	if m.Status == store.MailPending {
		p.NextAttempt = m.NextAttemptAt
	}
	if m.Status != store.MailSent {
		p.RetryURL = mailURL(m.ID) + "/opnieuw"
	}
	return s.renderPrivate(w, r, http.StatusOK, templates.AdminMail(p))
}

// retryMail is POST /beheer/mail/{id}/opnieuw: the mail is due again, with fresh attempts.
func (s *Server) retryMail(w http.ResponseWriter, r *http.Request) error {
	me, _ := userFrom(r.Context())
	id, err := adminIDParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.RetryMail(r.Context(), me.ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, mailURL(id), http.StatusSeeOther)
	return nil
}
