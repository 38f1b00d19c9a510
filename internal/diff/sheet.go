package diff

import (
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Field is one field of a sheet that differs between two versions: a text field with its
// word diff (Text), or a list field compared item by item (Items, List set).
type Field struct {
	Key   string // stable name: "title", "description", "terms:doel", "variants", ...
	Label string // Dutch heading
	List  bool
	Text  []Op
	Items []Item
}

// Sheets returns the fields in which sheet b differs from sheet a, in the order a sheet shows
// them; nil when a reader would see the same sheet. Bookkeeping (status, revision, dates,
// source, review flags) is not compared. The slug is compared only when both sheets have one.
// Lists of terms are compared as sets of names (another order is no change); the sheet's own
// goals and target groups as text, a sentence a line, word by word; local variants, resources and further sections item by
// item, each item as the text a reader sees.
func Sheets(a, b catalog.Sheet) []Field {
	var out []Field
	text := func(key, label, x, y string) {
		if x != y {
			out = append(out, Field{Key: key, Label: label, Text: Words(x, y)})
		}
	}
	list := func(key, label string, items []Item) {
		if ItemsChanged(items) {
			out = append(out, Field{Key: key, Label: label, List: true, Items: items})
		}
	}
	text("title", "Titel", a.Title, b.Title)
	if a.Slug != "" && b.Slug != "" {
		text("slug", "Adres (slug)", a.Slug, b.Slug)
	}
	text("intro", "Inleiding", a.Intro, b.Intro)
	text("image", "Afbeelding", imageText(a.Image), imageText(b.Image))
	for _, f := range catalog.Facets {
		list("terms:"+string(f), f.Label(), Members(trimAll(a.Terms[f]), trimAll(b.Terms[f])))
	}
	text("goals", "Doelen (tekst van de fiche)", sentences(a.Goals), sentences(b.Goals))
	text("target_groups", "Doelgroep (tekst van de fiche)", sentences(a.TargetGroups), sentences(b.TargetGroups))
	text("description", "Beschrijving", a.Description, b.Description)
	text("success_factors", "Succesfactoren", a.SuccessFactors, b.SuccessFactors)
	text("challenges", "Uitdagingen", a.Challenges, b.Challenges)
	text("partners", "Partners", a.Partners, b.Partners)
	list("variants", "Waar loopt deze praktijk?", Items(mapText(a.Variants, VariantText), mapText(b.Variants, VariantText)))
	list("resources", "Materiaal", Items(mapText(a.Resources, ResourceText), mapText(b.Resources, ResourceText)))
	list("sections", "Andere rubrieken", Items(mapText(a.Sections, SectionText), mapText(b.Sections, SectionText)))
	text("contact", "Contact", a.Contact, b.Contact)
	return out
}

// VariantText is a local variant as the text the comparison shows.
func VariantText(v catalog.Variant) string {
	var lines []string
	var names []string
	for _, p := range v.Places {
		names = append(names, p.Name)
	}
	if len(names) > 0 {
		lines = append(lines, "Gemeenten: "+strings.Join(names, ", "))
	}
	if v.Text != "" {
		lines = append(lines, v.Text)
	}
	if v.Contact != "" {
		lines = append(lines, "Contact: "+v.Contact)
	}
	if v.Email != "" && v.Email != v.Contact && !strings.Contains(v.Contact, v.Email) {
		lines = append(lines, "E-mail: "+v.Email)
	}
	for _, l := range v.MoreInfo {
		lines = append(lines, "Meer info: "+linkText(l))
	}
	return strings.Join(lines, "\n")
}

// ResourceText is a resource as the text the comparison shows.
func ResourceText(r catalog.Resource) string {
	lines := []string{r.Title}
	for _, kv := range [][2]string{{"Door wie", r.ByWhom}, {"Voor wie", r.ForWhom}, {"Inhoud", r.Content}, {"Meer info", r.MoreInfo}} {
		if kv[1] != "" {
			lines = append(lines, kv[0]+": "+kv[1])
		}
	}
	return strings.Join(lines, "\n")
}

// SectionText is a further section as the text the comparison shows.
func SectionText(s catalog.Section) string {
	return s.Heading + "\n" + s.Body
}

func imageText(img *catalog.Image) string {
	if img == nil {
		return ""
	}
	consent := "nee"
	if img.Consent {
		consent = "ja"
	}
	lines := []string{"Bestand: " + img.File, "Alternatieve tekst: " + img.Alt}
	if img.Credit != "" {
		lines = append(lines, "Fotograaf of bron: "+img.Credit)
	}
	lines = append(lines, "Toestemming om te tonen: "+consent)
	return strings.Join(lines, "\n")
}

func linkText(l catalog.Link) string {
	switch {
	case l.URL == "" || l.URL == l.Label:
		return l.Label
	case l.Label == "":
		return l.URL
	}
	return l.Label + " (" + l.URL + ")"
}

func mapText[T any](xs []T, f func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func trimAll(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// sentences is a list of sentences as the text the comparison shows: one a line.
func sentences(xs []string) string { return strings.Join(trimAll(xs), "\n") }
