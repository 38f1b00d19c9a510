package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// What a citizen reads on a phone and on paper: labels and titles whose words stay whole, a
// sort choice that is not cut, a way back from a sheet to the search, and a printout without
// repeats or dead ends.

// brokenWordsJS lists the places where the text of the element el breaks to a new line inside
// a word without a hyphen: the last letters before the break and the first after it.
const brokenWordsJS = `((el) => {
	const out = [];
	const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
	let prev = null; // {node, i, top}
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const t = n.data;
		for (let i = 0; i < t.length; i++) {
			const r = document.createRange();
			r.setStart(n, i); r.setEnd(n, i + 1);
			// The last box: a letter after a hyphenated break also reports the hyphen's box.
			const rects = [...r.getClientRects()].filter(x => x.width > 0);
			if (!rects.length) continue;
			const top = Math.round(rects[rects.length - 1].top);
			if (prev && top > prev.top + 2) {
				const before = prev.node.data[prev.i], at = t[i];
				const between = prev.node === n ? t.slice(prev.i + 1, i) : " ";
				if (!/\s/.test(before) && !/\s/.test(at) && !/[\s\u00ad]/.test(between) && before !== "-" && before !== "\u00ad") {
					out.push(prev.node.data.slice(Math.max(0, prev.i - 8), prev.i + 1) + "|" + t.slice(i, i + 8));
				}
			}
			prev = {node: n, i, top};
		}
	}
	return out;
})`

func TestWordsStayWholeOnPhone(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	b.setViewport(phoneWidth, phoneHeight, true)
	checks := []struct{ path, what, finder string }{
		{longSheet, "the title", `document.querySelector("main h1")`},
		{"/toegankelijkheid", "the title", `document.querySelector("main h1")`},
		{"/praktijken/hefboom-in-partnerschap", "the labels of the material", `[...document.querySelectorAll("main dt")].filter(dt => /^(Door|Voor) wie/.test(textOf(dt)))`},
	}
	for _, c := range checks {
		b.navigate(s.URL + c.path)
		n := query[int](b, "count "+c.what, fmt.Sprintf("[].concat(%s).filter(Boolean).length", c.finder))
		if n == 0 {
			t.Errorf("%s: %s not found", c.path, c.what)
			continue
		}
		broken := query[[]string](b, "the words of "+c.what, fmt.Sprintf("[].concat(%s).flatMap(%s)", c.finder, brokenWordsJS))
		if len(broken) > 0 {
			t.Errorf("%s at %d px: %s break inside a word without a hyphen: %q", c.path, phoneWidth, c.what, broken)
		}
		if o := b.horizontalOverflow(); o.Over > 0 {
			t.Errorf("%s at %d px: the page is %d px too wide: %v", c.path, phoneWidth, o.Over, o.Culprits)
		}
	}
}

// The sort choice shows its whole label on a phone: the select is as wide as its longest
// option needs.
func TestSortChoiceWholeOnPhone(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	b.setViewport(phoneWidth, phoneHeight, true)
	for _, p := range []string{"/praktijken", "/praktijken?q=opvang"} {
		b.navigate(s.URL + p)
		const sel = `document.querySelector("main select")`
		widths := query[[]float64](b, "the widths of the sort choice", `(() => {
			const sel = `+sel+`;
			const free = sel.cloneNode(true);
			free.style.cssText = "position:absolute; left:0; top:0; width:auto; max-width:none; min-width:0; flex:none";
			sel.after(free);
			const need = free.getBoundingClientRect().width;
			free.remove();
			return [sel.getBoundingClientRect().width, need];
		})()`)
		if widths[0]+0.5 < widths[1] {
			t.Errorf("%s at %d px: the sort choice is %.0f px wide, its label needs %.0f px", p, phoneWidth, widths[0], widths[1])
		}
		if o := b.horizontalOverflow(); o.Over > 0 {
			t.Errorf("%s at %d px: the page is %d px too wide: %v", p, phoneWidth, o.Over, o.Culprits)
		}
	}
}

// Without JavaScript, a reader goes from a search to a sheet and back to the same search.
func TestBackToSearchResultsWithoutJS(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browserNoJS(t)
	b.setViewport(phoneWidth, phoneHeight, true)
	const search = "/praktijken?q=opvang&gemeente=genk"
	b.navigate(s.URL + search)
	title := query[string](b, "the first result", "textOf("+firstResultJS+")")
	b.clickToNavigate("the first result", firstResultJS)
	if got := strings.ReplaceAll(query[string](b, "the title", `textOf(document.querySelector("main h1"))`), "\u00ad", ""); got != title {
		t.Fatalf("the result %q opened %q", title, got)
	}
	back := `[...document.querySelectorAll("main a")].find(a => visible(a) && /^(← )?Terug naar je zoekresultaten$/.test(textOf(a)))`
	b.clickToNavigate("Terug naar je zoekresultaten", back)
	if got := b.url().RequestURI(); got != search {
		t.Errorf("„Terug naar je zoekresultaten” leads to %s, want %s", got, search)
	}
	if q := query[string](b, "the search box", `document.querySelector("main input[type=search][name=q]").value`); q != "opvang" {
		t.Errorf("back at the results the search box holds %q", q)
	}
	if !b.has("Genk chosen", `[...document.querySelectorAll("main a")].find(a => visible(a) && /Gemeente: Genk/.test(textOf(a)))`) {
		t.Error("back at the results the filter Genk is gone")
	}
}

// A printed sheet holds no repeated contacts, no invitation to fill in a contact and no
// links without an address; an item of material is headed smaller than its section.
func TestSheetPrintLeavesOutRepeats(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	b.setViewport(794, 1123, false) // A4 at 96 dpi
	b.call("emulate print", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	for _, p := range s.sheetPaths(t) {
		b.navigate(s.URL + p)
		for _, text := range []string{"link niet beschikbaar", "nog geen contactpersoon"} {
			if b.has(text, fmt.Sprintf(`[...document.querySelectorAll("main *")].find(e => visible(e) && e.children.length === 0 && textOf(e).includes(%s))`, jsString(text))) {
				t.Errorf("%s printed: %q is printed", p, text)
			}
		}
		// Every e-mail address is printed once: in the variant, not again in a list at the top.
		twice := query[[]string](b, "the printed addresses", `(() => {
			const seen = {}, twice = [];
			for (const a of document.querySelectorAll("main a[href^='mailto:']")) {
				if (!visible(a)) continue;
				const href = a.getAttribute("href");
				if (seen[href]) twice.push(href);
				seen[href] = true;
			}
			return twice;
		})()`)
		if len(twice) > 0 {
			t.Errorf("%s printed: addresses printed twice: %q", p, twice)
		}
		sizes := query[[]string](b, "the heading sizes", `(() => {
			const out = [];
			for (const h2 of document.querySelectorAll("main h2")) {
				const sec = h2.closest("section");
				if (!sec || !visible(h2)) continue;
				const size = parseFloat(getComputedStyle(h2).fontSize);
				for (const h of sec.querySelectorAll("h3, h4")) {
					if (visible(h) && parseFloat(getComputedStyle(h).fontSize) >= size) out.push(textOf(h) + " under " + textOf(h2));
				}
			}
			return out;
		})()`)
		if len(sizes) > 0 {
			t.Errorf("%s printed: headings as large as their section's: %q", p, sizes)
		}
	}
}
