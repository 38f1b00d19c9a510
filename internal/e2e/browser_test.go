package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// profilePrefix starts the name of the browser's profile folder in the
// temporary folder; the process id follows it (see sweepBrowserProfiles).
const profilePrefix = "praktijkbank-e2e-chromium-"

// Time limits. They bound how long a broken page can hang a test; no test
// asserts on how long anything takes.
const (
	// actionTimeout limits one browser action: a navigation, a click, a
	// query, one axe run.
	actionTimeout = 45 * time.Second
	// startTimeout limits starting the browser and opening a tab.
	startTimeout = 60 * time.Second
	// pollInterval is the pause between two looks of waitUntil.
	pollInterval = 50 * time.Millisecond
)

// The browser is shared by all tests of the process: starting Chromium is the
// slow part. Each test gets its own tab (see browser).
var shared struct {
	once    sync.Once
	ctx     context.Context // chromedp context of the browser, never canceled before exit
	cancel  context.CancelFunc
	dataDir string
	err     error
}

// startBrowser starts the shared browser once. It fails the test, loudly,
// when Chromium is missing: the end-to-end tests are never skipped.
func startBrowser(t testing.TB) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium not found: install it with `apt-get install chromium` (%v)", err)
	}
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", profilePrefix, os.Getpid()))
		if err != nil {
			shared.err = err
			return
		}
		shared.dataDir = dir
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(chromiumPath),
			chromedp.Headless,
			chromedp.NoSandbox, // the tests run as root
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.UserDataDir(dir),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("disable-default-apps", true),
			chromedp.Flag("disable-breakpad", true),
			chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
			chromedp.Flag("disable-renderer-backgrounding", true),
			chromedp.Flag("disable-background-timer-throttling", true),
			chromedp.Flag("disable-backgrounding-occluded-windows", true),
			chromedp.Flag("metrics-recording-only", true),
			chromedp.Flag("password-store", "basic"),
			chromedp.Flag("lang", "nl-BE"),
			chromedp.WindowSize(1280, 900),
		}
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(allocCtx)
		shared.cancel = func() { cancelCtx(); cancelAlloc() }
		// The first Do starts the browser and binds its life to ctx, so it
		// runs without a deadline; the watchdog below bounds it instead.
		if err := withWatchdog(startTimeout, cancelCtx, func() error { return chromedp.Do(ctx) }); err != nil {
			shared.cancel()
			shared.err = fmt.Errorf("starting %s: %w", chromiumPath, err)
			return
		}
		shared.ctx = ctx
	})
	if shared.err != nil {
		t.Fatalf("browser: %v", shared.err)
	}
	return shared.ctx
}

// withWatchdog runs f and, when it has not returned after d, calls stop and
// returns an error. It is for the calls that must not get a context with a
// deadline (the first Run on a chromedp context).
func withWatchdog(d time.Duration, stop func(), f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		stop()
		<-done
		return fmt.Errorf("gave up after %s", d)
	}
}

// tab is one browser tab of one test. Its methods fail the test on error, and
// each bounds its browser call with actionTimeout.
type tab struct {
	t   testing.TB
	ctx context.Context // chromedp context of the tab, without a deadline
	js  bool
}

// browser opens a new tab, with JavaScript on, in the shared browser. The tab
// closes when the test ends.
func browser(t testing.TB) *tab {
	return openTab(t, true)
}

// browserNoJS opens a new tab in which the page's scripts do not run
// (Emulation.setScriptExecutionDisabled), as for a visitor who turned
// JavaScript off. The test can still read the page through the DevTools
// protocol.
func browserNoJS(t testing.TB) *tab {
	return openTab(t, false)
}

func openTab(t testing.TB, js bool) *tab {
	t.Helper()
	bctx := startBrowser(t)
	// Each tab has a browser context of its own, so that the cookies of one
	// test (a session) do not reach the sites of the others: cookies ignore
	// the port, and all test sites are on 127.0.0.1.
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first Do opens the tab and binds it to ctx: no deadline on it.
	if err := withWatchdog(startTimeout, cancel, func() error { return chromedp.Do(ctx) }); err != nil {
		t.Fatalf("opening a browser tab: %v", err)
	}
	b := &tab{t: t, ctx: ctx, js: js}
	// Headless tabs of one browser compete for focus; emulate focus so that
	// keyboard focus and :focus work in every tab, also in parallel tests.
	b.call("emulate focus", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
	if !js {
		b.call("disable JavaScript", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		})
	}
	return b
}

