package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/richtext"
)

// The one write path of a sheet's content. A new sheet (createSheets) and a new revision of
// one (updateSheet), for an import, a published submission, an editor's edit, the automatic
// tagging and a bulk load alike, go through the same steps: the row (insertSheetRows), the
// content (writeContents: fields, image, terms, sentences, variants, resources, sections), the
// search row (reindexSheets, from the sheet read back) and the revision (writeRevisions, the
// same sheet read back). Every step takes a batch: a single write is a batch of one, and
// SaveGenerated writes hundreds of sheets with one statement per table.

// createSheet inserts one new sheet with its first revision, dated now.
func createSheet(ctx context.Context, tx pgx.Tx, sh catalog.Sheet, author, note string) (SaveResult, error) {
	sh.CreatedAt, sh.UpdatedAt, sh.PublishedAt = time.Time{}, time.Time{}, time.Time{}
	res, err := createSheets(ctx, tx, []catalog.Sheet{sh}, author, note, true)
	if err != nil {
		return SaveResult{}, err
	}
	return res[0], nil
}

// createSheets inserts new sheets (published unless their Status says otherwise), each with
// its first revision, and says what it made of each, in order. Their CreatedAt, UpdatedAt and
// PublishedAt are kept when set (generated content spreads them out), now otherwise; their
// slugs are made unique by freeSlugs. words says whether their words join the search word list
// at once; a bulk load leaves that out and rebuilds the list once (RefreshSearchWords).
func createSheets(ctx context.Context, tx pgx.Tx, sheets []catalog.Sheet, author, note string, words bool) ([]SaveResult, error) {
	sheets = slices.Clone(sheets)
	slugs, err := freeSlugs(ctx, tx, sheets)
	if err != nil {
		return nil, err
	}
	ids, err := insertSheetRows(ctx, tx, sheets, slugs)
	if err != nil {
		return nil, err
	}
	created := make([]*time.Time, len(sheets))
	for i := range sheets {
		sheets[i].Slug = slugs[i]
		created[i] = optionalTime(sheets[i].CreatedAt)
	}
	loaded, err := writeContents(ctx, tx, ids, sheets, words)
	if err != nil {
		return nil, err
	}
	revs := make([]int, len(sheets))
	out := make([]SaveResult, len(sheets))
	for i := range sheets {
		revs[i] = 1
		out[i] = SaveResult{ID: ids[i], Slug: slugs[i], Revision: 1, Created: true, Changed: true}
	}
	if err := writeRevisions(ctx, tx, loaded, revs, author, note, created); err != nil {
		return nil, err
	}
	return out, nil
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
	loaded, err := writeContents(ctx, tx, []int64{id}, []catalog.Sheet{sh}, true)
	if err != nil {
		return 0, err
	}
	return rev, writeRevisions(ctx, tx, loaded, []int{rev}, author, note, nil)
}

