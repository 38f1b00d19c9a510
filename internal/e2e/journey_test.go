package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The journey of a citizen: search "kinderopvang", narrow to Genk, open a
// result, come back and drop the filter. Run with JavaScript, without it,
// and by keyboard only.

const (
	journeyQuery = "kinderopvang"
	facetName    = "gemeente" // the facet of the journey, as named in the URL
	facetLabel   = "Genk"     // the term the citizen picks, as labelled on the page
)

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Finders: JavaScript expressions over the page (see tab.find) that locate
// elements the way a person does, by role, label and text.

// searchBoxJS is the visible search box: an input named q in a form that GETs
// the catalogue.
const searchBoxJS = `[...document.querySelectorAll('input[name="q"]')].find(i => visible(i) && i.form &&
	new URL(i.form.action, location.href).pathname === "/praktijken" &&
	(i.form.getAttribute("method") || "get").toLowerCase() === "get")`

// facetBoxJS is the checkbox of the facet whose label is the term (a count
// may follow the term).
func facetBoxJS(facet, label string) string {
	return fmt.Sprintf(`[...document.querySelectorAll('input[type="checkbox"]')].find(i => i.name === %s &&
		[...(i.labels || [])].some(l => textOf(l) === %s || textOf(l).startsWith(%s + " ")))`,
		jsString(facet), jsString(label), jsString(label))
}

// applyButtonJS is the submit button that goes with a facet checkbox: the
// first one in the nearest ancestor of its fieldset that has one.
func applyButtonJS(box string) string {
	return fmt.Sprintf(`(() => {
		const box = %s;
		if (!box) return null;
		for (let el = box.closest("fieldset"); el && el !== box.form?.parentElement; el = el.parentElement) {
			const b = el.querySelector('button:not([type]), button[type="submit"], input[type="submit"]');
			if (b) return b;
		}
		return null;
	})()`, box)
}

