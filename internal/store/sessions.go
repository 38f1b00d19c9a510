package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Session lifetimes. A session ends after SessionIdleTimeout without a request, and in any
// case SessionLifetime after sign-in. Activity is written at most once per
// sessionTouchInterval, so that browsing does not write on every request.
const (
	SessionIdleTimeout   = 12 * time.Hour
	SessionLifetime      = 7 * 24 * time.Hour
	sessionTouchInterval = time.Minute
)

// sessionIdleSQL is SessionIdleTimeout as an SQL interval.
var sessionIdleSQL = fmt.Sprintf("interval '%d seconds'", int(SessionIdleTimeout.Seconds()))

// Sign-in throttling (the device cookie pattern). A browser that signed in to an account
// gets a device cookie (see NewSession.Device); an attempt with a cookie for the account it
// names is a known device's, any other attempt an unknown client's.
//
//   - Unknown clients: once an account has MaxFailuresPerAccount failed sign-ins from unknown
//     clients within LoginFailureWindow, or a client address has MaxFailuresPerClient, further
//     attempts from unknown clients are refused until the oldest failure leaves the window.
//   - A known device has an allowance of its own, MaxFailuresPerDevice in the window, which no
//     one else's failures touch: a stranger guessing at an account does not lock its owner
//     out of the browsers they signed in with before.
//
// Every attempt is counted and recorded in one transaction, under a lock of its account (or
// device) and address, before the password is checked, and the record is removed when the
// password was right: of many concurrent guesses at most the limit is checked. The counts
// live in PostgreSQL, so they hold across app instances.
const (
	LoginFailureWindow    = 15 * time.Minute
	MaxFailuresPerAccount = 5
	MaxFailuresPerClient  = 10
	MaxFailuresPerDevice  = 5
	// DeviceLifetime is how long a device cookie is recognised after the sign-in that set it.
	DeviceLifetime = 180 * 24 * time.Hour
)

// Sign-in errors.
var (
	ErrBadCredentials = errors.New("wrong e-mail address or password")
	ErrThrottled      = errors.New("too many failed sign-ins")
)

// Credentials are what a sign-in form sends, with the client (IP address) it came from and
// the hash of the device cookie the browser presented, if any.
type Credentials struct {
	Email    string
	Password string
	Client   string
	Device   []byte
}

// Authenticate checks c and returns the active account it names. It gives ErrThrottled when
// the attempt is over its limits (see MaxFailuresPerAccount), and ErrBadCredentials when the
// address has no active account or the password is wrong (the two take the same time); the
// failure stays recorded. It starts no session: see StartSession.
func (s *Store) Authenticate(ctx context.Context, c Credentials) (catalog.User, error) {
	email := strings.ToLower(normalizeEmail(c.Email))
	attempt, err := s.recordAttempt(ctx, email, c)
	if err != nil {
		return catalog.User{}, err
	}

	var u catalog.User
	var hash string
	err = s.pool.QueryRow(ctx, `
		SELECT id, email, name, role, password_hash FROM users
		WHERE lower(email) = $1 AND disabled_at IS NULL`, email).Scan(&u.ID, &u.Email, &u.Name, &u.Role, &hash)
	found := err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return catalog.User{}, fmt.Errorf("store: authenticate: %w", err)
	}
	if !found {
		hash = dummyHash()
	}
	ok, err := verifyPassword(ctx, c.Password, hash)
	if err != nil {
		return catalog.User{}, fmt.Errorf("store: authenticate: %w", err)
	}
	if found && ok {
		if _, err := s.pool.Exec(ctx, `DELETE FROM login_failures WHERE id = $1`, attempt); err != nil {
			return catalog.User{}, fmt.Errorf("store: authenticate: %w", err)
		}
		return u, nil
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM login_failures WHERE at < now() - interval '1 day'`); err != nil {
		return catalog.User{}, fmt.Errorf("store: record failed sign-in: %w", err)
	}
	return catalog.User{}, ErrBadCredentials
}

// recordAttempt counts the recent failures that limit c and, when c is within its limits,
// records c as a failure, in one transaction that holds advisory locks of c's account (or
// device) and address, so that concurrent attempts are counted one after the other. It
// returns the record's id, or ErrThrottled.
func (s *Store) recordAttempt(ctx context.Context, email string, c Credentials) (int64, error) {
	var id int64
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var known bool
		if len(c.Device) > 0 {
			if err := tx.QueryRow(ctx, `
				SELECT EXISTS (SELECT 1 FROM login_devices
					WHERE token_hash = $1 AND lower(email) = $2 AND expires_at > now())`,
				c.Device, email).Scan(&known); err != nil {
				return err
			}
		}
		window := LoginFailureWindow.Seconds()
		var over bool
		if known {
			// A known device: its own allowance only.
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('login device ' || encode($1, 'hex'), 0))`,
				c.Device); err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, `
				SELECT count(*) >= $2 FROM login_failures
				WHERE device = $1 AND at > now() - $3 * interval '1 second'`,
				c.Device, MaxFailuresPerDevice, window).Scan(&over); err != nil {
				return err
			}
		} else {
			// Account first, then address: every attempt takes the locks in this order.
			if _, err := tx.Exec(ctx, `
				SELECT pg_advisory_xact_lock(hashtextextended('login account ' || $1, 0)),
					pg_advisory_xact_lock(hashtextextended('login client ' || $2, 0))`,
				email, c.Client); err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, `
				SELECT count(*) FILTER (WHERE client = $1) >= $3 OR count(*) FILTER (WHERE lower(email) = $2) >= $4
				FROM login_failures
				WHERE device IS NULL AND at > now() - $5 * interval '1 second' AND (client = $1 OR lower(email) = $2)`,
				c.Client, email, MaxFailuresPerClient, MaxFailuresPerAccount, window).Scan(&over); err != nil {
				return err
			}
		}
		if over {
			return ErrThrottled
		}
		var device []byte
		if known {
			device = c.Device
		}
		return tx.QueryRow(ctx, `INSERT INTO login_failures (client, email, device) VALUES ($1, $2, $3) RETURNING id`,
			c.Client, email, device).Scan(&id)
	})
	if errors.Is(err, ErrThrottled) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("store: authenticate: %w", err)
	}
	return id, nil
}

