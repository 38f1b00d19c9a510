package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Mail is an outgoing mail as the outbox holds it.
type Mail struct {
	Kind    string // confirmation, question, approved, rejected, invitation, editor-notice
	To      string
	Subject string
	Body    string // plain text
}

// enqueueMail writes m to the outbox inside tx, so that it is sent exactly when the change
// that caused it commits.
func enqueueMail(ctx context.Context, tx pgx.Tx, m Mail) error {
	_, err := tx.Exec(ctx, `INSERT INTO outbox (kind, to_addr, subject, body) VALUES ($1, $2, $3, $4)`,
		m.Kind, m.To, m.Subject, m.Body)
	if err != nil {
		return fmt.Errorf("enqueue %s mail: %w", m.Kind, err)
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify('outbox', '')`)
	return err
}

// audit records an editor's or admin's action inside tx. userID 0 means the system.
func audit(ctx context.Context, tx pgx.Tx, userID int64, action, objectType string, objectID int64, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	d, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	var uid *int64
	if userID != 0 {
		uid = &userID
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO audit_log (user_id, action, object_type, object_id, detail) VALUES ($1, $2, $3, $4, $5)`,
		uid, action, objectType, objectID, d)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}
