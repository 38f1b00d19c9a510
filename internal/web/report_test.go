package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestReportProblem reports a problem with a sheet as a reader would: from the link on the
// sheet, through an error next to the field with what was typed kept, to the thanks; the
// editors find it in their queue and their list of messages, tied to the sheet.
func TestReportProblem(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sheet := s.get(t, "/praktijken/vrijetijdscoaching-genk", 200)
	link := sheet.Find(`a[href="/praktijken/vrijetijdscoaching-genk/probleem"]`)
	if strings.TrimSpace(link.Text()) != "Meld een probleem met deze fiche" {
		t.Fatalf("the sheet has no link to report a problem: %q", link.Text())
	}
	form := s.get(t, "/praktijken/vrijetijdscoaching-genk/probleem", 200)
	if !strings.Contains(form.Find("h1").Text(), "Vrijetijdscoaching") {
		t.Errorf("the form does not name the sheet: %q", form.Find("h1").Text())
	}

	post := func(v url.Values) *http.Response {
		t.Helper()
		resp, err := noRedirect.PostForm(s.URL+"/praktijken/vrijetijdscoaching-genk/probleem", v)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := post(url.Values{"melding": {"  "}, "email": {"geen adres"}})
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find("#melding-fout").Text(), "Schrijf wat er niet klopt") ||
		!strings.Contains(doc.Find("#email-fout").Text(), "geldig e-mailadres") || doc.Find("#email").AttrOr("value", "") != "geen adres" {
		t.Errorf("empty report: %d, messages %q / %q", resp.StatusCode, doc.Find("#melding-fout").Text(), doc.Find("#email-fout").Text())
	}
	resp = post(url.Values{"melding": {"Het mailadres van de coach in Genk werkt niet meer."}, "email": {"lezer@example.be"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/praktijken/vrijetijdscoaching-genk/probleem?verstuurd=1" {
		t.Fatalf("report: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var sheetID, reported int64
	if err := s.db.QueryRow(context.Background(), `SELECT id FROM sheets WHERE slug = 'vrijetijdscoaching-genk'`).Scan(&sheetID); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(context.Background(), `SELECT sheet_id FROM feedback WHERE topic = 'probleem'`).Scan(&reported); err != nil || reported != sheetID {
		t.Errorf("the report is stored for sheet %d (%v), want %d", reported, err, sheetID)
	}
	thanks := s.get(t, "/praktijken/vrijetijdscoaching-genk/probleem?verstuurd=1", 200)
	if !strings.Contains(thanks.Find("[role=status]").Text(), "Bedankt") || thanks.Find(`a[href="/praktijken/vrijetijdscoaching-genk"]`).Length() == 0 {
		t.Error("no thanks with a way back to the sheet")
	}

	ed := modSignIn(t, s, "eva@praktijkbank.test")
	queue := ed.page(t, "GET", "/beheer", nil, 200)
	if got := queue.Find(`a[href="/beheer/meldingen"]`).Text(); !strings.Contains(got, "1 melding van een probleem met een fiche") {
		t.Errorf("the queue says %q about problem reports", got)
	}
	list := ed.page(t, "GET", "/beheer/meldingen", nil, 200)
	if list.Find(`a[href="/praktijken/vrijetijdscoaching-genk"]`).Length() != 1 || !strings.Contains(list.Text(), "werkt niet meer") {
		t.Error("the editors' list does not show the report with a link to its sheet")
	}
	s.get(t, "/praktijken/bestaat-niet/probleem", 404)
}
