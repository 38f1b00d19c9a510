package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Tagging: a sheet keeps its goals and target groups as sentences; the facets "doel" and
// "doelgroep" filter on curated terms. A term is suggested for a sentence that contains one of
// its keywords, compared on Dutch stems without accents and case (the dutch_unaccent text
// search configuration), so "Mensen in armoede in het Meetjesland" gets "Mensen in armoede".

// VocabularyTerm is a term of a curated vocabulary with the keywords that suggest it.
type VocabularyTerm struct {
	Facet    catalog.Facet
	Slug     string
	Label    string
	Keywords []string
}

// vocabulariesLoaded names the starting vocabularies in reference_data.
const vocabulariesLoaded = "vocabularies"

// SyncVocabularies loads the starting vocabularies once, into a database that has not had
// them: after that they are the editors', and a restart brings back nothing they changed.
// Then it tags the sheets that wait for terms (those a migration gave sentences).
func (s *Store) SyncVocabularies(ctx context.Context, terms []VocabularyTerm) error {
	err := s.transact(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO reference_data (name) VALUES ($1) ON CONFLICT DO NOTHING`, vocabulariesLoaded)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		for _, t := range terms {
			_, err := tx.Exec(ctx, `
				INSERT INTO terms (facet, slug, label, keywords) VALUES ($1, $2, $3, $4)
				ON CONFLICT (facet, slug) DO UPDATE SET keywords = EXCLUDED.keywords
				WHERE terms.keywords = '{}'`, t.Facet, t.Slug, t.Label, nonNil(t.Keywords))
			if err != nil {
				return fmt.Errorf("insert %s/%s: %w", t.Facet, t.Slug, err)
			}
		}
		return bumpVersion(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("store: load vocabularies: %w", err)
	}
	return s.tagWaitingSheets(ctx)
}

// tagWaitingSheets suggests terms for every sheet in sheets_to_tag and stores them as a new
// revision, one sheet a transaction.
func (s *Store) tagWaitingSheets(ctx context.Context) error {
	for {
		done, err := s.tagOneWaitingSheet(ctx)
		if err != nil {
			return fmt.Errorf("store: tag sheets: %w", err)
		}
		if done {
			return nil
		}
	}
}

func (s *Store) tagOneWaitingSheet(ctx context.Context) (done bool, err error) {
	err = s.transact(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `
			DELETE FROM sheets_to_tag WHERE sheet_id = (SELECT sheet_id FROM sheets_to_tag LIMIT 1 FOR UPDATE SKIP LOCKED)
			RETURNING sheet_id`).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			done = true
			return nil
		}
		if err != nil {
			return err
		}
		sh, err := loadSheet(ctx, tx, id)
		if err != nil {
			return err
		}
		before := len(sh.Terms[catalog.FacetGoal]) + len(sh.Terms[catalog.FacetTargetGroup])
		if err := tagSheet(ctx, tx, &sh); err != nil {
			return err
		}
		if len(sh.Terms[catalog.FacetGoal])+len(sh.Terms[catalog.FacetTargetGroup]) == before {
			_, err := tx.Exec(ctx, `UPDATE sheets SET needs_review = $2, review_notes = $3 WHERE id = $1`,
				id, sh.NeedsReview, nonNil(sh.ReviewNotes))
			return err
		}
		_, err = updateSheet(ctx, tx, id, sh, "Praktijkbank", "termen voor doel en doelgroep toegekend")
		return err
	})
	return done, err
}

// tagSheet fills the terms of the tagged facets that sh has none of with the terms suggested
// for its sentences; a sentence that gets no term is named in the review notes, and the sheet
// is marked for review.
func tagSheet(ctx context.Context, q querier, sh *catalog.Sheet) error {
	for _, f := range []catalog.Facet{catalog.FacetGoal, catalog.FacetTargetGroup} {
		sentences := sh.Sentences(f)
		if len(sh.Terms[f]) > 0 || len(sentences) == 0 {
			continue
		}
		labels, untagged, err := suggestTerms(ctx, q, f, sentences)
		if err != nil {
			return err
		}
		if sh.Terms == nil {
			sh.Terms = map[catalog.Facet][]string{}
		}
		sh.Terms[f] = labels
		for _, u := range untagged {
			note := catalog.UntaggedNote(f, u)
			if !slices.Contains(sh.ReviewNotes, note) {
				sh.ReviewNotes = append(sh.ReviewNotes, note)
			}
			sh.NeedsReview = true
		}
	}
	return nil
}

// SuggestTerms returns the labels of the current terms of facet f suggested for sentences, in
// vocabulary order, and the sentences that got none.
func (s *Store) SuggestTerms(ctx context.Context, f catalog.Facet, sentences []string) (labels, untagged []string, err error) {
	labels, untagged, err = suggestTerms(ctx, s.pool, f, sentences)
	if err != nil {
		return nil, nil, fmt.Errorf("store: suggest terms: %w", err)
	}
	return labels, untagged, nil
}

func suggestTerms(ctx context.Context, q querier, f catalog.Facet, sentences []string) (labels, untagged []string, err error) {
	if len(sentences) == 0 {
		return nil, nil, nil
	}
	rows, err := q.Query(ctx, `
		WITH s AS (
		    SELECT n, to_tsvector('dutch_unaccent', text) AS doc
		    FROM unnest($2::text[]) WITH ORDINALITY AS u(text, n)
		), hit AS (
		    SELECT t.id, t.label, s.n
		    FROM terms t CROSS JOIN s
		    WHERE t.facet = $1 AND t.merged_into IS NULL AND NOT t.proposed
		      AND EXISTS (SELECT 1 FROM unnest(t.keywords) k
		                  WHERE numnode(phraseto_tsquery('dutch_unaccent', k)) > 0
		                    AND s.doc @@ phraseto_tsquery('dutch_unaccent', k))
		)
		SELECT id, label, array_agg(n ORDER BY n) FROM hit GROUP BY id, label ORDER BY id`, f, sentences)
	if err != nil {
		return nil, nil, err
	}
	tagged := make([]bool, len(sentences))
	var id int64
	var label string
	var ns []int64
	_, err = pgx.ForEachRow(rows, []any{&id, &label, &ns}, func() error {
		labels = append(labels, label)
		for _, n := range ns {
			tagged[n-1] = true
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for i, ok := range tagged {
		if !ok {
			untagged = append(untagged, sentences[i])
		}
	}
	return labels, untagged, nil
}
