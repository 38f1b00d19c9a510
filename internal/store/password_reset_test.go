package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func resetRequest(email, client, token string) store.ResetRequest {
	return store.ResetRequest{Email: email, Client: client, TokenHash: testdb.TokenHash(token),
		ExpiresAt: time.Now().Add(store.ResetLifetime),
		Mail:      store.Mail{Kind: "password-reset", Subject: "Nieuw wachtwoord", Body: "link " + token}}
}

func outboxTo(t *testing.T, st *store.Store) []string {
	t.Helper()
	list, err := st.Mails(context.Background(), store.MailQuery{PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range list.Mails {
		out = append(out, m.Kind+" "+m.To)
	}
	return out
}

func TestPasswordResetLifecycle(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	u := newAccount(t, st, "Redacteur@gemeente.be", catalog.RoleEditor, "het oude wachtwoord")
	for _, tok := range []string{"laptop", "telefoon"} {
		if _, err := st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: testdb.TokenHash(tok)}); err != nil {
			t.Fatal(err)
		}
	}
	// Two failed sign-ins, which the reset clears.
	for range 2 {
		if _, err := st.Authenticate(ctx, store.Credentials{Email: u.Email, Password: "fout", Client: "192.0.2.1"}); !errors.Is(err, store.ErrBadCredentials) {
			t.Fatal(err)
		}
	}

	// An unknown address: the same answer, no link, no mail.
	if err := st.RequestPasswordReset(ctx, resetRequest("niemand@gemeente.be", "192.0.2.1", "x")); err != nil {
		t.Fatalf("unknown address: %v", err)
	}
	if got := outboxTo(t, st); len(got) != 0 {
		t.Errorf("mail for an unknown address: %q", got)
	}
	if _, err := st.PasswordResetByToken(ctx, testdb.TokenHash("x")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("link for an unknown address: %v", err)
	}

	// The account's address, typed in other case: a link, and the mail to the stored address.
	if err := st.RequestPasswordReset(ctx, resetRequest(" redacteur@GEMEENTE.be", "192.0.2.1", "eerste")); err != nil {
		t.Fatal(err)
	}
	if err := st.RequestPasswordReset(ctx, resetRequest("redacteur@gemeente.be", "192.0.2.1", "tweede")); err != nil {
		t.Fatal(err)
	}
	if got := outboxTo(t, st); len(got) != 2 || got[0] != "password-reset Redacteur@gemeente.be" {
		t.Errorf("outbox = %q", got)
	}
	pr, err := st.PasswordResetByToken(ctx, testdb.TokenHash("eerste"))
	if err != nil || pr.Email != u.Email || time.Until(pr.ExpiresAt) > store.ResetLifetime || time.Until(pr.ExpiresAt) < store.ResetLifetime-time.Minute {
		t.Fatalf("PasswordResetByToken = %+v, %v", pr, err)
	}

	newHash, err := store.HashPassword(ctx, "het nieuwe wachtwoord", testdb.CheapHashParams)
	if err != nil {
		t.Fatal(err)
	}
	np := store.NewPassword{TokenHash: testdb.TokenHash("eerste"), PasswordHash: newHash,
		Session: store.NewSession{TokenHash: testdb.TokenHash("hier"), Discard: testdb.TokenHash("laptop")},
		Notice:  store.Mail{Kind: "password-changed", Subject: "Gewijzigd", Body: "Je wachtwoord is gewijzigd."}}
	got, err := st.ResetPassword(ctx, np)
	if err != nil || got.ID != u.ID {
		t.Fatalf("ResetPassword = %+v, %v", got, err)
	}
	// The other sessions ended; this browser is signed in.
	for _, tok := range []string{"laptop", "telefoon"} {
		if _, err := st.SessionUser(ctx, testdb.TokenHash(tok)); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("session %s survived the reset: %v", tok, err)
		}
	}
	if su, err := st.SessionUser(ctx, testdb.TokenHash("hier")); err != nil || su.ID != u.ID {
		t.Errorf("new session = %+v, %v", su, err)
	}
	// The new password works, the old one does not.
	if _, err := st.Authenticate(ctx, store.Credentials{Email: u.Email, Password: "het nieuwe wachtwoord", Client: "192.0.2.1"}); err != nil {
		t.Errorf("new password: %v", err)
	}
	if _, err := st.Authenticate(ctx, store.Credentials{Email: u.Email, Password: "het oude wachtwoord", Client: "192.0.2.1"}); !errors.Is(err, store.ErrBadCredentials) {
		t.Errorf("old password: %v", err)
	}
	// Single use: this link is used, and the account's other open link is gone too.
	if _, err := st.PasswordResetByToken(ctx, testdb.TokenHash("eerste")); !errors.Is(err, store.ErrResetUsed) {
		t.Errorf("used link: %v", err)
	}
	np.Session.TokenHash = testdb.TokenHash("nog eens")
	if _, err := st.ResetPassword(ctx, np); !errors.Is(err, store.ErrResetUsed) {
		t.Errorf("second use: %v", err)
	}
	if _, err := st.PasswordResetByToken(ctx, testdb.TokenHash("tweede")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("the other open link: %v", err)
	}
	if got := outboxTo(t, st); len(got) != 3 || got[0] != "password-changed Redacteur@gemeente.be" {
		t.Errorf("outbox after reset = %q", got)
	}
	trail := auditTrail(t, st)
	if n := len(trail); n < 3 || trail[n-1] != "password_reset" || trail[n-2] != "reset_requested" {
		t.Errorf("audit trail ends %q", trail)
	}
}

