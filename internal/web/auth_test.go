package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

const acctPassword = "een heel goed wachtwoord"

// acctUser creates an account with password acctPassword, named after its address.
func acctUser(t *testing.T, st *store.Store, email string, role catalog.Role) catalog.User {
	t.Helper()
	return testdb.NewUser(t, st, store.NewUser{Email: email, Name: strings.Split(email, "@")[0], Role: role}, acctPassword)
}

// acctSite is a test server with a bare (unseeded) database, for the account pages.
func acctSite(t *testing.T, baseURL string) site {
	t.Helper()
	db := testdb.New(t)
	st := store.New(db)
	srv, err := web.New(web.Config{BaseURL: baseURL, BehindProxy: true}, st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return site{ts, st, db}
}

// acctBrowser keeps cookies itself: the test server speaks http, and a cookie jar would not
// send the Secure cookies a site on an https base URL sets.
type acctBrowser struct {
	t       *testing.T
	s       site
	cookies map[string]*http.Cookie
	header  http.Header // sent with every request
}

func newAcctBrowser(t *testing.T, s site) *acctBrowser {
	return &acctBrowser{t: t, s: s, cookies: map[string]*http.Cookie{}, header: http.Header{}}
}

func (b *acctBrowser) do(method, path string, form url.Values) *http.Response {
	b.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, b.s.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	b.t.Cleanup(func() { resp.Body.Close() })
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return resp
}

func (b *acctBrowser) page(method, path string, form url.Values, wantStatus int) *goquery.Document {
	b.t.Helper()
	resp := b.do(method, path, form)
	if resp.StatusCode != wantStatus {
		b.t.Fatalf("%s %s: status %d, want %d", method, path, resp.StatusCode, wantStatus)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return doc
}

// signIn posts the sign-in form and expects a redirect.
func (b *acctBrowser) signIn(email string) *http.Response {
	b.t.Helper()
	resp := b.do("POST", "/aanmelden", url.Values{"email": {email}, "wachtwoord": {acctPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: status %d", email, resp.StatusCode)
	}
	return resp
}

func (b *acctBrowser) session() string {
	for name, c := range b.cookies {
		if strings.HasSuffix(name, "sessie") {
			return c.Value
		}
	}
	return ""
}

func TestLoginForm(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "an@gemeente.be", catalog.RoleEditor)
	b := newAcctBrowser(t, s)

	doc := b.page("GET", "/aanmelden", nil, 200)
	if doc.Find(`label[for=email]`).Length() != 1 || doc.Find(`input#email[type=email][autocomplete=username][required]`).Length() != 1 {
		t.Error("no labelled e-mail input with autocomplete=username")
	}
	if doc.Find(`label[for=wachtwoord]`).Length() != 1 || doc.Find(`input#wachtwoord[type=password][autocomplete=current-password]`).Length() != 1 {
		t.Error("no labelled password input with autocomplete=current-password")
	}
	if doc.Find(".error-summary").Length() != 0 {
		t.Error("an error summary on a fresh form")
	}

	// Empty fields: errors next to the fields, linked from the summary.
	doc = b.page("POST", "/aanmelden", url.Values{"email": {""}, "wachtwoord": {""}}, http.StatusUnprocessableEntity)
	for _, id := range []string{"email", "wachtwoord"} {
		in := doc.Find("input#" + id)
		if in.AttrOr("aria-invalid", "") != "true" || !strings.Contains(in.AttrOr("aria-describedby", ""), id+"-fout") {
			t.Errorf("%s: aria-invalid %q, aria-describedby %q", id, in.AttrOr("aria-invalid", ""), in.AttrOr("aria-describedby", ""))
		}
		if doc.Find("#"+id+"-fout").Length() != 1 || doc.Find(`.error-summary a[href="#`+id+`"]`).Length() != 1 {
			t.Errorf("%s: no error message next to the field and in the summary", id)
		}
	}
	if !strings.Contains(doc.Find("#email-fout").Text(), "Vul je e-mailadres in") {
		t.Errorf("error = %q", doc.Find("#email-fout").Text())
	}

	// Wrong password and unknown address give the same answer; the address is kept, the
	// password never.
	for _, email := range []string{"an@gemeente.be", "niemand@gemeente.be"} {
		doc = b.page("POST", "/aanmelden", url.Values{"email": {email}, "wachtwoord": {"geraden wachtwoord"}}, http.StatusUnprocessableEntity)
		if got := strings.TrimSpace(doc.Find(".error-summary li").Text()); got != "E-mailadres of wachtwoord klopt niet." {
			t.Errorf("%s: error %q", email, got)
		}
		if v := doc.Find("input#email").AttrOr("value", ""); v != email {
			t.Errorf("e-mail kept as %q, want %q", v, email)
		}
		if v, ok := doc.Find("input#wachtwoord").Attr("value"); ok && v != "" {
			t.Errorf("password echoed: %q", v)
		}
	}
	if b.session() != "" {
		t.Error("a session cookie after failed sign-ins")
	}
}

func TestLoginSessionAndLogout(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "an@gemeente.be", catalog.RoleEditor)
	b := newAcctBrowser(t, s)

	// A cookie from before signing in is discarded, not adopted.
	b.cookies["__Host-sessie"] = &http.Cookie{Name: "__Host-sessie", Value: "door-een-aanvaller-gekozen"}
	resp := b.signIn("AN@gemeente.be")
	if loc := resp.Header.Get("Location"); loc != "/beheer" {
		t.Errorf("redirect to %q, want /beheer", loc)
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-sessie" {
			cookie = c
		}
	}
	if cookie == nil {
		t.Fatal("no __Host-sessie cookie")
	}
	if !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" || cookie.Domain != "" {
		t.Errorf("cookie %+v: want HttpOnly, Secure, SameSite=Lax, Path=/", cookie)
	}
	if cookie.Value == "door-een-aanvaller-gekozen" || len(cookie.Value) < 40 {
		t.Errorf("session token %q", cookie.Value)
	}
	first := cookie.Value

	// Signed in: the layout offers Beheer and Afmelden; /aanmelden shows the account.
	doc := b.page("GET", "/praktijken", nil, 200)
	if doc.Find(`.nav a[href="/beheer"]`).Length() != 1 || doc.Find(`form[action="/afmelden"] button`).Length() != 1 {
		t.Error("the layout does not show Beheer and Afmelden to a signed-in user")
	}
	doc = b.page("GET", "/aanmelden", nil, 200)
	if !strings.Contains(doc.Find("main").Text(), "Je bent aangemeld als") || doc.Find(`form[action="/afmelden/overal"]`).Length() != 1 {
		t.Error("/aanmelden does not show the account with Overal afmelden")
	}

	// Signing in again gives a new token and ends the old one.
	b.signIn("an@gemeente.be")
	if b.session() == first {
		t.Fatal("the session token was not renewed")
	}
	old := newAcctBrowser(t, s)
	old.cookies["__Host-sessie"] = &http.Cookie{Name: "__Host-sessie", Value: first}
	if doc := old.page("GET", "/praktijken", nil, 200); doc.Find(`form[action="/afmelden"]`).Length() != 0 {
		t.Error("the replaced token still signs in")
	}

	// Signing out ends the session on the server, not only the cookie.
	token := b.session()
	resp = b.do("POST", "/afmelden", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/aanmelden?melding=afgemeld" {
		t.Errorf("sign out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if b.session() != "" {
		t.Error("the cookie was not cleared")
	}
	if _, err := s.st.SessionUser(context.Background(), testdb.TokenHash(token)); err == nil {
		t.Error("the session lives on after signing out")
	}
	doc = b.page("GET", "/aanmelden?melding=afgemeld", nil, 200)
	if !strings.Contains(doc.Find(".notice").Text(), "Je bent afgemeld") {
		t.Error("no confirmation after signing out")
	}
}

func TestLoginReturnPath(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "an@gemeente.be", catalog.RoleAdmin)
	for _, tt := range []struct{ terug, want string }{
		{"/beheer/audit?pagina=2", "/beheer/audit?pagina=2"},
		{"", "/beheer"},
		{"//evil.test/x", "/beheer"},
		{"/\\evil.test", "/beheer"},
		{"https://evil.test/", "/beheer"},
		{"javascript:alert(1)", "/beheer"},
		{"beheer", "/beheer"},
	} {
		b := newAcctBrowser(t, s)
		resp := b.do("POST", "/aanmelden", url.Values{"email": {"an@gemeente.be"}, "wachtwoord": {acctPassword}, "terug": {tt.terug}})
		if got := resp.Header.Get("Location"); got != tt.want {
			t.Errorf("terug=%q: redirect to %q, want %q", tt.terug, got, tt.want)
		}
	}
	// The form carries the return path from the redirect that sent the visitor to it.
	doc := newAcctBrowser(t, s).page("GET", "/aanmelden?terug=%2Fbeheer%2Fmail", nil, 200)
	if v := doc.Find(`input[type=hidden][name=terug]`).AttrOr("value", ""); v != "/beheer/mail" {
		t.Errorf("hidden terug = %q", v)
	}
	doc = newAcctBrowser(t, s).page("GET", "/aanmelden?terug=%2F%2Fevil.test", nil, 200)
	if doc.Find(`input[name=terug]`).Length() != 0 {
		t.Error("a foreign return path is carried in the form")
	}
}

