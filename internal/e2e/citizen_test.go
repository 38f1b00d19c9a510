package e2e

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/generate"
)

// What a citizen perceives on the catalogue, measured in the browser: what is on the first
// screen of a phone, what is visible after typing, where the focus is, how many Tabs a
// result takes. Each check runs on the seeds and on a catalogue of 600 generated sheets.

// phoneWidth and phoneHeight are a small phone's viewport, in CSS pixels.
const phoneWidth, phoneHeight = 375, 667

// generatedSheets is the size of the larger catalogue of these tests.
const generatedSheets = 600

// addGenerated adds n generated sheets to the site's catalogue, as `praktijkbank generate`
// does.
func (s *site) addGenerated(t testing.TB, n int) {
	t.Helper()
	ctx := context.Background()
	rows, _, err := app.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	g, err := generate.New(generate.Options{Seed: 9, Municipalities: generate.Municipalities(rows)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.PrepareTerms(ctx, generate.Vocabulary()); err != nil {
		t.Fatal(err)
	}
	slugs := generate.NewSlugSet()
	for from := 0; from < n; from += 200 {
		if _, err := s.st.SaveGenerated(ctx, g.Batch(from, min(200, n-from), slugs), "generate"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.st.RefreshSearchWords(ctx); err != nil {
		t.Fatal(err)
	}
}

// catalogues are the two sizes every citizen check runs on.
func catalogues(t *testing.T, check func(t *testing.T, s *site)) {
	t.Run("seeds", func(t *testing.T) {
		t.Parallel()
		check(t, startSite(t))
	})
	t.Run(strconv.Itoa(generatedSheets)+" sheets", func(t *testing.T) {
		t.Parallel()
		s := startSite(t)
		s.addGenerated(t, generatedSheets)
		check(t, s)
	})
}

// box is an element's bounding box on screen, and whether it is visible at all.
type box struct {
	Found   bool    `json:"found"`
	Visible bool    `json:"visible"`
	Top     float64 `json:"top"`
	Bottom  float64 `json:"bottom"`
	Text    string  `json:"text"`
}

func (b *tab) boxOf(what, finder string) box {
	b.t.Helper()
	return query[box](b, "measure "+what, fmt.Sprintf(`(() => {
		const el = (%s);
		if (!el) return {found: false};
		const r = el.getBoundingClientRect();
		return {found: true, visible: visible(el) && r.width > 0 && r.height > 0, top: r.top, bottom: r.bottom, text: textOf(el)};
	})()`, finder))
}

// resultCountElJS is the element that shows the result count.
const resultCountElJS = `[...document.querySelectorAll("main *")].find(e => /^\d+ praktijk(en)?$/.test(textOf(e)))`

// firstResultJS is the title link of the first result.
const firstResultJS = `[...document.querySelectorAll("main a[href]")].find(a => {
	const u = pathOf(a); return u && /^\/praktijken\/[^/]+$/.test(u.pathname) && visible(a); })`

// showFacetOptions opens what hides the options of a facet: the filters on a narrow
// screen, and the facet's "Toon alle" disclosure.
func (b *tab) showFacetOptions(facet string) {
	b.t.Helper()
	fieldset := fmt.Sprintf(`document.querySelector('input[type="checkbox"][name=%s]')?.closest("fieldset")`, jsString(facet))
	filters := fmt.Sprintf(`(%s)?.closest("details")`, fieldset)
	if b.has("hidden filters", fmt.Sprintf(`(() => { const f = %s; return f && !f.checkVisibility(); })()`, fieldset)) {
		b.click("the filters control", fmt.Sprintf(`(%s).querySelector("summary")`, filters))
	}
	more := fmt.Sprintf(`[...(%s).querySelectorAll("details")].find(d => textOf(d.querySelector("summary")).startsWith("Toon alle"))`, fieldset)
	if b.has("a closed 'Toon alle'", fmt.Sprintf(`(() => { const d = %s; return d && !d.open; })()`, more)) {
		b.click("Toon alle", fmt.Sprintf(`(%s).querySelector("summary")`, more))
	}
}

func TestCatalogFirstScreenOnPhone(t *testing.T) {
	t.Parallel()
	catalogues(t, func(t *testing.T, s *site) {
		for _, js := range []bool{true, false} {
			b := openTab(t, js)
			b.setViewport(phoneWidth, phoneHeight, true)
			b.navigate(s.URL + "/praktijken?q=" + journeyQuery)
			count := b.boxOf("the result count", resultCountElJS)
			first := b.boxOf("the first result", firstResultJS)
			if !count.Found || !count.Visible || count.Bottom > phoneHeight {
				t.Errorf("JavaScript %v: the result count is not on the first screen of %d px: %+v", js, phoneHeight, count)
			}
			if !first.Found || !first.Visible || first.Bottom > phoneHeight {
				t.Errorf("JavaScript %v: the first result's title is not on the first screen of %d px: %+v", js, phoneHeight, first)
			}
		}
	})
}

func TestFacetNarrowingHidesOptions(t *testing.T) {
	t.Parallel()
	catalogues(t, func(t *testing.T, s *site) {
		b := browser(t)
		b.setViewport(phoneWidth, phoneHeight, true)
		b.navigate(s.URL + "/praktijken")
		b.showFacetOptions(facetName)
		narrow := `[...document.querySelectorAll('input[type="search"]')].find(i => visible(i) && i.labels?.length && /gemeente/i.test(textOf(i.labels[0])))`
		b.typeIn("the municipality narrowing box", narrow, "gent")
		type seen struct {
			Visible []string `json:"visible"`
			Hidden  int      `json:"hidden"`
		}
		got := query[seen](b, "the municipality options", `(() => {
			const out = {visible: [], hidden: 0};
			for (const box of document.querySelectorAll('input[type="checkbox"][name="gemeente"]')) {
				const li = box.closest("li");
				const r = li.getBoundingClientRect();
				if (visible(li) && r.height > 0) out.visible.push(textOf(li)); else out.hidden++;
			}
			return out;
		})()`)
		if len(got.Visible) == 0 && !b.has("the message that nothing matches",
			`[...document.querySelectorAll("fieldset p")].find(p => visible(p) && /Geen keuze/.test(textOf(p)))`) {
			t.Errorf("after typing \"gent\" no municipality is visible (%d hidden), and no message says so", got.Hidden)
		}
		if got.Hidden == 0 {
			t.Errorf("after typing \"gent\" no municipality is hidden")
		}
		for _, v := range got.Visible {
			if !strings.Contains(strings.ToLower(v), "gent") {
				t.Errorf("after typing \"gent\" the option %q is still visible", v)
			}
		}
	})
}

// statusCountJS is the number the status region (role=status) announces, or -1.
const statusCountJS = `(() => {
	const el = document.querySelector('[role="status"], [aria-live="polite"]');
	const m = el && textOf(el).match(/(\d+) praktijk/);
	return m ? parseInt(m[1], 10) : -1;
})()`

func TestFacetToggleByKeyboardKeepsFocus(t *testing.T) {
	t.Parallel()
	catalogues(t, func(t *testing.T, s *site) {
		b := browser(t)
		b.setViewport(phoneWidth, phoneHeight, true)
		b.navigate(s.URL + "/praktijken")
		before := b.resultCount()
		// The first option of the municipality facet with fewer results than the page has.
		b.showFacetOptions(facetName)
		pick := `[...document.querySelectorAll('input[type="checkbox"][name="gemeente"]')].find(i => visible(i) && !i.checked)`
		id := query[string](b, "the option's id", "("+pick+").id")
		evalJS[bool](b, "focus the option", fmt.Sprintf(`(document.getElementById(%s).focus(), true)`, jsString(id)))
		b.navigateBy("press Space on the option", chromedp.KeyEvent(" "))
		b.waitUntil("the count is announced", fmt.Sprintf(`(() => { %s return %s >= 0; })()`, domPrelude, statusCountJS))
		if f := b.focused(); f.ID != id {
			t.Errorf("after ticking %s by keyboard the focus is on %v, want the checkbox", id, f)
		}
		if !query[bool](b, "is it ticked", fmt.Sprintf(`document.getElementById(%s).checked`, jsString(id))) {
			t.Errorf("the option %s is not ticked after Space", id)
		}
		after := query[int](b, "the announced count", statusCountJS)
		if after == before || after != b.resultCount() {
			t.Errorf("the announced count is %d; before %d, shown now %d", after, before, b.resultCount())
		}
		if box := b.boxOf("the focused checkbox", `document.activeElement`); !box.Visible || box.Top < 0 || box.Bottom > phoneHeight {
			t.Errorf("the focused checkbox is not on screen: %+v", box)
		}
	})
}

func TestFirstResultWithinFiveTabs(t *testing.T) {
	t.Parallel()
	catalogues(t, func(t *testing.T, s *site) {
		for _, width := range []int64{phoneWidth, 1280} {
			b := browser(t)
			b.setViewport(width, phoneHeight, width == phoneWidth)
			b.navigate(s.URL + "/praktijken?q=" + journeyQuery)
			evalJS[bool](b, "focus the search box", `(document.getElementById("q").focus(), true)`)
			var stops []string
			reached := false
			for range 5 {
				b.pressKey("Tab", kb.Tab)
				f := b.focused()
				stops = append(stops, f.String())
				if f.Tag == "a" && isSheetPath(f.Href) {
					reached = true
					break
				}
				if f.Tag == "a" && strings.HasPrefix(f.Href, "#") && f.Text != "" && strings.Contains(f.Text, "resultaten") {
					// A skip link: follow it, as a keyboard user does.
					b.pressKey("Enter", kb.Enter)
				}
			}
			if !reached {
				t.Errorf("%d px: five Tabs from the search box do not reach the first result: %v", width, stops)
			}
		}
	})
}

func TestNoSidewaysScrollAt320(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	paths := []string{"/", "/praktijken", "/praktijken?q=" + journeyQuery + "&gemeente=genk", "/praktijken?q=zzqxj",
		"/praktijken?gemeente=onbekend", "/gemeenten", "/gemeenten/genk", "/gemeenten?q=ge"}
	for _, js := range []bool{true, false} {
		b := openTab(t, js)
		b.setViewport(320, 640, true)
		for _, p := range paths {
			b.navigate(s.URL + p)
			if o := b.horizontalOverflow(); o.Over > 0 || o.Viewport != 320 {
				t.Errorf("JavaScript %v, %s: %d px wide at 320 px; sticking out: %v", js, p, o.ScrollWidth, o.Culprits)
			}
		}
	}
}

func TestCatalogEdgeStates(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	status, _, body := s.fetch(t, "/praktijken?q="+journeyQuery+"&pagina=99")
	if status != http.StatusOK || !strings.Contains(string(body), "Deze pagina bestaat niet") ||
		!strings.Contains(string(body), `href="/praktijken?q=`+journeyQuery+`">Ga naar de resultaten`) || strings.Contains(string(body), "1961") {
		t.Errorf("a page past the end of one page of results: %d, does not say so and link the results", status)
	}
	_, _, body = s.fetch(t, "/praktijken?gemeente=onbekend")
	if !strings.Contains(string(body), "De filter ‘onbekend’ bestaat niet (meer)") {
		t.Errorf("an unknown filter value is not named in a notice")
	}
	_, _, body = s.fetch(t, "/praktijken?q=zzqxj")
	if strings.Contains(string(body), "filter") && strings.Contains(string(body), "zonder de filter") {
		t.Errorf("the empty state without filters suggests removing filters")
	}
	_, _, body = s.fetch(t, "/praktijken?q=opvang+-kinderopvang")
	if strings.Contains(string(body), "Bedoelde je") {
		t.Errorf("\"Bedoelde je\" for a query in search syntax")
	}
	for _, p := range []string{"/", "/praktijken", "/gemeenten", "/favicon.ico"} {
		if status, _, _ := s.request(t, http.MethodHead, p, nil, ""); status != http.StatusOK {
			t.Errorf("HEAD %s: %d, want 200", p, status)
		}
	}
}

// A result shows why it matched: the query word marked in its title or snippet (also inside
// a longer word), and its facts.
func TestResultShowsWhyItMatched(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	for _, q := range []string{"opvang", "Genk", journeyQuery} {
		b.navigate(s.URL + "/praktijken?q=" + q)
		type hit struct {
			Marks []string `json:"marks"`
			Text  string   `json:"text"`
		}
		hits := query[[]hit](b, "the results", `[...document.querySelectorAll("main ol li")].filter(li => li.querySelector("h3 a")).map(li => ({
			marks: [...li.querySelectorAll("mark")].filter(visible).map(textOf), text: textOf(li)}))`)
		if len(hits) == 0 {
			t.Fatalf("%s: no results", q)
		}
		for _, h := range hits {
			ok := false
			for _, m := range h.Marks {
				if strings.Contains(strings.ToLower(m), strings.ToLower(q)) {
					ok = true
				}
			}
			if !ok && !strings.Contains(h.Text, "zoekwoorden staan verder in de tekst") {
				t.Errorf("%s: a result marks no word with %q: marks %v in %q", q, q, h.Marks, h.Text)
			}
			if !regexp.MustCompile(`(Opgenomen op|Laatst gewijzigd op) \d+ \w+ \d{4}`).MatchString(h.Text) {
				t.Errorf("%s: a result shows no date: %q", q, h.Text)
			}
		}
	}
}
