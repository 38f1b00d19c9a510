package mail_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	pbmail "github.com/praktijkbank/praktijkbank/internal/mail"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

var quiet = slog.New(slog.DiscardHandler)

func enqueue(t *testing.T, db *pgxpool.Pool, n int) {
	t.Helper()
	for i := range n {
		_, err := db.Exec(context.Background(), `
			INSERT INTO outbox (kind, to_addr, subject, body) VALUES ('confirmation', $1, $2, $3);
			`, fmt.Sprintf("m%d@gemeente.be", i), fmt.Sprintf("Mail %d", i), "Dag,\n\nTot ziens.\n")
		if err != nil {
			t.Fatal(err)
		}
	}
}

func smtpTo(t *testing.T, srv *fakeSMTP) *pbmail.SMTP {
	t.Helper()
	c, err := pbmail.ParseURL("smtp://127.0.0.1:" + srv.port() + "?from=praktijkbank@example.be")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		attempts int
		want     time.Duration
	}{{1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {9, 256 * time.Minute}, {10, 6 * time.Hour}, {40, 6 * time.Hour}} {
		if got := pbmail.Backoff(tt.attempts); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.attempts, got, tt.want)
		}
	}
}

func TestMailWorkerSends(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	ctx := context.Background()
	srv := startFakeSMTP(t, nil)
	enqueue(t, db, 3)
	w := pbmail.NewWorker(st, quiet, pbmail.Config{Sender: smtpTo(t, srv), Batch: 2})
	n, err := w.SendDue(ctx)
	if err != nil || n != 3 {
		t.Fatalf("SendDue = %d, %v; want 3", n, err)
	}
	if got := srv.received(); len(got) != 3 {
		t.Fatalf("server received %d mails", len(got))
	}
	page, _ := st.Mails(ctx, store.MailQuery{})
	for _, m := range page.Mails {
		if m.Status != store.MailSent || m.Attempts != 1 || m.LastError != "" {
			t.Errorf("mail %+v, want sent at the first attempt", m)
		}
	}
	if n, _ := w.SendDue(ctx); n != 0 {
		t.Errorf("sent %d mails again", n)
	}
}

func TestMailWorkerRetriesWithBackoff(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	ctx := context.Background()
	srv := startFakeSMTP(t, func(f *fakeSMTP) { f.rcptReply = "451 4.3.0 Probeer later opnieuw" })
	enqueue(t, db, 1)
	w := pbmail.NewWorker(st, quiet, pbmail.Config{Sender: smtpTo(t, srv)})

	check := func(attempts int, wait time.Duration, status store.MailStatus) {
		t.Helper()
		if _, err := w.SendDue(ctx); err != nil {
			t.Fatal(err)
		}
		page, _ := st.Mails(ctx, store.MailQuery{})
		m := page.Mails[0]
		if m.Attempts != attempts || m.Status != status || !strings.Contains(m.LastError, "451") || !strings.Contains(m.LastError, "Probeer later opnieuw") {
			t.Fatalf("after a failure: %+v; want %d attempts, %s", m, attempts, status)
		}
		if status == store.MailPending {
			if d := time.Until(m.NextAttemptAt); d < wait-5*time.Second || d > wait+5*time.Second {
				t.Errorf("next attempt in %v, want %v", d, wait)
			}
		}
	}
	check(1, time.Minute, store.MailPending)
	// Not due yet: nothing happens.
	if n, _ := w.SendDue(ctx); n != 0 {
		t.Errorf("retried %d mails before their time", n)
	}
	_, _ = db.Exec(ctx, `UPDATE outbox SET next_attempt_at = now(), attempts = 3`)
	check(4, 8*time.Minute, store.MailPending)
	_, _ = db.Exec(ctx, `UPDATE outbox SET next_attempt_at = now(), attempts = $1`, store.MaxMailAttempts-1)
	check(store.MaxMailAttempts, 0, store.MailFailed)
	_, _ = db.Exec(ctx, `UPDATE outbox SET next_attempt_at = now() - interval '1 hour'`)
	if n, _ := w.SendDue(ctx); n != 0 {
		t.Errorf("tried a mail that was given up")
	}
	if len(srv.received()) != 0 {
		t.Error("the failing server accepted a mail")
	}
}

