package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// adminPage fills the layout props of an admin page.
func (s *Server) adminPage(title string) templates.Page {
	p := s.page(title, "", "", true)
	p.Nav = "beheer"
	return p
}

// adminIDParam reads a positive numeric route parameter; anything else is not found.
func adminIDParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, catalog.ErrNotFound
	}
	return id, nil
}

func userAnchor(id int64) string { return "gebruiker-" + strconv.FormatInt(id, 10) }

func userAuditURL(id int64) string { return paths.UserAudit(id) }

// renderUsers writes /beheer/gebruikers with the invite form as given.
func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, p templates.AdminUsersProps) error {
	me, _ := userFrom(r.Context())
	ctx := r.Context()
	accounts, err := s.store.Accounts(ctx)
	if err != nil {
		return err
	}
	invitations, err := s.store.OpenInvitations(ctx)
	if err != nil {
		return err
	}
	p.Page = s.adminPage("Gebruikers")
	for _, a := range accounts {
		row := templates.AdminUserRow{
			Anchor: userAnchor(a.ID), Name: displayName(a.User), Email: a.Email, Role: roleLabel(a.Role),
			Created: a.CreatedAt, LastSeen: a.LastSeen, Removed: a.RemovedAt, Self: a.ID == me.ID,
			AuditURL: userAuditURL(a.ID),
		}
		if a.Active() && a.ID != me.ID {
			row.RemoveURL = fmt.Sprintf("/beheer/gebruikers/%d/verwijderen", a.ID)
		}
		p.Users = append(p.Users, row)
	}
	for _, inv := range invitations {
		p.Invitations = append(p.Invitations, templates.AdminInvitationRow{
			Email: inv.Email, Role: roleLabel(inv.Role), InvitedBy: inv.InvitedBy, Created: inv.CreatedAt, Expires: inv.ExpiresAt})
	}
	role := catalog.Role(r.PostFormValue(templates.AccountFieldRole))
	p.Roles = []templates.Option{
		{Value: string(catalog.RoleEditor), Label: "Redacteur", Selected: role != catalog.RoleAdmin},
		{Value: string(catalog.RoleAdmin), Label: "Beheerder", Selected: role == catalog.RoleAdmin},
	}
	return s.renderPrivate(w, r, status, templates.AdminUsers(p))
}

// showUsers is GET /beheer/gebruikers.
func (s *Server) showUsers(w http.ResponseWriter, r *http.Request) error {
	var p templates.AdminUsersProps
	n := userNotices.of(r)
	if n == nil {
		return s.renderUsers(w, r, http.StatusOK, p)
	}
	p.Notice = n.Text
	// The redirect names whom the notice is about by a number (an invitation by the
	// microsecond it was made, an account by its id); the address or name is read here.
	id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
	switch userNotices.key(r) {
	case noticeInvited:
		invitations, err := s.store.OpenInvitations(r.Context())
		if err != nil {
			return err
		}
		for _, inv := range invitations {
			if inv.CreatedAt.UnixMicro() == id {
				p.Notice = "De uitnodiging voor " + inv.Email + " is verstuurd."
			}
		}
	case noticeUserRemoved:
		if a, err := s.store.AccountByID(r.Context(), id); err == nil && id > 0 && !a.Active() {
			p.Notice = "Het account van " + displayName(a.User) + " is verwijderd."
		}
	}
	return s.renderUsers(w, r, http.StatusOK, p)
}

// validInviteEmail reports whether s is a bare e-mail address with a domain that has a dot.
func validInviteEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && len(s) <= 254
}

// inviteUser is POST /beheer/gebruikers: it invites someone by mail.
func (s *Server) inviteUser(w http.ResponseWriter, r *http.Request) error {
	me, _ := userFrom(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	var p templates.AdminUsersProps
	p.InviteEmail = strings.TrimSpace(r.PostFormValue(templates.AccountFieldEmail))
	role := catalog.Role(r.PostFormValue(templates.AccountFieldRole))
	switch {
	case p.InviteEmail == "":
		p.Errors.Add(templates.AccountFieldEmail, "Vul het e-mailadres in van wie je wil uitnodigen.")
	case !validInviteEmail(p.InviteEmail):
		p.Errors.Add(templates.AccountFieldEmail, "Vul een geldig e-mailadres in, zoals naam@gemeente.be.")
	}
	if role != catalog.RoleEditor && role != catalog.RoleAdmin {
		p.Errors.Add(templates.AccountFieldRole, "Kies een rol.")
	}
	if len(p.Errors) > 0 {
		return s.renderUsers(w, r, http.StatusUnprocessableEntity, p)
	}
	token, hash := newToken()
	expires := time.Now().Add(store.InvitationLifetime)
	err := s.store.Invite(r.Context(), store.NewInvitation{
		Email: p.InviteEmail, Role: role, InvitedBy: me.ID, TokenHash: hash, ExpiresAt: expires,
		Mail: s.invitationMail(p.InviteEmail, role, displayName(me), token, expires),
	})
	if errors.Is(err, catalog.ErrConflict) {
		p.Errors.Add(templates.AccountFieldEmail, "Er bestaat al een account met dit e-mailadres.")
		return s.renderUsers(w, r, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	// The notice names the address; the URL carries only the invitation's id.
	invitations, err := s.store.OpenInvitations(r.Context())
	if err != nil {
		return err
	}
	var id int64
	for _, inv := range invitations {
		if strings.EqualFold(inv.Email, p.InviteEmail) {
			id = inv.CreatedAt.UnixMicro()
		}
	}
	return userNotices.redirect(w, r, "/beheer/gebruikers", noticeInvited, "id", strconv.FormatInt(id, 10))
}

// invitationMail is the mail that carries an invitation link.
func (s *Server) invitationMail(to string, role catalog.Role, inviter, token string, expires time.Time) store.Mail {
	link := s.absolute("/uitnodiging/" + token)
	body := fmt.Sprintf(`Dag,

%s nodigt je uit als %s van de Praktijkbank, de databank met goede praktijken van lokale besturen in Vlaanderen en Brussel.

Open je account via deze link. Je kiest er zelf je naam en een wachtwoord:

%s

De link is geldig tot %s. Is hij verlopen, vraag dan een nieuwe uitnodiging.

Verwachtte je deze mail niet? Dan hoef je niets te doen.

Met vriendelijke groeten
De Praktijkbank
`, inviter, roleLabel(role), link, templates.AdminDateTime(expires))
	return store.Mail{Kind: "invitation", To: to, Subject: "Uitnodiging voor de Praktijkbank", Body: body}
}

// removeUser is POST /beheer/gebruikers/{id}/verwijderen.
func (s *Server) removeUser(w http.ResponseWriter, r *http.Request) error {
	me, _ := userFrom(r.Context())
	id, err := adminIDParam(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.AccountByID(r.Context(), id); err != nil {
		return err
	}
	err = s.store.RemoveUser(r.Context(), me.ID, id)
	if errors.Is(err, catalog.ErrForbidden) {
		return errOwnAccount
	}
	if err != nil {
		return err
	}
	return userNotices.redirect(w, r, "/beheer/gebruikers", noticeUserRemoved, "id", strconv.FormatInt(id, 10))
}

// displayName is how the interface names u.
func displayName(u catalog.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// roleLabel is the Dutch name of a role.
func roleLabel(r catalog.Role) string {
	switch r {
	case catalog.RoleAdmin:
		return "beheerder"
	case catalog.RoleEditor:
		return "redacteur"
	}
	return string(r)
}
