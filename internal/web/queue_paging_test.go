package web_test

import (
	"io"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// TestQueuePaging fills the queue with 1,053 open submissions, as a busy queue may have: the
// queue shows 50 at a time, oldest first, with links to the other pages that keep the filters,
// and the page stays small.
func TestQueuePaging(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	first := modSubmit(t, s.st, store.NewSubmission{Kind: catalog.KindNew, SubmissionInput: store.SubmissionInput{Content: modNewContent("Kookclub voor buren")}})
	// 1,052 more, each a minute younger than the one before, titled by their rank.
	s.subExec(t, `
		INSERT INTO submissions (kind, status, token_hash, content, submitter_name, submitter_org, submitter_email, submitted_at)
		SELECT 'new', 'submitted', sha256(i::text::bytea), jsonb_set(content, '{Title}', to_jsonb('Inzending ' || (i + 1))),
		       submitter_name, submitter_org, submitter_email, submitted_at + i * interval '1 minute'
		FROM submissions, generate_series(1, 1052) i WHERE id = $1`, first.ID)

	resp := ed.do(t, "GET", "/beheer", nil)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("queue: %d", resp.StatusCode)
	}
	t.Logf("the first page of 1,053 open submissions: %d bytes", len(body))
	if len(body) > 120_000 {
		t.Errorf("the queue page is %d bytes", len(body))
	}
	doc := subDoc(t, body)
	items := doc.Find(".queue-item")
	if items.Length() != 50 {
		t.Fatalf("%d items on the first page, want 50", items.Length())
	}
	if got := modText(items.First().Find(".queue-title a")); got != "Kookclub voor buren" {
		t.Errorf("first item %q, want the oldest", got)
	}
	if got := modText(doc.Find(".queue-heading")); !strings.Contains(got, "(1–50 van 1.053)") {
		t.Errorf("heading %q", got)
	}
	nav := doc.Find("nav.pagination")
	if nav.Find(`a[href="/beheer?pagina=22"]`).Length() != 1 || nav.Find(`a[rel=next]`).AttrOr("href", "") != "/beheer?pagina=2" {
		t.Errorf("pagination links %q", texts(nav.Find("a")))
	}

	doc = ed.page(t, "GET", "/beheer?pagina=2", nil, 200)
	if got := modText(doc.Find(".queue-item .queue-title a").First()); got != "Inzending 51" {
		t.Errorf("page 2 starts with %q, want Inzending 51", got)
	}
	if doc.Find("ol.queue-list").AttrOr("start", "") != "51" {
		t.Errorf("page 2's list starts at %q", doc.Find("ol.queue-list").AttrOr("start", ""))
	}
	// A page past the end is the last page; a number that is no page number the first.
	for _, path := range []string{"/beheer?pagina=22", "/beheer?pagina=23", "/beheer?pagina=100000"} {
		doc = ed.page(t, "GET", path, nil, 200)
		if n := doc.Find(".queue-item").Length(); n != 3 || modText(doc.Find(".queue-item .queue-title a").Last()) != "Inzending 1053" {
			t.Errorf("%s: %d items, want the last 3", path, n)
		}
	}
	for _, path := range []string{"/beheer?pagina=9223372036854775807", "/beheer?pagina=-1", "/beheer?pagina=x"} {
		doc = ed.page(t, "GET", path, nil, 200)
		if got := modText(doc.Find(".queue-item .queue-title a").First()); got != "Kookclub voor buren" {
			t.Errorf("%s starts with %q, want the first page", path, got)
		}
	}
	// The filters are kept from page to page; choosing a filter starts at its first page.
	doc = ed.page(t, "GET", "/beheer?soort=nieuw&pagina=3", nil, 200)
	if href := doc.Find("nav.pagination a[rel=next]").AttrOr("href", ""); href != "/beheer?pagina=4&soort=nieuw" {
		t.Errorf("next page of a filter: %q", href)
	}
	if doc.Find(`.queue-filters a[href="/beheer?soort=wijziging"]`).Length() != 1 {
		t.Error("a filter link keeps the page")
	}
}
