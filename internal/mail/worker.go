package mail

import (
	"context"
	"log/slog"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/store"
)

// Config tunes a Worker; zero values take the defaults. A claimed mail must be sent within
// its lease, or another worker could claim (and send) it again; the lease of the mails of a
// batch that wait is renewed before each mail is sent, so one delivery (at most the 30 s
// SMTP timeout and the 10 s to record it) must fit in a lease. A worker that dies mid-batch
// delays its mails by one lease at most.
type Config struct {
	Sender   Sender        // nil: log mails instead of sending them
	Interval time.Duration // how often to look for due mails without a notification; 30 s
	Batch    int           // mails claimed at once; 5
	Lease    time.Duration // how long a claimed mail is hidden from other workers; DefaultLease
}

// DefaultLease is how long a claimed mail is hidden from other workers unless its lease is
// renewed: one delivery (30 s SMTP timeout, 10 s to record it) with room to spare.
const DefaultLease = 90 * time.Second

// Worker sends the outbox. Several workers (in several app instances) may run at once: each
// mail is claimed by one of them only.
type Worker struct {
	st  *store.Store
	log *slog.Logger
	cfg Config
}

// NewWorker returns a worker over st's outbox.
func NewWorker(st *store.Store, logger *slog.Logger, cfg Config) *Worker {
	if cfg.Interval <= 0 {
		cfg.Interval = 30 * time.Second
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 5
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	return &Worker{st: st, log: logger, cfg: cfg}
}

// Backoff is how long to wait before the next attempt after attempts failed ones:
// one minute, doubling with each failure, at most six hours.
func Backoff(attempts int) time.Duration {
	const limit = 6 * time.Hour
	d := time.Minute
	for i := 1; i < attempts; i++ {
		d *= 2
		if d >= limit {
			return limit
		}
	}
	return d
}

// Run sends due mails until ctx ends: at once, whenever a mail is enqueued (LISTEN outbox on
// a connection of its own) and every Interval. It returns nil when ctx ends.
func (w *Worker) Run(ctx context.Context) error {
	wake := make(chan struct{}, 1)
	go w.listen(ctx, wake)
	ticker := time.NewTicker(w.cfg.Interval)
	defer ticker.Stop()
	for {
		if _, err := w.SendDue(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("mail: send due mails", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		case <-ticker.C:
		}
	}
}

// SendDue sends every mail that is due now and returns how many it handled (sent, logged or
// failed). It stops early when ctx ends.
func (w *Worker) SendDue(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		mails, err := w.st.ClaimMails(ctx, w.cfg.Batch, w.cfg.Lease)
		if err != nil {
			return n, err
		}
		if len(mails) == 0 {
			return n, nil
		}
		for i, m := range mails {
			if i > 0 {
				// The mails still to send get a fresh lease, so a lease covers one delivery.
				ids := make([]int64, 0, len(mails)-i)
				for _, rest := range mails[i:] {
					ids = append(ids, rest.ID)
				}
				if err := w.st.RenewMailLease(ctx, ids, w.cfg.Lease); err != nil {
					return n, err
				}
			}
			if err := w.send(ctx, m); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// send hands one claimed mail to the sender and records the outcome, even when ctx has just
// ended.
func (w *Worker) send(ctx context.Context, m store.OutboxMail) error {
	record, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if w.cfg.Sender == nil {
		w.log.Info("mail (not sent: no SMTP server configured)", "id", m.ID, "kind", m.Kind, "to", m.To, "subject", m.Subject)
		return w.st.MarkMailLogged(record, m.ID)
	}
	err := w.cfg.Sender.Send(ctx, Message{ID: m.ID, Created: m.CreatedAt, To: m.To, Subject: m.Subject, Body: m.Body})
	if err == nil {
		return w.st.MarkMailSent(record, m.ID)
	}
	if ctx.Err() != nil {
		// Interrupted by shutdown: due again at once, for this or another instance.
		return w.st.MarkMailFailed(record, m.ID, "onderbroken bij het afsluiten: "+truncate(err.Error()), time.Now())
	}
	retry := time.Now().Add(Backoff(m.Attempts))
	if m.Attempts >= store.MaxMailAttempts {
		w.log.Error("mail: given up", "id", m.ID, "kind", m.Kind, "attempts", m.Attempts, "err", err)
	} else {
		w.log.Warn("mail: not sent, will retry", "id", m.ID, "kind", m.Kind, "attempts", m.Attempts, "retry", retry, "err", err)
	}
	return w.st.MarkMailFailed(record, m.ID, truncate(err.Error()), retry)
}

func truncate(s string) string {
	const limit = 1000
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "…"
}

// listen signals wake on every outbox notification until ctx ends, and on every new
// connection for the mails enqueued while none was listening (see store.Listen).
func (w *Worker) listen(ctx context.Context, wake chan<- struct{}) {
	signal := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	_ = w.st.Listen(ctx, store.OutboxChannel, w.log, store.Listener{
		Connected: func(context.Context) error { signal(); return nil },
		Notify:    func(context.Context, string) error { signal(); return nil },
	})
}