// call runs f with a context bounded by actionTimeout and fails the test
// with what on error.
func (b *tab) call(what string, f func(ctx context.Context) error) {
	b.t.Helper()
	if err := b.try(f); err != nil {
		b.t.Fatalf("%s: %v (page %s)", what, err, b.urlOrNone())
	}
}

// try runs f with a context bounded by actionTimeout and returns its error.
func (b *tab) try(f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	return f(ctx)
}

// do runs chromedp actions, in order, each call bounded by actionTimeout.
func (b *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	b.call(what, func(ctx context.Context) error { return chromedp.Do(ctx, actions...) })
}

// urlOrNone is the URL of the tab, for error messages.
func (b *tab) urlOrNone() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown)"
	}
	return loc
}

// navigate opens url and waits until it has loaded. It returns the HTTP status.
func (b *tab) navigate(url string) int64 {
	b.t.Helper()
	var status int64
	b.call("open "+url, func(ctx context.Context) error {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
		if err != nil {
			return err
		}
		if resp != nil {
			status = resp.Status
		}
		return nil
	})
	return status
}

// markSeq numbers the documents that navigateBy marks.
var markSeq atomic.Int64

// navigateBy runs the actions, which must make the browser load a new
// document (follow a link, submit a form), and waits until that document has
// loaded. It works with and without JavaScript, and whatever the page's
// scripts do, because it looks at the document and not at events: it marks
// the current document, and waits for a document without the mark.
func (b *tab) navigateBy(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	mark := fmt.Sprintf("e2e-%d", markSeq.Add(1))
	evalJS[chromedp.Void](b, "mark the document", fmt.Sprintf(`window.__e2eDocument = %q`, mark))
	b.do(what, actions...)
	b.waitUntil(what+": a new page loads",
		fmt.Sprintf(`window.__e2eDocument !== %q && document.readyState === "complete"`, mark))
}

