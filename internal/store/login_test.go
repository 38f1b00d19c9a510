package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// TestLoginThrottlingConcurrent sends ten wrong passwords for one account at once, from one
// address: at most the account's limit may be checked, the others are refused unchecked.
// The password hash has the production parameters, so that checks take as long as they do
// in production and overlap.
func TestLoginThrottlingConcurrent(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	h, err := store.HashPassword(ctx, "het juiste wachtwoord", nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(ctx, 0, store.NewUser{Email: "doelwit@gemeente.be", Role: catalog.RoleEditor, PasswordHash: h})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[string]int{}
	start := make(chan struct{})
	for range 10 {
		wg.Go(func() {
			<-start
			_, err := st.Authenticate(ctx, store.Credentials{Email: u.Email, Password: "een gok", Client: "203.0.113.5"})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, store.ErrBadCredentials):
				counts["checked"]++
			case errors.Is(err, store.ErrThrottled):
				counts["refused"]++
			default:
				t.Errorf("Authenticate: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	if counts["checked"] > store.MaxFailuresPerAccount || counts["checked"]+counts["refused"] != 10 {
		t.Errorf("of ten concurrent guesses %d were checked and %d refused; at most %d may be checked",
			counts["checked"], counts["refused"], store.MaxFailuresPerAccount)
	}
}

// TestLoginDeviceKeepsItsAllowance: a stranger's failures lock the account for unknown
// clients, but not for the browser the owner signed in with before (its device cookie); that
// browser has an allowance of its own, which the stranger's failures do not use up and its
// own do.
func TestLoginDeviceKeepsItsAllowance(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	u := newAccount(t, st, "eigenaar@gemeente.be", catalog.RoleEditor, "het juiste wachtwoord")
	device := testdb.TokenHash("apparaat van de eigenaar")
	if _, err := st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: testdb.TokenHash("s1"), Device: device}); err != nil {
		t.Fatal(err)
	}
	owner := store.Credentials{Email: u.Email, Password: "het juiste wachtwoord", Client: "198.51.100.20", Device: device}

	// A stranger guesses from many addresses, with a device cookie of their own making.
	for i := range store.MaxFailuresPerAccount + 3 {
		c := store.Credentials{Email: u.Email, Password: "gok", Client: "203.0.113." + string(rune('1'+i)),
			Device: testdb.TokenHash("verzonnen")}
		_, _ = st.Authenticate(ctx, c)
	}
	// An unknown client is refused, even with the right password ...
	if _, err := st.Authenticate(ctx, store.Credentials{Email: u.Email, Password: "het juiste wachtwoord", Client: "198.51.100.20"}); !errors.Is(err, store.ErrThrottled) {
		t.Errorf("unknown client after the stranger's failures: %v, want ErrThrottled", err)
	}
	// ... the owner's browser is not.
	if _, err := st.Authenticate(ctx, owner); err != nil {
		t.Fatalf("the owner's device after a stranger's failures: %v", err)
	}
	// A device cookie of this account is no key to another account.
	other := newAccount(t, st, "ander@gemeente.be", catalog.RoleEditor, "het andere wachtwoord")
	for range store.MaxFailuresPerAccount {
		_, _ = st.Authenticate(ctx, store.Credentials{Email: other.Email, Password: "gok", Client: "203.0.113.50"})
	}
	if _, err := st.Authenticate(ctx, store.Credentials{Email: other.Email, Password: "het andere wachtwoord", Client: "198.51.100.20", Device: device}); !errors.Is(err, store.ErrThrottled) {
		t.Errorf("another account with this device's cookie: %v, want ErrThrottled", err)
	}

	// The device's own failures use up its own allowance.
	wrong := owner
	wrong.Password = "vergeten"
	for i := range store.MaxFailuresPerDevice {
		if _, err := st.Authenticate(ctx, wrong); !errors.Is(err, store.ErrBadCredentials) {
			t.Fatalf("device failure %d: %v", i+1, err)
		}
	}
	if _, err := st.Authenticate(ctx, owner); !errors.Is(err, store.ErrThrottled) {
		t.Errorf("device after %d failures of its own: %v, want ErrThrottled", store.MaxFailuresPerDevice, err)
	}
}
