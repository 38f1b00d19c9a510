package web

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

func (s *Server) showMunicipality(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := s.freshVocab(ctx); err != nil {
		return err
	}
	slug := chi.URLParam(r, "slug")
	t, ok := s.vocab.resolve(catalog.FacetMunicipality, slug)
	if !ok {
		return catalog.ErrNotFound
	}
	if t.Slug != slug {
		http.Redirect(w, r, paths.Municipality(t.Slug), http.StatusMovedPermanently)
		return nil
	}
	practices, err := s.store.MunicipalityPractices(ctx, t.ID)
	if err != nil {
		return err
	}
	former, err := s.store.FormerNames(ctx, t.ID)
	if err != nil {
		return err
	}
	p := templates.MunicipalityProps{
		Page:       s.page(t.Label, "Goede praktijken die lopen in "+t.Label+".", paths.Municipality(t.Slug), len(practices) == 0),
		Name:       t.Label,
		Province:   t.Province,
		Former:     former,
		CatalogURL: termURL(catalog.FacetMunicipality, t.Slug),
		Exports:    municipalityExports(t.Slug),
	}
	p.Page.Feed = p.Exports.Feed
	p.Page.Nav = "gemeenten"
	for _, lp := range practices {
		p.Practices = append(p.Practices, templates.LocalPracticeView{
			SummaryView: templates.SummaryView{Title: lp.Title, URL: sheetURL(lp.Slug), Intro: lp.Intro},
			Variants:    variantViews(lp.Variants),
		})
	}
	return s.render(w, r, templates.MunicipalityPage(p))
}

func (s *Server) showMunicipalities(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := s.freshVocab(ctx); err != nil {
		return err
	}
	res, err := s.store.Search(ctx, store.SearchQuery{PageSize: 1})
	if err != nil {
		return err
	}
	groups := map[string][]templates.TermLink{}
	for id, n := range res.Counts[catalog.FacetMunicipality] {
		t, ok := s.vocab.term(id)
		if !ok {
			continue
		}
		groups[t.Province] = append(groups[t.Province], templates.TermLink{Label: t.Label, URL: paths.Municipality(t.Slug), Count: n})
	}
	p := templates.MunicipalitiesProps{Page: s.page("Gemeenten", "Gemeenten met goede praktijken in de databank.", "/gemeenten", false)}
	p.Page.Nav = "gemeenten"
	for name, list := range groups {
		slices.SortFunc(list, func(a, b templates.TermLink) int { return cmp.Compare(catalog.Fold(a.Label), catalog.Fold(b.Label)) })
		p.Provinces = append(p.Provinces, templates.ProvinceGroup{Name: cmp.Or(name, "Andere"), Municipalities: list})
	}
	slices.SortFunc(p.Provinces, func(a, b templates.ProvinceGroup) int { return cmp.Compare(a.Name, b.Name) })
	return s.render(w, r, templates.MunicipalityIndex(p))
}
