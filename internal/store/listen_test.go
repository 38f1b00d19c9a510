package store_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// Listen hands over notifications, and after the server drops its connection (as a restart
// does) it connects again and says so, so that the caller can catch up.
func TestListenReconnects(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := make(chan string, 16)
	done := make(chan error, 1)
	go func() {
		done <- st.Listen(ctx, "test_changes", slog.New(slog.DiscardHandler), store.Listener{
			Connected: func(context.Context) error { events <- "connected"; return nil },
			Notify:    func(_ context.Context, payload string) error { events <- "notify " + payload; return nil },
			Lost:      func() { events <- "lost" },
		})
	}()
	want := func(w string) {
		t.Helper()
		select {
		case got := <-events:
			if got != w {
				t.Fatalf("listener: %q, want %q", got, w)
			}
		case <-time.After(15 * time.Second):
			t.Fatalf("listener: nothing within 15 s, want %q", w)
		}
	}
	notify := func(payload string) {
		t.Helper()
		if _, err := db.Exec(ctx, `SELECT pg_notify('test_changes', $1)`, payload); err != nil {
			t.Fatal(err)
		}
	}

	want("connected")
	notify("1")
	want("notify 1")

	var killed int
	err := db.QueryRow(ctx, `
		SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN test_changes'`).Scan(&killed)
	if err != nil || killed != 1 {
		t.Fatalf("terminate the listening connection: %d terminated, %v", killed, err)
	}
	want("lost")
	want("connected")
	notify("2")
	want("notify 2")

	cancel()
	want("lost")
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Listen returned %v when its context ended", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Listen did not return when its context ended")
	}
}

func TestListenRefusesBadChannel(t *testing.T) {
	t.Parallel()
	st := store.New(testdb.New(t))
	err := st.Listen(context.Background(), "x; DROP TABLE sheets", slog.New(slog.DiscardHandler), store.Listener{})
	if err == nil {
		t.Fatal("Listen accepted a channel name that is not an identifier")
	}
}
