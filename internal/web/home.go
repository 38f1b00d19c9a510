package web

import (
	"net/http"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

func (s *Server) showHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := s.store.Overview(ctx)
	if err != nil {
		return err
	}
	newest, err := s.store.Newest(ctx, 6)
	if err != nil {
		return err
	}
	p := templates.HomeProps{
		Page: s.page("", "Goede praktijken van lokale besturen in Vlaanderen en Brussel: zoek op thema, doelgroep en gemeente.",
			"/", false),
		Sheets:         o.Sheets,
		Municipalities: o.Municipalities,
		Newest:         summaryViews(newest),
	}
	for _, c := range o.Categories {
		p.Categories = append(p.Categories, templates.TermLink{
			Label: c.Label, Count: c.Count, URL: termURL(catalog.FacetCategory, c.Slug)})
	}
	return s.render(w, r, templates.Home(p))
}

// termURL is the catalogue filtered on one term.
func termURL(f catalog.Facet, slug string) string {
	return paths.Term(string(f), slug)
}

func sheetURL(slug string) string { return paths.Sheet(slug) }

func summaryViews(list []store.SheetSummary) []templates.SummaryView {
	out := make([]templates.SummaryView, 0, len(list))
	for _, s := range list {
		out = append(out, templates.SummaryView{Title: s.Title, URL: sheetURL(s.Slug), Intro: s.Intro})
	}
	return out
}
