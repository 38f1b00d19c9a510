package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// These tests check the harness itself against small pages of its own, so
// that a green app test means something: each check must fail on a page that
// is wrong.

const harnessGood = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Proefpagina</title></head>
<body>
<a href="#inhoud" class="skip">Naar de inhoud</a>
<header><nav aria-label="Hoofdmenu"><a href="/">Start</a></nav></header>
<main id="inhoud">
<h1>Proefpagina</h1>
<p id="status">zonder script</p>
<form action="/zoek" method="get" role="search">
<label for="q">Zoek</label>
<input id="q" name="q" type="search">
<button type="submit">Zoeken</button>
</form>
<p><a href="/tweede">Tweede pagina</a></p>
</main>
<script>document.getElementById("status").textContent = "met script";</script>
</body>
</html>
`

const harnessBad = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>Slecht</title></head>
<body>
<div id="x"><p>Tekst <div>blok in alinea</div></p></div>
<span id="x">dubbel</span>
<img src="/foto.png">
<ul><div>geen lijstitem</div></ul>
<input name="q">
<button></button>
</body>
</html>
`

const harnessWide = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Breed</title></head>
<body><main><h1>Breed</h1><div class="wide" style="width: 900px">te breed</div></main></body>
</html>
`

func harnessServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, body)
		}
	}
	mux.HandleFunc("GET /{$}", page(harnessGood))
	mux.HandleFunc("GET /slecht", page(harnessBad))
	mux.HandleFunc("GET /breed", page(harnessWide))
	mux.HandleFunc("GET /zonder-focus", page(strings.Replace(harnessGood, "</head>",
		"<style>*:focus, *:focus-visible { outline: none; box-shadow: none; }</style></head>", 1)))
	mux.HandleFunc("GET /tweede", page(strings.Replace(harnessGood, "<h1>Proefpagina</h1>", "<h1>Tweede</h1>", 1)))
	mux.HandleFunc("GET /zoek", func(w http.ResponseWriter, r *http.Request) {
		page(strings.Replace(harnessGood, "<h1>Proefpagina</h1>",
			fmt.Sprintf("<h1>Gezocht: %s</h1>", r.URL.Query().Get("q")), 1))(w, r)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

func TestHarnessJavaScriptOnAndOff(t *testing.T) {
	t.Parallel()
	ts := harnessServer(t)

	on := browser(t)
	on.navigate(ts.URL + "/")
	if got := evalJS[string](on, "status", `document.getElementById("status").textContent`); got != "met script" {
		t.Errorf("JavaScript on: the page's script did not run: status %q", got)
	}
	if !on.scriptsRun() {
		t.Errorf("JavaScript on: scriptsRun() = false")
	}

	off := browserNoJS(t)
	off.navigate(ts.URL + "/")
	if got := evalJS[string](off, "status", `document.getElementById("status").textContent`); got != "zonder script" {
		t.Errorf("JavaScript off: the page's script ran: status %q", got)
	}
	if off.scriptsRun() {
		t.Errorf("JavaScript off: scriptsRun() = true")
	}
	// Still off after a navigation by form.
	off.typeIn("the search box", `document.getElementById("q")`, "kinderopvang")
	off.clickToNavigate("the search button", `[...document.querySelectorAll("button")].find(b => textOf(b) === "Zoeken")`)
	if h1 := evalJS[string](off, "h1", `document.querySelector("h1").textContent`); h1 != "Gezocht: kinderopvang" {
		t.Errorf("after the form: h1 %q", h1)
	}
	if off.scriptsRun() {
		t.Errorf("JavaScript off: scripts run again after a navigation")
	}
	if got := evalJS[string](off, "status", `document.getElementById("status").textContent`); got != "zonder script" {
		t.Errorf("JavaScript off after a navigation: the page's script ran: status %q", got)
	}
}

func TestHarnessNavigateByClickAndKeyboard(t *testing.T) {
	t.Parallel()
	ts := harnessServer(t)
	b := browser(t)
	if status := b.navigate(ts.URL + "/"); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	secondLink := `[...document.querySelectorAll("a")].find(a => textOf(a) === "Tweede pagina")`
	b.clickToNavigate("the link", secondLink)
	if loc := b.location(); loc != ts.URL+"/tweede" {
		t.Fatalf("after the click: at %s", loc)
	}
	// Back (the page may come from the back/forward cache), and click again.
	b.navigateBy("go back", historyBack())
	if loc := b.location(); loc != ts.URL+"/" {
		t.Fatalf("after going back: at %s", loc)
	}
	b.clickToNavigate("the link after going back", secondLink)
	if h1 := evalJS[string](b, "h1", `document.querySelector("h1").textContent`); h1 != "Tweede" {
		t.Fatalf("after the second click: h1 %q", h1)
	}

	// Keyboard only: the skip link comes first, then the menu, then the box.
	b.navigate(ts.URL + "/")
	var order []string
	for range 10 {
		b.pressKey("Tab", kb.Tab)
		f := b.focused()
		order = append(order, f.String())
		if f.ID == "q" {
			break
		}
	}
	if len(order) == 0 || !strings.Contains(order[0], "Naar de inhoud") {
		t.Errorf("first Tab stop: %v, want the skip link", order)
	}
	if !strings.Contains(order[len(order)-1], "id=q") {
		t.Fatalf("Tab never reached the search box: %v", order)
	}
	if !query[bool](b, "focus indicator", focusVisibleJS) {
		t.Errorf("the browser's own focus ring is not seen as a focus indicator")
	}
	b.pressKey("type", "kleuters")
	b.navigateBy("press Enter", chromedp.KeyEvent(kb.Enter))
	if h1 := evalJS[string](b, "h1", `document.querySelector("h1").textContent`); h1 != "Gezocht: kleuters" {
		t.Errorf("after Enter: h1 %q, location %s", h1, b.location())
	}
}

func TestHarnessFocusIndicator(t *testing.T) {
	t.Parallel()
	ts := harnessServer(t)
	b := browser(t)
	b.navigate(ts.URL + "/zonder-focus")
	b.tabTo("the search box", func(f focusedElement) bool { return f.ID == "q" })
	if query[bool](b, "focus indicator", focusVisibleJS) {
		t.Errorf("a page that hides the focus is seen as showing it")
	}
}

func TestHarnessAxe(t *testing.T) {
	t.Parallel()
	ts := harnessServer(t)
	b := browser(t)

	b.navigate(ts.URL + "/")
	if vs := b.axeRun(); len(vs) != 0 {
		t.Errorf("good page: %d violations: %v", len(vs), vs)
	}

	b.navigate(ts.URL + "/slecht")
	vs := b.axeRun()
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
		if len(v.Nodes) == 0 || len(v.Nodes[0].Target) == 0 || v.Nodes[0].HTML == "" {
			t.Errorf("violation %s without a node: %+v", v.ID, v)
		}
	}
	for _, want := range []string{"html-has-lang", "image-alt", "label", "button-name"} {
		if !slices.Contains(ids, want) {
			t.Errorf("bad page: axe did not report %s; got %v", want, ids)
		}
	}
	// The report names rule, impact, help, selector and HTML.
	report := vs[0].String()
	for _, part := range []string{vs[0].ID, vs[0].Impact, vs[0].Help, vs[0].Nodes[0].Target[0]} {
		if !strings.Contains(report, part) {
			t.Errorf("report %q lacks %q", report, part)
		}
	}
}

func TestHarnessHTMLValidate(t *testing.T) {
	t.Parallel()
	// Many findings make a report far longer than a pipe's 64 KiB.
	many := strings.Replace(harnessGood, "</main>", strings.Repeat(`<img src="/foto.png">`, 500)+"</main>", 1)
	docs := []htmlDoc{
		{Name: "good", URL: "/", HTML: []byte(harnessGood)},
		{Name: "bad", URL: "/slecht", HTML: []byte(harnessBad)},
		{Name: "many", URL: "/veel", HTML: []byte(many)},
	}
	found := validateHTML(t, docs)
	if msgs := found["good"]; len(msgs) != 0 {
		t.Errorf("good page: %d findings: %+v", len(msgs), msgs)
	}
	var rules []string
	for _, m := range found["bad"] {
		rules = append(rules, m.RuleID)
	}
	for _, want := range []string{"no-dup-id", "element-permitted-content", "wcag/h37", "element-required-attributes", "no-implicit-button-type", "text-content"} {
		if !slices.Contains(rules, want) {
			t.Errorf("bad page: html-validate did not report %s; got %v", want, rules)
		}
	}
	if n := len(found["many"]); n != 500 {
		t.Errorf("page with 500 images without alt: %d findings, want 500", n)
	}
}

func TestHarnessNuChecker(t *testing.T) {
	t.Parallel()
	docs := []htmlDoc{
		{Name: "good", URL: "/", HTML: []byte(harnessGood)},
		{Name: "bad", URL: "/slecht", HTML: []byte(harnessBad)},
		{Name: "value on a file input", URL: "/waarde", HTML: []byte(strings.Replace(harnessGood,
			`<input id="q" name="q" type="search">`, `<input id="q" name="q" type="file" value="x">`, 1))},
		{Name: "section without heading", URL: "/sectie", HTML: []byte(strings.Replace(harnessGood,
			`<p><a href="/tweede">`, `<section><p>Zonder kop</p></section><p><a href="/tweede">`, 1))},
	}
	found := nuCheck(t, docs)
	if msgs := found["good"]; len(msgs) != 0 {
		t.Errorf("good page: %d errors: %+v", len(msgs), msgs)
	}
	var bad []string
	for _, m := range found["bad"] {
		bad = append(bad, m.Message)
	}
	for _, want := range []string{"Duplicate ID", "alt", "not allowed as child of element"} {
		if !slices.ContainsFunc(bad, func(m string) bool { return strings.Contains(m, want) }) {
			t.Errorf("bad page: the Nu Html Checker reported nothing about %q; got %q", want, bad)
		}
	}
	if msgs := found["value on a file input"]; len(msgs) == 0 || !strings.Contains(msgs[0].Message, "value") {
		t.Errorf("a value on a file input: %+v", msgs)
	}
	if msgs := found["section without heading"]; len(msgs) == 0 || !strings.Contains(msgs[0].Message, "Section lacks heading") {
		t.Errorf("a section without a heading (a warning of the checker): %+v", msgs)
	}
}

func TestHarnessOverflow(t *testing.T) {
	t.Parallel()
	ts := harnessServer(t)
	b := browser(t)
	b.setViewport(390, 844, true)

	b.navigate(ts.URL + "/")
	if o := b.horizontalOverflow(); o.Over != 0 || o.Viewport != 390 {
		t.Errorf("narrow page: viewport %d px, overflow %d px: %v", o.Viewport, o.Over, o.Culprits)
	}
	b.navigate(ts.URL + "/breed")
	o := b.horizontalOverflow()
	if o.Over <= 0 {
		t.Errorf("wide page: no overflow measured")
	}
	if len(o.Culprits) == 0 || !strings.Contains(o.Culprits[0], "wide") {
		t.Errorf("wide page: culprits %v, want div.wide first", o.Culprits)
	}
}
