package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Feedback topics, by their form value.
const (
	FeedbackQuestion      = "vraag"
	FeedbackAccessibility = "toegankelijkheid"
	FeedbackPrivacy       = "privacy"
	FeedbackError         = "fout"
)

// Feedback is a message sent through the contact form.
type Feedback struct {
	ID        int64
	Topic     string // one of the Feedback constants
	Message   string
	Page      string // the page it is about, as the sender gave it
	Name      string
	Email     string
	CreatedAt time.Time
	HandledAt time.Time // zero while open
}

// AddFeedback stores a message from the contact form and, when notify is not empty, mails it
// to that address in the same transaction. It returns the message's id.
func (s *Store) AddFeedback(ctx context.Context, f Feedback, notify string) (int64, error) {
	var id int64
	err := s.transact(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO feedback (topic, message, page, name, email) VALUES ($1, $2, $3, $4, $5)
			RETURNING id`, f.Topic, f.Message, f.Page, f.Name, f.Email).Scan(&id)
		if err != nil {
			return err
		}
		if notify == "" {
			return nil
		}
		body := fmt.Sprintf("Onderwerp: %s\nPagina: %s\nVan: %s <%s>\n\n%s\n", f.Topic, f.Page, f.Name, f.Email, f.Message)
		return enqueueMail(ctx, tx, Mail{Kind: "feedback", To: notify,
			Subject: fmt.Sprintf("Praktijkbank: bericht %d via het contactformulier", id), Body: body})
	})
	if err != nil {
		return 0, fmt.Errorf("store: add feedback: %w", err)
	}
	return id, nil
}

// OpenFeedback returns the messages no editor has handled yet, oldest first.
func (s *Store) OpenFeedback(ctx context.Context) ([]Feedback, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, topic, message, page, name, email, created_at
		FROM feedback WHERE handled_at IS NULL ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("store: open feedback: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Feedback, error) {
		var f Feedback
		err := r.Scan(&f.ID, &f.Topic, &f.Message, &f.Page, &f.Name, &f.Email, &f.CreatedAt)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: open feedback: %w", err)
	}
	return out, nil
}

// HandleFeedback marks message id handled by editor editorID, with an audit entry.
// ErrNotFound when there is no open message with that id.
func (s *Store) HandleFeedback(ctx context.Context, editorID, id int64) error {
	return s.transact(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE feedback SET handled_by = $1, handled_at = now() WHERE id = $2 AND handled_at IS NULL`, editorID, id)
		if err != nil {
			return fmt.Errorf("store: handle feedback %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: handle feedback %d: %w", id, mapErr(pgx.ErrNoRows))
		}
		return audit(ctx, tx, editorID, "feedback.handle", "feedback", id, nil)
	})
}
