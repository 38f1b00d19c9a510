package importer

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/refdata"
)

var testMatcher = sync.OnceValue(func() Matcher {
	ms, err := refdata.Municipalities()
	if err != nil {
		panic(err)
	}
	return NewMunicipalityMatcher(ms)
})

func seed(t *testing.T, prefix string) (string, []byte) {
	t.Helper()
	for _, s := range refdata.Seeds() {
		if strings.HasPrefix(s.Name, prefix) {
			return s.Name, s.Data
		}
	}
	t.Fatalf("no seed %s", prefix)
	return "", nil
}

func parseSeed(t *testing.T, prefix string) (catalog.Sheet, Report) {
	t.Helper()
	name, data := seed(t, prefix)
	return Parse("/some/dir/"+name, data, testMatcher())
}

func placesOf(v catalog.Variant) []string {
	var out []string
	for _, p := range v.Places {
		out = append(out, p.Name+"="+p.TermSlug)
	}
	return out
}

func TestSeeds(t *testing.T) {
	type want struct {
		title, slug           string
		image                 string
		categories, goals     int
		targetGroups, domains int
		variants, resources   int
		sections              []string
		needsReview           bool
		check                 func(t *testing.T, s catalog.Sheet, r Report)
	}
	cases := map[string]want{
		"000": {
			title: "Talentcoaches (Genk)", slug: "talentcoaches-genk",
			image:      "Genk_Talentcoaches_Geentoestemming_Geknipt.png",
			categories: 2, goals: 1, targetGroups: 1, domains: 6, needsReview: true,
			check: func(t *testing.T, s catalog.Sheet, r Report) {
				if !strings.HasPrefix(s.Intro, "Een talentcoach is een vrijwillige coach") {
					t.Errorf("intro = %q", s.Intro)
				}
				if !strings.Contains(s.Description, "\n\n- In een eerste fase") || strings.Count(s.SuccessFactors, "- ") != 3 {
					t.Errorf("description/success factors not Markdown lists:\n%s\n%s", s.Description, s.SuccessFactors)
				}
				if s.Terms[catalog.FacetPolicyDomain][1] != "Flankerend onderwijs" {
					t.Errorf("domains = %q", s.Terms[catalog.FacetPolicyDomain])
				}
				// The file name that gave the title names Genk: the practice is found there.
				if got := s.Terms[catalog.FacetMunicipality]; !slices.Equal(got, []string{"genk"}) || !containsNote(s.ReviewNotes, "gemeente afgeleid uit de bestandsnaam van de afbeelding: Genk") {
					t.Errorf("municipalities %q, review notes %q", got, s.ReviewNotes)
				}
			},
		},
		"001": {
			title: "Vrijetijdscoaching (Genk)", slug: "vrijetijdscoaching-genk",
			image:      "Genk_Vrijetijdscoaching_NogGeenToestemming.jpg",
			categories: 2, goals: 3, targetGroups: 1, domains: 2, variants: 1, needsReview: true,
			check: func(t *testing.T, s catalog.Sheet, r Report) {
				v := s.Variants[0]
				if got := placesOf(v); !reflect.DeepEqual(got, []string{"Genk=genk"}) {
					t.Errorf("places = %q", got)
				}
				want := []catalog.Link{{Label: "Flyer"}, {Label: "Contact vrijetijdscoach"}}
				if !reflect.DeepEqual(v.MoreInfo, want) {
					t.Errorf("links = %+v", v.MoreInfo)
				}
				if !strings.HasPrefix(v.Text, "De vrijetijdscoach in Genk") || strings.Contains(v.Text, "Flyer") {
					t.Errorf("variant text = %q", v.Text)
				}
				if strings.Count(s.Partners, "\n\n") != 3 {
					t.Errorf("partners should keep 4 paragraphs: %q", s.Partners)
				}
			},
		},
		"002": {
			title: "Opvoedingsondersteuning voor anderstalige ouders met jonge kinderen",
			slug:  "opvoedingsondersteuning-voor-anderstalige-ouders-met-jonge-kinderen",
			image: "huisvanhetkindgeraardsbergen.jpg", categories: 1, goals: 5, targetGroups: 2, domains: 7,
			variants: 18, needsReview: true,
			check: func(t *testing.T, s catalog.Sheet, r Report) {
				if got := s.Terms[catalog.FacetCategory]; !reflect.DeepEqual(got, []string{"Toegankelijke dienstverlening"}) {
					t.Errorf("categories = %q", got)
				}
				wantDomains := []string{"Kinderopvang", "Taal", "Werk", "Gezin", "Integratie", "Oefenkans Nederlands", "Armoedebestrijding"}
				if got := s.Terms[catalog.FacetPolicyDomain]; !reflect.DeepEqual(got, wantDomains) {
					t.Errorf("domains = %q", got)
				}
				vs := s.Variants
				checks := []struct {
					i      int
					places []string
					email  string
				}{
					{0, []string{"Aalst=aalst", "Geraardsbergen=geraardsbergen"}, "suzan.decleer@ligo-zovl.be"},
					{1, []string{"Balen=balen", "Dessel=dessel", "Mol=mol", "Retie=retie"}, "baldemore@gemeentemol.be"},
					{3, []string{"Diest=diest"}, "carmen.kleykens@ocmwdiest.be"},
					{9, []string{"Koksijde=koksijde", "De Panne=de-panne", "Nieuwpoort=nieuwpoort", "Veurne=veurne"}, ""},
					{10, []string{"Lokeren=lokeren"}, ""},
					{11, []string{"Landen=landen"}, "ebrouwer@landen.be"},
					{12, []string{"Machelen-Diegem="}, "kindenwelzijn@machelen.be"},
					{13, []string{"Sint-Niklaas=sint-niklaas"}, ""},
					{14, []string{"Turnhout=turnhout", "Mechelen=mechelen"}, "info@kindentaal.be"},
					{17, []string{"Vilvoorde=vilvoorde"}, ""},
				}
				for _, c := range checks {
					if got := placesOf(vs[c.i]); !reflect.DeepEqual(got, c.places) || vs[c.i].Email != c.email {
						t.Errorf("variant %d: places %q email %q, want %q %q", c.i, got, vs[c.i].Email, c.places, c.email)
					}
				}
				if len(vs[2].Places) != 13 || vs[2].Places[12].TermSlug != "tongeren-borgloon" || vs[2].Places[1].TermSlug != "bilzen-hoeselt" {
					t.Errorf("Beringen… variant places = %q", placesOf(vs[2]))
				}
				if vs[11].Contact != "Esther Brouwer: ebrouwer@landen.be" {
					t.Errorf("Landen contact = %q", vs[11].Contact)
				}
				if got := vs[3].MoreInfo; len(got) != 1 || got[0].Label != "Huis van het Kind Diest" {
					t.Errorf("Diest links = %+v", got)
				}
				if got := vs[10].MoreInfo; len(got) != 1 || got[0].Label != "facebookpagina Huis van het Kind Lokeren" {
					t.Errorf("Lokeren links = %+v", got)
				}
				sn := vs[13].Text
				if !strings.HasPrefix(sn, "- Kansenwerking voor ouders:") || strings.Count(sn, "\n- ") != 2 || !strings.Contains(sn, "\n\n  De kinderen krijgen") {
					t.Errorf("Sint-Niklaas text not a Markdown list:\n%s", sn)
				}
				if !strings.Contains(vs[7].Text, "stad Genk.\n\nDe Nova moedergroep") {
					t.Errorf("Genk text paragraphs = %q", vs[7].Text)
				}
				if !containsNote(s.ReviewNotes, "Machelen-Diegem") || !containsNote(s.ReviewNotes, "titel afgeleid") {
					t.Errorf("review notes = %q", s.ReviewNotes)
				}
			},
		},
		"003": {
			title: "Dorp rond het kind", slug: "dorp-rond-het-kind", needsReview: true,
			sections: []string{"Doel", "Acties", "We zijn tevreden als…", "Tijdslijn", "Middelen en mankracht"},
			check: func(t *testing.T, s catalog.Sheet, r Report) {
				if !strings.HasPrefix(s.Intro, "Elk kind dat opgroeit in de Kempen") || strings.Contains(s.Intro, "Samen met ouders") {
					t.Errorf("intro = %q", s.Intro)
				}
				if !containsNote(s.ReviewNotes, "intro afgeleid") {
					t.Errorf("review notes = %q", s.ReviewNotes)
				}
				if !strings.HasPrefix(s.Partners, "Provincie Antwerpen, Centrum voor Basiseducatie Kempen") {
					t.Errorf("partners = %q", s.Partners)
				}
				acties := s.Sections[1].Body
				if !strings.HasPrefix(acties, "1. Trampoline:") || !strings.Contains(acties, "\n4. Buitenspelen versterken:") {
					t.Errorf("Acties = %q", acties)
				}
				if !strings.HasPrefix(s.Sections[2].Body, "1. in 2030") || !strings.HasPrefix(s.Sections[3].Body, "- 2020:") {
					t.Errorf("sections = %+v", s.Sections)
				}
			},
		},
		"004": {
			title: "Hefboom In partnerschap", slug: "hefboom-in-partnerschap", resources: 13,
			check: func(t *testing.T, s catalog.Sheet, r Report) {
				if !strings.HasPrefix(s.Intro, "Onze hele handelen") || !strings.HasPrefix(s.Description, "Hieronder vind je materiaal") {
					t.Errorf("intro %q, description %q", s.Intro, s.Description)
				}
				rs := s.Resources
				if rs[0].Title != "Anders kijken naar kansarme ouders" || !strings.HasPrefix(rs[0].Content, "Bijna 1 op de 5") || rs[0].ByWhom != "" {
					t.Errorf("first article = %+v", rs[0])
				}
				w := rs[5]
				if w.Title != "Sociale wandeling voor schoolteams en stadsdiensten" ||
					w.ByWhom != "bachelor kleuteronderwijs Odisee Aalst i.s.m. lokale stedelijke actoren in Aalst" ||
					w.ForWhom != "scholen en sociale diensten" || !strings.HasPrefix(w.Content, "Doel: directies") ||
					w.MoreInfo != "Kan je hier lezen" {
					t.Errorf("Sociale wandeling = %+v", w)
				}
				if rs[6].ByWhom != "Kind en Gezin" || strings.Count(rs[6].MoreInfo, "https://") != 2 {
					t.Errorf("Ouderparticipatie = %+v", rs[6])
				}
				if rs[7].MoreInfo != "https://vbjk.be/nl/publicaties/kinderopvang-en-ouders-partners-in-opvoeding" {
					t.Errorf("Meer weten = %q", rs[7].MoreInfo)
				}
				if rs[11].ByWhom != "Kind en Gezin, VBJK" || rs[12].Title != "Belang van ouderbetrokkenheid in kleuteronderwijs" {
					t.Errorf("last items = %+v %+v", rs[11], rs[12])
				}
				for _, res := range rs {
					if res.Title == "" || res.Content == "" {
						t.Errorf("incomplete resource %+v", res)
					}
				}
			},
		},
	}
	for prefix, w := range cases {
		t.Run(prefix, func(t *testing.T) {
			s, r := parseSeed(t, prefix)
			if s.Title != w.title || s.Slug != w.slug {
				t.Errorf("title %q slug %q, want %q %q", s.Title, s.Slug, w.title, w.slug)
			}
			if s.Status != catalog.StatusPublished || !strings.HasPrefix(s.Source, "import:"+prefix+"_") || strings.Contains(s.Source, "/") {
				t.Errorf("status %q source %q", s.Status, s.Source)
			}
			switch {
			case w.image == "" && s.Image != nil:
				t.Errorf("unexpected image %+v", s.Image)
			case w.image != "" && (s.Image == nil || s.Image.File != w.image || s.Image.Consent):
				t.Errorf("image = %+v, want %s without consent", s.Image, w.image)
			}
			counts := []struct {
				name      string
				got, want int
			}{
				{"categories", len(s.Terms[catalog.FacetCategory]), w.categories},
				{"goals", len(s.Goals), w.goals},
				{"target groups", len(s.TargetGroups), w.targetGroups},
				{"policy domains", len(s.Terms[catalog.FacetPolicyDomain]), w.domains},
				{"variants", len(s.Variants), w.variants},
				{"resources", len(s.Resources), w.resources},
			}
			for _, c := range counts {
				if c.got != c.want {
					t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
				}
			}
			var headings []string
			for _, sec := range s.Sections {
				headings = append(headings, sec.Heading)
			}
			if !reflect.DeepEqual(headings, w.sections) {
				t.Errorf("sections = %q, want %q", headings, w.sections)
			}
			if s.NeedsReview != w.needsReview || s.NeedsReview != (len(s.ReviewNotes) > 0) {
				t.Errorf("NeedsReview = %v, notes %q", s.NeedsReview, s.ReviewNotes)
			}
			if w.check != nil && !t.Failed() {
				w.check(t, s, r)
			}
		})
	}
}