// waitUntil waits until the JavaScript expression is true in the page. It
// looks again and again, so that it survives navigations (an evaluation in a
// document that goes away fails, and the next one looks at the new one). The
// expression runs through the DevTools protocol, so it works in a tab without
// JavaScript too.
func (b *tab) waitUntil(what, expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	var lastErr error
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(`+expr+`)`))
		if err == nil && ok {
			return
		}
		if err != nil {
			lastErr = err
		}
		if ctx.Err() != nil {
			b.t.Fatalf("%s: still not true: %s (last error: %v; page %s)", what, expr, lastErr, b.urlOrNone())
		}
		select {
		case <-ctx.Done():
		case <-time.After(pollInterval):
		}
	}
}

// evalJS evaluates a JavaScript expression in the page and decodes its JSON
// value into T. It fails the test on an exception.
func evalJS[T any](b *tab, what, expr string) T {
	b.t.Helper()
	var v T
	b.call(what, func(ctx context.Context) error {
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr))
		if err != nil {
			return err
		}
		if _, ok := any(v).(chromedp.Void); ok {
			return nil
		}
		if len(raw) == 0 {
			return errors.New("no value (undefined)")
		}
		return json.Unmarshal(raw, &v)
	})
	return v
}

// location is the URL of the page in the tab.
func (b *tab) location() string {
	b.t.Helper()
	return evalJS[string](b, "read the location", `location.href`)
}

// scriptsRun tells whether the page's own scripts run in this tab. It adds
// an event listener and clicks: with JavaScript off the listener does not
// run. (An inline script would not do as a probe: the app's
// Content-Security-Policy blocks those, with or without JavaScript.)
func (b *tab) scriptsRun() bool {
	b.t.Helper()
	return evalJS[bool](b, "probe JavaScript", `(() => {
		let ran = false;
		const probe = document.createElement("button");
		probe.addEventListener("click", () => { ran = true; });
		probe.click();
		return ran;
	})()`)
}

// setViewport emulates a device viewport of width x height CSS pixels.
func (b *tab) setViewport(width, height int64, mobile bool) {
	b.t.Helper()
	opts := []chromedp.EmulateViewportOption{}
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(3))
	}
	b.do(fmt.Sprintf("set the viewport to %dx%d", width, height), chromedp.EmulateViewport(width, height, opts...))
}

// overflow is what horizontalOverflow measures.
type overflow struct {
	Viewport    int      `json:"viewport"`    // width of the layout viewport, CSS pixels
	ScrollWidth int      `json:"scrollWidth"` // width of the page, CSS pixels
	Over        int      `json:"over"`        // how much wider the page is than the viewport
	Culprits    []string `json:"culprits"`    // elements whose right edge sticks out
}

// horizontalOverflow measures how much wider than the viewport the page is,
// and names the elements that stick out. The viewport is the layout viewport,
// document.documentElement.clientWidth: in a mobile emulation Chrome widens
// window.innerWidth to the page when the page is too wide (it zooms out), so
// scrollWidth <= innerWidth would always hold there.
func (b *tab) horizontalOverflow() overflow {
	b.t.Helper()
	return evalJS[overflow](b, "measure the page width", `(() => {
		const vw = document.documentElement.clientWidth;
		const sw = document.documentElement.scrollWidth;
		const culprits = [];
		if (sw > vw) {
			const describe = el => {
				let name = el.tagName.toLowerCase();
				if (el.id) name += "#" + el.id;
				if (el.classList.length) name += "." + [...el.classList].join(".");
				const text = (el.innerText || "").replace(/\s+/g, " ").trim();
				if (text) name += " \"" + (text.length > 60 ? text.slice(0, 60) + "…" : text) + "\"";
				return name;
			};
			// The elements that stick out, or whose content does, keeping
			// the innermost ones: they are the causes.
			const found = [];
			for (const el of document.body.querySelectorAll("*")) {
				const r = el.getBoundingClientRect();
				if (r.width === 0 && r.height === 0) continue;
				if (r.right > vw + 1) {
					found.push([el, " (right edge at " + Math.round(r.right) + "px)"]);
				} else if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 &&
						getComputedStyle(el).overflowX === "visible" && r.left + el.scrollWidth > vw + 1) {
					found.push([el, " (its content is " + el.scrollWidth + "px wide in a box of " + el.clientWidth + "px)"]);
				}
			}
			for (const [el, why] of found) {
				if (found.some(([other]) => other !== el && el.contains(other))) continue;
				if (culprits.length < 8) culprits.push(describe(el) + why);
			}
		}
		return {viewport: vw, scrollWidth: sw, over: Math.max(0, sw - vw), culprits};
	})()`)
}

// screenshot saves a full-page PNG named name.png in the shots folder when
// E2E_SHOTS is set, so that people can look at the pages. It asserts nothing.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	dir := shotsDir()
	if dir == "" {
		return
	}
	var png []byte
	b.call("screenshot "+name, func(ctx context.Context) error {
		var err error
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		return err
	})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatalf("screenshots: %v", err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("screenshots: %v", err)
	}
	b.t.Logf("screenshot: %s", path)
}

// shotsDir is where screenshots go, or "" when E2E_SHOTS is not set. E2E_SHOTS
// can name an absolute folder; any other value means /tmp/e2e-shots.
func shotsDir() string {
	v := os.Getenv("E2E_SHOTS")
	switch {
	case v == "":
		return ""
	case filepath.IsAbs(v):
		return v
	default:
		return "/tmp/e2e-shots"
	}
}

// focused describes the focused element: its tag, its accessible-ish name and
// a few attributes, for keyboard tests and their messages.
type focusedElement struct {
	Tag  string `json:"tag"`
	Type string `json:"type"`
	Name string `json:"name"`
	Href string `json:"href"`
	Text string `json:"text"`
	ID   string `json:"id"`
}

func (f focusedElement) String() string {
	var parts []string
	parts = append(parts, "<"+f.Tag+">")
	for _, kv := range [][2]string{{"id", f.ID}, {"name", f.Name}, {"type", f.Type}, {"href", f.Href}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	if f.Text != "" {
		parts = append(parts, fmt.Sprintf("%q", f.Text))
	}
	return strings.Join(parts, " ")
}

// focused returns the element that has the keyboard focus.
func (b *tab) focused() focusedElement {
	b.t.Helper()
	return evalJS[focusedElement](b, "read the focus", `(() => {
		const el = document.activeElement;
		if (!el) return {tag: ""};
		return {
			tag: el.tagName.toLowerCase(),
			type: el.getAttribute("type") || "",
			name: el.getAttribute("name") || "",
			href: el.getAttribute("href") || "",
			text: (el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 80),
			id: el.id || "",
		};
	})()`)
}

// pressKey sends key events for keys (kb constants or text) to the focused
// element, as a keyboard would.
func (b *tab) pressKey(what, keys string) {
	b.t.Helper()
	b.do(what, chromedp.KeyEvent(keys))
}

// domPrelude defines small functions for the finders of find: norm (text
// with single spaces), visible, and textOf (the visible text of an element).
const domPrelude = `
	const norm = s => (s || "").replace(/\u00ad/g, "").replace(/\s+/g, " ").trim(); // a soft hyphen is not seen unless a line breaks there
	const visible = el => !!el && !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) &&
		getComputedStyle(el).visibility !== "hidden";
	const textOf = el => norm(el.innerText !== undefined ? el.innerText : el.textContent);
	const pathOf = a => { try { return new URL(a.href, location.href); } catch (e) { return null; } };
