package sheetform

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

func TestAction(t *testing.T) {
	tests := []struct {
		posted           string
		want             string
		redraws, sending bool
	}{
		{"submit", ActionSubmit, false, true},
		{"preview", ActionPreview, false, true},
		{"save", ActionSave, false, true},
		{"answer", ActionAnswer, false, true},
		{"draft", ActionDraft, false, false},
		{"add-variant", ActionAddVariant, true, false},
		{"termen-doel", SuggestAction(FieldGoal), true, false},
		{"", ActionDraft, false, false},                // a body cut off before the buttons
		{"verwijder-alles", ActionDraft, false, false}, // unknown
	}
	for _, tt := range tests {
		got := Action(tt.posted)
		if got != tt.want || Redraws(got) != tt.redraws || Sends(got) != tt.sending {
			t.Errorf("Action(%q) = %q (redraws %v, sends %v); want %q (%v, %v)",
				tt.posted, got, Redraws(got), Sends(got), tt.want, tt.redraws, tt.sending)
		}
	}
}

// TestSuggest checks that a fitting term is ticked once: a box the person unticks stays
// unticked on the next post, and a form filled from a sheet keeps the sheet's choice.
func TestSuggest(t *testing.T) {
	suggest := func(f catalog.Facet, sentences []string) ([]string, error) {
		if f == catalog.FacetGoal && len(sentences) > 0 && strings.Contains(sentences[0], "talent") {
			return []string{"Talent ontdekken"}, nil
		}
		return nil, nil
	}
	f := Form{GoalText: "- Kinderen ontdekken hun talent"}
	if err := f.Suggest(suggest, formTestVocab, true); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.Goals, []string{"talent-ontdekken"}) || !reflect.DeepEqual(f.Ticked[FieldGoal], []string{"Talent ontdekken"}) {
		t.Fatalf("first post: goals %q, ticked %q", f.Goals, f.Ticked)
	}
	f.Goals = nil // the person unticks the box and posts again
	if err := f.Suggest(suggest, formTestVocab, true); err != nil {
		t.Fatal(err)
	}
	if len(f.Goals) != 0 || len(f.Ticked[FieldGoal]) != 0 {
		t.Errorf("an unticked suggestion came back: goals %q, ticked %q", f.Goals, f.Ticked)
	}

	g := Form{GoalText: "talent"}
	if err := g.Suggest(suggest, formTestVocab, false); err != nil {
		t.Fatal(err)
	}
	if len(g.Goals) != 0 || !reflect.DeepEqual(g.GoalOffered, []string{"talent-ontdekken"}) {
		t.Errorf("prefilled form: goals %q offered %q; want none ticked, one offered", g.Goals, g.GoalOffered)
	}

	failing := func(catalog.Facet, []string) ([]string, error) { return nil, errors.New("down") }
	if err := g.Suggest(failing, formTestVocab, true); err == nil {
		t.Error("a failing suggester should be reported")
	}
}

func TestFromSubmission(t *testing.T) {
	sub := catalog.Submission{
		Kind:         catalog.KindChange,
		ChangeReason: "Het adres is veranderd.",
		Submitter:    catalog.Submitter{Name: "An", Organisation: "Genk", Email: "an@genk.be"},
		HasImage:     true,
		Content: catalog.Sheet{Title: "Talentcoaches",
			Image: &catalog.Image{File: "foto.jpg", Alt: "Een coach", Credit: "Stad Genk", Consent: true}},
	}
	f := FromSubmission(sub, formTestVocab)
	if !f.Change || f.AskReason || f.ChangeReason != sub.ChangeReason || f.Submitter() != sub.Submitter || !f.HasUpload ||
		f.Title != "Talentcoaches" || f.ImageAlt != "Een coach" || !f.ImageConsent {
		t.Errorf("form %+v", f)
	}
	f.ImageAlt = "Twee coaches"
	img := f.Image(sub.Content.Image)
	if img.File != "foto.jpg" || img.Alt != "Twee coaches" || sub.Content.Image.Alt != "Een coach" {
		t.Errorf("image %+v (stored image %+v must stay)", img, sub.Content.Image)
	}
	if f.Image(nil) != nil {
		t.Error("no image stays no image")
	}
}

func TestPlaceCheck(t *testing.T) {
	sheet := &catalog.Sheet{Variants: []catalog.Variant{{Places: []catalog.Place{{Name: "Machelen-Diegem"}}}}}
	for _, tt := range []struct {
		sheet *catalog.Sheet
		name  string
		want  bool
	}{
		{nil, "Genk", true},
		{nil, "borgloon", true}, // a former name
		{nil, "Machelen-Diegem", false},
		{sheet, "machelen-diegem", true}, // named by the sheet already
		{sheet, "Atlantis", false},
	} {
		if got := PlaceCheck(formTestVocab, tt.sheet)(tt.name); got != tt.want {
			t.Errorf("place %q (sheet %v): %v, want %v", tt.name, tt.sheet != nil, got, tt.want)
		}
	}
}

func TestAnswerProblem(t *testing.T) {
	if AnswerProblem("", false) != "" || AnswerProblem("", true) == "" {
		t.Error("an empty answer is a problem only when required")
	}
	if msg := AnswerProblem(strings.Repeat("é", MaxAnswer+1), false); !strings.Contains(msg, "5.000") || !strings.Contains(msg, "5.001") {
		t.Errorf("too long: %q", msg)
	}
}

func TestUnfinished(t *testing.T) {
	f := Form{Title: "Talentcoaches", Variants: []VariantInput{{Places: "Genk", Email: "an at genk"}}}
	got := f.Unfinished()
	want := []string{FieldIntro, FieldCategory, FieldDescription, "variant-1-email", FieldName, FieldEmail}
	if !reflect.DeepEqual(got, want) || f.Errors != nil {
		t.Errorf("unfinished %q, want %q; the form's own errors %v must stay untouched", got, want, f.Errors)
	}
	f.Change = true
	f.Variants = nil
	if got := f.Unfinished(); slices.Contains(got, "variant-1-gemeenten") {
		t.Errorf("a change needs no municipality: %q", got)
	}
}
