package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// sessionCookie is the name of the session cookie over plain http (the test
// site is not https, so there is no __Host- prefix).
const sessionCookie = "sessie"

// The admin of the test site. The password hash uses cheap argon2id
// parameters: a hash records its own, so signing in costs what this did.
const (
	adminEmail    = "beheer@praktijkbank.test"
	adminName     = "Bea Beheerder"
	adminPassword = "een lange zin als wachtwoord"
)

// newToken is a token in the app's form (43 URL-safe characters), made from
// name, for a fixture.
func newToken(name string) string {
	h := sha256.Sum256([]byte("e2e:" + name))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// admin returns the id of the site's admin account, creating it once.
func (s *site) admin(t testing.TB) int64 {
	t.Helper()
	s.adminOnce.Do(func() {
		ctx := context.Background()
		hash, err := store.HashPassword(ctx, adminPassword, testdb.CheapHashParams)
		if err != nil {
			s.adminErr = err
			return
		}
		u, err := s.st.CreateUser(ctx, 0, store.NewUser{Email: adminEmail, Name: adminName, Role: catalog.RoleAdmin, PasswordHash: hash})
		if err != nil {
			s.adminErr = err
			return
		}
		s.adminID = u.ID
	})
	if s.adminErr != nil {
		t.Fatalf("creating the admin: %v", s.adminErr)
	}
	return s.adminID
}

// adminSession starts a session of the admin, as signing in does, and
// returns its token, for the cookie.
func (s *site) adminSession(t testing.TB) string {
	t.Helper()
	id := s.admin(t)
	token := fmt.Sprintf("e2e-sessie-%d", markSeq.Add(1))
	if _, err := s.st.StartSession(context.Background(), store.NewSession{UserID: id, TokenHash: testdb.TokenHash(token)}); err != nil {
		t.Fatalf("StartSession: %v", err)
	}
	return token
}

// setSession gives the tab the session cookie of token on the site.
func (b *tab) setSession(s *site, token string) {
	b.t.Helper()
	b.call("set the session cookie", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{
			Name: sessionCookie, Value: token, URL: s.URL, Path: "/", HTTPOnly: new(true), SameSite: network.CookieSameSiteLax,
		})
		return err
	})
}

// postForm makes the tab POST form to path on the site, as a form on the
// site would, and waits for the answer to load. The tab must show a page of
// the site.
func (b *tab) postForm(path string, form url.Values) {
	b.t.Helper()
	var sb strings.Builder
	sb.WriteString(`(() => { const f = document.createElement("form"); f.method = "post"; f.action = ` + jsString(path) + `;`)
	for k, vs := range form {
		for _, v := range vs {
			sb.WriteString(`{ const i = document.createElement("input"); i.type = "hidden"; i.name = ` + jsString(k) +
				`; i.value = ` + jsString(v) + `; f.appendChild(i); }`)
		}
	}
	sb.WriteString(`document.body.appendChild(f); HTMLFormElement.prototype.submit.call(f); })()`)
	b.navigateBy("POST "+path, chromedp.Evaluate[chromedp.Void](sb.String()))
}

// signInByForm signs the admin in through the real form on /aanmelden.
func (b *tab) signInByForm(s *site) {
	b.t.Helper()
	s.admin(b.t)
	b.navigate(s.URL + "/aanmelden")
	b.typeIn("the e-mail field", fieldJS("E-mailadres"), adminEmail)
	b.typeIn("the password field", fieldJS("Wachtwoord"), adminPassword)
	b.clickToNavigate("the sign-in button", buttonJS("Aanmelden"))
	if b.has("an error summary", `document.querySelector('[role="alert"]')`) {
		b.t.Fatalf("signing in failed: %s", query[string](b, "read the alert", `textOf(document.querySelector('[role="alert"]'))`))
	}
}

// fieldJS is the form control whose label starts with label (labels of
// required fields end in " (verplicht)"), the first in the page.
func fieldJS(label string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("input, textarea, select")].find(el => visible(el) &&
		[...(el.labels || [])].some(l => textOf(l) === %s || textOf(l).startsWith(%s + " (")))`, jsString(label), jsString(label))
}

// fieldInJS is like fieldJS, within the fieldset whose legend is legend.
func fieldInJS(legend, label string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("fieldset")].filter(f => f.querySelector("legend") && textOf(f.querySelector("legend")) === %s)
		.flatMap(f => [...f.querySelectorAll("input, textarea, select")]).find(el => visible(el) &&
		[...(el.labels || [])].some(l => textOf(l) === %s || textOf(l).startsWith(%s + " (")))`,
		jsString(legend), jsString(label), jsString(label))
}

