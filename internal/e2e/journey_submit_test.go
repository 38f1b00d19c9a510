package e2e

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The journeys of submitters and editors: a new practice from the form to
// the catalogue, a change request from the sheet to its history, and a
// rejection with its mail. The submitter and the editor each have a tab (a
// browser) of their own.

// retype replaces what the field that finder gives holds with text, typed
// with key events.
func (b *tab) retype(what, finder, text string) {
	b.t.Helper()
	b.click(what, finder)
	evalJS[chromedp.Void](b, "select the text of "+what, fmt.Sprintf(`(() => { %s const el = (%s); el.focus(); el.select(); })()`, domPrelude, finder))
	b.do("type in "+what, chromedp.KeyEvent(text))
	if got := query[string](b, "read "+what, "("+finder+").value"); got != text {
		b.t.Fatalf("typed %q in %s, it holds %q", text, what, got)
	}
}

// mainText is the visible text of the main content.
func (b *tab) mainText() string {
	b.t.Helper()
	return query[string](b, "read the main content", `textOf(document.querySelector("main"))`)
}

// fieldValue is the value of the field that finder gives.
func (b *tab) fieldValue(what, finder string) string {
	b.t.Helper()
	b.waitFor(what, finder)
	return query[string](b, "read "+what, "("+finder+").value")
}

// errorNextTo is the text of the error message tied to the field (by
// aria-describedby) and shown in its own block, or "".
func (b *tab) errorNextTo(what, finder string) string {
	b.t.Helper()
	return query[string](b, "read the error of "+what, fmt.Sprintf(`(() => {
		const el = (%s);
		if (!el || el.getAttribute("aria-invalid") !== "true") return "";
		const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
		return ids.map(id => document.getElementById(id))
			.filter(m => m && visible(m) && m.parentElement.contains(el))
			.map(textOf).join(" | ");
	})()`, finder))
}

// firstCategoryJS is the first checkbox of the category facet in the form.
const firstCategoryJS = `[...document.querySelectorAll('input[type="checkbox"][name="categorie"]')].find(visible)`

// submission is what a submitter types in /indienen.
type submission struct {
	Title, Intro, Description, Name, Email string
}

// fillNewSubmission fills in /indienen with sub, with a local variant in
// Genk and a category, and returns the label of the category.
func (b *tab) fillNewSubmission(s *site, sub submission) string {
	b.t.Helper()
	b.navigate(s.URL + "/indienen")
	b.typeIn("the title", fieldJS("Titel"), sub.Title)
	b.typeIn("the intro", fieldJS("Korte inleiding"), sub.Intro)
	b.waitFor("a category", firstCategoryJS)
	category := query[string](b, "read the category", `textOf((`+firstCategoryJS+`).labels[0])`)
	b.click("the category "+category, "("+firstCategoryJS+").labels[0]")
	if !query[bool](b, "is the category ticked", "("+firstCategoryJS+").checked") {
		b.t.Fatalf("clicking the label %q did not tick the category", category)
	}
	b.typeIn("the description", fieldJS("Beschrijving"), sub.Description)
	b.typeIn("the municipality of variant 1", fieldInJS("Variant 1", "Gemeente"), "Genk")
	b.typeIn("the contact address of variant 1", fieldInJS("Variant 1", "E-mailadres voor contact"), "info@genk.be")
	b.typeIn("the name", fieldJS("Je naam"), sub.Name)
	b.typeIn("the e-mail address", fieldJS("Je e-mailadres"), sub.Email)
	return category
}

// sendToEditors clicks "Bekijk je fiche voor je ze verstuurt" and, when the form is complete and the
// sheet is shown as it will be published, "Verstuur naar de redactie" there.
func (b *tab) sendToEditors() {
	b.t.Helper()
	b.clickToNavigate("Bekijk je fiche voor je ze verstuurt", buttonJS("Bekijk je fiche voor je ze verstuurt"))
	if strings.HasSuffix(b.url().Path, "/controle") {
		b.clickToNavigate("Verstuur naar de redactie", buttonJS("Verstuur naar de redactie"))
	}
}

