package testdb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/peterldowns/pgtestdb"
	"github.com/pressly/goose/v3"
)

// Migrator is a pgtestdb.Migrator applying the goose SQL migrations
// (*.sql at the root) of a file system with goose's Provider API.
type Migrator struct {
	fsys fs.FS
}

// NewMigrator returns a Migrator for the migrations in fsys, such as
// migrations.FS.
func NewMigrator(fsys fs.FS) *Migrator {
	return &Migrator{fsys: fsys}
}

// Hash identifies the migrated schema: a SHA-256 of the names and contents
// of the migration files, so that adding, renaming or changing one gives a
// new template database.
func (m *Migrator) Hash() (string, error) {
	names, err := fs.Glob(m.fsys, "*.sql") // sorted
	if err != nil {
		return "", fmt.Errorf("testdb: migrator hash: %w", err)
	}
	h := sha256.New()
	for _, name := range names {
		b, err := fs.ReadFile(m.fsys, name)
		if err != nil {
			return "", fmt.Errorf("testdb: migrator hash: %w", err)
		}
		// Length-prefixed, so that no two file sets hash alike.
		h.Write([]byte(strconv.Itoa(len(name)) + ":" + name + strconv.Itoa(len(b)) + ":"))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Migrate applies every migration to db. Go migrations registered globally
// with goose are ignored, as Hash does not cover them. A file system without
// migrations leaves db empty.
func (m *Migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	p, err := goose.NewProvider(goose.DialectPostgres, db, m.fsys, goose.WithDisableGlobalRegistry(true))
	if errors.Is(err, goose.ErrNoMigrations) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("testdb: migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("testdb: migrate: %w", err)
	}
	return nil
}
