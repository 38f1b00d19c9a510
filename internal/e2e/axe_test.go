package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// nodeModules is the folder that `npm ci --prefix internal/e2e` fills. Tests
// run in the package folder, so the path is relative to it.
const nodeModules = "node_modules"

// axeTags are the rule sets that every page must pass: WCAG 2.0 and 2.1, levels
// A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

var axeSource struct {
	once sync.Once
	js   string
	err  error
}

// axeScript returns the source of axe-core from node_modules. It fails the
// test, loudly, when the packages are not installed.
func axeScript(t testing.TB) string {
	t.Helper()
	axeSource.once.Do(func() {
		b, err := os.ReadFile(filepath.Join(nodeModules, "axe-core", "axe.min.js"))
		axeSource.js, axeSource.err = string(b), err
	})
	if axeSource.err != nil {
		t.Fatalf("axe-core is missing: run `npm ci --prefix internal/e2e` (%v)", axeSource.err)
	}
	return axeSource.js
}

// axeViolation is one failed axe rule on a page, with the nodes that fail it.
type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Summary string   `json:"summary"`
}

func (v axeViolation) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s (%s): %s [%s]", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&sb, "\n      at %s\n         %s", strings.Join(n.Target, " "), snippet(n.HTML, 240))
		if n.Summary != "" {
			fmt.Fprintf(&sb, "\n         %s", strings.ReplaceAll(snippet(n.Summary, 400), "\n", "\n         "))
		}
	}
	return sb.String()
}

// axeRun injects axe-core into the page in the tab (through the DevTools
// protocol, so that a Content-Security-Policy cannot stop it) and returns the
// violations of the WCAG 2.1 A and AA rules.
func (b *tab) axeRun() []axeViolation {
	b.t.Helper()
	src := axeScript(b.t)
	tags, _ := json.Marshal(axeTags)
	if !evalJS[bool](b, "look for axe", `typeof window.axe === "object"`) {
		evalJS[chromedp.Void](b, "inject axe-core", src)
	}
	expr := `(async () => {
		const r = await axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]});
		return {
			passes: r.passes.length,
			violations: r.violations.map(v => ({
				id: v.id,
				impact: v.impact || "",
				help: v.help,
				helpUrl: v.helpUrl,
				nodes: v.nodes.map(n => ({
					target: n.target.map(s => Array.isArray(s) ? s.join(" >>> ") : String(s)),
					html: n.html,
					summary: n.failureSummary || "",
				})),
			})),
		};
	})()`
	var out struct {
		Passes     int            `json:"passes"`
		Violations []axeViolation `json:"violations"`
	}
	b.call("run axe", func(ctx context.Context) error {
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			return err
		}
		return json.Unmarshal(raw, &out)
	})
	// A page on which axe checked nothing is no clean page.
	if out.Passes == 0 && len(out.Violations) == 0 {
		b.t.Fatalf("axe checked no rule on %s", b.urlOrNone())
	}
	return out.Violations
}

// assertAxeClean fails the test with every violation when the page in the
// tab breaks a WCAG 2.1 A or AA rule that axe can check.
func (b *tab) assertAxeClean(page string) {
	b.t.Helper()
	vs := b.axeRun()
	if len(vs) == 0 {
		return
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s: %d axe violation(s) (WCAG 2.1 A/AA):", page, len(vs))
	for _, v := range vs {
		sb.WriteString("\n  - ")
		sb.WriteString(v.String())
	}
	b.t.Error(sb.String())
}

// snippet shortens s to at most n runes, on one line.
func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
