package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

const msgTooManyResets = "Je vroeg de voorbije tijd al enkele keren een nieuw wachtwoord aan. Kijk in je mailbox naar de mail die al onderweg is, of probeer het over een uur opnieuw."

func (s *Server) forgotProps() templates.PasswordForgotProps {
	return templates.PasswordForgotProps{Page: s.page("Wachtwoord vergeten", "", "", true)}
}

// showForgotPassword is GET /wachtwoord-vergeten: the form that asks for a reset link.
func (s *Server) showForgotPassword(w http.ResponseWriter, r *http.Request) error {
	return s.renderPrivate(w, r, http.StatusOK, templates.PasswordForgot(s.forgotProps()))
}

// showResetSent is GET /wachtwoord-vergeten/verstuurd: the answer to every accepted request,
// whether or not the address has an account.
func (s *Server) showResetSent(w http.ResponseWriter, r *http.Request) error {
	p := s.forgotProps()
	p.Title = "Kijk in je mailbox"
	p.Sent = true
	return s.renderPrivate(w, r, http.StatusOK, templates.PasswordForgot(p))
}

// requestPasswordReset is POST /wachtwoord-vergeten: it mails a reset link when the address
// has an active account, and answers the same either way.
func (s *Server) requestPasswordReset(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	p := s.forgotProps()
	p.Email = strings.TrimSpace(r.PostFormValue(templates.AccountFieldEmail))
	switch {
	case p.Email == "":
		p.Errors.Add(templates.AccountFieldEmail, "Vul het e-mailadres van je account in.")
	case !validInviteEmail(p.Email):
		p.Errors.Add(templates.AccountFieldEmail, "Vul een geldig e-mailadres in, zoals naam@gemeente.be.")
	}
	if len(p.Errors) > 0 {
		return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.PasswordForgot(p))
	}
	token, hash := newToken()
	expires := time.Now().Add(store.ResetLifetime)
	err := s.store.RequestPasswordReset(r.Context(), store.ResetRequest{
		Email: p.Email, Client: loginClient(r), TokenHash: hash, ExpiresAt: expires,
		Mail: s.resetMail(token, expires),
	})
	if errors.Is(err, store.ErrThrottled) {
		p.Errors.Add("", msgTooManyResets)
		w.Header().Set("Retry-After", strconv.Itoa(int(store.ResetRequestWindow.Seconds())))
		return s.renderPrivate(w, r, http.StatusTooManyRequests, templates.PasswordForgot(p))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/wachtwoord-vergeten/verstuurd", http.StatusSeeOther)
	return nil
}

// resetMail is the mail that carries a reset link; the store addresses it.
func (s *Server) resetMail(token string, expires time.Time) store.Mail {
	body := fmt.Sprintf(`Dag,

Iemand, hopelijk jij, vroeg een nieuw wachtwoord voor je account bij de Praktijkbank.

Kies een nieuw wachtwoord via deze link:

%s

De link werkt één keer en is geldig tot %s. Daarna vraag je een nieuwe aan op %s.
Als je een nieuw wachtwoord kiest, word je afgemeld op elke andere computer of telefoon.

Vroeg je dit niet zelf? Dan hoef je niets te doen: je wachtwoord blijft wat het was.

Met vriendelijke groeten
De Praktijkbank
`, s.absolute("/wachtwoord-herstellen/"+token), templates.AdminDateTime(expires), s.absolute("/wachtwoord-vergeten"))
	return store.Mail{Kind: "password-reset", Subject: "Een nieuw wachtwoord voor de Praktijkbank", Body: body}
}

// passwordChangedMail tells the account's owner that the password was changed by a reset link.
func (s *Server) passwordChangedMail() store.Mail {
	body := fmt.Sprintf(`Dag,

Het wachtwoord van je account bij de Praktijkbank is zonet gewijzigd, via een link die we je mailden.
Je bent afgemeld op elke computer of telefoon, behalve die waarop het nieuwe wachtwoord gekozen werd.

Deed je dit niet zelf? Vraag dan meteen een nieuw wachtwoord aan op %s en verwittig een beheerder van de Praktijkbank.

Met vriendelijke groeten
De Praktijkbank
`, s.absolute("/wachtwoord-vergeten"))
	return store.Mail{Kind: "password-changed", Subject: "Je wachtwoord voor de Praktijkbank is gewijzigd", Body: body}
}

