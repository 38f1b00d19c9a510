package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func accountStore(t *testing.T) *store.Store {
	t.Helper()
	return store.New(testdb.New(t))
}

// auditActions returns the actions of the audit log, oldest first.
func auditTrail(t *testing.T, st *store.Store) []string {
	t.Helper()
	page, err := st.AuditLog(context.Background(), store.AuditQuery{PageSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(page.Entries) - 1; i >= 0; i-- {
		out = append(out, page.Entries[i].Action)
	}
	return out
}

func TestUserCreateAndAuthenticate(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	u := newAccount(t, st, "An.Peeters@Gemeente.be", catalog.RoleEditor, "een lang wachtwoord")

	tests := []struct {
		name  string
		creds store.Credentials
		want  error
	}{
		{"right", store.Credentials{Email: "an.peeters@gemeente.be", Password: "een lang wachtwoord", Client: "192.0.2.1"}, nil},
		{"spaces around address", store.Credentials{Email: " AN.PEETERS@gemeente.be ", Password: "een lang wachtwoord", Client: "192.0.2.1"}, nil},
		{"wrong password", store.Credentials{Email: "an.peeters@gemeente.be", Password: "een lang wachtwoorD", Client: "192.0.2.1"}, store.ErrBadCredentials},
		{"no account", store.Credentials{Email: "niemand@gemeente.be", Password: "een lang wachtwoord", Client: "192.0.2.1"}, store.ErrBadCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.Authenticate(ctx, tt.creds)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want == nil && got != u {
				t.Errorf("user = %+v, want %+v", got, u)
			}
		})
	}

	h, _ := store.HashPassword(ctx, "nog een wachtwoord", testdb.CheapHashParams)
	_, err := st.CreateUser(ctx, 0, store.NewUser{Email: "AN.PEETERS@gemeente.be", Role: catalog.RoleAdmin, PasswordHash: h})
	if !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("second account with the same address: err = %v, want ErrConflict", err)
	}
}

func TestPasswordHashParams(t *testing.T) {
	t.Parallel()
	h, err := store.HashPassword(context.Background(), "een lang wachtwoord", nil)
	if err != nil {
		t.Fatal(err)
	}
	p, _, _, err := argon2id.DecodeHash(h)
	if err != nil {
		t.Fatal(err)
	}
	if p.Memory != 64*1024 || p.Iterations != 1 || p.Parallelism != 2 {
		t.Errorf("default params = %+v, want 64 MiB, 1 pass, 2 lanes", p)
	}
	for _, tt := range []struct {
		pw string
		ok bool
	}{{"kort", false}, {"elf tekens!", false}, {"twaalf tekens", true}, {"ééééééééééé", false}, {"éééééééééééé", true}} {
		if got := store.PasswordLengthOK(tt.pw); got != tt.ok {
			t.Errorf("PasswordLengthOK(%q) = %v", tt.pw, got)
		}
	}
}

func TestLoginThrottling(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	u := newAccount(t, st, "redacteur@gemeente.be", catalog.RoleEditor, "het juiste wachtwoord")
	right := store.Credentials{Email: u.Email, Password: "het juiste wachtwoord", Client: "198.51.100.7"}
	wrong := right
	wrong.Password = "fout fout fout"

	// Per account: after MaxFailuresPerAccount failures from several clients, even the right
	// password is refused, from any client.
	for i := range store.MaxFailuresPerAccount {
		c := wrong
		c.Client = "203.0.113." + string(rune('1'+i))
		if _, err := st.Authenticate(ctx, c); !errors.Is(err, store.ErrBadCredentials) {
			t.Fatalf("failure %d: err = %v", i+1, err)
		}
	}
	if _, err := st.Authenticate(ctx, right); !errors.Is(err, store.ErrThrottled) {
		t.Fatalf("after %d failures: err = %v, want ErrThrottled", store.MaxFailuresPerAccount, err)
	}
	// Another account from the same client is not affected.
	other := newAccount(t, st, "ander@gemeente.be", catalog.RoleEditor, "het andere wachtwoord")
	if _, err := st.Authenticate(ctx, store.Credentials{Email: other.Email, Password: "het andere wachtwoord", Client: right.Client}); err != nil {
		t.Fatalf("other account: %v", err)
	}
	// The window passes.
	if _, err := st.Pool().Exec(ctx, `UPDATE login_failures SET at = at - interval '16 minutes'`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Authenticate(ctx, right); err != nil {
		t.Fatalf("after the window: %v", err)
	}

	// Per client: MaxFailuresPerClient failures over many addresses block the client.
	for i := range store.MaxFailuresPerClient {
		c := store.Credentials{Email: strings.Repeat("x", i+1) + "@gemeente.be", Password: "raden", Client: "192.0.2.99"}
		if _, err := st.Authenticate(ctx, c); !errors.Is(err, store.ErrBadCredentials) {
			t.Fatalf("client failure %d: %v", i+1, err)
		}
	}
	if _, err := st.Authenticate(ctx, store.Credentials{Email: u.Email, Password: "het juiste wachtwoord", Client: "192.0.2.99"}); !errors.Is(err, store.ErrThrottled) {
		t.Fatalf("client after %d failures: err = %v, want ErrThrottled", store.MaxFailuresPerClient, err)
	}

	// A successful sign-in clears the account's failures.
	for range store.MaxFailuresPerAccount - 1 {
		_, _ = st.Authenticate(ctx, wrong)
	}
	if _, err := st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: testdb.TokenHash("t1")}); err != nil {
		t.Fatal(err)
	}
	var n int
	_ = st.Pool().QueryRow(ctx, `SELECT count(*) FROM login_failures WHERE email = $1`, u.Email).Scan(&n)
	if n != 0 {
		t.Errorf("%d failures left after a sign-in", n)
	}
}

