package testdb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/pglocal"
)

func TestMain(m *testing.M) { Main(m) }

// tempMigrations stands in for migrations.FS, which other work changes.
func tempMigrations() fstest.MapFS {
	return fstest.MapFS{
		"00001_widgets.sql": {Data: []byte(`-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE widgets (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
CREATE INDEX widgets_name_trgm ON widgets USING gin (name gin_trgm_ops);

-- +goose Down
DROP TABLE widgets;
`)},
		"00002_seed.sql": {Data: []byte(`-- +goose Up
INSERT INTO widgets (name) VALUES ('seed');

-- +goose Down
DELETE FROM widgets;
`)},
		"README.md": {Data: []byte("not a migration")},
	}
}

func TestMigratorHash(t *testing.T) {
	hash := func(fsys fstest.MapFS) string {
		t.Helper()
		h, err := NewMigrator(fsys).Hash()
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	base := hash(tempMigrations())
	if base != hash(tempMigrations()) {
		t.Fatal("hash is not stable")
	}

	changed := tempMigrations()
	changed["00002_seed.sql"] = &fstest.MapFile{Data: []byte("-- +goose Up\nSELECT 2;\n")}
	renamed := tempMigrations()
	renamed["00003_seed.sql"] = renamed["00002_seed.sql"]
	delete(renamed, "00002_seed.sql")
	added := tempMigrations()
	added["00003_more.sql"] = &fstest.MapFile{Data: []byte("-- +goose Up\nSELECT 3;\n")}
	otherFile := tempMigrations()
	otherFile["README.md"] = &fstest.MapFile{Data: []byte("changed")}

	for name, fsys := range map[string]fstest.MapFS{"changed": changed, "renamed": renamed, "added": added} {
		if hash(fsys) == base {
			t.Errorf("%s migration: same hash", name)
		}
	}
	if hash(otherFile) != base {
		t.Error("a file that is not a migration changed the hash")
	}
}

// TestNew: every test gets its own migrated database, isolated from the
// others; tests run in parallel.
func TestNew(t *testing.T) {
	m := NewMigrator(tempMigrations())
	var mu sync.Mutex
	seen := map[string]bool{}
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			pool := newPool(t, m)
			ctx := context.Background()
			var db string
			var n int
			if err := pool.QueryRow(ctx, "SELECT current_database(), count(*) FROM widgets WHERE name = 'seed'").Scan(&db, &n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("seed rows: %d, want 1 (migrations not applied, or not isolated)", n)
			}
			if _, err := pool.Exec(ctx, "INSERT INTO widgets (name) VALUES ($1)", db); err != nil {
				t.Fatal(err)
			}
			if err := pool.QueryRow(ctx, "SELECT count(*) FROM widgets").Scan(&n); err != nil || n != 2 {
				t.Fatalf("rows: %d, %v; want 2: another test wrote here", n, err)
			}
			var version int64
			if err := pool.QueryRow(ctx, "SELECT max(version_id) FROM goose_db_version").Scan(&version); err != nil || version != 2 {
				t.Fatalf("goose version: %d, %v; want 2", version, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[db] {
				t.Fatalf("database %s handed out twice", db)
			}
			seen[db] = true
		})
	}
}

// TestDSN: the connection string works on its own, and the database is
// dropped when the test ends.
func TestDSN(t *testing.T) {
	ctx := context.Background()
	var db string
	var leaked *pgx.Conn
	t.Run("use", func(t *testing.T) {
		conn, err := pgx.Connect(ctx, newDSN(t, NewMigrator(tempMigrations())))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		if err := conn.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
			t.Fatal(err)
		}
		// A connection leaked past the test must not stop the drop.
		leaked, err = pgx.Connect(ctx, conn.Config().ConnString())
		if err != nil {
			t.Fatal(err)
		}
	})
	if leaked == nil {
		t.FailNow()
	}
	if err := leaked.Ping(ctx); err == nil {
		t.Error("a connection leaked past the test still works")
	}
	leaked.Close(ctx)

	c, err := openCluster(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", db).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if db == "" || exists {
		t.Fatalf("database %q still exists after its test ended", db)
	}
}

// TestMigratorBroken: a broken migration fails the template, and New reports
// it (checked through a recording TB, as New ends the test).
func TestMigratorBroken(t *testing.T) {
	broken := fstest.MapFS{"00001_broken.sql": {Data: []byte("-- +goose Up\nCREATE TABLE (;\n")}}
	rec := &recorder{TB: t}
	func() {
		defer func() {
			if r := recover(); r != nil && r != errFatal {
				panic(r)
			}
		}()
		newDSN(rec, NewMigrator(broken))
	}()
	rec.cleanup()
	if !strings.Contains(rec.fatal, "migrate") {
		t.Fatalf("fatal message %q, want a migration error", rec.fatal)
	}
}

var errFatal = errors.New("fatal")

// recorder is a testing.TB whose Fatalf records instead of ending the test.
type recorder struct {
	testing.TB
	fatal    string
	cleanups []func()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	panic(errFatal)
}
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Failed() bool     { return r.fatal != "" }
func (r *recorder) cleanup() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

// TestRun: Main's body opens the cluster around the tests and passes their
// exit code on.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	code := run(runFunc(func() int {
		c, err := openCluster(context.Background(), nil)
		if err != nil {
			t.Error(err)
			return 1
		}
		defer c.Close()
		if err := c.EnsureDatabase(context.Background(), "testdb_run"); err != nil {
			t.Error(err)
		}
		return 3
	}), &out, false)
	if code != 3 {
		t.Errorf("run = %d, want 3; output:\n%s", code, out.String())
	}
}

type runFunc func() int

func (f runFunc) Run() int { return f() }

func TestOpenFailure(t *testing.T) {
	missing := fmt.Errorf("testdb: pglocal: open: %w", pglocal.ErrNotInstalled)
	for _, ci := range []bool{false, true} {
		msg := openFailure(missing, ci)
		if !strings.Contains(msg, "apt-get install") || !strings.Contains(msg, "PostgreSQL server binaries not found") {
			t.Errorf("ci=%v: %q", ci, msg)
		}
	}
	if msg := openFailure(errors.New("other"), true); msg != "testdb: other" {
		t.Errorf("other error: %q", msg)
	}
}
