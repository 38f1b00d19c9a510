package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/richtext"
	"github.com/praktijkbank/praktijkbank/templates"
)

// Structured data: schema.org on the sheet pages, DCAT-AP Vlaanderen for the catalogue.

// sheetJSONLD describes sheet sh as a schema.org Article with, per local variant, a
// GovernmentService of the municipalities that run it. image is the absolute URL of a
// picture that may be shown, or "".
func (s *Server) sheetJSONLD(sh catalog.Sheet, image string, munis *municipalityIndex) map[string]any {
	page := s.absolute(sheetURL(sh.Slug))
	desc := sh.Intro
	if desc == "" {
		desc = richtext.Excerpt(sh.Description, 300)
	}
	var keywords []string
	for _, f := range catalog.Facets {
		if f != catalog.FacetMunicipality {
			keywords = append(keywords, sh.Terms[f]...)
		}
	}
	article := map[string]any{
		"@context":      "https://schema.org",
		"@type":         "Article",
		"@id":           page + "#praktijk",
		"url":           page,
		"identifier":    sh.ID,
		"headline":      sh.Title,
		"name":          sh.Title,
		"description":   desc,
		"inLanguage":    "nl-BE",
		"datePublished": sh.PublishedAt.UTC().Format(time.RFC3339),
		"dateModified":  sh.UpdatedAt.UTC().Format(time.RFC3339),
		"license":       s.cfg.LicenceURL,
		"publisher":     map[string]any{"@type": "Organization", "name": s.cfg.Operator, "url": s.absolute("/over")},
		"isPartOf":      map[string]any{"@type": "WebSite", "name": "Praktijkbank", "url": s.absolute("/")},
	}
	if len(keywords) > 0 {
		article["keywords"] = strings.Join(keywords, ", ")
	}
	if image != "" {
		article["image"] = image
	}
	var services []map[string]any
	for _, v := range sh.Variants {
		var areas []map[string]any
		var names []string
		for _, p := range v.Places {
			names = append(names, p.Name)
			area := map[string]any{"@type": "AdministrativeArea", "name": p.Name}
			if m, ok := munis.bySlug[p.TermSlug]; ok && p.TermSlug != "" {
				area["name"] = m.Label
				area["identifier"] = map[string]any{"@type": "PropertyValue", "propertyID": "NIS", "value": m.NIS}
				area["url"] = s.absolute(paths.Municipality(m.Slug))
			}
			areas = append(areas, area)
		}
		if len(areas) == 0 {
			continue
		}
		svc := map[string]any{
			"@type":      "GovernmentService",
			"name":       sh.Title + " in " + strings.Join(names, ", "),
			"areaServed": areas,
			"url":        page,
		}
		if len(names) > 0 {
			provider := map[string]any{"@type": "GovernmentOrganization", "name": "Lokaal bestuur " + strings.Join(names, ", ")}
			if v.Email != "" {
				provider["email"] = v.Email
			}
			svc["provider"] = provider
		}
		if t := richtext.Excerpt(v.Text, 300); t != "" {
			svc["description"] = t
		}
		services = append(services, svc)
	}
	if len(services) > 0 {
		article["about"] = services
	}
	return article
}

