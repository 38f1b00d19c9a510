package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/upload/uploadtest"
)

// The editors' journeys beside a submission: a problem reported on a sheet and handled, a
// photo replaced and a municipality added in the editors' form, two terms merged after the
// confirmation page. Each is walked in the browser as a person would, and checked by what the
// page then shows.

// openBeheer signs the admin in (when not yet) and opens path under /beheer.
func (b *tab) openBeheer(s *site, path string) {
	b.t.Helper()
	b.navigate(s.URL + path)
	if b.url().Path != path {
		b.signInByForm(s)
		b.navigate(s.URL + path)
	}
	if b.url().Path != path {
		b.t.Fatalf("after signing in: at %s, want %s", b.location(), path)
	}
}

func TestJourneyProblemReport(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	sheet := s.sheetPaths(t)[0]
	b.navigate(s.URL + sheet)
	title := query[string](b, "the sheet's title", `textOf(document.querySelector("main h1"))`)
	b.clickToNavigate("Meld een probleem met deze fiche", linkJS("Meld een probleem met deze fiche"))
	const report = "Het e-mailadres van de contactpersoon in Genk werkt niet meer."
	b.typeIn("what is wrong", fieldJS("Wat klopt er niet?"), report)
	b.clickToNavigate("Verstuur je melding", buttonJS("Verstuur je melding"))
	if text := b.mainText(); !strings.Contains(text, "Bedankt, je melding is verstuurd.") {
		t.Fatalf("after sending the report the page says %q", snippet(text, 300))
	}

	ed := browser(t)
	ed.openBeheer(s, "/beheer/meldingen")
	card := fmt.Sprintf(`[...document.querySelectorAll("main li")].find(li => textOf(li).includes(%s))`, jsString(report))
	c := ed.boxOf("the report", card)
	if !c.Found || !c.Visible || !strings.Contains(c.Text, title) {
		t.Fatalf("the editor does not see the report with the sheet's title %q: %+v", title, c)
	}
	ed.clickToNavigate("Afgehandeld", fmt.Sprintf(`[...(%s).querySelectorAll("button")].find(b => textOf(b).startsWith("Afgehandeld"))`, card))
	if text := ed.mainText(); strings.Contains(text, report) {
		t.Errorf("the handled report is still listed: %q", snippet(text, 400))
	}
}

func TestJourneyEditorPhotoAndMunicipality(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	var sheet catalog.Sheet // a published sheet with a photo, to replace
	for _, p := range s.sheetPaths(t) {
		sh, err := s.st.SheetBySlug(context.Background(), strings.TrimPrefix(p, "/praktijken/"))
		if err != nil {
			t.Fatal(err)
		}
		if sh.Image != nil && !slices.Contains(sh.Terms[catalog.FacetMunicipality], "Hasselt") {
			sheet = sh
			break
		}
	}
	if sheet.Slug == "" {
		t.Fatal("no published sheet with a photo and without Hasselt")
	}
	b := browser(t)
	admin := "/beheer/fiches/" + strconv.FormatInt(sheet.ID, 10)
	b.openBeheer(s, admin)
	photo := filepath.Join(t.TempDir(), "coach.png")
	if err := os.WriteFile(photo, uploadtest.BlackPNG(800, 600, 8), 0o600); err != nil {
		t.Fatal(err)
	}
	b.do("choose the photo", chromedp.SetUploadFiles(chromedp.CSS(`form.sheet-form input[type=file][name=foto]`), []string{photo}))
	b.retype("the description of the photo", fieldJS("Wat is er op de foto te zien?"), "Een coach en een jongere op een voetbalveld")
	if !query[bool](b, "is consent ticked", "("+fieldJS("Ik heb toestemming van de fotograaf en van iedereen die herkenbaar op de foto staat")+").checked") {
		b.click("the consent", "("+fieldJS("Ik heb toestemming van de fotograaf en van iedereen die herkenbaar op de foto staat")+").labels[0]")
	}
	b.retype("the credit", fieldJS("Fotograaf of bron"), "Stad Hasselt")
	places := "Hasselt"
	if had := b.fieldValue("the other municipalities", fieldJS("Andere gemeenten, zonder eigen tekst")); had != "" {
		places = had + ", Hasselt"
	}
	b.retype("the other municipalities", fieldJS("Andere gemeenten, zonder eigen tekst"), places)
	b.clickToNavigate("Wijzigingen bewaren", `[...document.querySelectorAll("form.sheet-form .actions button")].find(b => textOf(b) === "Wijzigingen bewaren")`)
	if p := b.url().Path; p != admin {
		t.Fatalf("after saving: at %s", b.location())
	}
	if text := b.mainText(); !strings.Contains(text, "De fiche is bewaard als nieuwe versie.") {
		t.Fatalf("after saving the page says %q", snippet(text, 400))
	}

	b.navigate(s.URL + "/praktijken/" + sheet.Slug)
	img := b.boxOf("the sheet's photo", `document.querySelector('main img[alt="Een coach en een jongere op een voetbalveld"]')`)
	if !img.Found || !img.Visible {
		t.Errorf("the public sheet does not show the new photo: %+v", img)
	}
	if text := b.mainText(); !strings.Contains(text, "Hasselt") || !strings.Contains(text, "Stad Hasselt") {
		t.Errorf("the public sheet does not name Hasselt: %q", snippet(text, 600))
	}
}

// mergePair picks two current categories to merge: source, which sheets have, and target.
func (s *site) mergePair(t testing.TB) (source, target store.TermUsage) {
	t.Helper()
	terms, err := s.st.TermsForCuration(context.Background(), catalog.FacetCategory)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range terms {
		switch {
		case u.MergedInto != 0 || u.Proposed:
		case source.ID == 0 && u.Sheets > 0:
			source = u
		case target.ID == 0:
			target = u
		}
	}
	if source.ID == 0 || target.ID == 0 {
		t.Fatalf("no two categories to merge among %+v", terms)
	}
	return source, target
}

