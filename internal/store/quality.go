package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// QualityKind names a problem in the data of a published sheet that editors should fix.
type QualityKind string

// Data-quality problems, in the order the editors' view lists them.
const (
	QualityNoCategory     QualityKind = "no-category"     // no category term
	QualityNoMunicipality QualityKind = "no-municipality" // no municipality, as a term or a recognised place
	QualityNoContact      QualityKind = "no-contact"      // no contact on the sheet, nor a contact or address in a variant
	QualityLinkNoAddress  QualityKind = "link-no-address" // a variant's more-info link without an address
	QualityUnknownPlace   QualityKind = "unknown-place"   // a variant's place that is no municipality of the list
	QualityReviewNotes    QualityKind = "review-notes"    // flagged for an editor (importer's notes, untagged sentences)
	QualityGoalsNoTerm    QualityKind = "goals-no-term"   // goal sentences but no goal term
	QualityTargetsNoTerm  QualityKind = "targets-no-term" // target-group sentences but no target-group term
)

// QualityKinds are the kinds in the order the editors' view lists them.
var QualityKinds = []QualityKind{QualityNoCategory, QualityNoMunicipality, QualityNoContact, QualityLinkNoAddress,
	QualityUnknownPlace, QualityReviewNotes, QualityGoalsNoTerm, QualityTargetsNoTerm}

// QualityProblem is one problem of one published sheet; Details name what is wrong, where the
// kind has something to name (the links' labels, the unknown places, the notes, the
// sentences).
type QualityProblem struct {
	Kind    QualityKind
	SheetID int64
	Slug    string
	Title   string
	Details []string
}

// qualitySQL selects every problem of the published sheets: kind, sheet id, slug, title,
// details. Each branch is one kind.
const qualitySQL = `
	WITH pub AS (SELECT id, slug, title, contact, needs_review, review_notes FROM sheets WHERE status = 'published')
	SELECT 'no-category', p.id, p.slug, p.title, '{}'::text[] FROM pub p
	WHERE NOT EXISTS (SELECT 1 FROM sheet_terms st JOIN terms t ON t.id = st.term_id
	                  WHERE st.sheet_id = p.id AND t.facet = 'categorie')
	UNION ALL
	SELECT 'no-municipality', p.id, p.slug, p.title, '{}' FROM pub p
	WHERE NOT EXISTS (SELECT 1 FROM sheet_terms st JOIN terms t ON t.id = st.term_id
	                  WHERE st.sheet_id = p.id AND t.facet = 'gemeente')
	  AND NOT EXISTS (SELECT 1 FROM variants v JOIN variant_places vp ON vp.variant_id = v.id
	                  WHERE v.sheet_id = p.id AND vp.term_id IS NOT NULL)
	UNION ALL
	SELECT 'no-contact', p.id, p.slug, p.title, '{}' FROM pub p
	WHERE btrim(p.contact) = ''
	  AND NOT EXISTS (SELECT 1 FROM variants v WHERE v.sheet_id = p.id AND (btrim(v.contact) <> '' OR btrim(v.email) <> ''))
	UNION ALL
	SELECT 'link-no-address', p.id, p.slug, p.title, array_agg(l.label ORDER BY v.position, l.position)
	FROM pub p JOIN variants v ON v.sheet_id = p.id JOIN variant_links l ON l.variant_id = v.id
	WHERE btrim(l.url) = '' GROUP BY p.id, p.slug, p.title
	UNION ALL
	SELECT 'unknown-place', p.id, p.slug, p.title, array_agg(DISTINCT vp.name)
	FROM pub p JOIN variants v ON v.sheet_id = p.id JOIN variant_places vp ON vp.variant_id = v.id
	WHERE vp.term_id IS NULL GROUP BY p.id, p.slug, p.title
	UNION ALL
	SELECT 'review-notes', p.id, p.slug, p.title, p.review_notes FROM pub p WHERE p.needs_review
	UNION ALL
	SELECT CASE ss.facet WHEN 'doel' THEN 'goals-no-term' ELSE 'targets-no-term' END, p.id, p.slug, p.title,
	       array_agg(ss.text ORDER BY ss.position)
	FROM pub p JOIN sheet_sentences ss ON ss.sheet_id = p.id
	WHERE NOT EXISTS (SELECT 1 FROM sheet_terms st JOIN terms t ON t.id = st.term_id
	                  WHERE st.sheet_id = p.id AND t.facet = ss.facet)
	GROUP BY ss.facet, p.id, p.slug, p.title`

// QualityProblems returns the data-quality problems of the published sheets, by kind (in the
// order of QualityKinds), then by title.
func (s *Store) QualityProblems(ctx context.Context) ([]QualityProblem, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT q.* FROM (`+qualitySQL+`) q (kind, id, slug, title, details)
		ORDER BY array_position($1::text[], q.kind), norm(q.title), q.id`, qualityOrder())
	if err != nil {
		return nil, fmt.Errorf("store: quality problems: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[QualityProblem])
	if err != nil {
		return nil, fmt.Errorf("store: quality problems: %w", err)
	}
	return list, nil
}

// QualityCount returns how many data-quality problems the published sheets have (what
// QualityProblems lists), for the queue page.
func (s *Store) QualityCount(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM (`+qualitySQL+`) q`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: quality count: %w", err)
	}
	return n, nil
}

func qualityOrder() []string {
	out := make([]string, len(QualityKinds))
	for i, k := range QualityKinds {
		out[i] = string(k)
	}
	return out
}
