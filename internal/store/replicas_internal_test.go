package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

func TestLSN(t *testing.T) {
	for _, s := range []string{"0/0", "16/b374d848", "ffffffff/ffffffff"} {
		l, err := ParseLSN(s)
		if err != nil || l.String() != s {
			t.Errorf("ParseLSN(%q) = %v (%s), %v", s, uint64(l), l, err)
		}
	}
	if a, b := mustLSN(t, "1/FFFFFFFF"), mustLSN(t, "2/0"); a >= b {
		t.Errorf("1/FFFFFFFF (%d) not before 2/0 (%d)", a, b)
	}
	for _, s := range []string{"", "16", "x/1", "1/100000000", "1/-1"} {
		if _, err := ParseLSN(s); err == nil {
			t.Errorf("ParseLSN(%q) accepted", s)
		}
	}
}

func mustLSN(t *testing.T, s string) LSN {
	t.Helper()
	l, err := ParseLSN(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The lag of a replica is the time since the primary was where the replica is now: an idle
// primary makes no lag, a replica that stopped replaying while the primary wrote lags more
// every second, and one further behind than every sample kept is too far behind.
func TestLagOf(t *testing.T) {
	t0 := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	samples := []lsnSample{{t0, 100}, {t0.Add(time.Second), 100}, {t0.Add(2 * time.Second), 250}, {t0.Add(3 * time.Second), 400}}
	now := t0.Add(3*time.Second + 10*time.Millisecond)
	for _, c := range []struct {
		replay LSN
		want   time.Duration
	}{
		{400, 10 * time.Millisecond},
		{500, 10 * time.Millisecond},
		{399, time.Second + 10*time.Millisecond},
		{100, 2*time.Second + 10*time.Millisecond},
	} {
		if got := lagOf(samples, c.replay, now, 5*time.Second); got != c.want {
			t.Errorf("lag at %d = %v, want %v", c.replay, got, c.want)
		}
	}
	if got := lagOf(samples, 99, now, 5*time.Second); got <= 5*time.Second {
		t.Errorf("lag before every sample = %v, want more than the limit", got)
	}
}

// lazyPool is a pool that never connected (pgxpool connects on first use).
func lazyPool(t *testing.T, host string) *pgxpool.Pool {
	t.Helper()
	p, err := pgxpool.New(context.Background(), "postgres://u@"+host+":5432/db?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func TestReaderRouting(t *testing.T) {
	primary, r1, r2 := lazyPool(t, "primary"), lazyPool(t, "replica1"), lazyPool(t, "replica2")
	p := newPools(primary, []*pgxpool.Pool{r1, r2}, ReplicaOptions{MaxLag: 5 * time.Second})
	set := func(i int, st replicaState) { p.replicas[i].state.Store(&st) }
	name := func(pool *pgxpool.Pool) string {
		switch pool {
		case primary:
			return "primary"
		case r1:
			return "replica1"
		case r2:
			return "replica2"
		}
		return "?"
	}
	route := func(ctx context.Context) string { return name(p.reader(ctx)) }
	bg := context.Background()
	public := func(written LSN) context.Context { return ReadFromReplica(bg, written) }

	set(0, replicaState{up: true, replay: 1000})
	set(1, replicaState{up: true, replay: 1000})
	if got := route(public(0)); got != "primary" {
		t.Errorf("not following the catalogue: read from %s, want the primary", got)
	}
	p.following.Store(true)
	p.floor.Store(900)
	if got := route(bg); got != "primary" {
		t.Errorf("a read without ReadFromReplica went to %s", got)
	}
	seen := map[string]int{}
	for range 10 {
		seen[route(public(0))]++
	}
	if seen["replica1"] != 5 || seen["replica2"] != 5 {
		t.Errorf("public reads over two replicas: %v, want 5 each", seen)
	}
	if got := route(ReadFromPrimary(public(0))); got != "primary" {
		t.Errorf("ReadFromPrimary: read from %s", got)
	}

	// One replica trails the client's write, the other has it.
	set(0, replicaState{up: true, replay: 1500})
	for range 4 {
		if got := route(public(1200)); got != "replica1" {
			t.Errorf("write at 1200, replicas at 1500 and 1000: read from %s", got)
		}
	}
	if got := route(public(2000)); got != "primary" {
		t.Errorf("write at 2000 that no replica has: read from %s", got)
	}
	// The catalogue version this instance knows of counts as a write.
	p.floor.Store(1600)
	if got := route(public(0)); got != "primary" {
		t.Errorf("catalogue at 1600, replicas at 1500 and 1000: read from %s", got)
	}
	p.floor.Store(900)

	// Down and lagging replicas are skipped.
	set(0, replicaState{up: false, replay: 5000, err: "connection refused"})
	set(1, replicaState{up: true, replay: 5000, lag: 6 * time.Second})
	if got := route(public(0)); got != "primary" {
		t.Errorf("one replica down, the other lagging 6 s: read from %s", got)
	}
	set(1, replicaState{up: true, replay: 5000, lag: 4 * time.Second})
	if got := route(public(0)); got != "replica2" {
		t.Errorf("replica2 lagging 4 s (limit 5 s): read from %s", got)
	}

	// Losing the notifications stops replica reads until the next FollowCatalog.
	p.following.Store(false)
	if got := route(public(0)); got != "primary" {
		t.Errorf("listener lost: read from %s", got)
	}
	p.following.Store(true)

	// ServedBy and ReplicaFailed: a connection failure marks the replica down.
	ctx := public(0)
	if got := route(ctx); got != "replica2" {
		t.Fatalf("read from %s", got)
	}
	if ServedBy(ctx) != p.replicas[1].name {
		t.Errorf("ServedBy = %q, want %q", ServedBy(ctx), p.replicas[1].name)
	}
	s := &Store{pool: p}
	if s.ReplicaFailed(ctx, fmt.Errorf("store: search: %w", &pgconn.PgError{Code: "23505"})) {
		t.Error("a constraint violation counted as a failed replica")
	}
	if s.ReplicaFailed(bg, io.ErrUnexpectedEOF) {
		t.Error("a failure of a read that no replica served counted as a failed replica")
	}
	if !s.ReplicaFailed(ctx, &pgconn.PgError{Code: "40001", Message: "canceling statement due to conflict with recovery"}) {
		t.Error("a read cancelled by the replica's replay is not done again")
	}
	if st := p.replicas[1].state.Load(); !st.up {
		t.Error("a read cancelled by the replica's replay took the replica down")
	}
	if !s.ReplicaFailed(ctx, fmt.Errorf("store: search: %w", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"})) {
		t.Error("a server shutting down did not count as a failed replica")
	}
	if st := p.replicas[1].state.Load(); st.up {
		t.Error("the failed replica is still up")
	}
	if got := route(public(0)); got != "primary" {
		t.Errorf("both replicas down: read from %s", got)
	}
	reps, primaryReads := s.ReplicaStatus()
	if len(reps) != 2 || reps[0].Name != "replica1:5432" || reps[1].Up || reps[1].Reads == 0 || primaryReads == 0 {
		t.Errorf("ReplicaStatus = %+v, %d", reps, primaryReads)
	}
}

func TestConnectionFailure(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{io.ErrUnexpectedEOF, true},
		{fmt.Errorf("x: %w", &pgconn.PgError{Code: "08006"}), true},
		{&pgconn.PgError{Code: "57P03", Message: "the database system is starting up"}, true},
		{&pgconn.PgError{Code: "57014", Message: "canceling statement due to user request"}, false},
		{&pgconn.PgError{Code: "25006", Message: "cannot execute UPDATE in a read-only transaction"}, false},
		{errors.New("store: sheet not found"), false},
	} {
		if got := connectionFailure(c.err); got != c.want {
			t.Errorf("connectionFailure(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