// openInQueue signs the editor in (when not yet), opens /beheer and the
// item whose link text contains title.
func (b *tab) openInQueue(s *site, title string) {
	b.t.Helper()
	b.navigate(s.URL + "/beheer")
	if b.url().Path != "/beheer" {
		b.signInByForm(s)
	}
	if p := b.url().Path; p != "/beheer" {
		b.t.Fatalf("after signing in: at %s, want /beheer", p)
	}
	b.clickToNavigate("the item "+title, fmt.Sprintf(
		`[...document.querySelectorAll("main a[href]")].find(a => visible(a) && textOf(a).includes(%s) && pathOf(a).pathname.startsWith("/beheer/inzendingen/"))`,
		jsString(title)))
	if !regexp.MustCompile(`^/beheer/inzendingen/\d+$`).MatchString(b.url().Path) {
		b.t.Fatalf("after opening %q: at %s, want its review page", title, b.location())
	}
}

var privatePath = regexp.MustCompile(`^/indiening/[A-Za-z0-9_-]{43}$`)

func TestJourneySubmitAndApprove(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	sub := submission{
		Title:       "Buurtrestaurant Zonnebloem",
		Intro:       "Buren koken en eten samen, elke woensdag.",
		Description: "Een kok van het OCMW begeleidt de groep.",
		Name:        "An Peeters",
		Email:       "an@genk", // no domain: an error
	}
	category := b.fillNewSubmission(s, sub)
	b.sendToEditors()

	// The error is next to the field, in Dutch, and nothing typed is lost.
	emailJS := fieldJS("Je e-mailadres")
	if msg := b.errorNextTo("the e-mail address", emailJS); !strings.Contains(msg, "geen geldig e-mailadres") {
		t.Errorf("the e-mail address: error next to the field %q, want „Dit is geen geldig e-mailadres…”", msg)
	}
	for _, f := range []struct{ what, finder, want string }{
		{"the title", fieldJS("Titel"), sub.Title},
		{"the intro", fieldJS("Korte inleiding"), sub.Intro},
		{"the description", fieldJS("Beschrijving"), sub.Description},
		{"the municipality", fieldInJS("Variant 1", "Gemeente"), "Genk"},
		{"the contact address", fieldInJS("Variant 1", "E-mailadres voor contact"), "info@genk.be"},
		{"the name", fieldJS("Je naam"), sub.Name},
		{"the e-mail address", emailJS, sub.Email},
	} {
		if got := b.fieldValue(f.what, f.finder); got != f.want {
			t.Errorf("after the errors: %s holds %q, want %q as typed", f.what, got, f.want)
		}
	}
	if !query[bool](b, "is the category still ticked", "("+firstCategoryJS+").checked") {
		t.Errorf("after the errors: the category %q is no longer ticked", category)
	}

	// Corrected, it goes to the editors: the private page says so.
	b.retype("the e-mail address", emailJS, "an@genk.be")
	b.sendToEditors()
	if p := b.url().Path; !privatePath.MatchString(p) {
		t.Fatalf("after sending: at %s, want the private page /indiening/{token}", b.location())
	}
	if text := strings.ToLower(b.mainText()); !strings.Contains(text, "wacht op de redactie") {
		t.Errorf("the private page does not say it waits for the editors: %q", snippet(text, 300))
	}

	// The editor signs in, opens the item and publishes it.
	ed := browser(t)
	ed.openInQueue(s, sub.Title)
	ed.clickToNavigate("Praktijk publiceren", buttonJS("Praktijk publiceren"))

	// It is in the catalogue.
	b.navigate(s.URL + "/praktijken?q=" + url.QueryEscape("Zonnebloem"))
	found := false
	for _, l := range b.resultLinks() {
		found = found || l.Text == sub.Title
	}
	if !found {
		t.Errorf("the catalogue search for Zonnebloem does not list %q: %v", sub.Title, b.resultLinks())
	}
}

