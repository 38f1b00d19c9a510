package web

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/richtext"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// formFakeVocab is a small vocabulary for tests without a database.
type formFakeVocab map[catalog.Facet][]catalog.Term

func (v formFakeVocab) termBySlug(f catalog.Facet, slug string) (catalog.Term, bool) {
	for _, t := range v[f] {
		if t.Slug == slug {
			return t, true
		}
	}
	return catalog.Term{}, false
}

func (v formFakeVocab) resolve(f catalog.Facet, slug string) (catalog.Term, bool) {
	t, ok := v.termBySlug(f, slug)
	for ok && t.MergedInto != 0 {
		id := t.MergedInto
		ok = false
		for _, u := range v[f] {
			if u.ID == id {
				t, ok = u, true
			}
		}
	}
	return t, ok
}

func (v formFakeVocab) byFoldedLabel(f catalog.Facet, label string) (catalog.Term, bool) {
	for _, t := range v[f] {
		if t.MergedInto == 0 && catalog.Fold(t.Label) == catalog.Fold(label) {
			return t, true
		}
	}
	return catalog.Term{}, false
}

var formTestVocab = formFakeVocab{
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
		"titel":                 {"  Talentcoaches \x00 "},
		"beschrijving":          {"Regel een\r\nRegel twee"},
		"categorie":             {"inclusieve-vrije-tijd", "inclusieve-vrije-tijd", "bestaat-niet"},
		"doelen-tekst":          {"- Talent ontdekken\r\nSamen spelen\r\n\r\n"},
		"doel":                  {"talent-ontdekken"},
		"variant-3-gemeenten":   {"Balen, Mol en Borgloon"},
		"variant-1-gemeenten":   {"Genk"},
		"variant-1-email":       {"an@genk.be"},
		"variant-1-contact":     {"An Peeters"},
		"variant-1-info":        {"Folder: https://genk.be/folder.\nFacebookpagina"},
		"variant-9999-tekst":    {"te ver"},
		"materiaal-2-titel":     {"Draaiboek"},
		"sectie-1-kop":          {""},
		"foto-toestemming":      {"ja"},
		templates.FieldHoneypot: {""},
	}
	f := decodeSheetForm(v)
	if f.Title != "Talentcoaches" || f.Description != "Regel een\nRegel twee" {
		t.Errorf("cleaning: title %q description %q", f.Title, f.Description)
	}
	if len(f.Variants) != 3 || f.Variants[2].Places != "Balen, Mol en Borgloon" || f.Variants[1] != (templates.VariantInput{}) {
		t.Errorf("variants %+v", f.Variants)
	}
	if !reflect.DeepEqual(f.Categories, []string{"inclusieve-vrije-tijd", "bestaat-niet"}) || !f.ImageConsent {
		t.Errorf("categories %q consent %v", f.Categories, f.ImageConsent)
	}
	empty := compactGroups(&f)
	if len(f.Variants) != 2 || len(f.Resources) != 1 || len(f.Sections) != 0 || empty != (emptyGroups{1, 1, 1}) {
		t.Errorf("compacted: %d variants, %d resources, %d sections, empties %+v", len(f.Variants), len(f.Resources), len(f.Sections), empty)
	}

	sh := sheetFromForm(f, formTestVocab)
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
		empty    emptyGroups
		variants int
		focus    string
	}{
		{"", 0, emptyGroups{}, 1, ""},
		{templates.ActionSubmit, 2, emptyGroups{variants: 3}, 3, ""},
		{templates.ActionAddVariant, 1, emptyGroups{}, 2, "variant-2-gemeenten"},
		{templates.ActionAddVariant, 1, emptyGroups{variants: 1}, 3, "variant-3-gemeenten"},
		{templates.ActionAddResource, 2, emptyGroups{}, 3, "materiaal-2-titel"},
		{templates.ActionAddVariant, templates.MaxGroups, emptyGroups{}, templates.MaxGroups, "variant-60-gemeenten"},
	}
	for _, tt := range tests {
		f := templates.SheetForm{Variants: make([]templates.VariantInput, tt.filled), Resources: make([]templates.ResourceInput, 1)}
		focus := padGroups(&f, tt.action, tt.empty)
		if len(f.Variants) != tt.variants || focus != tt.focus || len(f.Sections) != 1 {
			t.Errorf("%s with %d filled, empties %+v: %d variants, focus %q; want %d, %q",
				tt.action, tt.filled, tt.empty, len(f.Variants), focus, tt.variants, tt.focus)
		}
	}
}

