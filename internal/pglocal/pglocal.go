// Package pglocal runs the project-local PostgreSQL cluster that `make run`
// (the binary's serve subcommand), the import and migrate subcommands and the
// tests share.
//
// The cluster lives in a directory of the checkout (by default
// <project root>/.data/postgres), listens on a Unix socket only (no TCP port,
// so two checkouts on one machine never collide) and trusts local
// connections as the superuser "postgres".
//
// Several processes may use one cluster at the same time. Each one holds a
// shared flock on <parent of Dir>/<base of Dir>.users.lock for as long as it
// uses the cluster; starting and stopping are serialised by an exclusive flock
// on <parent of Dir>/<base of Dir>.start.lock. The first process to Open
// starts the server and the last one to Close stops it ("last one out turns
// off the lights"). A process that dies without Close releases its locks with
// it; the server it started is then stopped by the next process whose Close
// finds itself alone.
//
// When run as root, initdb and the server run as the unprivileged user
// "postgres" (or "nobody" when there is no such user), because PostgreSQL
// refuses to run as root. If that user cannot reach Dir (an ancestor directory
// is not traversable, as with a clone inside a 0700 `mktemp -d` directory),
// the cluster is kept in /var/tmp/praktijkbank-pg-<hash> and Dir is made a
// symlink to it.
//
// Typical use, in the serve, import and migrate subcommands:
//
//	c, err := pglocal.Open(ctx, pglocal.Options{Dir: filepath.Join(root, pglocal.DefaultDir), Logger: log})
//	if err != nil { ... }
//	defer c.Close()
//	if err := c.EnsureDatabase(ctx, "praktijkbank"); err != nil { ... }
//	pool, err := pgxpool.New(ctx, c.DSN("praktijkbank"))
package pglocal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DefaultDir is the cluster directory used when Options.Dir is empty,
// relative to the project root (the nearest ancestor of the working directory
// holding a go.mod).
const DefaultDir = ".data/postgres"

// Superuser is the name of the cluster's superuser, which DSN connects as.
const Superuser = "postgres"

// Port is the port number of the cluster. There is no TCP listener: the
// number only names the Unix socket file (.s.PGSQL.5432).
const Port = 5432

// closeTimeout bounds how long Close waits for the start lock and for the
// server to stop.
const closeTimeout = 2 * time.Minute

// ErrNotInstalled is returned (wrapped) by Open when no PostgreSQL server
// binaries can be found. Its message says what to install.
var ErrNotInstalled = errors.New("PostgreSQL server binaries not found: install them with `apt-get install postgresql`")

// Options configures Open.
type Options struct {
	// Dir is the cluster directory. It should be absolute; a relative path
	// is taken relative to the working directory. Empty means DefaultDir
	// under the project root. Its parent directory is created if missing
	// and holds the lock files.
	Dir string
	// Logger receives progress messages (cluster created, started,
	// stopped, relocated). Nil discards them.
	Logger *slog.Logger
	// StandbyOf, when set, makes a new cluster a streaming standby of that
	// (running) cluster: a copy made with pg_basebackup -R, which follows
	// it through a replication connection over its socket. An existing
	// cluster at Dir is used as it is.
	StandbyOf *Cluster
}

// Cluster is a handle on the running project-local cluster, obtained from
// Open. While the handle is open the server keeps running; Close releases
// it. The methods are safe for concurrent use.
type Cluster struct {
	log       *slog.Logger
	dir       string   // Options.Dir, absolute
	dataDir   string   // the real data directory: dir, or the target of the symlink at dir
	socketDir string   // where the server's Unix socket lives
	binDir    string   // PostgreSQL server binaries
	runAs     *account // the user the server runs as; nil: the current user

	startLockPath string
	usersLockPath string

	standbyOf *Cluster // Options.StandbyOf

	mu    sync.Mutex
	users *os.File // holds the shared flock on usersLockPath; nil once closed
}

// Open returns a handle on the cluster at opts.Dir, creating the cluster on
// first use and starting the server if it is not running. It blocks while
// another process is starting or stopping the same cluster. The caller must
// Close the handle; the server keeps running until the last handle of all
// processes is closed.
//
// When no PostgreSQL server binaries are installed the error wraps
// ErrNotInstalled.
func Open(ctx context.Context, opts Options) (*Cluster, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir := opts.Dir
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("pglocal: open: %w", err)
		}
		root, err := ProjectRoot(wd)
		if err != nil {
			return nil, fmt.Errorf("pglocal: open: %w", err)
		}
		dir = filepath.Join(root, DefaultDir)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("pglocal: open: %w", err)
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("pglocal: open: %w", err)
	}
	c := &Cluster{
		log:           log.With("cluster", dir),
		dir:           dir,
		startLockPath: filepath.Join(parent, base+".start.lock"),
		usersLockPath: filepath.Join(parent, base+".users.lock"),
		standbyOf:     opts.StandbyOf,
	}

	start, err := lock(ctx, c.startLockPath, syscall.LOCK_EX)
	if err != nil {
		return nil, fmt.Errorf("pglocal: open: start lock: %w", err)
	}
	defer unlock(start)
	users, err := lock(ctx, c.usersLockPath, syscall.LOCK_SH)
	if err != nil {
		return nil, fmt.Errorf("pglocal: open: users lock: %w", err)
	}
	if err := c.prepare(ctx); err != nil {
		unlock(users)
		return nil, err
	}
	if err := c.ensureRunning(ctx); err != nil {
		// Behave as Close would, so that a half-started server does
		// not outlive us when nobody else uses it.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeTimeout)
		defer cancel()
		if rerr := c.release(rctx, users); rerr != nil {
			c.log.Warn("pglocal: releasing after a failed start", "err", rerr)
		}
		return nil, err
	}
	c.users = users
	return c, nil
}

