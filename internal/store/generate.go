package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// BatchResult says what SaveGenerated did with a batch.
type BatchResult struct {
	Created   int // new sheets
	Updated   int // existing sheets that got a new revision
	Unchanged int // existing sheets whose content was already the same
}

// PrepareTerms makes sure every label of the four curated facets is a term, creating the
// missing ones in one transaction. Call it before running SaveGenerated concurrently: two
// transactions creating the same new term would otherwise make two terms of it.
func (s *Store) PrepareTerms(ctx context.Context, labels map[catalog.Facet][]string) error {
	err := s.transact(ctx, func(tx pgx.Tx) error {
		for _, f := range catalog.Facets {
			if f == catalog.FacetMunicipality {
				continue
			}
			for _, l := range labels[f] {
				if l = strings.TrimSpace(l); l == "" {
					continue
				}
				if _, err := ensureTerm(ctx, tx, f, l); err != nil {
					return err
				}
			}
		}
		return bumpVersion(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("store: prepare terms: %w", mapErr(err))
	}
	return nil
}

// SaveGenerated writes a batch of sheets in one transaction, keyed by Source like
// SaveImported: a sheet whose source is new is created (published, with revision 1), one whose
// source exists is updated (a new revision only when its content changed), never duplicated.
// New sheets are written by createSheets, the path of every new sheet, as one batch: a few
// set-based statements (COPY and unnest) instead of a round trip per row, so that tens of
// thousands of sheets load in seconds. CreatedAt, UpdatedAt and PublishedAt are taken from
// the sheet when set (spread-out dates for generated content). Their words are not added to
// the search word list: call RefreshSearchWords after the load.
//
// Concurrent calls are safe when their sources are disjoint and their terms exist (see
// PrepareTerms); two concurrent batches that want the same slug make one of them fail with
// ErrConflict.
func (s *Store) SaveGenerated(ctx context.Context, sheets []catalog.Sheet, author string) (BatchResult, error) {
	var res BatchResult
	if len(sheets) == 0 {
		return res, nil
	}
	sources := make([]string, len(sheets))
	seen := make(map[string]bool, len(sheets))
	for i, sh := range sheets {
		if sh.Source == "" {
			return res, errors.New("store: save generated sheets: empty source")
		}
		if seen[sh.Source] {
			return res, fmt.Errorf("store: save generated sheets: source %q twice in one batch", sh.Source)
		}
		seen[sh.Source] = true
		sources[i] = sh.Source
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		res = BatchResult{}
		rows, err := tx.Query(ctx, `SELECT source, id FROM sheets WHERE source = ANY($1) ORDER BY id FOR UPDATE`, sources)
		if err != nil {
			return fmt.Errorf("find sources: %w", err)
		}
		existing := map[string]int64{}
		var src string
		var id int64
		if _, err := pgx.ForEachRow(rows, []any{&src, &id}, func() error {
			existing[src] = id
			return nil
		}); err != nil {
			return fmt.Errorf("find sources: %w", err)
		}
		var fresh []catalog.Sheet
		for _, sh := range sheets {
			id, ok := existing[sh.Source]
			if !ok {
				fresh = append(fresh, sh)
				continue
			}
			current, err := loadSheet(ctx, tx, id)
			if err != nil {
				return err
			}
			sh.Slug = current.Slug
			if sameContent(current, sh) {
				res.Unchanged++
				continue
			}
			if _, err := updateSheet(ctx, tx, id, sh, author, "generate"); err != nil {
				return err
			}
			res.Updated++
		}
		if len(fresh) == 0 {
			return nil
		}
		if _, err := createSheets(ctx, tx, fresh, author, "generate", false); err != nil {
			return err
		}
		res.Created = len(fresh)
		return nil
	})
	if err != nil {
		return BatchResult{}, fmt.Errorf("store: save generated sheets: %w", mapErr(err))
	}
	return res, nil
}
