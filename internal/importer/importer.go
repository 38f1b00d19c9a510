// Package importer turns documents in the layout of the old practice databank (the seed
// documents) into practice sheets. It is pure: text in, catalog.Sheet out, no database.
//
// The importer recognises the headings of the old pages (Categorie, Doelen, Doelgroep,
// Beschrijving, Succesfactoren, Uitdagingen, Partners, Deze praktijk in, Beleidsdomeinen,
// Contact, and further sections such as Acties or Tijdslijn) whatever their bullets, spacing
// or order, and never drops text: what maps to no field becomes a further section. Only the
// chrome of the old site (its footer, navigation and loading placeholders) is left out, and
// the Report lists it.
package importer

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Report says what Parse derived, guessed, could not match or left out. Its lines are in
// Dutch, for the editors who act on them.
type Report struct {
	File    string   // base name of the parsed file
	Notes   []string // derived values, unmatched places, links without address, ...
	Skipped []string // source lines left out as noise or chrome of the old site, as written
}

// String renders the report as one line per note, the skipped lines last.
func (r Report) String() string {
	var b strings.Builder
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "%s: %s\n", r.File, n)
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(&b, "%s: weggelaten (site van de oude databank): %q\n", r.File, s)
	}
	return b.String()
}

// Parse reads one document in the seed layout. fileName is used for Sheet.Source
// ("import:" + its base name) and, when the document gives no title, to derive one; m resolves
// the municipalities of local variants (nil matches none).
//
// The sheet is published, its slug follows from its title, and the same input always gives
// the same sheet. NeedsReview is set, with ReviewNotes, when an editor should look: a derived
// title or intro, an unknown place, a derived resource title, an image whose consent is
// unknown. Parse never fails; for any non-empty input the sheet has a non-empty slug.
func Parse(fileName string, text []byte, m Matcher) (catalog.Sheet, Report) {
	if m == nil {
		m = noMatcher{}
	}
	base := filepath.Base(strings.ReplaceAll(fileName, `\`, "/"))
	if fileName == "" {
		base = ""
	}
	p := &parser{m: m, rep: Report{File: base}}
	p.sheet.Source = "import:" + base
	p.sheet.Status = catalog.StatusPublished
	p.sheet.Terms = map[catalog.Facet][]string{}
	p.parse(normalize(text))
	p.finish()
	return p.sheet, p.rep
}

type parser struct {
	m          Matcher
	sheet      catalog.Sheet
	rep        Report
	sawListNav bool          // the source had a "terug naar overzicht" link: a list page
	firstProse string        // the first plain paragraph of the body, for a derived intro
	preface    string        // Markdown of paragraphs between the intro and the first heading
	filePlaces []placeOfFile // municipalities named by the image's file name
}

// placeOfFile is a municipality named by the file name of a sheet's image.
type placeOfFile struct {
	name, slug string
}

func (p *parser) note(format string, args ...any) {
	p.rep.Notes = append(p.rep.Notes, fmt.Sprintf(format, args...))
}

// review notes something an editor should look at, on the sheet and in the report.
func (p *parser) review(format string, args ...any) {
	n := fmt.Sprintf(format, args...)
	p.sheet.NeedsReview = true
	p.sheet.ReviewNotes = append(p.sheet.ReviewNotes, n)
	p.rep.Notes = append(p.rep.Notes, n)
}

func (p *parser) seeProse(para string) {
	if p.firstProse == "" {
		p.firstProse = para
	}
}

func (p *parser) parse(s string) {
	lines := p.dropChrome(splitLines(s))
	if len(blocks(lines)) == 0 {
		p.note("document zonder inhoud")
	}
	lines = p.takeImage(lines)
	segs := segmentLines(lines)
	p.top(segs[0].lines)
	for _, sg := range segs[1:] {
		p.section(sg)
	}
}

// dropChrome removes loading placeholders and the footer and navigation of the old site.
func (p *parser) dropChrome(lines []line) []line {
	out := make([]line, 0, len(lines))
	for _, l := range lines {
		switch chrome(l.raw) {
		case chromeNone:
			out = append(out, l)
			continue
		case chromeListNav:
			p.sawListNav = true
		}
		p.rep.Skipped = append(p.rep.Skipped, l.raw)
		out = append(out, line{})
	}
	return out
}

type chromeKind int

const (
	chromeNone chromeKind = iota
	chromeNoise
	chromeFooter
	chromeListNav
)

func chrome(raw string) chromeKind {
	if len(raw) > 300 {
		return chromeNone
	}
	k := strings.TrimRight(fold(raw), ". ")
	switch {
	case k == "provider image" || k == "loading" || k == "laden":
		return chromeNoise
	case strings.HasPrefix(k, "staat jouw praktijk nog niet in de databank"),
		strings.HasPrefix(k, "deze databank bouwen we samen met jullie"):
		return chromeFooter
	case k == "terug naar overzicht":
		return chromeListNav
	case strings.HasPrefix(k, "banner bij ") && wordCount(k) <= 15:
		return chromeNoise
	}
	return chromeNone
}

// takeImage reads an image file name on the first non-blank line into Sheet.Image.
func (p *parser) takeImage(lines []line) []line {
	for i, l := range lines {
		if l.blank() {
			continue
		}
		if l.marker != noMarker || !imageRe.MatchString(l.raw) {
			return lines
		}
		p.setImage(l.raw)
		return lines[i+1:]
	}
	return lines
}

func (p *parser) setImage(file string) {
	p.sheet.Image = &catalog.Image{File: file}
	letters := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, fold(file))
	if strings.Contains(letters, "geentoestemming") || strings.Contains(letters, "zondertoestemming") {
		p.note("afbeelding %q: geen toestemming volgens de bestandsnaam, wordt niet getoond", file)
	} else {
		p.review("afbeelding %q: toestemming onbekend, wordt niet getoond tot een redacteur ze bevestigt", file)
	}
	p.note("afbeelding %q: geen alt-tekst en geen bronvermelding in de bron", file)
}

// top handles everything before the first heading: title, intro, further paragraphs and,
// on a list page, its resource items.
func (p *parser) top(lines []line) {
	bs := blocks(lines)
	if len(bs) > 0 && isTitleBlock(bs[0]) {
		p.sheet.Title = bs[0][0].text
		bs = bs[1:]
	}
	listPage := p.sawListNav || hasResourceLabels(bs)
	if len(bs) > 0 && isProse(bs[0]) && !(listPage && resourceStart(bs) == 0) {
		p.sheet.Intro = joinText(bs[0])
		bs = bs[1:]
	}
	rest := len(bs)
	if listPage {
		rest = resourceStart(bs)
	}
	if rest > 0 {
		md, first := markdown(flatten(bs[:rest]))
		p.seeProse(first)
		p.preface = md
	}
	p.resources(bs[rest:])
}

func isTitleBlock(b []line) bool {
	return len(b) == 1 && b[0].marker == noMarker && titleLike(b[0].text, 120)
}

// titleLike reports whether s reads as a title: one short line that does not end like a
// sentence and holds no address.
func titleLike(s string, limit int) bool {
	return len([]rune(s)) <= limit && wordCount(s) <= 16 && !endsSentence(s) && hasLetterOrDigit(s) &&
		!strings.Contains(s, "@") && !urlRe.MatchString(s)
}

func isProse(b []line) bool {
	for _, l := range b {
		if l.marker != noMarker {
			return false
		}
	}
	return true
}

func joinText(b []line) string {
	parts := make([]string, len(b))
	for i, l := range b {
		parts[i] = l.text
	}
	return strings.Join(parts, " ")
}

// flatten joins blocks back into lines with a blank line between blocks.
func flatten(bs [][]line) []line {
	var out []line
	for i, b := range bs {
		if i > 0 {
			out = append(out, line{})
		}
		out = append(out, b...)
	}
	return out
}

func (p *parser) finish() {
	if p.preface != "" {
		p.sheet.Description = joinMarkdown(p.preface, p.sheet.Description)
		p.note("alinea's tussen de intro en de eerste kop staan vooraan in de beschrijving")
	}
	if p.sheet.Intro == "" && p.firstProse != "" {
		p.sheet.Intro = sentences(p.firstProse, 2, 300)
		p.review("intro afgeleid uit de eerste alinea van de tekst")
	}
	if p.sheet.Title == "" {
		title, how := p.deriveTitle()
		p.sheet.Title = title
		p.review("titel afgeleid (%s): %q", how, title)
		p.municipalitiesOfFileName()
	}
	p.sheet.Slug = sheetSlug(p.sheet.Title, p.rep.File)
	for f, ts := range p.sheet.Terms {
		if len(ts) == 0 {
			delete(p.sheet.Terms, f)
		}
	}
}

// municipalitiesOfFileName gives a sheet that names no municipality of its own the ones its
// title took from the image's file name ("Talentcoaches (Genk)" is a practice of Genk), so
// that it is found under them; an editor is asked to confirm.
func (p *parser) municipalitiesOfFileName() {
	if len(p.filePlaces) == 0 || len(p.sheet.Terms[catalog.FacetMunicipality]) > 0 {
		return
	}
	for _, v := range p.sheet.Variants {
		for _, pl := range v.Places {
			if pl.TermSlug != "" {
				return
			}
		}
	}
	for _, pl := range p.filePlaces {
		if !slices.Contains(p.sheet.Terms[catalog.FacetMunicipality], pl.slug) {
			p.sheet.Terms[catalog.FacetMunicipality] = append(p.sheet.Terms[catalog.FacetMunicipality], pl.slug)
			p.review("gemeente afgeleid uit de bestandsnaam van de afbeelding: %s", pl.name)
		}
	}
}