// Close releases the handle. If no other handle (in this or any other
// process) uses the cluster, it stops the server (pg_ctl stop -m fast) and
// waits for it to exit. Close is idempotent; connections to the cluster
// should be closed before it.
func (c *Cluster) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.users == nil {
		return nil
	}
	users := c.users
	c.users = nil
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	start, err := lock(ctx, c.startLockPath, syscall.LOCK_EX)
	if err != nil {
		unlock(users)
		return fmt.Errorf("pglocal: close: start lock: %w", err)
	}
	defer unlock(start)
	return c.release(ctx, users)
}

// release drops the shared users lock and stops the server when nobody else
// holds it. The caller holds the start lock.
func (c *Cluster) release(ctx context.Context, users *os.File) error {
	unlock(users)
	excl, ok, err := tryLock(c.usersLockPath, syscall.LOCK_EX)
	if err != nil {
		return fmt.Errorf("pglocal: close: users lock: %w", err)
	}
	if !ok {
		c.log.Debug("pglocal: cluster still in use, leaving it running")
		return nil
	}
	defer unlock(excl)
	if err := c.stop(ctx); err != nil {
		return fmt.Errorf("pglocal: close: %w", err)
	}
	return nil
}

// Stop stops the server now, although this or another handle may still use
// it (fast shutdown: sessions are terminated). Tests use it to take a server
// away; Start brings it back. Close still releases the handle.
func (c *Cluster) Stop(ctx context.Context) error {
	start, err := lock(ctx, c.startLockPath, syscall.LOCK_EX)
	if err != nil {
		return fmt.Errorf("pglocal: stop: start lock: %w", err)
	}
	defer unlock(start)
	if err := c.stop(ctx); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	return nil
}

// Start starts the server again after Stop; it does nothing when the server
// answers.
func (c *Cluster) Start(ctx context.Context) error {
	start, err := lock(ctx, c.startLockPath, syscall.LOCK_EX)
	if err != nil {
		return fmt.Errorf("pglocal: start: start lock: %w", err)
	}
	defer unlock(start)
	return c.ensureRunning(ctx)
}

// DSN returns a pgx connection string for database dbname as the superuser,
// over the cluster's Unix socket. It does not check that the database exists
// (see EnsureDatabase). Every connection parameter that PG* environment
// variables could otherwise override is set explicitly.
func (c *Cluster) DSN(dbname string) string {
	q := url.Values{}
	q.Set("host", c.socketDir)
	q.Set("port", strconv.Itoa(Port))
	q.Set("sslmode", "disable")
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(Superuser),
		Path:     "/" + dbname,
		RawQuery: q.Encode(),
	}
	return u.String()
}

// SocketDir returns the directory holding the server's Unix socket, the
// "host" of a libpq/pgx connection.
func (c *Cluster) SocketDir() string { return c.socketDir }

// DataDir returns the real data directory of the cluster: Options.Dir, or
// the directory its symlink points to.
func (c *Cluster) DataDir() string { return c.dataDir }

// EnsureDatabase creates database name (owned by the superuser) unless it
// already exists. It is safe to call concurrently from several processes.
func (c *Cluster) EnsureDatabase(ctx context.Context, name string) error {
	if name == "" {
		return errors.New("pglocal: ensure database: empty name")
	}
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return fmt.Errorf("pglocal: ensure database %q: %w", name, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var exists bool
	err = conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists)
	if err != nil {
		return fmt.Errorf("pglocal: ensure database %q: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "42P04" || pgErr.Code == "23505") {
		// duplicate_database, or unique_violation on pg_database when
		// another process created it at the same moment.
		return nil
	}
	if err != nil {
		return fmt.Errorf("pglocal: ensure database %q: %w", name, err)
	}
	c.log.Info("pglocal: created database", "name", name)
	return nil
}

// ProjectRoot returns the nearest directory at or above start that holds a
// go.mod file.
func ProjectRoot(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", fmt.Errorf("pglocal: project root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", fmt.Errorf("pglocal: project root: no go.mod at or above %s", start)
		}
		dir = up
	}
}