// insertSheetRows inserts the rows of new sheets with their bookkeeping (the content follows
// in writeContents) and returns their ids, in order.
func insertSheetRows(ctx context.Context, tx pgx.Tx, sheets []catalog.Sheet, slugs []string) ([]int64, error) {
	n := len(sheets)
	var (
		titles, statuses, sources, notes = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		review                           = make([]bool, n)
		created, updated, published      = make([]*time.Time, n), make([]*time.Time, n), make([]*time.Time, n)
	)
	for i, sh := range sheets {
		status := sh.Status
		if status == "" {
			status = catalog.StatusPublished
		}
		js, _ := json.Marshal(nonNil(sh.ReviewNotes))
		titles[i], statuses[i], sources[i], notes[i], review[i] = sh.Title, string(status), sh.Source, string(js), sh.NeedsReview
		created[i], updated[i], published[i] = optionalTime(sh.CreatedAt), optionalTime(sh.UpdatedAt), optionalTime(sh.PublishedAt)
	}
	rows, err := tx.Query(ctx, `
		INSERT INTO sheets (slug, title, status, source, needs_review, review_notes, created_at, updated_at, published_at)
		SELECT u.slug, u.title, u.status, NULLIF(u.source, ''), u.needs_review,
		       ARRAY(SELECT jsonb_array_elements_text(u.notes::jsonb)),
		       COALESCE(u.created_at, now()), COALESCE(u.updated_at, u.created_at, now()),
		       CASE WHEN u.status = 'published' THEN COALESCE(u.published_at, now()) END
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::text[],
		            $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
		     AS u(slug, title, status, source, needs_review, notes, created_at, updated_at, published_at)
		RETURNING id, slug`,
		slugs, titles, statuses, sources, review, notes, created, updated, published)
	if err != nil {
		return nil, fmt.Errorf("insert sheets: %w", err)
	}
	bySlug := make(map[string]int64, n)
	var id int64
	var slug string
	if _, err := pgx.ForEachRow(rows, []any{&id, &slug}, func() error {
		bySlug[slug] = id
		return nil
	}); err != nil {
		return nil, fmt.Errorf("insert sheets: %w", err)
	}
	ids := make([]int64, n)
	for i, s := range slugs {
		if ids[i] = bySlug[s]; ids[i] == 0 {
			return nil, fmt.Errorf("insert sheets: no id returned for %q", s)
		}
	}
	return ids, nil
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// freeSlugs picks a free slug for each sheet: its own slug, else one made of its title, else
// "praktijk", with "-2", "-3", ... added while it is taken by a sheet, a former slug or an
// earlier sheet of the batch. One query answers the common case of no collision.
func freeSlugs(ctx context.Context, tx pgx.Tx, sheets []catalog.Sheet) ([]string, error) {
	bases := make([]string, len(sheets))
	for i, sh := range sheets {
		base := catalog.Slugify(sh.Slug)
		if base == "" {
			base = catalog.Slugify(sh.Title)
		}
		if base == "" {
			base = "praktijk"
		}
		bases[i] = base
	}
	taken := map[string]bool{}
	rows, err := tx.Query(ctx, `
		SELECT slug FROM sheets WHERE slug = ANY($1)
		UNION SELECT slug FROM sheet_slugs WHERE slug = ANY($1)`, bases)
	if err != nil {
		return nil, fmt.Errorf("check slugs: %w", err)
	}
	var slug string
	if _, err := pgx.ForEachRow(rows, []any{&slug}, func() error {
		taken[slug] = true
		return nil
	}); err != nil {
		return nil, fmt.Errorf("check slugs: %w", err)
	}
	checked := map[string]bool{}
	for _, b := range bases {
		checked[b] = true
	}
	used := map[string]bool{}
	out := make([]string, len(sheets))
	for i, base := range bases {
		candidate := base
		for n := 2; ; n++ {
			if !used[candidate] {
				if !checked[candidate] {
					checked[candidate] = true
					var exists bool
					err := tx.QueryRow(ctx, `
						SELECT EXISTS (SELECT 1 FROM sheets WHERE slug = $1)
						    OR EXISTS (SELECT 1 FROM sheet_slugs WHERE slug = $1)`, candidate).Scan(&exists)
					if err != nil {
						return nil, fmt.Errorf("check slug: %w", err)
					}
					taken[candidate] = exists
				}
				if !taken[candidate] {
					break
				}
			}
			candidate = fmt.Sprintf("%s-%d", base, n)
		}
		used[candidate] = true
		out[i] = candidate
	}
	return out, nil
}

// writeContents replaces everything the sheets ids hold (fields, image, terms, sentences,
// variants, resources, sections), rebuilds their search rows and bumps the catalogue version.
// It returns the sheets as stored, read back, for their revisions.
func writeContents(ctx context.Context, tx pgx.Tx, ids []int64, sheets []catalog.Sheet, words bool) ([]catalog.Sheet, error) {
	n := len(sheets)
	var titles, intros, descs, succ, chal, part, contact = make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, sh := range sheets {
		titles[i], intros[i], descs[i], succ[i] = sh.Title, sh.Intro, sh.Description, sh.SuccessFactors
		chal[i], part[i], contact[i] = sh.Challenges, sh.Partners, sh.Contact
	}
	_, err := tx.Exec(ctx, `
		UPDATE sheets s SET title = u.title, intro = u.intro, description = u.description,
		       success_factors = u.success_factors, challenges = u.challenges, partners = u.partners,
		       contact = u.contact
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
		     AS u(id, title, intro, description, success_factors, challenges, partners, contact)
		WHERE s.id = u.id`, ids, titles, intros, descs, succ, chal, part, contact)
	if err != nil {
		return nil, fmt.Errorf("write sheets %v: %w", ids, err)
	}
	for _, q := range []string{
		`DELETE FROM sheet_terms WHERE sheet_id = ANY($1)`,
		`DELETE FROM sheet_sentences WHERE sheet_id = ANY($1)`,
		`DELETE FROM variants WHERE sheet_id = ANY($1)`,
		`DELETE FROM resources WHERE sheet_id = ANY($1)`,
		`DELETE FROM sections WHERE sheet_id = ANY($1)`,
	} {
		if _, err := tx.Exec(ctx, q, ids); err != nil {
			return nil, fmt.Errorf("clear sheets %v: %w", ids, err)
		}
	}
	if err := writeImages(ctx, tx, ids, sheets); err != nil {
		return nil, err
	}
	sheets, err = keepUnknownAsSentences(ctx, tx, sheets)
	if err != nil {
		return nil, err
	}
	munis, err := resolveMunicipalities(ctx, tx, sheets)
	if err != nil {
		return nil, err
	}
	if err := writeTerms(ctx, tx, ids, sheets, munis); err != nil {
		return nil, err
	}
	if err := writeSentences(ctx, tx, ids, sheets); err != nil {
		return nil, err
	}
	if err := writeVariants(ctx, tx, ids, sheets, munis); err != nil {
		return nil, err
	}
	var resources, sections [][]any
	for i, sh := range sheets {
		for ri, r := range sh.Resources {
			resources = append(resources, []any{ids[i], int32(ri), r.Title, r.ByWhom, r.ForWhom, r.Content, r.MoreInfo})
		}
		for si, sec := range sh.Sections {
			sections = append(sections, []any{ids[i], int32(si), sec.Heading, sec.Body})
		}
	}
	if err := copyRows(ctx, tx, "resources", []string{"sheet_id", "position", "title", "by_whom", "for_whom", "content", "more_info"}, resources); err != nil {
		return nil, err
	}
	if err := copyRows(ctx, tx, "sections", []string{"sheet_id", "position", "heading", "body"}, sections); err != nil {
		return nil, err
	}
	loaded, err := reindexSheets(ctx, tx, ids, words)
	if err != nil {
		return nil, err
	}
	return loaded, bumpVersion(ctx, tx)
}

// copyRows writes rows into table with COPY; nothing when there are none.
func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("write %s: %w", table, err)
	}
	return nil
}

