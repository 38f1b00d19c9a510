package web

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/templates"
)

// sheetView builds what sheetArticle shows of sheet sh in context c. Terms in the vocabulary
// link to the catalogue; on the public page the others are left out, elsewhere they are
// shown as written and marked when they are in newTerms (not in the vocabulary yet). On the
// public page the municipalities of the facts box link to their variant on the same page.
func (s *Server) sheetView(ctx context.Context, sh catalog.Sheet, c templates.SheetContext, newTerms map[catalog.Facet][]string) templates.SheetView {
	vs := slices.Clone(sh.Variants)
	v := templates.SheetView{Sheet: sh, Context: c, HeadingLevel: 1, Variants: variantViews(vs)}
	sortVariants(v.Variants, vs)
	var anchors map[string]string
	switch c {
	case templates.SheetPublic:
		v.HistoryURL = historyURL(sh.Slug)
		v.ChangeURL = sheetURL(sh.Slug) + "/wijzigen"
		v.ReportURL = reportURL(sh.Slug)
		v.ContactURL = paths.ContactChange(sh.Slug)
		v.PageURL = s.absolute(sheetURL(sh.Slug))
		anchors = anchorVariants(v.Variants, vs)
	case templates.SheetReview:
		v.HeadingLevel = 2
	}
	for _, f := range catalog.Facets {
		var terms []templates.TermLink
		seen := map[string]bool{}
		for _, label := range sh.Terms[f] {
			if c != templates.SheetPublic {
				if seen[catalog.Fold(label)] {
					continue
				}
				seen[catalog.Fold(label)] = true
			}
			t := templates.TermLink{Label: label}
			for _, n := range newTerms[f] {
				t.New = t.New || catalog.Fold(n) == catalog.Fold(label)
			}
			known, ok := s.vocabOf(ctx).byFoldedLabel(f, label)
			switch {
			case ok && !t.New:
				t.Label = known.Label
				t.URL = termURL(f, known.Slug)
				if f == catalog.FacetMunicipality && c != templates.SheetPublic {
					t.URL = paths.Municipality(known.Slug)
				}
				if id, ok := anchors[known.Slug]; ok && f == catalog.FacetMunicipality {
					t.URL = "#" + id
				}
			case c == templates.SheetPublic:
				continue
			}
			terms = append(terms, t)
		}
		if f == catalog.FacetMunicipality {
			// In the order of the variants below.
			slices.SortStableFunc(terms, func(a, b templates.TermLink) int {
				return cmp.Compare(catalog.Fold(a.Label), catalog.Fold(b.Label))
			})
		}
		if len(terms) > 0 {
			label := facetNoun[f].one
			if len(terms) > 1 {
				label = facetNoun[f].many
			}
			if f.Tagged() {
				// The sheet's own goals and target groups follow under "Doelen" and
				// "Doelgroep": these are the catalogue's terms for them, to filter on.
				label += " (zoekfilter)"
			}
			v.Facets = append(v.Facets, templates.FacetTerms{Label: catalog.UpperFirst(label), Terms: terms})
		}
	}
	return v
}

// variantViews shows variants as written, in their order, with their municipalities linked
// to their pages.
func variantViews(vs []catalog.Variant) []templates.VariantView {
	out := make([]templates.VariantView, 0, len(vs))
	for _, v := range vs {
		vv := templates.VariantView{Text: v.Text, Contacts: contactParts(v.Contact, v.Email), MoreInfo: v.MoreInfo}
		for _, pl := range v.Places {
			p := templates.PlaceView{Label: pl.Name}
			if pl.TermSlug != "" {
				p.URL = paths.Municipality(pl.TermSlug)
			}
			vv.Places = append(vv.Places, p)
		}
		out = append(out, vv)
	}
	return out
}

// sortVariants sorts views (made from vs, in the same order) by the name of their first
// municipality, the variants without one last; vs is sorted along.
func sortVariants(views []templates.VariantView, vs []catalog.Variant) {
	key := func(v templates.VariantView) string {
		if len(v.Places) == 0 {
			return "\uffff"
		}
		return catalog.Fold(v.Places[0].Label)
	}
	idx := make([]int, len(views))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(key(views[a]), key(views[b])) })
	sortedViews := make([]templates.VariantView, len(views))
	sortedVs := make([]catalog.Variant, len(vs))
	for to, from := range idx {
		sortedViews[to], sortedVs[to] = views[from], vs[from]
	}
	copy(views, sortedViews)
	copy(vs, sortedVs)
}

// anchorVariants gives every variant of views (made from vs, in the same order) an anchor
// named after its first municipality ("gemeente-mol"), and every municipality the first
// variant that names it: the variant's own anchor when it comes first there, else an anchor
// on its name in the variant's heading. It returns the anchor of each municipality by its
// term slug (by its slugified name for places not in the vocabulary).
func anchorVariants(views []templates.VariantView, vs []catalog.Variant) map[string]string {
	used := map[string]bool{}
	unique := func(base string) string {
		id := base
		for n := 2; used[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		used[id] = true
		return id
	}
	slug := func(p catalog.Place) string {
		if p.TermSlug != "" {
			return p.TermSlug
		}
		return catalog.Slugify(p.Name)
	}
	anchors := map[string]string{}
	for i := range views {
		if len(vs[i].Places) == 0 || slug(vs[i].Places[0]) == "" {
			views[i].ID = unique("variant")
			continue
		}
		first := slug(vs[i].Places[0])
		views[i].ID = unique("gemeente-" + first)
		if _, ok := anchors[first]; !ok {
			anchors[first] = views[i].ID
		}
	}
	for i := range views {
		for j, p := range vs[i].Places {
			sl := slug(p)
			if _, ok := anchors[sl]; ok || sl == "" {
				continue
			}
			views[i].Places[j].ID = unique("gemeente-" + sl)
			anchors[sl] = views[i].Places[j].ID
		}
	}
	return anchors
}

// emailRe finds the e-mail addresses in a variant's contact.
var emailRe = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`)

// contactParts splits a variant's contact as written ("Esther Brouwer: eb@landen.be",
// "a@x.be; Dienst Welzijn") into names and addresses. A contact without an address of its
// own takes email, the address found in it on import.
func contactParts(contact, email string) []templates.ContactPart {
	var out []templates.ContactPart
	for _, part := range strings.Split(contact, ";") {
		addrs := emailRe.FindAllString(part, -1)
		name := strings.Trim(emailRe.ReplaceAllString(part, " "), " \t:,-–()")
		name = strings.Join(strings.Fields(name), " ")
		switch {
		case len(addrs) == 0 && name == "":
		case len(addrs) == 0:
			out = append(out, templates.ContactPart{Name: name})
		default:
			for k, a := range addrs {
				p := templates.ContactPart{Email: a}
				if k == 0 {
					p.Name = name
				}
				out = append(out, p)
			}
		}
	}
	if email != "" && !slices.ContainsFunc(out, func(p templates.ContactPart) bool { return strings.EqualFold(p.Email, email) }) {
		if len(out) == 1 && out[0].Email == "" {
			out[0].Email = email
		} else {
			out = append(out, templates.ContactPart{Email: email})
		}
	}
	return out
}
