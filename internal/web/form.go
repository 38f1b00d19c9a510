package web

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/upload"
	"github.com/praktijkbank/praktijkbank/templates"
)

// Limits on a POST of the sheet form.
const (
	maxBodyBytes  = 10 << 20 // the whole request
	maxFieldBytes = 64 << 10 // one text field; longer text is cut (and refused as too long)
	maxFormParts  = 3000
	maxChosen     = 200 // checked terms per facet
)

// errBadForm means a request body that is no form at all.
var errBadForm = errors.New("web: malformed form")

// postedForm is the body of a POST of a form: its text fields and, for the sheet form, the
// photo as sent.
type postedForm struct {
	values   url.Values
	fileName string
	file     []byte // nil when no photo was chosen
	fileErr  error  // why the photo could not be read whole
}

// readPostedForm reads a url-encoded or multipart form of at most maxBodyBytes. A multipart
// body is read part by part, so that a photo that is too large costs its message on the photo
// field but never the text typed before it (the photo field is the last of the form); the
// photo is kept in memory up to upload.DefaultMaxBytes.
func readPostedForm(w http.ResponseWriter, r *http.Request) (postedForm, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	pf := postedForm{values: url.Values{}}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				pf.fileErr = upload.ErrTooLarge
				return pf, nil
			}
			return pf, errBadForm
		}
		pf.values = r.PostForm
		return pf, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return pf, errBadForm
	}
	for n := 0; n < maxFormParts; n++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			pf.readFailed(err, false)
			break
		}
		name := part.FormName()
		if name == templates.FieldImage {
			if err := pf.readPhoto(part); err != nil {
				pf.readFailed(err, true)
				break
			}
			continue
		}
		if name == "" || part.FileName() != "" {
			if _, err := io.Copy(io.Discard, part); err != nil {
				pf.readFailed(err, false)
				break
			}
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, maxFieldBytes))
		if err == nil {
			_, err = io.Copy(io.Discard, part)
		}
		if err != nil {
			pf.readFailed(err, false)
			break
		}
		pf.values.Add(name, string(data))
	}
	return pf, nil
}

// readPhoto keeps the first photo part in memory, or records that it is too large.
func (pf *postedForm) readPhoto(part io.Reader) error {
	data, err := io.ReadAll(io.LimitReader(part, upload.DefaultMaxBytes+1))
	if err != nil {
		return err
	}
	if len(data) > upload.DefaultMaxBytes {
		pf.fileErr = upload.ErrTooLarge
		_, err := io.Copy(io.Discard, part)
		return err
	}
	if len(data) == 0 || pf.file != nil || pf.fileErr != nil {
		return nil // no file chosen, or a second one
	}
	pf.file = data
	if p, ok := part.(interface{ FileName() string }); ok {
		pf.fileName = cleanLine(p.FileName(), templates.MaxShort)
	}
	if pf.fileName == "" {
		pf.fileName = "foto"
	}
	return nil
}

// readFailed records why reading the body stopped: a body over the limit is blamed on the
// photo (nothing else is that large), as is any failure while the photo was read.
func (pf *postedForm) readFailed(err error, inPhoto bool) {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		pf.fileErr = upload.ErrTooLarge
		pf.file = nil
	case inPhoto:
		pf.fileErr = err
		pf.file = nil
	}
}

// action returns the button the submitter pressed; a body cut off before the buttons counts
// as a draft save.
func (pf postedForm) action() string {
	switch a := pf.values.Get(templates.FieldAction); a {
	case templates.ActionSubmit, templates.ActionDraft, templates.ActionSave, templates.ActionAnswer, templates.ActionPreview,
		templates.ActionAddVariant, templates.ActionAddResource, templates.ActionAddSection,
		templates.SuggestAction(templates.FieldGoal), templates.SuggestAction(templates.FieldTargetGroup):
		return a
	}
	return templates.ActionDraft
}

// honeypot reports whether the field that people leave empty was filled in.
func (pf postedForm) honeypot() bool {
	return strings.TrimSpace(pf.values.Get(templates.FieldHoneypot)) != ""
}

