package store

import (
	"slices"
	"strings"
	"testing"
)

// words makes tagWords from "form/stem" pairs; a bare form is a stop word.
func words(s string) []tagWord {
	var out []tagWord
	for _, f := range strings.Fields(s) {
		form, stem, _ := strings.Cut(f, "/")
		out = append(out, tagWord{stem: stem, form: form})
	}
	return out
}

func TestMatchTerms(t *testing.T) {
	t.Parallel()
	terms := []tagTerm{
		{label: "Gezinnen en ouders", keywords: [][]tagWord{words("ouders/ouder"), words("gezinnen/gezin")}},
		{label: "Ouderen", keywords: [][]tagWord{words("ouderen/ouder")}},
		{label: "Jonge kinderen", keywords: [][]tagWord{words("jonge/jong kinderen/kinder")}},
		{label: "Kinderen", keywords: [][]tagWord{words("kinderen/kinder")}},
		{label: "Kwetsbare gezinnen", keywords: [][]tagWord{words("kwetsbare/kwetsbar gezinnen/gezin")}},
		{label: "Huis van het Kind", keywords: [][]tagWord{words("de huis/huis van het kind/kind")}},
	}
	tests := []struct {
		sentence string
		want     []string
	}{
		{"anderstalige/anderstal ouders/ouder met jonge/jong kinderen/kinder", []string{"Gezinnen en ouders", "Jonge kinderen"}},
		{"ouderen/ouder in het woonzorgcentrum/woonzorgcentrum", []string{"Ouderen"}},
		{"ouder/ouder", []string{"Gezinnen en ouders", "Ouderen"}}, // neither written as such: both
		{"kinderen/kinder en jonge/jong gezinnen/gezin", []string{"Gezinnen en ouders", "Kinderen"}},
		{"kwetsbare/kwetsbar gezinnen/gezin", []string{"Kwetsbare gezinnen"}},
		{"het huis/huis van de kind/kind", []string{"Huis van het Kind"}}, // stop words match any word
		{"huis/huis kind/kind", nil},
		{"niets/niet", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, i := range matchTerms(words(tt.sentence), terms) {
			got = append(got, terms[i].label)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.sentence, got, tt.want)
		}
	}
}
