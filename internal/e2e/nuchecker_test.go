package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The Nu Html Checker (vnu.jar from the npm package vnu-jar, run with the machine's Java) is
// the reference for valid HTML; html-validate checks more rules beside it.

// nuMessage is one finding of the Nu Html Checker.
type nuMessage struct {
	Type      string `json:"type"`    // "error", "info" (warnings), "non-document-error"
	SubType   string `json:"subType"` // "warning", "fatal"
	URL       string `json:"url"`
	Message   string `json:"message"`
	Extract   string `json:"extract"`
	LastLine  int    `json:"lastLine"`
	FirstCol  int    `json:"firstColumn"`
	LastCol   int    `json:"lastColumn"`
	HiliteLen int    `json:"hiliteLength"`
}

// nuCheck runs the Nu Html Checker once over all documents and returns its errors and
// warnings per document name (plain info messages are left out): a page of this site has
// neither. It fails the test when the checker cannot run.
func nuCheck(t testing.TB, docs []htmlDoc) map[string][]nuMessage {
	t.Helper()
	if len(docs) == 0 {
		t.Fatal("nuCheck: no documents")
	}
	jar := filepath.Join(nodeModules, "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("the Nu Html Checker is missing: run `npm ci --prefix internal/e2e --ignore-scripts` (%v)", err)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatalf("java not found: install Java 17 or newer (apt-get install default-jre-headless) (%v)", err)
	}
	dir := t.TempDir()
	byPath := map[string]string{}
	args := []string{"-jar", jar, "--format", "json", "--stdout", "--exit-zero-always"}
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
	cmd := exec.Command(java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the Nu Html Checker failed: %v\n%s", err, stderr.String())
	}
	var report struct {
		Messages []nuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("the Nu Html Checker's report: %v\n%s\n%s", err, snippet(stdout.String(), 500), stderr.String())
	}
	out := map[string][]nuMessage{}
	for _, m := range report.Messages {
		if m.Type == "info" && m.SubType != "warning" {
			continue
		}
		u, err := url.Parse(m.URL)
		name, ok := "", false
		if err == nil {
			name, ok = byPath[u.Path]
		}
		if !ok {
			t.Fatalf("the Nu Html Checker reported on an unknown document %q: %s: %s", m.URL, m.Type, m.Message)
		}
		out[name] = append(out[name], m)
	}
	return out
}

// assertNuValid fails the test with every error or warning the Nu Html Checker finds in the documents,
// each with the piece of the source where it is.
func assertNuValid(t testing.TB, docs []htmlDoc) {
	t.Helper()
	found := nuCheck(t, docs)
	for _, d := range docs {
		msgs := found[d.Name]
		if len(msgs) == 0 {
			continue
		}
		var sb strings.Builder
		fmt.Fprintf(&sb, "%s (%s): %d finding(s) of the Nu Html Checker:", d.Name, d.URL, len(msgs))
		for _, m := range msgs {
			fmt.Fprintf(&sb, "\n  - %s\n      at line %d:%d: %s", m.Message, m.LastLine, m.FirstCol, snippet(m.Extract, 240))
		}
		t.Error(sb.String())
	}
}
