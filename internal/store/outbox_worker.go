package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// OutboxChannel is the NOTIFY channel on which enqueueMail announces a new mail.
const OutboxChannel = "outbox"

// MaxMailAttempts is how often a mail is tried before it is left as failed.
const MaxMailAttempts = 10

// MailStatus is where an outgoing mail stands.
type MailStatus string

// Mail statuses.
const (
	MailPending MailStatus = "pending" // not sent yet; tried Attempts times
	MailSent    MailStatus = "sent"
	MailLogged  MailStatus = "logged" // not sent: written to the log, no SMTP server is configured
	MailFailed  MailStatus = "failed" // given up after MaxMailAttempts
)

// OutboxMail is a mail in the outbox with its delivery state.
type OutboxMail struct {
	ID            int64
	Kind          string
	To            string
	Subject       string
	Body          string
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	SentAt        time.Time // zero until sent (or logged)
	LastError     string    // the last failure
	Status        MailStatus
}

// mailStatus computes a MailStatus in SQL: a mail is failed once its last attempt ended (its
// lease over, or marked failed) without it being sent.
var mailStatus = `CASE WHEN o.sent_at IS NOT NULL AND o.logged_only THEN 'logged'
		WHEN o.sent_at IS NOT NULL THEN 'sent'
		WHEN o.attempts >= ` + strconv.Itoa(MaxMailAttempts) + ` AND o.next_attempt_at <= now() THEN 'failed'
		ELSE 'pending' END`

var outboxColumns = `o.id, o.kind, o.to_addr, o.subject, o.body, o.created_at, o.attempts, o.next_attempt_at,
	o.sent_at, o.last_error, ` + mailStatus

func scanOutboxMail(row pgx.CollectableRow) (OutboxMail, error) {
	var m OutboxMail
	var sent *time.Time
	err := row.Scan(&m.ID, &m.Kind, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &m.Attempts, &m.NextAttemptAt,
		&sent, &m.LastError, &m.Status)
	if sent != nil {
		m.SentAt = *sent
	}
	return m, err
}

