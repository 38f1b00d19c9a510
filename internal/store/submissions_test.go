package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func subSheet(title string) catalog.Sheet {
	return catalog.Sheet{
		Title: title,
		Intro: "Een korte inleiding.",
		Terms: map[catalog.Facet][]string{
			catalog.FacetCategory: {"Inclusieve vrije tijd"},
			catalog.FacetGoal:     {"Een gloednieuw doel voor de test"},
		},
		Description: "Wat de praktijk doet.",
		Variants: []catalog.Variant{{
			Places: []catalog.Place{{Name: "Genk", TermSlug: "genk"}},
			Text:   "In Genk.", Contact: "jan@genk.be", Email: "jan@genk.be",
		}},
	}
}

var subSubmitter = catalog.Submitter{Name: "An Peeters", Organisation: "Gemeente Genk", Email: "an@genk.be"}

// subAddUser adds an account directly; the accounts code is not under test here.
func subAddUser(t *testing.T, st *store.Store, email string, role catalog.Role, disabled bool) {
	t.Helper()
	_, err := st.Pool().Exec(context.Background(), `
		INSERT INTO users (email, name, role, password_hash, disabled_at)
		VALUES ($1, $1, $2, 'x', CASE WHEN $3 THEN now() END)`, email, role, disabled)
	if err != nil {
		t.Fatal(err)
	}
}

