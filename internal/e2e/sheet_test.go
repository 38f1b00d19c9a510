package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/praktijkbank/praktijkbank/internal/store"
)

// What a reader perceives on a sheet page, measured in the browser: where the contact is on a
// phone, where a municipality link of the facts box takes them, what the actions do and what
// a printout holds.

// longSheet is the seed with the most local variants.
const longSheet = "/praktijken/opvoedingsondersteuning-voor-anderstalige-ouders-met-jonge-kinderen"

// contactBlockJS is the contact block: the section headed "Contact".
const contactBlockJS = `[...document.querySelectorAll("main h2")].find(h => textOf(h) === "Contact")?.closest("section")`

func TestSheetContactWithinTwoScreens(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	sheets := s.sheetPaths(t)
	for _, js := range []bool{true, false} {
		b := openTab(t, js)
		b.setViewport(phoneWidth, phoneHeight, true)
		for _, p := range sheets {
			b.navigate(s.URL + p)
			c := b.boxOf("the contact block", contactBlockJS)
			if !c.Found || !c.Visible || c.Top > 2*phoneHeight {
				t.Errorf("JavaScript %v, %s: the contact block is not within the first two screens of %d px: %+v", js, p, phoneHeight, c)
			}
		}
	}
}

// variantBox measures the local variant that the page's address points at (its anchor, or
// the municipality's name in its heading).
const variantOfHashJS = `(() => { const t = document.getElementById(decodeURIComponent(location.hash.slice(1))); return t && t.closest(".variant"); })()`

func TestFactsMunicipalityLinkScrollsToVariant(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browser(t)
	b.setViewport(phoneWidth, phoneHeight, true)
	// Mol has a variant of its own after the one that names it first; Dessel is named only
	// inside the variant of Balen; Vilvoorde is the last variant.
	for _, name := range []string{"Mol", "Dessel", "Vilvoorde", "Aalst"} {
		b.navigate(s.URL + longSheet)
		link := fmt.Sprintf(`[...document.querySelectorAll("main dl a")].find(a => textOf(a) === %s)`, jsString(name))
		if href := query[string](b, "the link of "+name, "("+link+")?.getAttribute('href') || ''"); !strings.HasPrefix(href, "#gemeente-") {
			t.Errorf("%s in the facts box links to %q, not to a variant on the page", name, href)
			continue
		}
		b.click(name+" in the facts box", link)
		b.waitUntil("the page scrolled to "+name, fmt.Sprintf(`(() => { %s const v = %s; return !!v && Math.abs(v.getBoundingClientRect().top) < 60; })()`, domPrelude, variantOfHashJS))
		v := b.boxOf("the variant of "+name, variantOfHashJS)
		if !v.Found || !v.Visible || v.Top < -30 || v.Top > 48 {
			t.Errorf("after clicking %s the variant's top is at %.0f px (want near the top of the screen): %+v", name, v.Top, v)
		}
		heading := query[string](b, "the variant's heading", "textOf(("+variantOfHashJS+").querySelector('h3'))")
		if !strings.Contains(heading, name) {
			t.Errorf("clicking %s shows the variant of %q", name, heading)
		}
		if url := b.url(); url.Path != longSheet {
			t.Errorf("clicking %s left the page for %s", name, url)
		}
	}
}

func TestSheetActions(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	sheet := s.sheetPaths(t)[0]
	mailJS := `[...document.querySelectorAll("main a")].find(a => visible(a) && textOf(a) === "Mail de link")`
	copyJS := `[...document.querySelectorAll("main button")].find(b => visible(b) && textOf(b) === "Kopieer de link")`
	printJS := `[...document.querySelectorAll("main button")].find(b => visible(b) && textOf(b) === "Druk af")`
	// Without JavaScript only what works without it is offered.
	nojs := browserNoJS(t)
	nojs.navigate(s.URL + sheet)
	if !nojs.has("Mail de link", mailJS) {
		t.Error("without JavaScript there is no visible „Mail de link”")
	}
	if nojs.has("Kopieer de link", copyJS) || nojs.has("Druk af", printJS) {
		t.Error("without JavaScript the copy or print button is shown, which cannot work")
	}
	b := browser(t)
	b.navigate(s.URL + sheet)
	href := query[string](b, "the mail link", "("+mailJS+").href")
	mail, err := url.Parse(href)
	if err != nil || mail.Scheme != "mailto" || !strings.Contains(mail.Query().Get("body"), s.URL+sheet) {
		t.Errorf("the mail link %q does not carry the page's address %s (%v)", href, s.URL+sheet, err)
	}
	if !b.has("Druk af", printJS) {
		t.Error("with JavaScript there is no visible „Druk af”")
	}
	b.click("Kopieer de link", copyJS)
	b.waitUntil("the copy is announced", fmt.Sprintf(`(() => { %s return /gekopieerd|lukte niet/.test(textOf(document.querySelector('[role="status"]'))); })()`, domPrelude))
	if got := query[string](b, "the announcement", `textOf(document.querySelector('[role="status"]'))`); !strings.Contains(got, "De link is gekopieerd: "+s.URL+sheet) {
		t.Errorf("after „Kopieer de link” the page says %q", got)
	}
}

