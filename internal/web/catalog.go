package web

import (
	"cmp"
	"context"
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

// sortWords are the catalogue's orders as the URL names them (sorteer=…), with their labels.
var sortWords = []struct{ word, sort, label string }{
	{"relevantie", store.SortRelevance, "Relevantie"},
	{"nieuwste", store.SortNewest, "Nieuwste"},
	{"titel", store.SortTitle, "Titel (A-Z)"},
}

// sortWord is the URL word of the store's sort order, or "" for none.
func sortWord(sort string) string {
	for _, o := range sortWords {
		if o.sort == sort {
			return o.word
		}
	}
	return ""
}

// facetNoun names one term of a facet and several, in running text: the chip "Beleidsdomein:
// Vrije tijd", "Zoek een gemeente", "Toon alle 294 gemeenten".
var facetNoun = map[catalog.Facet]struct{ one, many string }{
	catalog.FacetCategory:     {"categorie", "categorieën"},
	catalog.FacetGoal:         {"doel", "doelen"},
	catalog.FacetTargetGroup:  {"doelgroep", "doelgroepen"},
	catalog.FacetMunicipality: {"gemeente", "gemeenten"},
	catalog.FacetPolicyDomain: {"beleidsdomein", "beleidsdomeinen"},
}

// facetTop is how many options a long facet shows before "Toon alle"; a facet with at most
// facetLong options shows them all.
const facetTop, facetLong = 8, 10

// catalogState is a state of the catalogue page, as parsed from and written to its URL.
type catalogState struct {
	q     string
	terms map[catalog.Facet][]catalog.Term // chosen current terms, in URL order
	sort  string                           // "" = default for the query
	page  int
	// literal asks for the words as typed: no correction of typos (letterlijk=1, the link
	// "Zoek toch naar …").
	literal bool
	// unknown are the filter values of the URL that name no term (left out of the search,
	// and named in a notice).
	unknown []string
}

// parseCatalogState reads the URL query; unknown sort values are ignored, unknown terms are
// left out and kept in unknown.
func (s *Server) parseCatalogState(ctx context.Context, v url.Values) catalogState {
	st := catalogState{terms: map[catalog.Facet][]catalog.Term{}, page: 1}
	st.q = strings.Join(strings.Fields(v.Get("q")), " ")
	if utf8.RuneCountInString(st.q) > maxQueryRunes {
		st.q = string([]rune(st.q)[:maxQueryRunes])
	}
	for _, f := range catalog.Facets {
		seen := map[int64]bool{}
		for _, slug := range v[string(f)] {
			slug = strings.TrimSpace(slug)
			t, ok := s.vocabOf(ctx).resolve(f, slug)
			switch {
			case !ok && slug != "" && len(st.unknown) < 5:
				st.unknown = append(st.unknown, truncateRunes(slug, 60))
			case ok && !seen[t.ID]:
				seen[t.ID] = true
				st.terms[f] = append(st.terms[f], t)
			}
		}
	}
	for _, o := range sortWords {
		if v.Get("sorteer") == o.word {
			st.sort = o.sort
		}
	}
	if n, err := strconv.Atoi(v.Get("pagina")); err == nil && n > 1 {
		st.page = min(n, maxPage)
	}
	st.literal = st.q != "" && v.Get("letterlijk") == "1"
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
		parts = append(parts, "sorteer="+sortWord(st.sort))
	}
	if st.page > 1 {
		parts = append(parts, "pagina="+strconv.Itoa(st.page))
	}
	if st.literal {
		parts = append(parts, "letterlijk=1")
	}
	if len(parts) == 0 {
		return "/praktijken"
	}
	return "/praktijken?" + strings.Join(parts, "&")
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func (st catalogState) defaultSort() string { return store.DefaultSort(st.q) }

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
	st := s.parseCatalogState(ctx, r.URL.Query())
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
	// A typo that finds nothing: show what the corrected words find, with a way back to the
	// words as typed.
	var corrected *templates.Correction
	if res.Total == 0 && st.q != "" && !st.literal {
		if text, changed, err := s.store.Correct(ctx, st.q); err != nil {
			return err
		} else if changed {
			cq := q
			cq.Text = text
			if cres, err := s.store.Search(ctx, cq); err != nil {
				return err
			} else if cres.Total > 0 {
				res = cres
				literal := st
				literal.page, literal.literal = 1, true
				corrected = &templates.Correction{Typed: st.q, Corrected: text, LiteralURL: literal.url()}
			}
		}
	}
	// The first page of a search counts in the editors' statistics (searchcounts.go).
	if st.q != "" && st.page == 1 {
		notePage(ctx, pageNote{query: st.q, results: res.Total, filtered: st.filtered()})
	}
	// A page past the end (an old link, a hand-made URL) says so and links the last page.
	var pastEnd *templates.PageLink
	if last := max(1, (res.Total+pageSize-1)/pageSize); st.page > last && res.Total > 0 {
		to := st
		to.page = last
		pastEnd = &templates.PageLink{Number: last, URL: to.url()}
	}
	title := "Praktijken"
	if st.q != "" {
		title = "Zoeken naar “" + st.q + "”"
	}
	noindex := st.q != "" || st.filtered() || st.sort != "" || st.page > 1
	if corrected != nil {
		title = "Zoeken naar “" + corrected.Corrected + "”"
	}
	p := templates.CatalogProps{
		Correction: corrected,
		Page:       s.page(title, "Alle goede praktijken van lokale besturen, te doorzoeken op thema, doelgroep, gemeente en beleidsdomein.", "/praktijken", noindex),
		Query:      st.q,
		Total:      res.Total,
		ClearURL:   catalogState{q: st.q, sort: st.sort}.url(),
		NoQueryURL: catalogState{terms: st.terms, sort: st.sort}.url(),
		Notices:    st.unknown,
	}
	p.Page.Nav = "praktijken"
	sort := cmp.Or(st.sort, st.defaultSort())
	for _, o := range sortWords {
		if o.sort == store.SortRelevance && st.q == "" {
			continue
		}
		p.Sorts = append(p.Sorts, templates.Option{Value: o.word, Label: o.label, Selected: o.sort == sort})
	}
	for _, h := range res.Hits {
		v := s.hitView(ctx, h, res.Words, st.terms[catalog.FacetMunicipality])
		v.URL = resultURL(h.Slug, st)
		p.Hits = append(p.Hits, v)
	}
	p.Facets = s.facetViews(ctx, st, res)
	shortenFacets(p.Facets)
	for _, f := range catalog.Facets {
		for i, t := range st.terms[f] {
			rest := slices.Delete(slices.Clone(st.terms[f]), i, i+1)
			p.Chips = append(p.Chips, templates.Chip{Facet: catalog.UpperFirst(facetNoun[f].one), Label: t.Label, RemoveURL: st.with(f, rest).url()})
		}
	}
	p.Chosen = len(p.Chips)
	// "Bedoelde je" corrects plain words only: a query in search syntax (`opvang -kinderopvang`)
	// says exactly what it wants.
	if res.Total == 0 && st.q != "" && corrected == nil && store.QueryWords(st.q) != nil {
		if sugg, err := s.store.Suggest(ctx, st.q); err != nil {
			return err
		} else if sugg != "" {
			alt := st.with(catalog.FacetCategory, st.terms[catalog.FacetCategory])
			alt.q = sugg
			p.Suggestion = &templates.TermLink{Label: sugg, URL: alt.url()}
		}
	}
	paginate(&p, st, res.Total)
	if pastEnd != nil {
		p.PastEnd, p.Page.Title, p.From, p.To = pastEnd, "Pagina "+strconv.Itoa(st.page)+" bestaat niet", 0, 0
	}
	p.Exports = exportURLs(st)
	p.Page.Feed = p.Exports.Feed
	return s.render(w, r, templates.Catalog(p))
}