func TestFormValidate(t *testing.T) {
	complete := func(f *templates.SheetForm) {
		f.Title, f.Intro, f.Description = "Talentcoaches", "Een coach voor kleuters.", "Zo gaat het."
		f.Categories = []string{"inclusieve-vrije-tijd"}
		f.Variants = []templates.VariantInput{{Places: "Genk"}}
		f.Name, f.Email = "An", "an@genk.be"
	}
	isPlace := func(name string) bool { _, ok := matchPlace(formTestVocab, name); return ok }
	tests := []struct {
		name     string
		full     bool
		edit     func(f *templates.SheetForm)
		wantErrs []string // fields with an error, in page order
	}{
		{"complete", true, func(f *templates.SheetForm) {}, nil},
		{"empty form, sent", true, func(f *templates.SheetForm) { *f = templates.SheetForm{} },
			[]string{"titel", "intro", "categorie", "beschrijving", "variant-1-gemeenten", "naam", "email"}},
		{"empty form, draft", false, func(f *templates.SheetForm) { *f = templates.SheetForm{} }, nil},
		{"draft still checks what was typed", false, func(f *templates.SheetForm) {
			*f = templates.SheetForm{Title: strings.Repeat("a", 151), Email: "an@", Variants: []templates.VariantInput{{Places: "Atlantis"}}}
		}, []string{"titel", "variant-1-gemeenten", "email"}},
		{"change needs no municipality", true, func(f *templates.SheetForm) { f.Change, f.Variants = true, nil }, nil},
		{"variant without municipality", true, func(f *templates.SheetForm) {
			f.Variants = append(f.Variants, templates.VariantInput{Text: "ergens"})
		}, []string{"variant-2-gemeenten"}},
		{"former municipality name", true, func(f *templates.SheetForm) { f.Variants[0].Places = "Borgloon en Genk" }, nil},
		{"bad contact address and link", true, func(f *templates.SheetForm) {
			f.Variants[0].Email, f.Variants[0].MoreInfo = "jan at genk", "www.genk.be"
		}, []string{"variant-1-email", "variant-1-info"}},
		{"javascript link is text, not a link", true, func(f *templates.SheetForm) { f.Variants[0].MoreInfo = "javascript:alert(1)" }, nil},
		{"resource and section need a title", true, func(f *templates.SheetForm) {
			f.Resources = []templates.ResourceInput{{Content: "x"}}
			f.Sections = []templates.SectionInput{{Body: "y"}}
		}, []string{"materiaal-1-titel", "sectie-1-kop"}},
		{"rich text limit", true, func(f *templates.SheetForm) { f.Description = strings.Repeat("é", templates.MaxRichText+1) }, []string{"beschrijving"}},
		{"photo needs description and consent", true, func(f *templates.SheetForm) { f.HasUpload = true },
			[]string{"foto-alt", "foto-toestemming"}},
		{"a removed photo needs nothing", true, func(f *templates.SheetForm) { f.HasUpload, f.RemoveImage = true, true }, nil},
		{"upload refused", false, func(f *templates.SheetForm) { f.ImageError = "te groot" }, []string{"foto"}},
		{"too many goals", false, func(f *templates.SheetForm) { f.GoalText = strings.Repeat("doel\n", 21) }, []string{"doelen-tekst"}},
		{"a target group line too long", false, func(f *templates.SheetForm) {
			f.TargetGroupText = "Kleuters\n" + strings.Repeat("a", templates.MaxLine+1)
		}, []string{"doelgroep-tekst"}},
		{"note limit", false, func(f *templates.SheetForm) { f.Note = strings.Repeat("a", templates.MaxAnswer+1) }, []string{"opmerking"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f templates.SheetForm
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
		ReviewNotes:  []string{notePrefix + "De doelgroep „Grootouders” mis ik."},
		NeedsReview:  true,
	}
	f := formFromSheet(sh, formTestVocab)
	if !reflect.DeepEqual(f.Goals, []string{"talent-ontdekken"}) || f.GoalText != "Kleuters ontdekken hun talenten\nOuders leren de vrijetijdsaanbieders kennen" {
		t.Errorf("goals %q, text %q", f.Goals, f.GoalText)
	}
	if f.Note != "De doelgroep „Grootouders” mis ik." {
		t.Errorf("note %q", f.Note)
	}
	back := sheetFromForm(f, formTestVocab)
	if !reflect.DeepEqual(back, sh) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, sh)
	}
}

