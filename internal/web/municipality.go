package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

func (s *Server) showMunicipality(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	slug := chi.URLParam(r, "slug")
	t, ok := s.vocabOf(ctx).resolve(catalog.FacetMunicipality, slug)
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
	if t.Province != "" {
		p.ProvinceURL = paths.Province(catalog.Slugify(t.Province))
	}
	p.Page.Nav = "gemeenten"
	for _, lp := range practices {
		p.Practices = append(p.Practices, templates.LocalPracticeView{
			SummaryView: templates.SummaryView{Title: lp.Title, URL: sheetURL(lp.Slug), Intro: lp.Intro},
			Variants:    variantViews(lp.Variants),
		})
	}
	return s.render(w, r, templates.MunicipalityPage(p))
}

// showMunicipalities is the index of municipalities with practices: by first letter with an
// A-Z index, narrowed by a search (?q=) or to one province (?provincie=), both GET so that
// they work without JavaScript.
func (s *Server) showMunicipalities(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	res, err := s.store.Search(ctx, store.SearchQuery{PageSize: 1})
	if err != nil {
		return err
	}
	q := truncateRunes(strings.Join(strings.Fields(r.URL.Query().Get("q")), " "), 60)
	folded := catalog.Fold(q)
	province := r.URL.Query().Get("provincie")
	p := templates.MunicipalitiesProps{Query: q}
	provinces := map[string]string{} // slug → name
	byLetter := map[string][]templates.TermLink{}
	for id, n := range res.Counts[catalog.FacetMunicipality] {
		t, ok := s.vocabOf(ctx).term(id)
		if !ok {
			continue
		}
		name := cmp.Or(t.Province, "Andere")
		provinces[catalog.Slugify(name)] = name
		if province != "" && catalog.Slugify(name) != province {
			continue
		}
		key := catalog.Fold(t.Label)
		if folded != "" && !strings.Contains(key, folded) {
			continue
		}
		letter := "#"
		if r, _ := utf8.DecodeRuneInString(key); unicode.IsLetter(r) {
			letter = strings.ToUpper(string(r))
		}
		byLetter[letter] = append(byLetter[letter], templates.TermLink{Label: t.Label, URL: paths.Municipality(t.Slug), Count: n})
		p.Total++
	}
	if province != "" {
		name, ok := provinces[province]
		if !ok {
			return errNotFound
		}
		p.Province = name
	}
	for slug, name := range provinces {
		p.Provinces = append(p.Provinces, templates.TermLink{Label: name, URL: paths.Province(slug)})
	}
	slices.SortFunc(p.Provinces, func(a, b templates.TermLink) int { return cmp.Compare(a.Label, b.Label) })
	for letter, list := range byLetter {
		slices.SortFunc(list, func(a, b templates.TermLink) int { return cmp.Compare(catalog.Fold(a.Label), catalog.Fold(b.Label)) })
		p.Letters = append(p.Letters, templates.ProvinceGroup{Name: letter, Municipalities: list})
	}
	slices.SortFunc(p.Letters, func(a, b templates.ProvinceGroup) int { return cmp.Compare(a.Name, b.Name) })
	title := "Gemeenten"
	if p.Province != "" {
		title = "Gemeenten in " + p.Province
	}
	if q != "" || province != "" {
		p.AllURL = "/gemeenten"
	}
	p.Page = s.page(title, "Gemeenten met goede praktijken in de databank.", "/gemeenten", q != "" || province != "")
	p.Page.Nav = "gemeenten"
	return s.render(w, r, templates.MunicipalityIndex(p))
}
