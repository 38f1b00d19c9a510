package e2e

import (
	"testing"
)

// On a phone the lists of terms of the submission form are shown whole: no box of its own to
// scroll, whose lower terms a person would not see.
func TestSubmitFormTermListsWhole(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	b := browserNoJS(t)
	b.setViewport(phoneWidth, phoneHeight, true)
	b.navigate(s.URL + "/indienen")
	type list struct {
		Name     string `json:"name"`
		Scroll   int    `json:"scroll"`
		Client   int    `json:"client"`
		Overflow string `json:"overflow"`
	}
	lists := query[[]list](b, "measure the term lists", `[...document.querySelectorAll("ul.choice-list")].map(ul => ({
		name: textOf(ul.closest("fieldset").querySelector("legend")), scroll: ul.scrollHeight, client: ul.clientHeight,
		overflow: getComputedStyle(ul).overflowY}))`)
	if len(lists) < 3 {
		t.Fatalf("the form shows %d lists of terms, want category, goal, target group and policy domain", len(lists))
	}
	for _, l := range lists {
		if l.Scroll > l.Client+1 || l.Overflow == "auto" || l.Overflow == "scroll" {
			t.Errorf("the list %q scrolls inside the page (%d px of %d shown, overflow %s)", l.Name, l.Client, l.Scroll, l.Overflow)
		}
	}
	t.Logf("the submission form is %d px tall at %d px", query[int](b, "the page's height", `document.documentElement.scrollHeight`), phoneWidth)
}
