package sheetform

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

var formTestVocab = Terms{
	catalog.FacetCategory:     {{ID: 1, Slug: "inclusieve-vrije-tijd", Label: "Inclusieve vrije tijd"}},
	catalog.FacetPolicyDomain: {{ID: 2, Slug: "welzijn", Label: "Welzijn"}},
	catalog.FacetGoal:         {{ID: 3, Slug: "talent-ontdekken", Label: "Talent ontdekken"}},
	catalog.FacetTargetGroup:  {{ID: 4, Slug: "kleuters", Label: "Kleuters"}},
	catalog.FacetMunicipality: {
		{ID: 10, Slug: "genk", Label: "Genk"},
		{ID: 11, Slug: "tongeren-borgloon", Label: "Tongeren-Borgloon"},
		{ID: 12, Slug: "borgloon", Label: "Borgloon", MergedInto: 11},
		{ID: 13, Slug: "mol", Label: "Mol"},
		{ID: 14, Slug: "balen", Label: "Balen"},
	},
}

func TestDecodeSheetForm(t *testing.T) {
	v := url.Values{
		"titel":               {"  Talentcoaches \x00 "},
		"beschrijving":        {"Regel een\r\nRegel twee"},
		"categorie":           {"inclusieve-vrije-tijd", "inclusieve-vrije-tijd", "bestaat-niet"},
		"doelen-tekst":        {"- Talent ontdekken\r\nSamen spelen\r\n\r\n"},
		"doel":                {"talent-ontdekken"},
		"variant-3-gemeenten": {"Balen, Mol en Borgloon"},
		"variant-1-gemeenten": {"Genk"},
		"variant-1-email":     {"an@genk.be"},
		"variant-1-contact":   {"An Peeters"},
		"variant-1-info":      {"Folder: https://genk.be/folder.\nFacebookpagina"},
		"variant-9999-tekst":  {"te ver"},
		"materiaal-2-titel":   {"Draaiboek"},
		"sectie-1-kop":        {""},
		"foto-toestemming":    {"ja"},
		FieldHoneypot:         {""},
	}
	f := Decode(v)
	if f.Title != "Talentcoaches" || f.Description != "Regel een\nRegel twee" {
		t.Errorf("cleaning: title %q description %q", f.Title, f.Description)
	}
	if len(f.Variants) != 3 || f.Variants[2].Places != "Balen, Mol en Borgloon" || f.Variants[1] != (VariantInput{}) {
		t.Errorf("variants %+v", f.Variants)
	}
	if !reflect.DeepEqual(f.Categories, []string{"inclusieve-vrije-tijd", "bestaat-niet"}) || !f.ImageConsent {
		t.Errorf("categories %q consent %v", f.Categories, f.ImageConsent)
	}
	empty := f.Compact()
	if len(f.Variants) != 2 || len(f.Resources) != 1 || len(f.Sections) != 0 || empty != (EmptyGroups{1, 1, 1}) {
		t.Errorf("compacted: %d variants, %d resources, %d sections, empties %+v", len(f.Variants), len(f.Resources), len(f.Sections), empty)
	}

	sh := f.Sheet(formTestVocab)
	if got := sh.Terms[catalog.FacetCategory]; !reflect.DeepEqual(got, []string{"Inclusieve vrije tijd"}) {
		t.Errorf("categories %q (unknown slugs are dropped)", got)
	}
	if got := sh.Terms[catalog.FacetGoal]; !reflect.DeepEqual(got, []string{"Talent ontdekken"}) {
		t.Errorf("goal terms %q, want the one ticked", got)
	}
	if got := sh.Goals; !reflect.DeepEqual(got, []string{"Talent ontdekken", "Samen spelen"}) {
		t.Errorf("goals %q, want the lines typed without list marks", got)
	}
	if len(sh.ReviewNotes) != 0 || sh.NeedsReview {
		t.Errorf("review notes %q: a goal with a term ticked needs no review", sh.ReviewNotes)
	}
	wantPlaces := []catalog.Place{{Name: "Balen", TermSlug: "balen"}, {Name: "Mol", TermSlug: "mol"}, {Name: "Borgloon", TermSlug: "tongeren-borgloon"}}
	if !reflect.DeepEqual(sh.Variants[1].Places, wantPlaces) {
		t.Errorf("places %+v", sh.Variants[1].Places)
	}
	if got := sh.Terms[catalog.FacetMunicipality]; !reflect.DeepEqual(got, []string{"Genk", "Balen", "Mol", "Tongeren-Borgloon"}) {
		t.Errorf("municipalities %q", got)
	}
	v1 := sh.Variants[0]
	if v1.Contact != "An Peeters: an@genk.be" || v1.Email != "an@genk.be" ||
		!reflect.DeepEqual(v1.MoreInfo, []catalog.Link{{Label: "Folder", URL: "https://genk.be/folder"}, {Label: "Facebookpagina"}}) {
		t.Errorf("variant %+v", v1)
	}
}