// outbox returns kind and recipient of every mail in the outbox, in order.
func subOutbox(t *testing.T, st *store.Store) [][2]string {
	t.Helper()
	rows, err := st.Pool().Query(context.Background(), `SELECT kind, to_addr FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var m [2]string
		if err := rows.Scan(&m[0], &m[1]); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func subSetStatus(t *testing.T, st *store.Store, id int64, status catalog.SubmissionStatus) {
	t.Helper()
	_, err := st.Pool().Exec(context.Background(), `UPDATE submissions SET status = $2, version = version + 1 WHERE id = $1`, id, status)
	if err != nil {
		t.Fatal(err)
	}
}

func subCreate(t *testing.T, st *store.Store, token string, sh catalog.Sheet) catalog.Submission {
	t.Helper()
	sub, err := st.CreateSubmission(context.Background(), store.NewSubmission{
		Kind: catalog.KindNew, TokenHash: testdb.TokenHash(token),
		SubmissionInput: store.SubmissionInput{Content: sh, Submitter: subSubmitter},
	}, store.Notices{})
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestSubmissionLifeCycle(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	subAddUser(t, st, "redactie@praktijkbank.be", catalog.RoleEditor, false)
	subAddUser(t, st, "admin@praktijkbank.be", catalog.RoleAdmin, false)
	subAddUser(t, st, "weg@praktijkbank.be", catalog.RoleEditor, true)

	img := &store.SubmissionImage{File: "foto.jpg", ContentType: "image/jpeg", Data: []byte("full"), Thumb: []byte("thumb"), Width: 4, Height: 3}
	sub, err := st.CreateSubmission(ctx, store.NewSubmission{
		Kind: catalog.KindNew, TokenHash: testdb.TokenHash("tok-a"),
		SubmissionInput: store.SubmissionInput{Content: subSheet("Buurtrestaurant"), Submitter: subSubmitter, Image: img},
	}, store.Notices{})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != catalog.SubmissionDraft || sub.Kind != catalog.KindNew || !sub.HasImage || sub.Version != 1 {
		t.Fatalf("created %+v", sub)
	}
	if sub.Content.Title != "Buurtrestaurant" || sub.Content.Variants[0].Places[0].TermSlug != "genk" || sub.Submitter != subSubmitter {
		t.Errorf("content not kept: %+v", sub.Content)
	}
	got, err := st.SubmissionImage(ctx, sub.ID)
	if err != nil || string(got.Thumb) != "thumb" || got.File != "foto.jpg" {
		t.Errorf("image = %+v, %v", got, err)
	}
	if len(subOutbox(t, st)) != 0 {
		t.Error("a draft without notices wrote mail")
	}

	tests := []struct {
		name   string
		do     func() (catalog.Submission, error)
		want   catalog.SubmissionStatus
		errIs  error
		mails  int // mails added to the outbox
		detail func(t *testing.T, sub catalog.Submission)
	}{
		{
			name: "draft save keeps status, replaces content, removes the photo",
			do: func() (catalog.Submission, error) {
				sh := subSheet("Buurtrestaurant De Tafel")
				return st.SaveDraft(ctx, testdb.TokenHash("tok-a"), store.SubmissionInput{Content: sh, Submitter: subSubmitter, RemoveImage: true},
					store.Notices{Submitter: &store.Mail{Kind: "confirmation", To: subSubmitter.Email, Subject: "klad", Body: "link"}})
			},
			want: catalog.SubmissionDraft, mails: 1,
			detail: func(t *testing.T, sub catalog.Submission) {
				if sub.Content.Title != "Buurtrestaurant De Tafel" || sub.HasImage || sub.Version != 2 {
					t.Errorf("after save: %q image %v version %d", sub.Content.Title, sub.HasImage, sub.Version)
				}
			},
		},
		{
			name: "submit at a stale version is refused",
			do: func() (catalog.Submission, error) {
				return st.Submit(ctx, testdb.TokenHash("tok-a"), 1, store.Notices{})
			},
			errIs: catalog.ErrConflict,
		},
		{
			name: "submit sends to the editors",
			do: func() (catalog.Submission, error) {
				return st.Submit(ctx, testdb.TokenHash("tok-a"), 2, store.Notices{
					Submitter: &store.Mail{Kind: "confirmation", To: subSubmitter.Email, Subject: "bevestiging", Body: "link"},
					Editors:   &store.Mail{Kind: "editor-notice", Subject: "nieuw", Body: "kijk"},
				})
			},
			want: catalog.SubmissionSubmitted, mails: 3, // the submitter and two active editors
			detail: func(t *testing.T, sub catalog.Submission) {
				if sub.SubmittedAt.IsZero() {
					t.Error("no submission time")
				}
				var terms int
				err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM terms WHERE label = 'Een gloednieuw doel voor de test'`).Scan(&terms)
				if err != nil || terms != 0 {
					t.Errorf("a goal label of a submission made %d terms (%v): the vocabulary is the editors'", terms, err)
				}
			},
		},
		{
			name: "a draft save after sending is refused",
			do: func() (catalog.Submission, error) {
				return st.SaveDraft(ctx, testdb.TokenHash("tok-a"), store.SubmissionInput{Content: subSheet("x")}, store.Notices{})
			},
			errIs: catalog.ErrConflict,
		},
		{
			name: "edit while waiting keeps it in the queue",
			do: func() (catalog.Submission, error) {
				return st.UpdateByToken(ctx, testdb.TokenHash("tok-a"), store.SubmissionInput{Content: subSheet("Buurtrestaurant Samen"), Submitter: subSubmitter},
					store.Notices{Editors: &store.Mail{Kind: "editor-notice", Subject: "aangepast", Body: "kijk"}})
			},
			want: catalog.SubmissionSubmitted, mails: 2,
			detail: func(t *testing.T, sub catalog.Submission) {
				if sub.Content.Title != "Buurtrestaurant Samen" {
					t.Errorf("title %q", sub.Content.Title)
				}
			},
		},
		{
			name: "no answer without a question",
			do: func() (catalog.Submission, error) {
				return st.AnswerQuestion(ctx, testdb.TokenHash("tok-a"), "antwoord", store.Notices{})
			},
			errIs: catalog.ErrConflict,
		},
		{
			name: "answer a question",
			do: func() (catalog.Submission, error) {
				subSetStatus(t, st, sub.ID, catalog.SubmissionQuestion)
				if _, err := st.Pool().Exec(ctx, `INSERT INTO submission_messages (submission_id, author, body) VALUES ($1, 'editor', 'Welke gemeente?')`, sub.ID); err != nil {
					t.Fatal(err)
				}
				return st.AnswerQuestion(ctx, testdb.TokenHash("tok-a"), "Genk.", store.Notices{Editors: &store.Mail{Kind: "editor-notice", Subject: "antwoord", Body: "kijk"}})
			},
			want: catalog.SubmissionSubmitted, mails: 2,
			detail: func(t *testing.T, sub catalog.Submission) {
				if len(sub.Messages) != 2 || sub.Messages[0].Author != "editor" || sub.Messages[1].Author != "submitter" || sub.Messages[1].Body != "Genk." {
					t.Errorf("conversation %+v", sub.Messages)
				}
			},
		},
		{
			name: "edit after a decision is refused",
			do: func() (catalog.Submission, error) {
				subSetStatus(t, st, sub.ID, catalog.SubmissionRejected)
				return st.UpdateByToken(ctx, testdb.TokenHash("tok-a"), store.SubmissionInput{Content: subSheet("te laat")}, store.Notices{})
			},
			errIs: catalog.ErrConflict,
		},
		{
			name: "unknown token",
			do: func() (catalog.Submission, error) {
				return st.UpdateByToken(ctx, testdb.TokenHash("tok-onbekend"), store.SubmissionInput{}, store.Notices{})
			},
			errIs: catalog.ErrNotFound,
		},
	}
	for _, tt := range tests {
		before := len(subOutbox(t, st))
		got, err := tt.do()
		if tt.errIs != nil {
			if !errors.Is(err, tt.errIs) {
				t.Fatalf("%s: err = %v, want %v", tt.name, err, tt.errIs)
			}
		} else if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		} else if got.Status != tt.want {
			t.Fatalf("%s: status %s, want %s", tt.name, got.Status, tt.want)
		}
		if n := len(subOutbox(t, st)) - before; n != tt.mails {
			t.Errorf("%s: %d mails, want %d", tt.name, n, tt.mails)
		}
		if tt.detail != nil && err == nil {
			t.Run(tt.name, func(t *testing.T) { tt.detail(t, got) })
		}
	}
	mails := subOutbox(t, st)
	for _, m := range mails {
		if m[1] == "weg@praktijkbank.be" {
			t.Error("a disabled editor got mail")
		}
	}
	final, err := st.SubmissionByID(ctx, sub.ID)
	if err != nil || final.Status != catalog.SubmissionRejected || final.Content.Title != "Buurtrestaurant Samen" {
		t.Errorf("final %s %q %v", final.Status, final.Content.Title, err)
	}
}

