package web_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/upload/uploadtest"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

// TestSubmitPhotoBombs posts ten 16-bit PNGs of 6,324 × 6,324 pixels (a few hundred KB each,
// 320 MB each once decoded) at once, and a normal photo beside them: the bombs are refused by
// their header with a message at the photo field and the text typed kept, and the normal photo
// is processed without waiting for them.
func TestSubmitPhotoBombs(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	bomb := uploadtest.DeepPNG(6324, 6324)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			resp, body := s.subSend(t, "/indienen", subPost{photo: bomb, fields: []subField{
				{"titel", "Bom " + string(rune('A'+i))}, {"naam", "An"}, {"foto", "bom.png"}, {"action", "draft"},
			}})
			if resp.StatusCode != http.StatusOK {
				t.Errorf("bomb: status %d", resp.StatusCode)
				return
			}
			doc := subDoc(t, body)
			if msg := doc.Find("#foto-fout").Text(); !strings.Contains(msg, "16 bits per kleur") {
				t.Errorf("bomb: photo message %q", msg)
			}
			if got := subVal(doc, "titel"); got != "Bom "+string(rune('A'+i)) {
				t.Errorf("bomb: title typed became %q", got)
			}
		})
	}
	var normal time.Duration
	wg.Go(func() {
		t0 := time.Now()
		resp, _ := s.subSend(t, "/indienen", subPost{photo: subJPEG(t), fields: []subField{
			{"titel", "Gewone foto"}, {"naam", "Bea"}, {"email", "bea@example.be"}, {"foto", "foto.jpg"}, {"action", "draft"},
		}})
		normal = time.Since(t0)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("normal photo: status %d, want 303 to the private page", resp.StatusCode)
		}
	})
	wg.Wait()
	if normal > 5*time.Second {
		t.Errorf("the normal photo took %v beside ten bombs", normal)
	}
	if n := s.subCount(t, `SELECT count(*) FROM submission_images`); n != 1 {
		t.Errorf("%d photos stored, want the normal one only", n)
	}
	t.Logf("ten bombs and a photo in %v; the photo in %v", time.Since(start), normal)
}

// newSiteWith is newSite with cfg (its BaseURL defaulting to https://praktijkbank.test) and a
// logger of the test's choosing.
func newSiteWith(t *testing.T, cfg web.Config, logger *slog.Logger) site {
	t.Helper()
	db := testdb.New(t)
	st := store.New(db)
	if err := app.Bootstrap(context.Background(), st, quiet); err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://praktijkbank.test"
	}
	srv, err := web.New(cfg, st, logger)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return site{ts, st, db}
}

// botPost posts a form with its honeypot filled in (stored nowhere, but rate limited like
// every POST of the submission pages) with header, and returns the status.
func (s site) botPost(t *testing.T, header http.Header) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+"/indienen", strings.NewReader("website=x&titel=Koop+nu"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// forged are the headers an attacker sets to pass for another client every time.
func forged(i int) http.Header {
	addr := fmt.Sprintf("192.0.2.%d", i+1)
	return http.Header{"True-Client-Ip": {addr}, "X-Real-Ip": {addr}, "X-Forwarded-For": {addr}}
}

// TestForgedClientAddresses sends thirty POSTs (limit: twenty per client in ten minutes),
// each with a different address in True-Client-IP, X-Real-IP and X-Forwarded-For. Behind a
// proxy, the proxy appends the address it saw, and that one counts; without a proxy, or from a
// peer that is not a trusted proxy, none of the headers count.
func TestForgedClientAddresses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		cfg      web.Config
		viaProxy bool // the test server's peer (loopback) appends the client's address
	}{
		{"reached directly", web.Config{}, false},
		{"behind a proxy on loopback", web.Config{BehindProxy: true}, true},
		{"peer not a trusted proxy", web.Config{TrustedProxies: []string{"10.0.0.0/8", "2001:db8::/32"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSiteWith(t, tt.cfg, quiet)
			accepted := 0
			for i := range 30 {
				h := forged(i)
				if tt.viaProxy {
					h.Set("X-Forwarded-For", h.Get("X-Forwarded-For")+", 203.0.113.9")
				}
				if s.botPost(t, h) == http.StatusSeeOther {
					accepted++
				}
			}
			if accepted != 20 {
				t.Errorf("%d of 30 POSTs with forged addresses accepted, want the limit of 20", accepted)
			}
			if tt.viaProxy {
				// Another client behind the same proxy has an allowance of its own.
				if got := s.botPost(t, http.Header{"X-Forwarded-For": {"198.51.100.4"}}); got != http.StatusSeeOther {
					t.Errorf("another client behind the proxy: status %d", got)
				}
			}
		})
	}
}

