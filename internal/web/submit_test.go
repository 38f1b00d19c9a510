package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// field is one form field in the order a browser sends it; a field named "foto" carries the
// file in photo.
type subField struct{ name, value string }

type subPost struct {
	fields []subField
	photo  []byte
}

func subJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		img.Set(x, x%48, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// send posts p as multipart/form-data to path and returns the response, its body read.
func (s site) subSend(t *testing.T, path string, p subPost) (*http.Response, []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range p.fields {
		if f.name == "foto" {
			w, err := mw.CreateFormFile("foto", f.value)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(p.photo)
			continue
		}
		mw.WriteField(f.name, f.value)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, s.URL+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func subDoc(t *testing.T, b []byte) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// subToken returns the token of a private page path ("/indiening/TOKEN...").
func subToken(t *testing.T, path string) string {
	t.Helper()
	u, err := url.Parse(path)
	if err != nil || !strings.HasPrefix(u.Path, "/indiening/") {
		t.Fatalf("%q is no private page", path)
	}
	return strings.Split(strings.TrimPrefix(u.Path, "/indiening/"), "/")[0]
}

type subMail struct{ kind, to, subject, body string }

func (s site) subOutbox(t *testing.T) []subMail {
	t.Helper()
	rows, err := s.db.Query(context.Background(), `SELECT kind, to_addr, subject, body FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []subMail
	for rows.Next() {
		var m subMail
		if err := rows.Scan(&m.kind, &m.to, &m.subject, &m.body); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func (s site) subExec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := s.db.Exec(context.Background(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

func (s site) subCount(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func subVal(doc *goquery.Document, id string) string {
	return doc.Find("#"+id).AttrOr("value", "")
}

// TestSubmitJourney follows a new practice from a first POST with errors, through "add one
// more variant" and a second POST with errors, to a valid one: everything typed (the photo
// too) stays, and the end is a 303 to the private page, with the mails in the outbox.
func TestSubmitJourney(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.subExec(t, `INSERT INTO users (email, name, role, password_hash) VALUES ('redactie@praktijkbank.be', 'Redactie', 'editor', 'x')`)
	photo := subJPEG(t)

	// 1. A first POST with errors and a photo.
	resp, body := s.subSend(t, "/indienen", subPost{photo: photo, fields: []subField{
		{"titel", "Buurtrestaurant De Tafel"},
		{"intro", ""},
		{"beschrijving", "Samen eten.\n\n- elke dinsdag\n- voor iedereen"},
		{"variant-1-gemeenten", "Genk"},
		{"variant-1-tekst", "In het buurthuis."},
		{"email", "an@genk"},
		{"foto", "tafel.jpg"},
		{"foto-alt", "Mensen aan een lange tafel"},
		{"action", "submit"},
	}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST with errors: %d %s", resp.StatusCode, body)
	}
	doc := subDoc(t, body)
	if got := strings.TrimSpace(doc.Find(".error-summary h2").Text()); got != "Er zijn 5 fouten" {
		t.Errorf("summary heading %q", got)
	}
	if _, ok := doc.Find(".error-summary").Attr("tabindex"); !ok {
		t.Error("the error summary cannot take focus")
	}
	for _, tt := range []struct{ field, message string }{
		{"intro", "Vul een korte inleiding in"},
		{"naam", "Vul je naam in."},
		{"email", "Dit is geen geldig e-mailadres"},
		{"foto-toestemming", "toestemming"},
	} {
		in := doc.Find("#" + tt.field)
		if in.AttrOr("aria-invalid", "") != "true" || !strings.Contains(in.AttrOr("aria-describedby", ""), tt.field+"-fout") {
			t.Errorf("%s: aria-invalid %q, aria-describedby %q", tt.field, in.AttrOr("aria-invalid", ""), in.AttrOr("aria-describedby", ""))
		}
		if msg := doc.Find("#" + tt.field + "-fout").Text(); !strings.Contains(msg, tt.message) {
			t.Errorf("%s: message %q, want %q", tt.field, msg, tt.message)
		}
		if doc.Find(`.error-summary a[href="#`+tt.field+`"]`).Length() != 1 {
			t.Errorf("%s: no link in the error summary", tt.field)
		}
	}
	if href := doc.Find(`.error-summary a`).Eq(1).AttrOr("href", ""); href != "#keuze-categorie-gelijke-onderwijskansen" {
		t.Errorf("the category error links to %q, want its first checkbox", href)
	}
	if subVal(doc, "titel") != "Buurtrestaurant De Tafel" || subVal(doc, "variant-1-gemeenten") != "Genk" || subVal(doc, "email") != "an@genk" ||
		doc.Find("#beschrijving").Text() != "Samen eten.\n\n- elke dinsdag\n- voor iedereen" || subVal(doc, "foto-alt") != "Mensen aan een lange tafel" {
		t.Error("typed values are not kept")
	}
	action := doc.Find("form.sheet-form").AttrOr("action", "")
	token := subToken(t, action)
	if link := doc.Find(".notice .private-link a").AttrOr("href", ""); link != "https://praktijkbank.test/indiening/"+token {
		t.Errorf("private link %q", link)
	}
	thumb := doc.Find(".current-photo img").AttrOr("src", "")
	if !strings.HasPrefix(thumb, "/indiening/"+token+"/foto") || doc.Find(".current-photo figcaption").Text() != "Huidige foto" {
		t.Fatalf("no thumbnail of the uploaded photo: %q", thumb)
	}
	// Choosing a file now replaces the photo: the status (shown with the script) says so.
	if got := doc.Find(".file-field .file-status").Text(); got != "Nog geen andere foto gekozen" {
		t.Errorf("beside the stored photo the file status says %q", got)
	}
	if r, err := http.Get(s.URL + thumb); err != nil || r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("thumbnail: %v %v", r, err)
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions WHERE status = 'draft'`); n != 1 {
		t.Errorf("%d drafts stored, want the one typed", n)
	}

	// 2. "Nog een variant toevoegen": one more empty group, focused, nothing else changes.
	resp, body = s.subSend(t, action, subPost{fields: []subField{
		{"titel", "Buurtrestaurant De Tafel"},
		{"beschrijving", "Samen eten."},
		{"variant-1-gemeenten", "Genk"},
		{"variant-2-gemeenten", ""},
		{"email", "an@genk"},
		{"foto-alt", "Mensen aan een lange tafel"},
		{"action", "add-variant"},
	}})
	doc = subDoc(t, body)
	if resp.StatusCode != 200 || doc.Find("fieldset.group[id^=variant-]").Length() != 3 {
		t.Fatalf("after add-variant: %d, %d variant groups", resp.StatusCode, doc.Find("fieldset.group[id^=variant-]").Length())
	}
	if _, ok := doc.Find("#variant-3-gemeenten").Attr("autofocus"); !ok {
		t.Error("the new group does not take the focus")
	}
	if doc.Find("#naam-fout").Length() != 0 || doc.Find("#email-fout").Length() != 1 {
		t.Error("adding a group must report what is wrong with what was typed, not what is missing")
	}
	if doc.Find(".current-photo img").Length() != 1 {
		t.Error("the stored photo is gone")
	}

	// 3. A second POST with errors: both variants and the photo are still there.
	resp, body = s.subSend(t, action, subPost{fields: []subField{
		{"titel", "Buurtrestaurant De Tafel"},
		{"beschrijving", "Samen eten."},
		{"variant-1-gemeenten", "Genk"},
		{"variant-2-gemeenten", "Balen, Mol en Borgloon"},
		{"variant-2-email", "info@mol.be"},
		{"variant-3-gemeenten", ""},
		{"email", "an@genk.be"},
		{"action", "submit"},
	}})
	doc = subDoc(t, body)
	if resp.StatusCode != 200 || doc.Find(".error-summary").Length() != 1 {
		t.Fatalf("second POST: %d", resp.StatusCode)
	}
	if subVal(doc, "variant-2-gemeenten") != "Balen, Mol en Borgloon" || subVal(doc, "variant-2-email") != "info@mol.be" || subVal(doc, "variant-1-gemeenten") != "Genk" {
		t.Error("the added variant is not kept")
	}
	if doc.Find(".current-photo img").Length() != 1 {
		t.Error("the photo is lost on the second POST")
	}

	// 4. Valid: 303 to the private page.
	resp, _ = s.subSend(t, action, subPost{fields: []subField{
		{"titel", "Buurtrestaurant De Tafel"},
		{"intro", "Buren eten samen."},
		{"categorie", "ontmoeting-participatie"},
		{"beschrijving", "Samen eten."},
		{"variant-1-gemeenten", "Genk"},
		{"variant-2-gemeenten", "Balen, Mol en Borgloon"},
		{"naam", "An Peeters"},
		{"email", "an@genk.be"},
		{"foto-alt", "Mensen aan een lange tafel"},
		{"foto-toestemming", "ja"},
		{"action", "submit"},
	}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/indiening/"+token+"?melding=verstuurd" {
		t.Fatalf("valid POST: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	page := s.get(t, resp.Header.Get("Location"), 200)
	if got := page.Find(".status").Text(); got != "Wacht op de redactie" {
		t.Errorf("status %q", got)
	}
	if !strings.Contains(page.Find(".notice.success").Text(), "verstuurd naar de redactie") {
		t.Error("no confirmation on the private page")
	}
	var sub catalog.Submission
	sub, err := s.st.SubmissionByToken(context.Background(), testdb.TokenHash(token))
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != catalog.SubmissionSubmitted || !sub.HasImage || len(sub.Content.Variants) != 2 ||
		sub.Content.Image == nil || sub.Content.Image.File != "tafel.jpg" || !sub.Content.Image.Consent ||
		sub.Content.Variants[1].Places[2] != (catalog.Place{Name: "Borgloon", TermSlug: "tongeren-borgloon"}) {
		t.Errorf("stored %+v", sub)
	}
	mails := s.subOutbox(t)
	if len(mails) != 2 {
		t.Fatalf("outbox %+v", mails)
	}
	if m := mails[0]; m.kind != "confirmation" || m.to != "an@genk.be" || !strings.Contains(m.body, "https://praktijkbank.test/indiening/"+token) {
		t.Errorf("confirmation %+v", m)
	}
	if m := mails[1]; m.kind != "editor-notice" || m.to != "redactie@praktijkbank.be" ||
		!strings.Contains(m.body, "https://praktijkbank.test/beheer/inzendingen/") || strings.Contains(m.body, token) {
		t.Errorf("editor notice %+v", m)
	}
}

func TestSubmitDraft(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	resp, _ := s.subSend(t, "/indienen", subPost{fields: []subField{
		{"titel", "Half af"},
		{"email", "an@genk.be"},
		{"action", "draft"},
	}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(loc, "?melding=klad") {
		t.Fatalf("draft: %d to %q", resp.StatusCode, loc)
	}
	page := s.get(t, loc, 200)
	if got := page.Find(".status").Text(); got != "Klad: nog niet verstuurd" {
		t.Errorf("status %q", got)
	}
	if subVal(page, "titel") != "Half af" || page.Find(`button[value="submit"]`).Length() != 1 {
		t.Error("the draft is not editable")
	}
	if m := s.subOutbox(t); len(m) != 1 || m[0].to != "an@genk.be" || !strings.Contains(m[0].body, loc[:strings.Index(loc, "?")]) {
		t.Errorf("draft mail %+v", m)
	}
	// A draft with a problem in what was typed is stored, and says so.
	resp, body := s.subSend(t, "/indienen", subPost{fields: []subField{{"titel", "Klad"}, {"email", "geen adres"}, {"action", "draft"}}})
	doc := subDoc(t, body)
	if resp.StatusCode != 200 || doc.Find("#email-fout").Length() != 1 || doc.Find(".private-link").Length() != 1 {
		t.Errorf("draft with a bad address: %d", resp.StatusCode)
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions`); n != 2 {
		t.Errorf("%d submissions stored, want 2", n)
	}
}

// subNew stores a submission directly, in status, and returns its token and id.
func (s site) subNew(t *testing.T, title string, status catalog.SubmissionStatus) (string, int64) {
	t.Helper()
	token := strings.Repeat("x", 43-len(title)) + strings.ReplaceAll(title, " ", "-")
	sub, err := s.st.CreateSubmission(context.Background(), store.NewSubmission{
		Kind: catalog.KindNew, TokenHash: testdb.TokenHash(token),
		SubmissionInput: store.SubmissionInput{
			Content:   catalog.Sheet{Title: title, Intro: "Kort.", Description: "Lang."},
			Submitter: catalog.Submitter{Name: "An", Email: "an@genk.be"},
		},
	}, store.Notices{})
	if err != nil {
		t.Fatal(err)
	}
	s.subExec(t, `UPDATE submissions SET status = $2, reason = 'Dit is geen praktijk van een lokaal bestuur.' WHERE id = $1`, sub.ID, status)
	return token, sub.ID
}

func TestSubmissionPrivatePage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tests := []struct {
		status   catalog.SubmissionStatus
		label    string
		editable bool
		check    func(t *testing.T, doc *goquery.Document)
	}{
		{catalog.SubmissionDraft, "Klad: nog niet verstuurd", true, nil},
		{catalog.SubmissionSubmitted, "Wacht op de redactie", true, func(t *testing.T, doc *goquery.Document) {
			if doc.Find(`button[value="save"]`).Length() == 0 || doc.Find(`button[value="submit"]`).Length() != 0 {
				t.Error("a waiting submission is saved, not sent again")
			}
		}},
		{catalog.SubmissionQuestion, "Vraag van de redactie", true, func(t *testing.T, doc *goquery.Document) {
			if doc.Find(".answer-form textarea#antwoord[form=inzending]").Length() != 1 || doc.Find("label[for=antwoord]").Length() != 1 ||
				doc.Find(`.answer-form button[form=inzending][value=answer]`).Length() != 1 || doc.Find("form#inzending.sheet-form").Length() != 1 {
				t.Error("no answer field belonging to the sheet form, with its button")
			}
		}},
		{catalog.SubmissionApproved, "Goedgekeurd", false, func(t *testing.T, doc *goquery.Document) {
			if href := doc.Find(".status-box a").AttrOr("href", ""); !strings.HasPrefix(href, "/praktijken/goedgekeurd") {
				t.Errorf("link to the published sheet %q", href)
			}
		}},
		{catalog.SubmissionRejected, "Afgewezen", false, func(t *testing.T, doc *goquery.Document) {
			if !strings.Contains(doc.Find(".reason").Text(), "geen praktijk van een lokaal bestuur") {
				t.Error("no reason")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			title := map[catalog.SubmissionStatus]string{catalog.SubmissionApproved: "Goedgekeurd"}[tt.status]
			if title == "" {
				title = "Inzending " + string(tt.status)
			}
			token, id := s.subNew(t, title, tt.status)
			if tt.status == catalog.SubmissionApproved {
				_, err := s.st.SaveImported(context.Background(), catalog.Sheet{Title: "Goedgekeurd", Source: store.SubmissionSource(id)}, "test")
				if err != nil {
					t.Fatal(err)
				}
			}
			resp, err := http.Get(s.URL + "/indiening/" + token)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("%d, Cache-Control %q, Referrer-Policy %q", resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("Referrer-Policy"))
			}
			doc, _ := goquery.NewDocumentFromReader(resp.Body)
			if got := doc.Find(".status").Text(); got != tt.label {
				t.Errorf("status %q, want %q", got, tt.label)
			}
			if got := doc.Find("form.sheet-form").Length() == 1; got != tt.editable {
				t.Errorf("editable %v, want %v", got, tt.editable)
			}
			if doc.Find("meta[name=robots]").AttrOr("content", "") != "noindex,follow" {
				t.Error("a private page may be indexed")
			}
			if tt.check != nil {
				tt.check(t, doc)
			}
		})
	}
}

func TestSubmissionAnswerQuestion(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.subExec(t, `INSERT INTO users (email, role, password_hash) VALUES ('redactie@praktijkbank.be', 'editor', 'x')`)
	token, id := s.subNew(t, "Met een vraag", catalog.SubmissionQuestion)
	s.subExec(t, `INSERT INTO submission_messages (submission_id, author, body) VALUES ($1, 'editor', 'Welke gemeenten doen mee?')`, id)
	path := "/indiening/" + token

	doc := s.get(t, path, 200)
	if got := doc.Find(".conversation .from-editor .body").Text(); got != "Welke gemeenten doen mee?" {
		t.Errorf("question %q", got)
	}
	resp, body := s.subSend(t, path+"/antwoord", subPost{fields: []subField{{"antwoord", "   "}}})
	doc = subDoc(t, body)
	if resp.StatusCode != 200 || doc.Find("#antwoord").AttrOr("aria-invalid", "") != "true" || !strings.Contains(doc.Find("#antwoord-fout").Text(), "Typ je antwoord") {
		t.Errorf("empty answer: %d", resp.StatusCode)
	}
	resp, _ = s.subSend(t, path+"/antwoord", subPost{fields: []subField{{"antwoord", "Genk en Mol."}}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"?melding=beantwoord" {
		t.Fatalf("answer: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc = s.get(t, path, 200)
	if doc.Find(".status").Text() != "Wacht op de redactie" || doc.Find(".conversation .from-you .body").Text() != "Genk en Mol." {
		t.Errorf("after answering: %q", doc.Find(".status").Text())
	}
	if m := s.subOutbox(t); len(m) != 1 || m[0].kind != "editor-notice" || !strings.Contains(m[0].subject, "Antwoord") {
		t.Errorf("outbox %+v", m)
	}
	// No second answer without a new question.
	resp, _ = s.subSend(t, path+"/antwoord", subPost{fields: []subField{{"antwoord", "Nog iets."}}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "?melding=conflict") {
		t.Errorf("second answer: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestSubmissionEditAfterDecision(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	token, id := s.subNew(t, "Wachtend", catalog.SubmissionSubmitted)
	path := "/indiening/" + token
	edit := subPost{fields: []subField{
		{"titel", "Wachtend, aangepast"}, {"intro", "Kort."}, {"categorie", "ontmoeting-participatie"},
		{"beschrijving", "Lang."}, {"variant-1-gemeenten", "Genk"}, {"naam", "An"}, {"email", "an@genk.be"},
		{"action", "save"},
	}}
	resp, _ := s.subSend(t, path, edit)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"?melding=bewaard" {
		t.Fatalf("edit while waiting: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	sub, _ := s.st.SubmissionByID(context.Background(), id)
	if sub.Status != catalog.SubmissionSubmitted || sub.Content.Title != "Wachtend, aangepast" {
		t.Errorf("after the edit: %s %q", sub.Status, sub.Content.Title)
	}
	s.subExec(t, `UPDATE submissions SET status = 'approved' WHERE id = $1`, id)
	edit.fields[0].value = "Te laat"
	resp, _ = s.subSend(t, path, edit)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"?melding=conflict" {
		t.Fatalf("edit after the decision: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if sub, _ := s.st.SubmissionByID(context.Background(), id); sub.Content.Title != "Wachtend, aangepast" {
		t.Errorf("a decided submission changed: %q", sub.Content.Title)
	}
	doc := s.get(t, path+"?melding=conflict", 200)
	if !strings.Contains(doc.Find(".notice.warning").Text(), "intussen behandeld") || doc.Find("form.sheet-form").Length() != 0 {
		t.Error("no explanation after a refused edit")
	}
}

func TestSubmissionTokens(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tokenA, _ := s.subNew(t, "Praktijk A", catalog.SubmissionDraft)
	tokenB, _ := s.subNew(t, "Praktijk B", catalog.SubmissionDraft)
	for _, tt := range []struct{ token, title string }{{tokenA, "Praktijk A"}, {tokenB, "Praktijk B"}} {
		doc := s.get(t, "/indiening/"+tt.token, 200)
		if got := doc.Find("h1 .subtitle").Text(); got != tt.title {
			t.Errorf("token for %q opens %q", tt.title, got)
		}
	}
	for _, path := range []string{
		"/indiening/" + strings.Repeat("y", 43), // well formed, unknown
		"/indiening/" + tokenA[:42],             // cut short
		"/indiening/" + tokenA + "x",            // too long
		"/indiening/" + strings.Repeat("y", 43) + "/foto",
		"/indiening/" + tokenA + "/foto", // no photo
	} {
		s.get(t, path, 404)
	}
	resp, _ := s.subSend(t, "/indiening/"+strings.Repeat("y", 43), subPost{fields: []subField{{"titel", "x"}}})
	if resp.StatusCode != 404 {
		t.Errorf("POST to an unknown token: %d", resp.StatusCode)
	}
}

func TestSubmitChangeRequest(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sheet, err := s.st.SheetBySlug(context.Background(), "vrijetijdscoaching-genk")
	if err != nil {
		t.Fatal(err)
	}
	doc := s.get(t, "/praktijken/vrijetijdscoaching-genk/wijzigen", 200)
	if subVal(doc, "titel") != sheet.Title || doc.Find("input[name=basis]").AttrOr("value", "") != "1" || !doc.Find("#keuze-categorie-inclusieve-vrije-tijd").Is("[checked]") {
		t.Errorf("form not prefilled: title %q", subVal(doc, "titel"))
	}
	if doc.Find(".similar").Length() != 0 {
		t.Error("a change request suggests similar sheets")
	}
	form := doc.Find("form.sheet-form")
	if form.AttrOr("action", "") != "/praktijken/vrijetijdscoaching-genk/wijzigen" || form.AttrOr("enctype", "") != "multipart/form-data" {
		t.Errorf("form %q %q", form.AttrOr("action", ""), form.AttrOr("enctype", ""))
	}
	// Post the prefilled form back with a new variant, as a browser would.
	var fields []subField
	form.Find("input, textarea").Each(func(_ int, in *goquery.Selection) {
		name, ok := in.Attr("name")
		typ := in.AttrOr("type", "")
		if !ok || typ == "file" || (typ == "checkbox" && !in.Is("[checked]")) || name == "website" {
			return
		}
		v := in.AttrOr("value", "")
		if goquery.NodeName(in) == "textarea" {
			v = in.Text()
		}
		switch name {
		case "naam":
			v = "An"
		case "email":
			v = "an@hasselt.be"
		case "reden":
			v = "De praktijk loopt nu ook in Hasselt."
		}
		fields = append(fields, subField{name, v})
	})
	fields = append(fields, subField{"variant-9-gemeenten", "Hasselt"}, subField{"action", "submit"})
	resp, body := s.subSend(t, "/praktijken/vrijetijdscoaching-genk/wijzigen", subPost{fields: fields})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change request: %d\n%s", resp.StatusCode, subDoc(t, body).Find(".error-summary").Text())
	}
	sub, err := s.st.SubmissionByToken(context.Background(), testdb.TokenHash(subToken(t, resp.Header.Get("Location"))))
	if err != nil {
		t.Fatal(err)
	}
	if sub.Kind != catalog.KindChange || sub.SheetID != sheet.ID || sub.BaseRevision != sheet.Revision || sub.Status != catalog.SubmissionSubmitted {
		t.Errorf("change %s on %d at r%d, %s", sub.Kind, sub.SheetID, sub.BaseRevision, sub.Status)
	}
	if sub.ChangeReason != "De praktijk loopt nu ook in Hasselt." {
		t.Errorf("reason %q, want the one typed", sub.ChangeReason)
	}
	last := sub.Content.Variants[len(sub.Content.Variants)-1]
	if len(sub.Content.Variants) != len(sheet.Variants)+1 || last.Places[0].TermSlug != "hasselt" {
		t.Errorf("variants %d, last %+v", len(sub.Content.Variants), last)
	}
	if sub.Content.Description != sheet.Description {
		t.Error("the description changed on the way through the form")
	}
	// The live sheet stays up as it was.
	live := s.get(t, "/praktijken/vrijetijdscoaching-genk", 200)
	if live.Find(".variant a[href='/gemeenten/hasselt']").Length() != 0 {
		t.Error("the change is live before an editor approved it")
	}
	s.get(t, "/praktijken/bestaat-niet/wijzigen", 404)
}

func TestSubmitSimilarSheets(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	_, body := s.subSend(t, "/indienen", subPost{fields: []subField{{"titel", "Talentcoaches"}, {"sectie-1-kop", ""}, {"action", "add-section"}}})
	doc := subDoc(t, body)
	link := doc.Find(".similar a")
	if link.Length() != 1 || link.AttrOr("href", "") != "/praktijken/talentcoaches-genk/wijzigen" {
		t.Errorf("similar sheets: %q", texts(link))
	}
	if _, ok := doc.Find("#sectie-2-kop").Attr("autofocus"); !ok {
		t.Error("add-section did not add a focused section")
	}
}

func TestSubmitHoneypot(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	resp, _ := s.subSend(t, "/indienen", subPost{fields: []subField{
		{"titel", "Koop nu"}, {"naam", "Bot"}, {"email", "bot@spam.example"}, {"website", "https://spam.example"}, {"action", "submit"},
	}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/indienen/bedankt" {
		t.Errorf("honeypot: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions`); n != 0 || len(s.subOutbox(t)) != 0 {
		t.Errorf("a filled honeypot stored %d submissions", n)
	}
	doc := s.get(t, "/indienen", 200)
	hp := doc.Find("#website")
	if hp.AttrOr("tabindex", "") != "-1" || hp.AttrOr("autocomplete", "") != "off" || doc.Find("label[for=website]").Text() != "Laat dit veld leeg" {
		t.Error("honeypot field is not set up for people")
	}
}

func TestSubmitRateLimit(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	bot := subPost{fields: []subField{{"website", "x"}}}
	for i := 0; i < 20; i++ {
		if resp, _ := s.subSend(t, "/indienen", bot); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %d: %d", i+1, resp.StatusCode)
		}
	}
	resp, body := s.subSend(t, "/indienen", bot)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("21st POST: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	doc := subDoc(t, body)
	if doc.Find("html[lang=nl-BE]").Length() != 1 || doc.Find("h1").Text() != "Even geduld" {
		t.Errorf("429 page: %q", doc.Find("h1").Text())
	}
	s.get(t, "/indienen", 200) // reading is not limited
}

func TestSubmitBodyLimit(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tests := []struct {
		name string
		size int
	}{
		{"larger than a photo may be", 9 << 20},
		{"larger than a request may be", 11 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			photo := append([]byte("\xff\xd8\xff"), bytes.Repeat([]byte{0}, tt.size)...)
			resp, body := s.subSend(t, "/indienen", subPost{photo: photo, fields: []subField{
				{"titel", "Met een grote foto"}, {"naam", "An"}, {"foto", "groot.jpg"}, {"action", "submit"},
			}})
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			doc := subDoc(t, body)
			if msg := doc.Find("#foto-fout").Text(); !strings.Contains(msg, "groter dan 8 MB") {
				t.Errorf("photo message %q", msg)
			}
			if subVal(doc, "titel") != "Met een grote foto" || subVal(doc, "naam") != "An" {
				t.Error("the text typed before the photo is lost")
			}
		})
	}
	// A file that is no picture.
	_, body := s.subSend(t, "/indienen", subPost{photo: []byte("GIF89a..."), fields: []subField{{"foto", "x.gif"}, {"action", "draft"}}})
	if msg := subDoc(t, body).Find("#foto-fout").Text(); !strings.Contains(msg, "JPEG-, PNG- of WebP") {
		t.Errorf("GIF message %q", msg)
	}
}

// TestSubmitSuggestsTerms types goals and target groups as sentences and asks for terms, as a
// submitter without JavaScript does: the terms that fit are ticked and named, a term the
// submitter then unticks stays unticked, and the sentences reach the stored submission word
// for word, with the terms ticked.
func TestSubmitSuggestsTerms(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	checked := func(doc *goquery.Document, name string) []string {
		var out []string
		doc.Find(`input[type=checkbox][name="` + name + `"]:checked`).Each(func(_ int, sel *goquery.Selection) {
			out = append(out, sel.AttrOr("value", ""))
		})
		return out
	}
	goals := "Kinderarmoede in de buurt terugdringen\nOuders wegwijs maken in het vrijetijdsaanbod"
	resp, body := s.subSend(t, "/indienen", subPost{fields: []subField{
		{"titel", "Buurtkoffer"},
		{"doelen-tekst", goals},
		{"doelgroep-tekst", "Gezinnen met jonge kinderen in armoede"},
		{"action", "termen-doel"},
	}})
	doc := subDoc(t, body)
	if resp.StatusCode != 200 {
		t.Fatalf("asking for terms: %d", resp.StatusCode)
	}
	ticked := checked(doc, "doel")
	if !slices.Contains(ticked, "armoede-bestrijden") || !slices.Contains(ticked, "vrije-tijd") {
		t.Errorf("goal terms ticked %q, want armoede-bestrijden and vrije-tijd among them", ticked)
	}
	if got := checked(doc, "doelgroep"); !slices.Contains(got, "mensen-in-armoede") || !slices.Contains(got, "gezinnen") {
		t.Errorf("target-group terms ticked %q", got)
	}
	if st := doc.Find(`[data-tagged="doel"] [role=status]`).Text(); !strings.Contains(st, "Armoede bestrijden") {
		t.Errorf("status %q does not name the terms ticked", st)
	}
	if _, ok := doc.Find("#termen-doel").Attr("autofocus"); !ok {
		t.Error("focus does not return to the button that was pressed")
	}
	if got := doc.Find("#doelen-tekst").Text(); got != goals {
		t.Errorf("goals as typed %q", got)
	}
	action := doc.Find("form.sheet-form").AttrOr("action", "")
	offered := doc.Find(`input[name="doel-voorgesteld"]`).AttrOr("value", "")

	// The submitter unticks "Deelnemen aan vrije tijd" and sends: it stays unticked.
	fields := []subField{
		{"titel", "Buurtkoffer"}, {"intro", "Een koffer vol spelletjes."}, {"categorie", "inclusieve-vrije-tijd"},
		{"doelen-tekst", goals}, {"doel-voorgesteld", offered},
		{"doelgroep-tekst", "Gezinnen met jonge kinderen in armoede"},
		{"beschrijving", "Gezinnen lenen een koffer."}, {"variant-1-gemeenten", "Genk"},
		{"naam", "An"}, {"email", "an@genk.be"}, {"action", "submit"},
	}
	for _, slug := range ticked {
		if slug != "vrije-tijd" {
			fields = append(fields, subField{"doel", slug})
		}
	}
	resp, _ = s.subSend(t, action, subPost{fields: fields})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", resp.StatusCode)
	}
	sub, err := s.st.SubmissionByToken(context.Background(), testdb.TokenHash(subToken(t, resp.Header.Get("Location"))))
	if err != nil {
		t.Fatal(err)
	}
	if got := sub.Content.Terms[catalog.FacetGoal]; slices.Contains(got, "Deelnemen aan vrije tijd") || !slices.Contains(got, "Armoede bestrijden") {
		t.Errorf("goal terms %q: the unticked suggestion came back, or a ticked one is gone", got)
	}
	if got := sub.Content.Goals; !slices.Equal(got, strings.Split(goals, "\n")) {
		t.Errorf("goals %q, want the sentences typed", got)
	}
	if got := sub.Content.Terms[catalog.FacetTargetGroup]; !slices.Contains(got, "Mensen in armoede") {
		t.Errorf("target-group terms %q: a suggestion never shown is ticked on sending", got)
	}
}

// TestSuggestedTermsJSON is what the form's script asks while goals are typed.
func TestSuggestedTermsJSON(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	resp, err := http.Get(s.URL + "/indienen/termen?facet=doelgroep&tekst=" + url.QueryEscape("Inburgeraars die Nederlands leren\nhun kinderen"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Terms []struct{ Slug, Label string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != 200 {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	var slugs []string
	for _, term := range got.Terms {
		slugs = append(slugs, term.Slug)
	}
	if !slices.Contains(slugs, "nieuwkomers") || !slices.Contains(slugs, "kinderen") {
		t.Errorf("suggested %q, want nieuwkomers and kinderen", slugs)
	}
	for _, q := range []string{"facet=categorie&tekst=x", "tekst=x", "facet=doel&tekst=" + strings.Repeat("a", 10001)} {
		resp, err := http.Get(s.URL + "/indienen/termen?" + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%.40s: status %d, want 400", q, resp.StatusCode)
		}
	}
}

// TestAnswerAndEditInOneGo answers an editor's question and edits the submission in one POST
// from the link the submitter bookmarked before the question: both are kept, in one step.
func TestAnswerAndEditInOneGo(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	s.subExec(t, `INSERT INTO users (email, role, password_hash) VALUES ('redactie@praktijkbank.be', 'editor', 'x')`)
	var editor int64
	if err := s.db.QueryRow(ctx, `SELECT id FROM users WHERE email = 'redactie@praktijkbank.be'`).Scan(&editor); err != nil {
		t.Fatal(err)
	}
	bookmarked, id := s.subNew(t, "Met een vraag", catalog.SubmissionSubmitted)
	sub, err := s.st.SubmissionByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.st.AskSubmitter(ctx, store.Decision{SubmissionID: id, Version: sub.Version, EditorID: editor},
		"Welke gemeenten doen mee?", testdb.TokenHash(strings.Repeat("q", 43)), nil)
	if err != nil {
		t.Fatal(err)
	}
	path := "/indiening/" + bookmarked
	doc := s.get(t, path, 200) // the bookmarked link still opens it
	values := modFormValues(doc.Find("form#inzending"))
	values.Set("titel", "Met een antwoord")
	values.Set("categorie", "inclusieve-vrije-tijd")
	values.Set("variant-1-gemeenten", "Genk")
	values.Set("antwoord", "Genk, en later Mol.")
	values.Set("action", "answer")
	var fields []subField
	for name, vals := range values {
		for _, v := range vals {
			fields = append(fields, subField{name, v})
		}
	}
	resp, body := s.subSend(t, doc.Find("form#inzending").AttrOr("action", ""), subPost{fields: fields})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"?melding=beantwoord" {
		t.Fatalf("answer with changes: %d to %q\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	got, err := s.st.SubmissionByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Content.Title != "Met een antwoord" || got.Status != catalog.SubmissionSubmitted {
		t.Errorf("after answering: title %q, status %s: the change is lost", got.Content.Title, got.Status)
	}
	if n := len(got.Messages); n != 2 || got.Messages[1].Body != "Genk, en later Mol." {
		t.Errorf("conversation %+v: the answer is lost", got.Messages)
	}
	if m := s.subOutbox(t); len(m) != 1 || !strings.Contains(m[0].subject, "Antwoord") {
		t.Errorf("outbox %+v, want one notice of the answer to the editors", m)
	}
}

// TestAnswerKeptWhenFormHasErrors sends an answer with a form that is not complete: the answer
// reaches the editors, the form comes back with its errors and everything typed.
func TestAnswerKeptWhenFormHasErrors(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	token, id := s.subNew(t, "Onvolledig", catalog.SubmissionQuestion)
	path := "/indiening/" + token
	resp, body := s.subSend(t, path, subPost{fields: []subField{
		{"titel", "Onvolledig maar beantwoord"}, {"antwoord", "Alleen in Genk."}, {"action", "answer"},
	}})
	doc := subDoc(t, body)
	if resp.StatusCode != 200 || doc.Find(".error-summary").Length() == 0 || subVal(doc, "titel") != "Onvolledig maar beantwoord" {
		t.Fatalf("answer with an incomplete form: %d, errors shown %v, title %q", resp.StatusCode, doc.Find(".error-summary").Length() > 0, subVal(doc, "titel"))
	}
	got, _ := s.st.SubmissionByID(context.Background(), id)
	if len(got.Messages) != 1 || got.Messages[0].Body != "Alleen in Genk." || got.Status != catalog.SubmissionSubmitted {
		t.Errorf("the answer is not with the editors: %s %+v", got.Status, got.Messages)
	}
	// Pressing "Verstuur je antwoord" with no answer says so next to the field.
	token2, _ := s.subNew(t, "Zonder antwoord", catalog.SubmissionQuestion)
	_, body = s.subSend(t, "/indiening/"+token2, subPost{fields: []subField{{"titel", "Zonder antwoord"}, {"antwoord", " "}, {"action", "answer"}}})
	if msg := subDoc(t, body).Find("#antwoord-fout").Text(); !strings.Contains(msg, "Typ je antwoord") {
		t.Errorf("no answer: message %q", msg)
	}
}

// TestSubmitPreview: "Controleer je inzending" stores the draft, shows the sheet as it will be
// published with links back to each part of the form, and sends it from there; a draft that
// is not complete goes back to its form instead.
func TestSubmitPreview(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	resp, body := s.subSend(t, "/indienen", subPost{fields: []subField{
		{"titel", "Leesclub voor nieuwkomers"}, {"intro", "Samen lezen in eenvoudig Nederlands."},
		{"categorie", "inclusieve-vrije-tijd"}, {"doelen-tekst", "Nederlands oefenen"},
		{"beschrijving", "Elke dinsdag in de bib."}, {"variant-1-gemeenten", "Genk"},
		{"naam", "An"}, {"email", "an@genk.be"}, {"action", "preview"},
	}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(loc, "/controle") {
		t.Fatalf("preview: %d to %q\n%s", resp.StatusCode, loc, subDoc(t, body).Find(".error-summary").Text())
	}
	token := subToken(t, loc)
	sub, err := s.st.SubmissionByToken(context.Background(), testdb.TokenHash(token))
	if err != nil || sub.Status != catalog.SubmissionDraft {
		t.Fatalf("before sending: %v, status %s (want a stored draft)", err, sub.Status)
	}
	doc := s.get(t, loc, 200)
	if got := doc.Find("h1").First().Text(); got != "Controleer je inzending" {
		t.Errorf("heading %q", got)
	}
	if got := doc.Find(".sheet-preview h2").First().Text(); got != "Leesclub voor nieuwkomers" {
		t.Errorf("the preview's sheet title %q", got)
	}
	if !strings.Contains(doc.Find(".sheet-preview").Text(), "Elke dinsdag in de bib.") {
		t.Error("the preview does not show the description")
	}
	if href := doc.Find(`.preview-parts a:contains("Beschrijving")`).AttrOr("href", ""); href != "/indiening/"+token+"#deel-beschrijving" {
		t.Errorf("the way back to the description: %q", href)
	}
	form := doc.Find(`form[action="/indiening/` + token + `/controle"]`)
	resp, err = noRedirect.PostForm(s.URL+form.AttrOr("action", ""), url.Values{"versie": {form.Find("input[name=versie]").AttrOr("value", "")}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "?melding=verstuurd") {
		t.Fatalf("sending from the preview: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if sub, _ := s.st.SubmissionByToken(context.Background(), testdb.TokenHash(token)); sub.Status != catalog.SubmissionSubmitted {
		t.Errorf("after sending: %s", sub.Status)
	}
	// An incomplete draft has no preview: its form says what is missing.
	resp, _ = s.subSend(t, "/indienen", subPost{fields: []subField{{"titel", "Half"}, {"action", "draft"}}})
	half := subToken(t, resp.Header.Get("Location"))
	r, err := noRedirect.Get(s.URL + "/indiening/" + half + "/controle")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/indiening/"+half) {
		t.Errorf("preview of an incomplete draft: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
}
