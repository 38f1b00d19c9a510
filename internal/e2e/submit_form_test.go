package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/praktijkbank/praktijkbank/internal/upload/uploadtest"
)

// On a phone the lists of terms of the submission form are shown whole: no box of its own to
// scroll, whose lower terms a person would not see.
func TestSubmitFormTermListsWhole(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browserNoJS(t)
	b.setViewport(phoneWidth, phoneHeight, true)
	b.navigate(s.URL + "/indienen")
	type list struct {
		Name     string `json:"name"`
		Scroll   int    `json:"scroll"`
		Client   int    `json:"client"`
		Overflow string `json:"overflow"`
	}
	lists := query[[]list](b, "measure the term lists", `[...document.querySelectorAll("ul.choice-list")].map(ul => ({
		name: textOf(ul.closest("fieldset").querySelector("legend")), scroll: ul.scrollHeight, client: ul.clientHeight,
		overflow: getComputedStyle(ul).overflowY}))`)
	if len(lists) < 3 {
		t.Fatalf("the form shows %d lists of terms, want category, goal, target group and policy domain", len(lists))
	}
	for _, l := range lists {
		if l.Scroll > l.Client+1 || l.Overflow == "auto" || l.Overflow == "scroll" {
			t.Errorf("the list %q scrolls inside the page (%d px of %d shown, overflow %s)", l.Name, l.Client, l.Scroll, l.Overflow)
		}
	}
	t.Logf("the submission form is %d px tall at %d px", query[int](b, "the page's height", `document.documentElement.scrollHeight`), phoneWidth)
}

// On a phone the first field of the form, the title, is in the first screen, under the
// steps; the notes on formatting and privacy stand where they apply (by the description, under
// "Over jou"), not above the form.
func TestSubmitFormTitleInFirstScreen(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	for _, js := range []bool{false, true} {
		b := openTab(t, js)
		b.setViewport(phoneWidth, phoneHeight, true)
		b.navigate(s.URL + "/indienen")
		title := b.boxOf("the title field", fieldJS("Titel"))
		t.Logf("script %v: the title field spans %.0f to %.0f px of a %d px screen", js, title.Top, title.Bottom, phoneHeight)
		if !title.Visible || title.Top < 0 || title.Bottom > phoneHeight {
			t.Errorf("script %v: the title field is not in the first screen of %d px: %+v", js, phoneHeight, title)
		}
		if p := b.boxOf("the progress list", progressJS); !p.Visible || p.Bottom > title.Top {
			t.Errorf("script %v: the steps are not above the title: steps %+v, title %+v", js, p, title)
		}
		// Step 1 is headed once: no group heading between the step's heading and the title.
		headings := query[[]string](b, "the headings above the title", fmt.Sprintf(`(() => {
			const title = (%s);
			return [...document.querySelectorAll("main h1, main h2, main h3, main legend")]
				.filter(h => visible(h) && h.getBoundingClientRect().height > 2 &&
					(h.compareDocumentPosition(title) & Node.DOCUMENT_POSITION_FOLLOWING))
				.map(textOf);
		})()`, fieldJS("Titel")))
		if got := strings.Join(headings, " | "); got != "Praktijk indienen | Stap 1 van 5 Over de praktijk" {
			t.Errorf("script %v: the headings above the title are %q", js, got)
		}
		format := b.boxOf("the note on formatting", `[...document.querySelectorAll("main p")].find(p => textOf(p).startsWith("Opmaak"))`)
		description := b.boxOf("the description field", fieldJS("Beschrijving"))
		if !format.Found || format.Top < description.Top-300 || format.Top > description.Bottom {
			t.Errorf("script %v: the note on formatting is not by the description: note %+v, description %+v", js, format, description)
		}
		if !query[bool](b, "is the privacy note under Over jou", `[...document.querySelectorAll("fieldset")].some(f => f.querySelector("legend") &&
			textOf(f.querySelector("legend")) === "Over jou" && !!f.querySelector('a[href="/privacy"]'))`) {
			t.Errorf("script %v: the privacy note is not in the part „Over jou”", js)
		}
	}
}

