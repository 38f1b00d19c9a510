package web

import (
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/templates"
)

// sheetView builds what sheetArticle shows of sheet sh in context c. Terms in the vocabulary
// link to the catalogue; on the public page the others are left out, elsewhere they are
// shown as written and marked when they are in newTerms (not in the vocabulary yet).
func (s *Server) sheetView(sh catalog.Sheet, c templates.SheetContext, newTerms map[catalog.Facet][]string) templates.SheetView {
	v := templates.SheetView{Sheet: sh, Context: c, HeadingLevel: 1, Variants: variantViews(sh.Variants)}
	switch c {
	case templates.SheetPublic:
		v.Updated = sh.UpdatedAt
		v.HistoryURL = historyURL(sh.Slug)
		v.ChangeURL = sheetURL(sh.Slug) + "/wijzigen"
		v.ReportURL = reportURL(sh.Slug)
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
			known, ok := s.vocab.byFoldedLabel(f, label)
			switch {
			case ok && !t.New:
				t.Label = known.Label
				t.URL = termURL(f, known.Slug)
				if f == catalog.FacetMunicipality && c != templates.SheetPublic {
					t.URL = paths.Municipality(known.Slug)
				}
			case c == templates.SheetPublic:
				continue
			}
			terms = append(terms, t)
		}
		if len(terms) > 0 {
			v.Facets = append(v.Facets, templates.FacetTerms{Label: f.Label(), Terms: terms})
		}
	}
	return v
}
