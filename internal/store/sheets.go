package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/richtext"
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

// createSheet inserts a new published sheet with its first revision.
func createSheet(ctx context.Context, tx pgx.Tx, sh catalog.Sheet, author, note string) (SaveResult, error) {
	slug, err := uniqueSlug(ctx, tx, sh.Slug, sh.Title)
	if err != nil {
		return SaveResult{}, err
	}
	status := sh.Status
	if status == "" {
		status = catalog.StatusPublished
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO sheets (slug, title, status, source, needs_review, review_notes, published_at)
		VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, CASE WHEN $3 = 'published' THEN now() END)
		RETURNING id`, slug, sh.Title, status, sh.Source, sh.NeedsReview, nonNil(sh.ReviewNotes)).Scan(&id)
	if err != nil {
		return SaveResult{}, fmt.Errorf("insert sheet: %w", err)
	}
	sh.Slug = slug
	if err := writeContent(ctx, tx, id, sh); err != nil {
		return SaveResult{}, err
	}
	if err := writeRevision(ctx, tx, id, 1, author, note); err != nil {
		return SaveResult{}, err
	}
	return SaveResult{ID: id, Slug: slug, Revision: 1, Created: true, Changed: true}, nil
}

// updateSheet replaces the content of sheet id and records the next revision. A revision by
// an editor (author from editorAuthor) is an editorial change: it sets the sheet's edited_at.
func updateSheet(ctx context.Context, tx pgx.Tx, id int64, sh catalog.Sheet, author, note string) (int, error) {
	var rev int
	err := tx.QueryRow(ctx, `
		UPDATE sheets SET revision = revision + 1, updated_at = now(),
		       edited_at = CASE WHEN $4 THEN now() ELSE edited_at END,
		       needs_review = $2, review_notes = $3
		WHERE id = $1 RETURNING revision`, id, sh.NeedsReview, nonNil(sh.ReviewNotes), isEditorAuthor(author)).Scan(&rev)
	if err != nil {
		return 0, fmt.Errorf("update sheet %d: %w", id, err)
	}
	if err := writeContent(ctx, tx, id, sh); err != nil {
		return 0, err
	}
	return rev, writeRevision(ctx, tx, id, rev, author, note)
}

func uniqueSlug(ctx context.Context, tx pgx.Tx, slug, title string) (string, error) {
	base := catalog.Slugify(slug)
	if base == "" {
		base = catalog.Slugify(title)
	}
	if base == "" {
		base = "praktijk"
	}
	candidate := base
	for n := 2; ; n++ {
		var taken bool
		err := tx.QueryRow(ctx, `
			SELECT EXISTS (SELECT 1 FROM sheets WHERE slug = $1)
			    OR EXISTS (SELECT 1 FROM sheet_slugs WHERE slug = $1)`, candidate).Scan(&taken)
		if err != nil {
			return "", fmt.Errorf("check slug: %w", err)
		}
		if !taken {
			return candidate, nil
		}
		candidate = fmt.Sprintf("%s-%d", base, n)
	}
}

// writeContent replaces everything a sheet holds (fields, image, terms, variants, resources,
// sections) and rebuilds its search row, then bumps the catalogue version.
func writeContent(ctx context.Context, tx pgx.Tx, id int64, sh catalog.Sheet) error {
	_, err := tx.Exec(ctx, `
		UPDATE sheets SET title = $2, intro = $3, description = $4, success_factors = $5,
		       challenges = $6, partners = $7, contact = $8
		WHERE id = $1`,
		id, sh.Title, sh.Intro, sh.Description, sh.SuccessFactors, sh.Challenges, sh.Partners, sh.Contact)
	if err != nil {
		return fmt.Errorf("write sheet %d: %w", id, err)
	}
	for _, q := range []string{
		`DELETE FROM sheet_terms WHERE sheet_id = $1`,
		`DELETE FROM sheet_sentences WHERE sheet_id = $1`,
		`DELETE FROM variants WHERE sheet_id = $1`,
		`DELETE FROM resources WHERE sheet_id = $1`,
		`DELETE FROM sections WHERE sheet_id = $1`,
	} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return fmt.Errorf("clear sheet %d: %w", id, err)
		}
	}
	if err := writeImage(ctx, tx, id, sh.Image); err != nil {
		return err
	}
	sh, err = keepUnknownAsSentences(ctx, tx, sh)
	if err != nil {
		return err
	}
	if err := writeTerms(ctx, tx, id, sh); err != nil {
		return err
	}
	if err := writeSentences(ctx, tx, id, sh); err != nil {
		return err
	}
	for i, v := range sh.Variants {
		if err := writeVariant(ctx, tx, id, i, v); err != nil {
			return err
		}
	}
	for i, r := range sh.Resources {
		_, err := tx.Exec(ctx, `
			INSERT INTO resources (sheet_id, position, title, by_whom, for_whom, content, more_info)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, i, r.Title, r.ByWhom, r.ForWhom, r.Content, r.MoreInfo)
		if err != nil {
			return fmt.Errorf("write resource: %w", err)
		}
	}
	for i, sec := range sh.Sections {
		_, err := tx.Exec(ctx, `
			INSERT INTO sections (sheet_id, position, heading, body) VALUES ($1, $2, $3, $4)`,
			id, i, sec.Heading, sec.Body)
		if err != nil {
			return fmt.Errorf("write section: %w", err)
		}
	}
	if err := reindex(ctx, tx, id); err != nil {
		return err
	}
	return bumpVersion(ctx, tx)
}

