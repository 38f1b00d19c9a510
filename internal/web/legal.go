package web

import (
	"cmp"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/httprate"

	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// Defaults of the operator's details (flags -operator, -contact-email, -licence, -licence-url).
const (
	DefaultOperator     = "de redactie van de Praktijkbank"
	DefaultContactEmail = "praktijkbank@example.be"
	DefaultLicenceName  = "Modellicentie Gratis Hergebruik Vlaanderen v1.0"
	DefaultLicenceURL   = "https://data.vlaanderen.be/doc/licentie/modellicentie-gratis-hergebruik/v1.0"
)

// Dates of the accessibility statement: when it was prepared and last reviewed (after the
// last assessment of the pages it covers).
const (
	statementPrepared = "2026-12-03"
	statementReviewed = "2026-12-03"
)

// Limits of the contact form.
const (
	maxFeedbackRunes = 5000
	maxFeedbackLine  = 300
)

// feedbackTopics are the choices of the contact form, in order.
var feedbackTopics = []struct{ value, label string }{
	{store.FeedbackQuestion, "Een vraag of opmerking"},
	{store.FeedbackError, "Een fout op een fiche"},
	{store.FeedbackAccessibility, "Een drempel op deze website (toegankelijkheid)"},
	{store.FeedbackPrivacy, "Mijn gegevens inkijken, verbeteren of laten wissen"},
}

// feedbackLabel is how the editors' list names a topic.
func feedbackLabel(topic string) string {
	if topic == store.FeedbackSheetProblem {
		return "Probleem met een fiche"
	}
	for _, t := range feedbackTopics {
		if t.value == topic {
			return t.label
		}
	}
	return topic
}

// legalProps fills the details every legal page shows.
func (s *Server) legalProps(title, description, path string) templates.LegalProps {
	return templates.LegalProps{
		Page:        s.page(title, description, path, false),
		Operator:    s.cfg.Operator,
		Email:       s.cfg.ContactEmail,
		LicenceName: s.cfg.LicenceName,
		LicenceURL:  s.cfg.LicenceURL,
		BaseURL:     s.cfg.BaseURL,

		StatementDate: statementPrepared, StatementDateLabel: isoToDutch(statementPrepared),
		ReviewDate: statementReviewed, ReviewDateLabel: isoToDutch(statementReviewed),
	}
}

func (s *Server) showAccessibility(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, templates.AccessibilityPage(s.legalProps("Toegankelijkheidsverklaring",
		"In hoeverre de Praktijkbank toegankelijk is, wat nog niet, en hoe je een drempel meldt.", "/toegankelijkheid")))
}

func (s *Server) showPrivacy(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, templates.PrivacyPage(s.legalProps("Privacyverklaring",
		"Welke gegevens de Praktijkbank bijhoudt, wat openbaar wordt en hoe je ze laat wissen.", "/privacy")))
}

func (s *Server) showAbout(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, templates.AboutPage(s.legalProps("Over de Praktijkbank",
		"Wie de Praktijkbank beheert, hoe fiches worden nagelezen en onder welke licentie de inhoud staat.", "/over")))
}

// contactProps is the contact form with topic chosen (the first when unknown).
func (s *Server) contactProps(topic string) templates.ContactProps {
	p := templates.ContactProps{Page: s.page("Contact", "Stuur de redactie van de Praktijkbank een bericht.", "/contact", false),
		Email: s.cfg.ContactEmail}
	for _, t := range feedbackTopics {
		p.Topics = append(p.Topics, templates.Option{Value: t.value, Label: t.label, Selected: t.value == topic})
	}
	return p
}

// showContact is the contact form; ?onderwerp= preselects a topic, ?verstuurd=1 thanks.
func (s *Server) showContact(w http.ResponseWriter, r *http.Request) error {
	p := s.contactProps(r.URL.Query().Get(templates.ContactFieldTopic))
	p.Sent = r.URL.Query().Get("verstuurd") == "1"
	return s.renderPrivate(w, r, http.StatusOK, templates.ContactPage(p))
}

