package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Reads and replicas. Every statement of the store goes through a dbPools: writes, Exec and
// read-write transactions always to the primary; Query, QueryRow, SendBatch and read-only
// transactions to a streaming replica when the context allows it (ReadFromReplica) and a
// replica qualifies, else to the primary as well. A replica qualifies when it is up, lags at
// most ReplicaOptions.MaxLag behind the primary, and has replayed the write-ahead log past
//   - the position of the primary when this instance last learned of a catalogue version
//     (FollowCatalog), so that a page rendered for version V shows at least V, and
//   - the position of the client's own last write (the LSN the context carries), so that an
//     editor reads what they wrote.
//
// Replicas are used only while the instance follows the catalogue (between FollowCatalog and
// UnfollowCatalog); without replicas, or while not following, everything goes to the primary.

// LSN is a position in PostgreSQL's write-ahead log (pg_lsn).
type LSN uint64

// ParseLSN reads an LSN as PostgreSQL prints it: two hexadecimal numbers, "16/B374D848".
func ParseLSN(s string) (LSN, error) {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0, fmt.Errorf("store: bad LSN %q", s)
	}
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("store: bad LSN %q", s)
	}
	return LSN(h<<32 | l), nil
}

func (l LSN) String() string {
	return strconv.FormatUint(uint64(l)>>32, 16) + "/" + strconv.FormatUint(uint64(l)&0xffffffff, 16)
}

// ReplicaOptions tune the use of read replicas.
type ReplicaOptions struct {
	// MaxLag is how far (in time) a replica may trail the primary and still serve reads;
	// DefaultMaxLag when zero.
	MaxLag time.Duration
	// CheckEvery is how often WatchReplicas asks each replica how far it has replayed;
	// DefaultCheckEvery when zero.
	CheckEvery time.Duration
	// Logger receives a line when a replica goes down, comes back or falls behind; nil
	// discards them.
	Logger *slog.Logger
}

// The defaults of ReplicaOptions.
const (
	DefaultMaxLag     = 10 * time.Second
	DefaultCheckEvery = time.Second
)

// ReplicaStatus is what the store knows of one replica.
type ReplicaStatus struct {
	Name    string        // host and port of its URL (no user or password)
	Up      bool          // answered the last check (or the last read) as a standby
	Replay  LSN           // how far it had replayed at the last check
	Lag     time.Duration // how far behind the primary it was at the last check
	Checked time.Time     // when it was last checked
	Err     string        // why it is down
	Reads   int64         // reads it served
	// Loads counts the read-only transactions of ReadFromUpToDateReplica (search index loads)
	// it served.
	Loads int64
}

// replica is one read replica and its last known state.
type replica struct {
	name  string
	pool  *pgxpool.Pool
	state atomic.Pointer[replicaState]
	reads atomic.Int64
	loads atomic.Int64
}

type replicaState struct {
	up      bool
	replay  LSN
	lag     time.Duration
	checked time.Time
	err     string
}

// usable reports whether the replica may serve a read that needs the log replayed up to need.
func (st *replicaState) usable(need LSN, maxLag time.Duration) bool {
	return st != nil && st.up && st.lag <= maxLag && st.replay >= need
}

// dbPools is the primary and the replicas behind the store's statements.
type dbPools struct {
	primary  *pgxpool.Pool
	replicas []*replica
	opts     ReplicaOptions

	following atomic.Bool
	floor     atomic.Uint64 // LSN: the primary's position when the catalogue version was last learned
	next      atomic.Uint32 // round robin over the replicas

	// primaryReads counts the reads that could have gone to a replica but were served by the
	// primary.
	primaryReads atomic.Int64
	kick         chan struct{}
}

