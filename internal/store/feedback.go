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
	FeedbackSheetProblem  = "probleem" // "Meld een probleem met deze fiche": SheetID is set
)

// Feedback is a message sent through the contact form.
type Feedback struct {
	ID      int64
	Topic   string // one of the Feedback constants
	Message string
	Page    string // the page it is about, as the sender gave it
	Name    string
	Email   string
	SheetID int64 // the sheet a problem report is about; 0 for other messages
	// SheetTitle and SheetSlug describe that sheet when it is read back.
	SheetTitle, SheetSlug string
	CreatedAt             time.Time
	HandledAt             time.Time // zero while open
}

// AddFeedback stores a message from the contact form and, when notify is not empty, mails it
// to that address in the same transaction. It returns the message's id.
func (s *Store) AddFeedback(ctx context.Context, f Feedback, notify string) (int64, error) {
	var id int64
	err := s.transact(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO feedback (topic, message, page, name, email, sheet_id) VALUES ($1, $2, $3, $4, $5, NULLIF($6, 0))
			RETURNING id`, f.Topic, f.Message, f.Page, f.Name, f.Email, f.SheetID).Scan(&id)
		if err != nil {
			return err
		}
		if notify == "" {
			return nil
		}
		body := fmt.Sprintf("Onderwerp: %s\nPagina: %s\nVan: %s <%s>\n\n%s\n", f.Topic, f.Page, f.Name, f.Email, f.Message)
		return enqueueMail(ctx, tx, Mail{Kind: "feedback", To: notify,
			Subject: feedbackSubject(f, id), Body: body})
	})
	if err != nil {
		return 0, fmt.Errorf("store: add feedback: %w", err)
	}
	return id, nil
}

// CountOpenFeedback counts the messages of topic that no editor has handled yet.
func (s *Store) CountOpenFeedback(ctx context.Context, topic string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM feedback WHERE topic = $1 AND handled_at IS NULL`, topic).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count open feedback: %w", err)
	}
	return n, nil
}

// OpenFeedback returns the messages no editor has handled yet, oldest first.
func (s *Store) OpenFeedback(ctx context.Context) ([]Feedback, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT f.id, f.topic, f.message, f.page, f.name, f.email, COALESCE(f.sheet_id, 0),
		       COALESCE(s.title, ''), COALESCE(s.slug, ''), f.created_at
		FROM feedback f LEFT JOIN sheets s ON s.id = f.sheet_id
		WHERE f.handled_at IS NULL ORDER BY f.created_at, f.id`)
	if err != nil {
		return nil, fmt.Errorf("store: open feedback: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Feedback, error) {
		var f Feedback
		err := r.Scan(&f.ID, &f.Topic, &f.Message, &f.Page, &f.Name, &f.Email, &f.SheetID, &f.SheetTitle, &f.SheetSlug, &f.CreatedAt)
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

// feedbackSubject is the subject of the mail that tells the operator of message id.
func feedbackSubject(f Feedback, id int64) string {
	if f.Topic == FeedbackSheetProblem {
		return fmt.Sprintf("Praktijkbank: melding %d van een probleem met een fiche", id)
	}
	return fmt.Sprintf("Praktijkbank: bericht %d via het contactformulier", id)
}
