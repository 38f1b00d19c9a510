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
// search configuration), so "Mensen in armoede in het Meetjesland" gets "Mensen in armoede";
// where keywords of two terms meet on the same words, the longer or exact one wins
// (tagmatch.go).

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
		SELECT label, keywords FROM terms
		WHERE facet = $1 AND merged_into IS NULL AND NOT proposed ORDER BY id`, f)
	if err != nil {
		return nil, nil, err
	}
	var (
		label    string
		keywords []string
		terms    []tagTerm
		texts    = slices.Clone(sentences)
	)
	_, err = pgx.ForEachRow(rows, []any{&label, &keywords}, func() error {
		terms = append(terms, tagTerm{label: label, keywords: make([][]tagWord, len(keywords))})
		texts = append(texts, keywords...)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	words, err := tagWords(ctx, q, texts)
	if err != nil {
		return nil, nil, err
	}
	n := len(sentences)
	for i := range terms {
		for j := range terms[i].keywords {
			terms[i].keywords[j] = words[n]
			n++
		}
	}
	hit := map[int]bool{}
	for i := range sentences {
		found := matchTerms(words[i], terms)
		if len(found) == 0 {
			untagged = append(untagged, sentences[i])
		}
		for _, t := range found {
			hit[t] = true
		}
	}
	for i, t := range terms {
		if hit[i] {
			labels = append(labels, t.label)
		}
	}
	return labels, untagged, nil
}

// tagWords reads each of texts as the dutch_unaccent configuration does: its words in order,
// with their stems ("" for a stop word).
func tagWords(ctx context.Context, q querier, texts []string) ([][]tagWord, error) {
	rows, err := q.Query(ctx, `
		SELECT u.n, d.token, coalesce(d.lexemes[1], '')
		FROM unnest($1::text[]) WITH ORDINALITY AS u(text, n)
		CROSS JOIN LATERAL ts_debug('dutch_unaccent', u.text)
		     WITH ORDINALITY AS d(alias, description, token, dictionaries, dictionary, lexemes, pos)
		WHERE d.lexemes IS NOT NULL
		ORDER BY u.n, d.pos`, texts)
	if err != nil {
		return nil, err
	}
	words := make([][]tagWord, len(texts))
	var (
		n           int64
		token, stem string
	)
	_, err = pgx.ForEachRow(rows, []any{&n, &token, &stem}, func() error {
		words[n-1] = append(words[n-1], tagWord{stem: stem, form: catalog.Fold(token)})
		return nil
	})
	return words, err
}
