package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

// legalSite is a seeded site with the operator's details configured.
func legalSite(t *testing.T) site {
	t.Helper()
	db := testdb.New(t)
	st := store.New(db)
	if err := app.Bootstrap(context.Background(), st, quiet); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{BaseURL: "https://praktijkbank.test", Operator: "Agentschap Testbestuur",
		ContactEmail: "redactie@testbestuur.be", LicenceName: "CC BY 4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/"}, st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return site{ts, st, db}
}

func TestFooterLinksLegalPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, path := range []string{"/", "/praktijken", "/gemeenten/genk", "/indienen", "/aanmelden", "/bestaat-niet", "/over"} {
		status := http.StatusOK
		if path == "/bestaat-niet" {
			status = http.StatusNotFound
		}
		doc := s.get(t, path, status)
		var links []string
		doc.Find("footer nav a").Each(func(_ int, a *goquery.Selection) { links = append(links, a.AttrOr("href", "")) })
		for _, want := range []string{"/over", "/contact", "/toegankelijkheid", "/privacy", "/open-data"} {
			if !strings.Contains(strings.Join(links, " "), want) {
				t.Errorf("%s: footer links %v, without %s", path, links, want)
			}
		}
	}
}

func TestLegalPagesShowConfiguredOperator(t *testing.T) {
	t.Parallel()
	s := legalSite(t)

	doc := s.get(t, "/toegankelijkheid", http.StatusOK)
	text := modText(doc.Find("main"))
	for _, want := range []string{"Agentschap Testbestuur", "WCAG", "2.1", "niveau AA", "gedeeltelijk in overeenstemming",
		"Niet-toegankelijke inhoud", "Vlaamse Ombudsdienst", "redactie@testbestuur.be"} {
		if !strings.Contains(text, want) {
			t.Errorf("accessibility statement lacks %q", want)
		}
	}
	if n := doc.Find("main time[datetime]").Length(); n != 2 {
		t.Errorf("%d dated times (prepared, reviewed), want 2", n)
	}
	if doc.Find(`main a[href^="/contact"]`).Length() == 0 || doc.Find(`main a[href="mailto:redactie@testbestuur.be"]`).Length() == 0 {
		t.Error("no feedback route: a link to the contact form and a mail address")
	}

	doc = s.get(t, "/privacy", http.StatusOK)
	text = modText(doc.Find("main"))
	for _, want := range []string{"Agentschap Testbestuur", "contactpersoon en het e-mailadres voor contact", "Wat alleen de redactie ziet",
		"Redacteurs en beheerders", "Je rechten", "wissen"} {
		if !strings.Contains(text, want) {
			t.Errorf("privacy notice lacks %q", want)
		}
	}

	doc = s.get(t, "/over", http.StatusOK)
	text = modText(doc.Find("main"))
	for _, want := range []string{"Agentschap Testbestuur", "redacteur", "CC BY 4.0"} {
		if !strings.Contains(text, want) {
			t.Errorf("about page lacks %q", want)
		}
	}
	if doc.Find(`main a[href="https://creativecommons.org/licenses/by/4.0/"]`).Length() != 1 {
		t.Error("about page does not link the licence")
	}
}

func TestContactFormReachesEditors(t *testing.T) {
	t.Parallel()
	s := legalSite(t)

	doc := s.get(t, "/contact?onderwerp=toegankelijkheid", http.StatusOK)
	if v := doc.Find("select#onderwerp option[selected]").AttrOr("value", ""); v != "toegankelijkheid" {
		t.Errorf("preselected topic %q", v)
	}

	// An empty message and a bad address: errors next to the fields, what was typed kept.
	resp, err := noRedirect.PostForm(s.URL+"/contact", url.Values{"onderwerp": {"toegankelijkheid"}, "bericht": {"  "},
		"naam": {"Jan Peeters"}, "e-mail": {"jan@"}, "pagina": {"/praktijken"}})
	if err != nil {
		t.Fatal(err)
	}
	doc, err = goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("status %d, want 422", resp.StatusCode)
	}
	if doc.Find(`#bericht[aria-invalid="true"]`).Length() != 1 || doc.Find(`#e-mail[aria-invalid="true"]`).Length() != 1 {
		t.Error("message and address are not marked invalid")
	}
	if v := doc.Find("#naam").AttrOr("value", ""); v != "Jan Peeters" {
		t.Errorf("typed name not kept: %q", v)
	}
	if !strings.Contains(doc.Find("#bericht-fout").Text(), "Schrijf je bericht") {
		t.Errorf("message error %q", doc.Find("#bericht-fout").Text())
	}

	resp, err = noRedirect.PostForm(s.URL+"/contact", url.Values{"onderwerp": {"toegankelijkheid"},
		"bericht": {"De filterknoppen zijn met de schermlezer niet te vinden."}, "naam": {"Jan Peeters"},
		"e-mail": {"jan@gemeente.be"}, "pagina": {"/praktijken"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/contact?verstuurd=1" {
		t.Fatalf("send: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if !strings.Contains(modText(s.get(t, "/contact?verstuurd=1", http.StatusOK).Find("[role=status]")), "Bedankt") {
		t.Error("no thanks after sending")
	}
	to, _, body := modLastMail(t, s.db, "feedback")
	if to != "redactie@testbestuur.be" || !strings.Contains(body, "schermlezer") {
		t.Errorf("mail to %q: %q", to, body)
	}

	// Visitors cannot see the editors' list; an editor can, and marks the message handled.
	if resp, err := noRedirect.Get(s.URL + "/beheer/meldingen"); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("visitor at /beheer/meldingen: %v %v", resp.StatusCode, err)
	}
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	doc = ed.page(t, "GET", "/beheer/meldingen", nil, http.StatusOK)
	items := doc.Find(".feedback-list li")
	if items.Length() != 1 || !strings.Contains(modText(items), "schermlezer") || !strings.Contains(modText(items), "Jan Peeters") {
		t.Fatalf("editors' list: %q", modText(doc.Find("main")))
	}
	action := items.Find("form").AttrOr("action", "")
	if got := ed.post(t, action, url.Values{}); got != "/beheer/meldingen" {
		t.Errorf("handled: to %q", got)
	}
	if n := ed.page(t, "GET", "/beheer/meldingen", nil, http.StatusOK).Find(".feedback-list li").Length(); n != 0 {
		t.Errorf("%d messages after handling, want 0", n)
	}
	if resp := ed.do(t, "POST", action, url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("handling twice: status %d, want 404", resp.StatusCode)
	}
}

func TestSubmitFormSaysWhatIsPublished(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/indienen", http.StatusOK)
	if doc.Find(`form a[href="/privacy"]`).Length() == 0 {
		t.Error("the form does not link the privacy notice")
	}
	n := 0
	doc.Find("form input, form textarea").Each(func(_ int, in *goquery.Selection) {
		id := in.AttrOr("id", "")
		label := modText(doc.Find(`label[for="` + id + `"]`))
		if !strings.Contains(label, "contact") && !strings.Contains(label, "Contact") && !strings.Contains(label, "Fotograaf") {
			return
		}
		n++
		hint := ""
		for _, ref := range strings.Fields(in.AttrOr("aria-describedby", "")) {
			hint += modText(doc.Find("#" + ref))
		}
		if !strings.Contains(hint, "Openbaar") {
			t.Errorf("field %q (%s) does not say it is published: %q", label, id, hint)
		}
	})
	if n < 4 {
		t.Errorf("checked %d published fields, want the two of a variant, the sheet's contact and the credit", n)
	}
}
