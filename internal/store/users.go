package store

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Password rules shared by the command line and the invitation form.
const (
	MinPasswordLength = 12   // characters
	MaxPasswordLength = 1000 // characters; bounds the work an attacker can ask of the hash
)

// PasswordLengthOK reports whether password has between MinPasswordLength and
// MaxPasswordLength characters.
func PasswordLengthOK(password string) bool {
	n := utf8.RuneCountInString(password)
	return n >= MinPasswordLength && n <= MaxPasswordLength
}

// DefaultPasswordParams returns the argon2id parameters of new password hashes: 64 MiB of
// memory, one pass, two lanes, a 16-byte salt and a 32-byte key (RFC 9106's recommended t=1
// profile, scaled down to 64 MiB). Tests may hash with cheaper parameters; a hash records its
// own parameters, so verification always costs what its creation did.
func DefaultPasswordParams() *argon2id.Params {
	return &argon2id.Params{Memory: 64 * 1024, Iterations: 1, Parallelism: 2, SaltLength: 16, KeyLength: 32}
}

// hashSlots bounds how many argon2id computations run at once in this process, so that a burst
// of sign-ins cannot exhaust memory (each takes the hash's memory parameter).
var hashSlots = make(chan struct{}, max(2, min(4, runtime.NumCPU())))

func withHashSlot[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	select {
	case hashSlots <- struct{}{}:
		defer func() { <-hashSlots }()
		return fn()
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// HashPassword returns the argon2id hash of password under params (DefaultPasswordParams when
// nil), in the encoded form CreateUser and friends store.
func HashPassword(ctx context.Context, password string, params *argon2id.Params) (string, error) {
	if params == nil {
		params = DefaultPasswordParams()
	}
	h, err := withHashSlot(ctx, func() (string, error) { return argon2id.CreateHash(password, params) })
	if err != nil {
		return "", fmt.Errorf("store: hash password: %w", err)
	}
	return h, nil
}

// dummyHash is verified when a sign-in names no account, so that the answer takes as long as
// for a wrong password and does not tell which addresses have an account.
var dummyHash = sync.OnceValue(func() string {
	h, err := argon2id.CreateHash("geen-account-met-dit-adres", DefaultPasswordParams())
	if err != nil {
		panic(err) // only fails when crypto/rand does
	}
	return h
})

func verifyPassword(ctx context.Context, password, hash string) (bool, error) {
	return withHashSlot(ctx, func() (bool, error) { return argon2id.ComparePasswordAndHash(password, hash) })
}

// normalizeEmail trims an address; comparisons are case-insensitive in SQL (lower(email)).
func normalizeEmail(email string) string { return strings.TrimSpace(email) }

// Account is a user as the admin pages list it.
type Account struct {
	catalog.User
	CreatedAt time.Time
	LastSeen  time.Time // zero when the user never signed in
	RemovedAt time.Time // zero while the account is active
	Sessions  int       // live sessions (signed in somewhere)
}

// Active reports whether the account can sign in.
func (a Account) Active() bool { return a.RemovedAt.IsZero() }

// NewUser is an account to create; PasswordHash comes from HashPassword.
type NewUser struct {
	Email        string
	Name         string
	Role         catalog.Role
	PasswordHash string
}

func validRole(r catalog.Role) bool { return r == catalog.RoleEditor || r == catalog.RoleAdmin }

// CreateUser creates an account on behalf of actorID (0 for the command line) and returns it.
// An existing account with the same address, compared case-insensitively and removed or not,
// gives catalog.ErrConflict.
func (s *Store) CreateUser(ctx context.Context, actorID int64, nu NewUser) (catalog.User, error) {
	nu.Email = normalizeEmail(nu.Email)
	if !validRole(nu.Role) || nu.Email == "" || nu.PasswordHash == "" {
		return catalog.User{}, fmt.Errorf("store: create user %q: invalid role, address or hash", nu.Email)
	}
	u := catalog.User{Email: nu.Email, Name: strings.TrimSpace(nu.Name), Role: nu.Role}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
			u.Email, u.Name, u.Role, nu.PasswordHash).Scan(&u.ID)
		if err != nil {
			return mapErr(err)
		}
		return audit(ctx, tx, actorID, "create", "user", u.ID, map[string]any{"email": u.Email, "role": u.Role})
	})
	if err != nil {
		return catalog.User{}, fmt.Errorf("store: create user %q: %w", nu.Email, err)
	}
	return u, nil
}

