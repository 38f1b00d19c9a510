package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/praktijkbank/praktijkbank/internal/pglocal"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// dbConfig says which database to use: DATABASE_URL, or the project-local cluster.
type dbConfig struct {
	url     string
	dataDir string
	// statementTimeout bounds every statement once the database is migrated (serve); 0: none.
	statementTimeout time.Duration
}

func (c *dbConfig) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.url, "database-url", getenv("DATABASE_URL"),
		"PostgreSQL URL (env DATABASE_URL); empty: the project-local cluster")
	fs.StringVar(&c.dataDir, "data-dir", getenv("DATA_DIR"),
		"directory of the project-local cluster (env DATA_DIR); default <project root>/.data/postgres")
}

// replicaConfig says which read replicas serve the public reads (serve only).
type replicaConfig struct {
	urls   string
	maxLag string
	// statementTimeout bounds every statement on a replica as on the primary (dbConfig).
	statementTimeout time.Duration
}

func (c *replicaConfig) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.urls, "database-replica-url", getenv("DATABASE_REPLICA_URL"),
		"comma-separated PostgreSQL URLs of streaming replicas of the database, which serve the public reads (env DATABASE_REPLICA_URL); empty: every read on the primary")
	fs.StringVar(&c.maxLag, "replica-max-lag", envOr(getenv, "REPLICA_MAX_LAG", store.DefaultMaxLag.String()),
		"a replica further behind the primary than this serves no reads (env REPLICA_MAX_LAG)")
}

// openReplicas opens a pool on each configured replica and returns the store over primary
// and them, and a function that closes the replicas' pools. A replica that does not answer
// yet is not an error: it serves reads once it does.
func openReplicas(ctx context.Context, c replicaConfig, primary *pgxpool.Pool, logger *slog.Logger) (*store.Store, func(), error) {
	if strings.TrimSpace(c.urls) == "" {
		return store.New(primary), func() {}, nil
	}
	maxLag, err := time.ParseDuration(c.maxLag)
	if err != nil || maxLag <= 0 {
		return nil, nil, fmt.Errorf("-replica-max-lag %q: want a duration such as 10s", c.maxLag)
	}
	var pools []*pgxpool.Pool
	closeAll := func() {
		for _, p := range pools {
			p.Close()
		}
	}
	for _, u := range strings.Split(c.urls, ",") {
		if u = strings.TrimSpace(u); u == "" {
			continue
		}
		p, err := store.ConnectReplicaWith(ctx, u, store.Options{StatementTimeout: c.statementTimeout})
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		pools = append(pools, p)
	}
	st := store.NewWithReplicas(primary, pools, store.ReplicaOptions{MaxLag: maxLag, Logger: logger})
	logger.Info("public reads go to read replicas", "replicas", len(pools), "max_lag", maxLag)
	return st, closeAll, nil
}

// openDB opens the configured database, migrated, and returns a function that releases it
// (stopping the local cluster when this was its last user).
func openDB(ctx context.Context, c dbConfig, logger *slog.Logger) (*pgxpool.Pool, func(), error) {
	dsn := c.url
	release := func() {}
	if dsn == "" {
		dir := c.dataDir
		if dir == "" {
			wd, err := os.Getwd()
			if err != nil {
				return nil, nil, err
			}
			root, err := pglocal.ProjectRoot(wd)
			if err != nil {
				root = wd
			}
			dir = filepath.Join(root, pglocal.DefaultDir)
		}
		cluster, err := pglocal.Open(ctx, pglocal.Options{Dir: dir, Logger: logger})
		if err != nil {
			return nil, nil, err
		}
		release = func() {
			if err := cluster.Close(); err != nil {
				logger.Error("stop local PostgreSQL", "err", err)
			}
		}
		if err := cluster.EnsureDatabase(ctx, "praktijkbank"); err != nil {
			release()
			return nil, nil, err
		}
		dsn = cluster.DSN("praktijkbank")
		logger.Info("using the project-local PostgreSQL", "dir", dir)
	}
	pool, err := store.Connect(ctx, dsn)
	if err != nil {
		release()
		return nil, nil, err
	}
	if err := store.Migrate(ctx, pool, logger); err != nil {
		pool.Close()
		release()
		return nil, nil, err
	}
	if c.statementTimeout > 0 {
		// Migrations may take long; what follows gets the limit.
		pool.Close()
		if pool, err = store.ConnectWith(ctx, dsn, store.Options{StatementTimeout: c.statementTimeout}); err != nil {
			release()
			return nil, nil, err
		}
	}
	return pool, func() { pool.Close(); release() }, nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var db dbConfig
	db.register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger, err := newLogger(stderr, envOr(getenv, "LOG_LEVEL", "info"))
	if err != nil {
		return err
	}
	_, closeDB, err := openDB(ctx, db, logger)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	closeDB()
	logger.Info("database is up to date")
	return nil
}
