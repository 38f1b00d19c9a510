package web

import (
	"net/http"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/templates"
)

// exportURLs are the CSV, feed and API addresses of catalogue state st (any page).
func exportURLs(st catalogState) templates.ExportURLs {
	st.page = 1
	_, query, _ := strings.Cut(st.url(), "?")
	with := func(path string) string {
		if query == "" {
			return path
		}
		return path + "?" + query
	}
	return templates.ExportURLs{CSV: with("/praktijken.csv"), Feed: with("/praktijken.atom"), API: with("/api/v1/praktijken")}
}

// municipalityExports are the open-data addresses of a municipality's practices.
func municipalityExports(slug string) templates.ExportURLs {
	st := catalogState{terms: map[catalog.Facet][]catalog.Term{catalog.FacetMunicipality: {{Slug: slug}}}}
	e := exportURLs(st)
	e.Feed = paths.MunicipalityFeed(slug)
	return e
}

// openDataFields documents the fields of a sheet in the API (see openapi.json).
var openDataFields = []templates.FieldDoc{
	{Name: "id", Meaning: "Vast numeriek nummer van de praktijk."},
	{Name: "slug", Meaning: "Laatste deel van het webadres; een oud adres blijft doorverwijzen."},
	{Name: "url, api_url, history_url", Meaning: "Canonieke adressen: de fiche, de fiche in de API, alle gepubliceerde versies."},
	{Name: "title, intro", Meaning: "Titel en inleiding (platte tekst)."},
	{Name: "image", Meaning: "Foto (adres, tekstalternatief, bron), alleen als er toestemming is om ze te tonen; anders null."},
	{Name: "terms", Meaning: "Per filter (categorie, doel, doelgroep, gemeente, beleidsdomein) de termen, met id, slug, label en het adres van de gefilterde catalogus."},
	{Name: "description, success_factors, challenges, partners, contact", Meaning: "Beschrijving, succesfactoren, uitdagingen, partners en contact (Markdown)."},
	{Name: "variants", Meaning: "Lokale varianten: per variant de plaatsen (zoals geschreven, met de gemeente en haar NIS-code), een eigen tekst, contactpersoon, e-mailadres en links."},
	{Name: "resources", Meaning: "Materiaal: titel, door wie, voor wie, inhoud en meer info."},
	{Name: "sections", Meaning: "Verdere secties met een eigen titel (bv. Tijdslijn, Middelen en mankracht)."},
	{Name: "revision, created_at, updated_at, published_at", Meaning: "Versienummer en tijdstippen (RFC 3339, UTC)."},
	{Name: "licence", Meaning: "Adres van de licentie van de inhoud."},
}

// showOpenData is /open-data: the documentation of the open data.
func (s *Server) showOpenData(w http.ResponseWriter, r *http.Request) error {
	p := templates.OpenDataProps{
		Page:        s.page("Open data", "De praktijken als open data: API, CSV, Atom-feeds, velden en licentie.", "/open-data", false),
		BaseURL:     s.cfg.BaseURL,
		Operator:    s.cfg.Operator,
		LicenceName: s.cfg.LicenceName, LicenceURL: s.cfg.LicenceURL,
		ListSeparator: strings.TrimSpace(csvListSeparator),
		CSVColumns:    csvColumns,
		Fields:        openDataFields,
	}
	p.Page.Feed = "/praktijken.atom"
	return s.render(w, r, templates.OpenDataPage(p))
}
