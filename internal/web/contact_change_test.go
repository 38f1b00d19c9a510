package web_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// TestContactCorrection corrects one address of a published sheet as a reader would: from the
// link in the sheet's contact block, through the short form (its contacts prefilled), an error
// next to the field with everything typed kept, to a change request that waits for the
// editors with the reason; the editor's review shows the old and the new address, and nothing
// else of the sheet changes.
func TestContactCorrection(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	slug := modSheet(t, s.st, "anderstalige ouders").Slug
	path := "/praktijken/" + slug + "/contact"
	sheet := s.get(t, "/praktijken/"+slug, 200)
	link := sheet.Find(`.sheet-contact a[href="` + path + `"]`)
	if strings.TrimSpace(link.Text()) != "Stel een correctie voor" || !strings.Contains(link.Parent().Text(), "Contactgegevens kloppen niet?") {
		t.Fatalf("the contact block has no link to correct it: %q", link.Parent().Text())
	}

	form := s.get(t, path, 200)
	if !strings.Contains(form.Find("h1").Text(), "anderstalige ouders") {
		t.Errorf("the form does not name the sheet: %q", form.Find("h1").Text())
	}
	emailField := form.Find(`input[type=email][name^="contact-"]`).FilterFunction(func(_ int, in *goquery.Selection) bool {
		return in.AttrOr("value", "") != ""
	}).First()
	field := emailField.AttrOr("name", "")
	old := emailField.AttrOr("value", "")
	if field == "" || !strings.Contains(old, "@") {
		t.Fatalf("the form shows no variant's address to correct (%q = %q)", field, old)
	}
	if label := form.Find(`label[for="` + field + `"]`).Text(); !strings.Contains(label, "E-mailadres") {
		t.Errorf("the address has the label %q", label)
	}
	values := url.Values{}
	form.Find("form.contact-change input[name], form.contact-change textarea[name]").Each(func(_ int, el *goquery.Selection) {
		if goquery.NodeName(el) == "textarea" {
			values.Set(el.AttrOr("name", ""), el.Text())
		} else {
			values.Set(el.AttrOr("name", ""), el.AttrOr("value", ""))
		}
	})
	if values.Get("sleutel") == "" {
		t.Fatal("the form has no key")
	}

	post := func(v url.Values) (*http.Response, *goquery.Document) {
		t.Helper()
		resp, err := noRedirect.PostForm(s.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, doc
	}
	count := func() int {
		t.Helper()
		var n int
		if err := s.db.QueryRow(ctx, `SELECT count(*) FROM submissions WHERE kind = 'change'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Nothing changed, no reason, a bad address of one's own: three messages, nothing filed.
	bad := url.Values{}
	for k, vs := range values {
		bad[k] = vs
	}
	bad.Set("reden", "")
	bad.Set("email", "lezer@")
	resp, doc := post(bad)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find("#"+field+"-fout").Text(), "nog niets") ||
		!strings.Contains(doc.Find("#reden-fout").Text(), "waarom") || !strings.Contains(doc.Find("#email-fout").Text(), "geldig e-mailadres") {
		t.Errorf("unchanged, without reason: %d; messages %q / %q / %q", resp.StatusCode,
			doc.Find("#"+field+"-fout").Text(), doc.Find("#reden-fout").Text(), doc.Find("#email-fout").Text())
	}
	// A wrong new address: its message next to it, everything typed kept.
	bad.Set(field, "coach@genk")
	bad.Set("reden", "Het oude adres geeft een foutmelding.")
	resp, doc = post(bad)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find("#"+field+"-fout").Text(), "geen geldig e-mailadres") ||
		doc.Find("#"+field).AttrOr("value", "") != "coach@genk" || doc.Find("#reden").Text() != "Het oude adres geeft een foutmelding." ||
		doc.Find("#email").AttrOr("value", "") != "lezer@" || doc.Find(`#`+field).AttrOr("aria-invalid", "") != "true" {
		t.Errorf("a bad address: %d; message %q; kept %q, %q, %q", resp.StatusCode, doc.Find("#"+field+"-fout").Text(),
			doc.Find("#"+field).AttrOr("value", ""), doc.Find("#reden").Text(), doc.Find("#email").AttrOr("value", ""))
	}
	if n := count(); n != 0 {
		t.Fatalf("%d change requests filed from forms with errors", n)
	}

	good := bad
	good.Set(field, "vrijetijd@genk.be")
	good.Set("email", "lezer@example.be")
	for range 2 { // the second is a retry of the same form: one request
		resp, _ = post(good)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/indiening/") {
			t.Fatalf("sending the correction: %d to %q", resp.StatusCode, loc)
		}
	}
	if n := count(); n != 1 {
		t.Fatalf("%d change requests filed, want 1", n)
	}
	private := s.get(t, resp.Header.Get("Location"), 200)
	if !strings.Contains(private.Find("[role=status]").Text(), "verstuurd") {
		t.Errorf("the private page does not say the request was sent: %q", private.Find("main").Text())
	}
	var id int64
	if err := s.db.QueryRow(ctx, `SELECT id FROM submissions WHERE kind = 'change'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	sub, err := s.st.SubmissionByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != catalog.SubmissionSubmitted || sub.ChangeReason != "Het oude adres geeft een foutmelding." || sub.Submitter.Email != "lezer@example.be" {
		t.Errorf("the request is %s with reason %q from %q", sub.Status, sub.ChangeReason, sub.Submitter.Email)
	}
	// Nothing but the contacts differs from the published sheet.
	pub, err := s.st.SheetBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	got, want := sub.Content, pub
	found := false
	for i := range got.Variants {
		if i < len(want.Variants) {
			found = found || got.Variants[i].Email == "vrijetijd@genk.be" && want.Variants[i].Email == old
			got.Variants[i].Contact, got.Variants[i].Email = want.Variants[i].Contact, want.Variants[i].Email
		}
	}
	if !found {
		t.Errorf("the request does not replace %s by vrijetijd@genk.be: %+v", old, sub.Content.Variants)
	}
	if got.Title != want.Title || got.Intro != want.Intro || got.Description != want.Description || got.Contact != want.Contact ||
		!reflect.DeepEqual(got.Variants, want.Variants) || !reflect.DeepEqual(got.Terms, want.Terms) {
		t.Errorf("the request changes more than the contacts:\n got %+v\nwant %+v", got, want)
	}
	var mails int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE to_addr = 'lezer@example.be'`).Scan(&mails); err != nil || mails != 1 {
		t.Errorf("%d confirmation mails to the sender (%v), want 1", mails, err)
	}

	ed := modSignIn(t, s, "eva@praktijkbank.test")
	review := ed.page(t, "GET", "/beheer/inzendingen/"+strconv.FormatInt(id, 10), nil, 200)
	review.Find(".visually-hidden").Remove() // "verwijderd:", "toegevoegd:" inside the words
	text := strings.Join(strings.Fields(review.Find("main").Text()), " ")
	for _, want := range []string{"Het oude adres geeft een foutmelding.", old, "vrijetijd@genk.be"} {
		if !strings.Contains(text, want) {
			t.Errorf("the review does not show %q: %s", want, snippetOf(text, 600))
		}
	}
	s.get(t, "/praktijken/bestaat-niet/contact", 404)
}

// snippetOf is at most n bytes of s, for a message.
func snippetOf(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
