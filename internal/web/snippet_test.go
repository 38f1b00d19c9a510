package web

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	tests := []struct {
		text  string
		words []string
		marks []string
	}{
		{"De kinderopvang is open.", []string{"opvang"}, []string{"kinderopvang"}},
		{"Voor kleuter en kleuters.", []string{"kleuters"}, []string{"kleuter", "kleuters"}},
		{"Een geïntegreerd aanbod.", []string{"geintegreerd"}, []string{"geïntegreerd"}},
		{"Niets te zien.", []string{"zwembad"}, nil},
	}
	for _, tt := range tests {
		var marks []string
		var all strings.Builder
		for _, f := range snippet(tt.text, tt.words) {
			all.WriteString(f.Text)
			if f.Mark {
				marks = append(marks, f.Text)
			}
		}
		if strings.Join(marks, "|") != strings.Join(tt.marks, "|") {
			t.Errorf("snippet(%q, %q) marks %q, want %q", tt.text, tt.words, marks, tt.marks)
		}
		if all.String() != tt.text {
			t.Errorf("snippet text %q, want %q", all.String(), tt.text)
		}
	}
	long := strings.Repeat("woord ", 100) + "kinderopvang " + strings.Repeat("woord ", 100)
	got := snippet(long, []string{"opvang"})
	if got[0].Text[:3] != "…" || !got[len(got)-1].Mark && !strings.HasSuffix(got[len(got)-1].Text, "…") {
		t.Errorf("long snippet is not cut around the match: %+v", got)
	}
}

// The fields of a sheet (a resource's title, its author, its audience, its text) are never
// run together in a snippet: the snippet starts in the field of the first match, and the
// fields it spans read as separate items.
func TestSnippetKeepsFieldsApart(t *testing.T) {
	text := "Een inleiding over de school en haar werking met ouders en leerkrachten.\nOuderparticipatie bij de opvang\nKind en Gezin\nkinderopvang\nOuderparticipatie hoeft niet moeilijk te zijn."
	var all strings.Builder
	for _, q := range []string{"opvang", "ouderparticipatie"} {
		all.Reset()
		for _, f := range snippet(text, []string{q}) {
			all.WriteString(f.Text)
		}
		want := "… Ouderparticipatie bij de opvang · Kind en Gezin · kinderopvang · Ouderparticipatie hoeft niet moeilijk te zijn."
		if all.String() != want {
			t.Errorf("snippet for %q reads %q, want %q", q, all.String(), want)
		}
	}
}