// "Bewaar als klad" ends every step, without the script too: a person who filled in the first
// step saves it there and finds on the private page everything typed, in every step.
func TestSubmitFormDraftAtEveryStep(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browserNoJS(t)
	b.setViewport(phoneWidth, phoneHeight, true)
	b.navigate(s.URL + "/indienen")
	steps := query[[]string](b, "the last button of each step", `[...document.querySelectorAll("main section")]
		.filter(sec => /^Stap \d van 5/.test(textOf(sec.querySelector("h2") || sec)))
		.map(sec => { const bs = [...sec.querySelectorAll("button")].filter(visible); return bs.length ? textOf(bs[bs.length - 1]) : ""; })`)
	if len(steps) != 5 {
		t.Fatalf("found %d steps, want 5: %q", len(steps), steps)
	}
	for i, last := range steps {
		if last != "Bewaar als klad" {
			t.Errorf("step %d does not end with „Bewaar als klad”: its last button is %q", i+1, last)
		}
	}
	b.typeIn("the title", fieldJS("Titel"), "Buurtsport na school")
	b.typeIn("the intro", fieldJS("Korte inleiding"), "Sporten in de buurt, na de schooluren.")
	b.typeIn("the municipality of variant 1", fieldInJS("Variant 1", "Gemeente"), "Genk")
	b.typeIn("the e-mail address", fieldJS("Je e-mailadres"), "an@genk.be")
	step1 := `[...document.querySelectorAll("main section")].find(sec => textOf(sec.querySelector("h2") || sec).startsWith("Stap 1 van 5"))`
	button := fmt.Sprintf(`[...(%s).querySelectorAll("button")].find(b => visible(b) && textOf(b) === "Bewaar als klad")`, step1)
	b.click("the title again", fieldJS("Titel"))
	b.clickToNavigate("Bewaar als klad at the end of step 1", button)
	if !privatePath.MatchString(b.url().Path) {
		t.Fatalf("after „Bewaar als klad” in step 1: at %s, want the private page", b.location())
	}
	if text := b.mainText(); !strings.Contains(text, "klad") {
		t.Errorf("the private page does not say the draft was saved: %q", snippet(text, 300))
	}
	for what, want := range map[string][2]string{
		"the title":                     {fieldJS("Titel"), "Buurtsport na school"},
		"the intro":                     {fieldJS("Korte inleiding"), "Sporten in de buurt, na de schooluren."},
		"the municipality of variant 1": {fieldInJS("Variant 1", "Gemeente"), "Genk"},
		"the e-mail address":            {fieldJS("Je e-mailadres"), "an@genk.be"},
	} {
		if got := b.fieldValue(what, want[0]); got != want[1] {
			t.Errorf("after saving the draft %s holds %q, want %q", what, got, want[1])
		}
	}
}

