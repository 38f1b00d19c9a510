package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// submit stores and sends a submission through the submission API and returns it with its
// private token.
func modSubmit(t *testing.T, st *store.Store, n store.NewSubmission) (catalog.Submission, string) {
	t.Helper()
	ctx := context.Background()
	token := fmt.Sprintf("token-%s-%d", t.Name(), len(n.Content.Title)+int(n.SheetID))
	n.TokenHash = testdb.TokenHash(token)
	if n.Submitter.Email == "" {
		n.Submitter = catalog.Submitter{Name: "An Peeters", Organisation: "Gemeente Genk", Email: "an@genk.be"}
	}
	sub, err := st.CreateSubmission(ctx, n, store.Notices{})
	if err != nil {
		t.Fatal(err)
	}
	sub, err = st.Submit(ctx, n.TokenHash, sub.Version, store.Notices{})
	if err != nil {
		t.Fatal(err)
	}
	return sub, token
}

func modContent(title string) catalog.Sheet {
	return catalog.Sheet{
		Title:       title,
		Intro:       "Buren koken samen en eten samen, elke woensdag.",
		Description: "Een kok van het OCMW begeleidt de groep.",
		Terms: map[catalog.Facet][]string{
			catalog.FacetCategory: {"Ontmoeting & participatie"},
			catalog.FacetGoal:     {"Samen koken met buren"},
		},
		Variants: []catalog.Variant{{
			Places: []catalog.Place{{Name: "Genk", TermSlug: "genk"}},
			Text:   "In het buurthuis.", Contact: "koken@genk.be", Email: "koken@genk.be",
		}},
	}
}