// writeImages stores the picture of each sheet that has one and removes that of each that
// has none.
func writeImages(ctx context.Context, tx pgx.Tx, ids []int64, sheets []catalog.Sheet) error {
	var without, with []int64
	var files, alts, credits []string
	var consents []bool
	for i, sh := range sheets {
		if sh.Image == nil {
			without = append(without, ids[i])
			continue
		}
		with = append(with, ids[i])
		files, alts, credits = append(files, sh.Image.File), append(alts, sh.Image.Alt), append(credits, sh.Image.Credit)
		consents = append(consents, sh.Image.Consent)
	}
	if len(without) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM sheet_images WHERE sheet_id = ANY($1)`, without); err != nil {
			return fmt.Errorf("write image: %w", err)
		}
	}
	if len(with) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO sheet_images (sheet_id, file, alt, credit, consent)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bool[])
		ON CONFLICT (sheet_id) DO UPDATE
		SET file = EXCLUDED.file, alt = EXCLUDED.alt, credit = EXCLUDED.credit, consent = EXCLUDED.consent`,
		with, files, alts, credits, consents)
	if err != nil {
		return fmt.Errorf("write image: %w", err)
	}
	return nil
}

// keepUnknownAsSentences moves the goal and target-group labels of the sheets that name no
// term of their vocabulary to each sheet's own sentences: those vocabularies are curated by the
// editors, a sheet never adds to them, and its words are kept.
func keepUnknownAsSentences(ctx context.Context, tx pgx.Tx, sheets []catalog.Sheet) ([]catalog.Sheet, error) {
	tagged := []catalog.Facet{catalog.FacetGoal, catalog.FacetTargetGroup}
	type key struct {
		facet catalog.Facet
		label string
	}
	known := map[key]bool{} // each label the sheets name, asked once
	var facets, labels, slugs []string
	for _, sh := range sheets {
		for _, f := range tagged {
			for _, label := range sh.Terms[f] {
				if _, ok := known[key{f, label}]; !ok {
					known[key{f, label}] = false
					facets, labels, slugs = append(facets, string(f)), append(labels, label), append(slugs, catalog.Slugify(label))
				}
			}
		}
	}
	if len(labels) == 0 {
		return sheets, nil
	}
	rows, err := tx.Query(ctx, `
		SELECT u.facet, u.label FROM unnest($1::text[], $2::text[], $3::text[]) AS u(facet, label, slug)
		WHERE EXISTS (SELECT 1 FROM terms WHERE facet = u.facet AND (norm(label) = norm(u.label) OR slug = u.slug))`,
		facets, labels, slugs)
	if err != nil {
		return nil, fmt.Errorf("find terms: %w", err)
	}
	var k key
	if _, err := pgx.ForEachRow(rows, []any{&k.facet, &k.label}, func() error {
		known[k] = true
		return nil
	}); err != nil {
		return nil, fmt.Errorf("find terms: %w", err)
	}
	out := slices.Clone(sheets)
	for si := range out {
		sh := &out[si]
		for _, f := range tagged {
			var kept []string
			all := sh.Terms[f]
			for _, label := range all {
				if known[key{f, label}] {
					kept = append(kept, label)
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
			if len(kept) != len(all) {
				terms := maps.Clone(sh.Terms)
				terms[f] = kept
				sh.Terms = terms
			}
		}
	}
	return out, nil
}

// resolveMunicipalities maps each municipality slug the sheets name (as a term, slugified, or
// as the place of a variant) to its current term, through a former slug or a merge; a slug
// that names no municipality is left out.
func resolveMunicipalities(ctx context.Context, tx pgx.Tx, sheets []catalog.Sheet) (map[string]catalog.Term, error) {
	want := map[string]bool{}
	for _, sh := range sheets {
		for _, label := range sh.Terms[catalog.FacetMunicipality] {
			if label = strings.TrimSpace(label); label != "" {
				want[catalog.Slugify(label)] = true
			}
		}
		for _, v := range sh.Variants {
			for _, p := range v.Places {
				if p.TermSlug != "" {
					want[p.TermSlug] = true
				}
			}
		}
	}
	out := map[string]catalog.Term{}
	if len(want) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, `
		SELECT t.slug, c.id, c.slug, c.label
		FROM terms t JOIN terms c ON c.id = COALESCE(t.merged_into, t.id)
		WHERE t.facet = 'gemeente' AND t.slug = ANY($1)`, slices.Collect(maps.Keys(want)))
	if err != nil {
		return nil, fmt.Errorf("find municipalities: %w", err)
	}
	var slug string
	var t catalog.Term
	if _, err := pgx.ForEachRow(rows, []any{&slug, &t.ID, &t.Slug, &t.Label}, func() error {
		t.Facet = catalog.FacetMunicipality
		out[slug] = t
		return nil
	}); err != nil {
		return nil, fmt.Errorf("find municipalities: %w", err)
	}
	return out, nil
}

// writeTerms links each sheet to the terms of its facets, in order; a term named twice is
// linked once. Category and policy-domain terms are created when new (goal and target-group
// labels are all terms by now, see keepUnknownAsSentences); municipalities are only linked when
// they are in the vocabulary, and the places of local variants feed the municipality facet.
func writeTerms(ctx context.Context, tx pgx.Tx, ids []int64, sheets []catalog.Sheet, munis map[string]catalog.Term) error {
	type key struct {
		facet catalog.Facet
		label string
	}
	curated := map[key]int64{}
	var rows [][]any
	for i, sh := range sheets {
		pos := 0 // counts every link attempted, as the positions always have
		linked := map[int64]bool{}
		link := func(termID int64) {
			pos++
			if !linked[termID] {
				linked[termID] = true
				rows = append(rows, []any{ids[i], termID, int32(pos)})
			}
		}
		for _, f := range catalog.Facets {
			for _, label := range sh.Terms[f] {
				label = strings.TrimSpace(label)
				switch {
				case label == "":
				case f == catalog.FacetMunicipality:
					if m, ok := munis[catalog.Slugify(label)]; ok {
						link(m.ID)
					}
				default:
					id, ok := curated[key{f, label}]
					if !ok {
						var err error
						if id, err = ensureTerm(ctx, tx, f, label); err != nil {
							return err
						}
						curated[key{f, label}] = id
					}
					link(id)
				}
			}
		}
		for _, v := range sh.Variants {
			for _, p := range v.Places {
				if m, ok := munis[p.TermSlug]; ok && p.TermSlug != "" {
					link(m.ID)
				}
			}
		}
	}
	return copyRows(ctx, tx, "sheet_terms", []string{"sheet_id", "term_id", "position"}, rows)
}

// writeSentences stores each sheet's own goals and target groups, word for word.
func writeSentences(ctx context.Context, tx pgx.Tx, ids []int64, sheets []catalog.Sheet) error {
	var rows [][]any
	for i, sh := range sheets {
		for _, f := range []catalog.Facet{catalog.FacetGoal, catalog.FacetTargetGroup} {
			pos := 0
			for _, t := range sh.Sentences(f) {
				if t = strings.TrimSpace(t); t != "" {
					rows = append(rows, []any{ids[i], string(f), int32(pos), t})
					pos++
				}
			}
		}
	}
	return copyRows(ctx, tx, "sheet_sentences", []string{"sheet_id", "facet", "position", "text"}, rows)
}

// writeVariants stores the local variants of each sheet with their places (linked to the
// municipality when it is in the vocabulary) and links.
func writeVariants(ctx context.Context, tx pgx.Tx, ids []int64, sheets []catalog.Sheet, munis map[string]catalog.Term) error {
	var vSheet []int64
	var vPos []int32
	var vBody, vContact, vEmail []string
	for i, sh := range sheets {
		for vi, v := range sh.Variants {
			vSheet, vPos = append(vSheet, ids[i]), append(vPos, int32(vi))
			vBody, vContact, vEmail = append(vBody, v.Text), append(vContact, v.Contact), append(vEmail, v.Email)
		}
	}
	if len(vSheet) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `
		INSERT INTO variants (sheet_id, position, body, contact, email)
		SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[])
		RETURNING id, sheet_id, position`, vSheet, vPos, vBody, vContact, vEmail)
	if err != nil {
		return fmt.Errorf("write variants: %w", err)
	}
	type key struct {
		sheet int64
		pos   int32
	}
	vids := map[key]int64{}
	var vid, sid int64
	var p int32
	if _, err := pgx.ForEachRow(rows, []any{&vid, &sid, &p}, func() error {
		vids[key{sid, p}] = vid
		return nil
	}); err != nil {
		return fmt.Errorf("write variants: %w", err)
	}
	var places, links [][]any
	for i, sh := range sheets {
		for vi, v := range sh.Variants {
			vid := vids[key{ids[i], int32(vi)}]
			for pi, pl := range v.Places {
				var termID *int64
				if m, ok := munis[pl.TermSlug]; ok && pl.TermSlug != "" {
					termID = &m.ID
				}
				places = append(places, []any{vid, int32(pi), pl.Name, termID})
			}
			for li, l := range v.MoreInfo {
				links = append(links, []any{vid, int32(li), l.Label, l.URL})
			}
		}
	}
	if err := copyRows(ctx, tx, "variant_places", []string{"variant_id", "position", "name", "term_id"}, places); err != nil {
		return err
	}
	return copyRows(ctx, tx, "variant_links", []string{"variant_id", "position", "label", "url"}, links)
}