// writeSentences stores the sheet's own goals and target groups, word for word.
func writeSentences(ctx context.Context, tx pgx.Tx, id int64, sh catalog.Sheet) error {
	for _, f := range []catalog.Facet{catalog.FacetGoal, catalog.FacetTargetGroup} {
		var texts []string
		for _, t := range sh.Sentences(f) {
			if t = strings.TrimSpace(t); t != "" {
				texts = append(texts, t)
			}
		}
		if len(texts) == 0 {
			continue
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO sheet_sentences (sheet_id, facet, position, text)
			SELECT $1, $2, n - 1, text FROM unnest($3::text[]) WITH ORDINALITY AS u(text, n)`, id, f, texts)
		if err != nil {
			return fmt.Errorf("write sentences: %w", err)
		}
	}
	return nil
}

func writeImage(ctx context.Context, tx pgx.Tx, id int64, img *catalog.Image) error {
	if img == nil {
		_, err := tx.Exec(ctx, `DELETE FROM sheet_images WHERE sheet_id = $1`, id)
		return err
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO sheet_images (sheet_id, file, alt, credit, consent) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (sheet_id) DO UPDATE
		SET file = EXCLUDED.file, alt = EXCLUDED.alt, credit = EXCLUDED.credit, consent = EXCLUDED.consent`,
		id, img.File, img.Alt, img.Credit, img.Consent)
	if err != nil {
		return fmt.Errorf("write image: %w", err)
	}
	return nil
}

// keepUnknownAsSentences moves the goal and target-group labels of sh that name no term of
// their vocabulary to the sheet's own sentences: those vocabularies are curated by the
// editors, a sheet never adds to them, and its words are kept.
func keepUnknownAsSentences(ctx context.Context, tx pgx.Tx, sh catalog.Sheet) (catalog.Sheet, error) {
	for _, f := range []catalog.Facet{catalog.FacetGoal, catalog.FacetTargetGroup} {
		var known []string
		for _, label := range sh.Terms[f] {
			var ok bool
			err := tx.QueryRow(ctx, `
				SELECT EXISTS (SELECT 1 FROM terms WHERE facet = $1 AND (norm(label) = norm($2) OR slug = $3))`,
				f, label, catalog.Slugify(label)).Scan(&ok)
			if err != nil {
				return sh, fmt.Errorf("find term %s %q: %w", f, label, err)
			}
			if ok {
				known = append(known, label)
				continue
			}
			sentences := &sh.Goals
			if f == catalog.FacetTargetGroup {
				sentences = &sh.TargetGroups
			}
			if !slices.ContainsFunc(*sentences, func(s string) bool { return catalog.Fold(s) == catalog.Fold(label) }) {
				*sentences = append(slices.Clone(*sentences), label)
			}
		}
		if len(known) != len(sh.Terms[f]) {
			terms := maps.Clone(sh.Terms)
			terms[f] = known
			sh.Terms = terms
		}
	}
	return sh, nil
}

// writeTerms links the sheet to the terms of its facets. Category and policy-domain terms are
// created when new (goal and target-group labels are all terms by now, see
// keepUnknownAsSentences); municipalities are only linked when they are in the vocabulary, and
// the places of local variants feed the municipality facet.
func writeTerms(ctx context.Context, tx pgx.Tx, id int64, sh catalog.Sheet) error {
	pos := 0
	link := func(termID int64) error {
		pos++
		_, err := tx.Exec(ctx, `
			INSERT INTO sheet_terms (sheet_id, term_id, position) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, id, termID, pos)
		return err
	}
	for _, f := range catalog.Facets {
		for _, label := range sh.Terms[f] {
			label = strings.TrimSpace(label)
			if label == "" {
				continue
			}
			if f == catalog.FacetMunicipality {
				termID, err := municipalityID(ctx, tx, catalog.Slugify(label))
				if errors.Is(err, catalog.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				if err := link(termID); err != nil {
					return fmt.Errorf("link municipality: %w", err)
				}
				continue
			}
			termID, err := ensureTerm(ctx, tx, f, label)
			if err != nil {
				return err
			}
			if err := link(termID); err != nil {
				return fmt.Errorf("link term: %w", err)
			}
		}
	}
	for _, v := range sh.Variants {
		for _, p := range v.Places {
			if p.TermSlug == "" {
				continue
			}
			termID, err := municipalityID(ctx, tx, p.TermSlug)
			if errors.Is(err, catalog.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if err := link(termID); err != nil {
				return fmt.Errorf("link variant municipality: %w", err)
			}
		}
	}
	return nil
}

func writeVariant(ctx context.Context, tx pgx.Tx, sheetID int64, pos int, v catalog.Variant) error {
	var vid int64
	err := tx.QueryRow(ctx, `
		INSERT INTO variants (sheet_id, position, body, contact, email) VALUES ($1, $2, $3, $4, $5)
		RETURNING id`, sheetID, pos, v.Text, v.Contact, v.Email).Scan(&vid)
	if err != nil {
		return fmt.Errorf("write variant: %w", err)
	}
	for i, p := range v.Places {
		var termID *int64
		if p.TermSlug != "" {
			id, err := municipalityID(ctx, tx, p.TermSlug)
			if err != nil && !errors.Is(err, catalog.ErrNotFound) {
				return err
			}
			if err == nil {
				termID = &id
			}
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO variant_places (variant_id, position, name, term_id) VALUES ($1, $2, $3, $4)`,
			vid, i, p.Name, termID)
		if err != nil {
			return fmt.Errorf("write variant place: %w", err)
		}
	}
	for i, l := range v.MoreInfo {
		_, err := tx.Exec(ctx, `
			INSERT INTO variant_links (variant_id, position, label, url) VALUES ($1, $2, $3, $4)`,
			vid, i, l.Label, l.URL)
		if err != nil {
			return fmt.Errorf("write variant link: %w", err)
		}
	}
	return nil
}

// writeRevision stores the snapshot of sheet id as revision rev.
func writeRevision(ctx context.Context, tx pgx.Tx, id int64, rev int, author, note string) error {
	sh, err := loadSheet(ctx, tx, id)
	if err != nil {
		return err
	}
	snap, err := json.Marshal(snapshotOf(sh))
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO sheet_revisions (sheet_id, revision, snapshot, author, note) VALUES ($1, $2, $3, $4, $5)`,
		id, rev, snap, author, note)
	if err != nil {
		return fmt.Errorf("write revision: %w", err)
	}
	return nil
}

// snapshotOf keeps the content of a sheet and drops its bookkeeping, so two snapshots are
// equal exactly when a reader would see the same sheet.
func snapshotOf(sh catalog.Sheet) catalog.Sheet {
	sh.ID, sh.Revision, sh.Status, sh.Source = 0, 0, "", ""
	sh.NeedsReview, sh.ReviewNotes = false, nil
	sh.CreatedAt, sh.UpdatedAt, sh.PublishedAt, sh.EditedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return sh
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

// reindex rebuilds the search row of sheet id from what is stored, and adds its words to the
// word list when it is published.
func reindex(ctx context.Context, tx pgx.Tx, id int64) error {
	sh, err := loadSheet(ctx, tx, id)
	if err != nil {
		return err
	}
	terms, body, plain := searchTexts(sh)
	if err := indexSheets(ctx, tx, []int64{id}, []string{terms}, []string{body}, []string{plain}); err != nil {
		return err
	}
	return addSearchWords(ctx, tx, id)
}

// searchTexts returns what the search row of sh is built from: its term labels, every text
// below its title and intro, and the plain intro and description that snippets are cut from.
func searchTexts(sh catalog.Sheet) (terms, body, plain string) {
	var labels []string
	for _, f := range catalog.Facets {
		labels = append(labels, sh.Terms[f]...)
	}
	labels = append(labels, sh.Goals...)
	labels = append(labels, sh.TargetGroups...)
	return strings.Join(labels, " · "), searchBody(sh), richtext.Plain(sh.Intro + "\n\n" + sh.Description)
}

// indexSheets writes the search rows of the sheets ids (their terms already stored), from
// terms, bodies and plains as searchTexts gives them, in one statement.
func indexSheets(ctx context.Context, tx pgx.Tx, ids []int64, terms, bodies, plains []string) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO sheet_search (sheet_id, published, title, title_folded, published_at, doc, words, body,
		                          categorie, doel, doelgroep, gemeente, beleidsdomein)
		SELECT s.id, s.status = 'published', s.title, norm(s.title), s.published_at,
		       setweight(to_tsvector('dutch_unaccent', s.title), 'A') ||
		       setweight(to_tsvector('dutch_unaccent', s.intro), 'B') ||
		       setweight(to_tsvector('dutch_unaccent', u.terms), 'C') ||
		       setweight(to_tsvector('dutch_unaccent', u.body), 'D'),
		       strip(to_tsvector('simple', norm(s.title || ' ' || s.intro || ' ' || u.terms || ' ' || u.body))),
		       u.plain,
		       ARRAY(SELECT term_id FROM sheet_terms st JOIN terms t ON t.id = st.term_id WHERE st.sheet_id = s.id AND t.facet = 'categorie' ORDER BY st.position),
		       ARRAY(SELECT term_id FROM sheet_terms st JOIN terms t ON t.id = st.term_id WHERE st.sheet_id = s.id AND t.facet = 'doel' ORDER BY st.position),
		       ARRAY(SELECT term_id FROM sheet_terms st JOIN terms t ON t.id = st.term_id WHERE st.sheet_id = s.id AND t.facet = 'doelgroep' ORDER BY st.position),
		       ARRAY(SELECT term_id FROM sheet_terms st JOIN terms t ON t.id = st.term_id WHERE st.sheet_id = s.id AND t.facet = 'gemeente' ORDER BY st.position),
		       ARRAY(SELECT term_id FROM sheet_terms st JOIN terms t ON t.id = st.term_id WHERE st.sheet_id = s.id AND t.facet = 'beleidsdomein' ORDER BY st.position)
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(id, terms, body, plain)
		JOIN sheets s ON s.id = u.id
		ON CONFLICT (sheet_id) DO UPDATE SET
		    published = EXCLUDED.published, title = EXCLUDED.title, title_folded = EXCLUDED.title_folded,
		    published_at = EXCLUDED.published_at, doc = EXCLUDED.doc, words = EXCLUDED.words,
		    body = EXCLUDED.body, categorie = EXCLUDED.categorie, doel = EXCLUDED.doel,
		    doelgroep = EXCLUDED.doelgroep, gemeente = EXCLUDED.gemeente, beleidsdomein = EXCLUDED.beleidsdomein`,
		ids, terms, bodies, plains)
	if err != nil {
		return fmt.Errorf("index sheets %v: %w", ids, err)
	}
	return nil
}

// searchBody is every text of a sheet below its title and intro, as plain text.
func searchBody(sh catalog.Sheet) string {
	parts := []string{sh.Description, sh.SuccessFactors, sh.Challenges, sh.Partners, sh.Contact}
	for _, v := range sh.Variants {
		for _, p := range v.Places {
			parts = append(parts, p.Name)
		}
		parts = append(parts, v.Text, v.Contact)
		for _, l := range v.MoreInfo {
			parts = append(parts, l.Label)
		}
	}
	for _, r := range sh.Resources {
		parts = append(parts, r.Title, r.ByWhom, r.ForWhom, r.Content, r.MoreInfo)
	}
	for _, sec := range sh.Sections {
		parts = append(parts, sec.Heading, sec.Body)
	}
	return richtext.Plain(strings.Join(parts, "\n\n"))
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
