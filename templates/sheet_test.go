package templates

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

func testSheet() catalog.Sheet {
	return catalog.Sheet{
		Slug: "buurtbabbels", Title: "Buurtbabbels", Intro: "Bewoners leren elkaar kennen.",
		Description: "Een **gesprek** per straat.", SuccessFactors: "- tijd", Challenges: "- weer",
		Partners: "OCMW", Contact: "De dienst samenleven",
		Sections:  []catalog.Section{{Heading: "Kostprijs", Body: "Weinig."}},
		Resources: []catalog.Resource{{Title: "Draaiboek", ByWhom: "De stad", Content: "Stap voor stap."}},
		Revision:  3,
	}
}

// render renders v inside a page whose own headings go down to level v.HeadingLevel-1.
func render(t *testing.T, v SheetView) *goquery.Document {
	t.Helper()
	var b strings.Builder
	for l := 1; l < v.HeadingLevel; l++ {
		b.WriteString("<h" + strconv.Itoa(l) + ">Pagina</h" + strconv.Itoa(l) + ">")
	}
	if err := sheetArticle(v).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestSheetArticleContexts renders one sheet on its public page, in the review of a
// submission and as a revision of its history, and checks that all three show the same
// sections in the same order and that no heading skips a level.
func TestSheetArticleContexts(t *testing.T) {
	sh := testSheet()
	variants := []VariantView{{Places: []PlaceView{{Label: "Landen", URL: "/gemeenten/landen"}}, Text: "In Landen op zondag."}}
	facets := []FacetTerms{{Label: "Thema", Terms: []TermLink{{Label: "Samenleven", URL: "/praktijken?thema=samenleven"}}}}
	views := map[string]SheetView{
		"public":   {Sheet: sh, Context: SheetPublic, HeadingLevel: 1, Facets: facets, Variants: variants, HistoryURL: "/praktijken/buurtbabbels/geschiedenis", ChangeURL: "/praktijken/buurtbabbels/wijzigen"},
		"review":   {Sheet: sh, Context: SheetReview, HeadingLevel: 2, Facets: facets, Variants: variants},
		"revision": {Sheet: sh, Context: SheetRevision, HeadingLevel: 1, Facets: facets, Variants: variants},
		"deep":     {Sheet: sh, Context: SheetReview, HeadingLevel: 3, Facets: facets, Variants: variants},
	}
	want := []string{"Buurtbabbels", "Contact", "Beschrijving", "Succesfactoren", "Uitdagingen", "Kostprijs", "Partners",
		"Waar loopt deze praktijk?", "Landen", "Materiaal", "Draaiboek"}
	for name, v := range views {
		t.Run(name, func(t *testing.T) {
			doc := render(t, v)
			var got []string
			prev := 0
			doc.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, h *goquery.Selection) {
				level := int(goquery.NodeName(h)[1] - '0')
				if level > prev+1 {
					t.Errorf("%s %q follows h%d: a heading level is skipped", goquery.NodeName(h), h.Text(), prev)
				}
				prev = level
				if h.Closest("article.sheet").Length() > 0 {
					got = append(got, strings.TrimSpace(h.Text()))
				}
			})
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("sheet headings\n got %q\nwant %q", got, want)
			}
			if title := doc.Find("article.sheet h" + strconv.Itoa(v.HeadingLevel)).First().Text(); title != sh.Title {
				t.Errorf("title at level %d = %q, want %q", v.HeadingLevel, title, sh.Title)
			}
			if n := doc.Find(`a[href="/praktijken?thema=samenleven"]`).Length(); n != 1 {
				t.Errorf("%d links to the theme, want 1", n)
			}
			if !strings.Contains(doc.Find("article.sheet").Text(), "Stap voor stap.") {
				t.Error("material content missing")
			}
			public := v.Context == SheetPublic
			if got := doc.Find(`a[href="/praktijken/buurtbabbels/wijzigen"]`).Length() == 1; got != public {
				t.Errorf("link to propose a change shown = %v, want %v", got, public)
			}
			if got := doc.Find("#beschrijving").Length() == 1; got != public {
				t.Errorf("section anchors present = %v, want %v", got, public)
			}
			doc.Find("[id], [aria-labelledby]").Each(func(_ int, e *goquery.Selection) {
				if id, ok := e.Attr("id"); ok && id == "" {
					t.Errorf("empty id on %s", goquery.NodeName(e))
				}
				if ref, ok := e.Attr("aria-labelledby"); ok && doc.Find("#"+ref).Length() != 1 {
					t.Errorf("aria-labelledby=%q names no element", ref)
				}
			})
		})
	}
}

// The dates of a public sheet: when it was taken into the catalogue, and the last change an
// editor published only when there was one; never a version number.
func TestSheetDates(t *testing.T) {
	published := time.Date(2021, 3, 3, 10, 0, 0, 0, time.UTC)
	edited := time.Date(2022, 5, 5, 23, 30, 0, 0, time.UTC) // 6 May in Brussels
	for _, tt := range []struct {
		edited time.Time
		want   string
	}{
		{time.Time{}, "Opgenomen op 3 maart 2021. Geschiedenis"},
		{edited, "Opgenomen op 3 maart 2021. Laatst gewijzigd op 6 mei 2022. Geschiedenis"},
	} {
		v := SheetView{Sheet: testSheet(), Context: SheetPublic, HeadingLevel: 1, Published: published, Edited: tt.edited,
			HistoryURL: "/praktijken/buurtbabbels/geschiedenis", ChangeURL: "/praktijken/buurtbabbels/wijzigen"}
		doc := render(t, v)
		if got := strings.Join(strings.Fields(doc.Find(".sheet-meta p").First().Text()), " "); got != tt.want {
			t.Errorf("dates %q, want %q", got, tt.want)
		}
		if strings.Contains(doc.Text(), "Versie") {
			t.Errorf("a public sheet shows its version number")
		}
	}
}

func TestBreakableEmail(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"an.peeters@leuven.be": "an<wbr>.peeters@<wbr>leuven<wbr>.be",
		"info@kindentaal.be":   "info@<wbr>kindentaal<wbr>.be",
		"a&b@x.be":             "a&amp;b@<wbr>x<wbr>.be",
		".vreemd@adres":        ".vreemd@<wbr>adres",
		"geen-adres":           "geen-adres",
	} {
		if got := breakableEmail(in); got != want {
			t.Errorf("breakableEmail(%q) = %q, want %q", in, got, want)
		}
	}
}
