package templates

import (
	"html"
	"net/url"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// The anchors and titles of the sections of a sheet that are not written in it.
const (
	idContact      = "contact"
	titleContact   = "Contact"
	idVariants     = "varianten"
	titleVariants  = "Waar loopt deze praktijk?"
	idResources    = "materiaal"
	titleResources = "Materiaal"
)

// longSheet is how many characters of text make a sheet long enough for "Op deze pagina":
// some five screens of a phone (375 px wide, about 600 characters a screen) below its facts.
// Of the seeds, the two about Genk (some 1,800 and 2,000 characters) are shorter; the
// others have 3,400 to 9,600.
const longSheet = 3000

// sectionID is the anchor of the sheet's i-th further section (from 0).
func sectionID(i int) string { return "sectie-" + itoa(i+1) }

// resourceID is the anchor of the sheet's i-th item of material (from 0).
func resourceID(i int) string { return "materiaal-" + itoa(i+1) }

// tocEntry is a line of "Op deze pagina", with the items of material under "Materiaal".
type tocEntry struct {
	ID, Title string
	Items     []tocEntry
}

// contents lists the sections of the sheet in the order sheetArticle shows them, for
// "Op deze pagina", but for the contact block, which is always beside the list.
func (v SheetView) contents() []tocEntry {
	var out []tocEntry
	add := func(id, title string, present bool) {
		if present {
			out = append(out, tocEntry{ID: id, Title: title})
		}
	}
	sh := v.Sheet
	add("doelen", "Doelen", len(sh.Goals) > 0)
	add("doelgroep", "Doelgroep", len(sh.TargetGroups) > 0)
	add("beschrijving", "Beschrijving", sh.Description != "")
	add("succesfactoren", "Succesfactoren", sh.SuccessFactors != "")
	add("uitdagingen", "Uitdagingen", sh.Challenges != "")
	for i, s := range sh.Sections {
		add(sectionID(i), s.Heading, s.Body != "")
	}
	add("partners", "Partners", sh.Partners != "")
	add(idVariants, titleVariants, len(v.Variants) > 0)
	add(idResources, titleResources, len(sh.Resources) > 0)
	if len(sh.Resources) > 0 {
		last := &out[len(out)-1]
		for i, r := range sh.Resources {
			last.Items = append(last.Items, tocEntry{ID: resourceID(i), Title: r.Title})
		}
	}
	return out
}

// long reports whether the sheet is long enough to list its sections at the top.
func (v SheetView) long() bool {
	sh := v.Sheet
	n := len(sh.Description) + len(sh.SuccessFactors) + len(sh.Challenges) + len(sh.Partners) + len(sh.Contact)
	for _, s := range append(sh.Goals, sh.TargetGroups...) {
		n += len(s)
	}
	for _, s := range sh.Sections {
		n += len(s.Body)
	}
	for _, vr := range v.Variants {
		n += len(vr.Text)
	}
	for _, r := range sh.Resources {
		n += len(r.Content) + len(r.MoreInfo)
	}
	lines := 0
	for _, c := range v.contents() {
		lines += 1 + len(c.Items)
	}
	return n > longSheet && lines >= 3
}

// contacts are the variants that have a contact.
func (v SheetView) contacts() []VariantView {
	var out []VariantView
	for _, vr := range v.Variants {
		if len(vr.Contacts) > 0 {
			out = append(out, vr)
		}
	}
	return out
}

// mailURL is a mailto: link without an addressee that carries the sheet's title and address.
func (v SheetView) mailURL() string {
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	return "mailto:?subject=" + esc("Praktijkbank: "+v.Sheet.Title) +
		"&body=" + esc(v.Sheet.Title+"\n"+v.PageURL)
}

// placeNames is the names of places in running text: "Balen, Dessel, Mol en Retie".
func placeNames(ps []PlaceView) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Label
	}
	return catalog.JoinNames(names)
}

// breakableEmail is an e-mail address as HTML that a line may break after its @ and before
// each dot, never inside a word: "an<wbr>.peeters@<wbr>leuven<wbr>.be".
func breakableEmail(addr string) string {
	var b strings.Builder
	start := 0
	for i, r := range addr {
		switch {
		case r == '.' && i > start:
			b.WriteString(html.EscapeString(addr[start:i]) + "<wbr>")
			start = i
		case r == '@':
			b.WriteString(html.EscapeString(addr[start:i+1]) + "<wbr>")
			start = i + 1
		}
	}
	b.WriteString(html.EscapeString(addr[start:]))
	return b.String()
}

// anyLink tells whether one of links has an address.
func anyLink(links []catalog.Link) bool {
	for _, l := range links {
		if l.URL != "" {
			return true
		}
	}
	return false
}