// resetProblem renders the page for a reset link that does not (or no longer) work, for err
// from the store; it returns err itself when err is something else.
func (s *Server) resetProblem(w http.ResponseWriter, r *http.Request, err error) error {
	p := templates.AccountMessageProps{Page: s.page("Nieuw wachtwoord", "", "", true),
		LinkURL: "/wachtwoord-vergeten", LinkLabel: "Vraag een nieuwe link aan"}
	status := http.StatusGone
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		status = http.StatusNotFound
		p.Heading = "Deze link werkt niet"
		p.Message = "Controleer of je de volledige link uit de mail gebruikt. Werkt hij niet, vraag dan een nieuwe aan."
	case errors.Is(err, store.ErrResetUsed):
		p.Heading = "Deze link is al gebruikt"
		p.Message = "Met deze link is al een nieuw wachtwoord gekozen. Een link werkt één keer. Je kan je aanmelden met je nieuwe wachtwoord, of een nieuwe link aanvragen."
	case errors.Is(err, store.ErrResetExpired):
		p.Heading = "Deze link is verlopen"
		p.Message = "Een link om een nieuw wachtwoord te kiezen is een uur geldig. Vraag een nieuwe aan."
	default:
		return err
	}
	p.Title = p.Heading
	return s.renderPrivate(w, r, status, templates.AccountMessage(p))
}

func (s *Server) resetProps(r *http.Request, pr store.PasswordReset) templates.PasswordResetProps {
	return templates.PasswordResetProps{
		Page: s.page("Nieuw wachtwoord", "", "", true), Action: r.URL.Path, Email: pr.Email, ExpiresAt: pr.ExpiresAt}
}

// showPasswordReset is GET /wachtwoord-herstellen/{token}: the form to choose a new password.
func (s *Server) showPasswordReset(w http.ResponseWriter, r *http.Request) error {
	pr, err := s.store.PasswordResetByToken(r.Context(), hashToken(chi.URLParam(r, "token")))
	if err != nil {
		return s.resetProblem(w, r, err)
	}
	if err := s.auditLinkUse(r, "password_reset", 0, map[string]any{"email": pr.Email}); err != nil {
		return err
	}
	return s.renderPrivate(w, r, http.StatusOK, templates.PasswordReset(s.resetProps(r, pr)))
}

// resetPassword is POST /wachtwoord-herstellen/{token}: it sets the new password, ends every
// other session of the account and signs this browser in.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	tokenHash := hashToken(chi.URLParam(r, "token"))
	pr, err := s.store.PasswordResetByToken(r.Context(), tokenHash)
	if err != nil {
		return s.resetProblem(w, r, err)
	}
	if err := s.auditLinkUse(r, "password_reset", 0, map[string]any{"email": pr.Email}); err != nil {
		return err
	}
	p := s.resetProps(r, pr)
	password := r.PostFormValue(templates.AccountFieldPassword)
	checkNewPassword(&p.Errors, password, r.PostFormValue(templates.AccountFieldConfirm))
	if len(p.Errors) > 0 {
		return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.PasswordReset(p))
	}
	hash, err := store.HashPassword(r.Context(), password, nil)
	if err != nil {
		return err
	}
	token, sessionHash := newToken()
	np := store.NewPassword{TokenHash: tokenHash, PasswordHash: hash,
		Session: store.NewSession{TokenHash: sessionHash}, Notice: s.passwordChangedMail()}
	if old := s.sessionToken(r); old != "" {
		np.Session.Discard = hashToken(old)
	}
	if _, err := s.store.ResetPassword(r.Context(), np); err != nil {
		return s.resetProblem(w, r, err)
	}
	s.setSessionCookie(w, r, token, time.Now().Add(store.SessionLifetime))
	http.Redirect(w, r, accountNotices.url("/aanmelden", noticeNewPassword), http.StatusSeeOther)
	return nil
}