// The photo field speaks Dutch: with the script a button „Kies een foto…” and a status that
// names the chosen file; the input keeps the keyboard focus. Without the script the browser's
// own control shows, with its label.
func TestSubmitFormPhotoFieldInDutch(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	b.setViewport(phoneWidth, phoneHeight, true)
	b.navigate(s.URL + "/indienen")
	b.click("Een foto toevoegen", `[...document.querySelectorAll("main summary")].find(el => textOf(el) === "Een foto toevoegen")`)
	label := `[...document.querySelectorAll("main label")].find(l => visible(l) && textOf(l) === "Kies een foto…")`
	status := `[...document.querySelectorAll("main p")].find(p => visible(p) && (textOf(p).startsWith("Nog geen foto") || textOf(p).startsWith("Gekozen:")))`
	if l := b.boxOf("the button Kies een foto…", label); !l.Visible || l.Bottom-l.Top < 40 {
		t.Errorf("no button „Kies een foto…” of at least 40 px high: %+v", l)
	}
	if st := b.boxOf("the photo's status", status); !st.Visible || st.Text != "Nog geen foto gekozen" {
		t.Errorf("the photo's status says %+v, want „Nog geen foto gekozen”", st)
	}
	// The browser's own control (in the browser's language) is out of sight.
	if w := query[float64](b, "the width of the file input", `document.querySelector('main input[type=file]').getBoundingClientRect().width`); w > 2 {
		t.Errorf("the browser's file control is shown (%.0f px wide)", w)
	}
	// The keyboard reaches the input from the disclosure just opened, and the button shows
	// that the input has the focus.
	tabbed := b.tabTo("the photo input", func(f focusedElement) bool { return f.Type == "file" })
	if f := tabbed[len(tabbed)-1]; f.Type != "file" {
		t.Fatalf("Tab does not reach the photo input: %v", tabbed)
	}
	if outline := query[string](b, "the outline of the button", "getComputedStyle("+label+").outlineStyle"); outline == "none" {
		t.Errorf("the button „Kies een foto…” shows no focus while the input has it")
	}
	photo := filepath.Join(t.TempDir(), "speelplein.png")
	if err := os.WriteFile(photo, uploadtest.BlackPNG(40, 30, 8), 0o600); err != nil {
		t.Fatal(err)
	}
	b.do("choose the photo", chromedp.SetUploadFiles(chromedp.CSS(`form.sheet-form input[type=file][name=foto]`), []string{photo}))
	b.waitUntil("the status names the file", fmt.Sprintf(`(() => { %s const p = (%s); return !!p && textOf(p) === "Gekozen: speelplein.png"; })()`, domPrelude, status))

	plain := browserNoJS(t)
	plain.setViewport(phoneWidth, phoneHeight, true)
	plain.navigate(s.URL + "/indienen")
	plain.click("Een foto toevoegen", `[...document.querySelectorAll("main summary")].find(el => textOf(el) === "Een foto toevoegen")`)
	if w := query[float64](plain, "the width of the file input", `document.querySelector('main input[type=file]').getBoundingClientRect().width`); w < 40 {
		t.Errorf("without the script the file control is out of sight (%.0f px wide)", w)
	}
	if plain.has("a status of the photo", status) {
		t.Errorf("without the script a status shows that would not follow the choice")
	}
}

// TestSubmitterScreenshots photographs the submitters' pages beside /indienen (which
// TestScreenshots takes): a change request, a draft's private page with its form, a private
// page with an editor's question, and the form with errors and a photo field opened.
func TestSubmitterScreenshots(t *testing.T) {
	if os.Getenv("E2E_SHOTS") == "" {
		t.Skip("E2E_SHOTS is not set: run `make screenshots`")
	}
	t.Parallel()
	s := startSite(t)
	f := s.makeFixtures(t)
	pages := []checkedPage{
		{Name: "change-request", Path: "/praktijken/" + f.OtherSlug + "/wijzigen", Status: http.StatusOK},
		{Name: "private-draft", Path: "/indiening/" + f.DraftToken, Status: http.StatusOK},
		{Name: "private-question", Path: "/indiening/" + f.QuestionTok, Status: http.StatusOK},
	}
	for _, width := range []int64{phoneWidth, 1280} {
		b := browser(t)
		b.setViewport(width, 800, width == phoneWidth)
		for _, p := range pages {
			b.open(s, p, "")
			b.screenshot(strconv.FormatInt(width, 10) + "-submitter-" + p.Name)
		}
		b.navigate(s.URL + "/indienen")
		b.click("Een foto toevoegen", `[...document.querySelectorAll("main summary")].find(el => textOf(el) === "Een foto toevoegen")`)
		b.screenshot(strconv.FormatInt(width, 10) + "-submitter-photo-open")
	}
}
