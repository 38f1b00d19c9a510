package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/templates"
)

// modEditor is a signed-in editor's browser on a test site.
type modEditor struct {
	site
	id     int64
	cookie *http.Cookie
}

// modSignIn creates an editor account with a session and returns its browser.
func modSignIn(t *testing.T, s site, email string) modEditor {
	t.Helper()
	ctx := context.Background()
	u := testdb.NewUser(t, s.st, store.NewUser{Email: email, Name: "Eva Redacteur", Role: catalog.RoleEditor}, "")
	token := "sessie-" + email
	if _, err := s.st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: testdb.TokenHash(token)}); err != nil {
		t.Fatal(err)
	}
	// The test site's public address is https, so the cookie has the __Host- prefix.
	return modEditor{site: s, id: u.ID, cookie: &http.Cookie{Name: "__Host-sessie", Value: token}}
}

func (e modEditor) do(t *testing.T, method, path string, form url.Values) *http.Response {
	t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, e.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(e.cookie)
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// page requests path and parses the answer, which must have status want.
func (e modEditor) page(t *testing.T, method, path string, form url.Values, want int) *goquery.Document {
	t.Helper()
	resp := e.do(t, method, path, form)
	defer resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d", method, path, resp.StatusCode, want)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// post sends a form that must end in a 303 and returns where it leads.
func (e modEditor) post(t *testing.T, path string, form url.Values) string {
	t.Helper()
	resp := e.do(t, "POST", path, form)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s: status %d, want 303", path, resp.StatusCode)
	}
	return resp.Header.Get("Location")
}

// modSubmit stores a submission and sends it to the editors, as the submission form does.
func modSubmit(t *testing.T, st *store.Store, n store.NewSubmission) catalog.Submission {
	t.Helper()
	ctx := context.Background()
	n.TokenHash = testdb.TokenHash(fmt.Sprintf("inzending-%s-%s", t.Name(), n.Content.Title))
	n.Submitter = catalog.Submitter{Name: "An Peeters", Organisation: "Gemeente Genk", Email: "an@genk.be"}
	sub, err := st.CreateSubmission(ctx, n, store.Notices{})
	if err != nil {
		t.Fatal(err)
	}
	sub, err = st.Submit(ctx, n.TokenHash, sub.Version, store.Notices{})
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func modNewContent(title string) catalog.Sheet {
	return catalog.Sheet{
		Title:       title,
		Intro:       "Buren koken samen, elke woensdag.",
		Description: "Een kok van het OCMW begeleidt de groep.",
		Terms: map[catalog.Facet][]string{
			catalog.FacetCategory: {"Ontmoeting & participatie"},
			catalog.FacetGoal:     {"Samen koken met buren"},
		},
		Variants: []catalog.Variant{{Places: []catalog.Place{{Name: "Genk", TermSlug: "genk"}}, Text: "In het buurthuis."}},
	}
}

// modSheet returns the published seed sheet whose title contains text.
func modSheet(t *testing.T, st *store.Store, text string) catalog.Sheet {
	t.Helper()
	res, err := st.Search(context.Background(), store.SearchQuery{Text: text})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("no sheet for %q: %v", text, err)
	}
	sh, err := st.SheetBySlug(context.Background(), res.Hits[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	return sh
}

// modLastMail returns the body of the newest outbox mail of kind.
func modLastMail(t *testing.T, db *pgxpool.Pool, kind string) (to, subject, body string) {
	t.Helper()
	err := db.QueryRow(context.Background(), `
		SELECT to_addr, subject, body FROM outbox WHERE kind = $1 ORDER BY id DESC LIMIT 1`, kind).Scan(&to, &subject, &body)
	if err != nil {
		t.Fatalf("no %s mail: %v", kind, err)
	}
	return to, subject, body
}

func modText(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

func TestModerationNeedsEditor(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, path := range []string{"/beheer", "/beheer/inzendingen/1", "/beheer/fiches", "/beheer/termen", "/beheer/redenen", "/beheer/zoeken"} {
		resp, err := noRedirect.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden") {
			t.Errorf("visitor GET %s: %d to %q", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	resp, err := noRedirect.PostForm(s.URL+"/beheer/inzendingen/1/goedkeuren", url.Values{"versie": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/aanmelden" {
		t.Errorf("visitor POST: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestQueuePage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	doc := ed.page(t, "GET", "/beheer", nil, 200)
	if !strings.Contains(modText(doc.Find(".lead")), "Er wachten geen inzendingen") {
		t.Errorf("empty queue: %q", modText(doc.Find(".lead")))
	}
	sheet := modSheet(t, s.st, "Talentcoaches")
	change := sheet
	change.Intro = "Een nieuwe inleiding."
	modSubmit(t, s.st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{Content: modNewContent("Kookclub voor buren")}})
	modSubmit(t, s.st, store.NewSubmission{Kind: catalog.KindChange, SheetID: sheet.ID, BaseRevision: sheet.Revision,
		SubmissionInput: store.SubmissionInput{Content: change}})
	// One waits for its submitter, one was answered.
	ask := func(title string) catalog.Submission {
		t.Helper()
		sub := modSubmit(t, s.st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{Content: modNewContent(title)}})
		if _, err := s.st.AskSubmitter(ctx, store.Decision{SubmissionID: sub.ID, Version: sub.Version, EditorID: ed.id},
			"Wie betaalt de zaal?", testdb.TokenHash("vraag-"+title), func(store.Outcome) store.Mail { return store.Mail{Kind: "question", To: "an@genk.be"} }); err != nil {
			t.Fatal(err)
		}
		return sub
	}
	ask("Repaircafé")
	ask("Buurtsoep")
	if _, err := s.st.AnswerQuestion(ctx, testdb.TokenHash("vraag-Buurtsoep"), "Het OCMW.", store.Notices{}); err != nil {
		t.Fatal(err)
	}

	doc = ed.page(t, "GET", "/beheer", nil, 200)
	if cur := doc.Find(`.beheer-nav a[aria-current="page"]`); modText(cur) != "Wachtrij" {
		t.Errorf("current tab = %q", modText(cur))
	}
	if got := modText(doc.Find("details.queue-filters > summary")); got != "Filters: alle inzendingen" {
		t.Errorf("the folded filters read %q", got)
	}
	items := doc.Find("ol.queue-list > li.queue-item")
	if items.Length() != 4 {
		t.Fatalf("%d items, want 4", items.Length())
	}
	type card struct {
		title, state, kind string
		facts              map[string]string // dt → dd
	}
	var cards []card
	items.Each(func(_ int, li *goquery.Selection) {
		c := card{modText(li.Find(".queue-title a")), modText(li.Find(".queue-state")), modText(li.Find(".queue-title .queue-kind")), map[string]string{}}
		li.Find("dl.queue-meta dt").Each(func(_ int, dt *goquery.Selection) { c.facts[modText(dt)] = modText(dt.Next()) })
		cards = append(cards, c)
	})
	want := []card{
		{"Kookclub voor buren", "Te beoordelen", "Nieuwe praktijk:", nil},
		{change.Title, "Te beoordelen", "Wijziging:", nil},
		{"Repaircafé", "Wacht op indiener", "Nieuwe praktijk:", nil},
		{"Buurtsoep", "Antwoord ontvangen", "Nieuwe praktijk:", nil},
	}
	for i, w := range want {
		if cards[i].title != w.title || cards[i].state != w.state || cards[i].kind != w.kind {
			t.Errorf("card %d = %+v, want %+v", i, cards[i], w)
		}
	}
	// The kind is plain text in the title ("Wijziging: …"), the state the one badge: the
	// two never read as two states.
	items.Each(func(i int, li *goquery.Selection) {
		if h := modText(li.Find(".queue-title")); h != want[i].kind+" "+want[i].title {
			t.Errorf("card %d's heading = %q", i, h)
		}
		if n := li.Find(".queue-badges > *").Length(); n != 1 {
			t.Errorf("card %d shows %d badges, want the state alone", i, n)
		}
	})
	f := cards[0].facts
	if !strings.HasPrefix(f["Wacht sinds"], "minder dan een uur ") || f["Gemeente"] != "Genk" || f["Ingediend door"] != "Gemeente Genk An Peeters" {
		t.Errorf("first card's facts %q", f)
	}
	if got := cards[3].facts["Antwoord"]; got != "minder dan een uur geleden" {
		t.Errorf("the answered card says %q about the answer", got)
	}
	if _, ok := cards[2].facts["Antwoord"]; ok {
		t.Error("a card waiting for its submitter shows an answer")
	}
	if items.Eq(0).Find(".queue-title a").AttrOr("href", "") == "" {
		t.Error("the title does not link to the review")
	}
	lead := modText(doc.Find(".lead"))
	for _, w := range []string{"4 inzendingen wachten: 3 nieuwe praktijken en 1 wijziging", "Bij 1 inzending kwam een antwoord"} {
		if !strings.Contains(lead, w) {
			t.Errorf("lead %q lacks %q", lead, w)
		}
	}

	// Filters are links that keep the other filter, with the count each gives.
	filterLinks := func(doc *goquery.Document, label string) map[string]string {
		out := map[string]string{}
		doc.Find(`nav[aria-label="` + label + `"] a`).Each(func(_ int, a *goquery.Selection) {
			out[modText(a)] = a.AttrOr("href", "")
		})
		return out
	}
	states := filterLinks(doc, "Status van de inzending")
	if states["Antwoord ontvangen (1)"] != "/beheer?status=antwoord" || states["Te beoordelen (2)"] != "/beheer?status=nieuw" || states["Wacht op indiener (1)"] != "/beheer?status=wacht" {
		t.Errorf("state filters %v", states)
	}
	doc = ed.page(t, "GET", "/beheer?status=antwoord", nil, 200)
	if got := texts(doc.Find(".queue-title a")); len(got) != 1 || got[0] != "Buurtsoep" {
		t.Errorf("answered: %q", got)
	}
	kinds := filterLinks(doc, "Soort inzending")
	if kinds["Wijzigingen (0)"] != "/beheer?soort=wijziging&status=antwoord" || kinds["Nieuwe praktijken (1)"] != "/beheer?soort=nieuw&status=antwoord" {
		t.Errorf("kind filters under a state: %v", kinds)
	}
	if cur := modText(doc.Find(`nav[aria-label="Status van de inzending"] a[aria-current="page"]`)); cur != "Antwoord ontvangen (1)" {
		t.Errorf("current state filter %q", cur)
	}
	// Folded on a phone, the filters say what is chosen.
	if got := modText(doc.Find("details.queue-filters > summary")); got != "Filters: Antwoord ontvangen" {
		t.Errorf("the folded filters read %q", got)
	}
	doc = ed.page(t, "GET", "/beheer?soort=wijziging&status=nieuw", nil, 200)
	if got := modText(doc.Find("details.queue-filters > summary")); got != "Filters: Wijzigingen · Te beoordelen" {
		t.Errorf("the folded filters read %q", got)
	}
	if got := texts(doc.Find(".queue-title a")); len(got) != 1 || got[0] != change.Title {
		t.Errorf("new changes: %q", got)
	}
	doc = ed.page(t, "GET", "/beheer?soort=wijziging&status=wacht", nil, 200)
	if doc.Find(".queue-item").Length() != 0 || !strings.Contains(modText(doc.Find(".beheer-empty")), "Geen inzendingen met deze filters") ||
		doc.Find(`.beheer-empty a[href="/beheer"]`).Length() != 1 {
		t.Errorf("empty filter: %q", modText(doc.Find(".beheer-empty")))
	}
	// Unknown values are ignored.
	if n := ed.page(t, "GET", "/beheer?soort=x&status=onbekend", nil, 200).Find(".queue-item").Length(); n != 4 {
		t.Errorf("unknown filter values: %d items", n)
	}
}

func TestReviewAndApproveNew(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sub := modSubmit(t, s.st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{Content: modNewContent("Kookclub voor buren")}})
	path := fmt.Sprintf("/beheer/inzendingen/%d", sub.ID)

	doc := ed.page(t, "GET", path, nil, 200)
	if h1 := modText(doc.Find("h1")); !strings.Contains(h1, "Kookclub voor buren") || !strings.Contains(h1, "Nieuwe praktijk") {
		t.Errorf("h1 = %q", h1)
	}
	if got := modText(doc.Find(".sheet-preview mark.new-term")); !strings.Contains(got, "Samen koken met buren") {
		t.Errorf("new term not highlighted: %q", got)
	}
	if doc.Find(`.sheet-preview a[href^="/praktijken?categorie="]`).Length() != 1 {
		t.Error("the known category is not linked")
	}
	if doc.Find(`.sheet-preview h2`).Text() != "Kookclub voor buren" {
		t.Errorf("preview title: %q", doc.Find(".sheet-preview h2").Text())
	}
	for _, action := range []string{"goedkeuren", "afwijzen", "vraag"} {
		form := doc.Find(`form[action="` + path + `/` + action + `"]`)
		if v, _ := form.Find(`input[name=versie]`).Attr("value"); v != fmt.Sprint(sub.Version) {
			t.Errorf("%s form posts version %q, want %d", action, v, sub.Version)
		}
	}
	if doc.Find(`form[action$="/afwijzen"] fieldset legend`).Length() != 1 || doc.Find(`label[for="afwijzen-tekst"]`).Length() != 1 {
		t.Error("the reject form lacks its legend or label")
	}
	if doc.Find(`select[name=sjabloon] option`).Length() < 3 {
		t.Error("no standard texts offered")
	}

	loc := ed.post(t, path+"/goedkeuren", url.Values{"versie": {fmt.Sprint(sub.Version)}})
	if loc != path+"?melding=gepubliceerd" {
		t.Fatalf("approve leads to %q", loc)
	}
	doc = ed.page(t, "GET", loc, nil, 200)
	notice := doc.Find(`.beheer-notice[role=status]`)
	if !strings.Contains(modText(notice), "gepubliceerd") || notice.Find(`a[href="/praktijken/kookclub-voor-buren"]`).Length() != 1 {
		t.Errorf("notice = %q", modText(notice))
	}
	if doc.Find(`form[action$="/goedkeuren"]`).Length() != 0 {
		t.Error("a decided submission still offers the actions")
	}
	sheet := s.get(t, "/praktijken/kookclub-voor-buren", 200)
	if modText(sheet.Find("h1")) != "Kookclub voor buren" {
		t.Errorf("published sheet h1 %q", modText(sheet.Find("h1")))
	}
	to, _, body := modLastMail(t, s.db, "approved")
	if to != "an@genk.be" || !strings.Contains(body, "https://praktijkbank.test/praktijken/kookclub-voor-buren") {
		t.Errorf("approved mail to %q: %s", to, body)
	}

	// A second editor who still had the old page open loses, and is told so.
	loc = ed.post(t, path+"/goedkeuren", url.Values{"versie": {fmt.Sprint(sub.Version)}})
	if loc != path+"?melding=conflict" {
		t.Fatalf("second approval leads to %q", loc)
	}
	doc = ed.page(t, "GET", loc, nil, 200)
	if alert := modText(doc.Find(`[role=alert]`)); !strings.Contains(alert, "Een andere redacteur heeft deze inzending intussen behandeld") {
		t.Errorf("conflict message = %q", alert)
	}
	var n int
	if err := s.db.QueryRow(context.Background(), `SELECT count(*) FROM sheets WHERE title = 'Kookclub voor buren'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d sheets published (%v)", n, err)
	}
}

func TestReviewChangeDiff(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sheet := modSheet(t, s.st, "Talentcoaches")
	change := sheet
	change.Intro = strings.Replace(sheet.Intro, "kleuters", "peuters en kleuters", 1)
	if change.Intro == sheet.Intro {
		change.Intro = sheet.Intro + " Ook voor peuters."
	}
	sub := modSubmit(t, s.st, store.NewSubmission{Kind: catalog.KindChange, SheetID: sheet.ID, BaseRevision: sheet.Revision,
		SubmissionInput: store.SubmissionInput{Content: change}})
	// Meanwhile an editor fixes something else: the sheet moves to revision 2.
	edited := sheet
	edited.Contact = "Nieuw contact: info@genk.be"
	if _, err := s.st.EditSheet(context.Background(), store.SheetEdit{SheetID: sheet.ID, Revision: sheet.Revision, EditorID: ed.id, Sheet: edited}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/beheer/inzendingen/%d", sub.ID)
	doc := ed.page(t, "GET", path, nil, 200)
	warning := modText(doc.Find(".beheer-warning"))
	if !strings.Contains(warning, "Let op: de fiche is sindsdien gewijzigd (versie 1 → 2)") {
		t.Errorf("warning = %q", warning)
	}
	if href, _ := doc.Find(".beheer-warning a").Attr("href"); href != "/praktijken/"+sheet.Slug+"/geschiedenis?van=1&naar=2" {
		t.Errorf("warning link = %q", href)
	}
	fields := doc.Find(`section[aria-labelledby="wijzigingen-titel"] .diff-field`)
	if fields.Length() != 1 || modText(fields.Find("h3")) != "Inleiding" {
		t.Fatalf("changed fields: %q", texts(fields.Find("h3")))
	}
	ins := fields.Find(".diff-new ins")
	if ins.Length() == 0 || !strings.Contains(modText(ins), "toegevoegd:") || !strings.Contains(modText(ins), "peuters") {
		t.Errorf("insertions = %q", modText(ins))
	}
	if fields.Find(".diff-old del").Length() != 0 && !strings.Contains(modText(fields.Find(".diff-old del")), "verwijderd:") {
		t.Error("a deletion without its hidden label")
	}
	if doc.Find(".diff-old ins, .diff-new del").Length() != 0 {
		t.Error("insertions shown on the old side or deletions on the new side")
	}
	// What approving would change now includes undoing the editor's contact fix.
	if live := modText(doc.Find("details.live-diff")); !strings.Contains(live, "Contact") {
		t.Errorf("live diff = %q", live)
	}

	loc := ed.post(t, path+"/goedkeuren", url.Values{"versie": {fmt.Sprint(sub.Version)}})
	if loc != path+"?melding=gepubliceerd" {
		t.Fatalf("approve leads to %q", loc)
	}
	after, _ := s.st.SheetBySlug(context.Background(), sheet.Slug)
	if after.Revision != 3 || after.Intro != change.Intro {
		t.Errorf("after approval: revision %d, intro %q", after.Revision, after.Intro)
	}
}

func TestRejectAndQuestion(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	ctx := context.Background()
	sub := modSubmit(t, s.st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{Content: modNewContent("Kookclub")}})
	path := fmt.Sprintf("/beheer/inzendingen/%d", sub.ID)
	version := fmt.Sprint(sub.Version)

	// A rejection needs a reason.
	doc := ed.page(t, "POST", path+"/afwijzen", url.Values{"versie": {version}, "tekst": {"  "}, "sjabloon": {"0"}}, http.StatusUnprocessableEntity)
	if msg := modText(doc.Find("#afwijzen-fout")); msg != "Fout: Geef een reden op, of kies een standaardtekst." {
		t.Errorf("error = %q", msg)
	}
	if v, _ := doc.Find("#afwijzen-tekst").Attr("aria-invalid"); v != "true" {
		t.Error("the reason field is not marked invalid")
	}

	// A question, typed.
	loc := ed.post(t, path+"/vraag", url.Values{"versie": {version}, "tekst": {"Wie betaalt de ingrediënten?"}})
	if loc != path+"?melding=vraag" {
		t.Fatalf("question leads to %q", loc)
	}
	to, subject, body := modLastMail(t, s.db, "question")
	link := regexp.MustCompile(`https://praktijkbank\.test/indiening/([A-Za-z0-9_-]+)`).FindStringSubmatch(body)
	if to != "an@genk.be" || link == nil || !strings.Contains(body, "Wie betaalt de ingrediënten?") || !strings.Contains(body, "De link uit je eerdere mails blijft ook werken") {
		t.Fatalf("question mail to %q: %s", to, body)
	}
	// Nobody confirmed the address: the mail names the submission by its day, not by the title
	// typed in the form.
	if strings.Contains(subject+body, "Kookclub") || !strings.Contains(subject, "je inzending van ") {
		t.Errorf("question mail repeats the typed title or names no day: %q\n%s", subject, body)
	}
	got, err := s.st.SubmissionByToken(ctx, testdb.TokenHash(link[1]))
	if err != nil || got.ID != sub.ID || got.Status != catalog.SubmissionQuestion {
		t.Fatalf("the mailed link: %v %+v", err, got.Status)
	}
	// The link the submitter had before keeps working, as the mail says.
	if old, err := s.st.SubmissionByToken(ctx, testdb.TokenHash(fmt.Sprintf("inzending-%s-%s", t.Name(), "Kookclub"))); err != nil || old.ID != sub.ID {
		t.Errorf("the earlier link after the question: %v", err)
	}
	doc = ed.page(t, "GET", loc, nil, 200)
	if msgs := modText(doc.Find(".messages")); !strings.Contains(msgs, "Redactie") || !strings.Contains(msgs, "Wie betaalt") {
		t.Errorf("conversation = %q", msgs)
	}

	// A rejection from a standard text, left empty in the text area.
	rejects, err := s.st.ReasonTemplates(ctx, store.ReasonReject)
	if err != nil || len(rejects) == 0 {
		t.Fatal("no reject templates", err)
	}
	version = fmt.Sprint(got.Version)
	loc = ed.post(t, path+"/afwijzen", url.Values{"versie": {version}, "tekst": {""}, "sjabloon": {fmt.Sprint(rejects[0].ID)}})
	if loc != path+"?melding=afgewezen" {
		t.Fatalf("reject leads to %q", loc)
	}
	_, subject, body = modLastMail(t, s.db, "rejected")
	if !strings.Contains(body, strings.SplitN(rejects[0].Body, ".", 2)[0]) {
		t.Errorf("rejected mail lacks the standard text: %s", body)
	}
	if strings.Contains(subject+body, "Kookclub") || !strings.Contains(body, "je inzending van ") {
		t.Errorf("rejected mail repeats the typed title or names no day: %q\n%s", subject, body)
	}
	doc = ed.page(t, "GET", loc, nil, 200)
	if reason := modText(doc.Find(".review-meta")); !strings.Contains(reason, "Afgewezen") || !strings.Contains(reason, rejects[0].Body[:20]) {
		t.Errorf("review after rejection: %q", reason)
	}
}

func TestHistoryPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sheet := modSheet(t, s.st, "Trampoline")
	edited := sheet
	edited.Intro = sheet.Intro + " Nu ook in Genk."
	if _, err := s.st.EditSheet(ctx, store.SheetEdit{SheetID: sheet.ID, Revision: 1, EditorID: ed.id, Sheet: edited, Note: "Genk toegevoegd"}); err != nil {
		t.Fatal(err)
	}
	// Both versions of one day: the history tells them apart by their time.
	if _, err := s.db.Exec(ctx, `UPDATE sheet_revisions SET created_at = CASE revision
		WHEN 1 THEN timestamptz '2026-12-03 10:00+01' ELSE timestamptz '2026-12-03 14:05+01' END WHERE sheet_id = $1`, sheet.ID); err != nil {
		t.Fatal(err)
	}
	base := "/praktijken/" + sheet.Slug
	if href, _ := s.get(t, base, 200).Find(`a[href="` + base + `/geschiedenis"]`).Attr("href"); href == "" {
		t.Error("the sheet does not link its history")
	}
	doc := s.get(t, base+"/geschiedenis", 200)
	rows := doc.Find("table.history-table tbody tr")
	if rows.Length() != 2 || !strings.Contains(modText(rows.Eq(0)), "Genk toegevoegd") || !strings.Contains(modText(rows.Eq(0)), "huidige versie") {
		t.Fatalf("history rows = %q", texts(rows))
	}
	if strings.Contains(doc.Text(), "eva@praktijkbank.test") || strings.Contains(doc.Text(), "Eva Redacteur") || strings.Contains(doc.Text(), "user:") {
		t.Error("the public history names the editor")
	}
	// A signed-in editor sees who published each version.
	edDoc := ed.page(t, "GET", base+"/geschiedenis", nil, 200)
	if h := texts(edDoc.Find("table.history-table thead th")); !slices.Contains(h, "Gepubliceerd door") {
		t.Errorf("the editor's history has the columns %q", h)
	}
	by := texts(edDoc.Find(`table.history-table tbody td[data-label="Gepubliceerd door"]`))
	if len(by) != 2 || by[0] != "Eva Redacteur" || by[1] != "automatisch (geen redacteur)" {
		t.Errorf("the editor's history says the versions were published by %q", by)
	}
	compare, _ := rows.Eq(0).Find("a").Last().Attr("href")
	if compare != base+"/geschiedenis?van=1&naar=2" {
		t.Errorf("compare link = %q", compare)
	}
	// The header names both versions and their moments, readably: two versions of one day
	// are told apart by their time.
	if a, b := modText(rows.Eq(0).Find("td").First()), modText(rows.Eq(1).Find("td").First()); a != "3 december 2026 om 14:05" || b != "3 december 2026 om 10:00" {
		t.Errorf("the history dates the versions %q and %q", a, b)
	}
	diffDoc := s.get(t, compare, 200)
	header := diffDoc.Find(".compare-versions").Clone()
	header.Find(".visually-hidden").Remove()
	if got := modText(header); got != "Versie 1 van 3 december 2026 om 10:00 → versie 2 van 3 december 2026 om 14:05." {
		t.Errorf("comparison header %q", got)
	}
	spoken := diffDoc.Find(".compare-versions").Clone()
	spoken.Find(`[aria-hidden="true"]`).Remove()
	if got := modText(spoken); got != "Versie 1 van 3 december 2026 om 10:00 tot versie 2 van 3 december 2026 om 14:05." {
		t.Errorf("for screen readers the header reads %q", got)
	}
	if labels := texts(diffDoc.Find(".comparison .diff-label")); len(labels) < 2 || labels[0] != "Was: versie 1" || labels[1] != "Wordt: versie 2" {
		t.Errorf("the sides of the comparison are labelled %q", labels)
	}
	if ins := modText(diffDoc.Find(".comparison ins")); !strings.Contains(ins, "toegevoegd: Nu ook in Genk.") {
		t.Errorf("insertion = %q", ins)
	}
	if robots, _ := diffDoc.Find("meta[name=robots]").Attr("content"); robots != "noindex,follow" {
		t.Errorf("comparison robots = %q", robots)
	}
	old := s.get(t, base+"/versies/1", 200)
	if strings.Contains(old.Find(".sheet-preview").Text(), "Nu ook in Genk") || !strings.Contains(modText(old.Find(".revision-banner")), "versie 1 van 2") {
		t.Errorf("revision 1 page: %q", modText(old.Find(".revision-banner")))
	}
	if old.Find(".sheet-preview h1").Length() != 1 {
		t.Error("the old revision has no h1")
	}
	for _, path := range []string{base + "/versies/9", base + "/versies/x", base + "/geschiedenis?van=1&naar=7", base + "/geschiedenis?van=a&naar=2", "/praktijken/bestaat-niet/geschiedenis"} {
		s.get(t, path, 404)
	}
	// A renamed sheet's history follows it; an archived sheet has none in public.
	renamed := edited
	renamed.Slug = sheet.Slug + "-nieuw"
	if _, err := s.st.EditSheet(ctx, store.SheetEdit{SheetID: sheet.ID, Revision: 2, EditorID: ed.id, Sheet: renamed}); err != nil {
		t.Fatal(err)
	}
	resp, err := noRedirect.Get(s.URL + base + "/geschiedenis?van=1&naar=2")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != base+"-nieuw/geschiedenis?van=1&naar=2" {
		t.Errorf("old slug history: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if err := s.st.SetSheetStatus(ctx, ed.id, sheet.ID, catalog.StatusArchived); err != nil {
		t.Fatal(err)
	}
	s.get(t, base+"-nieuw/geschiedenis", 404)
}

func TestSheetsAdmin(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sheet := modSheet(t, s.st, "Trampoline")
	doc := ed.page(t, "GET", "/beheer/fiches", nil, 200)
	if n := doc.Find("table.beheer-table tbody tr").Length(); n != 5 {
		t.Errorf("%d sheets listed", n)
	}
	doc = ed.page(t, "GET", "/beheer/fiches?"+url.Values{"q": {sheet.Title}}.Encode(), nil, 200)
	link := doc.Find("table.beheer-table tbody th a").First()
	admin, _ := link.Attr("href")
	if admin != fmt.Sprintf("/beheer/fiches/%d", sheet.ID) {
		t.Fatalf("sheet link %q", admin)
	}
	page := ed.page(t, "GET", admin, nil, 200)
	if page.Find(`input[name=status][value=published][checked]`).Length() != 1 {
		t.Error("the current status is not checked")
	}

	// Unpublish, once confirmed: gone from the catalogue.
	if loc := ed.post(t, admin+"/status", url.Values{"status": {"unpublished"}, "bevestigd": {"ja"}}); loc != admin+"?melding=status" {
		t.Errorf("status leads to %q", loc)
	}
	if got := s.get(t, "/praktijken?q=trampoline", 200).Find(".result-count").Text(); got != "0 praktijken" {
		t.Errorf("catalogue after unpublishing: %q", got)
	}
	s.get(t, "/praktijken/"+sheet.Slug, 404)
	ed.post(t, admin+"/status", url.Values{"status": {"published"}})

	// A new address; the old one redirects.
	doc = ed.page(t, "POST", admin+"/adres", url.Values{"versie": {"1"}, "adres": {"Met Spaties"}}, http.StatusUnprocessableEntity)
	if msg := modText(doc.Find("#adres-fout")); !strings.Contains(msg, "kleine letters") {
		t.Errorf("slug error %q", msg)
	}
	other := modSheet(t, s.st, "Talentcoaches")
	doc = ed.page(t, "POST", admin+"/adres", url.Values{"versie": {"1"}, "adres": {other.Slug}}, http.StatusUnprocessableEntity)
	if msg := modText(doc.Find("#adres-fout")); !strings.Contains(msg, "al in gebruik") {
		t.Errorf("taken slug error %q", msg)
	}
	if loc := ed.post(t, admin+"/adres", url.Values{"versie": {"1"}, "adres": {"trampoline-dorp"}}); loc != admin+"?melding=adres" {
		t.Errorf("rename leads to %q", loc)
	}
	resp, err := noRedirect.Get(s.URL + "/praktijken/" + sheet.Slug)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/praktijken/trampoline-dorp" {
		t.Errorf("old address: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A stale revision is refused.
	if loc := ed.post(t, admin+"/adres", url.Values{"versie": {"1"}, "adres": {"nog-anders"}}); loc != admin+"?melding=conflict" {
		t.Errorf("stale rename leads to %q", loc)
	}

	// The importer's flag.
	if _, err := s.db.Exec(ctx, `UPDATE sheets SET needs_review = true, review_notes = '{"testnotitie"}' WHERE id = $1`, sheet.ID); err != nil {
		t.Fatal(err)
	}
	doc = ed.page(t, "GET", "/beheer/fiches?nakijken=1", nil, 200)
	if !strings.Contains(modText(doc.Find("tbody")), "testnotitie") {
		t.Errorf("flagged list: %q", modText(doc.Find("tbody")))
	}
	ed.post(t, admin+"/nagekeken", nil)
	if doc = ed.page(t, "GET", "/beheer/fiches?nakijken=1", nil, 200); strings.Contains(modText(doc.Find("tbody")), "testnotitie") {
		t.Error("a reviewed sheet is still flagged")
	}
}

func TestTermsAdmin(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	terms, err := s.st.TermsForCuration(ctx, catalog.FacetTargetGroup)
	if err != nil || len(terms) < 2 {
		t.Fatal(err)
	}
	doc := ed.page(t, "GET", "/beheer/termen?facet=doelgroep", nil, 200)
	if cur := modText(doc.Find(`.filter-links a[aria-current="page"]`)); cur != "Doelgroep" {
		t.Errorf("current facet %q", cur)
	}
	if n := doc.Find(`section[aria-labelledby="actief-titel"] tbody tr`).Length(); n == 0 {
		t.Fatal("no target groups listed")
	}
	source, target := terms[0], terms[1]
	manage := fmt.Sprintf("/beheer/termen/%d", source.ID)
	page := ed.page(t, "GET", manage, nil, 200)
	if page.Find(fmt.Sprintf(`select[name=doel] option[value="%d"]`, target.ID)).Length() != 1 {
		t.Error("the merge target is not offered")
	}
	doc = ed.page(t, "POST", manage+"/hernoemen", url.Values{"naam": {target.Label}}, http.StatusUnprocessableEntity)
	if msg := modText(doc.Find("#term-naam-fout")); !strings.Contains(msg, "bestaat al") {
		t.Errorf("rename conflict: %q", msg)
	}
	if loc := ed.post(t, manage+"/hernoemen", url.Values{"naam": {"Iedereen"}}); loc != manage+"?melding=hernoemd" {
		t.Errorf("rename leads to %q", loc)
	}
	if got, _ := s.st.TermByID(ctx, source.ID); got.Label != "Iedereen" || got.Slug != source.Slug {
		t.Errorf("after rename: %+v", got)
	}
	if loc := ed.post(t, manage+"/samenvoegen", url.Values{"doel": {fmt.Sprint(target.ID)}, "bevestigd": {"ja"}}); loc != "/beheer/termen?facet=doelgroep&melding=samengevoegd" {
		t.Errorf("merge leads to %q", loc)
	}
	doc = ed.page(t, "GET", "/beheer/termen?facet=doelgroep&melding=samengevoegd", nil, 200)
	if !strings.Contains(modText(doc.Find(".merged-list")), "Iedereen → "+target.Label) {
		t.Errorf("merged list: %q", modText(doc.Find(".merged-list")))
	}
	ed.page(t, "GET", manage, nil, 404)
}

func TestReasonTemplatesAdmin(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	doc := ed.page(t, "GET", "/beheer/redenen", nil, 200)
	if n := doc.Find(".reason-item").Length(); n != 4 {
		t.Errorf("%d standard texts, want the 4 of the migration", n)
	}
	doc = ed.page(t, "POST", "/beheer/redenen", url.Values{"soort": {"question"}, "titel": {""}, "tekst": {""}}, http.StatusUnprocessableEntity)
	if n := doc.Find(".error-summary li").Length(); n != 2 {
		t.Errorf("%d errors, want title and text", n)
	}
	if loc := ed.post(t, "/beheer/redenen", url.Values{"soort": {"question"}, "titel": {"Contactpersoon"}, "tekst": {"Wie is de contactpersoon?"}}); loc != "/beheer/redenen?melding=opgeslagen" {
		t.Errorf("add leads to %q", loc)
	}
	doc = ed.page(t, "GET", "/beheer/redenen", nil, 200)
	var edit string
	doc.Find(".reason-item").Each(func(_ int, r *goquery.Selection) {
		if modText(r.Find("h3")) == "Contactpersoon" {
			edit, _ = r.Find("a").Attr("href")
		}
	})
	if edit == "" {
		t.Fatal("the new text is not listed")
	}
	ed.post(t, edit, url.Values{"soort": {"question"}, "titel": {"Contact"}, "tekst": {"Wie?"}})
	ed.post(t, edit+"/verwijderen", nil)
	ed.page(t, "GET", edit, nil, 404)
}

// modFormValues collects what a browser would send for form as it is shown (the submit
// buttons aside).
func modFormValues(form *goquery.Selection) url.Values {
	v := url.Values{}
	form.Find("input, textarea, select").Each(func(_ int, in *goquery.Selection) {
		name, ok := in.Attr("name")
		if !ok || name == "" {
			return
		}
		switch goquery.NodeName(in) {
		case "textarea":
			v.Add(name, in.Text())
		case "select":
			in.Find("option[selected]").Each(func(_ int, o *goquery.Selection) { v.Add(name, o.AttrOr("value", o.Text())) })
		default:
			switch in.AttrOr("type", "text") {
			case "checkbox", "radio":
				if _, checked := in.Attr("checked"); checked {
					v.Add(name, in.AttrOr("value", "on"))
				}
			case "file", "submit", "button":
			default:
				v.Add(name, in.AttrOr("value", ""))
			}
		}
	})
	return v
}

func TestEditSubmissionBeforeApproval(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sub := modSubmit(t, s.st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{Content: modNewContent("Kookklub")}})
	path := fmt.Sprintf("/beheer/inzendingen/%d", sub.ID)
	review := ed.page(t, "GET", path, nil, 200)
	edit, _ := review.Find(`a[href="` + path + `/bewerken"]`).Attr("href")
	if edit == "" {
		t.Fatal("the review page does not link the edit form")
	}
	doc := ed.page(t, "GET", edit, nil, 200)
	form := doc.Find("form.sheet-form")
	action, _ := form.Attr("action")
	if action != fmt.Sprintf("%s/bewerken?versie=%d", path, sub.Version) {
		t.Fatalf("form action %q", action)
	}
	values := modFormValues(form)
	if values.Get("titel") != "Kookklub" {
		t.Fatalf("prefilled title %q", values.Get("titel"))
	}
	// An editor sees who sent it, but no honeypot and no photo upload of the submitter's form.
	if !strings.Contains(form.Find("legend").Text(), "Inzender") || strings.Contains(form.Find("legend").Text(), "Over jou") {
		t.Errorf("legends %q: want the submitter's details as 'Inzender'", texts(form.Find("legend")))
	}
	if form.Find(`input[name="website"], input[type="file"]`).Length() != 0 {
		t.Error("the editor's form has the honeypot or a photo upload")
	}
	// Asking for one more variant saves nothing and shows the form again.
	values.Set("action", "add-variant")
	more := ed.page(t, "POST", action, values, 200)
	if more.Find(`fieldset.group[id^="variant-"]`).Length() < 2 {
		t.Error("no extra variant group")
	}
	values.Set("titel", "Kookclub")
	values.Set("action", "save")
	if loc := ed.post(t, action, values); loc != path+"?melding=bewerkt" {
		t.Fatalf("save leads to %q", loc)
	}
	got, err := s.st.SubmissionByID(context.Background(), sub.ID)
	if err != nil || got.Content.Title != "Kookclub" || got.Version != sub.Version+1 || got.Status != catalog.SubmissionSubmitted {
		t.Fatalf("after the edit: %v %q version %d %s", err, got.Content.Title, got.Version, got.Status)
	}
	if got.Content.Variants[0].Places[0].TermSlug != "genk" || !slices.Contains(got.Content.Goals, "Samen koken met buren") {
		t.Errorf("the edit lost content: %+v", got.Content)
	}
	// Saving the old version again is a conflict.
	if loc := ed.post(t, action, values); loc != path+"?melding=conflict" {
		t.Errorf("stale save leads to %q", loc)
	}
	// An empty title is refused with the form's own message.
	values.Set("titel", "")
	bad := ed.page(t, "POST", fmt.Sprintf("%s/bewerken?versie=%d", path, got.Version), values, http.StatusUnprocessableEntity)
	if !strings.Contains(modText(bad.Find("form.sheet-form")), "Vul de titel van de praktijk in") {
		t.Error("no message for the empty title")
	}
	ed.post(t, path+"/goedkeuren", url.Values{"versie": {fmt.Sprint(got.Version)}})
	s.get(t, "/praktijken/kookclub", 200)
}

func TestEditPublishedSheet(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sheet := modSheet(t, s.st, "Talentcoaches")
	admin := fmt.Sprintf("/beheer/fiches/%d", sheet.ID)
	doc := ed.page(t, "GET", admin, nil, 200)
	form := doc.Find("form.sheet-form")
	action, _ := form.Attr("action")
	if action != admin+"?versie=1" {
		t.Fatalf("form action %q", action)
	}
	if legends := texts(form.Find("legend")); slices.Contains(legends, "Over jou") || slices.Contains(legends, "Inzender") {
		t.Errorf("a published sheet's edit form asks for a submitter: %q", legends)
	}
	values := modFormValues(form)
	values.Set("intro", "Een coach voor elke kleuter.")
	values.Set("action", "save")
	if loc := ed.post(t, action, values); loc != admin+"?melding=bewaard" {
		t.Fatalf("save leads to %q", loc)
	}
	after, err := s.st.SheetBySlug(context.Background(), sheet.Slug)
	if err != nil || after.Revision != 2 || after.Intro != "Een coach voor elke kleuter." {
		t.Fatalf("after the edit: %v revision %d intro %q", err, after.Revision, after.Intro)
	}
	if after.Description != sheet.Description || len(after.Variants) != len(sheet.Variants) {
		t.Errorf("the edit changed more than the intro")
	}
	public := s.get(t, "/praktijken/"+sheet.Slug+"/geschiedenis?van=1&naar=2", 200)
	if fields := texts(public.Find(".comparison .diff-field h3")); len(fields) == 0 || fields[0] != "Inleiding" {
		t.Errorf("public diff fields = %q", fields)
	}
	if loc := ed.post(t, action, values); loc != admin+"?melding=conflict" {
		t.Errorf("stale save leads to %q", loc)
	}
}

func TestSubmissionPhotoForEditorsOnly(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	content := modNewContent("Kookclub met foto")
	content.Image = &catalog.Image{File: "kook.jpg", Alt: "Buren aan het fornuis", Consent: true}
	sub := modSubmit(t, s.st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{
		Content: content,
		Image:   &store.SubmissionImage{File: "kook.jpg", ContentType: "image/jpeg", Data: []byte("full"), Thumb: []byte("thumb"), Width: 10, Height: 10},
	}})
	path := fmt.Sprintf("/beheer/inzendingen/%d", sub.ID)
	doc := ed.page(t, "GET", path, nil, 200)
	img := doc.Find(".review-photo img")
	if src, _ := img.Attr("src"); src != path+"/foto?formaat=klein" || img.AttrOr("alt", "") != "Buren aan het fornuis" {
		t.Errorf("thumbnail %q alt %q", src, img.AttrOr("alt", ""))
	}
	for q, want := range map[string]string{"?formaat=klein": "thumb", "": "full"} {
		resp := ed.do(t, "GET", path+"/foto"+q, nil)
		body := new(strings.Builder)
		_, _ = io.Copy(body, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || body.String() != want {
			t.Errorf("photo%s: %d %q %q", q, resp.StatusCode, resp.Header.Get("Content-Type"), body.String())
		}
	}
	resp, err := noRedirect.Get(s.URL + path + "/foto")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("visitor gets the photo: %d", resp.StatusCode)
	}
}

// An imported sheet says when it was taken in and nothing about versions; once an editor has
// changed it, the sheet and its search result say when.
func TestSheetDatesAfterAnEdit(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sheet := modSheet(t, s.st, "Talentcoaches")
	path := "/praktijken/" + sheet.Slug
	today := templates.DutchDate(time.Now())
	meta := modText(s.get(t, path, 200).Find(".sheet-meta p").First())
	if meta != "Opgenomen op "+today+". Geschiedenis" {
		t.Errorf("imported sheet: %q", meta)
	}
	edited := sheet
	edited.Intro = sheet.Intro + " Aangevuld door de redactie."
	if _, err := s.st.EditSheet(context.Background(), store.SheetEdit{SheetID: sheet.ID, Revision: sheet.Revision, EditorID: ed.id, Sheet: edited}); err != nil {
		t.Fatal(err)
	}
	meta = modText(s.get(t, path, 200).Find(".sheet-meta p").First())
	if meta != "Opgenomen op "+today+". Laatst gewijzigd op "+today+". Geschiedenis" {
		t.Errorf("edited sheet: %q", meta)
	}
	hits := texts(s.get(t, "/praktijken?q=talentcoach", 200).Find(".hit"))
	if len(hits) == 0 || !strings.Contains(hits[0], "Laatst gewijzigd op "+today) {
		t.Errorf("the result of the edited sheet: %q", hits)
	}
}

// TestEditorFormRoundTrip opens every seed sheet in the editors' form and saves it
// unchanged: no sheet gets a new revision, and none loses or gains a word.
func TestEditorFormRoundTrip(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	ctx := context.Background()
	rows, err := s.db.Query(ctx, `SELECT id, slug FROM sheets WHERE status = 'published' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	type ref struct {
		id   int64
		slug string
	}
	var sheets []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.id, &r.slug); err != nil {
			t.Fatal(err)
		}
		sheets = append(sheets, r)
	}
	if len(sheets) < 5 {
		t.Fatalf("%d sheets, want the five seeds", len(sheets))
	}
	for _, r := range sheets {
		t.Run(r.slug, func(t *testing.T) {
			before, err := s.st.SheetBySlug(ctx, r.slug)
			if err != nil {
				t.Fatal(err)
			}
			admin := fmt.Sprintf("/beheer/fiches/%d", r.id)
			form := ed.page(t, "GET", admin, nil, 200).Find("form.sheet-form")
			values := modFormValues(form)
			values.Set("action", "save")
			resp := ed.do(t, "POST", form.AttrOr("action", ""), values)
			if resp.StatusCode != http.StatusSeeOther {
				doc, _ := goquery.NewDocumentFromReader(resp.Body)
				resp.Body.Close()
				t.Fatalf("saving unchanged: %d, %s", resp.StatusCode, modText(doc.Find(".error-summary")))
			}
			resp.Body.Close()
			after, err := s.st.SheetBySlug(ctx, r.slug)
			if err != nil {
				t.Fatal(err)
			}
			if after.Revision != before.Revision {
				t.Errorf("saving the form unchanged made revision %d (was %d)", after.Revision, before.Revision)
			}
			for _, d := range sheetDiff(before, after) {
				t.Errorf("changed by the round trip: %s", d)
			}
		})
	}
}

// sheetDiff names the fields of the content model that differ between a and b.
func sheetDiff(a, b catalog.Sheet) []string {
	var out []string
	cmp := func(name string, x, y any) {
		if !reflect.DeepEqual(x, y) {
			out = append(out, fmt.Sprintf("%s:\n  before %#v\n  after  %#v", name, x, y))
		}
	}
	cmp("title", a.Title, b.Title)
	cmp("intro", a.Intro, b.Intro)
	cmp("terms", sortedTerms(a.Terms), sortedTerms(b.Terms))
	cmp("goals", a.Goals, b.Goals)
	cmp("target groups", a.TargetGroups, b.TargetGroups)
	cmp("description", a.Description, b.Description)
	cmp("success factors", a.SuccessFactors, b.SuccessFactors)
	cmp("challenges", a.Challenges, b.Challenges)
	cmp("partners", a.Partners, b.Partners)
	cmp("variants", a.Variants, b.Variants)
	cmp("resources", a.Resources, b.Resources)
	cmp("sections", a.Sections, b.Sections)
	cmp("contact", a.Contact, b.Contact)
	cmp("image", a.Image, b.Image)
	return out
}

// sortedTerms is m with each facet's labels sorted: the order of a sheet's terms means nothing.
func sortedTerms(m map[catalog.Facet][]string) map[catalog.Facet][]string {
	out := map[catalog.Facet][]string{}
	for f, labels := range m {
		out[f] = slices.Sorted(slices.Values(labels))
	}
	return out
}

// postPhoto sends form with a photo as multipart/form-data, as the editor's browser does.
func (e modEditor) postPhoto(t *testing.T, path string, form url.Values, photo []byte) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, vals := range form {
		for _, v := range vals {
			mw.WriteField(name, v)
		}
	}
	w, err := mw.CreateFormFile("foto", "nieuw.jpg")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(photo)
	mw.Close()
	req, err := http.NewRequest("POST", e.URL+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(e.cookie)
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestEditorPhotoAndMunicipality: an editor replaces the photo of a published sheet (its
// description is asked first), adds a municipality without a variant of its own, and removes
// the photo.
func TestEditorPhotoAndMunicipality(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sheet := modSheet(t, s.st, "Talentcoaches")
	if sheet.Image == nil || sheet.Image.Consent {
		t.Fatalf("the seed's photo %+v: want one without consent, to replace", sheet.Image)
	}
	admin := fmt.Sprintf("/beheer/fiches/%d", sheet.ID)
	form := ed.page(t, "GET", admin, nil, 200).Find("form.sheet-form")
	if form.Find(`input[type=file][name=foto]`).Length() != 1 || form.Find("#andere-gemeenten").Length() != 1 {
		t.Fatal("the editor's form has no photo upload or no field for other municipalities")
	}
	values := modFormValues(form)
	values.Set("action", "save")
	values.Set("andere-gemeenten", "Hasselt")

	// Without a description the photo is refused, with the message next to the field.
	resp := ed.postPhoto(t, form.AttrOr("action", ""), values, subJPEG(t))
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find("#foto-alt-fout").Text(), "Beschrijf") ||
		doc.Find("#andere-gemeenten").AttrOr("value", "") != "Hasselt" {
		t.Fatalf("a photo without description: %d, message %q", resp.StatusCode, doc.Find("#foto-alt-fout").Text())
	}
	values.Set("foto-alt", "Een coach en een kleuter in het bos")
	values.Set("foto-bron", "Stad Genk")
	values.Set("foto-toestemming", "ja")
	resp = ed.postPhoto(t, form.AttrOr("action", ""), values, subJPEG(t))
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != admin+"?melding=bewaard" {
		t.Fatalf("save with a photo: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	after := modSheet(t, s.st, "Talentcoaches")
	if after.Image == nil || after.Image.File != "nieuw.jpg" || after.Image.Alt != "Een coach en een kleuter in het bos" || after.Revision != sheet.Revision+1 {
		t.Fatalf("after the upload: image %+v, revision %d", after.Image, after.Revision)
	}
	if !slices.Contains(after.Terms[catalog.FacetMunicipality], "Hasselt") {
		t.Errorf("municipalities %q: Hasselt was not added", after.Terms[catalog.FacetMunicipality])
	}
	photo, err := http.Get(s.URL + "/praktijken/" + after.Slug + "/foto")
	if err != nil {
		t.Fatal(err)
	}
	photo.Body.Close()
	if photo.StatusCode != 200 || photo.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("the public photo: %d %q", photo.StatusCode, photo.Header.Get("Content-Type"))
	}

	// Removing it.
	form = ed.page(t, "GET", admin, nil, 200).Find("form.sheet-form")
	values = modFormValues(form)
	values.Set("action", "save")
	values.Set("foto-verwijderen", "ja")
	if loc := ed.post(t, form.AttrOr("action", ""), values); loc != admin+"?melding=bewaard" {
		t.Fatalf("removing the photo leads to %q", loc)
	}
	if final := modSheet(t, s.st, "Talentcoaches"); final.Image != nil || !slices.Contains(final.Terms[catalog.FacetMunicipality], "Hasselt") {
		t.Errorf("after removing the photo: image %+v, municipalities %q", final.Image, final.Terms[catalog.FacetMunicipality])
	}
}

// A revision that only puts terms in another order and rewords a goal shows the goal as text,
// and no change of terms.
func TestHistoryDiffTermsAsSets(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	var sheet catalog.Sheet
	for _, slug := range []string{"talentcoaches-genk", "vrijetijdscoaching-genk", "dorp-rond-het-kind", "hefboom-in-partnerschap",
		"opvoedingsondersteuning-voor-anderstalige-ouders-met-jonge-kinderen"} {
		sh, err := s.st.SheetBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.Terms[catalog.FacetTargetGroup]) >= 2 && len(sh.Goals) > 0 {
			sheet = sh
			break
		}
	}
	if sheet.ID == 0 {
		t.Fatal("no seed with two target-group terms and a goal")
	}
	edited := sheet
	edited.Terms = maps.Clone(sheet.Terms)
	edited.Terms[catalog.FacetTargetGroup] = slices.Clone(sheet.Terms[catalog.FacetTargetGroup])
	slices.Reverse(edited.Terms[catalog.FacetTargetGroup])
	edited.Goals = slices.Clone(sheet.Goals)
	edited.Goals[0] += " en nog meer"
	if _, err := s.st.EditSheet(ctx, store.SheetEdit{SheetID: sheet.ID, Revision: sheet.Revision, EditorID: ed.id, Sheet: edited}); err != nil {
		t.Fatal(err)
	}
	doc := s.get(t, fmt.Sprintf("/praktijken/%s/geschiedenis?van=%d&naar=%d", sheet.Slug, sheet.Revision, sheet.Revision+1), 200)
	if got := texts(doc.Find(".comparison .diff-field h3")); !slices.Equal(got, []string{"Doelen (tekst van de fiche)"}) {
		t.Errorf("changed fields %q, want only the goals", got)
	}
	if ins := modText(doc.Find(".comparison ins")); ins != "toegevoegd: en nog meer" {
		t.Errorf("inserted %q", ins)
	}
	if doc.Find(".comparison del").Length() != 0 {
		t.Errorf("deleted %q", modText(doc.Find(".comparison del")))
	}
}