// chipJS is the link that removes the one filter facet=value from the
// current search and keeps the search text: a chip.
func chipJS(facet, value, label, q string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("main a[href]")].find(a => {
		const u = pathOf(a);
		return u && u.pathname === "/praktijken" && textOf(a).includes(%s) &&
			!u.searchParams.getAll(%s).includes(%s) && u.searchParams.get("q") === %s;
	})`, jsString(label), jsString(facet), jsString(value), jsString(q))
}

// resultCountJS is the number in the result count ("3 praktijken",
// "1 praktijk"), or -1 when the page shows none.
const resultCountJS = `(() => {
	const el = [...document.querySelectorAll("main *")].find(e => /^\d+ praktijk(en)?$/.test(textOf(e)));
	return el ? parseInt(textOf(el), 10) : -1;
})()`

// resultLinksJS lists the links to practice sheets in the main content.
const resultLinksJS = `[...document.querySelectorAll("main a[href]")]
	.map(a => ({a, u: pathOf(a)}))
	.filter(({u}) => u && u.origin === location.origin && /^\/praktijken\/[^/]+$/.test(u.pathname))
	.map(({a, u}) => ({path: u.pathname, text: textOf(a)}))`

type link struct {
	Path string `json:"path"`
	Text string `json:"text"`
}

func (b *tab) resultCount() int {
	b.t.Helper()
	return query[int](b, "read the result count", resultCountJS)
}

func (b *tab) resultLinks() []link {
	b.t.Helper()
	return query[[]link](b, "list the results", resultLinksJS)
}

func (b *tab) h1() string {
	b.t.Helper()
	return query[string](b, "read the h1", `[...document.querySelectorAll("h1")].map(textOf).join(" | ")`)
}

// url is the current location, parsed.
func (b *tab) url() *url.URL {
	b.t.Helper()
	loc := b.location()
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("location %q: %v", loc, err)
	}
	return u
}

// historyBack goes one step back in the tab's history, as the browser's Back
// button does. It does not wait: use it with navigateBy, which also copes with
// a page restored from the back/forward cache.
func historyBack() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		h, err := cdp.Call(ctx, t, page.GetNavigationHistory, cdp.Empty{})
		if err != nil {
			return err
		}
		if h.CurrentIndex < 1 {
			return errors.New("no page to go back to")
		}
		_, err = cdp.Call(ctx, t, page.NavigateToHistoryEntry, page.NavigateToHistoryEntryParams{EntryID: h.Entries[h.CurrentIndex-1].ID})
		return err
	})
}

// citizenJourney is the journey by mouse and form, which must work with and
// without JavaScript.
func citizenJourney(t *testing.T, b *tab, s *site, shots string) {
	// 1. The home page: type in the search box and press Enter.
	b.navigate(s.URL + "/")
	if shots != "" {
		b.screenshot(shots + "-home")
	}
	b.typeIn("the search box", searchBoxJS, journeyQuery)
	b.navigateBy("press Enter in the search box", chromedp.KeyEvent(kb.Enter))

	u := b.url()
	if u.Path != "/praktijken" || u.Query().Get("q") != journeyQuery {
		t.Fatalf("after the search: at %s, want /praktijken?q=%s", u, journeyQuery)
	}
	all := b.resultCount()
	hits := b.resultLinks()
	if all < 1 || len(hits) < 1 || len(hits) > all {
		t.Fatalf("search %q: result count %d, %d result links; want a count and at least one link", journeyQuery, all, len(hits))
	}
	if shots != "" {
		b.screenshot(shots + "-catalogue")
	}

	// 2. Tick Genk in the municipality facet and apply.
	b.showFacetOptions(facetName)
	boxJS := facetBoxJS(facetName, facetLabel)
	b.waitFor(fmt.Sprintf("the checkbox %q of the facet %q", facetLabel, facetName), boxJS)
	if !query[bool](b, "the facet is a fieldset with a legend",
		fmt.Sprintf(`(() => { const f = (%s).closest("fieldset"); return !!f && !!f.querySelector("legend") && textOf(f.querySelector("legend")) !== ""; })()`, boxJS)) {
		t.Errorf("the checkbox %q is not in a <fieldset> with a <legend>", facetLabel)
	}
	value := query[string](b, "read the checkbox value", "("+boxJS+").value")
	label := "(" + boxJS + ").labels[0]"
	apply := applyButtonJS(boxJS)
	b.waitFor("the submit button of the facets", apply)
	if query[bool](b, "is the apply button shown", "visible("+apply+")") {
		// Without JavaScript (or without auto-apply): tick, then apply.
		t.Logf("the facets have a visible submit button: tick %s, then submit", facetLabel)
		b.click("the label "+facetLabel, label)
		if !query[bool](b, "is the box ticked", "("+boxJS+").checked") {
			t.Fatalf("clicking the label %q did not tick its checkbox", facetLabel)
		}
		b.clickToNavigate("the submit button of the facets", apply)
	} else {
		// The apply button is hidden, so the page must apply the choice
		// by itself.
		t.Logf("the submit button of the facets is hidden: ticking %s must apply it", facetLabel)
		if !b.js {
			t.Fatalf("without JavaScript the submit button of the facets is hidden: the filters cannot be applied")
		}
		b.clickToNavigate("the label "+facetLabel+" (applies by itself)", label)
	}

	u = b.url()
	if u.Path != "/praktijken" || u.Query().Get("q") != journeyQuery || !slices.Contains(u.Query()[facetName], value) {
		t.Fatalf("after the filter: at %s, want q=%s and %s=%s", u, journeyQuery, facetName, value)
	}
	if !query[bool](b, "is the box ticked", "("+boxJS+").checked") {
		t.Errorf("after the filter: the checkbox %q is not ticked", facetLabel)
	}
	chip := chipJS(facetName, value, facetLabel, journeyQuery)
	if !b.has("the chip", chip) {
		t.Errorf("after the filter: no chip (a link that removes %s=%s and keeps q) for %q", facetName, value, facetLabel)
	}
	narrowed := b.resultCount()
	hits = b.resultLinks()
	if narrowed < 1 || narrowed > all || len(hits) < 1 || len(hits) > narrowed {
		t.Fatalf("after the filter: result count %d (was %d), %d result links; want 1 ≤ count ≤ %d", narrowed, all, len(hits), all)
	}

	// 3. Open the first result.
	first := hits[0]
	b.clickToNavigate("the first result", fmt.Sprintf(
		`[...document.querySelectorAll("main a[href]")].find(a => pathOf(a)?.pathname === %s)`, jsString(first.Path)))
	if got := b.url().Path; got != first.Path {
		t.Errorf("after the click on %q: at %s, want %s", first.Text, got, first.Path)
	}
	if h1 := b.h1(); h1 != first.Text {
		t.Errorf("the sheet %s: h1 %q, want the title of the result %q", first.Path, h1, first.Text)
	}
	if shots != "" {
		b.screenshot(shots + "-sheet")
	}

	// 4. Back to the results, and remove the filter with its chip.
	b.navigateBy("go back", historyBack())
	u = b.url()
	if !slices.Contains(u.Query()[facetName], value) {
		t.Fatalf("after going back: at %s, want the filtered catalogue", u)
	}
	b.clickToNavigate("the chip", chip)
	u = b.url()
	if u.Path != "/praktijken" || u.Query().Get("q") != journeyQuery || slices.Contains(u.Query()[facetName], value) {
		t.Errorf("after removing the chip: at %s, want q=%s without %s=%s", u, journeyQuery, facetName, value)
	}
	if b.has("the chip", chip) {
		t.Errorf("after removing the chip: the chip is still there")
	}
	b.showFacetOptions(facetName)
	if query[bool](b, "is the box ticked", "("+boxJS+")?.checked") {
		t.Errorf("after removing the chip: the checkbox %q is still ticked", facetLabel)
	}
	if n := b.resultCount(); n != all {
		t.Errorf("after removing the chip: %d results, want %d as before the filter", n, all)
	}
}

func TestJourneyWithJavaScript(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	b.navigate(s.URL + "/")
	if !b.scriptsRun() {
		t.Fatal("JavaScript does not run in the tab")
	}
	if !query[bool](b, "the page's script ran", `document.documentElement.classList.contains("js")`) {
		t.Error(`the page's script did not run: <html> has no class "js"`)
	}
	citizenJourney(t, b, s, "desktop")
}

func TestJourneyWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browserNoJS(t)
	b.navigate(s.URL + "/")
	if b.scriptsRun() {
		t.Fatal("JavaScript runs in the tab that should have none")
	}
	if query[bool](b, "the page's script ran", `document.documentElement.classList.contains("js")`) {
		t.Fatal("the page's script ran in the tab without JavaScript")
	}
	citizenJourney(t, b, s, "")
}

// keyboardMax bounds the Tab presses in search of an element; a page with
// more stops than this before its first result is a finding in itself.
const keyboardMax = 400

// tabTo presses Tab until the focused element satisfies want, and returns
// the elements it passed, in order, including the one it stopped at.
func (b *tab) tabTo(what string, want func(focusedElement) bool) []focusedElement {
	b.t.Helper()
	var passed []focusedElement
	for range keyboardMax {
		b.pressKey("Tab", kb.Tab)
		f := b.focused()
		passed = append(passed, f)
		if want(f) {
			return passed
		}
	}
	b.t.Fatalf("%d presses of Tab did not reach %s; the first stops: %v", keyboardMax, what, passed[:min(len(passed), 20)])
	return nil
}

// focusVisibleJS tells whether the focused element shows a focus indicator:
// an outline or a box shadow (WCAG 2.4.7).
const focusVisibleJS = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body) return false;
	const s = getComputedStyle(el);
	return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
})()`

func TestJourneyByKeyboard(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	b.navigate(s.URL + "/")

	// The skip link comes first, then the search box is reachable.
	stops := b.tabTo("the search box", func(f focusedElement) bool { return f.Tag == "input" && f.Name == "q" })
	if stops[0].Tag != "a" || stops[0].Text != "Naar de inhoud" {
		t.Errorf("the first Tab stop is %v, want the skip link \"Naar de inhoud\"", stops[0])
	}
	if !query[bool](b, "focus indicator", focusVisibleJS) {
		t.Errorf("the focused search box shows no focus indicator")
	}
	b.pressKey("type the search", journeyQuery)
	b.navigateBy("press Enter", chromedp.KeyEvent(kb.Enter))
	if u := b.url(); u.Path != "/praktijken" || u.Query().Get("q") != journeyQuery {
		t.Fatalf("after Enter: at %s, want /praktijken?q=%s", u, journeyQuery)
	}

	// Tab on to the first result and open it with Enter.
	stops = b.tabTo("a result link", func(f focusedElement) bool {
		u, err := url.Parse(f.Href)
		return f.Tag == "a" && err == nil && isSheetPath(u.Path)
	})
	result := stops[len(stops)-1]
	t.Logf("reached the first result after %d presses of Tab", len(stops))
	if !query[bool](b, "focus indicator", focusVisibleJS) {
		t.Errorf("the focused result link shows no focus indicator")
	}
	b.navigateBy("press Enter on the result", chromedp.KeyEvent(kb.Enter))
	want, _ := url.Parse(result.Href)
	if got := b.url().Path; got != want.Path {
		t.Errorf("after Enter on %v: at %s, want %s", result, got, want.Path)
	}
	if h1 := b.h1(); h1 != result.Text {
		t.Errorf("the sheet: h1 %q, want the title of the result %q", h1, result.Text)
	}
}
