package importer

import (
	"regexp"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

var imageRe = regexp.MustCompile(`(?i)^[^\s/\\].{0,250}\.(?:png|jpe?g|gif|webp|svg|bmp|tiff?|heic|avif)$`)

type headingKind int

const (
	headingNone headingKind = iota
	headingTerms
	headingDescription
	headingSuccess
	headingChallenges
	headingPartners
	headingVariants
	headingContact
	headingSection
)

// lookupHeading maps the folded text of a line to the heading it is, if any.
func lookupHeading(key string) (headingKind, catalog.Facet) {
	switch key {
	case "categorie", "categorieen":
		return headingTerms, catalog.FacetCategory
	case "doelen", "doelstellingen":
		return headingTerms, catalog.FacetGoal
	case "doelgroep", "doelgroepen":
		return headingTerms, catalog.FacetTargetGroup
	case "beleidsdomeinen", "beleidsdomein":
		return headingTerms, catalog.FacetPolicyDomain
	case "beschrijving":
		return headingDescription, ""
	case "succesfactoren", "succesfactor":
		return headingSuccess, ""
	case "uitdagingen", "uitdaging":
		return headingChallenges, ""
	case "partners", "partner", "partnerschap", "partnerschappen":
		return headingPartners, ""
	case "deze praktijk in":
		return headingVariants, ""
	case "contact", "contactpersoon", "contactgegevens":
		return headingContact, ""
	case "doel", "acties", "tijdslijn", "timing", "middelen en mankracht", "middelen", "budget",
		"we zijn tevreden als", "resultaten", "aanpak", "evaluatie", "overige informatie":
		return headingSection, ""
	}
	return headingNone, ""
}

func headingKey(text string) string {
	if len(text) > 80 {
		return ""
	}
	return strings.TrimRight(fold(text), ":.… ")
}

// segment is a heading with the lines below it; the first segment has no heading.
type segment struct {
	kind    headingKind
	facet   catalog.Facet
	heading string // as written
	lines   []line
}

// segmentLines splits lines at headings. A heading is a line that is nothing but a known heading
// (trailing colon or ellipsis allowed); a bulleted one only when it stands alone between blank
// lines. Inside "Deze praktijk in", a bare "Contact" belongs to the variant above it.
func segmentLines(lines []line) []segment {
	segs := []segment{{}}
	for i, l := range lines {
		cur := &segs[len(segs)-1]
		kind, facet := headingAt(lines, i)
		if kind == headingContact && cur.kind == headingVariants {
			kind = headingNone
		}
		if kind == headingNone {
			cur.lines = append(cur.lines, l)
			continue
		}
		segs = append(segs, segment{kind: kind, facet: facet, heading: l.text})
	}
	return segs
}

func headingAt(lines []line, i int) (headingKind, catalog.Facet) {
	l := lines[i]
	switch {
	case l.blank() || l.marker == numberMarker:
		return headingNone, ""
	case l.marker == bulletMarker:
		alone := (i == 0 || lines[i-1].blank()) && (i == len(lines)-1 || lines[i+1].blank())
		if !alone {
			return headingNone, ""
		}
	}
	return lookupHeading(headingKey(l.text))
}

func (p *parser) section(sg segment) {
	if len(blocks(sg.lines)) == 0 {
		p.note("kop %q zonder inhoud", sg.heading)
		return
	}
	switch sg.kind {
	case headingTerms:
		p.terms(sg)
	case headingDescription:
		p.sheet.Description = joinMarkdown(p.sheet.Description, p.markdown(sg.lines))
	case headingSuccess:
		p.sheet.SuccessFactors = joinMarkdown(p.sheet.SuccessFactors, p.markdown(sg.lines))
	case headingChallenges:
		p.sheet.Challenges = joinMarkdown(p.sheet.Challenges, p.markdown(sg.lines))
	case headingPartners:
		p.sheet.Partners = joinMarkdown(p.sheet.Partners, p.markdown(sg.lines))
	case headingVariants:
		p.variants(sg.lines)
	case headingContact:
		p.sheet.Contact = joinLines(p.sheet.Contact, sg.lines)
	default:
		p.addSection(sg.heading, p.markdown(sg.lines))
	}
}

func (p *parser) markdown(lines []line) string {
	md, first := markdown(lines)
	p.seeProse(first)
	return md
}

func (p *parser) addSection(heading, body string) {
	if body == "" {
		return
	}
	for i, s := range p.sheet.Sections {
		if fold(s.Heading) == fold(heading) {
			p.sheet.Sections[i].Body = joinMarkdown(s.Body, body)
			return
		}
	}
	p.sheet.Sections = append(p.sheet.Sections, catalog.Section{Heading: heading, Body: body})
}

func joinLines(s string, lines []line) string {
	var parts []string
	if s != "" {
		parts = append(parts, s)
	}
	for _, l := range lines {
		if !l.blank() {
			parts = append(parts, l.raw)
		}
	}
	return strings.Join(parts, "\n")
}

// terms reads a facet's term list: bullets with any indentation, one comma-separated line, or
// plain lines. Text too long to be a term is kept as a section under the same heading.
func (p *parser) terms(sg segment) {
	var terms []string
	var prose []line
	for _, b := range blocks(sg.lines) {
		for _, l := range b {
			switch {
			case l.marker != noMarker:
				terms = append(terms, l.text)
			case l.indent > 0 && len(terms) > 0 && !endsSentence(terms[len(terms)-1]):
				terms[len(terms)-1] += " " + l.text
			case isTermLine(l.text):
				terms = append(terms, splitTerms(l.text)...)
			default:
				prose = append(prose, l)
			}
		}
		prose = append(prose, line{})
	}
	for _, t := range terms {
		p.addTerm(sg.facet, t)
	}
	if len(blocks(prose)) > 0 {
		p.addSection(sg.heading, p.markdown(prose))
		p.note("tekst onder %q is geen term en staat in een aparte sectie", sg.heading)
	}
}

func isTermLine(s string) bool {
	return len([]rune(s)) <= 200 || strings.Count(s, ",") >= 2 && len(splitTerms(s)) > 1
}

// splitTerms splits a comma-separated line into terms when every part is short; otherwise the
// line is one term.
func splitTerms(s string) []string {
	parts := strings.Split(s, ",")
	if len(parts) < 2 || strings.HasSuffix(strings.TrimSpace(s), ".") {
		return []string{s}
	}
	var out []string
	for _, part := range parts {
		part = strings.TrimSpace(part)
		if !hasLetterOrDigit(part) {
			continue
		}
		if wordCount(part) > 6 {
			return []string{s}
		}
		out = append(out, part)
	}
	return out
}

func (p *parser) addTerm(f catalog.Facet, t string) {
	t = strings.TrimSpace(t)
	if strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "..") {
		t = strings.TrimSpace(strings.TrimSuffix(t, "."))
	}
	if !hasLetterOrDigit(t) {
		return
	}
	have := p.sheet.Terms[f]
	switch f { // goals and target groups are the sheet's own sentences, not terms
	case catalog.FacetGoal:
		have = p.sheet.Goals
	case catalog.FacetTargetGroup:
		have = p.sheet.TargetGroups
	}
	for _, h := range have {
		if fold(h) == fold(t) {
			return
		}
	}
	switch f {
	case catalog.FacetGoal:
		p.sheet.Goals = append(p.sheet.Goals, t)
	case catalog.FacetTargetGroup:
		p.sheet.TargetGroups = append(p.sheet.TargetGroups, t)
	default:
		p.sheet.Terms[f] = append(p.sheet.Terms[f], t)
	}
}