func TestFormPadGroups(t *testing.T) {
	tests := []struct {
		action   string
		filled   int
		empty    EmptyGroups
		variants int
		focus    string
	}{
		{"", 0, EmptyGroups{}, 1, ""},
		{ActionSubmit, 2, EmptyGroups{Variants: 3}, 3, ""},
		{ActionAddVariant, 1, EmptyGroups{}, 2, "variant-2-gemeenten"},
		{ActionAddVariant, 1, EmptyGroups{Variants: 1}, 3, "variant-3-gemeenten"},
		{ActionAddResource, 2, EmptyGroups{}, 3, "materiaal-2-titel"},
		{ActionAddVariant, MaxGroups, EmptyGroups{}, MaxGroups, "variant-60-gemeenten"},
	}
	for _, tt := range tests {
		f := Form{Variants: make([]VariantInput, tt.filled), Resources: make([]ResourceInput, 1)}
		focus := f.Pad(tt.action, tt.empty)
		if len(f.Variants) != tt.variants || focus != tt.focus || len(f.Sections) != 1 {
			t.Errorf("%s with %d filled, empties %+v: %d variants, focus %q; want %d, %q",
				tt.action, tt.filled, tt.empty, len(f.Variants), focus, tt.variants, tt.focus)
		}
	}
}

func TestFormValidate(t *testing.T) {
	complete := func(f *Form) {
		f.Title, f.Intro, f.Description = "Talentcoaches", "Een coach voor kleuters.", "Zo gaat het."
		f.Categories = []string{"inclusieve-vrije-tijd"}
		f.Variants = []VariantInput{{Places: "Genk"}}
		f.Name, f.Email = "An", "an@genk.be"
	}
	isPlace := func(name string) bool { _, ok := MatchPlace(formTestVocab, name); return ok }
	tests := []struct {
		name     string
		full     bool
		edit     func(f *Form)
		wantErrs []string // fields with an error, in page order
	}{
		{"complete", true, func(f *Form) {}, nil},
		{"empty form, sent", true, func(f *Form) { *f = Form{} },
			[]string{"titel", "intro", "categorie", "beschrijving", "variant-1-gemeenten", "naam", "email"}},
		{"empty form, draft", false, func(f *Form) { *f = Form{} }, nil},
		{"draft still checks what was typed", false, func(f *Form) {
			*f = Form{Title: strings.Repeat("a", 151), Email: "an@", Variants: []VariantInput{{Places: "Atlantis"}}}
		}, []string{"titel", "variant-1-gemeenten", "email"}},
		{"change needs no municipality", true, func(f *Form) { f.Change, f.Variants = true, nil }, nil},
		{"variant without municipality", true, func(f *Form) {
			f.Variants = append(f.Variants, VariantInput{Text: "ergens"})
		}, []string{"variant-2-gemeenten"}},
		{"former municipality name", true, func(f *Form) { f.Variants[0].Places = "Borgloon en Genk" }, nil},
		{"bad contact address and link", true, func(f *Form) {
			f.Variants[0].Email, f.Variants[0].MoreInfo = "jan at genk", "www.genk.be"
		}, []string{"variant-1-email", "variant-1-info"}},
		{"javascript link is text, not a link", true, func(f *Form) { f.Variants[0].MoreInfo = "javascript:alert(1)" }, nil},
		{"resource and section need a title", true, func(f *Form) {
			f.Resources = []ResourceInput{{Content: "x"}}
			f.Sections = []SectionInput{{Body: "y"}}
		}, []string{"materiaal-1-titel", "sectie-1-kop"}},
		{"rich text limit", true, func(f *Form) { f.Description = strings.Repeat("é", MaxRichText+1) }, []string{"beschrijving"}},
		{"photo needs description and consent", true, func(f *Form) { f.HasUpload = true },
			[]string{"foto-alt", "foto-toestemming"}},
		{"a removed photo needs nothing", true, func(f *Form) { f.HasUpload, f.RemoveImage = true, true }, nil},
		{"upload refused", false, func(f *Form) { f.ImageError = "te groot" }, []string{"foto"}},
		{"too many goals", false, func(f *Form) { f.GoalText = strings.Repeat("doel\n", 21) }, []string{"doelen-tekst"}},
		{"a target group line too long", false, func(f *Form) {
			f.TargetGroupText = "Kleuters\n" + strings.Repeat("a", MaxLine+1)
		}, []string{"doelgroep-tekst"}},
		{"note limit", false, func(f *Form) { f.Note = strings.Repeat("a", MaxAnswer+1) }, []string{"opmerking"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f Form
			complete(&f)
			tt.edit(&f)
			f.Validate(tt.full, isPlace)
			var got []string
			for _, e := range f.Errors {
				got = append(got, e.Field)
				if e.Message == "" {
					t.Errorf("empty message for %s", e.Field)
				}
			}
			if !reflect.DeepEqual(got, tt.wantErrs) {
				t.Errorf("errors on %q, want %q (%+v)", got, tt.wantErrs, f.Errors)
			}
		})
	}
}

