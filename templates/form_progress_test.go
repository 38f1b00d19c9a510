package templates

import (
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/sheetform"
)

func renderForm(t *testing.T, p SheetFormProps) *goquery.Document {
	t.Helper()
	var b strings.Builder
	if err := SheetFormView(p).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// progressOf is the progress list as a person reads it: each step's name and state.
func progressOf(doc *goquery.Document) []string {
	var out []string
	doc.Find(".form-progress li").Each(func(_ int, li *goquery.Selection) {
		out = append(out, strings.Join(strings.Fields(li.Find(".step-name").Text()+" "+li.Find(".step-state").Text()), " "))
	})
	return out
}

// TestFormProgress checks that the steps of the submitters' form say how far each one is:
// what still needs filling in, what is done, where the errors are.
func TestFormProgress(t *testing.T) {
	var empty sheetform.Form
	empty.Pad("", sheetform.EmptyGroups{})
	got := progressOf(renderForm(t, SheetFormProps{Action: "/indienen", Form: empty}))
	want := []string{
		"Stap 1: Over de praktijk , nog in te vullen",
		"Stap 2: Doelen en doelgroep , nog in te vullen",
		"Stap 3: Gemeenten en contact , nog in te vullen",
		"Stap 4: Foto en bijlagen , niet verplicht",
		"Stap 5: Controleer en verstuur",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("empty form:\n got %q\nwant %q", got, want)
	}

	f := sheetform.Form{Title: "Talentcoaches", Intro: "Kort.", Description: "Lang.", Categories: []string{"welzijn"},
		Variants: []sheetform.VariantInput{{Places: "Genk", Email: "an at genk"}}, Name: "An", Email: "an@genk.be"}
	f.Validate(false, nil)
	doc := renderForm(t, SheetFormProps{Action: "/indiening/x", Status: "submitted", Form: f})
	got = progressOf(doc)
	want = []string{
		"Stap 1: Over de praktijk , ingevuld",
		"Stap 2: Doelen en doelgroep , ingevuld",
		"Stap 3: Gemeenten en contact , 1 fout",
		"Stap 4: Foto en bijlagen , niet verplicht",
		"Stap 5: Bewaar je wijzigingen",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("form with an error:\n got %q\nwant %q", got, want)
	}
	// Every step is a section headed "Stap n van 5", holding its fields, with a link on.
	steps := doc.Find("section.form-step")
	if steps.Length() != 5 || !strings.HasPrefix(strings.Join(strings.Fields(steps.Eq(2).Find("h2").Text()), " "), "Stap 3 van 5 Gemeenten en contact") {
		t.Errorf("%d steps, the third headed %q", steps.Length(), steps.Eq(2).Find("h2").Text())
	}
	if steps.Eq(2).Find("#variant-1-email").Length() != 1 || steps.Eq(0).Find("#beschrijving").Length() != 1 || steps.Eq(3).Find("#foto-alt").Length() != 1 {
		t.Error("a field is not in its step")
	}
	if href := steps.Eq(0).Find(".step-next a").AttrOr("href", ""); href != "#"+steps.Eq(1).AttrOr("id", "") {
		t.Errorf("the link on from step 1 leads to %q", href)
	}

	// On the private page the form sits under a level-2 heading; an editor's form has no steps.
	if doc := renderForm(t, nested(SheetFormProps{Form: empty})); doc.Find("section.form-step > h3").Length() != 5 || doc.Find("section.form-step > h2").Length() != 0 {
		t.Error("a nested form's steps are not headed at level 3")
	}
	if doc := renderForm(t, SheetFormProps{Form: empty, Editor: true}); doc.Find(".form-progress, section.form-step").Length() != 0 || doc.Find("#titel").Length() != 1 {
		t.Error("an editor's form shows steps, or lost its fields")
	}
}
