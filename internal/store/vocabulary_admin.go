package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Vocabulary curation: editors rename terms (the slug stays, so URLs keep working), merge two
// terms that mean the same (every sheet follows the merge) and accept or map the terms that
// submitters proposed. The municipality facet comes from the reference list and is not
// curated here. Curation changes no sheet's revision: it changes the vocabulary, and the
// sheets show the current vocabulary.

// TermUsage is a term with how many sheets use it, for the curation page.
type TermUsage struct {
	catalog.Term
	Proposed        bool
	Sheets          int    // sheets (any status) linked to the term
	Submissions     int    // open submissions whose content names it
	MergedIntoLabel string // the label of the term it was merged into
}

// TermsForCuration returns every term of facet (accepted, proposed and merged), proposed ones
// first, then by label.
func (s *Store) TermsForCuration(ctx context.Context, facet catalog.Facet) ([]TermUsage, error) {
	if !facet.Valid() {
		return nil, fmt.Errorf("store: terms of facet %q: %w", facet, catalog.ErrNotFound)
	}
	rows, err := s.pool.Query(ctx, `
		SELECT t.id, t.facet, t.slug, t.label, COALESCE(t.merged_into, 0), t.province, t.proposed,
		       (SELECT count(*) FROM sheet_terms st WHERE st.term_id = t.id),
		       (SELECT count(*) FROM submissions x
		        WHERE x.status IN ('submitted', 'question')
		          AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(x.content->'Terms'->t.facet) = 'array'
		                                                      THEN x.content->'Terms'->t.facet ELSE '[]' END) l
		                      WHERE norm(l) = norm(t.label))),
		       COALESCE(m.label, '')
		FROM terms t LEFT JOIN terms m ON m.id = t.merged_into
		WHERE t.facet = $1
		ORDER BY t.proposed DESC, t.merged_into IS NOT NULL, norm(t.label), t.id`, facet)
	if err != nil {
		return nil, fmt.Errorf("store: terms of facet %s: %w", facet, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (TermUsage, error) {
		var t TermUsage
		err := r.Scan(&t.ID, &t.Facet, &t.Slug, &t.Label, &t.MergedInto, &t.Province, &t.Proposed,
			&t.Sheets, &t.Submissions, &t.MergedIntoLabel)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: terms of facet %s: %w", facet, err)
	}
	return list, nil
}

// curatedTerm locks term id for the transaction and checks that editors may curate it: it
// exists (ErrNotFound), is not a municipality and was not merged away (ErrConflict).
func curatedTerm(ctx context.Context, tx pgx.Tx, id int64) (catalog.Term, bool, error) {
	var t catalog.Term
	var proposed bool
	err := tx.QueryRow(ctx, `
		SELECT id, facet, slug, label, COALESCE(merged_into, 0), proposed FROM terms WHERE id = $1 FOR UPDATE`, id).
		Scan(&t.ID, &t.Facet, &t.Slug, &t.Label, &t.MergedInto, &proposed)
	if err != nil {
		return t, false, fmt.Errorf("term %d: %w", id, err)
	}
	if t.Facet == catalog.FacetMunicipality {
		return t, false, fmt.Errorf("%w: municipalities come from the reference list", catalog.ErrForbidden)
	}
	if t.MergedInto != 0 {
		return t, false, fmt.Errorf("%w: term %d was merged into %d", catalog.ErrConflict, id, t.MergedInto)
	}
	return t, proposed, nil
}

// RenameTerm gives term id a new label on behalf of editorID; its slug stays, so links keep
// working. The sheets using it are reindexed. ErrConflict when another current term of the
// facet has that label (merge them instead), ErrNotFound when there is no such term,
// ErrForbidden for a municipality.
func (s *Store) RenameTerm(ctx context.Context, editorID, id int64, label string) error {
	label = strings.Join(strings.Fields(label), " ")
	if label == "" {
		return fmt.Errorf("store: rename term %d: empty label", id)
	}
	err := s.transact(ctx, func(tx pgx.Tx) error {
		t, _, err := curatedTerm(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Label == label {
			return nil
		}
		var taken bool
		err = tx.QueryRow(ctx, `
			SELECT EXISTS (SELECT 1 FROM terms WHERE facet = $1 AND id <> $2 AND merged_into IS NULL
			               AND norm(label) = norm($3))`, t.Facet, id, label).Scan(&taken)
		if err != nil {
			return err
		}
		if taken {
			return fmt.Errorf("%w: a term %q exists", catalog.ErrConflict, label)
		}
		if _, err := tx.Exec(ctx, `UPDATE terms SET label = $2 WHERE id = $1`, id, label); err != nil {
			return err
		}
		if err := reindexUsers(ctx, tx, id); err != nil {
			return err
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, editorID, "rename", "term", id, map[string]any{
			"facet": t.Facet, "from": t.Label, "to": label})
	})
	if err != nil {
		return fmt.Errorf("store: rename term %d: %w", id, mapErr(err))
	}
	return s.RefreshSearchWords(ctx)
}

// MergeTerm merges term source into term target of the same facet on behalf of editorID:
// every sheet linked to source is linked to target instead (once), source keeps its slug and
// points at target (merged_into), so its old URLs lead to target, and terms merged into source
// earlier now point at target too. A proposed source is thereby mapped onto an existing term.
// It returns the number of sheets that followed. ErrConflict when either term was merged away,
// target is proposed, or they are the same term or of different facets; ErrNotFound when one
// does not exist; ErrForbidden for municipalities.
func (s *Store) MergeTerm(ctx context.Context, editorID, sourceID, targetID int64) (int, error) {
	var affected int
	err := s.transact(ctx, func(tx pgx.Tx) error {
		// Lock in id order, so two opposite merges cannot deadlock.
		first, second := min(sourceID, targetID), max(sourceID, targetID)
		a, aProposed, err := curatedTerm(ctx, tx, first)
		if err != nil {
			return err
		}
		b, bProposed, err := curatedTerm(ctx, tx, second)
		if err != nil {
			return err
		}
		source, target, targetProposed := a, b, bProposed
		if a.ID != sourceID {
			source, target, targetProposed = b, a, aProposed
		}
		switch {
		case sourceID == targetID:
			return fmt.Errorf("%w: a term cannot be merged into itself", catalog.ErrConflict)
		case source.Facet != target.Facet:
			return fmt.Errorf("%w: terms of different facets", catalog.ErrConflict)
		case targetProposed:
			return fmt.Errorf("%w: the target term is only proposed", catalog.ErrConflict)
		}
		rows, err := tx.Query(ctx, `SELECT sheet_id FROM sheet_terms WHERE term_id = $1 ORDER BY sheet_id`, sourceID)
		if err != nil {
			return err
		}
		sheets, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		affected = len(sheets)
		for _, step := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE sheet_terms st SET term_id = $2 WHERE term_id = $1
			  AND NOT EXISTS (SELECT 1 FROM sheet_terms x WHERE x.sheet_id = st.sheet_id AND x.term_id = $2)`,
				[]any{sourceID, targetID}},
			{`DELETE FROM sheet_terms WHERE term_id = $1`, []any{sourceID}},
			{`UPDATE variant_places SET term_id = $2 WHERE term_id = $1`, []any{sourceID, targetID}},
			{`UPDATE terms SET merged_into = $2 WHERE merged_into = $1`, []any{sourceID, targetID}},
			{`UPDATE terms SET merged_into = $2, proposed = false WHERE id = $1`, []any{sourceID, targetID}},
		} {
			if _, err := tx.Exec(ctx, step.sql, step.args...); err != nil {
				return fmt.Errorf("merge: %w", err)
			}
		}
		for _, id := range sheets {
			if err := reindex(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, editorID, "merge", "term", sourceID, map[string]any{
			"facet": source.Facet, "from": source.Label, "into": target.Label, "into_id": targetID, "sheets": affected})
	})
	if err != nil {
		return 0, fmt.Errorf("store: merge term %d into %d: %w", sourceID, targetID, mapErr(err))
	}
	return affected, s.RefreshSearchWords(ctx)
}

// AcceptTerm makes proposed term id an accepted term of the vocabulary on behalf of editorID,
// so that the catalogue offers it. Accepting an accepted term changes nothing. ErrNotFound
// when there is no such term, ErrConflict when it was merged away.
func (s *Store) AcceptTerm(ctx context.Context, editorID, id int64) error {
	err := s.transact(ctx, func(tx pgx.Tx) error {
		t, proposed, err := curatedTerm(ctx, tx, id)
		if err != nil || !proposed {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE terms SET proposed = false WHERE id = $1`, id); err != nil {
			return err
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, editorID, "accept", "term", id, map[string]any{"facet": t.Facet, "label": t.Label})
	})
	if err != nil {
		return fmt.Errorf("store: accept term %d: %w", id, mapErr(err))
	}
	return nil
}

// reindexUsers rebuilds the search rows of every sheet linked to term id.
func reindexUsers(ctx context.Context, tx pgx.Tx, termID int64) error {
	rows, err := tx.Query(ctx, `SELECT sheet_id FROM sheet_terms WHERE term_id = $1`, termID)
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := reindex(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// SheetRef names a sheet for a list of links: editors' pages link it by ID, the public site by
// slug (only when published).
type SheetRef struct {
	ID     int64
	Slug   string
	Title  string
	Status catalog.Status
}

// SheetsWithTerm returns every sheet linked to term id, whatever its status, by title. An
// unknown term has none.
func (s *Store) SheetsWithTerm(ctx context.Context, id int64) ([]SheetRef, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT s.id, s.slug, s.title, s.status FROM sheet_terms st JOIN sheets s ON s.id = st.sheet_id
		WHERE st.term_id = $1 ORDER BY norm(s.title), s.id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: sheets with term %d: %w", id, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[SheetRef])
	if err != nil {
		return nil, fmt.Errorf("store: sheets with term %d: %w", id, err)
	}
	return list, nil
}