// mails returns the outbox rows as "kind to subject\nbody".
func modMails(t *testing.T, st *store.Store) []string {
	t.Helper()
	rows, err := st.Pool().Query(context.Background(), `SELECT kind || ' ' || to_addr || ' ' || subject || E'\n' || body FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func modAudit(t *testing.T, st *store.Store, objectType string) []string {
	t.Helper()
	rows, err := st.Pool().Query(context.Background(), `
		SELECT action FROM audit_log WHERE object_type = $1 ORDER BY id`, objectType)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// testMail is the MailFunc of the tests: it names the outcome so tests can check it.
func modMail(kind string) store.MailFunc {
	return func(o store.Outcome) store.Mail {
		return store.Mail{Kind: kind, To: o.Submission.Submitter.Email, Subject: kind + " " + o.Submission.Content.Title,
			Body: fmt.Sprintf("sheet=%s revision=%d reason=%s", o.SheetSlug, o.Revision, o.Submission.Reason)}
	}
}

func modFindSheet(t *testing.T, st *store.Store, text string) catalog.Sheet {
	t.Helper()
	res, err := st.Search(context.Background(), store.SearchQuery{Text: text})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search %q: %v, %d hits", text, err, len(res.Hits))
	}
	sh, err := st.SheetBySlug(context.Background(), res.Hits[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	return sh
}

func modSearchTotal(t *testing.T, st *store.Store, text string) int {
	t.Helper()
	res, err := st.Search(context.Background(), store.SearchQuery{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func TestApproveNewSubmission(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	sub, _ := modSubmit(t, st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{
		Content: modContent("Kookclub voor buren")}})

	q, err := st.Queue(ctx, store.QueueFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Items) != 1 || q.New != 1 || q.Changes != 0 || q.Items[0].Title != "Kookclub voor buren" ||
		!slices.Equal(q.Items[0].Municipalities, []string{"Genk"}) || q.Items[0].Organisation != "Gemeente Genk" {
		t.Fatalf("queue = %+v", q)
	}
	if q, _ := st.Queue(ctx, store.QueueFilter{Kind: catalog.KindChange}); len(q.Items) != 0 || q.New != 1 {
		t.Errorf("change filter = %+v", q)
	}
	rv, err := st.ReviewSubmission(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := rv.NewTerms[catalog.FacetGoal]; !slices.Equal(got, []string{"Samen koken met buren"}) {
		t.Errorf("new terms = %q", rv.NewTerms)
	}
	if len(rv.NewTerms[catalog.FacetCategory]) != 0 {
		t.Errorf("an existing category is reported new: %q", rv.NewTerms)
	}

	out, err := st.ApproveSubmission(ctx, store.Decision{SubmissionID: sub.ID, Version: sub.Version, EditorID: editor}, modMail("approved"))
	if err != nil {
		t.Fatal(err)
	}
	if out.Revision != 1 || out.SheetSlug != "kookclub-voor-buren" {
		t.Errorf("outcome = %+v", out)
	}
	sh, err := st.SheetBySlug(ctx, out.SheetSlug)
	if err != nil {
		t.Fatal(err)
	}
	if sh.Status != catalog.StatusPublished || sh.Source != store.SubmissionSource(sub.ID) || sh.Intro != modContent("").Intro {
		t.Errorf("published sheet = %+v", sh)
	}
	if !slices.Contains(sh.Terms[catalog.FacetMunicipality], "Genk") {
		t.Errorf("municipalities = %q", sh.Terms[catalog.FacetMunicipality])
	}
	if modSearchTotal(t, st, "kookclub") != 1 {
		t.Error("the approved sheet is not found")
	}
	vocab, _ := st.Vocabulary(ctx)
	if slices.ContainsFunc(vocab, func(tm catalog.Term) bool { return tm.Label == "Samen koken met buren" }) {
		t.Error("a goal label that is no term became a term on approval")
	}
	if !slices.Contains(sh.Goals, "Samen koken met buren") {
		t.Errorf("goals %q: a goal label that is no term is kept as the sheet's own goal", sh.Goals)
	}
	got, _ := st.SubmissionByID(ctx, sub.ID)
	if got.Status != catalog.SubmissionApproved || got.DecidedAt.IsZero() || got.Version != sub.Version+1 {
		t.Errorf("submission after approval: %s, decided %v, version %d", got.Status, got.DecidedAt, got.Version)
	}
	rv, _ = st.ReviewSubmission(ctx, sub.ID)
	if rv.DecidedBy != "Redacteur eva@praktijkbank.test" || rv.SheetSlug != out.SheetSlug {
		t.Errorf("decided by %q, sheet %q", rv.DecidedBy, rv.SheetSlug)
	}
	m := modMails(t, st)
	if len(m) != 1 || !strings.HasPrefix(m[0], "approved an@genk.be") || !strings.Contains(m[0], "sheet=kookclub-voor-buren") {
		t.Errorf("mails = %q", m)
	}
	if a := modAudit(t, st, "submission"); !slices.Equal(a, []string{"approve"}) {
		t.Errorf("audit = %q", a)
	}
	if q, _ := st.Queue(ctx, store.QueueFilter{}); len(q.Items) != 0 {
		t.Errorf("queue after approval: %+v", q.Items)
	}
	// A second approval of the same version loses, and writes nothing.
	_, err = st.ApproveSubmission(ctx, store.Decision{SubmissionID: sub.ID, Version: sub.Version, EditorID: editor}, modMail("approved"))
	if !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("second approval: %v, want ErrConflict", err)
	}
	if len(modMails(t, st)) != 1 {
		t.Error("a failed approval wrote a mail")
	}
	if _, err := st.ApproveSubmission(ctx, store.Decision{SubmissionID: 999999, Version: 1, EditorID: editor}, nil); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("unknown submission: %v", err)
	}
}

func TestApproveChangeOnNewerSheet(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	sheet := modFindSheet(t, st, "Talentcoaches")
	if sheet.Revision != 1 {
		t.Fatalf("seed revision %d", sheet.Revision)
	}
	content := sheet
	content.Description = sheet.Description + "\n\nSinds 2025 ook in de lagere school."
	sub, _ := modSubmit(t, st, store.NewSubmission{Kind: catalog.KindChange, SheetID: sheet.ID, BaseRevision: 1,
		SubmissionInput: store.SubmissionInput{Content: content}})

	// An editor fixes a typo meanwhile: the sheet moves to revision 2.
	edited := sheet
	edited.Intro = sheet.Intro + " (herzien)"
	if _, err := st.EditSheet(ctx, store.SheetEdit{SheetID: sheet.ID, Revision: 1, EditorID: editor, Sheet: edited}); err != nil {
		t.Fatal(err)
	}
	rv, err := st.ReviewSubmission(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rv.Base == nil || rv.Base.Revision != 1 || rv.Sheet == nil || rv.Sheet.Revision != 2 {
		t.Fatalf("review base %v, live %v", rv.Base, rv.Sheet)
	}
	if rv.Base.Description != sheet.Description {
		t.Error("the base snapshot is not the sheet as it was")
	}
	q, _ := st.Queue(ctx, store.QueueFilter{Kind: catalog.KindChange})
	if len(q.Items) != 1 || q.Items[0].SheetTitle != sheet.Title {
		t.Errorf("queue = %+v", q.Items)
	}

	out, err := st.ApproveSubmission(ctx, store.Decision{SubmissionID: sub.ID, Version: sub.Version, EditorID: editor}, modMail("approved"))
	if err != nil {
		t.Fatal(err)
	}
	if out.Revision != 3 || out.SheetID != sheet.ID || out.SheetSlug != sheet.Slug {
		t.Errorf("outcome = %+v", out)
	}
	after, _ := st.SheetBySlug(ctx, sheet.Slug)
	if after.Revision != 3 || !strings.Contains(after.Description, "Sinds 2025") {
		t.Errorf("sheet after approval: revision %d, description %q", after.Revision, after.Description)
	}
	revs, err := st.Revisions(ctx, sheet.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 3 || revs[0].Number != 3 || revs[0].Note == "" {
		t.Errorf("revisions = %+v", revs)
	}
	old, info, err := st.Revision(ctx, sheet.ID, 1)
	if err != nil || old.Intro != sheet.Intro || info.Number != 1 {
		t.Errorf("revision 1: %v %q", err, old.Intro)
	}
	if _, _, err := st.Revision(ctx, sheet.ID, 9); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("revision 9: %v", err)
	}
}

func TestRejectSubmission(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	sub, _ := modSubmit(t, st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{
		Content: modContent("Reclame voor een bakkerij")}})
	d := store.Decision{SubmissionID: sub.ID, Version: sub.Version, EditorID: editor}
	if _, err := st.RejectSubmission(ctx, d, "  ", modMail("rejected")); err == nil {
		t.Error("an empty reason was accepted")
	}
	if _, err := st.RejectSubmission(ctx, d, "Geen praktijk van een lokaal bestuur.", modMail("rejected")); err != nil {
		t.Fatal(err)
	}
	got, _ := st.SubmissionByID(ctx, sub.ID)
	if got.Status != catalog.SubmissionRejected || got.Reason != "Geen praktijk van een lokaal bestuur." {
		t.Errorf("after rejection: %s %q", got.Status, got.Reason)
	}
	m := modMails(t, st)
	if len(m) != 1 || !strings.HasPrefix(m[0], "rejected an@genk.be") || !strings.Contains(m[0], "reason=Geen praktijk") {
		t.Errorf("mails = %q", m)
	}
	if n, _ := st.CountSheets(ctx); n != 5 {
		t.Errorf("%d sheets after a rejection", n)
	}
	if a := modAudit(t, st, "submission"); !slices.Equal(a, []string{"reject"}) {
		t.Errorf("audit = %q", a)
	}
}

// TestQuestionAddsLink checks that a question mail carries a link of its own while the link
// the submitter had keeps opening the submission.
func TestQuestionAddsLink(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	sub, oldToken := modSubmit(t, st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{
		Content: modContent("Kookclub")}})
	out, err := st.AskSubmitter(ctx, store.Decision{SubmissionID: sub.ID, Version: sub.Version, EditorID: editor},
		"Wie betaalt de ingrediënten?", testdb.TokenHash("new-token"), modMail("question"))
	if err != nil {
		t.Fatal(err)
	}
	if out.Version != sub.Version+1 {
		t.Errorf("version after question = %d", out.Version)
	}
	if old, err := st.SubmissionByToken(ctx, testdb.TokenHash(oldToken)); err != nil || old.ID != sub.ID {
		t.Errorf("the link the submitter had no longer opens the submission: %v", err)
	}
	if _, err := st.SubmissionByToken(ctx, testdb.TokenHash("no-such-token")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("an unknown link: %v, want ErrNotFound", err)
	}
	got, err := st.SubmissionByToken(ctx, testdb.TokenHash("new-token"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != catalog.SubmissionQuestion || len(got.Messages) != 1 ||
		got.Messages[0].Author != "editor" || got.Messages[0].Body != "Wie betaalt de ingrediënten?" {
		t.Errorf("after question: %s %+v", got.Status, got.Messages)
	}
	if m := modMails(t, st); len(m) != 1 || !strings.HasPrefix(m[0], "question an@genk.be") {
		t.Errorf("mails = %q", m)
	}
	q, _ := st.Queue(ctx, store.QueueFilter{})
	if len(q.Items) != 1 || q.Items[0].Status != catalog.SubmissionQuestion || q.Questions != 1 {
		t.Errorf("a questioned submission stays in the queue: %+v", q)
	}
	// The submitter answers with the new link; the submission is back with the editors.
	if _, err := st.AnswerQuestion(ctx, testdb.TokenHash("new-token"), "De gemeente.", store.Notices{}); err != nil {
		t.Fatal(err)
	}
	rv, _ := st.ReviewSubmission(ctx, sub.ID)
	if rv.Submission.Status != catalog.SubmissionSubmitted || len(rv.Submission.Messages) != 2 {
		t.Errorf("after answer: %s, %d messages", rv.Submission.Status, len(rv.Submission.Messages))
	}
	// The editor acts on the version after the answer; the stale one loses.
	if _, err := st.ApproveSubmission(ctx, store.Decision{SubmissionID: sub.ID, Version: out.Version, EditorID: editor}, nil); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("approval of a version before the answer: %v", err)
	}
	if _, err := st.ApproveSubmission(ctx, store.Decision{SubmissionID: sub.ID, Version: rv.Submission.Version, EditorID: editor}, nil); err != nil {
		t.Error(err)
	}
}

func TestEditBeforeApprove(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	sub, _ := modSubmit(t, st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{
		Content: modContent("Kookklub")}})
	fixed := sub.Content
	fixed.Title = "Kookclub"
	version, err := st.EditSubmission(ctx, store.Decision{SubmissionID: sub.ID, Version: sub.Version, EditorID: editor}, fixed, sub.Submitter)
	if err != nil {
		t.Fatal(err)
	}
	if version != sub.Version+1 {
		t.Errorf("version after edit = %d", version)
	}
	if _, err := st.EditSubmission(ctx, store.Decision{SubmissionID: sub.ID, Version: sub.Version, EditorID: editor}, fixed, sub.Submitter); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("edit of a stale version: %v", err)
	}
	got, _ := st.SubmissionByID(ctx, sub.ID)
	if got.Content.Title != "Kookclub" || got.Status != catalog.SubmissionSubmitted {
		t.Errorf("after edit: %q %s", got.Content.Title, got.Status)
	}
	out, err := st.ApproveSubmission(ctx, store.Decision{SubmissionID: sub.ID, Version: version, EditorID: editor}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if out.SheetSlug != "kookclub" {
		t.Errorf("published as %q, want the edited title", out.SheetSlug)
	}
	if a := modAudit(t, st, "submission"); !slices.Equal(a, []string{"edit", "approve"}) {
		t.Errorf("audit = %q", a)
	}
}

// TestConcurrentApprovals: two editors approve the same submission at once; exactly one wins
// and exactly one sheet is created.
func TestConcurrentApprovals(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	eva := modEditor(t, st, "eva@praktijkbank.test")
	jan := modEditor(t, st, "jan@praktijkbank.test")
	sub, _ := modSubmit(t, st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{
		Content: modContent("Kookclub")}})
	for round := 0; round < 1; round++ {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for i, editor := range []int64{eva, jan} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = st.ApproveSubmission(ctx, store.Decision{SubmissionID: sub.ID, Version: sub.Version, EditorID: editor}, modMail("approved"))
			}()
		}
		close(start)
		wg.Wait()
		won, lost := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, catalog.ErrConflict):
				lost++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if won != 1 || lost != 1 {
			t.Errorf("%d approvals won, %d lost; want exactly one each", won, lost)
		}
	}
	var n int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM sheets WHERE source = $1`, store.SubmissionSource(sub.ID)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d sheets created", n)
	}
	if m := modMails(t, st); len(m) != 1 {
		t.Errorf("%d mails, want one", len(m))
	}
}

