package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	pbmail "github.com/praktijkbank/praktijkbank/internal/mail"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/templates"
)

// TestAdminAuthorisation checks who reaches the admin pages: visitors are sent to sign in,
// editors are refused, admins get in.
func TestAdminAuthorisation(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "redacteur@gemeente.be", catalog.RoleEditor)
	acctUser(t, s.st, "beheerder@gemeente.be", catalog.RoleAdmin)
	anonymous := newAcctBrowser(t, s)
	editor := newAcctBrowser(t, s)
	editor.signIn("redacteur@gemeente.be")
	admin := newAcctBrowser(t, s)
	admin.signIn("beheerder@gemeente.be")

	adminPages := []string{"/beheer/gebruikers", "/beheer/audit", "/beheer/audit?pagina=2", "/beheer/mail", "/beheer/mail?status=mislukt"}
	for _, path := range adminPages {
		t.Run(path, func(t *testing.T) {
			resp := anonymous.do("GET", path, nil)
			want := "/aanmelden?" + url.Values{"terug": {path}}.Encode()
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
				t.Errorf("visitor: %d to %q, want 303 to %q", resp.StatusCode, resp.Header.Get("Location"), want)
			}
			doc := editor.page("GET", path, nil, http.StatusForbidden)
			if h := doc.Find("h1").Text(); h != "Geen toegang" || !strings.Contains(doc.Find("main").Text(), "alleen voor beheerders") {
				t.Errorf("editor: page %q", h)
			}
			admin.page("GET", path, nil, http.StatusOK)
		})
	}
	// Forms and actions, too.
	for _, path := range []string{"/beheer/gebruikers", "/beheer/gebruikers/1/verwijderen", "/beheer/mail/1/opnieuw"} {
		if resp := anonymous.do("POST", path, url.Values{"email": {"x@gemeente.be"}, "rol": {"admin"}}); resp.StatusCode != http.StatusSeeOther ||
			resp.Header.Get("Location") != "/aanmelden" {
			t.Errorf("visitor POST %s: %d to %q", path, resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp := editor.do("POST", path, url.Values{"email": {"x@gemeente.be"}, "rol": {"admin"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor POST %s: %d, want 403", path, resp.StatusCode)
		}
	}
	if n, _ := s.st.OpenInvitations(context.Background()); len(n) != 0 {
		t.Errorf("an editor or visitor invited someone: %+v", n)
	}
	// The admin tabs show to admins only (the layout reads the viewer loadSession sets).
	if doc := admin.page("GET", "/beheer/audit", nil, 200); doc.Find(`.beheer-nav a[href="/beheer/gebruikers"]`).Length() != 1 {
		t.Error("no Gebruikers tab for an admin")
	}

	// The editors' area itself (the moderation routes, behind requireRole("editor")):
	// visitors never reach it, editors and admins do.
	for _, path := range []string{"/beheer", "/beheer/fiches", "/beheer/inzendingen/1", "/beheer/termen", "/beheer/redenen",
		"/beheer/termen/1/samenvoegen?doel=2", "/beheer/fiches/1/status?status=archived", "/beheer/kwaliteit"} {
		resp := anonymous.do("GET", path, nil)
		want := "/aanmelden?" + url.Values{"terug": {path}}.Encode()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("visitor GET %s: %d to %q, want 303 to %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	for _, path := range []string{"/beheer/inzendingen/1/goedkeuren", "/beheer/redenen",
		"/beheer/termen/1/samenvoegen", "/beheer/fiches/1/status"} {
		if resp := anonymous.do("POST", path, url.Values{}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/aanmelden" {
			t.Errorf("visitor POST %s: %d to %q", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	for _, path := range []string{"/beheer", "/beheer/kwaliteit"} {
		editor.page("GET", path, nil, http.StatusOK)
		admin.page("GET", path, nil, http.StatusOK)
	}
}

var inviteLink = regexp.MustCompile(`https://praktijkbank\.test(/uitnodiging/[A-Za-z0-9_-]+)`)

func TestInviteAndAccept(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	ctx := context.Background()
	acctUser(t, s.st, "beheerder@gemeente.be", catalog.RoleAdmin)
	acctUser(t, s.st, "redacteur@gemeente.be", catalog.RoleEditor)
	admin := newAcctBrowser(t, s)
	admin.signIn("beheerder@gemeente.be")

	doc := admin.page("GET", "/beheer/gebruikers", nil, 200)
	if got := len(texts(doc.Find("table.admin-table tbody tr"))); got != 2 {
		t.Errorf("%d accounts listed, want 2", got)
	}
	if doc.Find(`a[href$="/verwijderen"]`).Length() != 1 {
		t.Error("want a remove link for the editor only, not for the admin's own account")
	}

	// Invalid invitations.
	for _, tt := range []struct {
		email, role, field, msg string
	}{
		{"", "editor", "email", "Vul het e-mailadres in"},
		{"geen-adres", "editor", "email", "geldig e-mailadres"},
		{"An <an@gemeente.be>", "editor", "email", "geldig e-mailadres"},
		{"an@gemeente.be", "baas", "rol", "Kies een rol"},
		{"REDACTEUR@gemeente.be", "editor", "email", "Er bestaat al een account"},
	} {
		doc := admin.page("POST", "/beheer/gebruikers", url.Values{"email": {tt.email}, "rol": {tt.role}}, http.StatusUnprocessableEntity)
		if got := doc.Find("#" + tt.field + "-fout").Text(); !strings.Contains(got, tt.msg) {
			t.Errorf("invite %q as %q: error %q, want %q", tt.email, tt.role, got, tt.msg)
		}
		if doc.Find("#"+tt.field).AttrOr("aria-invalid", "") != "true" {
			t.Errorf("invite %q: field %s not marked invalid", tt.email, tt.field)
		}
	}

	resp := admin.do("POST", "/beheer/gebruikers", url.Values{"email": {"nieuw@gemeente.be"}, "rol": {"editor"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/beheer/gebruikers?") {
		t.Fatalf("invite: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc = admin.page("GET", resp.Header.Get("Location"), nil, 200)
	if !strings.Contains(doc.Find(".notice").Text(), "nieuw@gemeente.be") || !strings.Contains(doc.Text(), "Openstaande uitnodigingen") {
		t.Error("no confirmation or open invitation after inviting")
	}
	mails, _ := s.st.Mails(ctx, store.MailQuery{})
	if mails.Total != 1 || mails.Mails[0].Kind != "invitation" || mails.Mails[0].To != "nieuw@gemeente.be" {
		t.Fatalf("outbox = %+v", mails)
	}
	m := inviteLink.FindStringSubmatch(mails.Mails[0].Body)
	if m == nil {
		t.Fatalf("no invitation link in %q", mails.Mails[0].Body)
	}
	link := m[1]

	invitee := newAcctBrowser(t, s)
	doc = invitee.page("GET", link, nil, 200)
	if doc.Find(`input#email[readonly][autocomplete=username]`).AttrOr("value", "") != "nieuw@gemeente.be" {
		t.Error("the form does not show the invited address as the username")
	}
	if doc.Find(`input#wachtwoord[autocomplete=new-password]`).Length() != 1 || doc.Find(`input#wachtwoord-herhaald[autocomplete=new-password]`).Length() != 1 {
		t.Error("no new-password inputs")
	}
	for _, tt := range []struct {
		name, pw, confirm, field, msg string
	}{
		{"", acctPassword, acctPassword, "naam", "Vul je naam in"},
		{"Nieuwe Redacteur", "te kort", "te kort", "wachtwoord", "minstens 12 tekens"},
		{"Nieuwe Redacteur", acctPassword, acctPassword + "x", "wachtwoord-herhaald", "niet gelijk"},
	} {
		doc := invitee.page("POST", link, url.Values{"naam": {tt.name}, "wachtwoord": {tt.pw}, "wachtwoord-herhaald": {tt.confirm}}, http.StatusUnprocessableEntity)
		if got := doc.Find("#" + tt.field + "-fout").Text(); !strings.Contains(got, tt.msg) {
			t.Errorf("%s: error %q, want %q", tt.field, got, tt.msg)
		}
		if v := doc.Find("input#wachtwoord").AttrOr("value", ""); v != "" {
			t.Error("password echoed")
		}
		if tt.name != "" && doc.Find("input#naam").AttrOr("value", "") != tt.name {
			t.Error("name not kept")
		}
	}
	resp = invitee.do("POST", link, url.Values{"naam": {"Nieuwe  Redacteur"}, "wachtwoord": {acctPassword}, "wachtwoord-herhaald": {acctPassword}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/beheer" || invitee.session() == "" {
		t.Fatalf("accept: %d to %q, session %q", resp.StatusCode, resp.Header.Get("Location"), invitee.session())
	}
	u, err := s.st.SessionUser(ctx, testdb.TokenHash(invitee.session()))
	if err != nil || u.Name != "Nieuwe Redacteur" || u.Role != catalog.RoleEditor {
		t.Errorf("signed in as %+v, %v", u, err)
	}
	// The new editor signs in with the chosen password later.
	newAcctBrowser(t, s).signIn("nieuw@gemeente.be")

	doc = newAcctBrowser(t, s).page("GET", link, nil, http.StatusGone)
	if !strings.Contains(doc.Find("h1").Text(), "al gebruikt") {
		t.Errorf("used link: %q", doc.Find("h1").Text())
	}
	newAcctBrowser(t, s).page("POST", link, url.Values{"naam": {"X"}, "wachtwoord": {acctPassword}, "wachtwoord-herhaald": {acctPassword}}, http.StatusGone)
	doc = newAcctBrowser(t, s).page("GET", "/uitnodiging/onbekend", nil, http.StatusNotFound)
	if !strings.Contains(doc.Find("h1").Text(), "bestaat niet") {
		t.Errorf("unknown link: %q", doc.Find("h1").Text())
	}

	// An expired invitation.
	admin.do("POST", "/beheer/gebruikers", url.Values{"email": {"laat@gemeente.be"}, "rol": {"admin"}})
	if _, err := s.db.Exec(ctx, `UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = 'laat@gemeente.be'`); err != nil {
		t.Fatal(err)
	}
	mails, _ = s.st.Mails(ctx, store.MailQuery{})
	late := inviteLink.FindStringSubmatch(mails.Mails[0].Body)[1]
	doc = newAcctBrowser(t, s).page("GET", late, nil, http.StatusGone)
	if !strings.Contains(doc.Find("h1").Text(), "verlopen") {
		t.Errorf("expired link: %q", doc.Find("h1").Text())
	}

	doc = admin.page("GET", "/beheer/audit", nil, 200)
	log := strings.Join(texts(doc.Find("tbody tr")), "\n")
	for _, want := range []string{"Uitnodiging aanvaard", "Uitgenodigd", "Gebruiker nieuw@gemeente.be"} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %q:\n%s", want, log)
		}
	}
}

func TestRemoveEditor(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	admin := acctUser(t, s.st, "beheerder@gemeente.be", catalog.RoleAdmin)
	ed := acctUser(t, s.st, "redacteur@gemeente.be", catalog.RoleEditor)
	adminB, edB := newAcctBrowser(t, s), newAcctBrowser(t, s)
	adminB.signIn("beheerder@gemeente.be")
	edB.signIn("redacteur@gemeente.be")

	path := "/beheer/gebruikers/" + strconv.FormatInt(ed.ID, 10) + "/verwijderen"
	doc := adminB.page("GET", path, nil, 200)
	if doc.Find(`form[action="`+path+`"][method=post] button`).Length() != 1 {
		t.Fatal("no confirmation form")
	}
	resp := adminB.do("POST", path, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", resp.StatusCode)
	}
	// The editor is signed out at once and cannot sign in again.
	if doc := edB.page("GET", "/aanmelden", nil, 200); doc.Find("input#email").Length() != 1 {
		t.Error("the removed editor is still signed in")
	}
	if resp := newAcctBrowser(t, s).do("POST", "/aanmelden", url.Values{"email": {ed.Email}, "wachtwoord": {acctPassword}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("removed editor signs in: %d", resp.StatusCode)
	}
	doc = adminB.page("GET", resp.Header.Get("Location"), nil, 200)
	if !strings.Contains(doc.Find("#gebruiker-"+strconv.FormatInt(ed.ID, 10)).Text(), "Verwijderd op") {
		t.Error("the list does not show the account as removed")
	}
	adminB.page("GET", path, nil, http.StatusNotFound)
	// Not oneself.
	self := "/beheer/gebruikers/" + strconv.FormatInt(admin.ID, 10) + "/verwijderen"
	adminB.page("GET", self, nil, http.StatusForbidden)
	adminB.page("POST", self, nil, http.StatusForbidden)
	adminB.page("GET", "/beheer/gebruikers/999/verwijderen", nil, http.StatusNotFound)
	adminB.page("GET", "/beheer/gebruikers/abc/verwijderen", nil, http.StatusNotFound)

	page, _ := s.st.AuditLog(context.Background(), store.AuditQuery{})
	if e := page.Entries[0]; e.Action != "remove" || e.UserID != admin.ID || e.ObjectID != ed.ID {
		t.Errorf("last audit entry %+v", e)
	}
}

func TestAuditLogPage(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	ctx := context.Background()
	acctUser(t, s.st, "beheerder@gemeente.be", catalog.RoleAdmin)
	ed := acctUser(t, s.st, "redacteur@gemeente.be", catalog.RoleEditor)
	for i := range 60 {
		if _, err := s.st.StartSession(ctx, store.NewSession{UserID: ed.ID, TokenHash: testdb.TokenHash("t" + strconv.Itoa(i))}); err != nil {
			t.Fatal(err)
		}
	}
	admin := newAcctBrowser(t, s)
	admin.signIn("beheerder@gemeente.be")

	doc := admin.page("GET", "/beheer/audit", nil, 200)
	rows := doc.Find("tbody tr")
	if rows.Length() != 50 {
		t.Errorf("%d rows on page 1, want 50", rows.Length())
	}
	first := texts(rows.First().Find("td"))
	if len(first) != 5 || first[1] != "beheerder" || first[2] != "Aangemeld" || !strings.Contains(first[0], " om ") {
		t.Errorf("newest entry = %q, want the admin's sign-in", first)
	}
	if href := rows.First().Find("td:nth-child(4) a").AttrOr("href", ""); !strings.HasPrefix(href, "/beheer/gebruikers#gebruiker-") {
		t.Errorf("object link %q", href)
	}
	if doc.Find(`.pagination a[rel=next][href="/beheer/audit?pagina=2"]`).Length() != 1 {
		t.Error("no link to page 2")
	}
	doc = admin.page("GET", "/beheer/audit?pagina=2", nil, 200)
	last := texts(doc.Find("tbody tr").Last().Find("td"))
	if doc.Find("tbody tr").Length() != 13 || last[2] != "Aangemaakt" || !strings.Contains(last[1], "Systeem") {
		t.Errorf("page 2: %d rows, oldest %q", doc.Find("tbody tr").Length(), last)
	}
	doc = admin.page("GET", "/beheer/audit?gebruiker="+strconv.FormatInt(ed.ID, 10), nil, 200)
	if !strings.Contains(doc.Find(".lead").Text(), "60 acties van redacteur") {
		t.Errorf("filtered lead %q", doc.Find(".lead").Text())
	}
}

func TestMailPages(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	ctx := context.Background()
	acctUser(t, s.st, "beheerder@gemeente.be", catalog.RoleAdmin)
	admin := newAcctBrowser(t, s)
	admin.signIn("beheerder@gemeente.be")
	admin.do("POST", "/beheer/gebruikers", url.Values{"email": {"nieuw@gemeente.be"}, "rol": {"editor"}})
	admin.do("POST", "/beheer/gebruikers", url.Values{"email": {"ander@gemeente.be"}, "rol": {"editor"}})

	doc := admin.page("GET", "/beheer/mail", nil, 200)
	rows := doc.Find("tbody tr")
	if rows.Length() != 2 {
		t.Fatalf("%d mails listed", rows.Length())
	}
	cells := texts(rows.First().Find("td"))
	if cells[0] != "ander@gemeente.be" || cells[1] != "Uitnodiging voor de Praktijkbank" || cells[2] != "Uitnodiging" || cells[4] != "Wacht op verzending" {
		t.Errorf("first row = %q", cells)
	}

	// Without SMTP the worker only logs the mails: they are not called sent.
	if _, err := pbmail.NewWorker(s.st, quiet, pbmail.Config{}).SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	doc = admin.page("GET", "/beheer/mail?status=verzonden", nil, 200)
	if rows := doc.Find("tbody tr"); rows.Length() != 0 {
		t.Errorf("logged mails listed as sent: %q", texts(rows))
	}
	doc = admin.page("GET", "/beheer/mail?status=niet-verzonden", nil, 200)
	if got := texts(doc.Find("tbody td .status")); len(got) != 2 || got[0] != "Niet verzonden: geen mailserver ingesteld" {
		t.Errorf("logged mails: %q", got)
	}
	if doc.Find(`.filters a[aria-current=page]`).Text() != "Niet verzonden" {
		t.Error("the current filter is not marked")
	}
	logged := doc.Find("tbody a").First().AttrOr("href", "")
	doc = admin.page("GET", logged, nil, 200)
	if !strings.Contains(doc.Find("main").Text(), "De ontvanger kreeg hem niet") || doc.Find(`form[action$="/opnieuw"] button`).Text() != "Nu verzenden" {
		t.Errorf("a logged mail's page: %q", doc.Find("main").Text())
	}

	// One mail fails for good, one will be tried again at 14:05 tomorrow (Brussels), one
	// is sent.
	admin.do("POST", "/beheer/gebruikers", url.Values{"email": {"derde@gemeente.be"}, "rol": {"editor"}})
	admin.do("POST", "/beheer/gebruikers", url.Values{"email": {"vierde@gemeente.be"}, "rol": {"editor"}})
	if _, err := s.db.Exec(ctx, `UPDATE outbox SET sent_at = NULL, logged_only = false, attempts = $1, last_error = '550 onbekend', next_attempt_at = now()
		WHERE to_addr = 'ander@gemeente.be'`, store.MaxMailAttempts); err != nil {
		t.Fatal(err)
	}
	soon := time.Now().In(templates.Brussels).Add(90 * time.Minute).Truncate(time.Minute)
	if _, err := s.db.Exec(ctx, `UPDATE outbox SET attempts = 2, last_error = '421 probeer later', next_attempt_at = $1
		WHERE to_addr = 'derde@gemeente.be'`, soon); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(ctx, `UPDATE outbox SET sent_at = now() WHERE to_addr = 'vierde@gemeente.be'`); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	doc = admin.page("GET", "/beheer/mail", nil, 200)
	doc.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		status[strings.TrimSpace(tr.Find("td").First().Text())] = strings.TrimSpace(tr.Find(".status").Text())
	})
	retryAt := "om " + soon.Format("15:04")
	if soon.Day() != time.Now().In(templates.Brussels).Day() {
		retryAt = "op " + templates.AdminDateTime(soon)
	}
	for to, want := range map[string]string{
		"nieuw@gemeente.be":  "Niet verzonden: geen mailserver ingesteld",
		"ander@gemeente.be":  "Mislukt, geen nieuwe poging meer",
		"derde@gemeente.be":  "Mislukt, nieuwe poging " + retryAt,
		"vierde@gemeente.be": "Verzonden",
	} {
		if status[to] != want {
			t.Errorf("%s: status %q, want %q", to, status[to], want)
		}
	}
	doc = admin.page("GET", "/beheer/mail?status=mislukt", nil, 200)
	failed := doc.Find("tbody tr")
	if failed.Length() != 1 || !strings.Contains(failed.Text(), "Mislukt") || !strings.Contains(failed.Text(), "550 onbekend") {
		t.Fatalf("failed mails: %q", texts(failed))
	}
	mailPath := failed.Find("a").AttrOr("href", "")
	doc = admin.page("GET", mailPath, nil, 200)
	if body := doc.Find("pre.mail-body").Text(); !strings.Contains(body, "https://praktijkbank.test/uitnodiging/") {
		t.Errorf("mail body %q", body)
	}
	retry := doc.Find(`form[action$="/opnieuw"]`).AttrOr("action", "")
	if retry == "" {
		t.Fatal("no retry button on a failed mail")
	}
	if resp := admin.do("POST", retry, nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != mailPath {
		t.Fatalf("retry: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc = admin.page("GET", mailPath, nil, 200)
	if !strings.Contains(doc.Find(".mail-meta").Text(), "Mislukt, nieuwe poging om ") {
		t.Errorf("after retry: %q", doc.Find(".mail-meta").Text())
	}
	admin.page("GET", "/beheer/mail/999", nil, http.StatusNotFound)
}