func containsNote(notes []string, sub string) bool {
	for _, n := range notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}

func TestSeedReports(t *testing.T) {
	footer := []string{
		"Staat jouw praktijk nog niet in de databank? Vul dan deze fiche in.",
		"Deze databank bouwen we samen met jullie! Wil je een wijziging, foto, update of opmerking doorgeven? Mail samenleven@vvsg.be.",
	}
	want := map[string][]string{
		"000": append([]string{"Provider image"}, footer...),
		"001": append([]string{"Provider image"}, footer...),
		"002": append([]string{"Provider image"}, footer...),
		"003": {"Loading"},
		"004": {"banner bij Hefboom In partnerschap", "terug naar overzicht", "terug naar overzicht"},
	}
	for prefix, skipped := range want {
		_, r := parseSeed(t, prefix)
		if !reflect.DeepEqual(r.Skipped, skipped) {
			t.Errorf("%s: skipped %q, want %q", prefix, r.Skipped, skipped)
		}
		if !strings.HasPrefix(r.File, prefix+"_") || !strings.Contains(r.String(), r.File+": ") {
			t.Errorf("%s: report %q", prefix, r.String())
		}
	}
}

// structural lists the parts of a source line that only label a field: headings, the labels of
// resource items and the "Contact"/"Meer info" prefixes of variants.
var structural = []string{"Door wie?", "Door wie:", "Voor wie?", "Voor wie:", "Inhoud:", "Meer info:", "Meer weten:", "Meer info", "Contact:", "Contact"}

