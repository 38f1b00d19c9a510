package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// AuditEntry is one recorded editor or admin action.
type AuditEntry struct {
	ID         int64
	At         time.Time
	UserID     int64  // 0 for the system (the command line)
	UserName   string // the user's name, or address when the name is empty
	Action     string // login, logout, logout_everywhere, invite, accept, create, reset, remove, …
	ObjectType string // user, invitation, submission, sheet, term, …
	ObjectID   int64  // 0 when the object has no numeric id
	Detail     map[string]any
}

// AuditPage is one page of the audit log and the number of entries in all.
type AuditPage struct {
	Entries []AuditEntry
	Total   int
}

// AuditQuery selects a page of the audit log; Page counts from 1.
type AuditQuery struct {
	Page     int
	PageSize int
	UserID   int64 // only this user's actions, when not 0
}

// AuditLog returns a page of the audit log, newest first.
func (s *Store) AuditLog(ctx context.Context, q AuditQuery) (AuditPage, error) {
	if q.PageSize <= 0 {
		q.PageSize = 50
	}
	q.Page = max(q.Page, 1)
	var page AuditPage
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE $1::bigint = 0 OR user_id = $1`, q.UserID).Scan(&page.Total)
	if err != nil {
		return AuditPage{}, fmt.Errorf("store: audit log: %w", err)
	}
	rows, err := s.pool.Query(ctx, `
		SELECT a.id, a.at, COALESCE(a.user_id, 0), COALESCE(NULLIF(u.name, ''), u.email, ''),
			a.action, a.object_type, COALESCE(a.object_id, 0), a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE $1::bigint = 0 OR a.user_id = $1
		ORDER BY a.at DESC, a.id DESC
		LIMIT $2 OFFSET $3`, q.UserID, q.PageSize, (q.Page-1)*q.PageSize)
	if err != nil {
		return AuditPage{}, fmt.Errorf("store: audit log: %w", err)
	}
	page.Entries, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (AuditEntry, error) {
		var e AuditEntry
		var detail []byte
		if err := row.Scan(&e.ID, &e.At, &e.UserID, &e.UserName, &e.Action, &e.ObjectType, &e.ObjectID, &detail); err != nil {
			return AuditEntry{}, err
		}
		if err := json.Unmarshal(detail, &e.Detail); err != nil {
			return AuditEntry{}, fmt.Errorf("detail of entry %d: %w", e.ID, err)
		}
		return e, nil
	})
	if err != nil {
		return AuditPage{}, fmt.Errorf("store: audit log: %w", err)
	}
	return page, nil
}

// AuditLinkUse records in the audit log that a private link was used: the submitter's page of
// submission objectID ("submission"), an invitation ("invitation", objectID 0, the address in
// detail) or a password reset ("password_reset", the account's id). detail says from where.
func (s *Store) AuditLinkUse(ctx context.Context, objectType string, objectID int64, detail map[string]any) error {
	err := s.transact(ctx, func(tx pgx.Tx) error {
		return audit(ctx, tx, 0, "open", objectType, objectID, detail)
	})
	if err != nil {
		return fmt.Errorf("store: audit link use: %w", err)
	}
	return nil
}
