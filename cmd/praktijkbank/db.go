package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/praktijkbank/praktijkbank/internal/pglocal"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// dbConfig says which database to use: DATABASE_URL, or the project-local cluster.
type dbConfig struct {
	url     string
	dataDir string
}

func (c *dbConfig) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.url, "database-url", getenv("DATABASE_URL"),
		"PostgreSQL URL (env DATABASE_URL); empty: the project-local cluster")
	fs.StringVar(&c.dataDir, "data-dir", getenv("DATA_DIR"),
		"directory of the project-local cluster (env DATA_DIR); default <project root>/.data/postgres")
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
