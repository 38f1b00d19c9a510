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