// hitView is one result with its facts: the municipalities (named up to three, else counted,
// a name that matched the search or a chosen municipality always named), the categories, and
// the date of the text.
func (s *Server) hitView(ctx context.Context, h store.SearchHit, words []string, chosen []catalog.Term) templates.HitView {
	v := templates.HitView{Title: h.Title, TitleMarks: highlight(h.Title, words), URL: sheetURL(h.Slug),
		Snippet: snippetOf(words, h.Body, h.Intro)}
	if !h.EditedAt.IsZero() {
		v.DateLabel, v.Date = "Laatst gewijzigd op", h.EditedAt
	} else if !h.PublishedAt.IsZero() {
		v.DateLabel, v.Date = "Opgenomen op", h.PublishedAt
	}
	labels := func(ids []int64) []string {
		var out []string
		for _, id := range ids {
			if t, ok := s.vocabOf(ctx).term(id); ok {
				out = append(out, t.Label)
			}
		}
		slices.SortFunc(out, func(a, b string) int { return cmp.Compare(catalog.Fold(a), catalog.Fold(b)) })
		return out
	}
	v.Categories = strings.Join(labels(h.Categories), ", ")
	places := labels(h.Municipalities)
	switch {
	case len(places) == 0:
	case len(places) <= 3:
		v.Places = highlight(joinDutch(places), words)
	default:
		// Name the municipalities the search matched, count the others.
		var named []string
		for _, name := range places {
			_, first := matching(name, tokens(name), words)
			isChosen := slices.ContainsFunc(chosen, func(t catalog.Term) bool { return t.Label == name })
			if (first >= 0 || isChosen) && len(named) < 3 {
				named = append(named, name)
			}
		}
		if len(named) == 0 {
			v.Places = []templates.Fragment{{Text: "in " + strconv.Itoa(len(places)) + " gemeenten"}}
		} else {
			v.Places = append(highlight(strings.Join(named, ", "), words),
				templates.Fragment{Text: " en " + strconv.Itoa(len(places)-len(named)) + " andere gemeenten"})
		}
	}
	v.Elsewhere = len(words) > 0 && !marked(v.TitleMarks) && !marked(v.Snippet) && !marked(v.Places)
	return v
}

