package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

const (
	pageSize      = 20
	maxQueryRunes = 200
	maxPage       = 500
)

var sortLabels = []struct{ value, label string }{
	{store.SortRelevance, "Relevantie"},
	{store.SortNewest, "Nieuwste eerst"},
	{store.SortTitle, "Titel (A-Z)"},
}

// catalogState is a state of the catalogue page, as parsed from and written to its URL.
type catalogState struct {
	q     string
	terms map[catalog.Facet][]catalog.Term // chosen current terms, in URL order
	sort  string                           // "" = default for the query
	page  int
}

// parseCatalogState reads the URL query; unknown terms and values are ignored.
func (s *Server) parseCatalogState(v url.Values) catalogState {
	st := catalogState{terms: map[catalog.Facet][]catalog.Term{}, page: 1}
	st.q = strings.Join(strings.Fields(v.Get("q")), " ")
	if utf8.RuneCountInString(st.q) > maxQueryRunes {
		st.q = string([]rune(st.q)[:maxQueryRunes])
	}
	for _, f := range catalog.Facets {
		seen := map[int64]bool{}
		for _, slug := range v[string(f)] {
			t, ok := s.vocab.resolve(f, strings.TrimSpace(slug))
			if ok && !seen[t.ID] {
				seen[t.ID] = true
				st.terms[f] = append(st.terms[f], t)
			}
		}
	}
	for _, o := range sortLabels {
		if v.Get("sorteer") == o.value {
			st.sort = o.value
		}
	}
	if n, err := strconv.Atoi(v.Get("pagina")); err == nil && n > 1 {
		st.page = min(n, maxPage)
	}
	return st
}

// url writes the state as a canonical catalogue URL: fixed parameter order, page 1 and the
// default sort left out, so equal states share one URL (and one cache entry).
func (st catalogState) url() string {
	var parts []string
	if st.q != "" {
		parts = append(parts, "q="+url.QueryEscape(st.q))
	}
	for _, f := range catalog.Facets {
		for _, t := range st.terms[f] {
			parts = append(parts, string(f)+"="+url.QueryEscape(t.Slug))
		}
	}
	if st.sort != "" && st.sort != st.defaultSort() {
		parts = append(parts, "sorteer="+st.sort)
	}
	if st.page > 1 {
		parts = append(parts, "pagina="+strconv.Itoa(st.page))
	}
	if len(parts) == 0 {
		return "/praktijken"
	}
	return "/praktijken?" + strings.Join(parts, "&")
}

func (st catalogState) defaultSort() string {
	if st.q != "" {
		return store.SortRelevance
	}
	return store.SortNewest
}

// with returns a copy on page 1 with facet f's terms replaced by terms.
func (st catalogState) with(f catalog.Facet, terms []catalog.Term) catalogState {
	out := st
	out.page = 1
	out.terms = make(map[catalog.Facet][]catalog.Term, len(st.terms))
	for k, v := range st.terms {
		out.terms[k] = v
	}
	out.terms[f] = terms
	return out
}

func (st catalogState) filtered() bool {
	for _, ts := range st.terms {
		if len(ts) > 0 {
			return true
		}
	}
	return false
}

