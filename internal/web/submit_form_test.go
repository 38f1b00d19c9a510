package web_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestSubmitFormWording: the form says once and plainly what each part asks; its first step's
// heading is not repeated by the section under it, and its last button says what it does.
func TestSubmitFormWording(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/indienen", 200)
	text := strings.Join(strings.Fields(doc.Find("form").Text()), " ")
	for _, want := range []string{
		"Mist er een term? Vermeld hem in je opmerking voor de redactie.",
		"Een foto toevoegen",
		"Eén link per regel",
		"Vink dit aan als de fotograaf en iedereen die herkenbaar op de foto staat, akkoord gaan met publicatie op de Praktijkbank.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the form does not say %q", want)
		}
	}
	for _, gone := range []string{"Schrijf het in je opmerking", "Een link per regel"} {
		if strings.Contains(text, gone) {
			t.Errorf("the form still says %q", gone)
		}
	}
	step := doc.Find("#stap-praktijk")
	heading := strings.Join(strings.Fields(step.Find("h2").First().Text()), " ")
	if heading != "Stap 1 van 5 Over de praktijk" {
		t.Errorf("step 1 is headed %q", heading)
	}
	step.Find("legend").Each(func(_ int, l *goquery.Selection) {
		if strings.TrimSpace(l.Text()) == "Over de praktijk" {
			t.Error("the section under step 1 repeats the step's heading")
		}
	})
	// The photo, material and more sections are optional: closed on an empty form, their fields in it.
	parts := doc.Find("details.optional-part")
	if parts.Length() != 3 || parts.Filter("[open]").Length() != 0 || parts.Find("input[name='materiaal-1-titel'], input[name='sectie-1-kop']").Length() != 2 {
		t.Errorf("the optional parts: %d, %d open, fields %d", parts.Length(), parts.Filter("[open]").Length(),
			parts.Find("input[name='materiaal-1-titel'], input[name='sectie-1-kop']").Length())
	}
	if got := strings.TrimSpace(doc.Find("#versturen").Text()); got != "Bekijk je fiche voor je ze verstuurt" {
		t.Errorf("the form's main button says %q", got)
	}
}
