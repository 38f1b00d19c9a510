// Package store keeps Praktijkbank's state in PostgreSQL through pgx v5. Exported methods own
// their transaction; unexported helpers take the transaction they run in.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/migrations"
)

// ChangeChannel is the PostgreSQL NOTIFY channel on which every catalogue change is announced,
// with the new catalogue version as payload.
const ChangeChannel = "catalog_changed"

// Store is the PostgreSQL-backed store. It is safe for concurrent use.
type Store struct {
	// pool sends each statement to the primary or, for reads that may (ReadFromReplica), to a
	// read replica: see replicas.go.
	pool  *dbPools
	index *searchIndexes
	// rankCandidates bounds how many matches a relevance search in search syntax ranks by
	// full text (plain words are ranked in the search index, all of them).
	rankCandidates int
}

// New wraps an open pool. The caller keeps ownership of the pool.
func New(pool *pgxpool.Pool) *Store {
	return &Store{pool: newPools(pool, nil, ReplicaOptions{}), index: &searchIndexes{}, rankCandidates: defaultRankCandidates}
}

// defaultRankCandidates: ranking reads each candidate's tsvector (about 8 µs a row here), so
// a word found in most of 100,000 sheets would otherwise cost a quarter of a second.
const defaultRankCandidates = 1000

// Options tune the pool that ConnectWith opens.
type Options struct {
	// StatementTimeout ends every statement of the pool's connections that runs longer
	// (PostgreSQL's statement_timeout, set when a connection starts); 0 keeps the server's.
	StatementTimeout time.Duration
}

// apply sets opts on the configuration of a pool about to be opened.
func (opts Options) apply(cfg *pgxpool.Config) {
	if opts.StatementTimeout > 0 {
		ms := max(opts.StatementTimeout.Milliseconds(), 1)
		cfg.ConnConfig.RuntimeParams["statement_timeout"] = strconv.FormatInt(ms, 10)
	}
}

// Connect opens a pool on dsn and checks that the server answers.
func Connect(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	return ConnectWith(ctx, dsn, Options{})
}

// ConnectWith opens a pool on dsn with opts and checks that the server answers.
func ConnectWith(ctx context.Context, dsn string, opts Options) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: parse database url: %w", err)
	}
	opts.apply(cfg)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: ping: %w", err)
	}
	return pool, nil
}

// Migrate applies every pending goose migration embedded in the binary and logs each one.
func Migrate(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) error {
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	return migrateDB(ctx, db, logger)
}

func migrateDB(ctx context.Context, db *sql.DB, logger *slog.Logger) error {
	// Migration numbers are handed out to changes made side by side, so one may land after a
	// higher one was applied: apply it then rather than refuse to start.
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range results {
		logger.Info("migration applied", "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// transact runs fn in a transaction, committing when fn returns nil.
func (s *Store) transact(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// mapErr turns driver errors into the catalogue's sentinel errors.
func mapErr(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return catalog.ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return fmt.Errorf("%w: %s", catalog.ErrConflict, pgErr.ConstraintName)
	}
	return err
}

// bumpVersion increments the catalogue version and notifies listeners, inside tx, so that the
// notification is sent only when the change commits.
func bumpVersion(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		WITH v AS (UPDATE catalog_version SET version = version + 1 RETURNING version)
		SELECT pg_notify($1, version::text) FROM v`, ChangeChannel)
	if err != nil {
		return fmt.Errorf("bump catalogue version: %w", err)
	}
	// The search index's list of written search rows keeps a day (searchindex.go).
	if _, err := tx.Exec(ctx, `DELETE FROM search_changes WHERE at < now() - make_interval(secs => $1)`, changesKept.Seconds()); err != nil {
		return fmt.Errorf("bump catalogue version: %w", err)
	}
	return nil
}

// CatalogVersion returns the current catalogue version; it changes whenever a published sheet
// or the vocabulary changes.
func (s *Store) CatalogVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.pool.QueryRow(ctx, `SELECT version FROM catalog_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: catalogue version: %w", err)
	}
	return v, nil
}
