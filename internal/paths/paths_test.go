package paths

import "testing"

func TestPathsEscapeEverySegment(t *testing.T) {
	tests := []struct{ got, want string }{
		{Sheet("buurt-zorg"), "/praktijken/buurt-zorg"},
		{Sheet("a/b?c#d"), "/praktijken/a%2Fb%3Fc%23d"},
		{Sheet("café"), "/praktijken/caf%C3%A9"},
		{History("a/b"), "/praktijken/a%2Fb/geschiedenis"},
		{Revision("a b", 3), "/praktijken/a%20b/versies/3"},
		{Compare("x", 1, 2), "/praktijken/x/geschiedenis?van=1&naar=2"},
		{Term("thema", "zorg & welzijn"), "/praktijken?thema=zorg+%26+welzijn"},
		{Municipality("sint-niklaas"), "/gemeenten/sint-niklaas"},
		{Municipality("../beheer"), "/gemeenten/..%2Fbeheer"},
		{MunicipalityFeed("gent"), "/gemeenten/gent/feed.atom"},
		{Submission("tok/en"), "/indiening/tok%2Fen"},
		{Review(7), "/beheer/inzendingen/7"},
		{SheetAdmin(8), "/beheer/fiches/8"},
		{TermAdmin(9), "/beheer/termen/9"},
		{Reason(10), "/beheer/redenen/10"},
		{Mail(11), "/beheer/mail/11"},
		{UserAudit(12), "/beheer/audit?gebruiker=12"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