// marked tells whether a fragment is marked.
func marked(fs []templates.Fragment) bool {
	return slices.ContainsFunc(fs, func(f templates.Fragment) bool { return f.Mark })
}

// joinDutch joins names as Dutch lists them: "A", "A en B", "A, B en C".
func joinDutch(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " en " + names[len(names)-1]
}

// facetViews builds the five fieldsets: every term that gives results under the other facets'
// filters, plus the chosen ones.
func (s *Server) facetViews(ctx context.Context, st catalogState, res store.SearchResult) []templates.FacetView {
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
			if t, ok := s.vocabOf(ctx).term(id); ok {
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
		out = append(out, templates.FacetView{Facet: f, Legend: f.Label(), Options: views, Filterable: len(opts) > 12,
			FilterLabel: "Zoek een " + facetNoun[f].one})
	}
	return out
}

// shortenFacets keeps in each long facet its most useful options, the chosen ones and the
// largest counts, and puts the others, in their order, behind "Toon alle …".
func shortenFacets(views []templates.FacetView) {
	for i, fv := range views {
		opts := fv.Options
		if len(opts) <= facetLong {
			continue
		}
		byUse := slices.Clone(opts)
		slices.SortStableFunc(byUse, func(a, b templates.FacetOption) int {
			if a.Checked != b.Checked {
				if a.Checked {
					return -1
				}
				return 1
			}
			return cmp.Compare(b.Count, a.Count)
		})
		top := map[string]bool{}
		for _, o := range byUse {
			if len(top) >= facetTop && !o.Checked {
				break
			}
			top[o.ID] = true
		}
		fv.Options = nil
		for _, o := range byUse {
			if top[o.ID] {
				fv.Options = append(fv.Options, o)
			}
		}
		for _, o := range opts {
			if !top[o.ID] {
				fv.More = append(fv.More, o)
			}
		}
		fv.MoreLabel = "Toon alle " + strconv.Itoa(len(opts)) + " " + facetNoun[fv.Facet].many
		fv.LessLabel = "Toon minder " + facetNoun[fv.Facet].many
		views[i] = fv
	}
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