// TestForgedAddressesAtSignIn: fifteen sign-ins with forged addresses from one client behind
// the proxy; the eleventh and later are refused (ten a minute per client).
func TestForgedAddressesAtSignIn(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, web.Config{BehindProxy: true}, quiet)
	refused := 0
	for i := range 15 {
		h := forged(i)
		h.Set("X-Forwarded-For", h.Get("X-Forwarded-For")+", 203.0.113.9")
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/aanmelden",
			strings.NewReader(url.Values{"email": {fmt.Sprintf("gok%d@example.be", i)}, "wachtwoord": {"raden"}}.Encode()))
		req.Header = h
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 5 {
		t.Errorf("%d of 15 sign-ins refused, want 5 (ten a minute per client)", refused)
	}
}

// TestForwardedProtoFromUntrustedPeer: a client that says X-Forwarded-Proto: https directly
// gets no Secure cookie; through the trusted proxy it does.
func TestForwardedProtoFromUntrustedPeer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cfg        web.Config
		wantSecure bool
	}{
		{web.Config{BaseURL: "http://localhost:8080"}, false},
		{web.Config{BaseURL: "http://localhost:8080", TrustedProxies: []string{"192.0.2.1"}}, false},
		{web.Config{BaseURL: "http://localhost:8080", BehindProxy: true}, true},
	} {
		db := testdb.New(t)
		st := store.New(db)
		srv, err := web.New(tc.cfg, st, quiet)
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		s := site{ts, st, db}
		acctUser(t, st, "an@gemeente.be", catalog.RoleEditor)
		b := newAcctBrowser(t, s)
		b.header.Set("X-Forwarded-Proto", "https")
		c := b.signIn("an@gemeente.be").Cookies()[0]
		if secure := c.Secure && c.Name == "__Host-sessie"; secure != tc.wantSecure {
			t.Errorf("%+v: cookie %s, Secure %v; want secure %v", tc.cfg, c.Name, c.Secure, tc.wantSecure)
		}
		ts.Close()
	}
}

