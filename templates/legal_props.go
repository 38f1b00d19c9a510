package templates

import (
	"time"

	"github.com/praktijkbank/praktijkbank/internal/sheetform"
)

// LegalProps feeds the accessibility statement, the privacy notice and the about page.
type LegalProps struct {
	Page
	Operator    string // who runs the catalogue
	Email       string // where questions go
	LicenceName string // licence of the content
	LicenceURL  string
	BaseURL     string
	// Dates of the accessibility statement: ISO (for datetime) and as shown.
	StatementDate, StatementDateLabel string
	ReviewDate, ReviewDateLabel       string
}

// Fields of the contact form.
const (
	ContactFieldTopic   = "onderwerp"
	ContactFieldMessage = "bericht"
	ContactFieldPage    = "pagina"
	ContactFieldName    = "naam"
	ContactFieldEmail   = "e-mail"
)

// ContactProps feeds the contact form: what was typed, its errors, or Sent after success.
type ContactProps struct {
	Page
	Email       string // the operator's address
	Topics      []Option
	Message     string
	PageAddress string
	Name        string
	Address     string // the sender's e-mail address
	Errors      []sheetform.FieldError
	Sent        bool
}

// ErrorFor returns the message for field, or "".
func (p ContactProps) ErrorFor(field string) string {
	for _, e := range p.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// FeedbackView is one open message in the editors' list.
type FeedbackView struct {
	ID         int64
	Topic      string
	Message    string
	Page       string
	From       string // name and address, or "" when anonymous
	Email      string
	Received   time.Time
	HandledURL string // POST here to mark it handled
	// SheetTitle and SheetURL name the sheet a problem report is about.
	SheetTitle, SheetURL string
}

// FeedbackProps feeds /beheer/meldingen.
type FeedbackProps struct {
	Page
	Items []FeedbackView
}

// PublishedHint is said next to every form field whose answer is published on the sheet.
const PublishedHint = "Openbaar: dit verschijnt op de fiche."

// Fields of the problem report form.
const (
	ReportFieldMessage = "melding"
	ReportFieldEmail   = "email"
)

// ReportProps feeds "Meld een probleem met deze fiche".
type ReportProps struct {
	Page
	Sheet   SummaryView // the sheet it is about
	Action  string      // where the form posts
	Message string
	Email   string
	Errors  []sheetform.FieldError
	Sent    bool
}

// ContactChangeProps feeds "Stel een correctie voor" of a sheet's contact details: the
// sheet's contact blocks as stored or as typed, each with what is wrong with it.
type ContactChangeProps struct {
	Page
	Sheet  SummaryView // the sheet it is about
	Action string      // where the form posts
	Key    string      // the key of this rendering of the form (a retry files one request)
	Blocks []ContactBlock
	Reason string
	Email  string
	Errors []sheetform.FieldError // every message, in page order, for the summary
}

// The fields of the contact correction form besides the blocks.
const (
	ContactChangeFieldReason = "reden"
	ContactChangeFieldEmail  = "email"
)

// ContactChangeField is the id and name of a field (part) of contact block in the contact
// correction form.
func ContactChangeField(block, part string) string { return "contact-" + block + "-" + part }

// ErrorFor returns the message for field, or "".
func (p ContactChangeProps) ErrorFor(field string) string {
	for _, e := range p.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// ErrorFor returns the message for field, or "".
func (p ReportProps) ErrorFor(field string) string {
	for _, e := range p.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}
