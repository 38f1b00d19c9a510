package web_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// A search for "kinderopvang opvang" finds Hefboom in the text of one of its materials: the
// snippet shows that material's title, author, audience and text as separate items.
func TestSearchSnippetReadsAsText(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/praktijken?q=kinderopvang+opvang", 200)
	var snippets []string
	doc.Find(".hits li").Each(func(_ int, li *goquery.Selection) {
		if strings.Contains(li.Find("h3").Text(), "Hefboom") {
			snippets = append(snippets, strings.Join(strings.Fields(li.Find(".hit-snippet").Text()), " "))
		}
	})
	if len(snippets) != 1 {
		t.Fatalf("Hefboom snippets: %q", snippets)
	}
	if strings.Contains(snippets[0], "opvang Kind en Gezin kinderopvang") {
		t.Errorf("snippet runs a material's fields together: %q", snippets[0])
	}
	if !strings.Contains(snippets[0], "opvang · Kind en Gezin · kinderopvang") {
		t.Errorf("snippet does not keep the material's fields apart: %q", snippets[0])
	}
}
