package web

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

const maxNameLength = 100

// invitationProblem renders the page for an invitation link that does not (or no longer) work,
// for err from the store; it returns err itself when err is something else.
func (s *Server) invitationProblem(w http.ResponseWriter, r *http.Request, err error) error {
	p := templates.AccountMessageProps{Page: s.page("Uitnodiging", "", "", true)}
	status := http.StatusGone
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		status = http.StatusNotFound
		p.Heading = "Deze uitnodiging bestaat niet"
		p.Message = "Controleer of je de volledige link uit de mail gebruikt. Werkt hij niet, vraag dan een beheerder om een nieuwe uitnodiging."
	case errors.Is(err, store.ErrInvitationUsed):
		p.Heading = "Deze uitnodiging is al gebruikt"
		p.Message = "Met deze uitnodiging is al een account geopend. Je kan je aanmelden met je e-mailadres en wachtwoord."
		p.LinkURL, p.LinkLabel = "/aanmelden", "Aanmelden"
	case errors.Is(err, store.ErrInvitationExpired):
		p.Heading = "Deze uitnodiging is verlopen"
		p.Message = "Een uitnodiging is zeven dagen geldig. Vraag een beheerder om je opnieuw uit te nodigen."
	case errors.Is(err, catalog.ErrConflict):
		status = http.StatusConflict
		p.Heading = "Je hebt al een account"
		p.Message = "Er bestaat al een account met dit e-mailadres. Je kan je aanmelden met je e-mailadres en wachtwoord."
		p.LinkURL, p.LinkLabel = "/aanmelden", "Aanmelden"
	default:
		return err
	}
	p.Title = p.Heading
	return s.renderPrivate(w, r, status, templates.AccountMessage(p))
}

// openInvitation returns the invitation of the request's link, or the store's error for one
// that cannot be used.
func (s *Server) openInvitation(r *http.Request) (store.Invitation, error) {
	inv, err := s.store.InvitationByToken(r.Context(), hashToken(chi.URLParam(r, "token")))
	switch {
	case err != nil:
		return inv, err
	case !inv.AcceptedAt.IsZero():
		return inv, store.ErrInvitationUsed
	case !inv.ExpiresAt.After(time.Now()):
		return inv, store.ErrInvitationExpired
	}
	return inv, nil
}

func (s *Server) invitationProps(r *http.Request, inv store.Invitation) templates.InvitationProps {
	return templates.InvitationProps{
		Page:      s.page("Account openen", "", "", true),
		Action:    r.URL.Path,
		Email:     inv.Email,
		Role:      roleLabel(inv.Role),
		InvitedBy: inv.InvitedBy,
		ExpiresAt: inv.ExpiresAt,
	}
}

// showInvitation is GET /uitnodiging/{token}: the form to open the invited account.
func (s *Server) showInvitation(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer") // the URL holds the token
	inv, err := s.openInvitation(r)
	if err != nil {
		return s.invitationProblem(w, r, err)
	}
	if err := s.auditLinkUse(r, "invitation", 0, map[string]any{"email": inv.Email}); err != nil {
		return err
	}
	return s.renderPrivate(w, r, http.StatusOK, templates.Invitation(s.invitationProps(r, inv)))
}

// acceptInvitation is POST /uitnodiging/{token}: it creates the account and signs it in.
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	inv, err := s.openInvitation(r)
	if err != nil {
		return s.invitationProblem(w, r, err)
	}
	if err := s.auditLinkUse(r, "invitation", 0, map[string]any{"email": inv.Email}); err != nil {
		return err
	}
	p := s.invitationProps(r, inv)
	p.Name = strings.Join(strings.Fields(r.PostFormValue(templates.AccountFieldName)), " ")
	password := r.PostFormValue(templates.AccountFieldPassword)
	confirm := r.PostFormValue(templates.AccountFieldConfirm)
	switch {
	case p.Name == "":
		p.Errors.Add(templates.AccountFieldName, "Vul je naam in.")
	case utf8.RuneCountInString(p.Name) > maxNameLength:
		p.Errors.Add(templates.AccountFieldName, "Je naam mag hoogstens 100 tekens lang zijn.")
	}
	checkNewPassword(&p.Errors, password, confirm)
	if len(p.Errors) > 0 {
		return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.Invitation(p))
	}
	hash, err := store.HashPassword(r.Context(), password, nil)
	if err != nil {
		return err
	}
	token, tokenHash := newToken()
	acc := store.Acceptance{
		TokenHash:    hashToken(chi.URLParam(r, "token")),
		Name:         p.Name,
		PasswordHash: hash,
		Session:      store.NewSession{TokenHash: tokenHash},
	}
	if old := s.sessionToken(r); old != "" {
		acc.Session.Discard = hashToken(old)
	}
	if _, err := s.store.AcceptInvitation(r.Context(), acc); err != nil {
		return s.invitationProblem(w, r, err)
	}
	s.setSessionCookie(w, r, token, time.Now().Add(store.SessionLifetime))
	http.Redirect(w, r, "/beheer", http.StatusSeeOther)
	return nil
}

// checkNewPassword adds the errors of a chosen password and its repetition to errs.
func checkNewPassword(errs *templates.AccountErrors, password, confirm string) {
	switch {
	case password == "":
		errs.Add(templates.AccountFieldPassword, "Kies een wachtwoord.")
	case utf8.RuneCountInString(password) < store.MinPasswordLength:
		errs.Add(templates.AccountFieldPassword, "Je wachtwoord is te kort: kies er een van minstens 12 tekens.")
	case !store.PasswordLengthOK(password):
		errs.Add(templates.AccountFieldPassword, "Je wachtwoord is te lang: kies er een van hoogstens 1000 tekens.")
	case confirm == "":
		errs.Add(templates.AccountFieldConfirm, "Typ je wachtwoord nog een keer.")
	case confirm != password:
		errs.Add(templates.AccountFieldConfirm, "De twee wachtwoorden zijn niet gelijk.")
	}
}