// ResetUser gives the account of email a new password hash and role (and name, when not
// empty), reactivates it when it was removed, and ends all its sessions. It is the operator's
// way back into an account (the command line); it gives catalog.ErrNotFound when no account
// has that address.
func (s *Store) ResetUser(ctx context.Context, nu NewUser) (catalog.User, error) {
	nu.Email = normalizeEmail(nu.Email)
	if !validRole(nu.Role) || nu.PasswordHash == "" {
		return catalog.User{}, fmt.Errorf("store: reset user %q: invalid role or hash", nu.Email)
	}
	var u catalog.User
	err := s.transact(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			UPDATE users SET password_hash = $2, role = $3,
				name = CASE WHEN $4 = '' THEN name ELSE $4 END, disabled_at = NULL
			WHERE lower(email) = lower($1)
			RETURNING id, email, name, role`,
			nu.Email, nu.PasswordHash, nu.Role, strings.TrimSpace(nu.Name)).Scan(&u.ID, &u.Email, &u.Name, &u.Role)
		if err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		return audit(ctx, tx, 0, "reset", "user", u.ID, map[string]any{"email": u.Email, "role": u.Role})
	})
	if err != nil {
		return catalog.User{}, fmt.Errorf("store: reset user %q: %w", nu.Email, err)
	}
	return u, nil
}

// Accounts lists every account, active ones first, by name. LastSeen is the latest of the
// user's session activity and audited actions.
func (s *Store) Accounts(ctx context.Context) ([]Account, error) {
	rows, err := s.pool.Query(ctx, accountSelect+` ORDER BY u.disabled_at IS NOT NULL, lower(u.name), lower(u.email)`)
	if err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanAccount)
	if err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	return list, nil
}

// AccountByID returns one account, removed or not; catalog.ErrNotFound when there is none.
func (s *Store) AccountByID(ctx context.Context, id int64) (Account, error) {
	rows, err := s.pool.Query(ctx, accountSelect+` WHERE u.id = $1`, id)
	if err != nil {
		return Account{}, fmt.Errorf("store: account %d: %w", id, err)
	}
	a, err := pgx.CollectExactlyOneRow(rows, scanAccount)
	if err != nil {
		return Account{}, fmt.Errorf("store: account %d: %w", id, mapErr(err))
	}
	return a, nil
}

var accountSelect = `
	SELECT u.id, u.email, u.name, u.role, u.created_at, u.disabled_at,
		GREATEST(
			(SELECT max(s.last_seen) FROM sessions s WHERE s.user_id = u.id),
			(SELECT a.at FROM audit_log a WHERE a.user_id = u.id ORDER BY a.at DESC LIMIT 1)
		) AS last_seen,
		(SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > now()
			AND s.last_seen > now() - ` + sessionIdleSQL + `) AS sessions
	FROM users u`

func scanAccount(row pgx.CollectableRow) (Account, error) {
	var a Account
	var removed, seen *time.Time
	if err := row.Scan(&a.ID, &a.Email, &a.Name, &a.Role, &a.CreatedAt, &removed, &seen, &a.Sessions); err != nil {
		return Account{}, err
	}
	if removed != nil {
		a.RemovedAt = *removed
	}
	if seen != nil {
		a.LastSeen = *seen
	}
	return a, nil
}

// RemoveUser disables the account userID on behalf of actorID and ends all its sessions. An
// admin cannot remove their own account (catalog.ErrForbidden); an unknown or already removed
// account gives catalog.ErrNotFound.
func (s *Store) RemoveUser(ctx context.Context, actorID, userID int64) error {
	if actorID == userID {
		return fmt.Errorf("store: remove user %d: own account: %w", userID, catalog.ErrForbidden)
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var email string
		err := tx.QueryRow(ctx, `
			UPDATE users SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING email`,
			userID).Scan(&email)
		if err != nil {
			return mapErr(err)
		}
		n, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, actorID, "remove", "user", userID,
			map[string]any{"email": email, "sessions": n.RowsAffected()})
	})
	if err != nil {
		return fmt.Errorf("store: remove user %d: %w", userID, err)
	}
	return nil
}

// Invitation errors.
var (
	ErrInvitationExpired = errors.New("invitation expired")
	ErrInvitationUsed    = errors.New("invitation already accepted")
)

// InvitationLifetime is how long an invitation link works.
const InvitationLifetime = 7 * 24 * time.Hour

// Invitation is an admin's invitation to become an editor or admin.
type Invitation struct {
	Email      string
	Role       catalog.Role
	InvitedBy  string // name (or address) of the admin who invited
	CreatedAt  time.Time
	ExpiresAt  time.Time
	AcceptedAt time.Time // zero while open
}

// NewInvitation is an invitation to write, with the mail that carries its link.
type NewInvitation struct {
	Email     string
	Role      catalog.Role
	InvitedBy int64     // the admin
	TokenHash []byte    // hash of the token in the link
	ExpiresAt time.Time // normally now + InvitationLifetime; the mail states it
	Mail      Mail
}

// Invite records an invitation, replacing open invitations to the same address, and puts its
// mail in the outbox, in one transaction. An active account with that address gives
// catalog.ErrConflict; a removed one may be invited back.
func (s *Store) Invite(ctx context.Context, inv NewInvitation) error {
	inv.Email = normalizeEmail(inv.Email)
	if !validRole(inv.Role) || inv.Email == "" || len(inv.TokenHash) == 0 {
		return fmt.Errorf("store: invite %q: invalid role, address or token", inv.Email)
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var exists bool
		err := tx.QueryRow(ctx, `
			SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL)`,
			inv.Email).Scan(&exists)
		if err != nil {
			return err
		}
		if exists {
			return fmt.Errorf("active account: %w", catalog.ErrConflict)
		}
		if _, err := tx.Exec(ctx, `
			DELETE FROM invitations WHERE lower(email) = lower($1) AND accepted_at IS NULL`, inv.Email); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO invitations (token_hash, email, role, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			inv.TokenHash, inv.Email, inv.Role, nullID(inv.InvitedBy), inv.ExpiresAt); err != nil {
			return mapErr(err)
		}
		if err := enqueueMail(ctx, tx, inv.Mail); err != nil {
			return err
		}
		return audit(ctx, tx, inv.InvitedBy, "invite", "invitation", 0,
			map[string]any{"email": inv.Email, "role": inv.Role})
	})
	if err != nil {
		return fmt.Errorf("store: invite %q: %w", inv.Email, err)
	}
	return nil
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

const invitationSelect = `
	SELECT i.email, i.role, COALESCE(NULLIF(u.name, ''), u.email, ''), i.created_at, i.expires_at, i.accepted_at
	FROM invitations i LEFT JOIN users u ON u.id = i.invited_by`

func scanInvitation(row pgx.CollectableRow) (Invitation, error) {
	var inv Invitation
	var accepted *time.Time
	if err := row.Scan(&inv.Email, &inv.Role, &inv.InvitedBy, &inv.CreatedAt, &inv.ExpiresAt, &accepted); err != nil {
		return Invitation{}, err
	}
	if accepted != nil {
		inv.AcceptedAt = *accepted
	}
	return inv, nil
}

// OpenInvitations lists the invitations that are neither accepted nor expired, newest first.
func (s *Store) OpenInvitations(ctx context.Context) ([]Invitation, error) {
	rows, err := s.pool.Query(ctx, invitationSelect+`
		WHERE i.accepted_at IS NULL AND i.expires_at > now() ORDER BY i.created_at DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: open invitations: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanInvitation)
	if err != nil {
		return nil, fmt.Errorf("store: open invitations: %w", err)
	}
	return list, nil
}