func TestUnpublishAndArchive(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	sheet := modFindSheet(t, st, "Trampoline")
	before := modSearchTotal(t, st, "Trampoline")
	v0, _ := st.CatalogVersion(ctx)
	if err := st.SetSheetStatus(ctx, editor, sheet.ID, catalog.StatusUnpublished); err != nil {
		t.Fatal(err)
	}
	if got := modSearchTotal(t, st, "Trampoline"); got != before-1 {
		t.Errorf("after unpublishing: %d results, want %d", got, before-1)
	}
	if v1, _ := st.CatalogVersion(ctx); v1 <= v0 {
		t.Error("catalogue version not bumped")
	}
	if err := st.SetSheetStatus(ctx, editor, sheet.ID, catalog.StatusArchived); err != nil {
		t.Fatal(err)
	}
	got, _ := st.SheetBySlug(ctx, sheet.Slug)
	if got.Status != catalog.StatusArchived || got.Revision != sheet.Revision {
		t.Errorf("after archiving: %s revision %d", got.Status, got.Revision)
	}
	if all, _ := st.Search(ctx, store.SearchQuery{}); all.Total != 4 {
		t.Errorf("catalogue holds %d sheets, want 4", all.Total)
	}
	if err := st.SetSheetStatus(ctx, editor, sheet.ID, catalog.StatusPublished); err != nil {
		t.Fatal(err)
	}
	if got := modSearchTotal(t, st, "Trampoline"); got != before {
		t.Errorf("after republishing: %d results", got)
	}
	if a := modAudit(t, st, "sheet"); !slices.Equal(a, []string{"unpublish", "archive", "publish"}) {
		t.Errorf("audit = %q", a)
	}
	if err := st.SetSheetStatus(ctx, editor, 999999, catalog.StatusArchived); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("unknown sheet: %v", err)
	}
}

