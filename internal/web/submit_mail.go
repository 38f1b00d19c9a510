package web

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// Mails about submissions, in plain Dutch text. The store writes them to the outbox in the
// transaction of the change they announce.

const mailSignature = "\nMet vriendelijke groeten\nDe redactie van de Praktijkbank\n"

func mailTitle(sub catalog.Submission) string {
	if t := strings.TrimSpace(sub.Content.Title); t != "" {
		return t
	}
	return "(zonder titel)"
}

func greeting(name string) string {
	if name = strings.TrimSpace(name); name != "" {
		return "Dag " + name + ",\n\n"
	}
	return "Dag,\n\n"
}

// The confirmation and draft mails go to whatever address was typed, before anybody
// confirmed that it is theirs: the form must not relay a stranger's message. They carry
// nothing typed in the form but a short form of the name (mailName), never the title, and
// the store sends at most store.MaxUnconfirmedMailsPerDay of them to one address a day.

// maxMailName is the most characters of the typed name an unconfirmed mail repeats.
const maxMailName = 40

// mailName is the name typed in the form as an unconfirmed mail may repeat it: letters,
// spaces, hyphens and apostrophes only (no address, no link), at most maxMailName characters,
// cut between words.
func mailName(name string) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r == '-' || r == '\'' || r == '’':
			return r
		}
		return ' '
	}, name)
	words := strings.Fields(clean)
	out := ""
	for _, w := range words {
		next := w
		if out != "" {
			next = out + " " + w
		}
		if utf8.RuneCountInString(next) > maxMailName {
			break
		}
		out = next
	}
	return out
}

// confirmationMail confirms to the submitter that sub went to the editors, with the private
// link.
func (p *submitPages) confirmationMail(sub catalog.Submission, token string) *store.Mail {
	what := "je inzending"
	if sub.Kind == catalog.KindChange {
		what = "je voorstel tot wijziging"
	}
	var b strings.Builder
	b.WriteString(greeting(mailName(sub.Submitter.Name)))
	b.WriteString("Bedankt voor " + what + " voor de Praktijkbank.\n")
	b.WriteString("De redactie leest ze zo snel mogelijk na. Je krijgt een mail zodra ze een beslissing nam of een vraag heeft.\n\n")
	b.WriteString("Met deze persoonlijke link volg je " + what + " op en pas je ze aan zolang ze niet behandeld is:\n")
	b.WriteString(p.absolute(submissionPath(token)) + "\n\n")
	b.WriteString("Bewaar deze mail en deel de link niet: wie hem kent, kan " + what + " bekijken en aanpassen.\n")
	b.WriteString("Stelt de redactie je een vraag, dan krijg je een mail met nog een link; deze link blijft ook werken.\n")
	b.WriteString(unconfirmedNote)
	b.WriteString(mailSignature)
	subject := "Ontvangen: je inzending voor de Praktijkbank"
	if sub.Kind == catalog.KindChange {
		subject = "Ontvangen: je voorstel tot wijziging voor de Praktijkbank"
	}
	return &store.Mail{Kind: "confirmation", To: sub.Submitter.Email, Subject: subject, Body: b.String()}
}

// unconfirmedNote tells the reader of an unconfirmed mail what to do when it was not theirs.
const unconfirmedNote = "\nHeb je niets ingediend? Dan typte iemand anders je adres. Je hoeft niets te doen.\n"

// draftMail sends the submitter the private link of a draft they saved.
func (p *submitPages) draftMail(sub catalog.Submission, token string) *store.Mail {
	var b strings.Builder
	b.WriteString(greeting(mailName(sub.Submitter.Name)))
	b.WriteString("Je hebt een klad bewaard op de Praktijkbank.\n")
	b.WriteString("Het is nog niet naar de redactie gestuurd. Met deze persoonlijke link werk je verder en verstuur je het als het klaar is:\n")
	b.WriteString(p.absolute(submissionPath(token)) + "\n\n")
	b.WriteString("Deel de link niet: wie hem kent, kan je klad bekijken en aanpassen.\n")
	b.WriteString(unconfirmedNote)
	b.WriteString(mailSignature)
	return &store.Mail{Kind: "confirmation", To: sub.Submitter.Email, Subject: "Je klad op de Praktijkbank", Body: b.String()}
}

// Events an editor notice announces.
const (
	noticeSubmitted = "submitted"
	noticeAnswered  = "answered"
	noticeUpdated   = "updated"
)

// editorNotice tells every editor and admin what happened to sub, with a link straight to it
// in the moderation queue.
func (p *submitPages) editorNotice(sub catalog.Submission, event string) *store.Mail {
	kind := "Nieuwe praktijk"
	if sub.Kind == catalog.KindChange {
		kind = "Voorstel tot wijziging"
	}
	who := strings.TrimSpace(sub.Submitter.Name)
	if who == "" {
		who = "De indiener"
	}
	if org := strings.TrimSpace(sub.Submitter.Organisation); org != "" {
		who += " (" + org + ")"
	}
	var subject, line string
	switch event {
	case noticeAnswered:
		subject = "Antwoord van de indiener: " + mailTitle(sub)
		line = who + " beantwoordde jullie vraag over „" + mailTitle(sub) + "”."
	case noticeUpdated:
		subject = "Aangepast door de indiener: " + mailTitle(sub)
		line = who + " paste „" + mailTitle(sub) + "” aan terwijl het wacht op de redactie."
	default:
		subject = kind + ": " + mailTitle(sub)
		line = who + " stuurde „" + mailTitle(sub) + "” naar de redactie."
	}
	var b strings.Builder
	b.WriteString("Dag redactie,\n\n")
	b.WriteString(line + "\n")
	b.WriteString("Soort: " + strings.ToLower(kind) + "\n\n")
	b.WriteString("Bekijk het in de wachtrij:\n")
	b.WriteString(p.absolute("/beheer/inzendingen/"+strconv.FormatInt(sub.ID, 10)) + "\n")
	return &store.Mail{Kind: "editor-notice", Subject: subject, Body: b.String()}
}