// cleanText makes typed text safe to store and compare: valid UTF-8, line ends as "\n", no
// control characters (PostgreSQL refuses NUL), no surrounding space.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r' || r == '\u2028' || r == '\u2029':
			return '\n'
		case unicode.IsControl(r) || r == '\uFEFF':
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// cleanLine is cleanText for one-line fields, cut at n characters when it is far too long to
// be a typing error (validation reports what is merely too long).
func cleanLine(s string, n int) string {
	s = strings.Join(strings.Fields(cleanText(s)), " ")
	if utf8.RuneCountInString(s) > 4*n {
		s = string([]rune(s)[:4*n])
	}
	return s
}

var groupKey = regexp.MustCompile(`^(variant|materiaal|sectie)-([1-9][0-9]{0,3})-[a-z]+$`)

// decodeSheetForm reads the sheet form from posted values, as typed (cleaned), groups in the
// order of their numbers and empty groups included.
func decodeSheetForm(v url.Values) templates.SheetForm {
	get := func(name string) string { return cleanText(v.Get(name)) }
	line := func(name string) string { return cleanLine(v.Get(name), templates.MaxLine) }
	f := templates.SheetForm{
		Title:           line(templates.FieldTitle),
		Intro:           get(templates.FieldIntro),
		Categories:      chosen(v[templates.FieldCategory]),
		PolicyDomains:   chosen(v[templates.FieldPolicyDomain]),
		Goals:           chosen(v[templates.FieldGoal]),
		TargetGroups:    chosen(v[templates.FieldTargetGroup]),
		GoalText:        get(templates.FieldGoalText),
		TargetGroupText: get(templates.FieldTargetGroupText),
		GoalOffered:     chosen(strings.Fields(v.Get(templates.FieldGoalOffered))),
		TargetOffered:   chosen(strings.Fields(v.Get(templates.FieldTargetOffered))),
		Note:            get(templates.FieldNote),
		ChangeReason:    get(templates.FieldChangeReason),
		OtherPlaces:     line(templates.FieldOtherPlaces),
		Description:     get(templates.FieldDescription),
		SuccessFactors:  get(templates.FieldSuccessFactors),
		Challenges:      get(templates.FieldChallenges),
		Partners:        get(templates.FieldPartners),
		Contact:         get(templates.FieldContact),
		Name:            line(templates.FieldName),
		Organisation:    line(templates.FieldOrganisation),
		Email:           line(templates.FieldEmail),
		ImageAlt:        line(templates.FieldImageAlt),
		ImageCredit:     line(templates.FieldImageCredit),
		ImageConsent:    v.Get(templates.FieldImageConsent) != "",
		RemoveImage:     v.Get(templates.FieldRemoveImage) != "",
	}
	counts := map[string]int{}
	for key := range v {
		if m := groupKey.FindStringSubmatch(key); m != nil {
			if n, _ := strconv.Atoi(m[2]); n <= templates.MaxGroups*2 && n > counts[m[1]] {
				counts[m[1]] = n
			}
		}
	}
	g := func(group string, i int, part string) string { return templates.GroupField(group, i, part) }
	for i := 1; i <= counts[templates.GroupVariant]; i++ {
		f.Variants = append(f.Variants, templates.VariantInput{
			Places:      line(g(templates.GroupVariant, i, templates.PartPlaces)),
			Text:        get(g(templates.GroupVariant, i, templates.PartText)),
			ContactName: line(g(templates.GroupVariant, i, templates.PartContact)),
			Email:       line(g(templates.GroupVariant, i, templates.PartEmail)),
			MoreInfo:    get(g(templates.GroupVariant, i, templates.PartMoreInfo)),
		})
	}
	for i := 1; i <= counts[templates.GroupResource]; i++ {
		f.Resources = append(f.Resources, templates.ResourceInput{
			Title:   line(g(templates.GroupResource, i, templates.PartTitle)),
			ByWhom:  line(g(templates.GroupResource, i, templates.PartByWhom)),
			ForWhom: line(g(templates.GroupResource, i, templates.PartForWhom)),
			Content: get(g(templates.GroupResource, i, templates.PartContent)),
			Link:    get(g(templates.GroupResource, i, templates.PartLink)),
		})
	}
	for i := 1; i <= counts[templates.GroupSection]; i++ {
		f.Sections = append(f.Sections, templates.SectionInput{
			Heading: line(g(templates.GroupSection, i, templates.PartHeading)),
			Body:    get(g(templates.GroupSection, i, templates.PartText)),
		})
	}
	return f
}

