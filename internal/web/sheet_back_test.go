package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// From a sheet found in the catalogue, "Terug naar je zoekresultaten" leads back to the same
// search and filters; an address from anywhere else gives no such link.
func TestBackToSearchResults(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	const search = "/praktijken?q=opvang&gemeente=genk"
	doc := s.get(t, search, 200)
	href, _ := doc.Find(".hits h3 a").First().Attr("href")
	if !strings.HasPrefix(href, "/praktijken/") || !strings.Contains(href, "?terug=") {
		t.Fatalf("a result links to %q, without the search", href)
	}
	sheet := s.get(t, href, 200)
	back := sheet.Find("a").FilterFunction(func(_ int, a *goquery.Selection) bool {
		return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(a.Text()), "←")) == "Terug naar je zoekresultaten"
	})
	if back.Length() != 1 {
		t.Fatalf("the sheet opened from a search has %d links „Terug naar je zoekresultaten”", back.Length())
	}
	if got, _ := back.Attr("href"); got != search {
		t.Errorf("„Terug naar je zoekresultaten” leads to %q, want %q", got, search)
	}
	if canon, _ := sheet.Find("link[rel=canonical]").Attr("href"); strings.Contains(canon, "terug") {
		t.Errorf("canonical %q carries the search", canon)
	}
	// The plain catalogue needs no way back beyond the breadcrumb.
	if href, _ := s.get(t, "/praktijken", 200).Find(".hits h3 a").First().Attr("href"); strings.Contains(href, "terug") {
		t.Errorf("a result of the plain catalogue links to %q", href)
	}
	slug := strings.SplitN(strings.TrimPrefix(href, "/praktijken/"), "?", 2)[0]
	for _, bad := range []string{
		"https://example.com/praktijken?q=opvang",
		"//example.com/praktijken?q=opvang",
		"/\\example.com/praktijken?q=opvang",
		"/beheer?q=opvang",
		"/praktijken/../beheer?q=opvang",
		"javascript:alert(1)//praktijken?q=1",
		"/praktijken",
		"/praktijken?%zz",
	} {
		doc := s.get(t, "/praktijken/"+slug+"?terug="+url.QueryEscape(bad), 200)
		if n := doc.Find(".back-to-results a").Length(); n != 0 {
			h, _ := doc.Find(".back-to-results a").Attr("href")
			t.Errorf("terug=%q gives a link back to %q", bad, h)
		}
	}
	// What comes back is written anew: unknown parameters are dropped.
	doc = s.get(t, "/praktijken/"+slug+"?terug="+url.QueryEscape("/praktijken?q=opvang&x=%22%3E%3Cscript%3E"), 200)
	if h, _ := doc.Find(".back-to-results a").Attr("href"); h != "/praktijken?q=opvang" {
		t.Errorf("back link %q, want /praktijken?q=opvang", h)
	}
}
