package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

const (
	msgBadCredentials = "E-mailadres of wachtwoord klopt niet."
	msgTooManyLogins  = "Te veel pogingen. Probeer het over enkele minuten opnieuw."
)

// secureCookies reports whether cookies must be Secure: when the site's public address is
// https, or this request came over TLS (directly or through a trusted proxy that says so).
func (s *Server) secureCookies(r *http.Request) bool {
	return strings.HasPrefix(s.cfg.BaseURL, "https://") || clientOf(r).HTTPS
}

// sessionCookieName is "__Host-sessie" over https (the browser then insists on Secure, Path=/
// and no Domain), "sessie" otherwise.
func (s *Server) sessionCookieName(r *http.Request) string {
	if s.secureCookies(r) {
		return "__Host-sessie"
	}
	return "sessie"
}

// sessionToken returns the session token the browser presented, or "".
func (s *Server) sessionToken(r *http.Request) string {
	c, err := r.Cookie(s.sessionCookieName(r))
	if err != nil {
		return ""
	}
	return c.Value
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.sessionCookieName(r),
		Value:    token,
		Path:     "/",
		Expires:  expires,
		MaxAge:   int(time.Until(expires).Seconds()),
		HttpOnly: true,
		Secure:   s.secureCookies(r),
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.sessionCookieName(r),
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   s.secureCookies(r),
		SameSite: http.SameSiteLaxMode,
	})
}

// startSession signs u in with a new token, discarding the session the browser had, and sets
// the cookie; the browser also gets a new device cookie (store.MaxFailuresPerDevice).
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, userID int64) error {
	token, hash := newToken()
	device, deviceHash := newToken()
	ns := store.NewSession{UserID: userID, TokenHash: hash, Device: deviceHash, DiscardDevice: s.deviceHash(r)}
	if old := s.sessionToken(r); old != "" {
		ns.Discard = hashToken(old)
	}
	expires, err := s.store.StartSession(r.Context(), ns)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, token, expires)
	http.SetCookie(w, &http.Cookie{
		Name:     s.deviceCookieName(r),
		Value:    device,
		Path:     "/",
		MaxAge:   int(store.DeviceLifetime.Seconds()),
		HttpOnly: true,
		Secure:   s.secureCookies(r),
		SameSite: http.SameSiteStrictMode,
	})
	return nil
}

// deviceCookieName is the cookie by which a browser that signed in before is recognised at
// the next sign-in: "__Host-apparaat" over https, "apparaat" otherwise.
func (s *Server) deviceCookieName(r *http.Request) string {
	if s.secureCookies(r) {
		return "__Host-apparaat"
	}
	return "apparaat"
}

// deviceHash is the hash of the device cookie's token the browser presented, or nil.
func (s *Server) deviceHash(r *http.Request) []byte {
	c, err := r.Cookie(s.deviceCookieName(r))
	if err != nil || c.Value == "" {
		return nil
	}
	return hashToken(c.Value)
}

// loginClient is the client a sign-in is throttled under: its address (clientAddress), IPv6
// by /64.
func loginClient(r *http.Request) string {
	key, _ := clientAddress(r)
	return key
}

// localReturnPath returns p when it is a path on this site ("/beheer?x=1"), and "" for
// anything that could lead elsewhere ("//evil.test", "/\evil.test", "https://…").
func localReturnPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") ||
		strings.ContainsAny(p, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return p
}

func (s *Server) loginProps() templates.LoginProps {
	return templates.LoginProps{Page: s.page("Aanmelden", "", "", true)}
}

// showLogin is GET /aanmelden: the form, or the signed-in user's account.
func (s *Server) showLogin(w http.ResponseWriter, r *http.Request) error {
	p := s.loginProps()
	board := loginNotices
	if u, ok := userFrom(r.Context()); ok {
		p.Title = "Je account"
		p.SignedIn = &templates.SignedInView{Name: displayName(u), Email: u.Email, Role: roleLabel(u.Role)}
		board = accountNotices
	}
	if n := board.of(r); n != nil {
		p.Notice = n.Text
	}
	p.Return = localReturnPath(r.URL.Query().Get(templates.AccountFieldReturn))
	return s.renderPrivate(w, r, http.StatusOK, templates.Login(p))
}

// login is POST /aanmelden.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	p := s.loginProps()
	p.Email = strings.TrimSpace(r.PostFormValue(templates.AccountFieldEmail))
	p.Return = localReturnPath(r.PostFormValue(templates.AccountFieldReturn))
	password := r.PostFormValue(templates.AccountFieldPassword)
	if p.Email == "" {
		p.Errors.Add(templates.AccountFieldEmail, "Vul je e-mailadres in.")
	}
	if password == "" {
		p.Errors.Add(templates.AccountFieldPassword, "Vul je wachtwoord in.")
	}
	if len(p.Errors) > 0 {
		return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.Login(p))
	}
	u, err := s.store.Authenticate(r.Context(), store.Credentials{Email: p.Email, Password: password, Client: loginClient(r),
		Device: s.deviceHash(r)})
	switch {
	case errors.Is(err, store.ErrThrottled):
		p.Errors.Add("", msgTooManyLogins)
		w.Header().Set("Retry-After", strconv.Itoa(int(store.LoginFailureWindow.Seconds())))
		return s.renderPrivate(w, r, http.StatusTooManyRequests, templates.Login(p))
	case errors.Is(err, store.ErrBadCredentials):
		p.Errors.Add("", msgBadCredentials)
		return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.Login(p))
	case err != nil:
		return err
	}
	if err := s.startSession(w, r, u.ID); err != nil {
		return err
	}
	target := p.Return
	if target == "" {
		target = "/beheer"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// loginRateLimited answers a client that posts the sign-in form too often.
func (s *Server) loginRateLimited(w http.ResponseWriter, r *http.Request) error {
	p := s.loginProps()
	p.Email = strings.TrimSpace(r.PostFormValue(templates.AccountFieldEmail))
	p.Return = localReturnPath(r.PostFormValue(templates.AccountFieldReturn))
	p.Errors.Add("", msgTooManyLogins)
	return s.renderPrivate(w, r, http.StatusTooManyRequests, templates.Login(p))
}

// logout is POST /afmelden: it ends this browser's session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if token := s.sessionToken(r); token != "" {
		if err := s.store.EndSession(r.Context(), hashToken(token)); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, loginNotices.url("/aanmelden", noticeSignedOut), http.StatusSeeOther)
	return nil
}

// logoutEverywhere is POST /afmelden/overal: it ends every session of the signed-in user.
func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request) error {
	u, ok := userFrom(r.Context())
	if !ok { // requireRole sends visitors elsewhere first
		http.Redirect(w, r, "/aanmelden", http.StatusSeeOther)
		return nil
	}
	if _, err := s.store.EndAllSessions(r.Context(), u.ID); err != nil {
		return err
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, loginNotices.url("/aanmelden", noticeSignedOutEverywhere), http.StatusSeeOther)
	return nil
}