// chosen returns the distinct checked values, cleaned.
func chosen(vals []string) []string {
	var out []string
	for _, s := range vals {
		if s = cleanLine(s, templates.MaxShort); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
			if len(out) == maxChosen {
				break
			}
		}
	}
	return out
}

// emptyGroups counts the groups left empty, per kind.
type emptyGroups struct{ variants, resources, sections int }

// compactGroups drops the groups of f in which nothing was typed and counts them.
func compactGroups(f *templates.SheetForm) emptyGroups {
	var e emptyGroups
	f.Variants, e.variants = dropEmpty(f.Variants, templates.VariantInput.Empty)
	f.Resources, e.resources = dropEmpty(f.Resources, templates.ResourceInput.Empty)
	f.Sections, e.sections = dropEmpty(f.Sections, templates.SectionInput.Empty)
	return e
}

func dropEmpty[T any](in []T, empty func(T) bool) ([]T, int) {
	var out []T
	for _, x := range in {
		if !empty(x) {
			out = append(out, x)
		}
	}
	return out, len(in) - len(out)
}

// padGroups appends the empty groups the form shows after the filled ones: one of each kind,
// and for the kind that action adds, one more than the submitter left empty. It returns the id
// to focus: the first field of the group just added, the button that asked for terms, or "".
func padGroups(f *templates.SheetForm, action string, e emptyGroups) string {
	extra := func(add string, had int) int {
		if action == add {
			return had + 1
		}
		return 1
	}
	for i := extra(templates.ActionAddVariant, e.variants); i > 0 && len(f.Variants) < templates.MaxGroups; i-- {
		f.Variants = append(f.Variants, templates.VariantInput{})
	}
	for i := extra(templates.ActionAddResource, e.resources); i > 0 && len(f.Resources) < templates.MaxGroups; i-- {
		f.Resources = append(f.Resources, templates.ResourceInput{})
	}
	for i := extra(templates.ActionAddSection, e.sections); i > 0 && len(f.Sections) < templates.MaxGroups; i-- {
		f.Sections = append(f.Sections, templates.SectionInput{})
	}
	switch action {
	case templates.ActionAddVariant:
		return templates.GroupField(templates.GroupVariant, len(f.Variants), templates.PartPlaces)
	case templates.SuggestAction(templates.FieldGoal), templates.SuggestAction(templates.FieldTargetGroup):
		return suggestFocus(action)
	case templates.ActionAddResource:
		return templates.GroupField(templates.GroupResource, len(f.Resources), templates.PartTitle)
	case templates.ActionAddSection:
		return templates.GroupField(templates.GroupSection, len(f.Sections), templates.PartHeading)
	}
	return ""
}

// formVocab is what the form needs of the vocabulary.
type formVocab interface {
	// termBySlug returns the term of facet f with slug as it is (merged or not).
	termBySlug(f catalog.Facet, slug string) (catalog.Term, bool)
	// resolve returns the current term for slug, following merges.
	resolve(f catalog.Facet, slug string) (catalog.Term, bool)
	// byFoldedLabel returns the current term whose label folds to label.
	byFoldedLabel(f catalog.Facet, label string) (catalog.Term, bool)
}

// termBySlug returns the term of facet f with slug, merged or current.
func (v *vocabCache) termBySlug(f catalog.Facet, slug string) (catalog.Term, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	t, ok := v.bySlug[f][slug]
	return t, ok
}

// currentTerms returns the current terms of facet f, ordered by folded label.
func (v *vocabCache) currentTerms(f catalog.Facet) []catalog.Term {
	v.mu.RLock()
	out := make([]catalog.Term, 0, len(v.byLabel[f]))
	for _, t := range v.byLabel[f] {
		out = append(out, t)
	}
	v.mu.RUnlock()
	slices.SortFunc(out, func(a, b catalog.Term) int {
		return strings.Compare(catalog.Fold(a.Label), catalog.Fold(b.Label))
	})
	return out
}

// matchPlace finds the municipality a typed name means (a former name leads to the current
// municipality). The place keeps the name of the term typed; ok is false for an unknown name.
func matchPlace(voc formVocab, name string) (catalog.Place, bool) {
	t, ok := voc.termBySlug(catalog.FacetMunicipality, catalog.Slugify(name))
	if !ok {
		t, ok = voc.byFoldedLabel(catalog.FacetMunicipality, name)
	}
	if !ok {
		return catalog.Place{Name: name}, false
	}
	cur, ok := voc.resolve(catalog.FacetMunicipality, t.Slug)
	if !ok {
		return catalog.Place{Name: name}, false
	}
	return catalog.Place{Name: t.Label, TermSlug: cur.Slug}, true
}

