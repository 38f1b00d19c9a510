package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestQualityPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	problems, err := s.st.QualityProblems(ctx)
	if err != nil || len(problems) == 0 {
		t.Fatalf("the seeds have %d problems, %v", len(problems), err)
	}

	// The queue page counts them and links to the view.
	doc := ed.page(t, "GET", "/beheer", nil, 200)
	notice := doc.Find(`main .notice a[href="/beheer/kwaliteit"]`)
	if !strings.HasPrefix(modText(notice), strconv.Itoa(len(problems))+" problemen in de gegevens") {
		t.Errorf("queue notice %q, want %d problems", modText(notice), len(problems))
	}

	doc = ed.page(t, "GET", "/beheer/kwaliteit", nil, 200)
	if cur := modText(doc.Find(`.beheer-nav a[aria-current="page"]`)); cur != "Kwaliteit" {
		t.Errorf("current tab %q", cur)
	}
	if lead := modText(doc.Find(".lead")); !strings.HasPrefix(lead, fmt.Sprintf("%d problemen in 5 gepubliceerde fiches", len(problems))) {
		t.Errorf("lead %q", lead)
	}
	// Every problem is a row linking to the sheet's page for editors.
	rows := doc.Find(".quality-list > li")
	if rows.Length() != len(problems) {
		t.Errorf("%d rows, want %d", rows.Length(), len(problems))
	}
	rows.Each(func(_ int, li *goquery.Selection) {
		if href := li.Find("a").First().AttrOr("href", ""); !strings.HasPrefix(href, "/beheer/fiches/") {
			t.Errorf("row %q links to %q", modText(li), href)
		}
	})
	section := func(heading string) *goquery.Selection {
		return doc.Find("section.quality-group").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.HasPrefix(modText(s.Find("h2")), heading+" (")
		})
	}
	places := section("Onbekende plaatsen")
	if places.Length() != 1 || !strings.Contains(modText(places.Find(".quality-details")), "Machelen-Diegem") {
		t.Errorf("unknown places: %q", modText(places))
	}
	wereld, err := s.st.SheetBySlug(ctx, "opvoedingsondersteuning-voor-anderstalige-ouders-met-jonge-kinderen")
	if err != nil {
		t.Fatal(err)
	}
	if href := places.Find(".quality-list > li > a").First().AttrOr("href", ""); href != fmt.Sprintf("/beheer/fiches/%d", wereld.ID) {
		t.Errorf("fix link %q", href)
	}
	if got := texts(section("Zonder categorie").Find(".quality-list > li > a:first-child")); len(got) != 2 {
		t.Errorf("without category: %q", got)
	}
	// The summary links each kind with problems to its section.
	if doc.Find(`.quality-summary a[href="#onbekende-plaatsen"]`).Length() != 1 || doc.Find("#onbekende-plaatsen").Length() != 1 {
		t.Error("the summary does not link to the section")
	}
	if !strings.Contains(modText(doc.Find(".quality-summary")), "Doelen zonder term (0)") {
		t.Errorf("summary %q", modText(doc.Find(".quality-summary")))
	}

	// Marking a sheet reviewed takes its notes off the list.
	ed.post(t, fmt.Sprintf("/beheer/fiches/%d/nagekeken", wereld.ID), nil)
	doc = ed.page(t, "GET", "/beheer/kwaliteit", nil, 200)
	if strings.Contains(modText(section("Om na te kijken")), "Opvoedingsondersteuning") {
		t.Error("a reviewed sheet is still listed for review")
	}
}