func TestJourneyMergeConfirmed(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	source, _ := s.mergePair(t)
	terms, err := s.st.TermsForCuration(context.Background(), catalog.FacetCategory)
	if err != nil {
		t.Fatal(err)
	}
	var moving catalog.Sheet   // a published sheet with the source category
	var target store.TermUsage // a current category that sheet does not have
	for _, p := range s.sheetPaths(t) {
		sh, err := s.st.SheetBySlug(context.Background(), strings.TrimPrefix(p, "/praktijken/"))
		if err != nil {
			t.Fatal(err)
		}
		cats := sh.Terms[catalog.FacetCategory]
		if !slices.Contains(cats, source.Label) {
			continue
		}
		for _, u := range terms {
			if u.MergedInto == 0 && !u.Proposed && u.ID != source.ID && !slices.Contains(cats, u.Label) {
				moving, target = sh, u
				break
			}
		}
		if target.ID != 0 {
			break
		}
	}
	if target.ID == 0 {
		t.Fatalf("no published sheet with %q that lacks another category", source.Label)
	}

	b := browser(t)
	b.openBeheer(s, "/beheer/termen/"+strconv.FormatInt(source.ID, 10))
	b.do("choose the target", chromedp.SetValue(chromedp.CSS(`#doel`), strconv.FormatInt(target.ID, 10)))
	b.clickToNavigate("Samenvoegen…", buttonJS("Samenvoegen…"))
	text := b.mainText()
	if !strings.Contains(text, "Dit kan je niet ongedaan maken.") || !strings.Contains(text, moving.Title) {
		t.Fatalf("the confirmation page does not warn or does not name the sheet %q that moves: %q", moving.Title, snippet(text, 600))
	}
	button := `document.querySelector("form.confirm-actions button")`
	if c := b.boxOf("the confirm button", button); !c.Visible {
		t.Errorf("the confirm button is not visible: %+v", c)
	}
	b.clickToNavigate("the confirm button", button)
	if text := b.mainText(); !strings.Contains(text, "De termen zijn samengevoegd.") {
		t.Fatalf("after confirming the page says %q", snippet(text, 400))
	}
	b.navigate(s.URL + "/praktijken/" + moving.Slug)
	if text := b.mainText(); !strings.Contains(text, target.Label) {
		t.Errorf("the sheet %q does not show %q after the merge: %q", moving.Title, target.Label, snippet(text, 800))
	}
}

// A reader corrects one wrong address of a sheet without JavaScript, through the short form
// beside the sheet's contact block: a forgotten reason is asked for with the address typed
// kept; the editor sees the reason and the new address, publishes, and the sheet shows it.
func TestJourneyContactCorrection(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	var sheet catalog.Sheet // a published sheet with a variant's address
	for _, p := range s.sheetPaths(t) {
		sh, err := s.st.SheetBySlug(context.Background(), strings.TrimPrefix(p, "/praktijken/"))
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.Variants) > 0 && sh.Variants[0].Email != "" {
			sheet = sh
			break
		}
	}
	if sheet.Slug == "" {
		t.Fatal("no published sheet with a variant's address")
	}
	old := sheet.Variants[0].Email
	const corrected = "ontmoeting@gemeente.test"
	b := browserNoJS(t)
	b.navigate(s.URL + "/praktijken/" + sheet.Slug)
	b.clickToNavigate("Stel een correctie voor", `[...document.querySelectorAll(".sheet-contact a[href]")].find(a => visible(a) && textOf(a) === "Stel een correctie voor")`)
	address := `document.querySelector('input[type=email][name="contact-1-email"]')`
	if got := b.fieldValue("the first variant's address", address); got != old {
		t.Fatalf("the form shows %q as the first variant's address, want %q", got, old)
	}
	b.retype("the address", address, corrected)
	send := buttonJS("Stuur je correctie naar de redactie")
	b.clickToNavigate("send without a reason", send)
	if msg := query[string](b, "the reason's message", `textOf(document.getElementById("reden-fout") || document.body)`); !strings.Contains(msg, "waarom") {
		t.Fatalf("without a reason the form says %q next to it", snippet(msg, 200))
	}
	if got := b.fieldValue("the address", address); got != corrected {
		t.Errorf("the address typed is not kept: %q", got)
	}
	reason := "Het oude adres geeft een foutmelding terug."
	b.typeIn("the reason", fieldJS("Waarom stel je dit voor?"), reason)
	b.clickToNavigate("send", send)
	if text := b.mainText(); !strings.HasPrefix(b.url().Path, "/indiening/") || !strings.Contains(text, "verstuurd") {
		t.Fatalf("after sending: at %s, the page says %q", b.location(), snippet(text, 300))
	}

	ed := browser(t)
	ed.openInQueue(s, sheet.Title)
	if text := ed.mainText(); !strings.Contains(text, reason) {
		t.Errorf("the review does not say why: %q", snippet(text, 400))
	}
	ins := query[string](ed, "read the inserted text", `[...document.querySelectorAll("main ins")].map(textOf).join("")`)
	if !strings.Contains(ins, "ontmoeting") {
		t.Errorf("the review does not show the new address as inserted: %q", snippet(ins, 200))
	}
	ed.clickToNavigate("Wijziging publiceren", buttonJS("Wijziging publiceren"))
	b.navigate(s.URL + "/praktijken/" + sheet.Slug)
	if text := b.mainText(); !strings.Contains(text, corrected) || strings.Contains(text, old) {
		t.Errorf("the sheet does not show %s instead of %s: %q", corrected, old, snippet(text, 600))
	}
}