func newPools(primary *pgxpool.Pool, replicas []*pgxpool.Pool, opts ReplicaOptions) *dbPools {
	if opts.MaxLag <= 0 {
		opts.MaxLag = DefaultMaxLag
	}
	if opts.CheckEvery <= 0 {
		opts.CheckEvery = DefaultCheckEvery
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	p := &dbPools{primary: primary, opts: opts, kick: make(chan struct{}, 1)}
	for _, rp := range replicas {
		cc := rp.Config().ConnConfig
		p.replicas = append(p.replicas, &replica{name: net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port))), pool: rp})
	}
	return p
}

// NewWithReplicas wraps a pool on the primary and pools on its streaming replicas (the caller
// keeps ownership of the pools). Reads go to the replicas only while WatchReplicas runs and the
// instance follows the catalogue (FollowCatalog); see ReadFromReplica.
func NewWithReplicas(primary *pgxpool.Pool, replicas []*pgxpool.Pool, opts ReplicaOptions) *Store {
	s := New(primary)
	s.pool = newPools(primary, replicas, opts)
	return s
}

// ConnectReplica opens a pool on a read replica. Unlike Connect it does not insist that the
// replica answers now: a replica that is down is skipped until it comes back. A connection
// attempt gives up after two seconds unless the URL says otherwise (connect_timeout).
func ConnectReplica(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	return ConnectReplicaWith(ctx, dsn, Options{})
}

// ConnectReplicaWith is ConnectReplica with opts: give a replica the statement timeout the
// primary has, so that a read sent to the replica is bounded as it would be on the primary.
func ConnectReplicaWith(ctx context.Context, dsn string, opts Options) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: parse replica url: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 2 * time.Second
	}
	opts.apply(cfg)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect replica: %w", err)
	}
	return pool, nil
}

// HasReplicas reports whether the store was given read replicas.
func (s *Store) HasReplicas() bool { return len(s.pool.replicas) > 0 }

// readPref is what a context says about where its reads may go.
type readPref struct {
	written LSN  // the client's last write: a replica must have replayed past it
	check   bool // ask the replicas how far they are rather than trust the last check
	used    atomic.Pointer[replica]
}

type readPrefKey struct{}

// ReadFromReplica returns a context whose reads may go to a replica that has replayed past
// written (the client's last write, 0 for none) and past the catalogue version this instance
// knows of. Public pages, the API and the feeds read with it.
func ReadFromReplica(ctx context.Context, written LSN) context.Context {
	return context.WithValue(ctx, readPrefKey{}, &readPref{written: written})
}

// ReadFromUpToDateReplica is ReadFromReplica for a heavy read that should go to a replica if
// one has replayed the catalogue version this instance knows of: the replicas are asked how
// far they are now rather than going by the last check, and given a moment (replayWait) to
// get there. The search index loads with it.
func ReadFromUpToDateReplica(ctx context.Context) context.Context {
	return context.WithValue(ctx, readPrefKey{}, &readPref{check: true})
}

// ReadFromPrimary returns a context whose reads go to the primary, whatever ctx allowed.
func ReadFromPrimary(ctx context.Context) context.Context {
	return context.WithValue(ctx, readPrefKey{}, (*readPref)(nil))
}

// ServedBy names the replica that served a read of ctx (one made with ReadFromReplica), or ""
// when none did.
func ServedBy(ctx context.Context) string {
	if pref, _ := ctx.Value(readPrefKey{}).(*readPref); pref != nil {
		if r := pref.used.Load(); r != nil {
			return r.name
		}
	}
	return ""
}

// ClientWrote reports whether ctx carries a write of the client's own (ReadFromReplica with a
// position): what it reads must show that write, so a copy made before will not do.
func ClientWrote(ctx context.Context) bool {
	pref, _ := ctx.Value(readPrefKey{}).(*readPref)
	return pref != nil && pref.written > 0
}

