package web

import (
	"context"
	"strings"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// retentionInterval is how often RunRetention applies the retention policy.
const retentionInterval = time.Hour

// RunRetention applies the retention policy (ApplyRetention) at once and then every hour
// until ctx ends.
func (s *Server) RunRetention(ctx context.Context) {
	for {
		if _, err := s.ApplyRetention(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("retention", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(retentionInterval):
		}
	}
}

// ApplyRetention mails the submitters of drafts about to expire, removes expired drafts and
// old mails (store.ApplyRetention), and logs what it did.
func (s *Server) ApplyRetention(ctx context.Context) (store.RetentionResult, error) {
	res, err := s.store.ApplyRetention(ctx, newToken, s.draftExpiryMail)
	if err != nil {
		return res, err
	}
	if res != (store.RetentionResult{}) {
		s.log.Info("retention applied", "drafts_warned", res.Warned, "drafts_removed", res.DraftsRemoved, "mails_removed", res.MailsRemoved)
	}
	return res, nil
}

// draftExpiryMail tells the submitter of an unsent draft when it will be removed, with a new
// private link to it. Like the confirmation, it goes to an address nobody confirmed, so it
// carries nothing typed but the name (mailName).
func (s *Server) draftExpiryMail(d store.ExpiringDraft, token string) store.Mail {
	what := "je klad"
	if d.Kind == catalog.KindChange {
		what = "je klad van een voorstel tot wijziging"
	}
	var b strings.Builder
	b.WriteString(greeting(mailName(d.Name)))
	b.WriteString("Je bewaarde " + what + " op de Praktijkbank, maar stuurde het nog niet naar de redactie.\n")
	b.WriteString("Een klad dat niet verstuurd is, bewaren we " + itoaDays(store.DraftRetention) + " dagen na de laatste wijziging. ")
	b.WriteString("Dit klad wordt verwijderd op " + templates.DutchDate(d.ExpiresAt) + ", met de foto als je er een toevoegde.\n\n")
	b.WriteString("Wil je het houden? Werk het bij of verstuur het met deze persoonlijke link:\n")
	b.WriteString(s.absolute(submissionPath(token)) + "\n\n")
	b.WriteString("Elke wijziging geeft het klad opnieuw " + itoaDays(store.DraftRetention) + " dagen.\n")
	b.WriteString(unconfirmedNote)
	b.WriteString(mailSignature)
	return store.Mail{Kind: "draft-expiry", Subject: "Je klad op de Praktijkbank wordt binnenkort verwijderd", Body: b.String()}
}

func itoaDays(d time.Duration) string { return sheetform.Thousands(int(d / (24 * time.Hour))) }
