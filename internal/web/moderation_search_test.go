package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// An editor adds a synonym group on /beheer/zoeken and the next search uses it; deleting it
// takes it back.
func TestSynonymsAdmin(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	const query = "/praktijken?q=springkasteel"
	if got := texts(s.get(t, query, 200).Find(".hits h3")); len(got) != 0 {
		t.Fatalf("springkasteel finds %q before the synonym", got)
	}

	doc := ed.page(t, "GET", "/beheer/zoeken", nil, 200)
	groups := texts(doc.Find(".synonym-list .synonym-words"))
	if !slices.Contains(groups, "OCMW = sociaal huis") || len(groups) != 5 {
		t.Errorf("groups = %q, want the 5 of the migration", groups)
	}
	// Bad input: a Dutch message at the field, the words kept.
	doc = ed.page(t, "POST", "/beheer/zoeken/synoniemen", url.Values{"woorden": {"springkasteel, kinderopvang"}}, http.StatusUnprocessableEntity)
	if msg := modText(doc.Find("#synoniem-woorden-fout")); !strings.Contains(msg, "„kinderopvang” staat al in de groep „kinderopvang = crèche = kinderdagverblijf”") {
		t.Errorf("error = %q", msg)
	}
	if v, _ := doc.Find("#synoniem-woorden").Attr("value"); v != "springkasteel, kinderopvang" {
		t.Errorf("the field keeps %q", v)
	}
	doc = ed.page(t, "POST", "/beheer/zoeken/synoniemen", url.Values{"woorden": {"springkasteel"}}, http.StatusUnprocessableEntity)
	if msg := modText(doc.Find("#synoniem-woorden-fout")); !strings.Contains(msg, "minstens twee") {
		t.Errorf("error = %q", msg)
	}

	if loc := ed.post(t, "/beheer/zoeken/synoniemen", url.Values{"woorden": {"Springkasteel = trampoline"}}); loc != "/beheer/zoeken?melding=toegevoegd" {
		t.Errorf("adding leads to %q", loc)
	}
	if got := texts(s.get(t, query, 200).Find(".hits h3")); !slices.Equal(got, []string{"Dorp rond het kind"}) {
		t.Errorf("springkasteel finds %q after the synonym, want Dorp rond het kind", got)
	}
	doc = ed.page(t, "GET", "/beheer/zoeken?melding=toegevoegd", nil, 200)
	var del string
	doc.Find(".synonym-list li").Each(func(_ int, li *goquery.Selection) {
		if modText(li.Find(".synonym-words")) == "Springkasteel = trampoline" {
			del, _ = li.Find("form").Attr("action")
		}
	})
	if del == "" {
		t.Fatalf("the new group is not listed: %q", texts(doc.Find(".synonym-list .synonym-words")))
	}
	if loc := ed.post(t, del, nil); loc != "/beheer/zoeken?melding=verwijderd" {
		t.Errorf("deleting leads to %q", loc)
	}
	if got := texts(s.get(t, query, 200).Find(".hits h3")); len(got) != 0 {
		t.Errorf("springkasteel finds %q after the group was deleted", got)
	}
	if loc := ed.post(t, del, nil); loc != "/beheer/zoeken?melding=onbestaande" {
		t.Errorf("deleting twice leads to %q", loc)
	}
}
