package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Password reset by mail. A link works once and for ResetLifetime. Requests are limited per
// address (MaxResetsPerAddress within ResetRequestWindow, whether the address has an account or
// not) and per client (MaxResetsPerClient); the counts live in PostgreSQL, so they hold across
// app instances.
const (
	ResetLifetime       = time.Hour
	ResetRequestWindow  = time.Hour
	MaxResetsPerAddress = 3
	MaxResetsPerClient  = 10
)

// Reset link errors.
var (
	ErrResetUsed    = errors.New("password reset link already used")
	ErrResetExpired = errors.New("password reset link expired")
)

// ResetRequest is a request for a password reset link: the address typed, the client it came
// from, the hash of the link's token and the mail that carries the link.
type ResetRequest struct {
	Email     string
	Client    string
	TokenHash []byte
	ExpiresAt time.Time // normally now + ResetLifetime; the mail states it
	Mail      Mail      // To is set to the account's address
}

// RequestPasswordReset records r and, when the address belongs to an active account, stores
// the link and puts its mail in the outbox, in one transaction. It returns nil whether or not
// the address has an account, so that callers cannot tell; ErrThrottled when the address or
// the client has asked too often within ResetRequestWindow (counted for every address).
func (s *Store) RequestPasswordReset(ctx context.Context, r ResetRequest) error {
	email := normalizeEmail(r.Email)
	if email == "" || len(r.TokenHash) == 0 {
		return fmt.Errorf("store: request password reset: no address or token")
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var perClient, perAddress int
		err := tx.QueryRow(ctx, `
			SELECT count(*) FILTER (WHERE client = $1), count(*) FILTER (WHERE lower(email) = lower($2))
			FROM password_reset_requests
			WHERE at > now() - $3 * interval '1 second' AND (client = $1 OR lower(email) = lower($2))`,
			r.Client, email, ResetRequestWindow.Seconds()).Scan(&perClient, &perAddress)
		if err != nil {
			return err
		}
		if perClient >= MaxResetsPerClient || perAddress >= MaxResetsPerAddress {
			return ErrThrottled
		}
		if _, err := tx.Exec(ctx, `
			DELETE FROM password_reset_requests WHERE at < now() - interval '1 day'`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO password_reset_requests (client, email) VALUES ($1, $2)`, r.Client, email); err != nil {
			return err
		}
		var userID int64
		var to string
		err = tx.QueryRow(ctx, `
			SELECT id, email FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL`, email).Scan(&userID, &to)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			DELETE FROM password_resets WHERE expires_at <= now() OR used_at IS NOT NULL`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`,
			r.TokenHash, userID, r.ExpiresAt); err != nil {
			return mapErr(err)
		}
		m := r.Mail
		m.To = to
		if err := enqueueMail(ctx, tx, m); err != nil {
			return err
		}
		return audit(ctx, tx, 0, "reset_requested", "user", userID, nil)
	})
	if errors.Is(err, ErrThrottled) {
		return ErrThrottled
	}
	if err != nil {
		return fmt.Errorf("store: request password reset: %w", err)
	}
	return nil
}

// PasswordReset is an open reset link as its form shows it.
type PasswordReset struct {
	Email     string // the account's address (the form's username)
	ExpiresAt time.Time
}

// lookupReset reads the reset of tokenHash inside tx, locking it when lock is set, and checks
// that it can be used.
func lookupReset(ctx context.Context, tx pgx.Tx, tokenHash []byte, lock bool) (userID int64, pr PasswordReset, err error) {
	q := `
		SELECT r.user_id, u.email, r.expires_at, r.used_at, r.expires_at <= now(), u.disabled_at IS NOT NULL
		FROM password_resets r JOIN users u ON u.id = r.user_id
		WHERE r.token_hash = $1`
	if lock {
		q += ` FOR UPDATE OF r`
	}
	var used *time.Time
	var expired, removed bool
	err = tx.QueryRow(ctx, q, tokenHash).Scan(&userID, &pr.Email, &pr.ExpiresAt, &used, &expired, &removed)
	switch {
	case err != nil:
		return 0, pr, mapErr(err)
	case used != nil:
		return 0, pr, ErrResetUsed
	case expired:
		return 0, pr, ErrResetExpired
	case removed:
		return 0, pr, catalog.ErrNotFound
	}
	return userID, pr, nil
}

// PasswordResetByToken returns the reset link whose token hashes to tokenHash when it can be
// used; catalog.ErrNotFound for an unknown link (or one of a removed account), ErrResetUsed or
// ErrResetExpired.
func (s *Store) PasswordResetByToken(ctx context.Context, tokenHash []byte) (PasswordReset, error) {
	var pr PasswordReset
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var err error
		_, pr, err = lookupReset(ctx, tx, tokenHash, false)
		return err
	})
	if err != nil {
		return PasswordReset{}, fmt.Errorf("store: password reset: %w", err)
	}
	return pr, nil
}

// NewPassword is the use of a reset link: the new password's hash, the session this browser
// is signed in with, and a mail that tells the account's owner (To is filled in).
type NewPassword struct {
	TokenHash    []byte
	PasswordHash string
	Session      NewSession // UserID is filled in
	Notice       Mail
}

// ResetPassword uses the reset link of np.TokenHash: in one transaction it sets the password,
// marks the link used and drops the account's other open links, ends every session of the
// account, clears its failed sign-ins, starts the new session and mails the notice. It gives
// catalog.ErrNotFound, ErrResetUsed or ErrResetExpired like PasswordResetByToken; of two
// concurrent uses of one link, one wins and the other gets ErrResetUsed.
func (s *Store) ResetPassword(ctx context.Context, np NewPassword) (catalog.User, error) {
	if np.PasswordHash == "" || len(np.Session.TokenHash) == 0 {
		return catalog.User{}, fmt.Errorf("store: reset password: no hash or session")
	}
	var u catalog.User
	err := s.transact(ctx, func(tx pgx.Tx) error {
		userID, _, err := lookupReset(ctx, tx, np.TokenHash, true)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING id, email, name, role`,
			userID, np.PasswordHash).Scan(&u.ID, &u.Email, &u.Name, &u.Role)
		if err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = now() WHERE token_hash = $1`, np.TokenHash); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL`, u.ID); err != nil {
			return err
		}
		ended, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE lower(email) = lower($1)`, u.Email); err != nil {
			return err
		}
		ns := np.Session
		ns.UserID = u.ID
		if _, err := startSession(ctx, tx, ns); err != nil {
			return err
		}
		if np.Notice.Subject != "" {
			m := np.Notice
			m.To = u.Email
			if err := enqueueMail(ctx, tx, m); err != nil {
				return err
			}
		}
		return audit(ctx, tx, u.ID, "password_reset", "user", u.ID,
			map[string]any{"sessions_ended": ended.RowsAffected()})
	})
	if err != nil {
		return catalog.User{}, fmt.Errorf("store: reset password: %w", err)
	}
	return u, nil
}
