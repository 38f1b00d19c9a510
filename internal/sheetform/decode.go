package sheetform

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxChosen is how many checked terms of one facet a posted form may carry; more are ignored.
const MaxChosen = 200

// CleanText makes typed text safe to store and compare: valid UTF-8, line ends as "\n", no
// control characters (PostgreSQL refuses NUL), no surrounding space.
func CleanText(s string) string {
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

// CleanLine is CleanText for one-line fields, cut at 4n characters, when it is far too long
// to be a typing error (validation reports what is merely too long).
func CleanLine(s string, n int) string {
	s = strings.Join(strings.Fields(CleanText(s)), " ")
	if utf8.RuneCountInString(s) > 4*n {
		s = string([]rune(s)[:4*n])
	}
	return s
}

var groupKey = regexp.MustCompile(`^(variant|materiaal|sectie)-([1-9][0-9]{0,3})-[a-z]+$`)

// Decode reads the sheet form from posted values, as typed (cleaned), groups in the order of
// their numbers and empty groups included.
func Decode(v url.Values) Form {
	get := func(name string) string { return CleanText(v.Get(name)) }
	line := func(name string) string { return CleanLine(v.Get(name), MaxLine) }
	f := Form{
		Title:           line(FieldTitle),
		Intro:           get(FieldIntro),
		Categories:      chosen(v[FieldCategory]),
		PolicyDomains:   chosen(v[FieldPolicyDomain]),
		Goals:           chosen(v[FieldGoal]),
		TargetGroups:    chosen(v[FieldTargetGroup]),
		GoalText:        get(FieldGoalText),
		TargetGroupText: get(FieldTargetGroupText),
		GoalOffered:     chosen(strings.Fields(v.Get(FieldGoalOffered))),
		TargetOffered:   chosen(strings.Fields(v.Get(FieldTargetOffered))),
		Note:            get(FieldNote),
		ChangeReason:    get(FieldChangeReason),
		OtherPlaces:     line(FieldOtherPlaces),
		Description:     get(FieldDescription),
		SuccessFactors:  get(FieldSuccessFactors),
		Challenges:      get(FieldChallenges),
		Partners:        get(FieldPartners),
		Contact:         get(FieldContact),
		Name:            line(FieldName),
		Organisation:    line(FieldOrganisation),
		Email:           line(FieldEmail),
		ImageAlt:        line(FieldImageAlt),
		ImageCredit:     line(FieldImageCredit),
		ImageConsent:    v.Get(FieldImageConsent) != "",
		RemoveImage:     v.Get(FieldRemoveImage) != "",
		PendingPhoto:    CleanLine(v.Get(FieldPendingPhoto), MaxShort),
	}
	counts := map[string]int{}
	for key := range v {
		if m := groupKey.FindStringSubmatch(key); m != nil {
			if n, _ := strconv.Atoi(m[2]); n <= MaxGroups*2 && n > counts[m[1]] {
				counts[m[1]] = n
			}
		}
	}
	for i := 1; i <= counts[GroupVariant]; i++ {
		f.Variants = append(f.Variants, VariantInput{
			Places:      line(GroupField(GroupVariant, i, PartPlaces)),
			Text:        get(GroupField(GroupVariant, i, PartText)),
			ContactName: line(GroupField(GroupVariant, i, PartContact)),
			Email:       line(GroupField(GroupVariant, i, PartEmail)),
			MoreInfo:    get(GroupField(GroupVariant, i, PartMoreInfo)),
		})
	}
	for i := 1; i <= counts[GroupResource]; i++ {
		f.Resources = append(f.Resources, ResourceInput{
			Title:   line(GroupField(GroupResource, i, PartTitle)),
			ByWhom:  line(GroupField(GroupResource, i, PartByWhom)),
			ForWhom: line(GroupField(GroupResource, i, PartForWhom)),
			Content: get(GroupField(GroupResource, i, PartContent)),
			Link:    get(GroupField(GroupResource, i, PartLink)),
		})
	}
	for i := 1; i <= counts[GroupSection]; i++ {
		f.Sections = append(f.Sections, SectionInput{
			Heading: line(GroupField(GroupSection, i, PartHeading)),
			Body:    get(GroupField(GroupSection, i, PartText)),
		})
	}
	return f
}

// chosen returns the distinct checked values, cleaned.
func chosen(vals []string) []string {
	var out []string
	for _, s := range vals {
		if s = CleanLine(s, MaxShort); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
			if len(out) == MaxChosen {
				break
			}
		}
	}
	return out
}

// EmptyGroups counts the groups left empty, per kind.
type EmptyGroups struct{ Variants, Resources, Sections int }

// Compact drops the groups of f in which nothing was typed and counts them.
func (f *Form) Compact() EmptyGroups {
	var e EmptyGroups
	f.Variants, e.Variants = dropEmpty(f.Variants, VariantInput.Empty)
	f.Resources, e.Resources = dropEmpty(f.Resources, ResourceInput.Empty)
	f.Sections, e.Sections = dropEmpty(f.Sections, SectionInput.Empty)
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

// Pad appends the empty groups the form shows after the filled ones: one of each kind, and
// for the kind that action adds, one more than the person left empty (e). It returns the id
// to focus: the first field of the group just added, the button that asked for terms, or "".
func (f *Form) Pad(action string, e EmptyGroups) string {
	extra := func(add string, had int) int {
		if action == add {
			return had + 1
		}
		return 1
	}
	for i := extra(ActionAddVariant, e.Variants); i > 0 && len(f.Variants) < MaxGroups; i-- {
		f.Variants = append(f.Variants, VariantInput{})
	}
	for i := extra(ActionAddResource, e.Resources); i > 0 && len(f.Resources) < MaxGroups; i-- {
		f.Resources = append(f.Resources, ResourceInput{})
	}
	for i := extra(ActionAddSection, e.Sections); i > 0 && len(f.Sections) < MaxGroups; i-- {
		f.Sections = append(f.Sections, SectionInput{})
	}
	switch action {
	case ActionAddVariant:
		return GroupField(GroupVariant, len(f.Variants), PartPlaces)
	case SuggestAction(FieldGoal), SuggestAction(FieldTargetGroup):
		return suggestFocus(action)
	case ActionAddResource:
		return GroupField(GroupResource, len(f.Resources), PartTitle)
	case ActionAddSection:
		return GroupField(GroupSection, len(f.Sections), PartHeading)
	}
	return ""
}