func TestJourneyChangeRequest(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	sheetPath := s.sheetPaths(t)[0]
	b := browser(t)
	b.navigate(s.URL + sheetPath)
	title := b.h1()
	b.clickToNavigate("Stel een wijziging voor", linkJS("Stel een wijziging voor"))
	if p := b.url().Path; p != sheetPath+"/wijzigen" {
		t.Fatalf("after „Stel een wijziging voor”: at %s", p)
	}
	introJS := fieldJS("Korte inleiding")
	oldIntro := b.fieldValue("the intro", introJS)
	if oldIntro == "" {
		t.Fatal("the change form does not hold the current intro")
	}
	newIntro := "Een nieuwe inleiding, voorgesteld door een lezer."
	b.retype("the intro", introJS, newIntro)
	// Some seeds have no category, which the form requires: the submitter
	// picks one, as the form would ask.
	if !b.has("a ticked category", `[...document.querySelectorAll('input[type="checkbox"][name="categorie"]')].some(i => i.checked)`) {
		t.Logf("the sheet %s has no category: ticking the first", sheetPath)
		b.click("the first category", "("+firstCategoryJS+").labels[0]")
	}
	b.retype("the name", fieldJS("Je naam"), "Jan Janssens")
	b.retype("the e-mail address", fieldJS("Je e-mailadres"), "jan@example.be")
	reason := "De inleiding zegt niet voor wie de praktijk is."
	b.typeIn("the reason", fieldJS("Waarom stel je dit voor?"), reason)
	b.sendToEditors()
	if p := b.url().Path; !privatePath.MatchString(p) {
		t.Fatalf("after sending the change: at %s, want the private page; the errors: %s", b.location(),
			query[string](b, "read the errors", `[...document.querySelectorAll("[aria-invalid=true]")].map(el => el.id + ": " + (el.getAttribute("aria-describedby") || "").split(" ").map(id => id + "=" + (document.getElementById(id) ? textOf(document.getElementById(id)) : "MISSING")).join(" / ")).join(" | ")`))
	}

	// The editor sees the change field by field, and publishes it.
	ed := browser(t)
	ed.openInQueue(s, title)
	del := query[string](ed, "read the deleted text", `[...document.querySelectorAll("main del")].map(textOf).join(" | ")`)
	ins := query[string](ed, "read the inserted text", `[...document.querySelectorAll("main ins")].map(textOf).join(" | ")`)
	if !strings.Contains(ins, "voorgesteld door een lezer") || del == "" {
		t.Errorf("the review page does not show the change of the intro with <del> and <ins>: del %q, ins %q", snippet(del, 200), snippet(ins, 200))
	}
	if text := ed.mainText(); !strings.Contains(text, reason) {
		t.Errorf("the review page does not say why the change is proposed: %q", snippet(text, 400))
	}
	ed.clickToNavigate("Wijziging publiceren", buttonJS("Wijziging publiceren"))

	// The public sheet shows the new intro, and its history the revision.
	b.navigate(s.URL + sheetPath)
	if text := b.mainText(); !strings.Contains(text, newIntro) {
		t.Errorf("the sheet does not show the new intro %q", newIntro)
	}
	b.navigate(s.URL + sheetPath + "/geschiedenis")
	if !b.has("a link to version 2", fmt.Sprintf(`[...document.querySelectorAll("main a[href]")].find(a => pathOf(a).pathname === %s)`,
		jsString(sheetPath+"/versies/2"))) {
		t.Errorf("the history does not list revision 2: %q", snippet(b.mainText(), 300))
	}
	if text := b.mainText(); !strings.Contains(text, reason) {
		t.Errorf("the history does not say why version 2 was made: %q", snippet(text, 400))
	}
}

func TestJourneyReject(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	sub := submission{
		Title:       "Speelstraat De Knikker",
		Intro:       "Een straat wordt elke zomer een speelstraat.",
		Description: "De buurt sluit de straat af en speelt.",
		Name:        "Mia Claes",
		Email:       "mia@example.be",
	}
	b.fillNewSubmission(s, sub)
	b.sendToEditors()
	if !privatePath.MatchString(b.url().Path) {
		t.Fatalf("after sending: at %s, want the private page", b.location())
	}
	private := b.location()

	reason := "Deze praktijk loopt niet in Limburg; de Praktijkbank is er voor Limburgse gemeenten."
	ed := browser(t)
	ed.openInQueue(s, sub.Title)
	ed.typeIn("the reason", fieldInJS("Afwijzen", "Reden"), reason)
	ed.clickToNavigate("Inzending afwijzen", buttonJS("Inzending afwijzen"))

	// The mail with the reason is in the outbox.
	ed.navigate(s.URL + "/beheer/mail")
	mailJS := fmt.Sprintf(`[...document.querySelectorAll("main tr")].filter(tr => textOf(tr).includes(%s) && textOf(tr).includes("Afgewezen"))
		.map(tr => tr.querySelector("a[href]")).find(Boolean)`, jsString(sub.Email))
	ed.clickToNavigate("the rejection mail", mailJS)
	if text := ed.mainText(); !strings.Contains(text, reason) {
		t.Errorf("the rejection mail does not give the reason: %q", snippet(text, 400))
	}

	// The private page says so, with the reason.
	b.navigate(private)
	text := b.mainText()
	if !strings.Contains(strings.ToLower(text), "afgewezen") || !strings.Contains(text, reason) {
		t.Errorf("the private page does not show „afgewezen” with the reason: %q", snippet(text, 400))
	}
}

