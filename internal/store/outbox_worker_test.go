package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func enqueueTestMails(t *testing.T, st *store.Store, n int) {
	t.Helper()
	for i := range n {
		_, err := st.Pool().Exec(context.Background(), `
			INSERT INTO outbox (kind, to_addr, subject, body) VALUES ('confirmation', $1, $2, 'Dag')`,
			fmt.Sprintf("m%d@example.be", i), fmt.Sprintf("Mail %d", i))
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestOutboxClaimSkipsLockedRows(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	enqueueTestMails(t, st, 3)

	// A claim in progress elsewhere holds a lock on the oldest mail: it is skipped, not waited for.
	tx, err := st.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var locked int64
	if err := tx.QueryRow(ctx, `SELECT id FROM outbox ORDER BY id LIMIT 1 FOR UPDATE`).Scan(&locked); err != nil {
		t.Fatal(err)
	}
	claimCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	got, err := st.ClaimMails(claimCtx, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("claimed %d mails, want the 2 unlocked ones", len(got))
	}
	for _, m := range got {
		if m.ID == locked {
			t.Error("claimed the locked mail")
		}
		if m.Attempts != 1 || m.Status != store.MailPending || time.Until(m.NextAttemptAt) < 50*time.Second {
			t.Errorf("claimed mail %+v: want attempt 1 and a one-minute lease", m)
		}
	}
	_ = tx.Rollback(ctx)
	// Claimed mails are leased: only the previously locked one is due now.
	again, err := st.ClaimMails(ctx, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 1 || again[0].ID != locked {
		t.Errorf("second claim = %+v, want only mail %d", again, locked)
	}
}

func TestOutboxConcurrentClaims(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	enqueueTestMails(t, st, 60)
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				list, err := st.ClaimMails(ctx, 3, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(list) == 0 {
					return
				}
				mu.Lock()
				for _, m := range list {
					seen[m.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 60 {
		t.Errorf("%d distinct mails claimed, want 60", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("mail %d claimed %d times", id, n)
		}
	}
}

func TestOutboxDeliveryStates(t *testing.T) {
	t.Parallel()
	st := accountStore(t)
	ctx := context.Background()
	enqueueTestMails(t, st, 4)
	list, _ := st.ClaimMails(ctx, 10, time.Minute)
	if len(list) != 4 {
		t.Fatalf("claimed %d", len(list))
	}
	sent, retry, failing, logged := list[0], list[1], list[2], list[3]
	if err := st.MarkMailSent(ctx, sent.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkMailLogged(ctx, logged.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkMailFailed(ctx, retry.ID, "421 try later", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// The last attempt fails: the mail is given up and stays visible as failed.
	if _, err := st.Pool().Exec(ctx, `UPDATE outbox SET attempts = $2 WHERE id = $1`, failing.ID, store.MaxMailAttempts); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkMailFailed(ctx, failing.ID, "550 no such user", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		id     int64
		status store.MailStatus
		err    string
	}{{sent.ID, store.MailSent, ""}, {retry.ID, store.MailPending, "421 try later"}, {failing.ID, store.MailFailed, "550 no such user"},
		{logged.ID, store.MailLogged, ""}} {
		m, err := st.MailByID(ctx, tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != tt.status || m.LastError != tt.err {
			t.Errorf("mail %d: status %s, error %q; want %s, %q", tt.id, m.Status, m.LastError, tt.status, tt.err)
		}
	}
	if got, _ := st.ClaimMails(ctx, 10, time.Minute); len(got) != 0 {
		t.Errorf("claimed %d mails that are sent, scheduled later or given up", len(got))
	}
	failed, err := st.Mails(ctx, store.MailQuery{Status: store.MailFailed})
	if err != nil {
		t.Fatal(err)
	}
	if failed.Total != 1 || failed.Mails[0].ID != failing.ID {
		t.Errorf("failed mails = %+v", failed)
	}
	// Only what reached a mail server counts as sent.
	if sentList, _ := st.Mails(ctx, store.MailQuery{Status: store.MailSent}); sentList.Total != 1 || sentList.Mails[0].ID != sent.ID {
		t.Errorf("sent mails = %+v", sentList)
	}
	if loggedList, _ := st.Mails(ctx, store.MailQuery{Status: store.MailLogged}); loggedList.Total != 1 || loggedList.Mails[0].ID != logged.ID {
		t.Errorf("logged mails = %+v", loggedList)
	}
	// A logged mail can be sent again (once a mail server is configured).
	if err := st.RetryMail(ctx, newAccount(t, st, "x@gemeente.be", catalog.RoleAdmin, "een wachtwoord").ID, logged.ID); err != nil {
		t.Errorf("retrying a logged mail: %v", err)
	}
	if m, _ := st.MailByID(ctx, logged.ID); m.Status != store.MailPending || !m.SentAt.IsZero() {
		t.Errorf("a logged mail sent again: %+v", m)
	}
	if _, err := st.Pool().Exec(ctx, `UPDATE outbox SET next_attempt_at = now() + interval '1 hour' WHERE id = $1`, logged.ID); err != nil {
		t.Fatal(err)
	}

	admin := newAccount(t, st, "beheerder@gemeente.be", catalog.RoleAdmin, "beheerder wachtwoord")
	if err := st.RetryMail(ctx, admin.ID, failing.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.ClaimMails(ctx, 10, time.Minute); len(got) != 1 || got[0].ID != failing.ID || got[0].Attempts != 1 {
		t.Errorf("after retry, claimed %+v", got)
	}
	if err := st.RetryMail(ctx, admin.ID, sent.ID); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("retrying a sent mail: err = %v, want ErrNotFound", err)
	}
	if _, err := st.MailByID(ctx, 999); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("unknown mail: err = %v", err)
	}
}

// TestDeliveredMailForgetsTokens: once a mail is handed to the mail server, its body keeps
// the text but no longer the tokens of the private links it carried.
func TestDeliveredMailForgetsTokens(t *testing.T) {
	t.Parallel()
	st := store.New(testdb.New(t))
	ctx := context.Background()
	token := "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde"
	body := "Dag An,\n\nJe inzending: https://praktijkbank.test/indiening/" + token + "\n" +
		"Uitnodiging: https://praktijkbank.test/uitnodiging/" + token + "?x=1\n" +
		"Nieuw wachtwoord: https://praktijkbank.test/wachtwoord-herstellen/" + token + "\n" +
		"De catalogus: https://praktijkbank.test/praktijken/dorp-rond-het-kind\n"
	var id int64
	if err := st.Pool().QueryRow(ctx, `
		INSERT INTO outbox (kind, to_addr, subject, body) VALUES ('confirmation', 'an@genk.be', 'Je inzending', $1)
		RETURNING id`, body).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkMailSent(ctx, id); err != nil {
		t.Fatal(err)
	}
	m, err := st.MailByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.Body, token) || m.SentAt.IsZero() {
		t.Errorf("delivered mail (sent %v) still holds the token:\n%s", m.SentAt, m.Body)
	}
	for _, want := range []string{
		"/indiening/[verwijderd]\n", "/uitnodiging/[verwijderd]?x=1", "/wachtwoord-herstellen/[verwijderd]\n",
		"/praktijken/dorp-rond-het-kind", "Dag An,",
	} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("delivered mail lacks %q:\n%s", want, m.Body)
		}
	}
}
