package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// An editor adds a target group with keywords, then edits its keywords on its page; bad
// input is answered next to the field with what was typed kept.
func TestTermKeywordsAdmin(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	ed := modSignIn(t, s, "eva@praktijkbank.test")

	doc := ed.page(t, "GET", "/beheer/termen?facet=doelgroep", nil, 200)
	form := doc.Find(`form[action="/beheer/termen"]`)
	if form.Find("#nieuwe-term-naam").Length() != 1 || form.Find("#nieuwe-term-trefwoorden").Length() != 1 {
		t.Fatal("no form to add a target group with keywords")
	}
	if v, _ := form.Find(`input[name=facet]`).Attr("value"); v != "doelgroep" {
		t.Errorf("the form adds to facet %q", v)
	}
	// Categories have no keywords; municipalities cannot be added.
	if n := ed.page(t, "GET", "/beheer/termen?facet=categorie", nil, 200).Find("#nieuwe-term-trefwoorden").Length(); n != 0 {
		t.Error("a category is offered keywords")
	}
	if n := ed.page(t, "GET", "/beheer/termen?facet=gemeente", nil, 200).Find(`form[action="/beheer/termen"]`).Length(); n != 0 {
		t.Error("municipalities can be added")
	}

	doc = ed.page(t, "POST", "/beheer/termen", url.Values{"facet": {"doelgroep"}, "naam": {"Ouderen"}, "trefwoorden": {"bejaarden"}},
		http.StatusUnprocessableEntity)
	if msg := modText(doc.Find("#nieuwe-term-naam-fout")); !strings.Contains(msg, "bestaat al") {
		t.Errorf("a taken name: %q", msg)
	}
	if v := doc.Find("#nieuwe-term-trefwoorden").Text(); v != "bejaarden" {
		t.Errorf("the keywords typed are not kept: %q", v)
	}
	doc = ed.page(t, "POST", "/beheer/termen", url.Values{"facet": {"doelgroep"}, "naam": {"Grootouders"}, "trefwoorden": {"grootouders\nvan de"}},
		http.StatusUnprocessableEntity)
	if msg := modText(doc.Find("#nieuwe-term-trefwoorden-fout")); !strings.Contains(msg, "„van de”") {
		t.Errorf("stop words as a keyword: %q", msg)
	}
	if v, _ := doc.Find("#nieuwe-term-naam").Attr("value"); v != "Grootouders" {
		t.Errorf("the name typed is not kept: %q", v)
	}
	ed.page(t, "POST", "/beheer/termen", url.Values{"facet": {"gemeente"}, "naam": {"Nergensdorp"}}, http.StatusBadRequest)

	loc := ed.post(t, "/beheer/termen", url.Values{"facet": {"doelgroep"}, "naam": {"Grootouders"}, "trefwoorden": {"grootouders, grootmoeder"}})
	if !strings.HasSuffix(loc, "?melding=toegevoegd") {
		t.Fatalf("adding leads to %q", loc)
	}
	page := strings.TrimSuffix(loc, "?melding=toegevoegd")
	doc = ed.page(t, "GET", loc, nil, 200)
	if h := modText(doc.Find("h1")); h != "Grootouders" {
		t.Errorf("the new term's page is %q", h)
	}
	if v := doc.Find("#term-trefwoorden").Text(); v != "grootouders\ngrootmoeder" {
		t.Errorf("its keywords: %q", v)
	}
	if msg := modText(doc.Find("#trefwoorden-titel").Parent()); !strings.Contains(msg, "geen enkele zin") {
		t.Errorf("no seed sentence has grootouders, the page says %q", msg)
	}

	// Keywords that match sentences of the seeds: the page counts and shows them.
	loc = ed.post(t, page+"/trefwoorden", url.Values{"trefwoorden": {"grootouders\nkleuters"}})
	if loc != page+"?melding=trefwoorden" {
		t.Errorf("saving leads to %q", loc)
	}
	doc = ed.page(t, "GET", loc, nil, 200)
	examples := texts(doc.Find(".keyword-examples li"))
	if !slices.Contains(examples, "Vijfjarige kleuters die binnenkort de overstap maken naar het eerste leerjaar, en hun gezin") {
		t.Errorf("sentences shown: %q", examples)
	}
	labels, _, err := s.st.SuggestTerms(ctx, catalog.FacetTargetGroup, []string{"Kleuters en hun grootouders"})
	if err != nil || !slices.Contains(labels, "Grootouders") {
		t.Errorf("the new keywords do not tag: %q, %v", labels, err)
	}
	doc = ed.page(t, "POST", page+"/trefwoorden", url.Values{"trefwoorden": {"kleuters\nhet"}}, http.StatusUnprocessableEntity)
	if msg := modText(doc.Find("#term-trefwoorden-fout")); !strings.Contains(msg, "„het”") {
		t.Errorf("a stop word: %q", msg)
	}
	if v := doc.Find("#term-trefwoorden").Text(); v != "kleuters\nhet" {
		t.Errorf("the keywords typed are not kept: %q", v)
	}
	// A category's page has no keywords to edit.
	cat := ed.page(t, "GET", "/beheer/termen?facet=categorie", nil, 200)
	href, _ := cat.Find(`section[aria-labelledby="actief-titel"] tbody a[href^="/beheer/termen/"]`).First().Attr("href")
	if ed.page(t, "GET", href, nil, 200).Find("#term-trefwoorden").Length() != 0 {
		t.Error("a category's page offers keywords")
	}
	ed.page(t, "POST", href+"/trefwoorden", url.Values{"trefwoorden": {"x"}}, http.StatusNotFound)
}
