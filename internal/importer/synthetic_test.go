package importer

import (
	"reflect"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/refdata"
)

const reordered = `Buurtsport in de wijk

Jongeren sporten samen in hun eigen buurt.

Beleidsdomeinen

   • Sport
   • Jeugd

Beschrijving

Elke woensdag is er sport op het plein.

Categorie

Inclusieve vrije tijd, Sport & bewegen

Doelgroep

Jongeren van 12 tot 18 jaar
`

func TestParseSynthetic(t *testing.T) {
	m := testMatcher()
	cases := []struct {
		name  string
		input string
		check func(t *testing.T, s catalog.Sheet, r Report)
	}{
		{"headings in another order", reordered, func(t *testing.T, s catalog.Sheet, r Report) {
			wantTerms := map[catalog.Facet][]string{
				catalog.FacetPolicyDomain: {"Sport", "Jeugd"},
				catalog.FacetCategory:     {"Inclusieve vrije tijd", "Sport & bewegen"},
			}
			if s.Title != "Buurtsport in de wijk" || s.Slug != "buurtsport-in-de-wijk" || s.NeedsReview ||
				s.Intro != "Jongeren sporten samen in hun eigen buurt." || s.Description != "Elke woensdag is er sport op het plein." ||
				!reflect.DeepEqual(s.Terms, wantTerms) || !reflect.DeepEqual(s.TargetGroups, []string{"Jongeren van 12 tot 18 jaar"}) {
				t.Errorf("sheet = %+v", s)
			}
		}},
		{"CRLF", strings.ReplaceAll(reordered, "\n", "\r\n"), func(t *testing.T, s catalog.Sheet, r Report) {
			want, _ := Parse("x.txt", []byte(reordered), m)
			if !reflect.DeepEqual(s, want) {
				t.Errorf("CRLF sheet differs:\n%+v\n%+v", s, want)
			}
		}},
		{"NBSP headings and bullets", "Titel\n\n\u00a0Categorie\u00a0 \n\n\u00a0•\u00a0Sport\u00a0\n\u00a0\n\u00a0Doelen:\u00a0\n\n\t• Bewegen\u00a0\u00a0meer\n", func(t *testing.T, s catalog.Sheet, r Report) {
			if got := s.Terms[catalog.FacetCategory]; !reflect.DeepEqual(got, []string{"Sport"}) {
				t.Errorf("categories = %q", got)
			}
			if got := s.Goals; !reflect.DeepEqual(got, []string{"Bewegen meer"}) {
				t.Errorf("goals = %q", got)
			}
		}},
		{"missing headings", "Een zin als intro.\n\nBeschrijving\n\nTekst.\n", func(t *testing.T, s catalog.Sheet, r Report) {
			if s.Intro != "Een zin als intro." || s.Description != "Tekst." || len(s.Terms) != 0 || s.Variants != nil {
				t.Errorf("sheet = %+v", s)
			}
			if s.Title != "Een zin als intro" || !containsNote(s.ReviewNotes, "titel afgeleid") {
				t.Errorf("title %q notes %q", s.Title, s.ReviewNotes)
			}
		}},
		{"empty input", "", func(t *testing.T, s catalog.Sheet, r Report) {
			if s.Title != "Naamloze praktijk" || s.Slug != "naamloze-praktijk" || !s.NeedsReview || !containsNote(r.Notes, "zonder inhoud") {
				t.Errorf("sheet %+v report %+v", s, r)
			}
		}},
		{"only white space and chrome", "\u00a0\n \r\n\tLoading\n\n", func(t *testing.T, s catalog.Sheet, r Report) {
			if s.Slug == "" || s.Intro != "" || !reflect.DeepEqual(r.Skipped, []string{"Loading"}) {
				t.Errorf("sheet %+v report %+v", s, r)
			}
		}},
		{"bulleted heading standing alone", "Titel\n\n• Doelgroep\n\n• Ouders\n• Grootouders\n", func(t *testing.T, s catalog.Sheet, r Report) {
			if got := s.TargetGroups; !reflect.DeepEqual(got, []string{"Ouders", "Grootouders"}) {
				t.Errorf("target groups = %q", got)
			}
		}},
		{"duplicate terms and curly quotes", "Titel\n\nDoelen\n\n• Ontmoeting tussen ‘oude’ inwoners\n• ontmoeting tussen 'oude' inwoners.\n", func(t *testing.T, s catalog.Sheet, r Report) {
			if got := s.Goals; !reflect.DeepEqual(got, []string{"Ontmoeting tussen ‘oude’ inwoners"}) {
				t.Errorf("goals = %q", got)
			}
		}},
		{"prose under a term heading", "Titel\n\nDoelgroep\n\n" + strings.Repeat("Ouders die de weg naar de opvang nog niet kennen en hulp zoeken. ", 5) + "\n",
			func(t *testing.T, s catalog.Sheet, r Report) {
				if len(s.TargetGroups) != 0 || len(s.Sections) != 1 || s.Sections[0].Heading != "Doelgroep" {
					t.Errorf("terms %q sections %+v", s.Terms, s.Sections)
				}
			}},
		{"variants with former names, unknown places and glued labels", `Titel

Intro.

Deze praktijk in

Borgloon, Kortessem

Tekst over Borgloon.

Contact:
Jan Peeters, jan@example.be

Onbekendegem

Een tekst over een gemeente die niet bestaat.

Meer info: https://example.be/info

Anvers

Contactinfo@anvers.example
Meer infoBrochure

Beleidsdomeinen

Sport
`, func(t *testing.T, s catalog.Sheet, r Report) {
			if len(s.Variants) != 3 {
				t.Fatalf("variants = %+v", s.Variants)
			}
			v := s.Variants
			if got := placesOf(v[0]); !reflect.DeepEqual(got, []string{"Borgloon=tongeren-borgloon", "Kortessem=hasselt"}) {
				t.Errorf("places = %q", got)
			}
			if v[0].Contact != "Jan Peeters, jan@example.be" || v[0].Email != "jan@example.be" || v[0].Text != "Tekst over Borgloon." {
				t.Errorf("variant 0 = %+v", v[0])
			}
			if got := placesOf(v[1]); !reflect.DeepEqual(got, []string{"Onbekendegem="}) || !s.NeedsReview || !containsNote(s.ReviewNotes, "Onbekendegem") {
				t.Errorf("unknown place: %q, notes %q", got, s.ReviewNotes)
			}
			if want := []catalog.Link{{Label: "https://example.be/info", URL: "https://example.be/info"}}; !reflect.DeepEqual(v[1].MoreInfo, want) {
				t.Errorf("links = %+v", v[1].MoreInfo)
			}
			if got := placesOf(v[2]); !reflect.DeepEqual(got, []string{"Anvers=antwerpen"}) || v[2].Email != "info@anvers.example" ||
				len(v[2].MoreInfo) != 1 || v[2].MoreInfo[0].Label != "Brochure" {
				t.Errorf("variant 2 = %+v", v[2])
			}
			if got := s.Terms[catalog.FacetPolicyDomain]; !reflect.DeepEqual(got, []string{"Sport"}) {
				t.Errorf("domains = %q (variants section must end at the next heading)", got)
			}
		}},
		{"text before any places line", "Titel\n\nIntro.\n\nDeze praktijk in\n\nOveral in Vlaanderen, met lokale partners.\n", func(t *testing.T, s catalog.Sheet, r Report) {
			if len(s.Variants) != 1 || s.Variants[0].Places != nil || !strings.Contains(s.Variants[0].Text, "Overal in Vlaanderen") || !s.NeedsReview {
				t.Errorf("variants = %+v", s.Variants)
			}
		}},
		{"Markdown syntax in text", "Titel\n\nIntro.\n\nBeschrijving\n\n# geen kop\n> geen citaat\n2014. Een jaar\n[1]: voetnoot\n---\n• - streepje in een bullet\n  1. genummerd\n  2. nog een\n", func(t *testing.T, s catalog.Sheet, r Report) {
			want := "\\# geen kop\n\n\\> geen citaat\n\n2014\\. Een jaar\n\n\\[1]: voetnoot\n\n\\---\n\n- \\- streepje in een bullet\n\n1. genummerd\n2. nog een"
			if s.Description != want {
				t.Errorf("description =\n%s\nwant\n%s", s.Description, want)
			}
		}},
		{"resource without title", "Materiaal\n\nIntro over materiaal.\n\nDoor wie: VBJK\nVoor wie: scholen\n\nInhoud:\n\nEen boek over ontmoeting in de klas.\n\nMeer info: https://vbjk.be/boek\n", func(t *testing.T, s catalog.Sheet, r Report) {
			if len(s.Resources) != 1 {
				t.Fatalf("resources = %+v", s.Resources)
			}
			res := s.Resources[0]
			if res.Title != "Een boek over ontmoeting in de klas." || res.ByWhom != "VBJK" || res.ForWhom != "scholen" ||
				res.MoreInfo != "https://vbjk.be/boek" || !containsNote(s.ReviewNotes, "titel van bron 1 afgeleid") {
				t.Errorf("resource %+v notes %q", res, s.ReviewNotes)
			}
		}},
		{"image with unknown consent", "Foto_Leuven_Buurtwerk.JPG\nProvider image\n\nIntro.\n", func(t *testing.T, s catalog.Sheet, r Report) {
			if s.Image == nil || s.Image.Consent || s.Title != "Buurtwerk (Leuven)" ||
				!containsNote(s.ReviewNotes, "toestemming onbekend") || !containsNote(r.Notes, "alt-tekst") {
				t.Errorf("image %+v title %q notes %q", s.Image, s.Title, r.Notes)
			}
		}},
		{"contact heading and other section", "Titel\n\nIntro.\n\nContact\n\nAn Smet\nan@smet.be\n\nResultaten\n\nVeel deelnemers.\n", func(t *testing.T, s catalog.Sheet, r Report) {
			if s.Contact != "An Smet\nan@smet.be" || len(s.Sections) != 1 || s.Sections[0].Body != "Veel deelnemers." {
				t.Errorf("contact %q sections %+v", s.Contact, s.Sections)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, r := Parse("x.txt", []byte(c.input), m)
			if s.Slug == "" || s.Source != "import:x.txt" || s.Status != catalog.StatusPublished {
				t.Errorf("slug %q source %q status %q", s.Slug, s.Source, s.Status)
			}
			c.check(t, s, r)
		})
	}
}

func TestParseNilMatcher(t *testing.T) {
	s, _ := Parse("", []byte("Titel\n\nIntro.\n\nDeze praktijk in\n\nGenk\n\nTekst over Genk hier.\n"), nil)
	if s.Source != "import:" || len(s.Variants) != 1 || s.Variants[0].Places[0].TermSlug != "" {
		t.Errorf("sheet %+v", s)
	}
}

func TestMunicipalityMatcher(t *testing.T) {
	m := testMatcher()
	cases := map[string]string{
		"Borgloon": "tongeren-borgloon", "BORGLOON ": "tongeren-borgloon", "Looz": "tongeren-borgloon",
		"Tongeren": "tongeren-borgloon", "Tongeren-Borgloon": "tongeren-borgloon",
		"Kortessem": "hasselt", "Hasselt": "hasselt", "Lokeren": "lokeren", "Moerbeke": "lokeren",
		"Anvers": "antwerpen", "Borsbeek": "antwerpen", "sint niklaas": "sint-niklaas", "St.-Niklaas": "sint-niklaas",
		"Stad Genk": "genk", "Rhode-Saint-Genese": "sint-genesius-rode", "Bruxelles": "brussel",
		"Sint‑Jans‑Molenbeek": "sint-jans-molenbeek", "De Panne": "de-panne", "‘s Gravenwezel": "",
		"Machelen-Diegem": "", "": "", "Vlaanderen": "",
	}
	for in, want := range cases {
		got, ok := m.Match(in)
		if got != want || ok != (want != "") {
			t.Errorf("Match(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}

func TestMatcherSlugsAreCurrent(t *testing.T) {
	ms, err := refdata.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	x, _ := refdata.NewIndex(ms)
	current := map[string]bool{}
	for _, c := range x.Current() {
		current[c.Slug] = true
	}
	m := NewMunicipalityMatcher(ms)
	for _, mu := range ms {
		for _, name := range []string{mu.NameNL, mu.NameFR} {
			if name == "" {
				continue
			}
			slug, ok := m.Match(name)
			if !ok || !current[slug] {
				t.Errorf("Match(%q) = %q %v", name, slug, ok)
			}
		}
	}
}

func TestSentences(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Een. Twee. Drie.", "Een. Twee."},
		{"Een zin zonder punt", "Een zin zonder punt"},
		{"Bv. via een coach. Daarna meer.", "Bv. via een coach. Daarna meer."},
		{strings.Repeat("woord ", 80), strings.TrimSpace(strings.Repeat("woord ", 50)) + "…"},
	}
	for _, c := range cases {
		if got := sentences(c.in, 2, 300); got != c.want {
			t.Errorf("sentences(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
