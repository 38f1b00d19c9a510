package web_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

// A change made while the page cache's listener is cut off (as by a database restart) shows
// once the listener is back, although no notification of it ever arrives.
func TestPageCacheCatchesUpAfterReconnect(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := app.Bootstrap(ctx, st, quiet); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{BaseURL: "https://praktijkbank.test"}, st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	s := site{ts, st, db}
	done := make(chan struct{})
	go func() { _ = srv.Listen(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	// listener is the backend listening for catalogue changes, 0 while there is none.
	listener := func() (pid int) {
		_ = db.QueryRow(ctx, `
			SELECT pid FROM pg_stat_activity
			WHERE datname = current_database() AND query = 'LISTEN catalog_changed' AND state = 'idle'`).Scan(&pid)
		return pid
	}
	waitListener := func(not int) int {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if pid := listener(); pid != 0 && pid != not {
				return pid
			}
			if time.Now().After(deadline) {
				t.Fatal("the page cache does not listen")
			}
		}
	}

	const path = "/praktijken/talentcoaches-genk"
	pid := waitListener(0)
	if got := s.get(t, path, 200).Find("h1").Text(); got != "Talentcoaches (Genk)" {
		t.Fatalf("h1 %q", got)
	}
	if _, err := db.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	// Changed and versioned without a notification: nobody listens now.
	if _, err := db.Exec(ctx, `UPDATE sheets SET title = 'Talentcoaches in Genk' WHERE slug = 'talentcoaches-genk'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `UPDATE catalog_version SET version = version + 1`); err != nil {
		t.Fatal(err)
	}
	waitListener(pid)
	if got := s.get(t, path, 200).Find("h1").Text(); got != "Talentcoaches in Genk" {
		t.Errorf("after the listener came back: h1 %q, want the changed title", got)
	}
}