// NewSession is a session to start: the hash of its cookie's token, and the hash of the token
// the browser presented before, if any, which is discarded (a new token on every sign-in).
type NewSession struct {
	UserID    int64
	TokenHash []byte
	Discard   []byte
	// Device, when set, is the hash of a new device cookie's token: the browser becomes a
	// known device of the account for DeviceLifetime (see MaxFailuresPerDevice).
	// DiscardDevice is the hash of the device cookie it presented, which is forgotten.
	Device, DiscardDevice []byte
}

// StartSession signs userID in: it discards the previous session of this browser, starts the
// new one, clears the account's failed sign-ins and records the sign-in in the audit log. It
// returns when the session expires at the latest.
func (s *Store) StartSession(ctx context.Context, ns NewSession) (time.Time, error) {
	var expires time.Time
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var err error
		if expires, err = startSession(ctx, tx, ns); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			DELETE FROM login_failures WHERE lower(email) = (SELECT lower(email) FROM users WHERE id = $1)`,
			ns.UserID); err != nil {
			return err
		}
		if err := rememberDevice(ctx, tx, ns); err != nil {
			return err
		}
		return audit(ctx, tx, ns.UserID, "login", "user", ns.UserID, nil)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("store: start session: %w", err)
	}
	return expires, nil
}

// rememberDevice records ns.Device as a known device of ns.UserID's account, forgetting
// ns.DiscardDevice and devices that have expired.
func rememberDevice(ctx context.Context, tx pgx.Tx, ns NewSession) error {
	if len(ns.Device) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM login_devices WHERE token_hash = $1 OR expires_at <= now()`,
		ns.DiscardDevice); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO login_devices (token_hash, email, expires_at)
		SELECT $1, lower(email), now() + $3 * interval '1 second' FROM users WHERE id = $2`,
		ns.Device, ns.UserID, DeviceLifetime.Seconds())
	return mapErr(err)
}

// startSession writes the session row, discarding ns.Discard and every session that has
// ended (of any user: they are few).
func startSession(ctx context.Context, tx pgx.Tx, ns NewSession) (time.Time, error) {
	if len(ns.Discard) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, ns.Discard); err != nil {
			return time.Time{}, err
		}
	}
	if _, err := tx.Exec(ctx, `
		DELETE FROM sessions WHERE expires_at <= now() OR last_seen <= now() - $1 * interval '1 second'`,
		SessionIdleTimeout.Seconds()); err != nil {
		return time.Time{}, err
	}
	var expires time.Time
	err := tx.QueryRow(ctx, `
		INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + $3 * interval '1 second')
		RETURNING expires_at`, ns.TokenHash, ns.UserID, SessionLifetime.Seconds()).Scan(&expires)
	if err != nil {
		return time.Time{}, mapErr(err)
	}
	return expires, nil
}

// SessionUser returns the user of the live session whose token hashes to tokenHash and marks
// the session as used (at most once a minute). It gives catalog.ErrNotFound when there is no
// such session, when it has been idle for SessionIdleTimeout, has passed its SessionLifetime,
// or its account was removed.
func (s *Store) SessionUser(ctx context.Context, tokenHash []byte) (catalog.User, error) {
	var u catalog.User
	err := s.pool.QueryRow(ctx, `
		WITH live AS (
			SELECT u.id, u.email, u.name, u.role
			FROM sessions s JOIN users u ON u.id = s.user_id
			WHERE s.token_hash = $1 AND s.expires_at > now()
				AND s.last_seen > now() - $2 * interval '1 second' AND u.disabled_at IS NULL
		), touch AS (
			UPDATE sessions SET last_seen = now()
			WHERE token_hash = $1 AND last_seen < now() - $3 * interval '1 second'
				AND EXISTS (SELECT 1 FROM live)
		)
		SELECT id, email, name, role FROM live`,
		tokenHash, SessionIdleTimeout.Seconds(), sessionTouchInterval.Seconds()).Scan(&u.ID, &u.Email, &u.Name, &u.Role)
	if err != nil {
		return catalog.User{}, fmt.Errorf("store: session: %w", mapErr(err))
	}
	return u, nil
}

// EndSession signs out the session whose token hashes to tokenHash and records it in the audit
// log. No such session is not an error.
func (s *Store) EndSession(ctx context.Context, tokenHash []byte) error {
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var userID int64
		err := tx.QueryRow(ctx, `DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id`, tokenHash).Scan(&userID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, userID, "logout", "user", userID, nil)
	})
	if err != nil {
		return fmt.Errorf("store: end session: %w", err)
	}
	return nil
}

// EndAllSessions signs userID out everywhere, records it in the audit log and returns how many
// sessions ended.
func (s *Store) EndAllSessions(ctx context.Context, userID int64) (int, error) {
	var n int64
	err := s.transact(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		if err != nil {
			return err
		}
		n = tag.RowsAffected()
		return audit(ctx, tx, userID, "logout_everywhere", "user", userID, map[string]any{"sessions": n})
	})
	if err != nil {
		return 0, fmt.Errorf("store: end all sessions of %d: %w", userID, err)
	}
	return int(n), nil
}