// buttonJS is the visible button whose text is text.
func buttonJS(text string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("button, input[type=submit]")].find(b => visible(b) && (textOf(b) || b.value) === %s)`, jsString(text))
}

// linkJS is the visible link in the main content whose text is text.
func linkJS(text string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("main a[href]")].find(a => visible(a) && textOf(a) === %s)`, jsString(text))
}

// mailTo is a MailFunc that writes a mail of kind to the submitter.
func mailTo(kind string) store.MailFunc {
	return func(o store.Outcome) store.Mail {
		return store.Mail{Kind: kind, To: o.Submission.Submitter.Email, Subject: "Je inzending: " + kind,
			Body: "Over je inzending " + o.Submission.Content.Title + "."}
	}
}

// fixtures are the objects the signed-in and private page types need, made
// through the store as the forms would.
type fixtures struct {
	SheetSlug    string // a published seed sheet, edited once (revisions 1 and 2)
	SheetID      int64
	OtherSlug    string // another seed sheet
	DraftToken   string
	SentToken    string // a new sheet, submitted
	QuestionTok  string // a new sheet, with an editor's question
	NewID        int64  // the submitted new sheet
	ChangeID     int64  // an open change request, on the edited sheet
	InviteToken  string
	AdminSession string
}

func newSheet(title string) catalog.Sheet {
	return catalog.Sheet{
		Title:       title,
		Intro:       "Buren koken samen, elke woensdag.",
		Description: "Een kok van het OCMW begeleidt de groep.",
		Terms: map[catalog.Facet][]string{
			catalog.FacetCategory: {"Ontmoeting & participatie"},
		},
		Variants: []catalog.Variant{{Places: []catalog.Place{{Name: "Genk", TermSlug: "genk"}}, Text: "In het buurthuis."}},
	}
}

var submitter = catalog.Submitter{Name: "An Peeters", Organisation: "Gemeente Genk", Email: "an@genk.be"}

// makeFixtures creates the fixtures on the site.
func (s *site) makeFixtures(t testing.TB) fixtures {
	t.Helper()
	ctx := context.Background()
	adminID := s.admin(t)
	var f fixtures
	f.AdminSession = s.adminSession(t)

	sheets := s.sheetPaths(t)
	if len(sheets) < 2 {
		t.Fatalf("need two seed sheets, have %v", sheets)
	}
	f.SheetSlug = strings.TrimPrefix(sheets[0], "/praktijken/")
	f.OtherSlug = strings.TrimPrefix(sheets[1], "/praktijken/")
	sheet, err := s.st.SheetBySlug(ctx, f.SheetSlug)
	if err != nil {
		t.Fatal(err)
	}
	f.SheetID = sheet.ID

	create := func(token string, n store.NewSubmission, send bool) catalog.Submission {
		t.Helper()
		n.TokenHash = testdb.TokenHash(token)
		n.Submitter = submitter
		sub, err := s.st.CreateSubmission(ctx, n, store.Notices{})
		if err != nil {
			t.Fatalf("CreateSubmission: %v", err)
		}
		if send {
			if sub, err = s.st.Submit(ctx, n.TokenHash, sub.Version, store.Notices{}); err != nil {
				t.Fatalf("Submit: %v", err)
			}
		}
		return sub
	}
	change := func(token, intro string) catalog.Submission {
		content := sheet
		content.Intro = intro
		return create(token, store.NewSubmission{Kind: catalog.KindChange, SheetID: sheet.ID, BaseRevision: sheet.Revision,
			SubmissionInput: store.SubmissionInput{Content: content}}, true)
	}

	// An approved change: the sheet gets a second revision.
	edit := change(newToken("e2e-wijziging-1"), "Een nieuwe inleiding, voorgesteld en goedgekeurd.")
	if _, err := s.st.ApproveSubmission(ctx, store.Decision{SubmissionID: edit.ID, Version: edit.Version, EditorID: adminID}, mailTo("approved")); err != nil {
		t.Fatalf("ApproveSubmission: %v", err)
	}
	// An open change, against the new revision.
	sheet, err = s.st.SheetBySlug(ctx, f.SheetSlug)
	if err != nil {
		t.Fatal(err)
	}
	f.ChangeID = change(newToken("e2e-wijziging-2"), "Nog een andere inleiding, die op de redactie wacht.").ID

	f.DraftToken = newToken("e2e-klad")
	create(f.DraftToken, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{Content: newSheet("Kladje van een soepbar")}}, false)
	f.SentToken = newToken("e2e-verstuurd")
	f.NewID = create(f.SentToken, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{Content: newSheet("Buurtrestaurant De Tafel")}}, true).ID
	asked := create(newToken("e2e-vraag-oud"), store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{Content: newSheet("Repaircafé De Schroef")}}, true)
	f.QuestionTok = newToken("e2e-vraag")
	if _, err := s.st.AskSubmitter(ctx, store.Decision{SubmissionID: asked.ID, Version: asked.Version, EditorID: adminID},
		"Wie betaalt de huur van de zaal?", testdb.TokenHash(f.QuestionTok), mailTo("question")); err != nil {
		t.Fatalf("AskSubmitter: %v", err)
	}

	f.InviteToken = newToken("e2e-uitnodiging")
	if err := s.st.Invite(ctx, store.NewInvitation{Email: "nieuw@praktijkbank.test", Role: catalog.RoleEditor, InvitedBy: adminID,
		TokenHash: testdb.TokenHash(f.InviteToken), ExpiresAt: time.Now().Add(store.InvitationLifetime),
		Mail: store.Mail{Kind: "invitation", To: "nieuw@praktijkbank.test", Subject: "Uitnodiging", Body: "Welkom."}}); err != nil {
		t.Fatalf("Invite: %v", err)
	}
	return f
}