func (s *Server) showCatalog(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := s.freshVocab(ctx); err != nil {
		return err
	}
	st := s.parseCatalogState(r.URL.Query())
	q := store.SearchQuery{Text: st.q, Filters: map[catalog.Facet][]int64{}, Sort: st.sort, Page: st.page, PageSize: pageSize}
	for f, ts := range st.terms {
		for _, t := range ts {
			q.Filters[f] = append(q.Filters[f], t.ID)
		}
	}
	res, err := s.store.Search(ctx, q)
	if err != nil {
		return err
	}
	title := "Praktijken"
	if st.q != "" {
		title = "Zoeken naar “" + st.q + "”"
	}
	noindex := st.q != "" || st.filtered() || st.sort != "" || st.page > 1
	p := templates.CatalogProps{
		Page:       s.page(title, "Alle goede praktijken van lokale besturen, te doorzoeken op thema, doelgroep, gemeente en beleidsdomein.", "/praktijken", noindex),
		Query:      st.q,
		Total:      res.Total,
		ClearURL:   catalogState{q: st.q, sort: st.sort}.url(),
		NoQueryURL: catalogState{terms: st.terms, sort: st.sort}.url(),
	}
	p.Page.Nav = "praktijken"
	sort := cmp.Or(st.sort, st.defaultSort())
	for _, o := range sortLabels {
		if o.value == store.SortRelevance && st.q == "" {
			continue
		}
		p.Sorts = append(p.Sorts, templates.Option{Value: o.value, Label: o.label, Selected: o.value == sort})
	}
	for _, h := range res.Hits {
		text := h.Body
		if text == "" {
			text = h.Intro
		}
		p.Hits = append(p.Hits, templates.HitView{Title: h.Title, URL: sheetURL(h.Slug), Snippet: snippet(text, res.Words), Date: h.PublishedAt})
	}
	p.Facets = s.facetViews(st, res)
	for _, f := range catalog.Facets {
		for i, t := range st.terms[f] {
			rest := slices.Delete(slices.Clone(st.terms[f]), i, i+1)
			p.Chips = append(p.Chips, templates.Chip{Facet: f.Label(), Label: t.Label, RemoveURL: st.with(f, rest).url()})
		}
	}
	if res.Total == 0 && st.q != "" {
		if sugg, err := s.store.Suggest(ctx, st.q); err != nil {
			return err
		} else if sugg != "" {
			alt := st.with(catalog.FacetCategory, st.terms[catalog.FacetCategory])
			alt.q = sugg
			p.Suggestion = &templates.TermLink{Label: sugg, URL: alt.url()}
		}
	}
	paginate(&p, st, res.Total)
	p.Exports = exportURLs(st)
	p.Page.Feed = p.Exports.Feed
	return s.render(w, r, templates.Catalog(p))
}

// facetViews builds the five fieldsets: every term that gives results under the other facets'
// filters, plus the chosen ones.
func (s *Server) facetViews(st catalogState, res store.SearchResult) []templates.FacetView {
	var out []templates.FacetView
	for _, f := range catalog.Facets {
		chosen := map[int64]bool{}
		for _, t := range st.terms[f] {
			chosen[t.ID] = true
		}
		type option struct {
			templates.FacetOption
			key string // folded label, the sort key
		}
		var opts []option
		add := func(t catalog.Term, n int) {
			opts = append(opts, option{templates.FacetOption{
				ID: string(f) + "-" + t.Slug, Value: t.Slug, Label: t.Label, Count: n, Checked: chosen[t.ID]},
				catalog.Fold(t.Label)})
		}
		for id, n := range res.Counts[f] {
			if t, ok := s.vocab.term(id); ok {
				add(t, n)
			}
		}
		for _, t := range st.terms[f] {
			if _, counted := res.Counts[f][t.ID]; !counted {
				add(t, 0)
			}
		}
		slices.SortFunc(opts, func(a, b option) int {
			if f != catalog.FacetMunicipality {
				if c := cmp.Compare(b.Count, a.Count); c != 0 {
					return c
				}
			}
			return cmp.Compare(a.key, b.key)
		})
		views := make([]templates.FacetOption, len(opts))
		for i, o := range opts {
			views[i] = o.FacetOption
		}
		out = append(out, templates.FacetView{Facet: f, Legend: f.Label(), Options: views, Filterable: len(opts) > 12})
	}
	return out
}

// paginate fills the page links: first, last, and two around the current page.
func paginate(p *templates.CatalogProps, st catalogState, total int) {
	pages := (total + pageSize - 1) / pageSize
	if total > 0 {
		p.From = (st.page-1)*pageSize + 1
		p.To = min(st.page*pageSize, total)
	}
	if pages <= 1 {
		return
	}
	at := func(n int) string {
		s := st
		s.page = n
		return s.url()
	}
	if st.page > 1 {
		p.Prev = at(min(st.page-1, pages))
	}
	if st.page < pages {
		p.Next = at(st.page + 1)
	}
	gap := false
	for n := 1; n <= pages; n++ {
		if n == 1 || n == pages || (n >= st.page-2 && n <= st.page+2) {
			p.Pages = append(p.Pages, templates.PageLink{Number: n, URL: at(n), Current: n == st.page})
			gap = false
		} else if !gap {
			p.Pages = append(p.Pages, templates.PageLink{Gap: true})
			gap = true
		}
	}
}