var seedHeadings = map[string]bool{"Categorie": true, "Doelen": true, "Doel": true, "Doelgroep": true,
	"Beschrijving": true, "Succesfactoren": true, "Uitdagingen": true, "Partners": true, "Partnerschap": true,
	"Deze praktijk in": true, "Beleidsdomeinen": true, "Acties": true, "Tijdslijn": true,
	"Middelen en mankracht": true, "We zijn tevreden als…": true}

// TestNothingDropped checks for every seed that each word of the source, except the chrome
// the report lists and the headings and labels that name fields, appears in the sheet at
// least as often as in the source.
func TestNothingDropped(t *testing.T) {
	for _, sd := range refdata.Seeds() {
		t.Run(sd.Name, func(t *testing.T) {
			s, r := Parse(sd.Name, sd.Data, testMatcher())
			chrome := map[string]bool{}
			for _, l := range r.Skipped {
				chrome[l] = true
			}
			source := map[string]int{}
			for _, l := range strings.Split(string(sd.Data), "\n") {
				l = strings.Join(strings.Fields(l), " ")
				if chrome[l] || seedHeadings[l] {
					continue
				}
				if isPlacesLine(l, s.Variants) {
					l = strings.ReplaceAll(l, " en ", ", ")
				}
				for _, p := range structural {
					if strings.HasPrefix(l, p) {
						l = l[len(p):]
						break
					}
				}
				countWords(source, l)
			}
			got := map[string]int{}
			countWords(got, sheetText(s))
			for w, n := range source {
				if got[w] < n {
					t.Errorf("word %q: %d times in the source, %d in the sheet", w, n, got[w])
				}
			}
		})
	}
}

