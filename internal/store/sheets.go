package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// SaveResult says what SaveImported did.
type SaveResult struct {
	ID       int64
	Slug     string
	Revision int
	Created  bool // a new sheet
	Changed  bool // a new revision was written (always true when Created)
}

// SaveImported writes an imported sheet, keyed by sh.Source: a first import creates a
// published sheet, a repeated import of the same document updates it (a new revision only when
// its content changed), never a duplicate. The slug of a new sheet is made unique by a suffix.
func (s *Store) SaveImported(ctx context.Context, sh catalog.Sheet, author string) (SaveResult, error) {
	if sh.Source == "" {
		return SaveResult{}, errors.New("store: save imported sheet: empty source")
	}
	var res SaveResult
	err := s.transact(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM sheets WHERE source = $1 FOR UPDATE`, sh.Source).Scan(&id)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			if err := tagSheet(ctx, tx, &sh); err != nil {
				return err
			}
			r, err := createSheet(ctx, tx, sh, author, "import")
			res = r
			return err
		case err != nil:
			return err
		}
		current, err := loadSheet(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tagSheet(ctx, tx, &sh); err != nil {
			return err
		}
		res = SaveResult{ID: id, Slug: current.Slug, Revision: current.Revision}
		sh.Slug = current.Slug
		if sameContent(current, sh) {
			return nil
		}
		rev, err := updateSheet(ctx, tx, id, sh, author, "herimport")
		res.Revision, res.Changed = rev, true
		return err
	})
	if err != nil {
		return res, fmt.Errorf("store: save imported sheet %q: %w", sh.Source, mapErr(err))
	}
	return res, nil
}

// sameContent reports whether the stored sheet already holds what sh would write. Terms are
// compared through what the store made of them: the stored sheet is the reference.
func sameContent(stored, sh catalog.Sheet) bool {
	a, b := snapshotOf(stored), snapshotOf(sh)
	b.Slug = a.Slug
	b.Terms = normaliseTerms(b.Terms)
	a.Terms = normaliseTerms(a.Terms)
	aj, _ := json.Marshal(a)
	bj, _ := json.Marshal(b)
	return reflect.DeepEqual(aj, bj)
}

// normaliseTerms is m without the municipalities (derived from the variants), each facet's
// labels trimmed and sorted: the order of a sheet's terms means nothing.
func normaliseTerms(m map[catalog.Facet][]string) map[catalog.Facet][]string {
	out := map[catalog.Facet][]string{}
	for f, labels := range m {
		if f == catalog.FacetMunicipality {
			continue // derived from the variants
		}
		for _, l := range labels {
			out[f] = append(out[f], strings.TrimSpace(l))
		}
		slices.Sort(out[f])
	}
	return out
}

// sameMunicipalities reports whether a and b name the same municipalities, in any order.
func sameMunicipalities(a, b catalog.Sheet) bool {
	x := slices.Sorted(slices.Values(a.Terms[catalog.FacetMunicipality]))
	y := slices.Sorted(slices.Values(b.Terms[catalog.FacetMunicipality]))
	return slices.Equal(x, y)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