// ClaimMails takes up to limit mails that are due, for one sending attempt each: it counts the
// attempt and hides the mails from other workers for lease. Rows locked by a concurrent claim
// are skipped (FOR UPDATE SKIP LOCKED), so several app instances never claim one mail twice.
// A worker that dies mid-send leaves the mail to be claimed again when the lease ends.
func (s *Store) ClaimMails(ctx context.Context, limit int, lease time.Duration) ([]OutboxMail, error) {
	rows, err := s.pool.Query(ctx, `
		WITH due AS (
			SELECT id FROM outbox
			WHERE sent_at IS NULL AND attempts < $2 AND next_attempt_at <= now()
			ORDER BY next_attempt_at, id
			LIMIT $1
			FOR UPDATE SKIP LOCKED
		)
		UPDATE outbox o SET attempts = o.attempts + 1, next_attempt_at = now() + $3 * interval '1 second'
		FROM due WHERE o.id = due.id
		RETURNING `+outboxColumns, limit, MaxMailAttempts, lease.Seconds())
	if err != nil {
		return nil, fmt.Errorf("store: claim mails: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanOutboxMail)
	if err != nil {
		return nil, fmt.Errorf("store: claim mails: %w", err)
	}
	return list, nil
}

// RenewMailLease hides the claimed mails ids, not sent yet, from other workers for lease
// from now: a worker renews the lease of the mails of its batch that still wait.
func (s *Store) RenewMailLease(ctx context.Context, ids []int64, lease time.Duration) error {
	_, err := s.pool.Exec(ctx, `
		UPDATE outbox SET next_attempt_at = now() + $2 * interval '1 second'
		WHERE id = ANY($1) AND sent_at IS NULL`, ids, lease.Seconds())
	if err != nil {
		return fmt.Errorf("store: renew mail lease: %w", err)
	}
	return nil
}

// MarkMailSent records that mail id was handed over to the mail server, and takes the tokens
// out of the private links in its body: the outbox keeps what it needs to show that the mail
// went out, not the keys it carried.
func (s *Store) MarkMailSent(ctx context.Context, id int64) error {
	_, err := s.pool.Exec(ctx, `UPDATE outbox SET sent_at = now(), last_error = '', body = regexp_replace(body, $2, $3, 'g') WHERE id = $1`,
		id, privateLinkPattern, `\1`+RedactedToken)
	if err != nil {
		return fmt.Errorf("store: mark mail %d sent: %w", id, err)
	}
	return nil
}

// MarkMailLogged records that mail id was only written to the log because no SMTP server is
// configured: it is done with, but not sent (status MailLogged).
func (s *Store) MarkMailLogged(ctx context.Context, id int64) error {
	_, err := s.pool.Exec(ctx, `UPDATE outbox SET sent_at = now(), logged_only = true, last_error = '' WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: mark mail %d logged: %w", id, err)
	}
	return nil
}

// RedactedToken replaces the token of a private link in a delivered mail.
const RedactedToken = "[verwijderd]"

// privateLinkPattern matches the paths of private links with their token (PostgreSQL's
// regular expressions), the path before the token as group 1.
const privateLinkPattern = `(/(indiening|uitnodiging|wachtwoord-herstellen)/)[A-Za-z0-9_%-]+`

// MarkMailFailed records why sending mail id failed and when to try again. A mail that has had
// MaxMailAttempts attempts is not tried again and shows as failed.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error {
	_, err := s.pool.Exec(ctx, `
		UPDATE outbox SET last_error = $2, next_attempt_at = CASE WHEN attempts >= $4 THEN now() ELSE $3 END
		WHERE id = $1 AND sent_at IS NULL`, id, reason, retryAt, MaxMailAttempts)
	if err != nil {
		return fmt.Errorf("store: mark mail %d failed: %w", id, err)
	}
	return nil
}

// RetryMail makes a failed, pending or only logged mail due now with a fresh count of
// attempts, on behalf of admin actorID (a logged mail is sent once a mail server is
// configured). A sent or unknown mail gives catalog.ErrNotFound.
func (s *Store) RetryMail(ctx context.Context, actorID, id int64) error {
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var to string
		err := tx.QueryRow(ctx, `
			UPDATE outbox SET attempts = 0, next_attempt_at = now(), sent_at = NULL, logged_only = false
			WHERE id = $1 AND (sent_at IS NULL OR logged_only)
			RETURNING to_addr`, id).Scan(&to)
		if err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, '')`, OutboxChannel); err != nil {
			return err
		}
		return audit(ctx, tx, actorID, "retry", "mail", id, map[string]any{"recipient": to})
	})
	if err != nil {
		return fmt.Errorf("store: retry mail %d: %w", id, err)
	}
	return nil
}

// MailQuery selects a page of the outbox; Page counts from 1.
type MailQuery struct {
	Status   MailStatus // "" for all
	Page     int
	PageSize int
}

// MailPage is one page of the outbox and the number of mails the query selects in all.
type MailPage struct {
	Mails []OutboxMail
	Total int
}

// Mails lists the outbox, newest first.
func (s *Store) Mails(ctx context.Context, q MailQuery) (MailPage, error) {
	if q.PageSize <= 0 {
		q.PageSize = 50
	}
	q.Page = max(q.Page, 1)
	var page MailPage
	where := ` WHERE $1 = '' OR ` + mailStatus + ` = $1`
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM outbox o`+where, string(q.Status)).Scan(&page.Total); err != nil {
		return MailPage{}, fmt.Errorf("store: mails: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+outboxColumns+` FROM outbox o`+where+`
		ORDER BY o.created_at DESC, o.id DESC LIMIT $2 OFFSET $3`,
		string(q.Status), q.PageSize, (q.Page-1)*q.PageSize)
	if err != nil {
		return MailPage{}, fmt.Errorf("store: mails: %w", err)
	}
	if page.Mails, err = pgx.CollectRows(rows, scanOutboxMail); err != nil {
		return MailPage{}, fmt.Errorf("store: mails: %w", err)
	}
	return page, nil
}

// MailByID returns one mail of the outbox, or catalog.ErrNotFound.
func (s *Store) MailByID(ctx context.Context, id int64) (OutboxMail, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+outboxColumns+` FROM outbox o WHERE o.id = $1`, id)
	if err != nil {
		return OutboxMail{}, fmt.Errorf("store: mail %d: %w", id, err)
	}
	m, err := pgx.CollectExactlyOneRow(rows, scanOutboxMail)
	if err != nil {
		return OutboxMail{}, fmt.Errorf("store: mail %d: %w", id, mapErr(err))
	}
	return m, nil
}
