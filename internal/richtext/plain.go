package richtext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Plain returns the text of the Markdown document md without any markup,
// for search indexing, snippets and meta descriptions.
//
// The text is what a reader sees in Render's output: emphasis markers,
// list bullets and heading marks are gone, links are reduced to their text,
// character references are decoded, and literal "<tags>" typed by the
// author stay as text. All whitespace, including paragraph and line breaks,
// is collapsed to single spaces and the result is trimmed. The result is
// plain text, not HTML: escape it when writing it into a page (templ does
// so for string expressions and attribute values).
func Plain(md string) string {
	out := render(md)
	if out == "" {
		return ""
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return collapseSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); string(name) != "a" && string(name) != "strong" && string(name) != "em" {
				b.WriteByte(' ')
			}
		}
	}
}

// collapseSpace replaces every run of white space in s by one space and
// trims the ends.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Excerpt returns at most n characters (runes) of Plain(md). When the text
// is longer, it is cut at the last word boundary that fits, trailing
// punctuation is dropped, and "…" is appended; the ellipsis counts towards
// n. A single word longer than n is cut inside the word. Excerpt returns ""
// when n <= 0.
func Excerpt(md string, n int) string {
	return truncate(Plain(md), n)
}

func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	const ellipsis = "…"
	runes := []rune(s)
	head := runes[:n-1]
	cut := len(head)
	if !unicode.IsSpace(runes[n-1]) {
		for cut > 0 && !unicode.IsSpace(head[cut-1]) {
			cut--
		}
		if cut == 0 {
			cut = len(head)
		}
	}
	out := strings.TrimRightFunc(string(head[:cut]), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(".,;:-–—(", r)
	})
	return out + ellipsis
}
