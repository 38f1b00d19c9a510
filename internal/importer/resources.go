package importer

import (
	"regexp"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

var (
	byWhomRe  = regexp.MustCompile(`(?i)^door\s+wie\s*[?:]+\s*(.*)$`)
	forWhomRe = regexp.MustCompile(`(?i)^voor\s+wie\s*[?:]+\s*(.*)$`)
	contentRe = regexp.MustCompile(`(?i)^inhoud\s*(?::\s*(.*))?$`)
	moreRe    = regexp.MustCompile(`(?i)^meer\s+(?:informatie|info|weten)\s*(?::\s*(.*))?$`)
)

type labelKind int

const (
	labelNone labelKind = iota
	labelByWhom
	labelForWhom
	labelContent
	labelMore
)

// resourceLabel recognises the labels of a resource item and returns the text after them.
func resourceLabel(s string) (labelKind, string) {
	for _, l := range []struct {
		kind labelKind
		re   *regexp.Regexp
	}{{labelByWhom, byWhomRe}, {labelForWhom, forWhomRe}, {labelContent, contentRe}, {labelMore, moreRe}} {
		if m := l.re.FindStringSubmatch(s); m != nil {
			return l.kind, strings.TrimSpace(m[1])
		}
	}
	return labelNone, ""
}

func hasResourceLabels(bs [][]line) bool {
	for _, b := range bs {
		for _, l := range b {
			if k, _ := resourceLabel(l.text); k == labelByWhom || k == labelForWhom || k == labelContent {
				return true
			}
		}
	}
	return false
}

// resourceStart returns the index of the first block that starts a resource item.
func resourceStart(bs [][]line) int {
	for i, b := range bs {
		if k, _ := resourceLabel(b[0].text); k != labelNone || itemTitleAt(bs, i) {
			return i
		}
	}
	return len(bs)
}

// itemTitleAt reports whether block i is the title of a resource item: a title-like line
// followed by labels or by a paragraph that is not itself title-like.
func itemTitleAt(bs [][]line, i int) bool {
	b := bs[i]
	if len(b) != 1 || b[0].marker != noMarker || !titleLike(b[0].text, 100) || i+1 == len(bs) {
		return false
	}
	if k, _ := resourceLabel(b[0].text); k != labelNone {
		return false
	}
	next := bs[i+1]
	if k, _ := resourceLabel(next[0].text); k != labelNone {
		return true
	}
	return !(len(next) == 1 && titleLike(next[0].text, 100))
}

type resourceDraft struct {
	r             catalog.Resource
	content, more []line
	inMore        bool
	pending       *string // a label whose value is on the next line
}

func (d *resourceDraft) hasBody() bool {
	return len(blocks(d.content)) > 0 || len(blocks(d.more)) > 0
}

// startedBy reports whether a line with this label begins a new (untitled) item.
func (d *resourceDraft) startedBy(kind labelKind) bool {
	switch kind {
	case labelByWhom:
		return d.hasBody() || d.r.ByWhom != ""
	case labelForWhom:
		return d.hasBody() || d.r.ForWhom != ""
	}
	return false
}

func (d *resourceDraft) add(l line) {
	if d.inMore {
		d.more = append(d.more, l)
	} else {
		d.content = append(d.content, l)
	}
}

// resources reads the items of a list page: a title, optional "Door wie?", "Voor wie?",
// "Inhoud:" and "Meer info:" parts, or just a title and a paragraph (an article).
func (p *parser) resources(bs [][]line) {
	var d *resourceDraft
	flush := func() {
		if d != nil {
			p.addResource(d)
		}
		d = nil
	}
	for i, b := range bs {
		if (d == nil || d.hasBody()) && itemTitleAt(bs, i) {
			flush()
			d = &resourceDraft{r: catalog.Resource{Title: b[0].text}}
			continue
		}
		for _, l := range b {
			kind, value := resourceLabel(l.text)
			if d == nil || d.startedBy(kind) {
				flush()
				d = &resourceDraft{}
			}
			d.label(kind, value, l)
		}
		if d != nil {
			d.add(line{})
		}
	}
	flush()
}

func (d *resourceDraft) label(kind labelKind, value string, l line) {
	if kind == labelNone && d.pending != nil {
		*d.pending, d.pending = l.text, nil
		return
	}
	d.pending = nil
	switch kind {
	case labelByWhom, labelForWhom:
		field := &d.r.ByWhom
		if kind == labelForWhom {
			field = &d.r.ForWhom
		}
		*field = value
		if value == "" {
			d.pending = field
		}
		return
	case labelContent:
		d.inMore = false
	case labelMore:
		d.inMore = true
	default:
		d.add(l)
		return
	}
	if value != "" {
		d.add(parseLine(value))
	}
}

func (p *parser) addResource(d *resourceDraft) {
	r := d.r
	r.Content = p.markdown(d.content)
	r.MoreInfo = p.markdown(d.more)
	if r.Title == "" {
		r.Title = resourceTitle(r)
		p.review("titel van bron %d afgeleid: %q", len(p.sheet.Resources)+1, r.Title)
	}
	if r.MoreInfo != "" && !urlRe.MatchString(r.MoreInfo) {
		p.note("bron %q: \"Meer info\" zonder adres (%q)", r.Title, firstWords(r.MoreInfo, 8))
	}
	p.sheet.Resources = append(p.sheet.Resources, r)
}

func resourceTitle(r catalog.Resource) string {
	for _, s := range []string{r.Content, r.MoreInfo, r.ByWhom, r.ForWhom} {
		s = strings.TrimLeft(s, `\-#>*+ `)
		if hasLetterOrDigit(s) {
			return firstWords(sentences(strings.SplitN(s, "\n", 2)[0], 1, 120), 8)
		}
	}
	return "Naamloze bron"
}
