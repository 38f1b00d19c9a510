package sheetform

import (
	"slices"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Vocab is what the form needs of the vocabulary.
type Vocab interface {
	// TermBySlug returns the term of facet f with slug as it is (merged or not).
	TermBySlug(f catalog.Facet, slug string) (catalog.Term, bool)
	// Resolve returns the current term for slug, following merges.
	Resolve(f catalog.Facet, slug string) (catalog.Term, bool)
	// ByFoldedLabel returns the current term whose label folds to label.
	ByFoldedLabel(f catalog.Facet, label string) (catalog.Term, bool)
}

// MatchPlace finds the municipality a typed name means (a former name leads to the current
// municipality). The place keeps the name of the term typed; ok is false for an unknown name.
func MatchPlace(voc Vocab, name string) (catalog.Place, bool) {
	t, ok := voc.TermBySlug(catalog.FacetMunicipality, catalog.Slugify(name))
	if !ok {
		t, ok = voc.ByFoldedLabel(catalog.FacetMunicipality, name)
	}
	if !ok {
		return catalog.Place{Name: name}, false
	}
	cur, ok := voc.Resolve(catalog.FacetMunicipality, t.Slug)
	if !ok {
		return catalog.Place{Name: name}, false
	}
	return catalog.Place{Name: t.Label, TermSlug: cur.Slug}, true
}

// PlaceCheck returns the test of typed municipality names: a municipality of the vocabulary,
// or a place the published sheet of a change already names (imported sheets may name places
// that are no municipality). sheet may be nil.
func PlaceCheck(voc Vocab, sheet *catalog.Sheet) func(name string) bool {
	known := map[string]bool{}
	if sheet != nil {
		for _, v := range sheet.Variants {
			for _, pl := range v.Places {
				known[catalog.Fold(pl.Name)] = true
			}
		}
		for _, label := range sheet.Terms[catalog.FacetMunicipality] {
			known[catalog.Fold(label)] = true
		}
	}
	return func(name string) bool {
		_, ok := MatchPlace(voc, name)
		return ok || known[catalog.Fold(name)]
	}
}

// facetFields pairs the checkbox fields of the form with their facets, in the order of the
// site's filters.
var facetFields = []struct {
	facet catalog.Facet
	field string
}{
	{catalog.FacetCategory, FieldCategory},
	{catalog.FacetGoal, FieldGoal},
	{catalog.FacetTargetGroup, FieldTargetGroup},
	{catalog.FacetPolicyDomain, FieldPolicyDomain},
}

func (f *Form) chosenOf(field string) *[]string {
	switch field {
	case FieldCategory:
		return &f.Categories
	case FieldPolicyDomain:
		return &f.PolicyDomains
	case FieldGoal:
		return &f.Goals
	default:
		return &f.TargetGroups
	}
}

// taggedFields pairs the facets whose terms are suggested for sentences with the form's
// fields: the sentences typed, the terms chosen and the terms already suggested.
var taggedFields = []struct {
	facet catalog.Facet
	field string
	text  func(*Form) *string
	terms func(*Form) *[]string
	shown func(*Form) *[]string
}{
	{catalog.FacetGoal, FieldGoal,
		func(f *Form) *string { return &f.GoalText },
		func(f *Form) *[]string { return &f.Goals },
		func(f *Form) *[]string { return &f.GoalOffered }},
	{catalog.FacetTargetGroup, FieldTargetGroup,
		func(f *Form) *string { return &f.TargetGroupText },
		func(f *Form) *[]string { return &f.TargetGroups },
		func(f *Form) *[]string { return &f.TargetOffered }},
}

// SentenceLines are the lines of a list typed one item per line, without list marks.
func SentenceLines(s string) []string {
	var out []string
	for _, l := range Lines(s) {
		if l = strings.TrimSpace(strings.TrimLeft(l, "-•*–·")); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// suggestFocus returns the id of the button that asked for terms with action, or "".
func suggestFocus(action string) string {
	for _, tf := range taggedFields {
		if action == SuggestAction(tf.field) {
			return SuggestButtonID(tf.field)
		}
	}
	return ""
}

// Suggester returns the labels of the terms of facet f that fit sentences.
type Suggester func(f catalog.Facet, sentences []string) ([]string, error)

// Suggest ticks, for the goals and target groups typed, the terms that fit them and were not
// suggested before (a box the person unticked stays unticked), and records them as
// suggested; Ticked says what it ticked, per checkbox group. Without tick it only records
// them: a form filled from a sheet keeps the sheet's choice.
func (f *Form) Suggest(suggest Suggester, voc Vocab, tick bool) error {
	f.Ticked = map[string][]string{}
	for _, tf := range taggedFields {
		labels, err := suggest(tf.facet, SentenceLines(*tf.text(f)))
		if err != nil {
			return err
		}
		for _, l := range labels {
			t, ok := voc.ByFoldedLabel(tf.facet, l)
			if !ok || slices.Contains(*tf.shown(f), t.Slug) {
				continue
			}
			*tf.shown(f) = append(*tf.shown(f), t.Slug)
			if tick && !slices.Contains(*tf.terms(f), t.Slug) {
				*tf.terms(f) = append(*tf.terms(f), t.Slug)
				f.Ticked[tf.field] = append(f.Ticked[tf.field], t.Label)
			}
		}
	}
	return nil
}

// NotePrefix starts the review note that carries the submitter's message to the editors.
const NotePrefix = "Opmerking van de indiener: "

// Sheet turns the (compacted) form into the sheet it proposes: terms by label, goals and
// target groups as the lines typed (a facet with sentences but no term gets a review note per
// sentence, as does the submitter's note), municipalities from the local variants and the
// other places. Unknown term slugs are dropped; unknown place names are kept as typed, without
// a term. The image is the caller's business.
func (f Form) Sheet(voc Vocab) catalog.Sheet {
	sh := catalog.Sheet{
		Title:          f.Title,
		Intro:          f.Intro,
		Terms:          map[catalog.Facet][]string{},
		Description:    f.Description,
		SuccessFactors: f.SuccessFactors,
		Challenges:     f.Challenges,
		Partners:       f.Partners,
		Contact:        f.Contact,
	}
	add := func(facet catalog.Facet, label string) bool {
		for _, l := range sh.Terms[facet] {
			if catalog.Fold(l) == catalog.Fold(label) {
				return false
			}
		}
		sh.Terms[facet] = append(sh.Terms[facet], label)
		return true
	}
	for _, ff := range facetFields {
		for _, slug := range *f.chosenOf(ff.field) {
			if t, ok := voc.Resolve(ff.facet, slug); ok {
				add(ff.facet, t.Label)
			}
		}
	}
	sh.Goals = SentenceLines(f.GoalText)
	sh.TargetGroups = SentenceLines(f.TargetGroupText)
	for _, tf := range taggedFields {
		if len(sh.Terms[tf.facet]) > 0 {
			continue
		}
		for _, sentence := range sh.Sentences(tf.facet) {
			sh.ReviewNotes = append(sh.ReviewNotes, catalog.UntaggedNote(tf.facet, sentence))
		}
	}
	if f.Note != "" {
		sh.ReviewNotes = append(sh.ReviewNotes, NotePrefix+f.Note)
	}
	addPlace := func(pl catalog.Place) {
		if t, ok := voc.Resolve(catalog.FacetMunicipality, pl.TermSlug); ok {
			add(catalog.FacetMunicipality, t.Label)
		}
	}
	for _, v := range f.Variants {
		vr := catalog.Variant{Text: v.Text, Email: v.Email, Contact: v.ContactName}
		switch {
		case v.ContactName != "" && v.Email != "":
			vr.Contact = v.ContactName + ": " + v.Email
		case v.Email != "":
			vr.Contact = v.Email
		}
		for _, name := range SplitPlaces(v.Places) {
			pl, ok := MatchPlace(voc, name)
			vr.Places = append(vr.Places, pl)
			if ok {
				addPlace(pl)
			}
		}
		vr.MoreInfo, _ = ParseLinks(v.MoreInfo)
		sh.Variants = append(sh.Variants, vr)
	}
	for _, name := range SplitPlaces(f.OtherPlaces) {
		if pl, ok := MatchPlace(voc, name); ok {
			addPlace(pl)
		}
	}
	for _, r := range f.Resources {
		sh.Resources = append(sh.Resources, catalog.Resource{
			Title: r.Title, ByWhom: r.ByWhom, ForWhom: r.ForWhom, Content: r.Content, MoreInfo: r.Link,
		})
	}
	for _, s := range f.Sections {
		sh.Sections = append(sh.Sections, catalog.Section{Heading: s.Heading, Body: s.Body})
	}
	sh.NeedsReview = len(sh.ReviewNotes) > 0
	return sh
}

// Submitter is the submitter the form names.
func (f Form) Submitter() catalog.Submitter {
	return catalog.Submitter{Name: f.Name, Organisation: f.Organisation, Email: f.Email}
}

// Image is img with the description, credit and consent of the form; nil stays nil.
func (f Form) Image(img *catalog.Image) *catalog.Image {
	if img == nil {
		return nil
	}
	out := *img
	out.Alt, out.Credit, out.Consent = f.ImageAlt, f.ImageCredit, f.ImageConsent
	return &out
}

// FromSheet fills the form with a sheet: a published one for a change request, or the content
// of a stored submission. Category and policy-domain labels the vocabulary lacks are left out;
// goal and target-group labels it lacks become lines of their text.
func FromSheet(sh catalog.Sheet, voc Vocab) Form {
	f := Form{
		Title:          sh.Title,
		Intro:          sh.Intro,
		Description:    sh.Description,
		SuccessFactors: sh.SuccessFactors,
		Challenges:     sh.Challenges,
		Partners:       sh.Partners,
		Contact:        sh.Contact,
	}
	goals, targetGroups := slices.Clone(sh.Goals), slices.Clone(sh.TargetGroups)
	for _, ff := range facetFields {
		for _, label := range sh.Terms[ff.facet] {
			t, ok := voc.ByFoldedLabel(ff.facet, label)
			if !ok {
				t, ok = voc.Resolve(ff.facet, catalog.Slugify(label))
			}
			if list := f.chosenOf(ff.field); ok && !slices.Contains(*list, t.Slug) {
				*list = append(*list, t.Slug)
			}
			// A goal or target group that is no term (written before the vocabularies were
			// curated) is kept as the sheet's own text.
			switch {
			case ok:
			case ff.facet == catalog.FacetGoal:
				goals = appendNew(goals, label)
			case ff.facet == catalog.FacetTargetGroup:
				targetGroups = appendNew(targetGroups, label)
			}
		}
	}
	f.GoalText = strings.Join(goals, "\n")
	f.TargetGroupText = strings.Join(targetGroups, "\n")
	for _, n := range sh.ReviewNotes {
		if note, ok := strings.CutPrefix(n, NotePrefix); ok {
			f.Note = note
		}
	}
	inVariant := map[string]bool{}
	for _, v := range sh.Variants {
		for _, p := range v.Places {
			if p.TermSlug != "" {
				inVariant[p.TermSlug] = true
			}
		}
	}
	var others []string
	for _, label := range sh.Terms[catalog.FacetMunicipality] {
		if pl, ok := MatchPlace(voc, label); !ok || !inVariant[pl.TermSlug] {
			others = append(others, label)
		}
	}
	f.OtherPlaces = strings.Join(others, ", ")
	for _, v := range sh.Variants {
		names := make([]string, 0, len(v.Places))
		for _, p := range v.Places {
			names = append(names, p.Name)
		}
		f.Variants = append(f.Variants, VariantInput{
			Places:      strings.Join(names, ", "),
			Text:        v.Text,
			ContactName: contactName(v.Contact, v.Email),
			Email:       v.Email,
			MoreInfo:    FormatLinks(v.MoreInfo),
		})
	}
	for _, r := range sh.Resources {
		f.Resources = append(f.Resources, ResourceInput{
			Title: r.Title, ByWhom: r.ByWhom, ForWhom: r.ForWhom, Content: r.Content, Link: r.MoreInfo,
		})
	}
	for _, s := range sh.Sections {
		f.Sections = append(f.Sections, SectionInput{Heading: s.Heading, Body: s.Body})
	}
	if sh.Image != nil {
		f.ImageAlt, f.ImageCredit, f.ImageConsent = sh.Image.Alt, sh.Image.Credit, sh.Image.Consent
	}
	return f
}

// FromSubmission fills the form with a stored submission: its content, its submitter, whether
// it is a change and whether it has a photo of its own. The submitter's form also asks the
// reason of a change (AskReason), which the editors' form does not.
func FromSubmission(sub catalog.Submission, voc Vocab) Form {
	f := FromSheet(sub.Content, voc)
	f.Change = sub.Kind == catalog.KindChange
	f.ChangeReason = sub.ChangeReason
	f.Name, f.Organisation, f.Email = sub.Submitter.Name, sub.Submitter.Organisation, sub.Submitter.Email
	f.HasUpload = sub.HasImage
	return f
}

// appendNew appends s to list unless list has it (compared folded).
func appendNew(list []string, s string) []string {
	if slices.ContainsFunc(list, func(x string) bool { return catalog.Fold(x) == catalog.Fold(s) }) {
		return list
	}
	return append(list, s)
}

// contactName is a variant's contact without its e-mail address: "Esther Brouwer: x@y.be"
// gives "Esther Brouwer".
func contactName(contact, email string) string {
	if email != "" {
		contact = strings.Replace(contact, email, "", 1)
	}
	return strings.Trim(strings.TrimSpace(contact), " :,;-–()")
}

// Terms is a Vocab over a fixed list of terms per facet, for tests and tools without a
// database.
type Terms map[catalog.Facet][]catalog.Term

// TermBySlug implements Vocab.
func (v Terms) TermBySlug(f catalog.Facet, slug string) (catalog.Term, bool) {
	for _, t := range v[f] {
		if t.Slug == slug {
			return t, true
		}
	}
	return catalog.Term{}, false
}

// Resolve implements Vocab.
func (v Terms) Resolve(f catalog.Facet, slug string) (catalog.Term, bool) {
	t, ok := v.TermBySlug(f, slug)
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

// ByFoldedLabel implements Vocab.
func (v Terms) ByFoldedLabel(f catalog.Facet, label string) (catalog.Term, bool) {
	for _, t := range v[f] {
		if t.MergedInto == 0 && catalog.Fold(t.Label) == catalog.Fold(label) {
			return t, true
		}
	}
	return catalog.Term{}, false
}
