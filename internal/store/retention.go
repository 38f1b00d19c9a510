package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Retention of what the site keeps about the people who use its forms (README, /privacy).
const (
	// DraftRetention is how long an unsent draft is kept after its last change.
	DraftRetention = 30 * 24 * time.Hour
	// DraftWarning is how long before it is removed the submitter of a draft is mailed (when
	// the draft has an address); a draft is never removed sooner than this after that mail.
	DraftWarning = 7 * 24 * time.Hour
	// OutboxRetention is how long a mail stays in the outbox after it was sent, logged or
	// given up.
	OutboxRetention = 90 * 24 * time.Hour
)

// ExpiringDraft is an unsent draft whose submitter is told that it will be removed.
type ExpiringDraft struct {
	ID        int64
	Kind      catalog.SubmissionKind
	Name      string // as typed
	Email     string
	ExpiresAt time.Time
}

// RetentionResult says what a retention run did.
type RetentionResult struct {
	Warned, DraftsRemoved, MailsRemoved int
}

// ApplyRetention does what the retention policy asks, now: it mails the submitter of every
// unsent draft that will be removed within DraftWarning (once per draft; a new link of its
// own, made by newLink, since the first one is not kept, and the mail that notice makes;
// within the limit of mails to unconfirmed addresses), removes the drafts past
// DraftRetention (and DraftWarning after their notice) with their photos and links, and the
// mails past OutboxRetention. Several instances may run it at once.
func (s *Store) ApplyRetention(ctx context.Context, newLink func() (token string, hash []byte),
	notice func(d ExpiringDraft, token string) Mail) (RetentionResult, error) {
	var res RetentionResult
	err := s.transact(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT id, kind, submitter_name, submitter_email, updated_at + $1 * interval '1 second'
			FROM submissions
			WHERE status = 'draft' AND expiry_warned_at IS NULL AND submitter_email LIKE '%_@_%'
			  AND updated_at < now() - $2 * interval '1 second'
			ORDER BY id
			FOR UPDATE SKIP LOCKED`, DraftRetention.Seconds(), (DraftRetention - DraftWarning).Seconds())
		if err != nil {
			return err
		}
		drafts, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ExpiringDraft])
		if err != nil {
			return err
		}
		for _, d := range drafts {
			// Mailed late (the job did not run), the draft still gets DraftWarning.
			d.ExpiresAt = latest(d.ExpiresAt, time.Now().Add(DraftWarning))
			token, hash := newLink()
			if _, err := tx.Exec(ctx, `INSERT INTO submission_links (token_hash, submission_id) VALUES ($1, $2)`, hash, d.ID); err != nil {
				return fmt.Errorf("link of draft %d: %w", d.ID, err)
			}
			m := notice(d, token)
			m.To = d.Email
			if _, err := enqueueUnconfirmed(ctx, tx, m); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE submissions SET expiry_warned_at = now() WHERE id = $1`, d.ID); err != nil {
				return fmt.Errorf("warn draft %d: %w", d.ID, err)
			}
			res.Warned++
		}
		tag, err := tx.Exec(ctx, `
			DELETE FROM submissions
			WHERE status = 'draft' AND updated_at < now() - $1 * interval '1 second'
			  AND (expiry_warned_at IS NULL OR expiry_warned_at < now() - $2 * interval '1 second')`,
			DraftRetention.Seconds(), DraftWarning.Seconds())
		if err != nil {
			return fmt.Errorf("remove drafts: %w", err)
		}
		res.DraftsRemoved = int(tag.RowsAffected())
		tag, err = tx.Exec(ctx, `
			DELETE FROM outbox
			WHERE sent_at < now() - $1 * interval '1 second'
			   OR (sent_at IS NULL AND attempts >= $2 AND next_attempt_at < now() - $1 * interval '1 second')`,
			OutboxRetention.Seconds(), MaxMailAttempts)
		if err != nil {
			return fmt.Errorf("remove mails: %w", err)
		}
		res.MailsRemoved = int(tag.RowsAffected())
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("store: retention: %w", err)
	}
	return res, nil
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
