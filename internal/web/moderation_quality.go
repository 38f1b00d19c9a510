package web

import (
	"net/http"

	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// qualityTexts are the Dutch heading, explanation and anchor of each kind of data-quality
// problem.
var qualityTexts = map[store.QualityKind]struct{ anchor, heading, help string }{
	store.QualityNoCategory: {"zonder-categorie", "Zonder categorie",
		"Wie op categorie filtert of van de startpagina komt, vindt deze fiches niet. Kies een categorie."},
	store.QualityNoMunicipality: {"zonder-gemeente", "Zonder gemeente",
		"Ze staan op geen gemeentepagina en niet in de gemeentefilter. Voeg de gemeente(n) toe waar de praktijk loopt."},
	store.QualityNoContact: {"zonder-contact", "Zonder contact",
		"Geen contact op de fiche en geen contactpersoon of e-mailadres bij een lokale variant: een lezer weet niet wie te vragen."},
	store.QualityLinkNoAddress: {"links-zonder-adres", "Links zonder adres",
		"Een link „meer info” heeft alleen een naam en leidt nergens heen. Vul het adres in of haal de link weg."},
	store.QualityUnknownPlace: {"onbekende-plaatsen", "Onbekende plaatsen",
		"Deze plaatsen staan niet in de lijst van gemeenten, dus ook niet in de filter. Kies de juiste gemeente."},
	store.QualityReviewNotes: {"om-na-te-kijken", "Om na te kijken",
		"Het importprogramma of het automatisch toekennen van termen liet een opmerking achter. Kijk ze na en markeer de fiche daarna als nagekeken."},
	store.QualityGoalsNoTerm: {"doelen-zonder-term", "Doelen zonder term",
		"De fiche heeft eigen doelen, maar geen term van de lijst Doel: de filter Doel vindt ze niet. Vink de passende term aan."},
	store.QualityTargetsNoTerm: {"doelgroepen-zonder-term", "Doelgroepen zonder term",
		"De fiche heeft eigen doelgroepen, maar geen term van de lijst Doelgroep: de filter Doelgroep vindt ze niet. Vink de passende term aan."},
}

// showQuality is /beheer/kwaliteit: the problems in the data of the published sheets, by
// kind, each sheet linked to its page for editors, where it is fixed.
func (s *Server) showQuality(w http.ResponseWriter, r *http.Request) error {
	problems, err := s.store.QualityProblems(r.Context())
	if err != nil {
		return err
	}
	byKind := map[store.QualityKind][]templates.QualityRow{}
	sheets := map[int64]bool{}
	for _, pr := range problems {
		sheets[pr.SheetID] = true
		byKind[pr.Kind] = append(byKind[pr.Kind], templates.QualityRow{
			Title: pr.Title, FixURL: sheetAdminURL(pr.SheetID), PublicURL: sheetURL(pr.Slug), Details: pr.Details})
	}
	p := templates.QualityProps{Page: s.beheerPage("Kwaliteit van de gegevens"), Total: len(problems), Sheets: len(sheets)}
	for _, k := range store.QualityKinds {
		t := qualityTexts[k]
		p.Groups = append(p.Groups, templates.QualityGroup{Anchor: t.anchor, Heading: t.heading, Help: t.help, Rows: byKind[k]})
	}
	return s.render(w, r, templates.Quality(p))
}