// FuzzDecodeSheetForm feeds arbitrary form bodies through decoding, validation and the sheet
// page: nothing panics, and the published page would carry no script and no unsafe link,
// whatever was typed.
func FuzzDecodeSheetForm(f *testing.F) {
	f.Add("titel=Talentcoaches&beschrijving=%3Cscript%3Ealert(1)%3C%2Fscript%3E&variant-1-gemeenten=Genk")
	f.Add("variant-1-info=javascript%3Aalert(1)%0Ahttps%3A%2F%2Fx.be%2F%22onmouseover%3D%22&variant-2-email=a%40b.be")
	f.Add("materiaal-1-link=%5Bx%5D(javascript%3Aalert(1))&sectie-1-tekst=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E&sectie-1-kop=%3Cb%3E")
	f.Add("doelen-tekst=%00%0D%0A%E2%80%A8x&categorie=inclusieve-vrije-tijd&variant-0009-gemeenten=Borgloon+en+Mol")
	f.Add("contact=%5Blink%5D(data%3Atext%2Fhtml%2C%3Cscript%3E)&intro=%3C%2Ftitle%3E%3Cscript%3E")
	f.Fuzz(func(t *testing.T, body string) {
		v, _ := url.ParseQuery(body)
		form := decodeSheetForm(v)
		compactGroups(&form)
		form.Validate(true, func(name string) bool { _, ok := matchPlace(formTestVocab, name); return ok })
		sh := sheetFromForm(form, formTestVocab)
		for _, md := range formRichTexts(sh) {
			if err := formCheckHTML(string(richtext.Render(md)), 0); err != nil {
				t.Fatalf("richtext of %q: %v", md, err)
			}
		}
		for _, v := range sh.Variants {
			for _, l := range v.MoreInfo {
				if l.URL != "" && !templates.ValidWebURL(l.URL) {
					t.Fatalf("unsafe more-info URL %q", l.URL)
				}
			}
		}
		sh.Slug, sh.Status, sh.Revision = "x", catalog.StatusPublished, 1
		var buf bytes.Buffer
		err := templates.SheetPage(templates.SheetProps{Page: templates.Page{Title: sh.Title, JS: "/static/app.js"}, View: templates.SheetView{Sheet: sh, Variants: variantViews(sh.Variants)}}).
			Render(context.Background(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := formCheckHTML(buf.String(), 1); err != nil { // the layout's own script only
			t.Fatalf("sheet page: %v", err)
		}
	})
}

func formRichTexts(sh catalog.Sheet) []string {
	out := []string{sh.Description, sh.SuccessFactors, sh.Challenges, sh.Partners, sh.Contact}
	for _, v := range sh.Variants {
		out = append(out, v.Text)
	}
	for _, r := range sh.Resources {
		out = append(out, r.Content, r.MoreInfo)
	}
	for _, s := range sh.Sections {
		out = append(out, s.Body)
	}
	return out
}

// formCheckHTML parses doc and fails on script elements beyond scripts, event handler
// attributes, and links or sources with a scheme other than http, https or mailto.
func formCheckHTML(doc string, scripts int) error {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return err
	}
	var problem error
	seen := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "object", "embed", "style":
				if n.Data == "script" {
					seen++
				} else if problem == nil {
					problem = fmt.Errorf("element <%s>", n.Data)
				}
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") && problem == nil {
					problem = fmt.Errorf("event handler %s=%q", a.Key, a.Val)
				}
				if (key == "href" || key == "src" || key == "action" || key == "formaction") && problem == nil {
					val := strings.ToLower(strings.TrimSpace(a.Val))
					if i := strings.IndexByte(val, ':'); i >= 0 && !strings.ContainsAny(val[:i], "/?#") {
						if s := val[:i]; s != "http" && s != "https" && s != "mailto" {
							problem = fmt.Errorf("%s with scheme %q: %q", a.Key, s, a.Val)
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if problem == nil && seen > scripts {
		problem = fmt.Errorf("%d script elements, want at most %d", seen, scripts)
	}
	return problem
}

// TestSentencesWithoutTermAreFlagged checks that goals typed without a term ticked reach the
// editors, sentence by sentence, and that list marks typed before a line are not kept.
func TestSentencesWithoutTermAreFlagged(t *testing.T) {
	f := templates.SheetForm{GoalText: "- Eenzaamheid bij ouderen doorbreken\n\n• Buren leren elkaar kennen", Goals: nil,
		TargetGroupText: "Kleuters", TargetGroups: []string{"kleuters"}}
	sh := sheetFromForm(f, formTestVocab)
	if want := []string{"Eenzaamheid bij ouderen doorbreken", "Buren leren elkaar kennen"}; !reflect.DeepEqual(sh.Goals, want) {
		t.Errorf("goals %q, want %q", sh.Goals, want)
	}
	want := []string{
		store.UntaggedNote(catalog.FacetGoal, "Eenzaamheid bij ouderen doorbreken"),
		store.UntaggedNote(catalog.FacetGoal, "Buren leren elkaar kennen"),
	}
	if !reflect.DeepEqual(sh.ReviewNotes, want) || !sh.NeedsReview {
		t.Errorf("review notes %q (needs review %v), want %q", sh.ReviewNotes, sh.NeedsReview, want)
	}
}