func TestMailWorkerWithoutSMTPLogs(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	ctx := context.Background()
	enqueue(t, db, 1)
	var logs bytes.Buffer
	w := pbmail.NewWorker(st, slog.New(slog.NewTextHandler(&logs, nil)), pbmail.Config{})
	if n, err := w.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	if out := logs.String(); !strings.Contains(out, "to=m0@gemeente.be") || !strings.Contains(out, `subject="Mail 0"`) {
		t.Errorf("log = %q, want the recipient and subject", out)
	}
	page, _ := st.Mails(ctx, store.MailQuery{})
	if m := page.Mails[0]; m.Status != store.MailLogged || m.SentAt.IsZero() || m.Body == "" {
		t.Errorf("logged mail = %+v, want it done with as logged, not sent", m)
	}
	if n, _ := w.SendDue(ctx); n != 0 {
		t.Errorf("a logged mail was taken again (%d)", n)
	}
}

// Two workers (two app instances) drain one outbox: every mail reaches the server once.
func TestMailTwoWorkersSendEachMailOnce(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	ctx := context.Background()
	srv := startFakeSMTP(t, func(f *fakeSMTP) { f.delay = 5 * time.Millisecond })
	enqueue(t, db, 40)
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range 2 {
		w := pbmail.NewWorker(st, quiet, pbmail.Config{Sender: smtpTo(t, srv), Batch: 3})
		wg.Go(func() {
			n, err := w.SendDue(ctx)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		})
	}
	wg.Wait()
	got := srv.received()
	seen := map[string]int{}
	for _, m := range got {
		seen[m.To]++
	}
	if len(got) != 40 || len(seen) != 40 {
		t.Errorf("server received %d mails for %d addresses, want 40 once each", len(got), len(seen))
	}
	if counts[0]+counts[1] != 40 || counts[0] == 0 || counts[1] == 0 {
		t.Logf("workers handled %v (both should usually take part)", counts)
	}
}

// Run wakes on a notification, long before its interval, and stops with its context.
func TestMailWorkerRunWakesOnNotify(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	srv := startFakeSMTP(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	w := pbmail.NewWorker(st, quiet, pbmail.Config{Sender: smtpTo(t, srv), Interval: time.Hour})
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	// Wait until the worker listens, then enqueue with a notification as enqueueMail does.
	listening := func() bool {
		var n int
		_ = db.QueryRow(context.Background(), `
			SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND query = 'LISTEN outbox' AND state = 'idle'`).Scan(&n)
		return n == 1
	}
	for deadline := time.Now().Add(10 * time.Second); !listening(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the worker does not listen")
		}
	}
	_, err := db.Exec(context.Background(), `
		WITH m AS (INSERT INTO outbox (kind, to_addr, subject, body) VALUES ('invitation', 'nieuw@gemeente.be', 'Uitnodiging', 'Dag') RETURNING id)
		SELECT pg_notify('outbox', '') FROM m`)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(srv.received()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if len(srv.received()) != 1 {
		t.Fatal("the worker did not wake on the notification")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}

// A mail enqueued while the worker's listener is cut off (as by a database restart) is sent
// as soon as the listener is back, long before the interval, without a notification of it.
func TestMailWorkerCatchesUpAfterReconnect(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	srv := startFakeSMTP(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := pbmail.NewWorker(st, quiet, pbmail.Config{Sender: smtpTo(t, srv), Interval: time.Hour})
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	listener := func() (pid int) {
		_ = db.QueryRow(ctx, `
			SELECT pid FROM pg_stat_activity
			WHERE datname = current_database() AND query = 'LISTEN outbox' AND state = 'idle'`).Scan(&pid)
		return pid
	}
	var pid int
	for deadline := time.Now().Add(10 * time.Second); pid == 0; time.Sleep(20 * time.Millisecond) {
		if pid = listener(); pid == 0 && time.Now().After(deadline) {
			t.Fatal("the worker does not listen")
		}
	}
	if _, err := db.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	enqueue(t, db, 1) // no notification
	deadline := time.Now().Add(15 * time.Second)
	for len(srv.received()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if len(srv.received()) != 1 {
		t.Fatal("the worker did not send the mail enqueued while its listener was down")
	}
	// The new listening connection may still be busy for a moment: look for it a while.
	p := listener()
	for deadline := time.Now().Add(5 * time.Second); (p == 0 || p == pid) && time.Now().Before(deadline); p = listener() {
		time.Sleep(20 * time.Millisecond)
	}
	if p == 0 || p == pid {
		t.Errorf("listener pid %d after the reconnection (was %d)", p, pid)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}