// firstLink GETs the listing at path as the admin and returns the first link
// in its main content whose path matches re.
func (s *site) firstLink(t testing.TB, token, path string, re *regexp.Regexp) string {
	t.Helper()
	status, _, body := s.request(t, http.MethodGet, path, nil, token)
	if status != http.StatusOK {
		t.Fatalf("GET %s as admin: status %d", path, status)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	var found string
	doc.Find("main a[href]").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		u, err := url.Parse(a.AttrOr("href", ""))
		if err == nil && re.MatchString(u.Path) {
			found = u.Path
			return false
		}
		return true
	})
	if found == "" {
		t.Fatalf("GET %s: no link matching %s", path, re)
	}
	return found
}

// signedInPages are the page types of submitters (by their private link),
// of sign-in and invitation, of a sheet's history, and of the editors, on a
// site with fixtures.
func (s *site) signedInPages(t testing.TB) ([]checkedPage, string) {
	t.Helper()
	f := s.makeFixtures(t)
	tok := f.AdminSession
	if _, err := s.st.AddFeedback(context.Background(), store.Feedback{Topic: store.FeedbackAccessibility,
		Message: "De kaart is niet te bedienen met het toetsenbord.", Page: "/gemeenten", Name: "An", Email: "an@genk.be"}, ""); err != nil {
		t.Fatal(err)
	}
	itoa := func(id int64) string { return strconv.FormatInt(id, 10) }
	// The change request form sent as it comes, without "Waarom stel je dit voor?".
	change := s.formValues(t, "", "/praktijken/"+f.OtherSlug+"/wijzigen", "form.sheet-form")
	change.Set(sheetform.FieldChangeReason, "")
	change.Set(sheetform.FieldAction, "submit")
	pages := []checkedPage{
		{Name: "submission form", Path: "/indienen", Status: http.StatusOK},
		{Name: "submission form with errors", Path: "/indienen", Status: http.StatusOK, Form: url.Values{
			"titel": {"Buurtrestaurant"}, "beschrijving": {"Samen eten."}, "variant-1-gemeenten": {"Genk"},
			"email": {"an@genk"}, "action": {"submit"}}},
		{Name: "private page, draft", Path: "/indiening/" + f.DraftToken, Status: http.StatusOK},
		{Name: "submission preview", Path: "/indiening/" + f.DraftToken + "/controle", Status: http.StatusOK},
		{Name: "private page, submitted", Path: "/indiening/" + f.SentToken, Status: http.StatusOK},
		{Name: "private page, question", Path: "/indiening/" + f.QuestionTok, Status: http.StatusOK},
		{Name: "change request form", Path: "/praktijken/" + f.OtherSlug + "/wijzigen", Status: http.StatusOK},
		{Name: "change request form without a reason", Path: "/praktijken/" + f.OtherSlug + "/wijzigen", Status: http.StatusOK, Form: change},
		{Name: "sign-in", Path: "/aanmelden", Status: http.StatusOK},
		{Name: "sign-in with an error", Path: "/aanmelden", Status: http.StatusUnprocessableEntity,
			Form: url.Values{"email": {adminEmail}, "wachtwoord": {""}}},
		{Name: "invitation", Path: "/uitnodiging/" + f.InviteToken, Status: http.StatusOK},
		{Name: "history", Path: "/praktijken/" + f.SheetSlug + "/geschiedenis", Status: http.StatusOK},
		{Name: "history diff", Path: "/praktijken/" + f.SheetSlug + "/geschiedenis?van=1&naar=2", Status: http.StatusOK},
		{Name: "revision 1", Path: "/praktijken/" + f.SheetSlug + "/versies/1", Status: http.StatusOK},
		{Name: "beheer queue", Path: "/beheer", Status: http.StatusOK, Admin: true},
		{Name: "beheer review new", Path: "/beheer/inzendingen/" + itoa(f.NewID), Status: http.StatusOK, Admin: true},
		{Name: "beheer review change", Path: "/beheer/inzendingen/" + itoa(f.ChangeID), Status: http.StatusOK, Admin: true},
		{Name: "beheer edit submission", Path: "/beheer/inzendingen/" + itoa(f.NewID) + "/bewerken", Status: http.StatusOK, Admin: true},
		{Name: "beheer sheets", Path: "/beheer/fiches", Status: http.StatusOK, Admin: true},
		{Name: "beheer sheet", Path: "/beheer/fiches/" + itoa(f.SheetID), Status: http.StatusOK, Admin: true},
		{Name: "beheer terms", Path: "/beheer/termen", Status: http.StatusOK, Admin: true},
		{Name: "beheer term", Path: s.firstLink(t, tok, "/beheer/termen", regexp.MustCompile(`^/beheer/termen/\d+$`)), Status: http.StatusOK, Admin: true},
		{Name: "beheer target group", Path: s.firstLink(t, tok, "/beheer/termen?facet=doelgroep", regexp.MustCompile(`^/beheer/termen/\d+$`)), Status: http.StatusOK, Admin: true},
		{Name: "beheer add term with an error", Path: "/beheer/termen", Status: http.StatusUnprocessableEntity, Admin: true,
			Form: url.Values{"facet": {"doelgroep"}, "naam": {""}, "trefwoorden": {"ouders"}}},
		{Name: "beheer reasons", Path: "/beheer/redenen", Status: http.StatusOK, Admin: true},
		{Name: "beheer search", Path: "/beheer/zoeken", Status: http.StatusOK, Admin: true},
		{Name: "beheer search with an error", Path: "/beheer/zoeken/synoniemen", Status: http.StatusUnprocessableEntity, Admin: true,
			Form: url.Values{"woorden": {"ocmw"}}},
		{Name: "beheer reason", Path: s.firstLink(t, tok, "/beheer/redenen", regexp.MustCompile(`^/beheer/redenen/\d+$`)), Status: http.StatusOK, Admin: true},
		{Name: "beheer users", Path: "/beheer/gebruikers", Status: http.StatusOK, Admin: true},
		{Name: "beheer audit", Path: "/beheer/audit", Status: http.StatusOK, Admin: true},
		{Name: "beheer mail", Path: "/beheer/mail", Status: http.StatusOK, Admin: true},
		{Name: "beheer mail item", Path: s.firstLink(t, tok, "/beheer/mail", regexp.MustCompile(`^/beheer/mail/\d+$`)), Status: http.StatusOK, Admin: true},
		{Name: "contact form with errors", Path: "/contact", Status: http.StatusUnprocessableEntity,
			Form: url.Values{"onderwerp": {"vraag"}, "bericht": {""}, "e-mail": {"an@genk"}}},
		{Name: "beheer feedback", Path: "/beheer/meldingen", Status: http.StatusOK, Admin: true},
	}
	pages = append(pages, s.editorPages(t, f)...)
	return pages, tok
}