// TestRequestLogHasClient: the request log names the client behind the proxy, not the proxy
// and not a forged address.
func TestRequestLogHasClient(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	s := newSiteWith(t, web.Config{BehindProxy: true}, slog.New(slog.NewTextHandler(&buf, nil)))
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/over", nil)
	req.Header.Set("X-Forwarded-For", "192.0.2.66, 203.0.113.9")
	req.Header.Set("X-Real-Ip", "192.0.2.67")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	log := buf.String()
	if !strings.Contains(log, "path=/over") || !strings.Contains(log, "client=203.0.113.9") {
		t.Errorf("request log lacks the client: %s", log)
	}
	if strings.Contains(log, "192.0.2.66") || strings.Contains(log, "192.0.2.67") {
		t.Errorf("request log believes a forged address: %s", log)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestStrangerCannotLockOutOwner: a stranger's wrong passwords lock the account for browsers
// that never signed in to it, not for the owner's browser, which got a device cookie when the
// owner signed in before.
func TestStrangerCannotLockOutOwner(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "an@gemeente.be", catalog.RoleEditor)
	owner := newAcctBrowser(t, s)
	owner.header.Set("X-Forwarded-For", "198.51.100.20")
	owner.signIn("an@gemeente.be")
	if c := owner.cookies["__Host-apparaat"]; c == nil || !c.HttpOnly || !c.Secure || c.MaxAge < 150*24*3600 {
		t.Fatalf("device cookie after signing in: %+v", c)
	}
	owner.do("POST", "/afmelden", url.Values{})
	if owner.session() != "" {
		t.Fatal("still signed in")
	}

	for i := range 8 {
		stranger := newAcctBrowser(t, s)
		stranger.header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
		stranger.do("POST", "/aanmelden", url.Values{"email": {"an@gemeente.be"}, "wachtwoord": {"een gok"}})
	}
	// A browser that never signed in is refused, even with the right password ...
	fresh := newAcctBrowser(t, s)
	fresh.header.Set("X-Forwarded-For", "198.51.100.20")
	fresh.page("POST", "/aanmelden", url.Values{"email": {"an@gemeente.be"}, "wachtwoord": {acctPassword}}, http.StatusTooManyRequests)
	// ... the owner's browser signs in.
	owner.signIn("an@gemeente.be")
	if owner.session() == "" {
		t.Error("the owner's browser is locked out by a stranger")
	}
}

// TestTokensNotInLogs: the private link of a submission, an invitation and a password reset
// are logged without their token, also when the request fails; each use of a private link is
// in the audit log, with the client's address.
func TestTokensNotInLogs(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	s := newSiteWith(t, web.Config{BehindProxy: true}, slog.New(slog.NewTextHandler(&buf, nil)))
	resp, _ := s.subSend(t, "/indienen", subPost{fields: []subField{
		{"titel", "Geheim"}, {"email", "an@genk.be"}, {"action", "draft"},
	}})
	loc := resp.Header.Get("Location")
	token := subToken(t, loc)
	req, _ := http.NewRequest(http.MethodGet, s.URL+loc, nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.77")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("private page: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	unknown := strings.Repeat("Q", 43)
	for _, path := range []string{
		"/indiening/" + token + "/foto", "/indiening/" + token + "/onbekend",
		"/uitnodiging/" + unknown, "/wachtwoord-herstellen/" + unknown + "?x=1",
	} {
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	log := buf.String()
	for _, secret := range []string{token, unknown} {
		if strings.Contains(log, secret) {
			t.Errorf("a token is in the log:\n%s", log)
		}
	}
	for _, want := range []string{"path=/indiening/[token]", "path=/uitnodiging/[token]", `path="/wachtwoord-herstellen/[token]?x=1"`} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
	var uses int
	if err := s.db.QueryRow(context.Background(), `
		SELECT count(*) FROM audit_log WHERE action = 'open' AND object_type = 'submission'
			AND detail->>'client' = '203.0.113.77'`).Scan(&uses); err != nil {
		t.Fatal(err)
	}
	if uses != 1 {
		t.Errorf("%d audited uses of the private link from 203.0.113.77, want 1", uses)
	}
}

// TestHSTS: a response over https (here: through the trusted proxy that says so) carries
// Strict-Transport-Security; over plain http, or with a forwarded protocol from a peer that is
// no trusted proxy, it does not.
func TestHSTS(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cfg  web.Config
		want bool
	}{
		{web.Config{BehindProxy: true}, true},
		{web.Config{}, false},
		{web.Config{TrustedProxies: []string{"192.0.2.1"}}, false},
	} {
		s := newSiteWith(t, tc.cfg, quiet)
		for _, proto := range []string{"https", ""} {
			req, _ := http.NewRequest(http.MethodGet, s.URL+"/", nil)
			if proto != "" {
				req.Header.Set("X-Forwarded-Proto", proto)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := resp.Header.Get("Strict-Transport-Security")
			if want := tc.want && proto == "https"; (got != "") != want {
				t.Errorf("%+v, forwarded proto %q: Strict-Transport-Security %q", tc.cfg, proto, got)
			}
		}
	}
}