// TestJourneyGoalsTickTerms types a goal in the sheet form, with and without JavaScript: the
// term that fits it is ticked where the person sees it, the page says which term it ticked,
// and what was typed stays.
func TestJourneyGoalsTickTerms(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	boxJS := `document.querySelector('input[type="checkbox"][name="doel"][value="armoede-bestrijden"]')`
	statusJS := `document.querySelector('[data-tagged="doel"] [role=status]')`
	goal := "Kinderarmoede in de wijk terugdringen"
	for _, js := range []bool{true, false} {
		t.Run(fmt.Sprintf("javascript=%v", js), func(t *testing.T) {
			b := openTab(t, js)
			b.navigate(s.URL + "/indienen")
			b.typeIn("the goals", fieldJS("Doelen"), goal)
			if js {
				b.waitUntil("the term that fits the goal is ticked", "("+boxJS+").checked")
			} else {
				b.clickToNavigate("Vink termen aan bij je tekst", buttonJS("Vink termen aan bij je tekst"))
				if f := b.focused(); f.ID != "termen-doel" {
					t.Errorf("after the page came back, focus is on %s, want the button pressed", f)
				}
			}
			if !query[bool](b, "is the term ticked and visible", "("+boxJS+").checked && visible("+boxJS+")") {
				t.Error("the term „Armoede bestrijden” is not ticked where the person sees it")
			}
			if msg := query[string](b, "read the status", "visible("+statusJS+") ? textOf("+statusJS+") : ''"); !strings.Contains(msg, "Armoede bestrijden") {
				t.Errorf("the form says %q, want it to name the term it ticked", msg)
			}
			if got := b.fieldValue("the goals", fieldJS("Doelen")); got != goal {
				t.Errorf("the goals hold %q, want %q", got, goal)
			}
		})
	}
}

// TestJourneyQuestionAnsweredWithEdits: the editor asks a question; the submitter opens the
// link bookmarked when sending (not the one in the question mail), answers and changes the
// title in one go with one button; the editor sees both.
func TestJourneyQuestionAnsweredWithEdits(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	sub := submission{
		Title:       "Speelotheek op wielen",
		Intro:       "Een bus vol speelgoed rijdt langs de wijken.",
		Description: "Gezinnen lenen speelgoed aan de bus.",
		Name:        "An Peeters",
		Email:       "an@genk.be",
	}
	b.fillNewSubmission(s, sub)
	b.sendToEditors()
	bookmark := b.url().String()
	if !privatePath.MatchString(b.url().Path) {
		t.Fatalf("after sending: at %s, want the private page", b.location())
	}

	ed := browser(t)
	ed.openInQueue(s, sub.Title)
	ed.typeIn("the question", fieldInJS("Een vraag stellen aan de indiener", "Je vraag"), "In welke wijken rijdt de bus?")
	ed.clickToNavigate("Vraag versturen", buttonJS("Vraag versturen"))

	b.navigate(bookmark)
	if text := b.mainText(); !strings.Contains(text, "In welke wijken rijdt de bus?") {
		t.Fatalf("the bookmarked link does not show the question: %q", snippet(text, 300))
	}
	b.typeIn("the answer", fieldJS("Je antwoord"), "Winterslag en Waterschei.")
	b.click("the form to change the submission", `[...document.querySelectorAll("summary")].find(s => visible(s) && textOf(s).startsWith("Toon het formulier"))`)
	b.retype("the title", fieldJS("Titel"), "Speelotheek op wielen in Genk")
	b.clickToNavigate("Verstuur je antwoord", buttonJS("Verstuur je antwoord"))
	text := b.mainText()
	if !strings.Contains(text, "Je antwoord is verstuurd") || !strings.Contains(text, "Winterslag en Waterschei.") {
		t.Errorf("after answering, the page does not confirm the answer: %q", snippet(text, 400))
	}
	b.click("the form to change the submission", `[...document.querySelectorAll("summary")].find(s => visible(s) && textOf(s).startsWith("Toon het formulier"))`)
	if got := b.fieldValue("the title", fieldJS("Titel")); got != "Speelotheek op wielen in Genk" {
		t.Errorf("the title changed with the answer is %q", got)
	}

	ed.openInQueue(s, "Speelotheek op wielen in Genk")
	if text := ed.mainText(); !strings.Contains(text, "Winterslag en Waterschei.") {
		t.Errorf("the editor does not see the answer with the changed submission: %q", snippet(text, 400))
	}
}