// showDCAT is GET /open-data/dcat.jsonld: the catalogue as a DCAT-AP Vlaanderen 2.0 dataset
// with its distributions (API, CSV, Atom feed), for open-data portals to harvest.
func (s *Server) showDCAT(w http.ResponseWriter, r *http.Request) error {
	_, changed, err := s.store.CatalogState(r.Context())
	if err != nil {
		return err
	}
	base := s.absolute("/open-data/dcat.jsonld")
	nl := func(v string) map[string]any { return map[string]any{"@value": v, "@language": "nl"} }
	id := func(v string) map[string]any { return map[string]any{"@id": v} }
	date := func(t time.Time) map[string]any {
		return map[string]any{"@value": t.UTC().Format(time.RFC3339), "@type": "xsd:dateTime"}
	}
	licence := id(s.cfg.LicenceURL)
	media := func(t string) map[string]any { return id("http://www.iana.org/assignments/media-types/" + t) }
	publisher := base + "#uitgever"
	dataset := base + "#dataset"
	service := base + "#api-dienst"
	doc := map[string]any{
		"@context": map[string]any{
			"dcat":  "http://www.w3.org/ns/dcat#",
			"dct":   "http://purl.org/dc/terms/",
			"foaf":  "http://xmlns.com/foaf/0.1/",
			"vcard": "http://www.w3.org/2006/vcard/ns#",
			"xsd":   "http://www.w3.org/2001/XMLSchema#",
		},
		"@graph": []map[string]any{
			{
				"@id": base + "#catalogus", "@type": "dcat:Catalog",
				"dct:title":       nl("Praktijkbank"),
				"dct:description": nl("Catalogus van goede praktijken van lokale besturen in Vlaanderen en Brussel."),
				"dct:publisher":   id(publisher),
				"dct:language":    id("http://publications.europa.eu/resource/authority/language/NLD"),
				"dct:license":     licence,
				"dct:modified":    date(changed),
				"foaf:homepage":   id(s.absolute("/")),
				"dcat:dataset":    id(dataset),
				"dcat:service":    id(service),
			},
			{
				"@id": dataset, "@type": "dcat:Dataset",
				"dct:identifier":    dataset,
				"dct:title":         nl("Goede praktijken van lokale besturen"),
				"dct:description":   nl("Praktijkfiches van lokale besturen: wat de praktijk is, doelen, doelgroepen, beleidsdomeinen, de gemeenten waar ze loopt met hun contact, en materiaal. Elke fiche is nagelezen door de redactie."),
				"dct:publisher":     id(publisher),
				"dct:accessRights":  id("http://publications.europa.eu/resource/authority/access-right/PUBLIC"),
				"dct:language":      id("http://publications.europa.eu/resource/authority/language/NLD"),
				"dct:spatial":       id("http://publications.europa.eu/resource/authority/country/BEL"),
				"dct:modified":      date(changed),
				"dcat:keyword":      []map[string]any{nl("goede praktijken"), nl("lokaal bestuur"), nl("gemeenten"), nl("sociaal beleid")},
				"dcat:landingPage":  id(s.absolute("/open-data")),
				"dcat:contactPoint": map[string]any{"@type": "vcard:Organization", "vcard:fn": s.cfg.Operator, "vcard:hasEmail": id("mailto:" + s.cfg.ContactEmail)},
				"dcat:distribution": []map[string]any{id(base + "#api"), id(base + "#csv"), id(base + "#atom")},
			},
			{
				"@id": base + "#api", "@type": "dcat:Distribution",
				"dct:title":          nl("API (JSON)"),
				"dct:description":    nl("Zoeken met filters en aantallen, fiches, gemeenten en vocabularia; gedocumenteerd in OpenAPI 3.1."),
				"dcat:accessURL":     id(s.absolute("/api/v1/praktijken")),
				"dcat:mediaType":     media("application/json"),
				"dct:license":        licence,
				"dcat:accessService": id(service),
			},
			{
				"@id": base + "#csv", "@type": "dcat:Distribution",
				"dct:title":        nl("CSV-export"),
				"dct:description":  nl("Alle gepubliceerde fiches, één rij per fiche; met de parameters van de catalogus een selectie."),
				"dcat:accessURL":   id(s.absolute("/praktijken.csv")),
				"dcat:downloadURL": id(s.absolute("/praktijken.csv")),
				"dcat:mediaType":   media("text/csv"),
				"dct:license":      licence,
			},
			{
				"@id": base + "#atom", "@type": "dcat:Distribution",
				"dct:title":       nl("Atom-feed"),
				"dct:description": nl("Nieuwe en gewijzigde fiches; ook per zoekopdracht en per gemeente."),
				"dcat:accessURL":  id(s.absolute("/praktijken.atom")),
				"dcat:mediaType":  media("application/atom+xml"),
				"dct:license":     licence,
			},
			{
				"@id": service, "@type": "dcat:DataService",
				"dct:title":                nl("Praktijkbank open-data-API"),
				"dct:publisher":            id(publisher),
				"dct:accessRights":         id("http://publications.europa.eu/resource/authority/access-right/PUBLIC"),
				"dct:license":              licence,
				"dcat:endpointURL":         id(s.absolute("/api/v1")),
				"dcat:endpointDescription": id(s.absolute("/api/v1/openapi.json")),
				"dcat:servesDataset":       id(dataset),
			},
			{
				"@id": publisher, "@type": "foaf:Agent",
				"foaf:name": s.cfg.Operator,
			},
		},
	}
	out, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/ld+json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, err = w.Write(out)
	return err
}

// addSheetMeta gives page the link-preview tags and structured data of sheet sh; imagePath
// is the path of its picture when it may be shown, else "".
func (s *Server) addSheetMeta(ctx context.Context, page *templates.Page, sh catalog.Sheet, imagePath string) error {
	munis, err := s.municipalityIndex(ctx)
	if err != nil {
		return err
	}
	m := &templates.MetaTags{Article: true}
	if imagePath != "" && sh.Image != nil && sh.Image.Consent {
		m.Image, m.ImageAlt = s.absolute(imagePath), sh.Image.Alt
	}
	m.JSONLD = s.sheetJSONLD(sh, m.Image, munis)
	page.Meta = m
	return nil
}