// TestSubmissionMailIsAtomic checks that the mails of a transition are written with it or not
// at all.
func TestSubmissionMailIsAtomic(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	subAddUser(t, st, "redactie@praktijkbank.be", catalog.RoleEditor, false)
	sub := subCreate(t, st, "tok-b", subSheet("Speelstraat"))
	bad := store.Notices{
		Submitter: &store.Mail{Kind: "confirmation", To: subSubmitter.Email, Subject: "ok", Body: "ok"},
		Editors:   &store.Mail{Kind: "editor-notice", Subject: "kapot", Body: "nul\x00byte"}, // PostgreSQL refuses NUL
	}
	if _, err := st.Submit(ctx, testdb.TokenHash("tok-b"), sub.Version, bad); err == nil {
		t.Fatal("submit with a broken mail succeeded")
	}
	got, err := st.SubmissionByToken(ctx, testdb.TokenHash("tok-b"))
	if err != nil || got.Status != catalog.SubmissionDraft || got.Version != sub.Version {
		t.Errorf("after a failed submit: %s v%d, %v", got.Status, got.Version, err)
	}
	if _, err := st.CreateSubmission(ctx, store.NewSubmission{Kind: catalog.KindNew, TokenHash: testdb.TokenHash("tok-c"),
		SubmissionInput: store.SubmissionInput{Content: subSheet("Zwerfvuil")}}, bad); err == nil {
		t.Fatal("create with a broken mail succeeded")
	}
	if _, err := st.SubmissionByToken(ctx, testdb.TokenHash("tok-c")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("failed create left a submission: %v", err)
	}
	if m := subOutbox(t, st); len(m) != 0 {
		t.Errorf("failed writes left mail: %v", m)
	}
	if _, err := st.Submit(ctx, testdb.TokenHash("tok-b"), sub.Version, store.Notices{Submitter: bad.Submitter}); err != nil {
		t.Fatal(err)
	}
	if m := subOutbox(t, st); len(m) != 1 || m[0] != [2]string{"confirmation", subSubmitter.Email} {
		t.Errorf("outbox %v", m)
	}
}

