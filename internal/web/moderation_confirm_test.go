package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// overlappingTerms finds, among the seeds' terms of facet, a term used on sheets and another
// current term that some of those sheets carry too.
func overlappingTerms(t *testing.T, st *store.Store, facet catalog.Facet) (source, target store.TermUsage, moving []store.SheetRef) {
	t.Helper()
	ctx := context.Background()
	terms, err := st.TermsForCuration(ctx, facet)
	if err != nil {
		t.Fatal(err)
	}
	sheetsOf := map[int64][]store.SheetRef{}
	for _, u := range terms {
		if sheetsOf[u.ID], err = st.SheetsWithTerm(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range terms {
		for _, b := range terms {
			if a.ID == b.ID || a.MergedInto != 0 || b.MergedInto != 0 || b.Proposed || len(sheetsOf[a.ID]) < 2 {
				continue
			}
			for _, x := range sheetsOf[a.ID] {
				if slices.ContainsFunc(sheetsOf[b.ID], func(y store.SheetRef) bool { return y.ID == x.ID }) &&
					len(sheetsOf[a.ID]) > 1 {
					return a, b, sheetsOf[a.ID]
				}
			}
		}
	}
	t.Fatalf("the seeds have no two %s terms on one sheet", facet)
	return
}

func TestTermMergeConfirmation(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	source, target, moving := overlappingTerms(t, s.st, catalog.FacetTargetGroup)
	manage := fmt.Sprintf("/beheer/termen/%d", source.ID)
	var titles []string
	for _, sh := range moving {
		titles = append(titles, sh.Title)
	}

	// The term's page names and links its sheets, not just their number.
	doc := ed.page(t, "GET", manage, nil, 200)
	links := doc.Find(".term-sheets li > a:first-child")
	if got := texts(links); !slices.Equal(got, titles) {
		t.Errorf("term page lists %q, want %q", got, titles)
	}
	if href := links.First().AttrOr("href", ""); href != fmt.Sprintf("/beheer/fiches/%d", moving[0].ID) {
		t.Errorf("sheet link %q", href)
	}
	form := doc.Find(`form[action="` + manage + `/samenvoegen"]`)
	if form.AttrOr("method", "") != "get" || form.Find("select[name=doel]").Length() != 1 {
		t.Fatal("the merge form does not ask for the confirmation page")
	}

	// No target, or the term itself: the message next to the field.
	for _, q := range []string{"", "?doel=" + strconv.FormatInt(source.ID, 10), "?doel=abc"} {
		doc := ed.page(t, "GET", manage+"/samenvoegen"+q, nil, http.StatusUnprocessableEntity)
		if msg := modText(doc.Find("#doel-fout")); msg == "" || doc.Find("#doel[aria-invalid=true]").Length() != 1 {
			t.Errorf("samenvoegen%s: error %q", q, msg)
		}
	}

	// The confirmation page: what changes, the sheets that move with their titles and links.
	confirm := manage + "/samenvoegen?doel=" + strconv.FormatInt(target.ID, 10)
	doc = ed.page(t, "GET", confirm, nil, 200)
	h1 := modText(doc.Find("h1"))
	if !strings.Contains(h1, source.Label) || !strings.Contains(h1, target.Label) {
		t.Errorf("heading %q", h1)
	}
	items := doc.Find(".confirm-sheets li")
	if got := texts(items.Find("a:first-child")); !slices.Equal(got, titles) {
		t.Errorf("confirmation lists %q, want %q", got, titles)
	}
	if !strings.Contains(modText(items), "Heeft „"+target.Label+"” al") {
		t.Errorf("the sheet that has both terms is not marked: %q", modText(items))
	}
	changes := modText(doc.Find(".confirm-changes"))
	for _, want := range []string{fmt.Sprintf("%d fiches krijgen voortaan „%s”", len(moving), target.Label),
		"/praktijken?doelgroep=" + source.Slug, "Dit kan je niet ongedaan maken"} {
		if !strings.Contains(changes, want) {
			t.Errorf("changes lack %q: %q", want, changes)
		}
	}
	if got, _ := s.st.TermByID(ctx, source.ID); got.MergedInto != 0 {
		t.Fatal("showing the confirmation merged the terms")
	}

	// A POST without the confirmation goes to the confirmation page and changes nothing.
	if loc := ed.post(t, manage+"/samenvoegen", url.Values{"doel": {strconv.FormatInt(target.ID, 10)}}); loc != confirm {
		t.Errorf("unconfirmed merge leads to %q, want %q", loc, confirm)
	}
	if got, _ := s.st.TermByID(ctx, source.ID); got.MergedInto != 0 {
		t.Fatal("an unconfirmed POST merged the terms")
	}

	// Confirmed: the sheets moved.
	cf := doc.Find(`form.confirm-actions[method=post][action="` + manage + `/samenvoegen"]`)
	if cf.Length() != 1 || cf.Find("a").AttrOr("href", "") != manage {
		t.Fatal("no confirmation form with a way back")
	}
	if loc := ed.post(t, manage+"/samenvoegen", modFormValues(cf)); loc != "/beheer/termen?facet=doelgroep&melding=samengevoegd" {
		t.Errorf("merge leads to %q", loc)
	}
	now, _ := s.st.SheetsWithTerm(ctx, target.ID)
	for _, sh := range moving {
		if !slices.ContainsFunc(now, func(x store.SheetRef) bool { return x.ID == sh.ID }) {
			t.Errorf("%q did not get the target term", sh.Title)
		}
	}
	ed.page(t, "GET", confirm, nil, 404) // the source is merged away
}

func TestArchiveConfirmation(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sheet := modSheet(t, s.st, "vrijetijdscoach")
	change := sheet
	change.Intro = "Een betere inleiding."
	modSubmit(t, s.st, store.NewSubmission{Kind: catalog.KindChange, SheetID: sheet.ID, BaseRevision: sheet.Revision,
		SubmissionInput: store.SubmissionInput{Content: change}})
	admin := fmt.Sprintf("/beheer/fiches/%d", sheet.ID)

	confirm := admin + "/status?status=archived"
	if loc := ed.post(t, admin+"/status", url.Values{"status": {"archived"}}); loc != confirm {
		t.Fatalf("archive leads to %q, want the confirmation %q", loc, confirm)
	}
	doc := ed.page(t, "GET", confirm, nil, 200)
	if h1 := modText(doc.Find("h1")); h1 != "„"+sheet.Title+"” archiveren" {
		t.Errorf("heading %q", h1)
	}
	changes := modText(doc.Find(".confirm-changes"))
	for _, want := range []string{"/praktijken/" + sheet.Slug, "Pagina niet gevonden", "gemeentepagina van Genk",
		"1 wijzigingsvoorstel voor deze fiche wacht in de wachtrij; het blijft daar"} {
		if !strings.Contains(changes, want) {
			t.Errorf("changes lack %q: %q", want, changes)
		}
	}
	s.get(t, "/praktijken/"+sheet.Slug, 200) // still public

	cf := doc.Find(`form.confirm-actions[method=post][action="` + admin + `/status"]`)
	if loc := ed.post(t, admin+"/status", modFormValues(cf)); loc != admin+"?melding=status" {
		t.Errorf("confirmed archive leads to %q", loc)
	}
	s.get(t, "/praktijken/"+sheet.Slug, 404)
	if got, _ := s.st.SheetByID(context.Background(), sheet.ID); got.Status != catalog.StatusArchived {
		t.Errorf("status %q", got.Status)
	}
	// Publishing again needs no confirmation, and there is nothing to confirm about it.
	ed.page(t, "GET", admin+"/status?status=unpublished", nil, http.StatusSeeOther)
	if loc := ed.post(t, admin+"/status", url.Values{"status": {"published"}}); loc != admin+"?melding=status" {
		t.Errorf("publish leads to %q", loc)
	}
	s.get(t, "/praktijken/"+sheet.Slug, 200)
	ed.page(t, "GET", "/beheer/fiches/9999/status?status=archived", nil, 404)
}

func TestRemoveUserConfirmation(t *testing.T) {
	t.Parallel()
	s := acctSite(t, "https://praktijkbank.test")
	acctUser(t, s.st, "beheerder@gemeente.be", catalog.RoleAdmin)
	ed := acctUser(t, s.st, "redacteur@gemeente.be", catalog.RoleEditor)
	admin := newAcctBrowser(t, s)
	admin.signIn("beheerder@gemeente.be")
	for range 2 {
		newAcctBrowser(t, s).signIn(ed.Email)
	}
	path := "/beheer/gebruikers/" + strconv.FormatInt(ed.ID, 10) + "/verwijderen"
	doc := admin.page("GET", path, nil, 200)
	if h1 := modText(doc.Find("h1")); h1 != "Account van redacteur verwijderen" {
		t.Errorf("heading %q", h1)
	}
	if lead := modText(doc.Find("main .lead")); lead != "redacteur (redacteur@gemeente.be, rol: redacteur) kan zich daarna niet meer aanmelden." {
		t.Errorf("lead %q", lead)
	}
	changes := modText(doc.Find(".confirm-changes"))
	for _, want := range []string{"aangemeld op 2 computers of telefoons; die sessies eindigen meteen",
		"De 2 acties van redacteur blijven in het auditlog", "opnieuw uitnodigen"} {
		if !strings.Contains(changes, want) {
			t.Errorf("changes lack %q: %q", want, changes)
		}
	}
	if doc.Find(`.beheer-nav a[aria-current=page][href="/beheer/gebruikers"]`).Length() != 1 {
		t.Error("the Gebruikers tab is not current")
	}
	// An account without a session: said plainly.
	idle := acctUser(t, s.st, "stil@gemeente.be", catalog.RoleEditor)
	idleDoc := admin.page("GET", "/beheer/gebruikers/"+strconv.FormatInt(idle.ID, 10)+"/verwijderen", nil, 200)
	if got := texts(idleDoc.Find(".confirm-changes li")); len(got) == 0 || got[0] != "stil is nu niet aangemeld." {
		t.Errorf("changes for an account without a session: %q", got)
	}
	form := doc.Find(`form.confirm-actions[method=post][action="` + path + `"]`)
	if resp := admin.do("POST", path, modFormValues(form)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", resp.StatusCode)
	}
	if a, _ := s.st.AccountByID(context.Background(), ed.ID); a.Active() || a.Sessions != 0 {
		t.Errorf("after removal: %+v", a)
	}
}
