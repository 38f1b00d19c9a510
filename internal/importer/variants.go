package importer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

var (
	placeSplitRe = regexp.MustCompile(`\s*(?:[,;/()&]|\s+en\s+)\s*`)
	moreInfoRe   = regexp.MustCompile(`(?i)^meer\s*(?:informatie|info|weten)\s*:?\s*(.*)$`)
)

type variantDraft struct {
	v              catalog.Variant
	body           []line
	pendingContact bool
}

func (d *variantDraft) hasText() bool { return len(blocks(d.body)) > 0 }

// variants reads "Deze praktijk in": groups of a places line followed by text, contact and
// more-info lines.
func (p *parser) variants(lines []line) {
	bs := blocks(lines)
	var cur *variantDraft
	flush := func() {
		if cur == nil {
			return
		}
		if cur.pendingContact {
			cur.v.MoreInfo = append(cur.v.MoreInfo, catalog.Link{Label: "Contact"})
		}
		cur.v.Text = p.markdown(cur.body)
		p.sheet.Variants = append(p.sheet.Variants, cur.v)
	}
	open := func() *variantDraft {
		if cur == nil {
			cur = &variantDraft{}
			p.review("tekst onder \"Deze praktijk in\" zonder gemeente ervoor: variant zonder gemeente")
		}
		return cur
	}
	for i, b := range bs {
		rest := b
		if places, ok := p.placesAt(bs, i); ok {
			flush()
			cur = &variantDraft{v: catalog.Variant{Places: places}}
			rest = b[1:]
		}
		for j, l := range rest {
			d := open()
			switch {
			case d.pendingContact:
				d.pendingContact = false
				if emailRe.MatchString(l.text) || wordCount(l.text) <= 8 {
					setContact(&d.v, l.text)
					continue
				}
				d.v.MoreInfo = append(d.v.MoreInfo, catalog.Link{Label: "Contact"})
				d.body = append(d.body, l)
			case p.contactLine(d, l.text):
			case p.moreInfoLine(d, l.text):
			case j == 0 && len(b) == 1 && d.hasText() && isLinkLabel(bs, i):
				d.v.MoreInfo = append(d.v.MoreInfo, catalog.Link{Label: l.text})
				p.note("%q bij een variant gelezen als link zonder adres", l.text)
			default:
				d.body = append(d.body, l)
			}
		}
		if cur != nil {
			cur.body = append(cur.body, line{})
		}
	}
	flush()
}

// contactLine handles "Contact…" lines: "Contactx@y.be", "Contact: Name: x@y.be", a bare
// "Contact" whose value follows, or a link label such as "Contact vrijetijdscoach".
func (p *parser) contactLine(d *variantDraft, s string) bool {
	value, ok := contactValue(s)
	switch {
	case !ok:
		return false
	case value == "":
		d.pendingContact = true
	case emailRe.MatchString(value):
		setContact(&d.v, value)
	default:
		d.v.MoreInfo = append(d.v.MoreInfo, catalog.Link{Label: s})
		p.note("%q bij een variant gelezen als link zonder adres (geen e-mailadres)", s)
	}
	return true
}

func contactValue(s string) (string, bool) {
	if len(s) < 7 || !strings.EqualFold(s[:7], "contact") {
		return "", false
	}
	rest := s[7:]
	for _, suffix := range []string{"persoon", "gegevens"} {
		if len(rest) >= len(suffix) && strings.EqualFold(rest[:len(suffix)], suffix) {
			rest = rest[len(suffix):]
		}
	}
	if rest == "" {
		return "", true
	}
	if rest[0] == ':' || rest[0] == ' ' {
		v := strings.TrimLeft(rest, ": ")
		return v, emailRe.MatchString(v) || wordCount(v) <= 6
	}
	if loc := emailRe.FindStringIndex(rest); loc != nil && loc[0] == 0 {
		return rest, true
	}
	return "", false
}

func setContact(v *catalog.Variant, s string) {
	if v.Contact != "" {
		v.Contact += "; "
	}
	v.Contact += s
	if v.Email == "" {
		v.Email = emailRe.FindString(s)
	}
}

