package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// TestStatementTimeout: a pool with a statement timeout has PostgreSQL cancel a statement that
// runs longer, on every connection of the pool; without one the statement runs to its end.
func TestStatementTimeout(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := testdb.DSN(t)
	pool, err := store.ConnectWith(ctx, dsn, store.Options{StatementTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	assertStatementTimeout(t, pool)

	plain, err := store.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if _, err := plain.Exec(ctx, `SELECT pg_sleep(0.5)`); err != nil {
		t.Errorf("without a timeout: %v", err)
	}
}

// TestReplicaStatementTimeout: a replica's pool opened with the primary's statement timeout
// has it too, so a public read sent to a replica is cancelled as it would be on the primary.
func TestReplicaStatementTimeout(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := testdb.DSN(t) // stands in for a replica: the setting is the pool's, not the server's
	replica, err := store.ConnectReplicaWith(ctx, dsn, store.Options{StatementTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	assertStatementTimeout(t, replica)
}

// assertStatementTimeout checks that every connection of pool has a 200 ms statement timeout.
func assertStatementTimeout(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	for i := range 3 { // a new connection each time: every one has the limit
		conn, err := pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = conn.Exec(ctx, `SELECT pg_sleep(3)`)
		took := time.Since(start)
		conn.Hijack().Close(ctx)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "57014" {
			t.Fatalf("statement %d: %v, want it cancelled (57014)", i+1, err)
		}
		if took > 2*time.Second {
			t.Errorf("statement %d cancelled after %s", i+1, took)
		}
	}
	var setting string
	if err := pool.QueryRow(ctx, `SHOW statement_timeout`).Scan(&setting); err != nil || setting != "200ms" {
		t.Errorf("statement_timeout %q (%v)", setting, err)
	}
}