`

// waitFor waits until the JavaScript expression finder (which can use the
// functions of domPrelude) gives an element. Tests find elements the way
// people do, by role, label and text, and not by class names.
func (b *tab) waitFor(what, finder string) {
	b.t.Helper()
	b.waitUntil("find "+what, fmt.Sprintf(`(() => { %s return !!(%s); })()`, domPrelude, finder))
}

// clickTarget is where clickOn clicks, or why it cannot.
type clickTarget struct {
	X   float64 `json:"x"`
	Y   float64 `json:"y"`
	Err string  `json:"err"`
}

// clickOn is an action that clicks with the mouse in the middle of the
// element that finder gives, as a person does: it scrolls the element into
// view, and clicks only when the element itself (and not something that
// covers it) is at that point. It looks again until it can click or the
// context ends.
//
// It works from JavaScript coordinates and not from chromedp's DOM queries,
// because those lose track of a page that the back/forward cache restores.
func clickOn(finder string) chromedp.Action[chromedp.Void] {
	expr := fmt.Sprintf(`(() => {
		%s
		const el = (%s);
		if (!el) return {err: "not found"};
		el.scrollIntoView({block: "center", inline: "nearest", behavior: "instant"});
		const rects = [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0);
		if (!rects.length) return {err: "not rendered (hidden or empty)"};
		const r = rects[0];
		const x = r.left + r.width / 2, y = r.top + r.height / 2;
		const hit = document.elementFromPoint(x, y);
		if (!hit || !(hit === el || el.contains(hit) || (el.labels && [...el.labels].some(l => l.contains(hit))))) {
			return {err: "covered at (" + Math.round(x) + ", " + Math.round(y) + ") by " + (hit ? hit.outerHTML.slice(0, 160) : "nothing")};
		}
		return {x, y};
	})()`, domPrelude, finder)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for {
			raw, err := chromedp.Evaluate[[]byte](expr)(ctx, t)
			var at clickTarget
			if err == nil {
				err = json.Unmarshal(raw, &at)
			}
			if err == nil && at.Err == "" {
				_, err := chromedp.MouseClickXY(at.X, at.Y)(ctx, t)
				return err
			}
			if err == nil {
				err = errors.New(at.Err)
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("cannot click: %w (%v)", err, ctx.Err())
			case <-time.After(pollInterval):
			}
		}
	})
}

// click clicks the element that finder gives (see clickOn), on the page as
// it is; it expects no new page.
func (b *tab) click(what, finder string) {
	b.t.Helper()
	b.waitFor(what, finder)
	b.do("click "+what, clickOn(finder))
}

// clickToNavigate clicks the element that finder gives and waits for the
// page that the click loads.
func (b *tab) clickToNavigate(what, finder string) {
	b.t.Helper()
	b.waitFor(what, finder)
	b.navigateBy("click "+what, clickOn(finder))
}

// typeIn clicks in the field that finder gives, types text with key events,
// and checks that the field holds the text.
func (b *tab) typeIn(what, finder, text string) {
	b.t.Helper()
	b.click(what, finder)
	b.do("type in "+what, chromedp.KeyEvent(text))
	if got := query[string](b, "read "+what, "("+finder+").value"); got != text {
		b.t.Fatalf("typed %q in %s, it holds %q", text, what, got)
	}
}

// has tells whether the finder gives an element now (without waiting).
func (b *tab) has(what, finder string) bool {
	b.t.Helper()
	return evalJS[bool](b, what, fmt.Sprintf(`(() => { %s return !!(%s); })()`, domPrelude, finder))
}

// query evaluates expr, which can use the functions of domPrelude, and
// decodes its value into T.
func query[T any](b *tab, what, expr string) T {
	b.t.Helper()
	return evalJS[T](b, what, fmt.Sprintf(`(() => { %s return (%s); })()`, domPrelude, expr))
}