// moreInfoLine handles "Meer info…" lines, glued or not: "Meer infoHuis van het Kind Diest",
// "Meer info: https://…".
func (p *parser) moreInfoLine(d *variantDraft, s string) bool {
	m := moreInfoRe.FindStringSubmatch(s)
	if m == nil || (wordCount(m[1]) > 12 && !urlRe.MatchString(m[1])) {
		return false
	}
	link := makeLink(m[1])
	if link.Label == "" {
		link.Label = s
	}
	if link.URL == "" {
		p.note("link %q bij een variant heeft geen adres", link.Label)
	}
	d.v.MoreInfo = append(d.v.MoreInfo, link)
	return true
}

func makeLink(s string) catalog.Link {
	u := urlRe.FindString(s)
	label := strings.TrimSpace(strings.Trim(strings.Replace(s, u, "", 1), " :-–"))
	if label == "" {
		label = u
	}
	return catalog.Link{Label: label, URL: u}
}

// isLinkLabel reports whether block i is a short label such as "Flyer": a link in the source
// page whose address was lost, followed by another label or nothing.
func isLinkLabel(bs [][]line, i int) bool {
	s := bs[i][0].text
	if bs[i][0].marker != noMarker || wordCount(s) > 3 || endsSentence(s) || strings.ContainsAny(s, "?!@") {
		return false
	}
	if i+1 == len(bs) {
		return true
	}
	next := bs[i+1][0].text
	_, contact := contactValue(next)
	return contact || moreInfoRe.MatchString(next)
}

// placesAt recognises a places line ("Balen, Dessel, Mol en Retie") at the start of block i.
// Most of its names must be known municipalities; a line of unknown names counts only when it
// looks like names and text follows it.
func (p *parser) placesAt(bs [][]line, i int) ([]catalog.Place, bool) {
	l := bs[i][0]
	if l.marker != noMarker || len(l.text) > 400 || endsSentence(l.text) || strings.ContainsAny(l.text, ":?!@") {
		return nil, false
	}
	names := splitPlaces(l.text)
	if len(names) == 0 {
		return nil, false
	}
	places := make([]catalog.Place, 0, len(names))
	matched := 0
	for _, n := range names {
		if wordCount(n) > 4 || utf8.RuneCountInString(n) > 40 {
			return nil, false
		}
		slug, ok := p.m.Match(n)
		if ok {
			matched++
		}
		places = append(places, catalog.Place{Name: n, TermSlug: slug})
	}
	switch {
	case matched > 0 && 2*matched >= len(names):
	case matched == 0 && len(names) <= 3 && allNameLike(names) && textFollows(bs, i):
	default:
		return nil, false
	}
	for _, pl := range places {
		if pl.TermSlug == "" {
			p.review("gemeente niet gevonden: %q, als tekst bewaard%s", pl.Name, p.suggest(pl.Name))
		}
	}
	return places, true
}

func splitPlaces(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, part := range placeSplitRe.Split(s, -1) {
		part = strings.TrimSpace(part)
		if part == "" || seen[fold(part)] {
			continue
		}
		seen[fold(part)] = true
		out = append(out, part)
	}
	return out
}

func allNameLike(names []string) bool {
	for _, n := range names {
		for k, w := range strings.Fields(n) {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) && (k == 0 || !isNameParticle(w)) {
				return false
			}
		}
	}
	return true
}

func isNameParticle(w string) bool {
	switch w {
	case "de", "den", "der", "het", "ten", "ter", "op", "aan", "sur", "lez", "'t":
		return true
	}
	return false
}

// textFollows reports whether the line at the start of block i is followed by variant text.
func textFollows(bs [][]line, i int) bool {
	if len(bs[i]) > 1 {
		return true
	}
	if i+1 == len(bs) {
		return false
	}
	next := bs[i+1][0].text
	if _, contact := contactValue(next); contact || moreInfoRe.MatchString(next) {
		return false
	}
	return wordCount(next) > 3 || endsSentence(next)
}

// suggest proposes a municipality for an unknown name made of a known one plus a part
// ("Machelen-Diegem": Machelen?), for the editor; it never assigns it.
func (p *parser) suggest(name string) string {
	fields := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == ' ' })
	for n := len(fields) - 1; n > 0; n-- {
		if _, ok := p.m.Match(strings.Join(fields[:n], "-")); ok {
			return " (bedoeld: " + strings.Join(fields[:n], "-") + "?)"
		}
	}
	return ""
}