func TestRemoveUser(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	admin := newAccount(t, st, "beheerder@gemeente.be", catalog.RoleAdmin, "beheerder wachtwoord")
	ed := newAccount(t, st, "redacteur@gemeente.be", catalog.RoleEditor, "redacteur wachtwoord")
	if _, err := st.StartSession(ctx, store.NewSession{UserID: ed.ID, TokenHash: testdb.TokenHash("ed")}); err != nil {
		t.Fatal(err)
	}

	if err := st.RemoveUser(ctx, admin.ID, admin.ID); !errors.Is(err, catalog.ErrForbidden) {
		t.Errorf("removing oneself: err = %v, want ErrForbidden", err)
	}
	if err := st.RemoveUser(ctx, admin.ID, ed.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SessionUser(ctx, testdb.TokenHash("ed")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("session of a removed editor: err = %v, want ErrNotFound", err)
	}
	var n int
	_ = st.Pool().QueryRow(ctx, `SELECT count(*) FROM sessions WHERE user_id = $1`, ed.ID).Scan(&n)
	if n != 0 {
		t.Errorf("%d sessions left", n)
	}
	if _, err := st.Authenticate(ctx, store.Credentials{Email: ed.Email, Password: "redacteur wachtwoord", Client: "x"}); !errors.Is(err, store.ErrBadCredentials) {
		t.Errorf("sign-in of a removed editor: err = %v", err)
	}
	if err := st.RemoveUser(ctx, admin.ID, ed.ID); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("removing twice: err = %v, want ErrNotFound", err)
	}
	accounts, err := st.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) != 2 || !accounts[0].Active() || accounts[1].Active() || accounts[1].ID != ed.ID {
		t.Errorf("accounts = %+v, want the admin active first and the editor removed", accounts)
	}
	if accounts[1].LastSeen.IsZero() {
		t.Error("the editor signed in but has no last-seen time")
	}
	page, _ := st.AuditLog(ctx, store.AuditQuery{})
	if e := page.Entries[0]; e.Action != "remove" || e.UserID != admin.ID || e.ObjectID != ed.ID || e.Detail["email"] != ed.Email {
		t.Errorf("last audit entry = %+v", e)
	}
}

func TestResetUser(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	admin := newAccount(t, st, "beheerder@gemeente.be", catalog.RoleAdmin, "beheerder wachtwoord")
	ed := newAccount(t, st, "redacteur@gemeente.be", catalog.RoleEditor, "redacteur wachtwoord")
	_, _ = st.StartSession(ctx, store.NewSession{UserID: ed.ID, TokenHash: testdb.TokenHash("ed")})
	if err := st.RemoveUser(ctx, admin.ID, ed.ID); err != nil {
		t.Fatal(err)
	}
	h, _ := store.HashPassword(ctx, "een nieuw wachtwoord", testdb.CheapHashParams)
	u, err := st.ResetUser(ctx, store.NewUser{Email: "REDACTEUR@gemeente.be", Role: catalog.RoleAdmin, PasswordHash: h})
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != ed.ID || u.Role != catalog.RoleAdmin || u.Name != ed.Name {
		t.Errorf("reset user = %+v", u)
	}
	if _, err := st.Authenticate(ctx, store.Credentials{Email: ed.Email, Password: "een nieuw wachtwoord", Client: "x"}); err != nil {
		t.Errorf("sign-in with the new password: %v", err)
	}
	if _, err := st.ResetUser(ctx, store.NewUser{Email: "niemand@gemeente.be", Role: catalog.RoleEditor, PasswordHash: h}); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("reset of an unknown address: err = %v, want ErrNotFound", err)
	}
}