// reader is the pool a read of ctx goes to.
func (p *dbPools) reader(ctx context.Context) *pgxpool.Pool {
	if len(p.replicas) == 0 {
		return p.primary
	}
	pref, _ := ctx.Value(readPrefKey{}).(*readPref)
	if pref == nil {
		return p.primary
	}
	if !p.following.Load() {
		p.primaryReads.Add(1)
		return p.primary
	}
	need := max(LSN(p.floor.Load()), pref.written)
	start := int(p.next.Add(1))
	n := len(p.replicas)
	behind := false
	for i := range n {
		r := p.replicas[(start+i)%n]
		st := r.state.Load()
		if !st.usable(need, p.opts.MaxLag) && pref.check && st.usable(0, p.opts.MaxLag) {
			st = p.awaitReplay(ctx, r, st, need)
		}
		if st.usable(need, p.opts.MaxLag) {
			r.reads.Add(1)
			pref.used.Store(r)
			return r.pool
		}
		behind = behind || st.usable(0, p.opts.MaxLag)
	}
	if behind {
		p.wake() // a replica only trails: look again soon rather than at the next tick
	}
	p.primaryReads.Add(1)
	return p.primary
}

// replayWait is how long a read of ReadFromUpToDateReplica waits for a replica to replay as
// far as it needs before it goes to the primary. A replica usually replays a change within
// milliseconds of its commit, about when the notification of the change arrives; loading the
// search index from the primary instead takes it a second or more at 100,000 sheets.
const replayWait = 250 * time.Millisecond