// printLinksJS lists, per visible link to an address outside the site, how many times the
// printout shows its address: in its text and after it.
const printLinksJS = `[...document.querySelectorAll("article a[href^='http'], article a[href^='mailto:']")].filter(visible).map(a => {
	const href = a.getAttribute("href"), bare = s => s.replace(/^(https?:\/\/|mailto:)/, "").replace(/\/$/, "");
	const after = getComputedStyle(a, "::after").content;
	return {text: textOf(a), href, times: (bare(textOf(a)).includes(bare(href)) ? 1 : 0) + (after.includes(href) ? 1 : 0)};
})`

func TestSheetPrint(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	ctx := context.Background()
	// A variant link with an address: the flyer of the Genk variant.
	sh, err := s.st.SheetBySlug(ctx, "vrijetijdscoaching-genk")
	if err != nil {
		t.Fatal(err)
	}
	const flyer = "https://www.genk.be/vrijetijdscoach-flyer.pdf"
	for i, l := range sh.Variants[0].MoreInfo {
		if l.Label == "Flyer" {
			sh.Variants[0].MoreInfo[i].URL = flyer
		}
	}
	if _, err := s.st.EditSheet(ctx, store.SheetEdit{SheetID: sh.ID, Revision: sh.Revision, EditorID: s.admin(t), Sheet: sh}); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	b.setViewport(794, 1123, false) // A4 at 96 dpi
	b.call("emulate print", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	type printed struct {
		Text  string `json:"text"`
		Href  string `json:"href"`
		Times int    `json:"times"`
	}
	for _, p := range []string{"/praktijken/vrijetijdscoaching-genk", "/praktijken/hefboom-in-partnerschap", longSheet} {
		b.navigate(s.URL + p)
		head := query[string](b, "the print head", `textOf([...document.querySelectorAll("main p")].find(p => visible(p) && /Afgedrukt op/.test(textOf(p))) || document.body)`)
		if !strings.Contains(head, "Praktijkbank") || !strings.Contains(head, s.URL+p) || !strings.Contains(head, "Afgedrukt op") {
			t.Errorf("%s printed: no site name, address and date at the top, but %q", p, snippet(head, 200))
		}
		for _, prompt := range []string{"Stel een wijziging voor", "Geschiedenis", "Mail de link", "Kopieer de link", "Druk af", "Meld een probleem met deze fiche", "Praktijken", "Gemeenten"} {
			if b.has(prompt, fmt.Sprintf(`[...document.querySelectorAll("a, button")].find(e => visible(e) && textOf(e) === %s)`, jsString(prompt))) {
				t.Errorf("%s printed: %q is printed", p, prompt)
			}
		}
		links := query[[]printed](b, "the printed links", printLinksJS)
		for _, l := range links {
			if l.Times != 1 {
				t.Errorf("%s printed: the address of the link %q (%s) is printed %d times", p, l.Text, l.Href, l.Times)
			}
		}
		if p == "/praktijken/vrijetijdscoaching-genk" {
			found := false
			for _, l := range links {
				found = found || (l.Href == flyer && l.Times == 1)
			}
			if !found {
				t.Errorf("%s printed: the variant's flyer link does not print its address: %+v", p, links)
			}
		}
		if p == "/praktijken/hefboom-in-partnerschap" && len(links) < 5 {
			t.Errorf("%s printed: %d links to addresses, want the material's", p, len(links))
		}
	}
}
