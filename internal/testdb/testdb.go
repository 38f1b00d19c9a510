// Package testdb gives store and web tests an isolated, migrated PostgreSQL
// database each, in the project-local cluster (see internal/pglocal).
//
// A package using it calls Main from its TestMain:
//
//	func TestMain(m *testing.M) { testdb.Main(m) }
//
// and each test asks for its own database with New (or DSN). Databases are
// cloned from a template that is migrated once per set of migrations, by
// github.com/peterldowns/pgtestdb, which also coordinates several test
// processes (go test ./... runs packages in parallel) creating the same
// template. The cluster is shared with those processes and with a running
// `make run`; the last one to leave stops it.
package testdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver pgtestdb connects with
	"github.com/peterldowns/pgtestdb"

	"github.com/praktijkbank/praktijkbank/internal/pglocal"
	"github.com/praktijkbank/praktijkbank/migrations"
)

// openTimeout bounds creating and starting the cluster.
const openTimeout = 5 * time.Minute

// Main runs the tests of a package against the project-local cluster at
// <project root>/.data/postgres (the project root being the nearest
// directory above the working directory with a go.mod): it opens the
// cluster, creating and starting it if needed, runs the tests, closes the
// cluster (stopping it if no other process uses it) and exits with the
// tests' code. Call it from TestMain.
//
// Tests that need PostgreSQL are never skipped: if the server binaries are
// missing, Main fails with the command that installs them, locally and (with
// CI set in the environment) in CI alike.
func Main(m *testing.M) {
	os.Exit(run(m, os.Stderr, os.Getenv("CI") != ""))
}

// runner is the part of *testing.M that run needs.
type runner interface{ Run() int }

func run(m runner, stderr io.Writer, ci bool) int {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	c, err := openCluster(ctx, log)
	cancel()
	if err != nil {
		fmt.Fprintln(stderr, openFailure(err, ci))
		return 1
	}
	code := m.Run()
	if err := c.Close(); err != nil {
		fmt.Fprintf(stderr, "testdb: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// openFailure is the message Main prints when the cluster cannot be opened.
func openFailure(err error, ci bool) string {
	msg := "testdb: " + err.Error()
	switch {
	case !errors.Is(err, pglocal.ErrNotInstalled):
	case ci:
		msg += "\ntestdb: CI must install PostgreSQL before running the tests: apt-get install -y postgresql"
	default:
		msg += "\ntestdb: these tests need a real PostgreSQL server and are not skipped: apt-get install postgresql"
	}
	return msg
}

// openCluster opens the project-local cluster.
func openCluster(ctx context.Context, log *slog.Logger) (*pglocal.Cluster, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("testdb: %w", err)
	}
	root, err := pglocal.ProjectRoot(wd)
	if err != nil {
		return nil, fmt.Errorf("testdb: %w", err)
	}
	c, err := pglocal.Open(ctx, pglocal.Options{Dir: filepath.Join(root, pglocal.DefaultDir), Logger: log})
	if err != nil {
		return nil, fmt.Errorf("testdb: %w", err)
	}
	return c, nil
}

// New returns a pool on a new database of the test's own, with every
// migration of migrations.FS applied. The pool is closed, and the database
// dropped (kept if the test failed, for inspection), when the test ends.
// Failures end the test with t.Fatal.
//
// New works without Main too, but then it may start and stop the cluster
// around every test; with Main it only opens a handle on the running one.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return newPool(t, NewMigrator(migrations.FS))
}

// NewWith is New with the migrations of fsys instead of the project's: a test of a migration
// passes the ones before it, fills the database in that older shape and migrates it further.
func NewWith(t testing.TB, fsys fs.FS) *pgxpool.Pool {
	t.Helper()
	return newPool(t, NewMigrator(fsys))
}

// DSN is New for tests that connect by themselves, for example by starting
// the real binary: it returns the connection string of a new migrated
// database of the test's own, which is dropped when the test ends.
func DSN(t testing.TB) string {
	t.Helper()
	return newDSN(t, NewMigrator(migrations.FS))
}

func newPool(t testing.TB, m pgtestdb.Migrator) *pgxpool.Pool {
	t.Helper()
	dsn := newDSN(t, m)
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	// Registered after pgtestdb's cleanup, so it runs before the database
	// is dropped.
	t.Cleanup(pool.Close)
	return pool
}

func newDSN(t testing.TB, m pgtestdb.Migrator) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	c, err := openCluster(ctx, slog.New(slog.DiscardHandler))
	cancel()
	if err != nil {
		t.Fatalf("%s", openFailure(err, os.Getenv("CI") != ""))
	}
	// Registered first, so it runs last: after the database is dropped.
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("testdb: %v", err)
		}
	})
	return pgtestdb.Custom(t, config(c), m).URL()
}

// config is how pgtestdb reaches the cluster: as its superuser, over the
// Unix socket. The databases it makes are owned by, and connected to as, its
// unprivileged role (pgtestdb.DefaultRole).
func config(c *pglocal.Cluster) pgtestdb.Config {
	return pgtestdb.Config{
		DriverName: "pgx",
		User:       pglocal.Superuser,
		Port:       strconv.Itoa(pglocal.Port),
		Database:   "postgres",
		Options: url.Values{
			"host":    {c.SocketDir()},
			"sslmode": {"disable"},
		}.Encode(),
		// A test's pool is closed before its database is dropped; this
		// only matters for connections a test leaks, which would
		// otherwise fail the drop.
		ForceTerminateConnections: true,
	}
}