// writeRevisions stores the snapshot of each sheet as stored (read back) as its revision
// revs[i], dated created[i] or now.
func writeRevisions(ctx context.Context, tx pgx.Tx, stored []catalog.Sheet, revs []int, author, note string, created []*time.Time) error {
	n := len(stored)
	ids, snaps := make([]int64, n), make([]string, n)
	numbers := make([]int32, n)
	if created == nil {
		created = make([]*time.Time, n)
	}
	for i, sh := range stored {
		snap, err := json.Marshal(snapshotOf(sh))
		if err != nil {
			return fmt.Errorf("snapshot: %w", err)
		}
		ids[i], snaps[i], numbers[i] = sh.ID, string(snap), int32(revs[i])
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO sheet_revisions (sheet_id, revision, snapshot, author, note, created_at)
		SELECT u.id, u.revision, u.snapshot::jsonb, $4, $5, COALESCE(u.created_at, now())
		FROM unnest($1::bigint[], $2::int[], $3::text[], $6::timestamptz[]) AS u(id, revision, snapshot, created_at)`,
		ids, numbers, snaps, author, note, created)
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

// reindex rebuilds the search row of sheet id from what is stored, and adds its words to the
// word list when it is published.
func reindex(ctx context.Context, tx pgx.Tx, id int64) error {
	_, err := reindexSheets(ctx, tx, []int64{id}, true)
	return err
}

// reindexSheets rebuilds the search rows of the sheets ids from what is stored (and, with
// words, adds the words of the published ones to the word list), and returns the sheets as
// read.
func reindexSheets(ctx context.Context, tx pgx.Tx, ids []int64, words bool) ([]catalog.Sheet, error) {
	stored, err := loadSheets(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	terms, bodies, plains := make([]string, len(ids)), make([]string, len(ids)), make([]string, len(ids))
	for i, sh := range stored {
		terms[i], bodies[i], plains[i] = searchTexts(sh)
	}
	if err := indexSheets(ctx, tx, ids, terms, bodies, plains); err != nil {
		return nil, err
	}
	if words {
		for _, id := range ids {
			if err := addSearchWords(ctx, tx, id); err != nil {
				return nil, err
			}
		}
	}
	return stored, nil
}

// searchTexts returns what the search row of sh is built from: its term labels, every text
// below its title and intro, and the plain text that snippets are cut from (the intro, then
// every text below it, so that a snippet can show a word found in a variant or a section).
func searchTexts(sh catalog.Sheet) (terms, body, plain string) {
	var labels []string
	for _, f := range catalog.Facets {
		labels = append(labels, sh.Terms[f]...)
	}
	labels = append(labels, sh.Goals...)
	labels = append(labels, sh.TargetGroups...)
	body = searchBody(sh)
	return strings.Join(labels, " · "), body, snippetText(sh)
}

// snippetText is the plain text that a result's snippet is cut from: the intro, then every
// text below it, one field (a description, a resource's title, its author, …) a line, so that
// a snippet can tell where one field ends and the next begins (web.joinFields).
func snippetText(sh catalog.Sheet) string {
	fields := []string{richtext.Plain(sh.Intro)}
	for _, t := range sh.BodyTexts() {
		if p := richtext.Plain(t); p != "" {
			fields = append(fields, p)
		}
	}
	return strings.Join(fields, "\n")
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
	return richtext.Plain(strings.Join(sh.BodyTexts(), "\n\n"))
}

// snippetFieldsDone names in reference_data the rebuild of the snippet texts into one field a
// line (snippetText): a catalogue indexed before that has its texts rebuilt once.
const snippetFieldsDone = "snippet-fields"

// UpgradeSnippetTexts rebuilds, once per database, the search rows of every sheet indexed
// before the snippet text kept its fields apart, so that their snippets no longer run a
// material's title, author and audience together. It is done in batches, and marked done
// only at the end: an interrupted run starts over at the next start.
func (s *Store) UpgradeSnippetTexts(ctx context.Context) (int, error) {
	var done bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM reference_data WHERE name = $1)`, snippetFieldsDone).Scan(&done); err != nil {
		return 0, fmt.Errorf("store: upgrade snippet texts: %w", err)
	}
	if done {
		return 0, nil
	}
	n := 0
	for after := int64(0); ; {
		var ids []int64
		err := s.transact(ctx, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, `SELECT sheet_id FROM sheet_search WHERE sheet_id > $1 ORDER BY sheet_id LIMIT 500`, after)
			if err != nil {
				return err
			}
			ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil || len(ids) == 0 {
				return err
			}
			_, err = reindexSheets(ctx, tx, ids, false)
			return err
		})
		if err != nil {
			return n, fmt.Errorf("store: upgrade snippet texts: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		n += len(ids)
		after = ids[len(ids)-1]
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO reference_data (name) VALUES ($1) ON CONFLICT DO NOTHING`, snippetFieldsDone); err != nil {
		return n, fmt.Errorf("store: upgrade snippet texts: %w", err)
	}
	return n, nil
}