// TestFormRoundTrip checks that a sheet put in the form and read back is the same sheet.
func TestFormRoundTrip(t *testing.T) {
	sh := catalog.Sheet{
		Title: "Talentcoaches", Intro: "Kort.", Description: "Lang.\n\n- een\n- twee",
		Terms: map[catalog.Facet][]string{
			catalog.FacetCategory:     {"Inclusieve vrije tijd"},
			catalog.FacetGoal:         {"Talent ontdekken"},
			catalog.FacetTargetGroup:  {"Kleuters"},
			catalog.FacetMunicipality: {"Genk", "Balen", "Mol", "Tongeren-Borgloon"},
		},
		Variants: []catalog.Variant{
			{Places: []catalog.Place{{Name: "Genk", TermSlug: "genk"}}, Text: "In Genk.", Contact: "Esther Brouwer: eb@genk.be", Email: "eb@genk.be",
				MoreInfo: []catalog.Link{{Label: "Flyer"}, {Label: "Site", URL: "https://genk.be"}, {Label: "https://mol.be", URL: "https://mol.be"}}},
			{Places: []catalog.Place{{Name: "Balen", TermSlug: "balen"}, {Name: "Mol", TermSlug: "mol"}}, Contact: "x@mol.be", Email: "x@mol.be"},
		},
		Resources:    []catalog.Resource{{Title: "Draaiboek", ByWhom: "VVSG", ForWhom: "Gemeenten", Content: "Inhoud", MoreInfo: "https://vvsg.be"}},
		Sections:     []catalog.Section{{Heading: "Tijdslijn", Body: "2024: start"}},
		Contact:      "Dienst Welzijn",
		Goals:        []string{"Kleuters ontdekken hun talenten", "Ouders leren de vrijetijdsaanbieders kennen"},
		TargetGroups: []string{"Vijfjarige kleuters en hun gezin"},
		ReviewNotes:  []string{NotePrefix + "De doelgroep „Grootouders” mis ik."},
		NeedsReview:  true,
	}
	f := FromSheet(sh, formTestVocab)
	if !reflect.DeepEqual(f.Goals, []string{"talent-ontdekken"}) || f.GoalText != "Kleuters ontdekken hun talenten\nOuders leren de vrijetijdsaanbieders kennen" {
		t.Errorf("goals %q, text %q", f.Goals, f.GoalText)
	}
	if f.Note != "De doelgroep „Grootouders” mis ik." {
		t.Errorf("note %q", f.Note)
	}
	back := f.Sheet(formTestVocab)
	if !reflect.DeepEqual(back, sh) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, sh)
	}
}

// TestSentencesWithoutTermAreFlagged checks that goals typed without a term ticked reach the
// editors, sentence by sentence, and that list marks typed before a line are not kept.
func TestSentencesWithoutTermAreFlagged(t *testing.T) {
	f := Form{GoalText: "- Eenzaamheid bij ouderen doorbreken\n\n• Buren leren elkaar kennen", Goals: nil,
		TargetGroupText: "Kleuters", TargetGroups: []string{"kleuters"}}
	sh := f.Sheet(formTestVocab)
	if want := []string{"Eenzaamheid bij ouderen doorbreken", "Buren leren elkaar kennen"}; !reflect.DeepEqual(sh.Goals, want) {
		t.Errorf("goals %q, want %q", sh.Goals, want)
	}
	want := []string{
		catalog.UntaggedNote(catalog.FacetGoal, "Eenzaamheid bij ouderen doorbreken"),
		catalog.UntaggedNote(catalog.FacetGoal, "Buren leren elkaar kennen"),
	}
	if !reflect.DeepEqual(sh.ReviewNotes, want) || !sh.NeedsReview {
		t.Errorf("review notes %q (needs review %v), want %q", sh.ReviewNotes, sh.NeedsReview, want)
	}
}