func TestSubmissionChangeRequest(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	sheet, err := st.SheetBySlug(ctx, "talentcoaches-genk")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		sheetID  int64
		base     int
		wantBase int
		errIs    error
	}{
		{"current revision", sheet.ID, 0, sheet.Revision, nil},
		{"revision as shown", sheet.ID, sheet.Revision, sheet.Revision, nil},
		{"revision the sheet does not have", sheet.ID, sheet.Revision + 5, sheet.Revision, nil},
		{"no such sheet", 999999, 1, 0, catalog.ErrNotFound},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := sheet
			content.Title += " (bijgewerkt)"
			sub, err := st.CreateSubmission(ctx, store.NewSubmission{
				Kind: catalog.KindChange, SheetID: tt.sheetID, BaseRevision: tt.base, TokenHash: testdb.TokenHash("chg" + string(rune('a'+i))),
				SubmissionInput: store.SubmissionInput{Content: content, Submitter: subSubmitter},
			}, store.Notices{})
			if tt.errIs != nil {
				if !errors.Is(err, tt.errIs) {
					t.Fatalf("err = %v, want %v", err, tt.errIs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sub.Kind != catalog.KindChange || sub.SheetID != sheet.ID || sub.BaseRevision != tt.wantBase {
				t.Errorf("change %s on %d at %d, want on %d at %d", sub.Kind, sub.SheetID, sub.BaseRevision, sheet.ID, tt.wantBase)
			}
			if sub.Content.ID != 0 || sub.Content.Revision != 0 {
				t.Error("content keeps the sheet's bookkeeping")
			}
			slug, err := st.SubmissionSheetSlug(ctx, sub.ID)
			if err != nil || slug != sheet.Slug {
				t.Errorf("sheet slug %q, %v", slug, err)
			}
		})
	}
	// The live sheet stays as it was.
	again, err := st.SheetBySlug(ctx, "talentcoaches-genk")
	if err != nil || again.Title != sheet.Title || again.Revision != sheet.Revision {
		t.Errorf("live sheet changed: %q r%d", again.Title, again.Revision)
	}
	// A new submission has no sheet until one is created from it.
	sub := subCreate(t, st, "tok-new", subSheet("Nog niet gepubliceerd"))
	if _, err := st.SubmissionSheetSlug(ctx, sub.ID); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("sheet of an unpublished submission: %v", err)
	}
}

func TestSubmissionTokenIsolation(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	a := subCreate(t, st, "token-a", subSheet("Praktijk A"))
	b := subCreate(t, st, "token-b", subSheet("Praktijk B"))
	if _, err := st.UpdateByToken(ctx, testdb.TokenHash("token-a"), store.SubmissionInput{Content: subSheet("Praktijk A2")}, store.Notices{}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		token string
		id    int64
		title string
	}{{"token-a", a.ID, "Praktijk A2"}, {"token-b", b.ID, "Praktijk B"}} {
		got, err := st.SubmissionByToken(ctx, testdb.TokenHash(tt.token))
		if err != nil || got.ID != tt.id || got.Content.Title != tt.title {
			t.Errorf("%s opens #%d %q (%v), want #%d %q", tt.token, got.ID, got.Content.Title, err, tt.id, tt.title)
		}
	}
	for _, tok := range []string{"token-c", "", "token-a "} {
		if _, err := st.SubmissionByToken(ctx, testdb.TokenHash(tok)); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("%q: err = %v, want not found", tok, err)
		}
	}
	if _, err := st.CreateSubmission(ctx, store.NewSubmission{Kind: catalog.KindNew, TokenHash: testdb.TokenHash("token-a")}, store.Notices{}); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("reused token: %v, want conflict", err)
	}
	if _, err := st.SubmissionImage(ctx, a.ID); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("image of a submission without one: %v", err)
	}
}

func TestSubmissionSimilarSheets(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	tests := []struct {
		title string
		want  string // a slug among the results, "" for none at all
	}{
		{"Talentcoaches", "talentcoaches-genk"},
		{"talentcoach genk", "talentcoaches-genk"},
		{"Vrijetijdscoaching in Hasselt", "vrijetijdscoaching-genk"},
		{"Zwembad voor iedereen", ""},
		{"abc", ""},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			got, err := st.SimilarSheets(ctx, tt.title, 5)
			if err != nil {
				t.Fatal(err)
			}
			var slugs []string
			for _, s := range got {
				slugs = append(slugs, s.Slug)
			}
			if tt.want == "" && len(slugs) > 0 || tt.want != "" && !slices.Contains(slugs, tt.want) {
				t.Errorf("SimilarSheets(%q) = %q, want %q", tt.title, slugs, tt.want)
			}
		})
	}
}