// postContact stores a message for the editors and mails it to the operator's address.
func (s *Server) postContact(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		p := s.contactProps("")
		p.Errors = []sheetform.FieldError{{Field: templates.ContactFieldMessage, Message: "Je bericht kwam niet goed aan (is het langer dan " + strconv.Itoa(maxFeedbackRunes) + " tekens?). Probeer het opnieuw."}}
		return s.renderPrivate(w, r, http.StatusBadRequest, templates.ContactPage(p))
	}
	if r.PostFormValue("website") != "" { // the hidden field only robots fill in
		http.Redirect(w, r, "/contact?verstuurd=1", http.StatusSeeOther)
		return nil
	}
	f := store.Feedback{
		Topic:   r.PostFormValue(templates.ContactFieldTopic),
		Message: strings.TrimSpace(r.PostFormValue(templates.ContactFieldMessage)),
		Page:    strings.TrimSpace(r.PostFormValue(templates.ContactFieldPage)),
		Name:    strings.TrimSpace(r.PostFormValue(templates.ContactFieldName)),
		Email:   strings.TrimSpace(r.PostFormValue(templates.ContactFieldEmail)),
	}
	p := s.contactProps(f.Topic)
	p.Message, p.PageAddress, p.Name, p.Address = f.Message, f.Page, f.Name, f.Email
	add := func(field, msg string) {
		p.Errors = append(p.Errors, sheetform.FieldError{Field: field, Message: msg})
	}
	known := false
	for _, t := range feedbackTopics {
		known = known || t.value == f.Topic
	}
	if !known {
		add(templates.ContactFieldTopic, "Kies waarover je bericht gaat.")
	}
	switch n := utf8.RuneCountInString(f.Message); {
	case n == 0:
		add(templates.ContactFieldMessage, "Schrijf je bericht.")
	case n > maxFeedbackRunes:
		add(templates.ContactFieldMessage, "Je bericht is "+strconv.Itoa(n)+" tekens lang; het mag er hoogstens "+strconv.Itoa(maxFeedbackRunes)+" hebben.")
	}
	if utf8.RuneCountInString(f.Page) > maxFeedbackLine {
		add(templates.ContactFieldPage, "Geef een kortere verwijzing naar de pagina (hoogstens "+strconv.Itoa(maxFeedbackLine)+" tekens).")
	}
	if utf8.RuneCountInString(f.Name) > maxFeedbackLine {
		add(templates.ContactFieldName, "Je naam is te lang (hoogstens "+strconv.Itoa(maxFeedbackLine)+" tekens).")
	}
	if f.Email != "" {
		if a, err := mail.ParseAddress(f.Email); err != nil || a.Address != f.Email || !strings.Contains(f.Email[strings.LastIndexByte(f.Email, '@')+1:], ".") {
			add(templates.ContactFieldEmail, "Vul een geldig e-mailadres in, zoals naam@gemeente.be, of laat het veld leeg.")
		}
	}
	if len(p.Errors) > 0 {
		return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.ContactPage(p))
	}
	if _, err := s.store.AddFeedback(r.Context(), f, s.cfg.ContactEmail); err != nil {
		return err
	}
	http.Redirect(w, r, "/contact?verstuurd=1", http.StatusSeeOther)
	return nil
}

// showFeedback is /beheer/meldingen: the open messages of the contact form.
func (s *Server) showFeedback(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.OpenFeedback(r.Context())
	if err != nil {
		return err
	}
	p := templates.FeedbackProps{Page: s.beheerPage("Meldingen")}
	for _, f := range list {
		label := feedbackLabel(f.Topic)
		from := f.Name
		if f.Email != "" {
			from = strings.TrimSpace(f.Name + " <" + f.Email + ">")
		}
		p.Items = append(p.Items, templates.FeedbackView{ID: f.ID, Topic: label, Message: f.Message, Page: f.Page,
			From: from, Email: f.Email, Received: f.CreatedAt, HandledURL: "/beheer/meldingen/" + strconv.FormatInt(f.ID, 10) + "/afgehandeld"})
		if f.SheetSlug != "" {
			p.Items[len(p.Items)-1].SheetTitle, p.Items[len(p.Items)-1].SheetURL = f.SheetTitle, sheetURL(f.SheetSlug)
		}
	}
	return s.renderPrivate(w, r, http.StatusOK, templates.FeedbackList(p))
}

// handleFeedback marks a message handled.
func (s *Server) handleFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	if err := s.store.HandleFeedback(r.Context(), editorOf(r).ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/beheer/meldingen", http.StatusSeeOther)
	return nil
}

// isoToDutch writes an ISO date (2026-12-03) as "3 december 2026".
func isoToDutch(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return templates.DutchDate(t)
}

// withLegalDefaults fills the operator's details that the configuration left empty.
func withLegalDefaults(cfg Config) Config {
	cfg.Operator = cmp.Or(cfg.Operator, DefaultOperator)
	cfg.ContactEmail = cmp.Or(cfg.ContactEmail, DefaultContactEmail)
	if cfg.LicenceName == "" {
		cfg.LicenceName, cfg.LicenceURL = DefaultLicenceName, cmp.Or(cfg.LicenceURL, DefaultLicenceURL)
	}
	return cfg
}

// limitContact rate-limits the contact form per client address, as the submission forms are.
func (s *Server) limitContact() func(http.Handler) http.Handler {
	return httprate.LimitBy(postLimit, postWindow, clientAddress,
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			p := s.contactProps(r.PostFormValue(templates.ContactFieldTopic))
			p.Errors = []sheetform.FieldError{{Field: templates.ContactFieldMessage, Message: "Er kwamen de voorbije minuten erg veel berichten van jouw verbinding. Wacht tien minuten en verstuur je bericht dan opnieuw."}}
			p.Message = r.PostFormValue(templates.ContactFieldMessage)
			s.writeHTML(w, r, http.StatusTooManyRequests, templates.ContactPage(p))
		}))
}