// isPlacesLine reports whether l names exactly the places of one of the variants; its
// conjunctions ("Mol en Retie") only separate names.
func isPlacesLine(l string, vs []catalog.Variant) bool {
	for _, v := range vs {
		var names []string
		for _, p := range v.Places {
			names = append(names, p.Name)
		}
		var parts []string
		for _, p := range strings.FieldsFunc(strings.ReplaceAll(l, " en ", ","), func(r rune) bool { return strings.ContainsRune(",()", r) }) {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		if len(names) > 0 && reflect.DeepEqual(parts, names) {
			return true
		}
	}
	return false
}

func countWords(m map[string]int, s string) {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		m[w]++
	}
}

// sheetText concatenates every content field of a sheet (not the review notes).
func sheetText(s catalog.Sheet) string {
	parts := []string{s.Title, s.Intro, s.Description, s.SuccessFactors, s.Challenges, s.Partners, s.Contact}
	if s.Image != nil {
		parts = append(parts, s.Image.File, s.Image.Alt, s.Image.Credit)
	}
	for _, ts := range s.Terms {
		parts = append(parts, ts...)
	}
	parts = append(parts, s.Goals...)
	parts = append(parts, s.TargetGroups...)
	for _, v := range s.Variants {
		for _, p := range v.Places {
			parts = append(parts, p.Name)
		}
		parts = append(parts, v.Text, v.Contact)
		for _, l := range v.MoreInfo {
			parts = append(parts, l.Label, l.URL)
		}
	}
	for _, r := range s.Resources {
		parts = append(parts, r.Title, r.ByWhom, r.ForWhom, r.Content, r.MoreInfo)
	}
	for _, sec := range s.Sections {
		parts = append(parts, sec.Heading, sec.Body)
	}
	return strings.Join(parts, "\n")
}

func TestParseIsStable(t *testing.T) {
	for _, sd := range refdata.Seeds() {
		a, ra := Parse(sd.Name, sd.Data, testMatcher())
		b, rb := Parse(sd.Name, append([]byte(nil), sd.Data...), testMatcher())
		if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(ra, rb) {
			t.Errorf("%s: two parses differ", sd.Name)
		}
	}
}
