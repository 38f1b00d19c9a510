package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// TestQuickContact: an editor fixes one wrong e-mail address of a sheet with the small form
// of its contact block; nothing else of the sheet changes, and a bad address is refused with
// the message next to the field and what was typed kept.
func TestQuickContact(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sheet := modSheet(t, s.st, "anderstalige ouders")
	if len(sheet.Variants) == 0 {
		t.Fatal("the seed has no variant")
	}
	admin := fmt.Sprintf("/beheer/fiches/%d", sheet.ID)
	doc := ed.page(t, "GET", admin, nil, 200)
	forms := doc.Find("form.quick-contact")
	if forms.Length() != len(sheet.Variants)+1 {
		t.Fatalf("%d quick contact forms, want one for the sheet and one per variant (%d)", forms.Length(), len(sheet.Variants))
	}
	first := forms.Eq(1)
	if got := first.Find("#snel-1-email").AttrOr("value", ""); got != sheet.Variants[0].Email {
		t.Errorf("the address of variant 1 shows as %q, want %q", got, sheet.Variants[0].Email)
	}
	values := modFormValues(first)
	action := first.AttrOr("action", "")

	values.Set("snel-1-email", "jan at genk")
	bad := ed.page(t, "POST", action, values, http.StatusUnprocessableEntity)
	if msg := bad.Find("#snel-1-email-fout").Text(); !strings.Contains(msg, "geen geldig e-mailadres") {
		t.Errorf("the message next to the address is %q", msg)
	}
	if got := bad.Find("#snel-1-email").AttrOr("value", ""); got != "jan at genk" {
		t.Errorf("the address typed is not kept: %q", got)
	}
	if _, ok := bad.Find("#snel-1-email").Attr("autofocus"); !ok {
		t.Error("the wrong address does not get the focus")
	}

	values.Set("snel-1-email", "jeugd@genk.be")
	if loc := ed.post(t, action, values); loc != admin+"?melding=contact" {
		t.Fatalf("saving the contact leads to %q", loc)
	}
	after := modSheet(t, s.st, "anderstalige ouders")
	if after.Revision != sheet.Revision+1 || after.Variants[0].Email != "jeugd@genk.be" || !strings.Contains(after.Variants[0].Contact, "jeugd@genk.be") {
		t.Fatalf("after saving: revision %d, variant %+v", after.Revision, after.Variants[0])
	}
	want := sheet
	want.Variants = append(want.Variants[:0:0], sheet.Variants...)
	want.Variants[0] = after.Variants[0]
	if !reflect.DeepEqual(sheetContent(after), sheetContent(want)) {
		t.Errorf("more than the contact changed:\n got %+v\nwant %+v", sheetContent(after), sheetContent(want))
	}

	// A stale version, and a block that does not exist.
	if loc := ed.post(t, action, values); loc != admin+"?melding=conflict" {
		t.Errorf("a post of an old version leads to %q", loc)
	}
	values.Set("versie", strconv.Itoa(after.Revision))
	values.Set("blok", "99")
	resp := ed.do(t, "POST", action, values)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown block: status %d", resp.StatusCode)
	}
	if loc := ed.post(t, action, url.Values{"versie": {strconv.Itoa(after.Revision)}, "blok": {"fiche"}, "snel-fiche-contact": {"Dienst Jeugd"}}); loc != admin+"?melding=contact" {
		t.Errorf("the sheet's own contact leads to %q", loc)
	}
	if final := modSheet(t, s.st, "anderstalige ouders"); final.Contact != "Dienst Jeugd" {
		t.Errorf("the sheet's contact is %q", final.Contact)
	}
}

// sheetContent is what a sheet says, without its bookkeeping (revision, times, status).
func sheetContent(sh catalog.Sheet) catalog.Sheet {
	return catalog.Sheet{Title: sh.Title, Intro: sh.Intro, Description: sh.Description, SuccessFactors: sh.SuccessFactors,
		Challenges: sh.Challenges, Partners: sh.Partners, Contact: sh.Contact, Terms: sh.Terms, Goals: sh.Goals,
		TargetGroups: sh.TargetGroups, Variants: sh.Variants, Resources: sh.Resources, Sections: sh.Sections, Image: sh.Image}
}