// InvitationByToken returns the invitation whose token hashes to tokenHash, whatever its state,
// or catalog.ErrNotFound.
func (s *Store) InvitationByToken(ctx context.Context, tokenHash []byte) (Invitation, error) {
	rows, err := s.pool.Query(ctx, invitationSelect+` WHERE i.token_hash = $1`, tokenHash)
	if err != nil {
		return Invitation{}, fmt.Errorf("store: invitation: %w", err)
	}
	inv, err := pgx.CollectExactlyOneRow(rows, scanInvitation)
	if err != nil {
		return Invitation{}, fmt.Errorf("store: invitation: %w", mapErr(err))
	}
	return inv, nil
}

// Acceptance is an invitee's answer to an invitation: their name and password, and the
// session they are signed in with.
type Acceptance struct {
	TokenHash    []byte // of the invitation
	Name         string
	PasswordHash string
	Session      NewSession // UserID is filled in
}

// AcceptInvitation creates the invitee's account (or reactivates a removed one with that
// address), marks the invitation accepted and starts a session, in one transaction. It gives
// catalog.ErrNotFound for an unknown token, ErrInvitationUsed, ErrInvitationExpired, or
// catalog.ErrConflict when an active account with the address exists by now.
func (s *Store) AcceptInvitation(ctx context.Context, a Acceptance) (catalog.User, error) {
	var u catalog.User
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var expired bool
		var accepted *time.Time
		var invitedBy *int64
		err := tx.QueryRow(ctx, `
			SELECT email, role, accepted_at, expires_at <= now(), invited_by
			FROM invitations WHERE token_hash = $1 FOR UPDATE`, a.TokenHash).
			Scan(&u.Email, &u.Role, &accepted, &expired, &invitedBy)
		if err != nil {
			return mapErr(err)
		}
		switch {
		case accepted != nil:
			return ErrInvitationUsed
		case expired:
			return ErrInvitationExpired
		}
		u.Name = strings.TrimSpace(a.Name)
		var disabled *time.Time
		err = tx.QueryRow(ctx, `SELECT id, disabled_at FROM users WHERE lower(email) = lower($1) FOR UPDATE`,
			u.Email).Scan(&u.ID, &disabled)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			err = tx.QueryRow(ctx, `
				INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
				u.Email, u.Name, u.Role, a.PasswordHash).Scan(&u.ID)
		case err != nil:
		case disabled == nil:
			return fmt.Errorf("active account: %w", catalog.ErrConflict)
		default:
			_, err = tx.Exec(ctx, `
				UPDATE users SET name = $2, role = $3, password_hash = $4, disabled_at = NULL WHERE id = $1`,
				u.ID, u.Name, u.Role, a.PasswordHash)
		}
		if err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE invitations SET accepted_at = now() WHERE token_hash = $1`, a.TokenHash); err != nil {
			return err
		}
		ns := a.Session
		ns.UserID = u.ID
		if _, err := startSession(ctx, tx, ns); err != nil {
			return err
		}
		detail := map[string]any{"email": u.Email, "role": u.Role}
		if invitedBy != nil {
			detail["invited_by"] = *invitedBy
		}
		return audit(ctx, tx, u.ID, "accept", "user", u.ID, detail)
	})
	if err != nil {
		return catalog.User{}, fmt.Errorf("store: accept invitation: %w", err)
	}
	return u, nil
}
