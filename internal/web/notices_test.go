package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// TestNoticesAreKeys checks that a page says after a redirect only what its own table of
// notices holds: a key it does not know, or text of someone's making, shows nothing; and that
// the notices that name someone carry no address or name in the URL.
func TestNoticesAreKeys(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "beheerder@gemeente.be", catalog.RoleAdmin)
	ed := acctUser(t, s.st, "redacteur@gemeente.be", catalog.RoleEditor)
	admin := newAcctBrowser(t, s)
	admin.signIn("beheerder@gemeente.be")

	const made = "Uw account is geblokkeerd, bel 0900"
	for _, path := range []string{
		"/beheer/gebruikers?uitgenodigd=" + url.QueryEscape(made),
		"/beheer/gebruikers?verwijderd=" + url.QueryEscape(made),
		"/beheer/gebruikers?melding=" + url.QueryEscape(made),
		"/beheer/gebruikers?melding=onbekend",
		"/beheer/termen?melding=" + url.QueryEscape(made),
		"/beheer/redenen?melding=bewaard", // a key of another page
		"/beheer/zoeken?melding=opgeslagen",
	} {
		doc := admin.page("GET", path, nil, http.StatusOK)
		if n := doc.Find(".notice, .beheer-notice"); n.Length() != 0 {
			t.Errorf("%s: notice %q, want none", path, n.Text())
		}
		if strings.Contains(doc.Text(), made) {
			t.Errorf("%s: the page repeats text from its URL", path)
		}
	}
	anonymous := newAcctBrowser(t, s)
	for _, path := range []string{"/aanmelden?melding=" + url.QueryEscape(made), "/aanmelden?melding=ja", "/aanmelden?melding=nieuw-wachtwoord"} {
		if n := anonymous.page("GET", path, nil, http.StatusOK).Find(".notice"); n.Length() != 0 {
			t.Errorf("%s: notice %q, want none", path, n.Text())
		}
	}

	// The invitation notice names the address; the URL does not.
	resp := admin.do("POST", "/beheer/gebruikers", url.Values{"email": {"nieuw@gemeente.be"}, "rol": {"editor"}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || strings.Contains(strings.ToLower(loc), "nieuw") || strings.Contains(loc, "gemeente") {
		t.Errorf("invite: %d to %q, want a 303 without the address", resp.StatusCode, loc)
	}
	if got := admin.page("GET", loc, nil, http.StatusOK).Find(".notice").Text(); got != "De uitnodiging voor nieuw@gemeente.be is verstuurd." {
		t.Errorf("after inviting: notice %q", got)
	}

	// So does the removal notice, with the account's name.
	resp = admin.do("POST", "/beheer/gebruikers/"+strconv.FormatInt(ed.ID, 10)+"/verwijderen", nil)
	loc = resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || strings.Contains(loc, "redacteur") {
		t.Errorf("remove: %d to %q, want a 303 without the name", resp.StatusCode, loc)
	}
	if got := admin.page("GET", loc, nil, http.StatusOK).Find(".notice").Text(); !strings.HasPrefix(got, "Het account van ") || !strings.HasSuffix(got, " is verwijderd.") {
		t.Errorf("after removing: notice %q", got)
	}
}
