package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// The submitters' form is five steps with a progress list at its top: what a person sees of
// it on a desktop (the list stays in view and marks the step in view) and on a phone (the
// list in the first screen, "Verder naar stap 2" brings the next step into view).

// progressJS is the progress list of the sheet form.
const progressJS = `document.querySelector('nav[aria-label="Stappen van het formulier"]')`

// stepHeadingJS is the heading of step n of the form.
func stepHeadingJS(n int) string {
	return fmt.Sprintf(`[...document.querySelectorAll("main h2")].find(h => textOf(h).startsWith("Stap %d van 5"))`, n)
}

func TestFormProgress(t *testing.T) {
	t.Parallel()
	s := startSite(t)

	b := browser(t)
	b.setViewport(1280, 800, false)
	b.navigate(s.URL + "/indienen")
	p := b.boxOf("the progress list", progressJS)
	if !p.Found || !p.Visible || p.Top < 0 || p.Bottom > 800 {
		t.Fatalf("the progress list is not in the first screen: %+v", p)
	}
	for _, want := range []string{"Over de praktijk", "nog in te vullen", "Gemeenten en contact", "Foto en bijlagen", "niet verplicht", "Controleer en verstuur"} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("the progress list does not say %q: %q", want, p.Text)
		}
	}
	b.click("Gemeenten en contact in the progress list", fmt.Sprintf(`[...(%s).querySelectorAll("a")].find(a => textOf(a).includes("Gemeenten en contact"))`, progressJS))
	b.waitUntil("the third step in view", fmt.Sprintf(`(() => { %s const h = %s; const r = h.getBoundingClientRect(); return r.top > -2 && r.top < 400; })()`, domPrelude, stepHeadingJS(3)))
	p = b.boxOf("the progress list", progressJS)
	h := b.boxOf("the heading of step 3", stepHeadingJS(3))
	if !p.Visible || p.Top < -2 || p.Top > 1 {
		t.Errorf("after the jump the progress list is not at the top of the window: %+v", p)
	}
	if !h.Visible || h.Top < p.Bottom-2 || h.Bottom > 800 {
		t.Errorf("the heading of step 3 is covered by the progress list or out of view: heading %+v, list %+v", h, p)
	}
	b.waitUntil("step 3 marked", fmt.Sprintf(`(() => { %s const a = [...(%s).querySelectorAll("a")]; return getComputedStyle(a[2]).backgroundColor !== getComputedStyle(a[0]).backgroundColor; })()`, domPrelude, progressJS))

	// The steps keep what was typed: one form, one save.
	b.typeIn("the municipality of variant 1", fieldInJS("Variant 1", "Gemeente"), "Genk")
	b.click("Over de praktijk in the progress list", fmt.Sprintf(`[...(%s).querySelectorAll("a")].find(a => textOf(a).includes("Over de praktijk"))`, progressJS))
	b.typeIn("the title", fieldJS("Titel"), "Speelstraten")
	if got := b.fieldValue("the municipality of variant 1", fieldInJS("Variant 1", "Gemeente")); got != "Genk" {
		t.Errorf("after going back to step 1 the municipality of step 3 holds %q", got)
	}

	phone := browserNoJS(t)
	phone.setViewport(phoneWidth, phoneHeight, true)
	phone.navigate(s.URL + "/indienen")
	if p := phone.boxOf("the progress list", progressJS); !p.Visible || p.Top > phoneHeight || p.Top < 0 {
		t.Errorf("on a phone the progress list does not start in the first screen: %+v", p)
	}
	phone.click("Verder naar stap 2", `[...document.querySelectorAll("main a")].find(a => textOf(a).startsWith("Verder naar stap 2"))`)
	phone.waitUntil("step 2 in view", fmt.Sprintf(`(() => { %s const h = %s; const r = h.getBoundingClientRect(); return r.top > -2 && r.top < 200; })()`, domPrelude, stepHeadingJS(2)))
	if h := phone.boxOf("the heading of step 2", stepHeadingJS(2)); !strings.Contains(h.Text, "Doelen en doelgroep") {
		t.Errorf("step 2 is headed %q", h.Text)
	}
}
