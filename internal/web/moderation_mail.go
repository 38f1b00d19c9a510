package web

import (
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// The mails of the editors' decisions, to the submitter, in plain Dutch text. The store writes
// them to the outbox in the transaction of the decision.
//
// Nobody confirmed the submitter's address, so these mails, like the confirmation, repeat
// nothing typed in the form but the short form of the name (mailName): a rejection or a
// question names the submission by its day, not by its title. An approval names the title,
// which is then the published sheet's, read by an editor and public.

// mailWhat names sub in a mail without repeating its typed title: "je inzending van 3
// december 2026".
func mailWhat(sub catalog.Submission) string {
	day := sub.SubmittedAt
	if day.IsZero() {
		day = sub.CreatedAt
	}
	what := "je inzending"
	if sub.Kind == catalog.KindChange {
		what = "je voorstel tot wijziging"
	}
	if d := templates.DutchDate(day); d != "" {
		what += " van " + d
	}
	return what
}

// approvedMail tells the submitter that their practice or change is online, with its address.
func (s *Server) approvedMail(out store.Outcome) store.Mail {
	sub := out.Submission
	var b strings.Builder
	b.WriteString(greeting(mailName(sub.Submitter.Name)))
	subject := "Je praktijk staat online: " + mailTitle(sub)
	if sub.Kind == catalog.KindChange {
		subject = "Je wijziging is gepubliceerd: " + mailTitle(sub)
		b.WriteString("Bedankt voor je voorstel tot wijziging van „" + mailTitle(sub) + "”. De redactie heeft het nagelezen en gepubliceerd.\n\n")
	} else {
		b.WriteString("Bedankt voor je inzending „" + mailTitle(sub) + "”. De redactie heeft ze nagelezen en gepubliceerd.\n\n")
	}
	b.WriteString("Je vindt de praktijkfiche hier:\n")
	b.WriteString(s.absolute(sheetURL(out.SheetSlug)) + "\n\n")
	b.WriteString("Klopt er later iets niet meer? Via „Stel een wijziging voor” op de fiche stuur je een aanpassing.\n")
	b.WriteString(mailSignature)
	return store.Mail{Kind: "approved", To: sub.Submitter.Email, Subject: subject, Body: b.String()}
}

// rejectedMail tells the submitter that their submission will not be published, and why.
func (s *Server) rejectedMail(out store.Outcome) store.Mail {
	sub := out.Submission
	var b strings.Builder
	b.WriteString(greeting(mailName(sub.Submitter.Name)))
	b.WriteString("Bedankt voor " + mailWhat(sub) + ". De redactie heeft beslist ze niet te publiceren.\n\n")
	b.WriteString("De reden:\n\n")
	b.WriteString(mailQuote(sub.Reason) + "\n\n")
	b.WriteString("Heb je vragen over deze beslissing? Antwoord gerust op deze mail.\n")
	b.WriteString(mailSignature)
	return store.Mail{Kind: "rejected", To: sub.Submitter.Email, Subject: "Niet gepubliceerd: " + mailWhat(sub), Body: b.String()}
}

// questionMail puts the editor's question to the submitter with a private link of its own;
// the links of earlier mails keep working (submission_links), and the mail says so.
func (s *Server) questionMail(token, question string) store.MailFunc {
	return func(out store.Outcome) store.Mail {
		sub := out.Submission
		var b strings.Builder
		b.WriteString(greeting(mailName(sub.Submitter.Name)))
		b.WriteString("De redactie van de Praktijkbank las " + mailWhat(sub) + " en heeft een vraag:\n\n")
		b.WriteString(mailQuote(question) + "\n\n")
		b.WriteString("Beantwoord de vraag, en pas je inzending aan als dat nodig is, via deze persoonlijke link:\n")
		b.WriteString(s.absolute(submissionPath(token)) + "\n\n")
		b.WriteString("De link uit je eerdere mails blijft ook werken. Deel de links niet: wie ze kent, kan je inzending bekijken en aanpassen.\n")
		b.WriteString(mailSignature)
		return store.Mail{Kind: "question", To: sub.Submitter.Email, Subject: "Vraag van de redactie over " + mailWhat(sub), Body: b.String()}
	}
}

// mailQuote indents text as a quotation in a plain-text mail.
func mailQuote(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}
