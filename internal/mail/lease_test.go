package mail_test

import (
	"context"
	"testing"

	pbmail "github.com/praktijkbank/praktijkbank/internal/mail"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// stuckSender never finishes a delivery until released: a worker that died mid-send.
type stuckSender struct {
	started chan struct{}
	release chan struct{}
}

func (s stuckSender) Send(ctx context.Context, _ pbmail.Message) error {
	select {
	case s.started <- struct{}{}:
	default:
	}
	<-s.release
	return context.Canceled
}

// TestMailLeaseAfterCrash: a worker dies while delivering the first mail of its batch. Its
// mails stay hidden from other workers for a lease, and are sent by another worker once the
// lease (DefaultLease, 90 s) is over, not ten minutes later.
func TestMailLeaseAfterCrash(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	ctx := context.Background()
	enqueue(t, db, 5)
	stuck := stuckSender{started: make(chan struct{}, 1), release: make(chan struct{})}
	done := make(chan struct{})
	t.Cleanup(func() { close(stuck.release); <-done })
	go func() {
		defer close(done)
		_, _ = pbmail.NewWorker(st, quiet, pbmail.Config{Sender: stuck}).SendDue(ctx)
	}()
	<-stuck.started // the first worker is in the middle of a delivery, and stays there

	srv := startFakeSMTP(t, nil)
	other := pbmail.NewWorker(st, quiet, pbmail.Config{Sender: smtpTo(t, srv)})
	if n, err := other.SendDue(ctx); err != nil || n != 0 {
		t.Fatalf("another worker sent %d claimed mails (%v)", n, err)
	}
	// 100 seconds later.
	if _, err := db.Exec(ctx, `UPDATE outbox SET next_attempt_at = next_attempt_at - interval '100 seconds' WHERE sent_at IS NULL`); err != nil {
		t.Fatal(err)
	}
	if n, err := other.SendDue(ctx); err != nil || n != 5 {
		t.Errorf("100 s after the crash another worker sent %d of the 5 mails (%v)", n, err)
	}
	if got := len(srv.received()); got != 5 {
		t.Errorf("the server received %d mails", got)
	}
}
