package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func TestSessionLifecycle(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	u := newAccount(t, st, "redacteur@gemeente.be", catalog.RoleEditor, "redacteur wachtwoord")
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := st.Pool().Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	lastSeen := func(token string) time.Time {
		t.Helper()
		var at time.Time
		if err := st.Pool().QueryRow(ctx, `SELECT last_seen FROM sessions WHERE token_hash = $1`, testdb.TokenHash(token)).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}

	expires, err := st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: testdb.TokenHash("a")})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(expires); d < store.SessionLifetime-time.Minute || d > store.SessionLifetime {
		t.Errorf("session expires in %v, want %v", d, store.SessionLifetime)
	}
	if got, err := st.SessionUser(ctx, testdb.TokenHash("a")); err != nil || got != u {
		t.Fatalf("SessionUser = %+v, %v", got, err)
	}
	if _, err := st.SessionUser(ctx, testdb.TokenHash("b")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("unknown token: err = %v, want ErrNotFound", err)
	}

	// Activity is written at most once a minute.
	exec(`UPDATE sessions SET last_seen = now() - interval '30 seconds' WHERE token_hash = $1`, testdb.TokenHash("a"))
	before := lastSeen("a")
	_, _ = st.SessionUser(ctx, testdb.TokenHash("a"))
	if !lastSeen("a").Equal(before) {
		t.Error("last_seen written again within a minute")
	}
	exec(`UPDATE sessions SET last_seen = now() - interval '5 minutes' WHERE token_hash = $1`, testdb.TokenHash("a"))
	_, _ = st.SessionUser(ctx, testdb.TokenHash("a"))
	if time.Since(lastSeen("a")) > time.Minute {
		t.Error("last_seen not brought forward after five minutes")
	}

	// Idle timeout and absolute lifetime.
	exec(`UPDATE sessions SET last_seen = now() - interval '12 hours 1 minute' WHERE token_hash = $1`, testdb.TokenHash("a"))
	if _, err := st.SessionUser(ctx, testdb.TokenHash("a")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("idle session: err = %v, want ErrNotFound", err)
	}
	_, _ = st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: testdb.TokenHash("c")})
	exec(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, testdb.TokenHash("c"))
	if _, err := st.SessionUser(ctx, testdb.TokenHash("c")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("expired session: err = %v, want ErrNotFound", err)
	}

	// A new sign-in discards the browser's previous token and ended sessions.
	_, _ = st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: testdb.TokenHash("d")})
	if _, err := st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: testdb.TokenHash("e"), Discard: testdb.TokenHash("d")}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SessionUser(ctx, testdb.TokenHash("d")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("discarded session: err = %v, want ErrNotFound", err)
	}
	var n int
	_ = st.Pool().QueryRow(ctx, `SELECT count(*) FROM sessions`).Scan(&n)
	if n != 1 {
		t.Errorf("%d sessions, want only the newest (ended ones are cleaned up)", n)
	}

	if err := st.EndSession(ctx, testdb.TokenHash("e")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SessionUser(ctx, testdb.TokenHash("e")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("after sign-out: err = %v", err)
	}
	if err := st.EndSession(ctx, testdb.TokenHash("e")); err != nil {
		t.Errorf("signing out twice: %v", err)
	}

	for _, tok := range []string{"f", "g", "h"} {
		_, _ = st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: testdb.TokenHash(tok)})
	}
	if n, err := st.EndAllSessions(ctx, u.ID); err != nil || n != 3 {
		t.Errorf("EndAllSessions = %d, %v; want 3", n, err)
	}
	if _, err := st.SessionUser(ctx, testdb.TokenHash("g")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("after signing out everywhere: err = %v", err)
	}
	want := "create login login login login logout login login login logout_everywhere"
	if got := strings.Join(auditTrail(t, st), " "); got != want {
		t.Errorf("audit = %q, want %q", got, want)
	}
}
