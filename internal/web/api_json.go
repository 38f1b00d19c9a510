package web

import (
	"bytes"
	"context"
	_ "embed"
	"strconv"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// The JSON objects of the API. Their fields and the schemas in openapi.json are the same
// contract; a test validates real responses against the schemas.

type apiMessage struct {
	NL string `json:"nl"`
	EN string `json:"en"`
}

type apiErrorDetail struct {
	Status  int        `json:"status"`
	Code    string     `json:"code"`
	Message apiMessage `json:"message"`
}

type apiErrorBody struct {
	Error apiErrorDetail `json:"error"`
}

type apiLinks struct {
	Self  string `json:"self"`
	First string `json:"first"`
	Next  string `json:"next,omitempty"`
	Prev  string `json:"prev,omitempty"`
}

type apiQueryEcho struct {
	Q       string              `json:"q"`
	Sort    string              `json:"sorteer"`
	Filters map[string][]string `json:"filters"`
}

type apiFacetTerm struct {
	ID       int64  `json:"id"`
	Slug     string `json:"slug"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

type apiSearchResult struct {
	Total  int                       `json:"total"`
	Limit  int                       `json:"limit"`
	Query  apiQueryEcho              `json:"query"`
	Items  []apiSheetSummary         `json:"items"`
	Facets map[string][]apiFacetTerm `json:"facets"`
	Links  apiLinks                  `json:"links"`
}

type apiSheetSummary struct {
	ID          int64     `json:"id"`
	Slug        string    `json:"slug"`
	Title       string    `json:"title"`
	Intro       string    `json:"intro"`
	PublishedAt time.Time `json:"published_at"`
	URL         string    `json:"url"`
	APIURL      string    `json:"api_url"`
}

type apiTermRef struct {
	ID    int64  `json:"id"`
	Slug  string `json:"slug"`
	Label string `json:"label"`
	URL   string `json:"url"`
}

type apiImage struct {
	URL    string `json:"url"`
	Alt    string `json:"alt"`
	Credit string `json:"credit"`
}

type apiLink struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

type apiPlace struct {
	Name string `json:"name"`
	// The municipality of the vocabulary it was matched to; absent when none matched.
	Municipality *apiMunicipalityRef `json:"municipality"`
}

type apiVariant struct {
	Places   []apiPlace `json:"places"`
	Text     string     `json:"text"`
	Contact  string     `json:"contact"`
	Email    string     `json:"email"`
	MoreInfo []apiLink  `json:"more_info"`
}

type apiResource struct {
	Title    string `json:"title"`
	ByWhom   string `json:"by_whom"`
	ForWhom  string `json:"for_whom"`
	Content  string `json:"content"`
	MoreInfo string `json:"more_info"`
}

type apiSection struct {
	Heading string `json:"heading"`
	Body    string `json:"body"`
}

type apiSheet struct {
	ID             int64                   `json:"id"`
	Slug           string                  `json:"slug"`
	URL            string                  `json:"url"`
	APIURL         string                  `json:"api_url"`
	HistoryURL     string                  `json:"history_url"`
	Title          string                  `json:"title"`
	Intro          string                  `json:"intro"`
	Image          *apiImage               `json:"image"`
	Terms          map[string][]apiTermRef `json:"terms"`
	Goals          []string                `json:"goals"`
	TargetGroups   []string                `json:"target_groups"`
	Description    string                  `json:"description"`
	SuccessFactors string                  `json:"success_factors"`
	Challenges     string                  `json:"challenges"`
	Partners       string                  `json:"partners"`
	Contact        string                  `json:"contact"`
	Variants       []apiVariant            `json:"variants"`
	Resources      []apiResource           `json:"resources"`
	Sections       []apiSection            `json:"sections"`
	Revision       int                     `json:"revision"`
	CreatedAt      time.Time               `json:"created_at"`
	UpdatedAt      time.Time               `json:"updated_at"`
	PublishedAt    time.Time               `json:"published_at"`
	Licence        string                  `json:"licence"`
}

type apiMunicipalityRef struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
	NIS  string `json:"nis"`
	URL  string `json:"url"`
}

type apiMunicipality struct {
	ID         int64               `json:"id"`
	Slug       string              `json:"slug"`
	Name       string              `json:"name"`
	NIS        string              `json:"nis"`
	Province   string              `json:"province"`
	Current    bool                `json:"current"`
	MergedInto *apiMunicipalityRef `json:"merged_into"`
	Practices  int                 `json:"practices"`
	URL        string              `json:"url"`
	SearchURL  string              `json:"search_url"`
	FeedURL    string              `json:"feed_url"`
}

type apiMunicipalityList struct {
	Total int               `json:"total"`
	Items []apiMunicipality `json:"items"`
}

type apiTerm struct {
	ID         int64  `json:"id"`
	Slug       string `json:"slug"`
	Label      string `json:"label"`
	MergedInto *int64 `json:"merged_into"`
	URL        string `json:"url"`
}

type apiVocabulary struct {
	Facet string    `json:"facet"`
	Label string    `json:"label"`
	Terms []apiTerm `json:"terms"`
}

type apiVocabularies struct {
	Facets []apiVocabulary `json:"facets"`
}

func sheetAPIPath(id int64) string { return "/api/v1/praktijken/" + strconv.FormatInt(id, 10) }

func (s *Server) apiSummary(h store.SearchHit) apiSheetSummary {
	return apiSheetSummary{ID: h.ID, Slug: h.Slug, Title: h.Title, Intro: h.Intro, PublishedAt: h.PublishedAt.UTC(),
		URL: s.absolute(sheetURL(h.Slug)), APIURL: s.absolute(sheetAPIPath(h.ID))}
}

// apiSheetOf is sheet sh with every field; its image is filled in by the caller.
func (s *Server) apiSheetOf(ctx context.Context, sh catalog.Sheet, munis *municipalityIndex) apiSheet {
	out := apiSheet{
		ID: sh.ID, Slug: sh.Slug, URL: s.absolute(sheetURL(sh.Slug)), APIURL: s.absolute(sheetAPIPath(sh.ID)),
		HistoryURL: s.absolute(historyURL(sh.Slug)), Title: sh.Title, Intro: sh.Intro,
		Terms: map[string][]apiTermRef{},
		Goals: nonNilStrings(sh.Goals), TargetGroups: nonNilStrings(sh.TargetGroups),
		Description: sh.Description, SuccessFactors: sh.SuccessFactors, Challenges: sh.Challenges,
		Partners: sh.Partners, Contact: sh.Contact, Revision: sh.Revision,
		CreatedAt: sh.CreatedAt.UTC(), UpdatedAt: sh.UpdatedAt.UTC(), PublishedAt: sh.PublishedAt.UTC(),
		Variants: []apiVariant{}, Resources: []apiResource{}, Sections: []apiSection{},
		Licence: s.cfg.LicenceURL,
	}
	for _, f := range catalog.Facets {
		refs := []apiTermRef{}
		for _, label := range sh.Terms[f] {
			if t, ok := s.vocabOf(ctx).byFoldedLabel(f, label); ok {
				refs = append(refs, apiTermRef{ID: t.ID, Slug: t.Slug, Label: t.Label, URL: s.absolute(termURL(f, t.Slug))})
			}
		}
		out.Terms[string(f)] = refs
	}
	for _, v := range sh.Variants {
		av := apiVariant{Text: v.Text, Contact: v.Contact, Email: v.Email, Places: []apiPlace{}, MoreInfo: []apiLink{}}
		for _, p := range v.Places {
			ap := apiPlace{Name: p.Name}
			if m, ok := munis.bySlug[p.TermSlug]; ok && p.TermSlug != "" {
				ap.Municipality = &apiMunicipalityRef{ID: m.ID, Slug: m.Slug, Name: m.Label, NIS: m.NIS, URL: s.absolute(paths.Municipality(m.Slug))}
			}
			av.Places = append(av.Places, ap)
		}
		for _, l := range v.MoreInfo {
			av.MoreInfo = append(av.MoreInfo, apiLink{Label: l.Label, URL: l.URL})
		}
		out.Variants = append(out.Variants, av)
	}
	for _, r := range sh.Resources {
		out.Resources = append(out.Resources, apiResource{Title: r.Title, ByWhom: r.ByWhom, ForWhom: r.ForWhom, Content: r.Content, MoreInfo: r.MoreInfo})
	}
	for _, sec := range sh.Sections {
		out.Sections = append(out.Sections, apiSection{Heading: sec.Heading, Body: sec.Body})
	}
	return out
}

func (s *Server) apiMunicipalityOf(m store.MunicipalityTerm) apiMunicipality {
	return apiMunicipality{ID: m.ID, Slug: m.Slug, Name: m.Label, NIS: m.NIS, Province: m.Province,
		Current: m.MergedInto == 0, URL: s.absolute(paths.Municipality(m.Slug)),
		SearchURL: s.absolute("/api/v1/praktijken?" + string(catalog.FacetMunicipality) + "=" + m.Slug),
		FeedURL:   s.absolute(paths.MunicipalityFeed(m.Slug))}
}

// municipalityIndex is the municipalities of one catalogue version by slug, with their NIS
// codes, which the vocabulary cache does not hold.
type municipalityIndex struct {
	version int64
	bySlug  map[string]store.MunicipalityTerm
}

// municipalityIndex returns the municipalities of the current catalogue version.
func (s *Server) municipalityIndex(ctx context.Context) (*municipalityIndex, error) {
	v, err := s.pages.versionOf(ctx)
	if err != nil {
		return nil, err
	}
	if x := s.munis.Load(); x != nil && x.version == v {
		return x, nil
	}
	list, err := s.store.MunicipalityTerms(ctx)
	if err != nil {
		return nil, err
	}
	x := &municipalityIndex{version: v, bySlug: make(map[string]store.MunicipalityTerm, len(list))}
	for _, m := range list {
		x.bySlug[m.Slug] = m
	}
	s.munis.Store(x)
	return x, nil
}

//go:embed openapi.json
var openAPITemplate []byte

// openAPIDocument is the OpenAPI document with the server's address filled in.
func openAPIDocument(baseURL string) []byte {
	return bytes.ReplaceAll(openAPITemplate, []byte("{{BASE_URL}}"), []byte(baseURL))
}

// nonNilStrings is ss, or an empty list for nil (JSON [] rather than null).
func nonNilStrings(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