func TestInvitations(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	admin := newAccount(t, st, "beheerder@gemeente.be", catalog.RoleAdmin, "beheerder wachtwoord")
	invite := func(email, token string, expires time.Time) error {
		return st.Invite(ctx, store.NewInvitation{
			Email: email, Role: catalog.RoleEditor, InvitedBy: admin.ID, TokenHash: testdb.TokenHash(token), ExpiresAt: expires,
			Mail: store.Mail{Kind: "invitation", To: email, Subject: "Uitnodiging", Body: "https://x/uitnodiging/" + token},
		})
	}
	week := time.Now().Add(store.InvitationLifetime)
	if err := invite("nieuw@gemeente.be", "oud", week); err != nil {
		t.Fatal(err)
	}
	if err := invite("Nieuw@gemeente.be", "tok", week); err != nil {
		t.Fatal(err)
	}
	if err := invite(admin.Email, "x", week); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("inviting an active account: err = %v, want ErrConflict", err)
	}
	if err := invite("laat@gemeente.be", "laat", time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}

	open, err := st.OpenInvitations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].Email != "Nieuw@gemeente.be" || open[0].InvitedBy != admin.Name {
		t.Errorf("open invitations = %+v, want only the renewed one", open)
	}
	if _, err := st.InvitationByToken(ctx, testdb.TokenHash("oud")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("the replaced invitation: err = %v, want ErrNotFound", err)
	}
	mails, err := st.Mails(ctx, store.MailQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if mails.Total != 3 || mails.Mails[0].Kind != "invitation" || mails.Mails[0].To != "laat@gemeente.be" {
		t.Errorf("outbox = %+v", mails)
	}

	accept := func(token string) (catalog.User, error) {
		h, _ := store.HashPassword(ctx, "mijn eigen wachtwoord", testdb.CheapHashParams)
		return st.AcceptInvitation(ctx, store.Acceptance{
			TokenHash: testdb.TokenHash(token), Name: " Nieuwe Redacteur ", PasswordHash: h,
			Session: store.NewSession{TokenHash: testdb.TokenHash("sessie-" + token)},
		})
	}
	u, err := accept("tok")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Nieuwe Redacteur" || u.Role != catalog.RoleEditor || u.Email != "Nieuw@gemeente.be" {
		t.Errorf("accepted user = %+v", u)
	}
	if got, err := st.SessionUser(ctx, testdb.TokenHash("sessie-tok")); err != nil || got != u {
		t.Errorf("session after accepting = %+v, %v", got, err)
	}
	for _, tt := range []struct {
		token string
		want  error
	}{{"tok", store.ErrInvitationUsed}, {"laat", store.ErrInvitationExpired}, {"onbekend", catalog.ErrNotFound}} {
		if _, err := accept(tt.token); !errors.Is(err, tt.want) {
			t.Errorf("accept %s: err = %v, want %v", tt.token, err, tt.want)
		}
	}

	// A removed editor can be invited back; accepting reactivates the same account.
	if err := st.RemoveUser(ctx, admin.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := invite("nieuw@gemeente.be", "terug", week); err != nil {
		t.Fatal(err)
	}
	back, err := accept("terug")
	if err != nil {
		t.Fatal(err)
	}
	if back.ID != u.ID {
		t.Errorf("invited back as %d, want the same account %d", back.ID, u.ID)
	}
	want := []string{"create", "invite", "invite", "invite", "accept", "remove", "invite", "accept"}
	if got := auditTrail(t, st); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("audit actions = %q, want %q", got, want)
	}
}

func TestAuditLogPages(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	u := newAccount(t, st, "redacteur@gemeente.be", catalog.RoleEditor, "redacteur wachtwoord")
	for i := range 7 {
		if _, err := st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: testdb.TokenHash(string(rune('a' + i)))}); err != nil {
			t.Fatal(err)
		}
	}
	p1, err := st.AuditLog(ctx, store.AuditQuery{Page: 1, PageSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := st.AuditLog(ctx, store.AuditQuery{Page: 2, PageSize: 5})
	if p1.Total != 8 || len(p1.Entries) != 5 || len(p2.Entries) != 3 {
		t.Fatalf("pages: total %d, %d + %d entries", p1.Total, len(p1.Entries), len(p2.Entries))
	}
	if p2.Entries[2].Action != "create" || p2.Entries[2].UserID != 0 || p1.Entries[0].UserName != u.Name {
		t.Errorf("oldest = %+v, newest = %+v", p2.Entries[2], p1.Entries[0])
	}
	mine, _ := st.AuditLog(ctx, store.AuditQuery{UserID: u.ID})
	if mine.Total != 7 {
		t.Errorf("%d entries of the user, want 7 sign-ins", mine.Total)
	}
}
