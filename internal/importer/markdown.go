package importer

import (
	"regexp"
	"strings"
)

var (
	mdLeadingNumberRe = regexp.MustCompile(`^(\d+)([.)])(\s|$)`)
	mdRuleRe          = regexp.MustCompile(`^[-*_=]+$`)
)

// element is a paragraph or a list item of a rich-text field.
type element struct {
	marker markerKind
	num    string
	text   string
	more   []string // continuation paragraphs of a list item
}

// elements groups lines into paragraphs and list items. Every source line that is not a list
// item is a paragraph of its own (the source separates paragraphs by single line breaks);
// an indented line right below a list item continues that item.
func elements(lines []line) []element {
	var out []element
	afterBlank := true
	for _, l := range lines {
		if l.blank() {
			afterBlank = true
			continue
		}
		last := len(out) - 1
		switch {
		case l.marker != noMarker:
			out = append(out, element{marker: l.marker, num: l.num, text: l.text})
		case last >= 0 && out[last].marker != noMarker && !afterBlank && l.indent > 0:
			out[last].more = append(out[last].more, l.text)
		default:
			out = append(out, element{text: l.text})
		}
		afterBlank = false
	}
	return out
}

// markdown renders lines as Markdown: paragraphs separated by a blank line, "•" bullets as
// "- item", numbered items as "1. item". It also returns the first plain paragraph.
func markdown(lines []line) (md, firstPara string) {
	els := elements(lines)
	var b strings.Builder
	for i, e := range els {
		if i > 0 {
			if e.marker != noMarker && e.marker == els[i-1].marker {
				b.WriteString("\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		if e.marker == noMarker && firstPara == "" {
			firstPara = e.text
		}
		writeElement(&b, e)
	}
	return b.String(), firstPara
}

func writeElement(b *strings.Builder, e element) {
	prefix := ""
	switch e.marker {
	case bulletMarker:
		prefix = "- "
	case numberMarker:
		prefix = e.num + ". "
	}
	b.WriteString(prefix)
	b.WriteString(escapeMarkdown(e.text))
	pad := strings.Repeat(" ", len(prefix))
	for _, m := range e.more {
		b.WriteString("\n\n")
		b.WriteString(pad)
		b.WriteString(escapeMarkdown(m))
	}
}

// escapeMarkdown keeps a line of plain text from being read as Markdown block syntax
// (heading, quote, list, rule, code fence, table, HTML, link definition) by escaping its
// first character. Inline text is left alone.
func escapeMarkdown(s string) string {
	if s == "" {
		return s
	}
	if m := mdLeadingNumberRe.FindStringSubmatchIndex(s); m != nil {
		return s[:m[4]] + `\` + s[m[4]:]
	}
	if mdRuleRe.MatchString(strings.ReplaceAll(s, " ", "")) || strings.ContainsRune("#>*+-=<[|`~_", rune(s[0])) {
		return `\` + s
	}
	return s
}

// joinMarkdown appends part to md as a new paragraph.
func joinMarkdown(md, part string) string {
	switch {
	case part == "":
		return md
	case md == "":
		return part
	}
	return md + "\n\n" + part
}
