package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

// adminOnly are the path prefixes of the admins' pages; every other /beheer route is for editors.
var adminOnly = []string{"/beheer/gebruikers", "/beheer/audit", "/beheer/mail"}

// TestEveryStaffRouteNeedsItsRole walks the route table, so that a route added later is covered
// without naming it here: a visitor who asks any /beheer page is sent to the sign-in page (and
// back after it), a visitor's POST to any /beheer action is sent to the sign-in page and does
// nothing, an editor gets "Geen toegang" on every admin route and reaches every editor page.
func TestEveryStaffRouteNeedsItsRole(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "redacteur@gemeente.be", catalog.RoleEditor)
	srv, err := web.New(web.Config{BaseURL: "https://praktijkbank.test"}, s.st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	anonymous := newAcctBrowser(t, s)
	editor := newAcctBrowser(t, s)
	editor.signIn("redacteur@gemeente.be")

	staff := 0
	for _, rt := range routeTable(t, srv.Handler()) {
		method, path := rt[0], fillRoute(rt[1])
		if !strings.HasPrefix(path, "/beheer") && rt[1] != "/afmelden/overal" {
			continue
		}
		staff++
		admin := false
		for _, p := range adminOnly {
			admin = admin || strings.HasPrefix(path, p)
		}
		form := url.Values{"versie": {"1"}, "email": {"x@gemeente.be"}, "rol": {"admin"}, "reden": {"x"}}
		switch method {
		case http.MethodGet:
			resp := anonymous.do(method, path, nil)
			want := "/aanmelden?" + url.Values{"terug": {path}}.Encode()
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
				t.Errorf("visitor GET %s: %d to %q, want 303 to %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
			}
			resp = editor.do(method, path, nil)
			switch {
			case admin && resp.StatusCode != http.StatusForbidden:
				t.Errorf("editor GET %s (admins only): %d, want 403", path, resp.StatusCode)
			case !admin && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusSeeOther &&
				strings.HasPrefix(resp.Header.Get("Location"), "/aanmelden")):
				t.Errorf("editor GET %s: %d to %q, an editor's page", path, resp.StatusCode, resp.Header.Get("Location"))
			}
		case http.MethodPost:
			resp := anonymous.do(method, path, form)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/aanmelden" {
				t.Errorf("visitor POST %s: %d to %q, want 303 to /aanmelden", path, resp.StatusCode, resp.Header.Get("Location"))
			}
			if admin {
				if resp := editor.do(method, path, form); resp.StatusCode != http.StatusForbidden {
					t.Errorf("editor POST %s (admins only): %d, want 403", path, resp.StatusCode)
				}
			}
		}
	}
	if staff < 40 {
		t.Errorf("%d staff routes in the table: the walk missed most of them", staff)
	}
	// What the refused editor reads.
	doc := editor.page("GET", "/beheer/gebruikers", nil, http.StatusForbidden)
	if h := doc.Find("h1").Text(); h != "Geen toegang" {
		t.Errorf("editor on an admin page: %q", h)
	}
}