func TestLoginThrottledAfterFailures(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "an@gemeente.be", catalog.RoleEditor)
	b := newAcctBrowser(t, s)
	for i := range store.MaxFailuresPerAccount {
		resp := b.do("POST", "/aanmelden", url.Values{"email": {"an@gemeente.be"}, "wachtwoord": {"fout wachtwoord"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: status %d", i+1, resp.StatusCode)
		}
	}
	// Even the right password is refused now, with a Dutch message and 429.
	doc := b.page("POST", "/aanmelden", url.Values{"email": {"an@gemeente.be"}, "wachtwoord": {acctPassword}}, http.StatusTooManyRequests)
	if got := strings.TrimSpace(doc.Find(".error-summary li").Text()); got != "Te veel pogingen. Probeer het over enkele minuten opnieuw." {
		t.Errorf("message %q", got)
	}
	if b.session() != "" {
		t.Error("signed in while throttled")
	}
}

func TestLoginRateLimitPerClient(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	b := newAcctBrowser(t, s)
	// Incomplete forms never reach the database's failure count; the per-client request limit
	// stops them all the same.
	for i := range 10 {
		if resp := b.do("POST", "/aanmelden", url.Values{"email": {""}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("request %d: status %d", i+1, resp.StatusCode)
		}
	}
	doc := b.page("POST", "/aanmelden", url.Values{"email": {"an@gemeente.be"}}, http.StatusTooManyRequests)
	if !strings.Contains(doc.Find(".error-summary").Text(), "Te veel pogingen") {
		t.Error("no Dutch message on the rate-limited answer")
	}
	if v := doc.Find("input#email").AttrOr("value", ""); v != "an@gemeente.be" {
		t.Errorf("e-mail not kept: %q", v)
	}
	// Another client is not limited.
	other := newAcctBrowser(t, s)
	other.header.Set("X-Forwarded-For", "192.0.2.44") // a trusted proxy (loopback) names the client
	if resp := other.do("POST", "/aanmelden", url.Values{"email": {""}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("another client: status %d", resp.StatusCode)
	}
}

func TestLoginRejectsCrossOriginPost(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "an@gemeente.be", catalog.RoleEditor)
	b := newAcctBrowser(t, s)
	b.header.Set("Sec-Fetch-Site", "cross-site")
	resp := b.do("POST", "/aanmelden", url.Values{"email": {"an@gemeente.be"}, "wachtwoord": {acctPassword}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site sign-in: status %d, want 403", resp.StatusCode)
	}
	if b.session() != "" {
		t.Error("a cross-site post signed in")
	}
	b.header.Set("Sec-Fetch-Site", "same-origin")
	if resp := b.do("POST", "/aanmelden", url.Values{"email": {"an@gemeente.be"}, "wachtwoord": {acctPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin sign-in: status %d, want 303", resp.StatusCode)
	}
	b.header.Set("Sec-Fetch-Site", "cross-site")
	if resp := b.do("POST", "/afmelden", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site sign-out: status %d, want 403", resp.StatusCode)
	}
}

func TestLogoutEverywhere(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "an@gemeente.be", catalog.RoleEditor)
	laptop, phone := newAcctBrowser(t, s), newAcctBrowser(t, s)
	laptop.signIn("an@gemeente.be")
	phone.signIn("an@gemeente.be")
	phoneToken := phone.session()

	resp := laptop.do("POST", "/afmelden/overal", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/aanmelden?melding=overal-afgemeld" {
		t.Fatalf("status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, err := s.st.SessionUser(context.Background(), testdb.TokenHash(phoneToken)); err == nil {
		t.Error("the phone's session survived")
	}
	doc := phone.page("GET", "/aanmelden?melding=overal-afgemeld", nil, 200)
	if doc.Find("input#email").Length() != 1 || !strings.Contains(doc.Find(".notice").Text(), "overal afgemeld") {
		t.Error("the phone is not signed out, or no confirmation")
	}
	if phone.session() != "" {
		t.Error("the dead cookie was not cleared")
	}
	// Anonymous: nothing to sign out of.
	if resp := newAcctBrowser(t, s).do("POST", "/afmelden/overal", nil); resp.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden") {
		t.Errorf("anonymous: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestSessionCookieOverPlainHTTP(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "http://localhost:8080")
	acctUser(t, s.st, "an@gemeente.be", catalog.RoleEditor)
	b := newAcctBrowser(t, s)
	resp := b.signIn("an@gemeente.be")
	c := resp.Cookies()[0]
	if c.Name != "sessie" || c.Secure || !c.HttpOnly {
		t.Errorf("cookie over http = %+v, want sessie, not Secure", c)
	}
	// Behind a TLS-terminating proxy the request says https: the cookie is Secure.
	p := newAcctBrowser(t, s)
	p.header.Set("X-Forwarded-Proto", "https")
	resp = p.signIn("an@gemeente.be")
	if c := resp.Cookies()[0]; c.Name != "__Host-sessie" || !c.Secure {
		t.Errorf("cookie behind an https proxy = %+v", c)
	}
}