// facetFields pairs the checkbox fields of the form with their facets, in the order of the
// site's filters.
var facetFields = []struct {
	facet catalog.Facet
	field string
}{
	{catalog.FacetCategory, templates.FieldCategory},
	{catalog.FacetGoal, templates.FieldGoal},
	{catalog.FacetTargetGroup, templates.FieldTargetGroup},
	{catalog.FacetPolicyDomain, templates.FieldPolicyDomain},
}

func chosenOf(f *templates.SheetForm, field string) *[]string {
	switch field {
	case templates.FieldCategory:
		return &f.Categories
	case templates.FieldPolicyDomain:
		return &f.PolicyDomains
	case templates.FieldGoal:
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
	text  func(*templates.SheetForm) *string
	terms func(*templates.SheetForm) *[]string
	shown func(*templates.SheetForm) *[]string
}{
	{catalog.FacetGoal, templates.FieldGoal,
		func(f *templates.SheetForm) *string { return &f.GoalText },
		func(f *templates.SheetForm) *[]string { return &f.Goals },
		func(f *templates.SheetForm) *[]string { return &f.GoalOffered }},
	{catalog.FacetTargetGroup, templates.FieldTargetGroup,
		func(f *templates.SheetForm) *string { return &f.TargetGroupText },
		func(f *templates.SheetForm) *[]string { return &f.TargetGroups },
		func(f *templates.SheetForm) *[]string { return &f.TargetOffered }},
}

// sentenceLines are the lines of a list typed one item per line, without list marks.
func sentenceLines(s string) []string {
	var out []string
	for _, l := range templates.Lines(s) {
		if l = strings.TrimSpace(strings.TrimLeft(l, "-•*–·")); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// suggestFocus returns the id of the button that asked for terms with action, or "".
func suggestFocus(action string) string {
	for _, tf := range taggedFields {
		if action == templates.SuggestAction(tf.field) {
			return templates.SuggestButtonID(tf.field)
		}
	}
	return ""
}

// suggestTags ticks, for the goals and target groups typed, the terms that fit them and were
// not suggested before (a box the submitter unticked stays unticked), and records them as
// suggested. Without tick it only records them: a form prefilled from a sheet keeps the
// sheet's choice. It returns the labels it ticked, per checkbox group.
func (s *Server) suggestTags(ctx context.Context, f *templates.SheetForm, tick bool) error {
	f.Ticked = map[string][]string{}
	for _, tf := range taggedFields {
		labels, _, err := s.store.SuggestTerms(ctx, tf.facet, sentenceLines(*tf.text(f)))
		if err != nil {
			return err
		}
		for _, l := range labels {
			t, ok := s.vocab.byFoldedLabel(tf.facet, l)
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

// typedForm is the sheet form as posted, its empty groups dropped (and counted), with the
// terms that fit the goals and target groups typed ticked. Suggesting is a help only: when it
// fails, the form is kept as typed.
func (s *Server) typedForm(ctx context.Context, pf postedForm) (templates.SheetForm, emptyGroups) {
	f := decodeSheetForm(pf.values)
	empty := compactGroups(&f)
	if err := s.suggestTags(ctx, &f, true); err != nil {
		s.log.WarnContext(ctx, "suggest terms", "err", err)
	}
	return f, empty
}

// prefilledForm is the sheet form filled with sh; the terms that fit its goals and target
// groups count as suggested already, so that the sheet's own choice stands.
func (s *Server) prefilledForm(ctx context.Context, sh catalog.Sheet) templates.SheetForm {
	f := formFromSheet(sh, s.vocab)
	if err := s.suggestTags(ctx, &f, false); err != nil {
		s.log.WarnContext(ctx, "suggest terms", "err", err)
	}
	return f
}

// notePrefix starts the review note that carries the submitter's message to the editors.
const notePrefix = "Opmerking van de indiener: "

// sheetFromForm turns the (compacted) form into the sheet the submitter proposes: terms by
// label, goals and target groups as the lines typed (a facet with sentences but no term gets a
// review note per sentence, as does the submitter's note), municipalities from the local
// variants. Unknown term slugs are dropped; unknown place names are kept as
// typed, without a term. The image is the caller's business.
func sheetFromForm(f templates.SheetForm, voc formVocab) catalog.Sheet {
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
		for _, slug := range *chosenOf(&f, ff.field) {
			if t, ok := voc.resolve(ff.facet, slug); ok {
				add(ff.facet, t.Label)
			}
		}
	}
	sh.Goals = sentenceLines(f.GoalText)
	sh.TargetGroups = sentenceLines(f.TargetGroupText)
	for _, tf := range taggedFields {
		if len(sh.Terms[tf.facet]) > 0 {
			continue
		}
		for _, sentence := range sh.Sentences(tf.facet) {
			sh.ReviewNotes = append(sh.ReviewNotes, store.UntaggedNote(tf.facet, sentence))
		}
	}
	if f.Note != "" {
		sh.ReviewNotes = append(sh.ReviewNotes, notePrefix+f.Note)
	}
	for _, v := range f.Variants {
		vr := catalog.Variant{Text: v.Text, Email: v.Email, Contact: v.ContactName}
		switch {
		case v.ContactName != "" && v.Email != "":
			vr.Contact = v.ContactName + ": " + v.Email
		case v.Email != "":
			vr.Contact = v.Email
		}
		for _, name := range templates.SplitPlaces(v.Places) {
			pl, ok := matchPlace(voc, name)
			vr.Places = append(vr.Places, pl)
			if ok {
				if t, ok := voc.resolve(catalog.FacetMunicipality, pl.TermSlug); ok {
					add(catalog.FacetMunicipality, t.Label)
				}
			}
		}
		vr.MoreInfo, _ = templates.ParseLinks(v.MoreInfo)
		sh.Variants = append(sh.Variants, vr)
	}
	for _, name := range templates.SplitPlaces(f.OtherPlaces) {
		if pl, ok := matchPlace(voc, name); ok {
			if t, ok := voc.resolve(catalog.FacetMunicipality, pl.TermSlug); ok {
				add(catalog.FacetMunicipality, t.Label)
			}
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

// formFromSheet fills the form with a sheet: a published one for a change request, or the
// content of a stored submission. Category and policy-domain labels the vocabulary lacks are
// left out; goal and target-group labels it lacks become lines of their text.
func formFromSheet(sh catalog.Sheet, voc formVocab) templates.SheetForm {
	f := templates.SheetForm{
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
			t, ok := voc.byFoldedLabel(ff.facet, label)
			if !ok {
				t, ok = voc.resolve(ff.facet, catalog.Slugify(label))
			}
			if list := chosenOf(&f, ff.field); ok && !slices.Contains(*list, t.Slug) {
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
		if note, ok := strings.CutPrefix(n, notePrefix); ok {
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
		if pl, ok := matchPlace(voc, label); !ok || !inVariant[pl.TermSlug] {
			others = append(others, label)
		}
	}
	f.OtherPlaces = strings.Join(others, ", ")
	for _, v := range sh.Variants {
		names := make([]string, 0, len(v.Places))
		for _, p := range v.Places {
			names = append(names, p.Name)
		}
		f.Variants = append(f.Variants, templates.VariantInput{
			Places:      strings.Join(names, ", "),
			Text:        v.Text,
			ContactName: contactName(v.Contact, v.Email),
			Email:       v.Email,
			MoreInfo:    templates.FormatLinks(v.MoreInfo),
		})
	}
	for _, r := range sh.Resources {
		f.Resources = append(f.Resources, templates.ResourceInput{
			Title: r.Title, ByWhom: r.ByWhom, ForWhom: r.ForWhom, Content: r.Content, Link: r.MoreInfo,
		})
	}
	for _, s := range sh.Sections {
		f.Sections = append(f.Sections, templates.SectionInput{Heading: s.Heading, Body: s.Body})
	}
	if sh.Image != nil {
		f.ImageAlt, f.ImageCredit, f.ImageConsent = sh.Image.Alt, sh.Image.Credit, sh.Image.Consent
	}
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

// formKey is the key of the rendering of the form that was posted (a hidden field), or ""
// when there is none or it is not one the site makes.
func (pf postedForm) formKey() string {
	if k := pf.values.Get(templates.FieldFormKey); tokenPattern.MatchString(k) {
		return k
	}
	return ""
}
