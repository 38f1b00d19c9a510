package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Municipality is one row of the municipality vocabulary as loaded from the reference data.
// MergedIntoNIS names the current municipality a former one merged into (empty when current).
type Municipality struct {
	NIS           string
	Label         string
	Slug          string
	Province      string
	Aliases       []string
	MergedIntoNIS string
}

// SyncMunicipalities loads the municipality vocabulary, inserting what is missing and updating
// names, aliases and mergers of what is there, keyed by NIS code. It is idempotent.
func (s *Store) SyncMunicipalities(ctx context.Context, ms []Municipality) error {
	return s.transact(ctx, func(tx pgx.Tx) error {
		// Current municipalities first, so former ones can point at them.
		for pass := 0; pass < 2; pass++ {
			for _, m := range ms {
				if (m.MergedIntoNIS == "") != (pass == 0) {
					continue
				}
				aliases := m.Aliases
				if aliases == nil {
					aliases = []string{}
				}
				_, err := tx.Exec(ctx, `
					INSERT INTO terms (facet, slug, label, nis_code, province, aliases, merged_into)
					VALUES ('gemeente', $1, $2, $3, $4, $5,
					        (SELECT id FROM terms WHERE nis_code = NULLIF($6, '')))
					ON CONFLICT (nis_code) DO UPDATE
					SET label = EXCLUDED.label, province = EXCLUDED.province,
					    aliases = EXCLUDED.aliases, merged_into = EXCLUDED.merged_into`,
					m.Slug, m.Label, m.NIS, m.Province, aliases, m.MergedIntoNIS)
				if err != nil {
					return fmt.Errorf("store: sync municipality %s %q: %w", m.NIS, m.Label, mapErr(err))
				}
			}
		}
		return bumpVersion(ctx, tx)
	})
}

// Vocabulary returns every accepted term of every facet, ordered by facet and label,
// including terms no sheet uses and merged terms (with MergedInto set).
func (s *Store) Vocabulary(ctx context.Context) ([]catalog.Term, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, facet, slug, label, COALESCE(merged_into, 0), province
		FROM terms WHERE NOT proposed
		ORDER BY facet, norm(label), id`)
	if err != nil {
		return nil, fmt.Errorf("store: vocabulary: %w", err)
	}
	terms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (catalog.Term, error) {
		var t catalog.Term
		err := r.Scan(&t.ID, &t.Facet, &t.Slug, &t.Label, &t.MergedInto, &t.Province)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: vocabulary: %w", err)
	}
	return terms, nil
}

// FormerNames returns the labels of the terms merged into term id (a municipality's names
// before the 2025 mergers), ordered by label.
func (s *Store) FormerNames(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT label FROM terms WHERE merged_into = $1 AND norm(label) <> (SELECT norm(label) FROM terms WHERE id = $1)
		ORDER BY norm(label)`, id)
	if err != nil {
		return nil, fmt.Errorf("store: former names: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("store: former names: %w", err)
	}
	return names, nil
}

// TermBySlug returns the term of facet with slug. A merged term is returned as is, with
// MergedInto set; callers redirect to the term it names. ErrNotFound when there is none.
func (s *Store) TermBySlug(ctx context.Context, facet catalog.Facet, slug string) (catalog.Term, error) {
	var t catalog.Term
	err := s.pool.QueryRow(ctx, `
		SELECT id, facet, slug, label, COALESCE(merged_into, 0)
		FROM terms WHERE facet = $1 AND slug = $2`, facet, slug).
		Scan(&t.ID, &t.Facet, &t.Slug, &t.Label, &t.MergedInto)
	if err != nil {
		return t, fmt.Errorf("store: term %s/%s: %w", facet, slug, mapErr(err))
	}
	return t, nil
}

// TermByID returns the term with id, or ErrNotFound.
func (s *Store) TermByID(ctx context.Context, id int64) (catalog.Term, error) {
	var t catalog.Term
	err := s.pool.QueryRow(ctx, `
		SELECT id, facet, slug, label, COALESCE(merged_into, 0) FROM terms WHERE id = $1`, id).
		Scan(&t.ID, &t.Facet, &t.Slug, &t.Label, &t.MergedInto)
	if err != nil {
		return t, fmt.Errorf("store: term %d: %w", id, mapErr(err))
	}
	return t, nil
}

// ensureTerm returns the id of the current term of facet whose label folds to the same text
// as label, creating the term when there is none. A merged term resolves to its successor.
func ensureTerm(ctx context.Context, tx pgx.Tx, facet catalog.Facet, label string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		SELECT COALESCE(merged_into, id) FROM terms
		WHERE facet = $1 AND (norm(label) = norm($2) OR slug = $3)
		ORDER BY merged_into NULLS FIRST LIMIT 1`, facet, label, catalog.Slugify(label)).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != pgx.ErrNoRows {
		return 0, fmt.Errorf("find term %s %q: %w", facet, label, err)
	}
	base := catalog.Slugify(label)
	if base == "" {
		base = "term"
	}
	slug := base
	for n := 2; ; n++ {
		err = tx.QueryRow(ctx, `
			INSERT INTO terms (facet, slug, label) VALUES ($1, $2, $3)
			ON CONFLICT (facet, slug) DO NOTHING RETURNING id`, facet, slug, label).Scan(&id)
		if err == nil {
			return id, nil
		}
		if err != pgx.ErrNoRows {
			return 0, fmt.Errorf("create term %s %q: %w", facet, label, err)
		}
		slug = fmt.Sprintf("%s-%d", base, n)
	}
}
