package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

var resetLink = regexp.MustCompile(`https://praktijkbank\.test(/wachtwoord-herstellen/[A-Za-z0-9_-]+)`)

// resetMails returns the reset mails in the outbox, newest first.
func resetMails(t *testing.T, st *store.Store) []store.OutboxMail {
	t.Helper()
	list, err := st.Mails(context.Background(), store.MailQuery{PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []store.OutboxMail
	for _, m := range list.Mails {
		if m.Kind == "password-reset" {
			out = append(out, m)
		}
	}
	return out
}

func bodyOf(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPasswordResetByMail(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	ctx := context.Background()
	ed := acctUser(t, s.st, "redacteur@gemeente.be", catalog.RoleEditor)
	laptop := newAcctBrowser(t, s)
	laptop.signIn("redacteur@gemeente.be")

	// The sign-in page leads to the form.
	phone := newAcctBrowser(t, s)
	doc := phone.page("GET", "/aanmelden", nil, 200)
	if doc.Find(`main a[href="/wachtwoord-vergeten"]`).Text() != "Wachtwoord vergeten?" {
		t.Error("no Wachtwoord vergeten? link on the sign-in page")
	}
	doc = phone.page("GET", "/wachtwoord-vergeten", nil, 200)
	if doc.Find(`form[action="/wachtwoord-vergeten"][method=post] input#email[type=email][autocomplete=username]`).Length() != 1 ||
		doc.Find(`label[for=email]`).Length() != 1 {
		t.Fatal("no labelled e-mail field in the form")
	}

	// Bad input: a message next to the field, the input kept.
	for _, tt := range []struct{ email, msg string }{
		{"", "Vul het e-mailadres van je account in"},
		{"redacteur@gemeente", "geldig e-mailadres"},
	} {
		doc := phone.page("POST", "/wachtwoord-vergeten", url.Values{"email": {tt.email}}, http.StatusUnprocessableEntity)
		if got := doc.Find("#email-fout").Text(); !strings.Contains(got, tt.msg) {
			t.Errorf("%q: error %q, want %q", tt.email, got, tt.msg)
		}
		if doc.Find("input#email").AttrOr("value", "") != tt.email || doc.Find("input#email").AttrOr("aria-invalid", "") != "true" {
			t.Errorf("%q: input not kept or not marked invalid", tt.email)
		}
	}

	// An address with an account and one without get the same answer.
	answers := map[string]string{}
	for _, email := range []string{"niemand@gemeente.be", "REDACTEUR@gemeente.be"} {
		resp := phone.do("POST", "/wachtwoord-vergeten", url.Values{"email": {email}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/wachtwoord-vergeten/verstuurd" {
			t.Fatalf("%s: %d to %q", email, resp.StatusCode, resp.Header.Get("Location"))
		}
		answers[email] = bodyOf(t, phone.do("GET", resp.Header.Get("Location"), nil))
	}
	if answers["niemand@gemeente.be"] != answers["REDACTEUR@gemeente.be"] {
		t.Error("the answer differs between an address with and one without account")
	}
	if !strings.Contains(answers["niemand@gemeente.be"], "Als er een account is met dat e-mailadres") {
		t.Errorf("answer: %q", answers["niemand@gemeente.be"])
	}
	mails := resetMails(t, s.st)
	if len(mails) != 1 || mails[0].To != ed.Email {
		t.Fatalf("reset mails: %+v", mails)
	}
	m := resetLink.FindStringSubmatch(mails[0].Body)
	if m == nil {
		t.Fatalf("no link in %q", mails[0].Body)
	}
	link := m[1]

	// The link's form names the account as the username, for password managers.
	resp := phone.do("GET", link, nil)
	if resp.Header.Get("Referrer-Policy") != "no-referrer" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("token page headers: Referrer-Policy %q, Cache-Control %q", resp.Header.Get("Referrer-Policy"), resp.Header.Get("Cache-Control"))
	}
	doc = phone.page("GET", link, nil, 200)
	if doc.Find(`input#email[readonly][autocomplete=username]`).AttrOr("value", "") != ed.Email ||
		doc.Find(`input#wachtwoord[autocomplete=new-password]`).Length() != 1 {
		t.Error("the form lacks the username or the new-password input")
	}
	for _, tt := range []struct{ pw, confirm, field, msg string }{
		{"", "", "wachtwoord", "Kies een wachtwoord"},
		{"te kort", "te kort", "wachtwoord", "minstens 12 tekens"},
		{"een nieuw wachtwoord", "een ander wachtwoord", "wachtwoord-herhaald", "niet gelijk"},
	} {
		doc := phone.page("POST", link, url.Values{"wachtwoord": {tt.pw}, "wachtwoord-herhaald": {tt.confirm}}, http.StatusUnprocessableEntity)
		if got := doc.Find("#" + tt.field + "-fout").Text(); !strings.Contains(got, tt.msg) {
			t.Errorf("%s: %q, want %q", tt.field, got, tt.msg)
		}
		if v := doc.Find("input#wachtwoord").AttrOr("value", ""); v != "" {
			t.Error("password echoed")
		}
	}
	// A failed attempt does not use up the link.
	resp = phone.do("POST", link, url.Values{"wachtwoord": {"een nieuw wachtwoord"}, "wachtwoord-herhaald": {"een nieuw wachtwoord"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/aanmelden?melding=nieuw-wachtwoord" {
		t.Fatalf("reset: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc = phone.page("GET", "/aanmelden?melding=nieuw-wachtwoord", nil, 200)
	if !strings.Contains(doc.Find(".notice").Text(), "Je nieuwe wachtwoord is opgeslagen") ||
		!strings.Contains(doc.Find("main").Text(), "Je bent aangemeld als") {
		t.Errorf("after the reset: %q", doc.Find("main").Text())
	}
	// The laptop's session ended; the phone is an editor, not more.
	if doc := laptop.page("GET", "/aanmelden", nil, 200); doc.Find("input#email").Length() != 1 {
		t.Error("the other session survived the reset")
	}
	phone.page("GET", "/beheer", nil, 200)
	phone.page("GET", "/beheer/gebruikers", nil, http.StatusForbidden)
	// The new password signs in, the old one not.
	if resp := newAcctBrowser(t, s).do("POST", "/aanmelden", url.Values{"email": {ed.Email}, "wachtwoord": {acctPassword}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("old password: %d", resp.StatusCode)
	}
	if resp := newAcctBrowser(t, s).do("POST", "/aanmelden", url.Values{"email": {ed.Email}, "wachtwoord": {"een nieuw wachtwoord"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("new password: %d", resp.StatusCode)
	}
	// The owner is told by mail.
	list, _ := s.st.Mails(ctx, store.MailQuery{})
	if list.Mails[0].Kind != "password-changed" || list.Mails[0].To != ed.Email {
		t.Errorf("newest mail %+v, want the notice of the change", list.Mails[0])
	}

	// Single use.
	doc = newAcctBrowser(t, s).page("GET", link, nil, http.StatusGone)
	if !strings.Contains(doc.Find("h1").Text(), "al gebruikt") || doc.Find(`main a[href="/wachtwoord-vergeten"]`).Length() != 1 {
		t.Errorf("used link: %q", doc.Find("h1").Text())
	}
	newAcctBrowser(t, s).page("POST", link, url.Values{"wachtwoord": {"nog een wachtwoord!"}, "wachtwoord-herhaald": {"nog een wachtwoord!"}}, http.StatusGone)
	doc = newAcctBrowser(t, s).page("GET", "/wachtwoord-herstellen/onbekend", nil, http.StatusNotFound)
	if !strings.Contains(doc.Find("h1").Text(), "werkt niet") {
		t.Errorf("unknown link: %q", doc.Find("h1").Text())
	}

	// An expired link.
	phone.do("POST", "/wachtwoord-vergeten", url.Values{"email": {ed.Email}})
	if _, err := s.db.Exec(ctx, `UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`); err != nil {
		t.Fatal(err)
	}
	late := resetLink.FindStringSubmatch(resetMails(t, s.st)[0].Body)[1]
	doc = newAcctBrowser(t, s).page("GET", late, nil, http.StatusGone)
	if !strings.Contains(doc.Find("h1").Text(), "verlopen") {
		t.Errorf("expired link: %q", doc.Find("h1").Text())
	}

	doc = func() *acctBrowser {
		acctUser(t, s.st, "beheerder@gemeente.be", catalog.RoleAdmin)
		a := newAcctBrowser(t, s)
		a.signIn("beheerder@gemeente.be")
		return a
	}().page("GET", "/beheer/audit", nil, 200)
	log := strings.Join(texts(doc.Find("tbody tr")), "\n")
	for _, want := range []string{"Nieuw wachtwoord aangevraagd", "Nieuw wachtwoord gekozen via mail"} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %q:\n%s", want, log)
		}
	}
}

func TestPasswordResetLimits(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	admin := acctUser(t, s.st, "beheerder@gemeente.be", catalog.RoleAdmin)
	ed := acctUser(t, s.st, "redacteur@gemeente.be", catalog.RoleEditor)

	// Per address: from different clients, the fourth request within the hour is refused.
	for i := range store.MaxResetsPerAddress {
		b := newAcctBrowser(t, s)
		b.header.Set("X-Forwarded-For", "192.0.2."+string(rune('1'+i)))
		if resp := b.do("POST", "/wachtwoord-vergeten", url.Values{"email": {ed.Email}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("request %d: %d", i+1, resp.StatusCode)
		}
	}
	b := newAcctBrowser(t, s)
	b.header.Set("X-Forwarded-For", "198.51.100.1")
	doc := b.page("POST", "/wachtwoord-vergeten", url.Values{"email": {ed.Email}}, http.StatusTooManyRequests)
	if !strings.Contains(doc.Find(".error-summary").Text(), "probeer het over een uur opnieuw") ||
		doc.Find("input#email").AttrOr("value", "") != ed.Email {
		t.Errorf("throttled answer: %q", doc.Find(".error-summary").Text())
	}
	if n := len(resetMails(t, s.st)); n != store.MaxResetsPerAddress {
		t.Errorf("%d mails, want %d", n, store.MaxResetsPerAddress)
	}

	// Per client: many addresses from one client.
	c := newAcctBrowser(t, s)
	c.header.Set("X-Forwarded-For", "203.0.113.7")
	for i := range store.MaxResetsPerClient {
		if resp := c.do("POST", "/wachtwoord-vergeten", url.Values{"email": {"adres" + string(rune('a'+i)) + "@gemeente.be"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("client request %d: %d", i+1, resp.StatusCode)
		}
	}
	c.page("POST", "/wachtwoord-vergeten", url.Values{"email": {admin.Email}}, http.StatusTooManyRequests)
	other := newAcctBrowser(t, s)
	other.header.Set("X-Forwarded-For", "203.0.113.8")
	if resp := other.do("POST", "/wachtwoord-vergeten", url.Values{"email": {admin.Email}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another client: %d", resp.StatusCode)
	}

	// A removed account gets no link; a cross-site form is refused.
	adminB := newAcctBrowser(t, s)
	adminB.signIn(admin.Email)
	adminB.do("POST", "/beheer/gebruikers/"+strconv.FormatInt(ed.ID, 10)+"/verwijderen", nil)
	before := len(resetMails(t, s.st))
	r := newAcctBrowser(t, s)
	r.header.Set("X-Forwarded-For", "203.0.113.9")
	if _, err := s.db.Exec(context.Background(), `DELETE FROM password_reset_requests`); err != nil {
		t.Fatal(err)
	}
	if resp := r.do("POST", "/wachtwoord-vergeten", url.Values{"email": {ed.Email}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("removed account: status %d, want the same answer as for any address", resp.StatusCode)
	}
	if n := len(resetMails(t, s.st)); n != before {
		t.Errorf("a removed account got a reset mail (%d → %d)", before, n)
	}
	r.header.Set("Sec-Fetch-Site", "cross-site")
	if resp := r.do("POST", "/wachtwoord-vergeten", url.Values{"email": {admin.Email}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site request: %d, want 403", resp.StatusCode)
	}
}