// awaitReplay asks r how far it has replayed, again every 10 ms for at most replayWait
// while it has not reached need, and returns its state with that position (keeping the lag
// of the last check).
func (p *dbPools) awaitReplay(ctx context.Context, r *replica, st *replicaState, need LSN) *replicaState {
	ctx, cancel := context.WithTimeout(ctx, replayWait)
	defer cancel()
	for {
		replay, err := replayed(ctx, r.pool)
		if err != nil {
			return st
		}
		if replay > st.replay {
			nst := *st
			nst.replay = replay
			r.state.CompareAndSwap(st, &nst)
			st = &nst
		}
		if st.replay >= need {
			return st
		}
		select {
		case <-ctx.Done():
			return st
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func (p *dbPools) wake() {
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

// replayed asks a standby how far it has replayed the log.
func replayed(ctx context.Context, pool *pgxpool.Pool) (LSN, error) {
	var recovering bool
	var lsn *string
	if err := pool.QueryRow(ctx, `SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text`).Scan(&recovering, &lsn); err != nil {
		return 0, err
	}
	if !recovering || lsn == nil {
		return 0, errors.New("not a standby (pg_is_in_recovery() is false)")
	}
	return ParseLSN(*lsn)
}

// currentLSN is the primary's current write position.
func currentLSN(ctx context.Context, pool *pgxpool.Pool) (LSN, error) {
	var s string
	if err := pool.QueryRow(ctx, `SELECT pg_current_wal_lsn()::text`).Scan(&s); err != nil {
		return 0, err
	}
	return ParseLSN(s)
}

// WrittenLSN returns the primary's write position now: after a client's write has committed,
// a replica that has replayed past it shows the write. 0 without replicas (nothing to wait for).
func (s *Store) WrittenLSN(ctx context.Context) (LSN, error) {
	if !s.HasReplicas() {
		return 0, nil
	}
	lsn, err := currentLSN(ctx, s.pool.primary)
	if err != nil {
		return 0, fmt.Errorf("store: write position: %w", err)
	}
	return lsn, nil
}

// FollowCatalog says that this instance has just learned of the current catalogue version
// (from the primary): from now on replica reads need a replica that has replayed as far as the
// primary is now. Call it before acting on the version, so that nothing rendered for it is
// read from an older replica. Without replicas it does nothing.
func (s *Store) FollowCatalog(ctx context.Context) error {
	if !s.HasReplicas() {
		return nil
	}
	lsn, err := currentLSN(ctx, s.pool.primary)
	if err != nil {
		s.pool.following.Store(false)
		return fmt.Errorf("store: follow catalogue: %w", err)
	}
	for {
		old := s.pool.floor.Load()
		if uint64(lsn) <= old || s.pool.floor.CompareAndSwap(old, uint64(lsn)) {
			break
		}
	}
	s.pool.following.Store(true)
	s.pool.wake()
	return nil
}

// UnfollowCatalog says that this instance may miss catalogue changes (its listening connection
// is lost): reads go to the primary until the next FollowCatalog.
func (s *Store) UnfollowCatalog() { s.pool.following.Store(false) }

// ReplicaFailed reports whether err, returned by work done with ctx, may be the failure of the
// replica that served one of its reads (a lost or refused connection, a server shutting down;
// it then marks that replica down until the next check finds it answering) or a read the
// replica cancelled because its replay conflicted with it. The caller should then do the work
// again with ReadFromPrimary.
func (s *Store) ReplicaFailed(ctx context.Context, err error) bool {
	pref, _ := ctx.Value(readPrefKey{}).(*readPref)
	if err == nil || pref == nil {
		return false
	}
	r := pref.used.Load()
	if r == nil {
		return false
	}
	if recoveryConflict(err) {
		return true // the replica is fine; its replay cancelled this read
	}
	if !connectionFailure(err) {
		return false
	}
	old := r.state.Load()
	st := replicaState{checked: time.Now(), err: err.Error()}
	if old != nil {
		st.replay, st.lag = old.replay, old.lag
	}
	r.state.Store(&st)
	if old == nil || old.up {
		s.pool.opts.Logger.Warn("replica failed during a read; the primary serves until it answers again", "replica", r.name, "err", err)
	}
	s.pool.wake()
	return true
}

// recoveryConflict reports whether err is a standby cancelling a statement whose rows its
// replay had to remove (SQLSTATE 40001, after max_standby_streaming_delay).
func recoveryConflict(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "40001"
}

// connectionFailure reports whether err says the server could not be reached or went away,
// rather than that the statement failed.
func connectionFailure(err error) bool {
	var ce *pgconn.ConnectError
	var pe *pgconn.PgError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), pgconn.SafeToRetry(err),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return true
	case errors.As(err, &pe):
		// Class 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown,
		// cannot connect now (a standby starting up).
		return strings.HasPrefix(pe.Code, "08") || (strings.HasPrefix(pe.Code, "57P") && pe.Code != "57P04")
	}
	return strings.Contains(err.Error(), "conn closed")
}

// ReplicaStatus returns what the store knows of each replica, and how many reads that could
// have gone to a replica went to the primary.
func (s *Store) ReplicaStatus() (replicas []ReplicaStatus, primaryReads int64) {
	for _, r := range s.pool.replicas {
		rs := ReplicaStatus{Name: r.name, Reads: r.reads.Load(), Loads: r.loads.Load()}
		if st := r.state.Load(); st != nil {
			rs.Up, rs.Replay, rs.Lag, rs.Checked, rs.Err = st.up, st.replay, st.lag, st.checked, st.err
		}
		replicas = append(replicas, rs)
	}
	return replicas, s.pool.primaryReads.Load()
}

// WatchReplicas checks the replicas every ReplicaOptions.CheckEvery (sooner when a read found
// them behind) until ctx ends: whether each answers as a standby, how far it has replayed and
// how far behind the primary that is. Until its first check a replica serves no reads. It
// returns at once without replicas.
func (s *Store) WatchReplicas(ctx context.Context) {
	p := s.pool
	if len(p.replicas) == 0 {
		return
	}
	var samples []lsnSample
	tick := time.NewTicker(p.opts.CheckEvery)
	defer tick.Stop()
	for {
		samples = p.check(ctx, samples)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-p.kick:
		}
	}
}

// lsnSample is the primary's write position at a moment.
type lsnSample struct {
	at  time.Time
	lsn LSN
}

// check samples the primary's position, then asks each replica how far it has replayed. A
// replica's lag is the time since the primary was last at or before that point (one sample
// per check), so an idle catalogue does not look like a lagging replica.
func (p *dbPools) check(ctx context.Context, samples []lsnSample) []lsnSample {
	timeout := max(p.opts.CheckEvery, 2*time.Second)
	cctx, cancel := context.WithTimeout(ctx, timeout)
	lsn, err := currentLSN(cctx, p.primary)
	cancel()
	now := time.Now()
	if err == nil {
		samples = append(samples, lsnSample{at: now, lsn: lsn})
	}
	// Keep the samples of somewhat more than MaxLag: an older one only says "too far behind".
	keep := p.opts.MaxLag + 2*p.opts.CheckEvery
	for len(samples) > 1 && now.Sub(samples[0].at) > keep {
		samples = samples[1:]
	}
	for _, r := range p.replicas {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		replay, rerr := replayed(cctx, r.pool)
		cancel()
		if ctx.Err() != nil {
			return samples
		}
		old := r.state.Load()
		st := &replicaState{up: rerr == nil, replay: replay, checked: time.Now()}
		if rerr != nil {
			st.err = rerr.Error()
			if old != nil {
				st.replay = old.replay
			}
		}
		st.lag = lagOf(samples, replay, st.checked, p.opts.MaxLag)
		r.state.Store(st)
		p.logChange(r, old, st)
	}
	return samples
}

// lagOf is how long ago the primary was last at or before replay, going by samples (oldest
// first); more than maxLag when no sample is that old.
func lagOf(samples []lsnSample, replay LSN, now time.Time, maxLag time.Duration) time.Duration {
	for i := len(samples) - 1; i >= 0; i-- {
		if samples[i].lsn <= replay {
			return now.Sub(samples[i].at)
		}
	}
	if len(samples) == 0 {
		return 0 // the primary did not answer: nothing to compare with
	}
	return max(now.Sub(samples[0].at), maxLag+time.Nanosecond)
}

func (p *dbPools) logChange(r *replica, old, st *replicaState) {
	log := p.opts.Logger
	wasUp := old != nil && old.up
	wasLate := old != nil && old.lag > p.opts.MaxLag
	switch {
	case !st.up && (wasUp || old == nil):
		log.Warn("replica down; the primary serves its reads", "replica", r.name, "err", st.err)
	case st.up && !wasUp:
		log.Info("replica up", "replica", r.name, "replay", st.replay.String(), "lag", st.lag)
	case st.up && st.lag > p.opts.MaxLag && !wasLate:
		log.Warn("replica lags beyond the limit; the primary serves its reads", "replica", r.name, "lag", st.lag, "limit", p.opts.MaxLag)
	case st.up && st.lag <= p.opts.MaxLag && wasLate:
		log.Info("replica caught up", "replica", r.name, "lag", st.lag)
	}
}

// The statements of the store, routed.

func (p *dbPools) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return p.reader(ctx).Query(ctx, sql, args...)
}

func (p *dbPools) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return p.reader(ctx).QueryRow(ctx, sql, args...)
}

func (p *dbPools) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return p.reader(ctx).SendBatch(ctx, b)
}

// BeginTx starts a read-only transaction where reads of ctx go, any other on the primary.
func (p *dbPools) BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error) {
	if opts.AccessMode == pgx.ReadOnly {
		pool := p.reader(ctx)
		if pref, _ := ctx.Value(readPrefKey{}).(*readPref); pref != nil && pref.check && pool != p.primary {
			pref.used.Load().loads.Add(1)
		}
		return pool.BeginTx(ctx, opts)
	}
	return p.primary.BeginTx(ctx, opts)
}

func (p *dbPools) Begin(ctx context.Context) (pgx.Tx, error) { return p.primary.Begin(ctx) }

func (p *dbPools) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return p.primary.Exec(ctx, sql, args...)
}

func (p *dbPools) CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error) {
	return p.primary.CopyFrom(ctx, table, cols, src)
}

func (p *dbPools) Acquire(ctx context.Context) (*pgxpool.Conn, error) { return p.primary.Acquire(ctx) }

// Config is the primary's pool configuration (Listen connects with it).
func (p *dbPools) Config() *pgxpool.Config { return p.primary.Config() }
