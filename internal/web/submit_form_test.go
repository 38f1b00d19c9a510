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

// TestSubmitFormPhotoConsent: the consent box says in its own label whose consent it is; what
// follows from it stands under the label, not as a fragment above the box.
func TestSubmitFormPhotoConsent(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/indienen", 200)
	box := doc.Find("input[type=checkbox][name=foto-toestemming]")
	if box.Length() != 1 {
		t.Fatalf("found %d consent boxes", box.Length())
	}
	id, _ := box.Attr("id")
	label := strings.Join(strings.Fields(doc.Find("label[for='"+id+"']").Text()), " ")
	if label != "Ik heb toestemming van de fotograaf en van iedereen die herkenbaar op de foto staat" {
		t.Errorf("the consent box is labelled %q", label)
	}
	field := box.Closest(".field")
	var order []string
	field.Find("p, input, label").Each(func(_ int, el *goquery.Selection) {
		order = append(order, goquery.NodeName(el))
	})
	if got := strings.Join(order, " "); got != "input label p" {
		t.Errorf("the consent field shows %q in this order, want the box, its label, then the hint", got)
	}
	hint := strings.Join(strings.Fields(field.Find("p.hint").Text()), " ")
	if hint != "Zonder die toestemming tonen we de foto niet op de Praktijkbank." {
		t.Errorf("the consent hint says %q", hint)
	}
	if d, _ := box.Attr("aria-describedby"); !strings.Contains(d, field.Find("p.hint").AttrOr("id", "?")) {
		t.Errorf("the consent box is not described by its hint: %q", d)
	}
}

// TestFieldMarkers: every form marks a field as required or optional in the same way, after
// the label's words in a grey span, never written into the label in its own weight.
func TestFieldMarkers(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	pages := []string{"/indienen", "/contact", "/praktijken/vrijetijdscoaching-genk/probleem",
		"/praktijken/vrijetijdscoaching-genk/contact", "/praktijken/vrijetijdscoaching-genk/wijzigen"}
	optional := 0
	for _, path := range pages {
		doc := s.get(t, path, 200)
		doc.Find("main label, main legend, main summary").Each(func(_ int, el *goquery.Selection) {
			own := el.Clone()
			own.Find(".required").Remove()
			text := strings.Join(strings.Fields(own.Text()), " ")
			if strings.Contains(text, "verplicht") {
				t.Errorf("%s: %q says (niet) verplicht outside the marker", path, text)
			}
			el.Find(".required").Each(func(_ int, m *goquery.Selection) {
				switch strings.TrimSpace(m.Text()) {
				case "(verplicht)":
				case "(niet verplicht)":
					optional++
				default:
					t.Errorf("%s: a marker says %q", path, m.Text())
				}
			})
		})
	}
	if optional < 5 {
		t.Errorf("found %d optional markers, want those of the contact and report forms and the form's optional parts", optional)
	}
}