func TestPasswordResetExpiredAndRemoved(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	admin := newAccount(t, st, "beheerder@gemeente.be", catalog.RoleAdmin, "een wachtwoord")
	ed := newAccount(t, st, "redacteur@gemeente.be", catalog.RoleEditor, "een wachtwoord")
	hash, _ := store.HashPassword(ctx, "nieuw wachtwoord", testdb.CheapHashParams)
	use := func(token string) error {
		_, err := st.ResetPassword(ctx, store.NewPassword{TokenHash: testdb.TokenHash(token), PasswordHash: hash,
			Session: store.NewSession{TokenHash: testdb.TokenHash("s-" + token)}})
		return err
	}

	if err := st.RequestPasswordReset(ctx, resetRequest(ed.Email, "c", "laat")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Pool().Exec(ctx, `UPDATE password_resets SET expires_at = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PasswordResetByToken(ctx, testdb.TokenHash("laat")); !errors.Is(err, store.ErrResetExpired) {
		t.Errorf("expired link: %v", err)
	}
	if err := use("laat"); !errors.Is(err, store.ErrResetExpired) {
		t.Errorf("using an expired link: %v", err)
	}

	// A link of an account that is removed afterwards does not work; a removed account gets
	// no new link.
	if err := st.RequestPasswordReset(ctx, resetRequest(ed.Email, "c", "open")); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveUser(ctx, admin.ID, ed.ID); err != nil {
		t.Fatal(err)
	}
	if err := use("open"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("link of a removed account: %v", err)
	}
	if err := st.RequestPasswordReset(ctx, resetRequest(ed.Email, "c", "na")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PasswordResetByToken(ctx, testdb.TokenHash("na")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("a removed account got a link: %v", err)
	}
	if _, err := st.Authenticate(ctx, store.Credentials{Email: ed.Email, Password: "nieuw wachtwoord", Client: "c"}); !errors.Is(err, store.ErrBadCredentials) {
		t.Errorf("removed account signs in: %v", err)
	}
}

func TestPasswordResetThrottled(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	newAccount(t, st, "an@gemeente.be", catalog.RoleEditor, "een wachtwoord")

	// Per address, counted for an address without account too.
	for _, email := range []string{"an@gemeente.be", "niemand@gemeente.be"} {
		for i := range store.MaxResetsPerAddress {
			if err := st.RequestPasswordReset(ctx, resetRequest(email, "client-"+email+string(rune('a'+i)), email+string(rune('a'+i)))); err != nil {
				t.Fatalf("%s request %d: %v", email, i+1, err)
			}
		}
		if err := st.RequestPasswordReset(ctx, resetRequest(email, "nog-een-client", email+"-te-veel")); !errors.Is(err, store.ErrThrottled) {
			t.Errorf("%s: request %d: %v, want ErrThrottled", email, store.MaxResetsPerAddress+1, err)
		}
	}
	if got := outboxTo(t, st); len(got) != store.MaxResetsPerAddress {
		t.Errorf("%d mails, want %d", len(got), store.MaxResetsPerAddress)
	}

	// Per client, over many addresses.
	for i := range store.MaxResetsPerClient {
		if err := st.RequestPasswordReset(ctx, resetRequest("adres"+string(rune('a'+i))+"@gemeente.be", "192.0.2.9", "c"+string(rune('a'+i)))); err != nil {
			t.Fatalf("client request %d: %v", i+1, err)
		}
	}
	if err := st.RequestPasswordReset(ctx, resetRequest("ander@gemeente.be", "192.0.2.9", "c-te-veel")); !errors.Is(err, store.ErrThrottled) {
		t.Errorf("client over the limit: %v", err)
	}
	// The window passes.
	if _, err := st.Pool().Exec(ctx, `UPDATE password_reset_requests SET at = now() - interval '61 minutes'`); err != nil {
		t.Fatal(err)
	}
	if err := st.RequestPasswordReset(ctx, resetRequest("an@gemeente.be", "192.0.2.9", "later")); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

// Of two uses of one link at the same time, one sets the password and the other is refused.
func TestPasswordResetConcurrentUse(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	u := newAccount(t, st, "an@gemeente.be", catalog.RoleEditor, "een wachtwoord")
	if err := st.RequestPasswordReset(ctx, resetRequest(u.Email, "c", "een")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() {
			hash, _ := store.HashPassword(ctx, "wachtwoord nummer "+string(rune('a'+i)), testdb.CheapHashParams)
			_, errs[i] = st.ResetPassword(ctx, store.NewPassword{TokenHash: testdb.TokenHash("een"), PasswordHash: hash,
				Session: store.NewSession{TokenHash: testdb.TokenHash("s" + string(rune('a'+i)))}})
		})
	}
	wg.Wait()
	ok, used := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, store.ErrResetUsed):
			used++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if ok != 1 || used != 1 {
		t.Errorf("%d succeeded, %d refused as used; want 1 and 1", ok, used)
	}
}
