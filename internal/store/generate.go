package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

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
// New sheets are written with a few set-based statements (COPY and unnest) instead of a
// round trip per row, so that tens of thousands of sheets load in seconds; what they store is
// exactly what createSheet would store, except that CreatedAt, UpdatedAt and PublishedAt are
// taken from the sheet when set (spread-out dates for generated content). Slugs are made
// unique with a "-2", "-3", ... suffix as by createSheet.
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
		if err := insertSheets(ctx, tx, fresh, author, "generate"); err != nil {
			return err
		}
		res.Created = len(fresh)
		return bumpVersion(ctx, tx)
	})
	if err != nil {
		return BatchResult{}, fmt.Errorf("store: save generated sheets: %w", mapErr(err))
	}
	return res, nil
}

// batchTerm is a term as a sheet links it: its id, facet and stored label.
type batchTerm struct {
	id    int64
	facet catalog.Facet
	label string
}

// batchMunicipality is a municipality slug resolved to the current term.
type batchMunicipality struct {
	id    int64
	slug  string
	label string
}

// insertSheets creates sheets that do not exist yet, in bulk. It mirrors createSheet,
// writeContent, writeTerms, reindex and writeRevision; the integration tests of package
// generate compare the two paths row by row.
func insertSheets(ctx context.Context, tx pgx.Tx, sheets []catalog.Sheet, author, note string) error {
	// Vocabulary: curated terms through ensureTerm (creating missing ones, following merges),
	// municipalities by slug (current or former) to the current term.
	curated := map[catalog.Facet]map[string]int64{}
	muniSlugs := map[string]bool{}
	for _, sh := range sheets {
		for _, f := range catalog.Facets {
			for _, label := range sh.Terms[f] {
				label = strings.TrimSpace(label)
				switch {
				case label == "":
				case f == catalog.FacetMunicipality:
					muniSlugs[catalog.Slugify(label)] = true
				default:
					if curated[f] == nil {
						curated[f] = map[string]int64{}
					}
					curated[f][label] = 0
				}
			}
		}
		for _, v := range sh.Variants {
			for _, p := range v.Places {
				if p.TermSlug != "" {
					muniSlugs[p.TermSlug] = true
				}
			}
		}
	}
	var termIDs []int64
	for f, labels := range curated {
		for label := range labels {
			id, err := ensureTerm(ctx, tx, f, label)
			if err != nil {
				return err
			}
			labels[label] = id
			termIDs = append(termIDs, id)
		}
	}
	terms := map[int64]batchTerm{}
	rows, err := tx.Query(ctx, `SELECT id, facet, label FROM terms WHERE id = ANY($1)`, termIDs)
	if err != nil {
		return fmt.Errorf("load terms: %w", err)
	}
	var t batchTerm
	if _, err := pgx.ForEachRow(rows, []any{&t.id, &t.facet, &t.label}, func() error {
		terms[t.id] = t
		return nil
	}); err != nil {
		return fmt.Errorf("load terms: %w", err)
	}
	munis := map[string]batchMunicipality{}
	if len(muniSlugs) > 0 {
		slugs := make([]string, 0, len(muniSlugs))
		for s := range muniSlugs {
			slugs = append(slugs, s)
		}
		rows, err := tx.Query(ctx, `
			SELECT t.slug, c.id, c.slug, c.label
			FROM terms t JOIN terms c ON c.id = COALESCE(t.merged_into, t.id)
			WHERE t.facet = 'gemeente' AND t.slug = ANY($1)`, slugs)
		if err != nil {
			return fmt.Errorf("load municipalities: %w", err)
		}
		var slug string
		var m batchMunicipality
		if _, err := pgx.ForEachRow(rows, []any{&slug, &m.id, &m.slug, &m.label}, func() error {
			munis[slug] = m
			terms[m.id] = batchTerm{id: m.id, facet: catalog.FacetMunicipality, label: m.label}
			return nil
		}); err != nil {
			return fmt.Errorf("load municipalities: %w", err)
		}
	}

	slugs, err := batchSlugs(ctx, tx, sheets)
	if err != nil {
		return err
	}

	// The sheets themselves.
	n := len(sheets)
	var (
		cSlug, cTitle, cIntro, cDesc, cSucc, cChal, cPart, cContact = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		cStatus, cSource, cNotes                                    = make([]string, n), make([]string, n), make([]string, n)
		cReview                                                     = make([]bool, n)
		cCreated, cUpdated, cPublished                              = make([]*time.Time, n), make([]*time.Time, n), make([]*time.Time, n)
	)
	opt := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	for i, sh := range sheets {
		status := sh.Status
		if status == "" {
			status = catalog.StatusPublished
		}
		notes, _ := json.Marshal(nonNil(sh.ReviewNotes))
		cSlug[i], cTitle[i], cIntro[i], cDesc[i] = slugs[i], sh.Title, sh.Intro, sh.Description
		cSucc[i], cChal[i], cPart[i], cContact[i] = sh.SuccessFactors, sh.Challenges, sh.Partners, sh.Contact
		cStatus[i], cSource[i], cNotes[i], cReview[i] = string(status), sh.Source, string(notes), sh.NeedsReview
		cCreated[i], cUpdated[i], cPublished[i] = opt(sh.CreatedAt), opt(sh.UpdatedAt), opt(sh.PublishedAt)
	}
	rows, err = tx.Query(ctx, `
		INSERT INTO sheets (slug, title, intro, description, success_factors, challenges, partners, contact,
		                    status, source, needs_review, review_notes, created_at, updated_at, published_at)
		SELECT u.slug, u.title, u.intro, u.description, u.success_factors, u.challenges, u.partners, u.contact,
		       u.status, u.source, u.needs_review, ARRAY(SELECT jsonb_array_elements_text(u.notes::jsonb)),
		       COALESCE(u.created_at, now()), COALESCE(u.updated_at, u.created_at, now()),
		       CASE WHEN u.status = 'published' THEN COALESCE(u.published_at, now()) END
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
		            $9::text[], $10::text[], $11::bool[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[])
		     AS u(slug, title, intro, description, success_factors, challenges, partners, contact,
		          status, source, needs_review, notes, created_at, updated_at, published_at)
		RETURNING id, source`,
		cSlug, cTitle, cIntro, cDesc, cSucc, cChal, cPart, cContact, cStatus, cSource, cReview, cNotes,
		cCreated, cUpdated, cPublished)
	if err != nil {
		return fmt.Errorf("insert sheets: %w", err)
	}
	ids := make(map[string]int64, n)
	var id int64
	var src string
	if _, err := pgx.ForEachRow(rows, []any{&id, &src}, func() error {
		ids[src] = id
		return nil
	}); err != nil {
		return fmt.Errorf("insert sheets: %w", err)
	}

	// Everything that hangs off a sheet, as writeContent writes it; and per sheet what
	// loadSheet would read back, for the search row and the revision snapshot.
	var (
		termRows, sentenceRows, placeRows, linkRows, resourceRows, sectionRows, revisionRows [][]any
		vSheet                                                                               []int64
		vPos                                                                                 []int32
		vBody, vContact, vEmail                                                              []string
		sID                                                                                  []int64
		sTerms, sBody, sPlain                                                                []string
	)
	loaded := make([]catalog.Sheet, n)
	for i, sh := range sheets {
		id := ids[sh.Source]
		if id == 0 {
			return fmt.Errorf("insert sheets: no id returned for %q", sh.Source)
		}
		if sh.Image != nil {
			if err := writeImage(ctx, tx, id, sh.Image); err != nil {
				return err
			}
		}
		// writeTerms: positions count every link attempted, duplicates included.
		var linked []batchTerm
		linkedIDs := map[int64]bool{}
		pos := 0
		link := func(termID int64) {
			pos++
			if linkedIDs[termID] {
				return
			}
			linkedIDs[termID] = true
			linked = append(linked, terms[termID])
			termRows = append(termRows, []any{id, termID, int32(pos)})
		}
		for _, f := range catalog.Facets {
			for _, label := range sh.Terms[f] {
				label = strings.TrimSpace(label)
				if label == "" {
					continue
				}
				if f == catalog.FacetMunicipality {
					if m, ok := munis[catalog.Slugify(label)]; ok {
						link(m.id)
					}
					continue
				}
				link(curated[f][label])
			}
		}
		for _, v := range sh.Variants {
			for _, p := range v.Places {
				if m, ok := munis[p.TermSlug]; ok && p.TermSlug != "" {
					link(m.id)
				}
			}
		}

		ld := catalog.Sheet{
			ID: id, Slug: slugs[i], Title: sh.Title, Intro: sh.Intro, Description: sh.Description,
			SuccessFactors: sh.SuccessFactors, Challenges: sh.Challenges, Partners: sh.Partners,
			Contact: sh.Contact, Terms: map[catalog.Facet][]string{},
		}
		if sh.Image != nil {
			img := catalog.Image{File: sh.Image.File, Alt: sh.Image.Alt, Credit: sh.Image.Credit, Consent: sh.Image.Consent}
			ld.Image = &img
		}
		for _, t := range linked {
			ld.Terms[t.facet] = append(ld.Terms[t.facet], t.label)
		}
		// writeSentences
		for _, f := range []catalog.Facet{catalog.FacetGoal, catalog.FacetTargetGroup} {
			for si, text := range sh.Sentences(f) {
				sentenceRows = append(sentenceRows, []any{id, string(f), int32(si), text})
			}
		}
		ld.Goals, ld.TargetGroups = sh.Goals, sh.TargetGroups
		for vi, v := range sh.Variants {
			vSheet, vPos = append(vSheet, id), append(vPos, int32(vi))
			vBody, vContact, vEmail = append(vBody, v.Text), append(vContact, v.Contact), append(vEmail, v.Email)
			lv := catalog.Variant{Text: v.Text, Contact: v.Contact, Email: v.Email}
			for _, p := range v.Places {
				slug := ""
				if m, ok := munis[p.TermSlug]; ok && p.TermSlug != "" {
					slug = m.slug
				}
				lv.Places = append(lv.Places, catalog.Place{Name: p.Name, TermSlug: slug})
			}
			for _, l := range v.MoreInfo {
				lv.MoreInfo = append(lv.MoreInfo, catalog.Link{Label: l.Label, URL: l.URL})
			}
			ld.Variants = append(ld.Variants, lv)
		}
		for ri, r := range sh.Resources {
			resourceRows = append(resourceRows, []any{id, int32(ri), r.Title, r.ByWhom, r.ForWhom, r.Content, r.MoreInfo})
			ld.Resources = append(ld.Resources, r)
		}
		for si, sec := range sh.Sections {
			sectionRows = append(sectionRows, []any{id, int32(si), sec.Heading, sec.Body})
			ld.Sections = append(ld.Sections, sec)
		}
		loaded[i] = ld

		// reindex
		terms, body, plain := searchTexts(ld)
		sID = append(sID, id)
		sTerms = append(sTerms, terms)
		sBody = append(sBody, body)
		sPlain = append(sPlain, plain)

		// writeRevision
		snap, err := json.Marshal(snapshotOf(ld))
		if err != nil {
			return fmt.Errorf("snapshot: %w", err)
		}
		created := time.Now()
		if !sh.CreatedAt.IsZero() {
			created = sh.CreatedAt
		}
		revisionRows = append(revisionRows, []any{id, int32(1), json.RawMessage(snap), author, note, created})
	}

	copyRows := func(table string, cols []string, rows [][]any) error {
		if len(rows) == 0 {
			return nil
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
		return nil
	}
	if err := copyRows("sheet_terms", []string{"sheet_id", "term_id", "position"}, termRows); err != nil {
		return err
	}
	if err := copyRows("sheet_sentences", []string{"sheet_id", "facet", "position", "text"}, sentenceRows); err != nil {
		return err
	}
	if len(vSheet) > 0 {
		rows, err := tx.Query(ctx, `
			INSERT INTO variants (sheet_id, position, body, contact, email)
			SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[])
			RETURNING id, sheet_id, position`, vSheet, vPos, vBody, vContact, vEmail)
		if err != nil {
			return fmt.Errorf("insert variants: %w", err)
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
			return fmt.Errorf("insert variants: %w", err)
		}
		for _, sh := range sheets {
			id := ids[sh.Source]
			for vi, v := range sh.Variants {
				vid := vids[key{id, int32(vi)}]
				for pi, pl := range v.Places {
					var termID *int64
					if m, ok := munis[pl.TermSlug]; ok && pl.TermSlug != "" {
						termID = &m.id
					}
					placeRows = append(placeRows, []any{vid, int32(pi), pl.Name, termID})
				}
				for li, l := range v.MoreInfo {
					linkRows = append(linkRows, []any{vid, int32(li), l.Label, l.URL})
				}
			}
		}
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"variant_places", []string{"variant_id", "position", "name", "term_id"}, placeRows},
		{"variant_links", []string{"variant_id", "position", "label", "url"}, linkRows},
		{"resources", []string{"sheet_id", "position", "title", "by_whom", "for_whom", "content", "more_info"}, resourceRows},
		{"sections", []string{"sheet_id", "position", "heading", "body"}, sectionRows},
		{"sheet_revisions", []string{"sheet_id", "revision", "snapshot", "author", "note", "created_at"}, revisionRows},
	} {
		if err := copyRows(c.table, c.cols, c.rows); err != nil {
			return err
		}
	}

	return indexSheets(ctx, tx, sID, sTerms, sBody, sPlain)
}

// batchSlugs picks a free slug for each sheet as uniqueSlug does, also keeping the slugs of
// the batch apart from each other, with one query for the common case of no collision.
func batchSlugs(ctx context.Context, tx pgx.Tx, sheets []catalog.Sheet) ([]string, error) {
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
