package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

// routeTable returns every route of the handler as method and path pattern.
func routeTable(t testing.TB, h http.Handler) [][2]string {
	t.Helper()
	routes, ok := h.(chi.Routes)
	if !ok {
		t.Fatalf("the handler is a %T, not a chi router", h)
	}
	var out [][2]string
	err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		out = append(out, [2]string{method, strings.ReplaceAll(route, "/*/", "/")})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fillRoute puts plausible values in a route's parameters.
func fillRoute(route string) string {
	r := strings.NewReplacer("{slug}", "dorp-rond-het-kind", "{id}", "1", "{n}", "1", "{file}", "site.css",
		"{token}", strings.Repeat("A", 43), "{from}", "1", "{to}", "2")
	return r.Replace(route)
}

// TestMalformedRequestsAreNot5xx sends every route malformed query strings and every POST
// route malformed bodies and content types, as a signed-in admin: the answer is never a 5xx.
func TestMalformedRequestsAreNot5xx(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	if err := app.Bootstrap(context.Background(), st, quiet); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{BaseURL: "https://praktijkbank.test"}, st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	ts := httptest.NewServer(h)
	defer ts.Close()
	s := site{ts, st, db}
	acctUser(t, st, "beheer@gemeente.be", catalog.RoleAdmin)
	b := newAcctBrowser(t, s)
	b.signIn("beheer@gemeente.be")

	queries := []string{
		"q=%ff%fe", "q=a%00b", "q=%c0%ae%c0%ae", "pagina=9223372036854775807", "pagina=-9223372036854775808",
		"pagina=99999999999999999999", "naar=999999999999", "van=999999999999&naar=-1", "v=99999999999",
		"limiet=1e99", "cursor=%ff%00", "gemeente=%00", "sorteer=%ff", "categorie=" + strings.Repeat("x", 5000),
		"%zz=1", "a=%", "gebruiker=99999999999999", "status=%00", "pagina=1%00",
	}
	big := strings.Repeat("a", 70<<10)
	bodies := []struct{ contentType, body string }{
		{"application/x-www-form-urlencoded", "titel=a;b=c"},
		{"application/x-www-form-urlencoded", "titel=%ff%fe&naam=%00&email=a%00b"},
		{"application/x-www-form-urlencoded", "titel=" + big},
		{"application/x-www-form-urlencoded", "%zz"},
		{"multipart/form-data; boundary=nergens", "--elders\r\nContent-Disposition: form-data; name=\"titel\"\r\n\r\nx\r\n--elders--\r\n"},
		{"multipart/form-data", "geen grens"},
		{"multipart/form-data; boundary=\"", "x"},
		{"application/json", `{"titel": "x"}`},
		{"", "titel=x"},
		{"text/plain; charset=utf-16", "\xff\xfe"},
	}
	// The routes that sign out come last, so that every other route is tried signed in.
	routes := routeTable(t, h)
	sort.SliceStable(routes, func(i, j int) bool {
		return !strings.HasPrefix(routes[i][1], "/afmelden") && strings.HasPrefix(routes[j][1], "/afmelden")
	})
	for _, rt := range routes {
		method, path := rt[0], fillRoute(rt[1])
		switch method {
		case http.MethodGet:
			for _, q := range queries {
				resp := b.do(method, path+"?"+q, nil)
				if resp.StatusCode >= 500 {
					t.Errorf("GET %s?%s: %d", path, q, resp.StatusCode)
				}
			}
		case http.MethodPost:
			for _, bd := range bodies {
				req, _ := http.NewRequest(method, ts.URL+path, bytes.NewReader([]byte(bd.body)))
				if bd.contentType != "" {
					req.Header.Set("Content-Type", bd.contentType)
				}
				for _, c := range b.cookies {
					req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
				}
				req.Header.Set("X-Forwarded-For", fmt.Sprint(len(bd.body)))
				resp, err := noRedirect.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode >= 500 {
					t.Errorf("POST %s (%s, %.40q): %d", path, bd.contentType, bd.body, resp.StatusCode)
				}
			}
		}
	}
	// What a person sees: a Dutch page, or JSON for the API.
	doc := b.page("GET", "/praktijken?q=%ff", nil, http.StatusBadRequest)
	if h1 := strings.TrimSpace(doc.Find("h1").Text()); h1 != "Dit adres klopt niet" {
		t.Errorf("bad q: page %q", h1)
	}
	resp := b.do("GET", "/api/v1/praktijken?q=a%00b", nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("API with a NUL in q: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// TestHeadOnEveryGetRoute walks the route table: every GET route answers HEAD like GET,
// without a body (link checkers and monitors use HEAD).
func TestHeadOnEveryGetRoute(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	srv, err := web.New(web.Config{BaseURL: "https://praktijkbank.test"}, s.st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rt := range routeTable(t, srv.Handler()) {
		if rt[0] != http.MethodGet {
			continue
		}
		n++
		path := fillRoute(rt[1])
		get, err := noRedirect.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		get.Body.Close()
		req, _ := http.NewRequest(http.MethodHead, s.URL+path, nil)
		head, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(head.Body)
		head.Body.Close()
		if head.StatusCode != get.StatusCode || len(body) != 0 {
			t.Errorf("HEAD %s: %d with %d bytes; GET: %d", path, head.StatusCode, len(body), get.StatusCode)
		}
	}
	if n < 30 {
		t.Errorf("only %d GET routes walked", n)
	}
}

// FuzzRequests sends any route of the site (but signing out), as a signed-in admin, a query string of the fuzzer's
// making (GET routes) or a body with a content type of its making (POST routes): the answer is
// never a 5xx. Its seeds are the malformed requests of TestMalformedRequestsAreNot5xx; `make
// fuzz` runs it further.
func FuzzRequests(f *testing.F) {
	db := testdb.New(f)
	st := store.New(db)
	if err := app.Bootstrap(context.Background(), st, quiet); err != nil {
		f.Fatal(err)
	}
	srv, err := web.New(web.Config{BaseURL: "https://praktijkbank.test"}, st, quiet)
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	ts := httptest.NewServer(h)
	f.Cleanup(ts.Close)
	// Every route but the two that end the fuzzer's own session.
	var routes [][2]string
	for _, rt := range routeTable(f, h) {
		if !strings.HasPrefix(rt[1], "/afmelden") {
			routes = append(routes, rt)
		}
	}

	testdb.NewUser(f, st, store.NewUser{Email: "beheer@gemeente.be", Name: "Beheer", Role: catalog.RoleAdmin}, acctPassword)
	signIn, err := noRedirect.PostForm(ts.URL+"/aanmelden", url.Values{"email": {"beheer@gemeente.be"}, "wachtwoord": {acctPassword}})
	if err != nil {
		f.Fatal(err)
	}
	signIn.Body.Close()
	cookies := signIn.Cookies()
	if signIn.StatusCode != http.StatusSeeOther || len(cookies) == 0 {
		f.Fatalf("sign in: %d, %d cookies", signIn.StatusCode, len(cookies))
	}
	// The staff routes are reached, not refused for want of a session.
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/beheer", nil)
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	if resp, err := noRedirect.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		f.Fatalf("GET /beheer signed in: %v %v", err, resp)
	} else {
		resp.Body.Close()
	}

	for i := range routes {
		f.Add(uint16(i), "q=%ff%fe&pagina=9223372036854775807", "multipart/form-data; boundary=nergens", []byte("--elders\r\n\r\nx"))
		f.Add(uint16(i), "naar=999999999999&gemeente=%00", "application/x-www-form-urlencoded", []byte("titel=a;b=c&naam=%00"))
	}
	f.Fuzz(func(t *testing.T, route uint16, query, contentType string, body []byte) {
		rt := routes[int(route)%len(routes)]
		method, path := rt[0], fillRoute(rt[1])
		var req *http.Request
		switch method {
		case http.MethodGet:
			req, err = http.NewRequest(method, ts.URL+path+"?"+query, nil)
		case http.MethodPost:
			req, err = http.NewRequest(method, ts.URL+path, bytes.NewReader(body))
			if err == nil {
				req.Header.Set("Content-Type", contentType)
			}
		default:
			return
		}
		if err != nil {
			return // not a request a client could send
		}
		for _, c := range cookies {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			return // refused by the client or the server's parser before the handler
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("%s %s?%.60q (%.40q, %.40q): %d", method, path, query, contentType, body, resp.StatusCode)
		}
	})
}
