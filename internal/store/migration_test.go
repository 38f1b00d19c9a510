package store_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/migrations"
)

// migrationsBefore is the project's migrations up to, not including, the one named first.
func migrationsBefore(t *testing.T, first string) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if n >= first {
			continue
		}
		b, err := fs.ReadFile(migrations.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		out[n] = &fstest.MapFile{Data: b}
	}
	return out
}

// A database of the shape before goal sentences (every goal and target group a term of its
// own) keeps every word: the sentences move onto their sheets, the sheets are tagged with the
// curated terms, and the one-off terms are gone.
func TestMigrateSentenceTerms(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.NewWith(t, migrationsBefore(t, "00008"))
	sentences := map[string]string{ // slug → label of the old terms
		"vijfjarige-kleuters": "Vijfjarige kleuters die binnenkort de overstap maken naar het eerste leerjaar, en hun gezin",
		"kinderarmoede":       "Kinderarmoede terugdringen",
		"xylofoon":            "Xylofoonles voor iedereen die wil",
	}
	var sheetID int64
	err := pool.QueryRow(ctx, `
		INSERT INTO sheets (slug, title, status, published_at) VALUES ('oud', 'Een oude fiche', 'published', now())
		RETURNING id`).Scan(&sheetID)
	if err != nil {
		t.Fatal(err)
	}
	pos := 0
	for slug, label := range map[string]string{"vijfjarige-kleuters": sentences["vijfjarige-kleuters"]} {
		pos++
		if _, err := pool.Exec(ctx, `
			WITH t AS (INSERT INTO terms (facet, slug, label) VALUES ('doelgroep', $1, $2) RETURNING id)
			INSERT INTO sheet_terms (sheet_id, term_id, position) SELECT $3, id, $4 FROM t`, slug, label, sheetID, pos); err != nil {
			t.Fatal(err)
		}
	}
	for _, slug := range []string{"kinderarmoede", "xylofoon"} {
		pos++
		if _, err := pool.Exec(ctx, `
			WITH t AS (INSERT INTO terms (facet, slug, label) VALUES ('doel', $1, $2) RETURNING id)
			INSERT INTO sheet_terms (sheet_id, term_id, position) SELECT $3, id, $4 FROM t`, slug, sentences[slug], sheetID, pos); err != nil {
			t.Fatal(err)
		}
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := store.Migrate(ctx, pool, logger); err != nil {
		t.Fatal(err)
	}
	st := store.New(pool)
	if err := app.Bootstrap(ctx, st, logger); err != nil {
		t.Fatal(err)
	}

	sh, err := st.SheetBySlug(ctx, "oud")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{sentences["kinderarmoede"], sentences["xylofoon"]}; !slices.Equal(sh.Goals, want) {
		t.Errorf("goals = %q, want %q", sh.Goals, want)
	}
	if want := []string{sentences["vijfjarige-kleuters"]}; !slices.Equal(sh.TargetGroups, want) {
		t.Errorf("target groups = %q, want %q", sh.TargetGroups, want)
	}
	for _, want := range []string{"Jonge kinderen (0-6 jaar)", "Gezinnen en ouders"} {
		if !slices.Contains(sh.Terms[catalog.FacetTargetGroup], want) {
			t.Errorf("target-group terms = %q, want %q among them", sh.Terms[catalog.FacetTargetGroup], want)
		}
	}
	if !slices.Contains(sh.Terms[catalog.FacetGoal], "Armoede bestrijden") {
		t.Errorf("goal terms = %q, want Armoede bestrijden", sh.Terms[catalog.FacetGoal])
	}
	// The sentence no keyword names is flagged for an editor, with the sentence shown.
	if !sh.NeedsReview || !slices.ContainsFunc(sh.ReviewNotes, func(n string) bool { return strings.Contains(n, "Xylofoonles") }) {
		t.Errorf("needs review %v, notes %q: want the untagged sentence named", sh.NeedsReview, sh.ReviewNotes)
	}
	if sh.Revision != 2 {
		t.Errorf("revision = %d, want 2 (the tagging is a revision of its own)", sh.Revision)
	}
	// The one-off terms are gone: an old facet URL naming one finds no term (the catalogue
	// then shows a notice, not a wrong filter).
	for slug := range sentences {
		if _, err := st.TermBySlug(ctx, catalog.FacetGoal, slug); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("doel/%s: err = %v, want not found", slug, err)
		}
	}
	// Filtering on a curated term finds the sheet.
	term, err := st.TermBySlug(ctx, catalog.FacetTargetGroup, "jonge-kinderen")
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.Search(ctx, store.SearchQuery{Filters: map[catalog.Facet][]int64{catalog.FacetTargetGroup: {term.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].Slug != "oud" {
		t.Errorf("filter on jonge kinderen: %d hits %q", res.Total, titles(res.Hits))
	}
	// A second start changes nothing.
	if err := app.Bootstrap(ctx, st, logger); err != nil {
		t.Fatal(err)
	}
	again, _ := st.SheetBySlug(ctx, "oud")
	if again.Revision != sh.Revision {
		t.Errorf("a restart made revision %d", again.Revision)
	}
}

// Mails that the worker only logged before migration 00015 (a note said so) are logged, not
// sent; mails that were sent stay sent.
func TestMigrateLoggedMails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.NewWith(t, migrationsBefore(t, "00015"))
	if _, err := pool.Exec(ctx, `
		INSERT INTO outbox (kind, to_addr, subject, body, sent_at, last_error) VALUES
		('invitation', 'a@gemeente.be', 'Gelogd', '.', now(), 'Niet echt verzonden: er is geen SMTP-server ingesteld, de mail staat enkel in het logboek.'),
		('invitation', 'b@gemeente.be', 'Verzonden', '.', now(), ''),
		('invitation', 'c@gemeente.be', 'Wachtend', '.', NULL, '421 later')`); err != nil {
		t.Fatal(err)
	}
	if err := store.Migrate(ctx, pool, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	page, err := store.New(pool).Mails(ctx, store.MailQuery{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.MailStatus{}
	for _, m := range page.Mails {
		got[m.Subject] = m.Status
		if m.Subject == "Gelogd" && m.LastError != "" {
			t.Errorf("the note stays as an error: %q", m.LastError)
		}
	}
	if got["Gelogd"] != store.MailLogged || got["Verzonden"] != store.MailSent || got["Wachtend"] != store.MailPending {
		t.Errorf("statuses after the migration: %v", got)
	}
}