func TestEditSheetRenamesSlug(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	sheet := modFindSheet(t, st, "Trampoline")
	other := modFindSheet(t, st, "Talentcoaches")
	edit := sheet
	edit.Title, edit.Slug = "Dorp rond het kind (Trampoline)", "dorp-rond-het-kind-trampoline"
	res, err := st.EditSheet(ctx, store.SheetEdit{SheetID: sheet.ID, Revision: sheet.Revision, EditorID: editor, Sheet: edit, Note: "Titel verduidelijkt"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Revision != sheet.Revision+1 || res.Slug != edit.Slug {
		t.Errorf("result = %+v", res)
	}
	_, err = st.SheetBySlug(ctx, sheet.Slug)
	var moved *store.MovedError
	if !errors.As(err, &moved) || moved.Slug != edit.Slug {
		t.Errorf("old slug: %v", err)
	}
	// A stale edit loses.
	if _, err := st.EditSheet(ctx, store.SheetEdit{SheetID: sheet.ID, Revision: sheet.Revision, EditorID: editor, Sheet: edit}); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("stale edit: %v", err)
	}
	// Another sheet's slug (current or former) is taken; a malformed one is refused.
	edit.Slug = other.Slug
	if _, err := st.EditSheet(ctx, store.SheetEdit{SheetID: sheet.ID, Revision: res.Revision, EditorID: editor, Sheet: edit}); !errors.Is(err, store.ErrSlugTaken) {
		t.Errorf("taken slug: %v", err)
	}
	edit.Slug = "Met Hoofdletters"
	if _, err := st.EditSheet(ctx, store.SheetEdit{SheetID: sheet.ID, Revision: res.Revision, EditorID: editor, Sheet: edit}); !errors.Is(err, store.ErrSlugInvalid) {
		t.Errorf("malformed slug: %v", err)
	}
	// Taking back the former slug works.
	edit.Slug = sheet.Slug
	back, err := st.EditSheet(ctx, store.SheetEdit{SheetID: sheet.ID, Revision: res.Revision, EditorID: editor, Sheet: edit})
	if err != nil || back.Slug != sheet.Slug {
		t.Fatalf("taking back the old slug: %v %+v", err, back)
	}
	if _, err := st.SheetBySlug(ctx, "dorp-rond-het-kind-trampoline"); !errors.As(err, &moved) || moved.Slug != sheet.Slug {
		t.Errorf("intermediate slug: %v", err)
	}
	revs, _ := st.Revisions(ctx, sheet.ID)
	if len(revs) != 3 || revs[1].Note != "Titel verduidelijkt" {
		t.Errorf("revisions = %+v", revs)
	}
}

func TestListSheetsAndReview(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	list, err := st.ListSheets(ctx, store.SheetFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if list.Total != 5 || len(list.Rows) != 5 {
		t.Fatalf("list = %d / %d", list.Total, len(list.Rows))
	}
	var flagged int
	for _, r := range list.Rows {
		if r.NeedsReview {
			flagged++
		}
	}
	page, _ := st.ListSheets(ctx, store.SheetFilter{Text: "talentcoach"})
	if page.Total != 1 {
		t.Errorf("text filter: %d", page.Total)
	}
	sheet := page.Rows[0]
	if _, err := st.Pool().Exec(ctx, `UPDATE sheets SET needs_review = true, review_notes = '{"titel afgeleid"}' WHERE id = $1`, sheet.ID); err != nil {
		t.Fatal(err)
	}
	review, _ := st.ListSheets(ctx, store.SheetFilter{NeedsReview: true})
	if !slices.ContainsFunc(review.Rows, func(r store.SheetRow) bool { return r.ID == sheet.ID && r.ReviewNotes[0] == "titel afgeleid" }) {
		t.Errorf("flagged list = %+v", review.Rows)
	}
	if err := st.MarkSheetReviewed(ctx, editor, sheet.ID); err != nil {
		t.Fatal(err)
	}
	sh, _ := st.SheetByID(ctx, sheet.ID)
	if sh.NeedsReview || len(sh.ReviewNotes) != 0 {
		t.Errorf("after review: %v %q", sh.NeedsReview, sh.ReviewNotes)
	}
	if err := st.SetSheetStatus(ctx, editor, sheet.ID, catalog.StatusArchived); err != nil {
		t.Fatal(err)
	}
	archived, _ := st.ListSheets(ctx, store.SheetFilter{Status: catalog.StatusArchived})
	if archived.Total != 1 || archived.Rows[0].ID != sheet.ID {
		t.Errorf("archived = %+v", archived)
	}
	_ = flagged
}

func TestReasonTemplates(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	rejects, err := st.ReasonTemplates(ctx, store.ReasonReject)
	if err != nil {
		t.Fatal(err)
	}
	if len(rejects) != 2 {
		t.Fatalf("%d reject templates from the migration", len(rejects))
	}
	id, err := st.SaveReasonTemplate(ctx, editor, store.ReasonTemplate{Kind: store.ReasonQuestion, Title: "Contact", Body: "Wie is de contactpersoon?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveReasonTemplate(ctx, editor, store.ReasonTemplate{ID: id, Kind: store.ReasonQuestion, Title: "Contactpersoon", Body: "Wie?"}); err != nil {
		t.Fatal(err)
	}
	got, err := st.ReasonTemplateByID(ctx, id)
	if err != nil || got.Title != "Contactpersoon" || got.Body != "Wie?" {
		t.Errorf("after update: %+v %v", got, err)
	}
	if err := st.DeleteReasonTemplate(ctx, editor, id); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReasonTemplateByID(ctx, id); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	if err := st.DeleteReasonTemplate(ctx, editor, id); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if a := modAudit(t, st, "reason_template"); !slices.Equal(a, []string{"create", "update", "delete"}) {
		t.Errorf("audit = %q", a)
	}
}

func TestApproveCarriesPhoto(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	content := modContent("Kookclub met foto")
	content.Image = &catalog.Image{File: "kook.jpg", Alt: "Buren aan het fornuis", Consent: true}
	sub, _ := modSubmit(t, st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{
		Content: content,
		Image:   &store.SubmissionImage{File: "kook.jpg", ContentType: "image/jpeg", Data: []byte("full"), Thumb: []byte("thumb"), Width: 10, Height: 10},
	}})
	out, err := st.ApproveSubmission(ctx, store.Decision{SubmissionID: sub.ID, Version: sub.Version, EditorID: editor}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var alt, contentType string
	var data []byte
	err = st.Pool().QueryRow(ctx, `SELECT alt, content_type, data FROM sheet_images WHERE sheet_id = $1`, out.SheetID).Scan(&alt, &contentType, &data)
	if err != nil || alt != "Buren aan het fornuis" || contentType != "image/jpeg" || string(data) != "full" {
		t.Errorf("sheet image: %v %q %q %q", err, alt, contentType, data)
	}
}

// Only an editor's published change makes a sheet "edited": not the import, a re-import of a
// changed document, the automatic tagging or a status change.
func TestEditedAtOnlyByEditors(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	editor := modEditor(t, st, "eva@praktijkbank.test")
	sheet := modFindSheet(t, st, "Trampoline")
	if !sheet.EditedAt.IsZero() {
		t.Fatalf("an imported sheet is edited at %v", sheet.EditedAt)
	}
	reimport := sheet
	reimport.Intro = "Een nieuwe inleiding uit de bron."
	res, err := st.SaveImported(ctx, reimport, "import")
	if err != nil || !res.Changed {
		t.Fatalf("re-import: %+v, %v", res, err)
	}
	for _, status := range []catalog.Status{catalog.StatusUnpublished, catalog.StatusPublished} {
		if err := st.SetSheetStatus(ctx, editor, sheet.ID, status); err != nil {
			t.Fatal(err)
		}
	}
	after, err := st.SheetByID(ctx, sheet.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !after.EditedAt.IsZero() || after.Revision != sheet.Revision+1 {
		t.Errorf("after a re-import and a status change: revision %d, edited at %v", after.Revision, after.EditedAt)
	}
	before := time.Now()
	edit := after
	edit.Intro = "Door de redactie verduidelijkt."
	if _, err := st.EditSheet(ctx, store.SheetEdit{SheetID: sheet.ID, Revision: after.Revision, EditorID: editor, Sheet: edit}); err != nil {
		t.Fatal(err)
	}
	edited, err := st.SheetByID(ctx, sheet.ID)
	if err != nil {
		t.Fatal(err)
	}
	if edited.EditedAt.Before(before.Add(-time.Minute)) {
		t.Errorf("after an editor's edit: edited at %v", edited.EditedAt)
	}
	// A search result carries the same date; the others none.
	res2, err := st.Search(ctx, store.SearchQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res2.Hits {
		if got := !h.EditedAt.IsZero(); got != (h.ID == sheet.ID) {
			t.Errorf("%s: edited at %v", h.Title, h.EditedAt)
		}
	}
	// A later re-import does not move the date an editor set.
	reimport.Intro = "Nog een nieuwe inleiding uit de bron."
	if _, err := st.SaveImported(ctx, reimport, "import"); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.SheetByID(ctx, sheet.ID); !again.EditedAt.Equal(edited.EditedAt) {
		t.Errorf("a re-import moved the edit date from %v to %v", edited.EditedAt, again.EditedAt)
	}
}
