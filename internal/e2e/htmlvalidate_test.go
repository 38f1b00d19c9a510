package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// htmlDoc is one served HTML document to validate.
type htmlDoc struct {
	Name string // page name in messages, such as "home" or "sheet talentcoaches"
	URL  string
	HTML []byte
}

// htmlMessage is one finding of html-validate.
type htmlMessage struct {
	RuleID   string `json:"ruleId"`
	Severity int    `json:"severity"` // 1 warning, 2 error
	Message  string `json:"message"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Offset   int    `json:"offset"`
	Size     int    `json:"size"`
	Selector string `json:"selector"`
	RuleURL  string `json:"ruleUrl"`
}

type htmlResult struct {
	FilePath string        `json:"filePath"`
	Messages []htmlMessage `json:"messages"`
}

// validateHTML runs html-validate once over all documents with the config
// .htmlvalidate.json of this folder (role="region" on a div is allowed: the Nu Html Checker,
// the reference, warns about a <section> without a heading, such as a table's scrolling
// frame named by its caption), and returns the findings of each
// document by its name. It fails the test when the tool cannot run.
func validateHTML(t testing.TB, docs []htmlDoc) map[string][]htmlMessage {
	t.Helper()
	if len(docs) == 0 {
		t.Fatal("validateHTML: no documents")
	}
	bin := filepath.Join(nodeModules, "html-validate", "bin", "html-validate.mjs")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("html-validate is missing: run `npm ci --prefix internal/e2e` (%v)", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found: install Node.js 20 or newer (%v)", err)
	}
	config, err := filepath.Abs(".htmlvalidate.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	byPath := map[string]string{}
	// The report goes to a file: written to a pipe, Node cuts a long report
	// off at 64 KiB when html-validate exits.
	report := filepath.Join(dir, "report.json")
	args := []string{bin, "--config", config, "--formatter", "json=" + report}
	unsafe := regexp.MustCompile(`[^a-z0-9-]+`)
	for i, d := range docs {
		name := fmt.Sprintf("%02d-%s.html", i, strings.Trim(unsafe.ReplaceAllString(strings.ToLower(d.Name), "-"), "-"))
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, d.HTML, 0o644); err != nil {
			t.Fatal(err)
		}
		byPath[path] = d.Name
		args = append(args, path)
	}
	cmd := exec.Command(node, args...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	err = cmd.Run()
	// html-validate exits 1 when it finds errors, which is no failure to run.
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("html-validate failed: %v\n%s", err, output.String())
	}
	raw, rerr := os.ReadFile(report)
	if rerr != nil {
		t.Fatalf("html-validate wrote no report (%v): %v\n%s", rerr, err, output.String())
	}
	var results []htmlResult
	if err := json.Unmarshal(raw, &results); err != nil {
		t.Fatalf("html-validate report: %v\n%s", err, output.String())
	}
	if exit != nil && len(results) == 0 {
		t.Fatalf("html-validate exited 1 without findings:\n%s", output.String())
	}
	out := map[string][]htmlMessage{}
	for _, r := range results {
		name, ok := byPath[r.FilePath]
		if !ok {
			t.Fatalf("html-validate reported an unknown file %s", r.FilePath)
		}
		out[name] = append(out[name], r.Messages...)
	}
	return out
}

// assertValidHTML fails the test with every finding of html-validate in the
// documents, each with the piece of the source where it is.
func assertValidHTML(t testing.TB, docs []htmlDoc) {
	t.Helper()
	found := validateHTML(t, docs)
	for _, d := range docs {
		msgs := found[d.Name]
		if len(msgs) == 0 {
			continue
		}
		src := []rune(string(d.HTML))
		var sb strings.Builder
		fmt.Fprintf(&sb, "%s (%s): %d HTML finding(s):", d.Name, d.URL, len(msgs))
		for _, m := range msgs {
			level := "error"
			if m.Severity == 1 {
				level = "warning"
			}
			fmt.Fprintf(&sb, "\n  - %s %s: %s\n      at line %d:%d", level, m.RuleID, m.Message, m.Line, m.Column)
			if m.Selector != "" {
				fmt.Fprintf(&sb, ", %s", m.Selector)
			}
			fmt.Fprintf(&sb, "\n      source: %s", sourceAround(src, m.Offset, m.Size))
		}
		t.Error(sb.String())
	}
}

// sourceAround is the source text at offset (in characters, as html-validate
// counts them) with some context, on one line.
func sourceAround(src []rune, offset, size int) string {
	if offset < 0 || offset > len(src) {
		return "(unknown)"
	}
	from := max(0, offset-60)
	to := min(len(src), offset+max(size, 0)+100)
	return snippet(string(src[from:to]), 240)
}
