// Package richtext renders the Markdown rich-text fields of practice sheets
// (description, success factors, local variant texts, …) to safe HTML and
// to plain text.
//
// The input is untrusted: it is typed by municipal staff without accounts.
// Rendering is done with goldmark (CommonMark plus Linkify, so bare URLs and
// e-mail addresses become links) and the result is always passed through a
// strict bluemonday allowlist. The package keeps no state besides immutable,
// concurrency-safe package-level configuration; all functions are safe for
// concurrent use.
package richtext

import (
	"bytes"
	"html/template"
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkRel is the rel attribute value of every link in rendered output.
const linkRel = "nofollow noopener"

// urlClass is the class of a link whose text is its address (a bare URL or e-mail address
// made a link): print styles write the address after the other links only.
const urlClass = "url"

// Bounds on the input interpreted as Markdown. goldmark's running time grows
// faster than linearly for some adversarial inputs (long lines of unclosed
// link openings, hundreds of nested blockquotes or list items), so larger or
// deeper input is rendered as literal text instead; see Render.
const (
	// MaxMarkdownBytes is the largest input, in bytes, that Render
	// interprets as Markdown. Forms should limit the fields well below it.
	MaxMarkdownBytes = 16 << 10
	// maxNesting is the largest number of blockquote and list markers
	// opening on a single line.
	maxNesting = 10
)

var (
	markdown = goldmark.New(
		goldmark.WithExtensions(
			extension.NewLinkify(
				extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"}),
			),
		),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(transformer{}, 100)),
		),
		goldmark.WithRendererOptions(
			html.WithHardWraps(),
			renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)),
		),
	)

	policy = newPolicy()
)

// newPolicy returns the allowlist applied to every rendered document: a
// handful of block and inline elements, links with an absolute http, https
// or mailto URL, and nothing else (no images, no style, no script, no event
// handler attributes). Tags that are not allowed are removed while their
// text is kept, except for script-like elements whose content is dropped.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "ul", "ol", "li", "strong", "em", "blockquote", "h3", "h4")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + linkRel + `$`)).OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^` + urlClass + `$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(false)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.AddSpaceWhenStrippingTag(true)
	return p
}

// Render converts untrusted Markdown to sanitised HTML.
//
// The result is safe to embed verbatim in an HTML element's content, which
// is why it is typed template.HTML. In templ components use
//
//	@templ.Raw(richtext.Render(sheet.Description))
//
// (templ.Raw accepts any ~string type); in html/template the value is
// inserted without further escaping.
//
// Contract of the output, whatever the input:
//   - only the elements p, br, ul, ol, li, strong, em, blockquote, h3, h4
//     and a occur, and no element carries an attribute other than href,
//     rel and class="url" on a;
//   - every href is an absolute http, https or mailto URL and every link has
//     rel="nofollow noopener"; links to anything else (javascript:, data:,
//     relative paths, …) are reduced to their text;
//   - Markdown headings are demoted so they never outrank the page: # to ###
//     become h3, #### to ###### become h4;
//   - raw HTML in the input is never interpreted: it is shown as literal,
//     escaped text (so "<b>" and "<Gemeente X>" stay readable and a
//     <script> tag is harmless text);
//   - images are replaced by their alt text, code spans and code blocks by
//     their literal text, and thematic breaks are dropped;
//   - a single line break inside a paragraph is kept as <br>, since the
//     authors are not expected to know Markdown's two-space convention;
//   - bare http(s) URLs, www. addresses (linked as https) and e-mail
//     addresses become links with class="url" (their text is their address);
//   - input longer than MaxMarkdownBytes, or with more than 10 blockquote or
//     list markers opening on one line, is not interpreted as Markdown: it
//     is rendered as escaped literal text, with blank lines separating
//     paragraphs and line breaks kept. This bounds the rendering time of
//     hostile input.
//
// Render never panics on any string; invalid UTF-8 sequences are replaced by
// U+FFFD, so the output is always valid UTF-8. It returns "" for blank input.
func Render(md string) template.HTML {
	return template.HTML(render(md))
}

func render(md string) string {
	if strings.TrimSpace(md) == "" {
		return ""
	}
	md = strings.ToValidUTF8(md, "\uFFFD")
	var buf bytes.Buffer
	if len(md) > MaxMarkdownBytes || tooDeep(md) {
		renderLiteral(&buf, md)
	} else if err := markdown.Convert([]byte(md), &buf); err != nil {
		// Conversion into a bytes.Buffer with the renderers above cannot
		// fail; should it ever, the literal rendering is still safe.
		buf.Reset()
		renderLiteral(&buf, md)
	}
	return strings.TrimSpace(policy.Sanitize(buf.String()))
}

var blankLines = regexp.MustCompile(`\n[ \t]*\n\s*`)

// renderLiteral writes md as escaped text: one paragraph per run of lines
// separated by blank lines, with the line breaks inside kept as <br>.
func renderLiteral(buf *bytes.Buffer, md string) {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	md = strings.ReplaceAll(md, "\r", "\n")
	for _, para := range blankLines.Split(strings.TrimSpace(md), -1) {
		buf.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				buf.WriteString("<br>\n")
			}
			buf.WriteString(template.HTMLEscapeString(line))
		}
		buf.WriteString("</p>\n")
	}
}

// tooDeep reports whether some line of md opens more than maxNesting
// blockquotes or list items.
func tooDeep(md string) bool {
	for line := range strings.Lines(md) {
		if containerDepth(line) > maxNesting {
			return true
		}
	}
	return false
}

// containerDepth counts the blockquote markers (">") and list markers ("-",
// "+", "*", "1." or "1)" followed by white space) at the start of line,
// ignoring the white space between them. It overestimates rather than
// underestimates the nesting goldmark would build.
func containerDepth(line string) int {
	depth := 0
	i := 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			return depth
		}
		switch c := line[i]; {
		case c == '>':
			i++
		case c == '-' || c == '+' || c == '*':
			if i+1 < len(line) && !isSpace(line[i+1]) {
				return depth
			}
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j >= len(line) || (line[j] != '.' && line[j] != ')') || (j+1 < len(line) && !isSpace(line[j+1])) {
				return depth
			}
			i = j + 1
		default:
			return depth
		}
		depth++
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// transformer rewrites the parsed document before rendering: it demotes
// headings, unlinks links whose URL is not allowed and marks the remaining
// links with linkRel.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var headings []*ast.Heading
	var links []*ast.Link
	var autoLinks []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.Link:
			links = append(links, n)
		case *ast.AutoLink:
			autoLinks = append(autoLinks, n)
		}
		return ast.WalkContinue, nil
	})

	for _, h := range headings {
		h.Level = demote(h.Level)
	}
	for _, l := range links {
		if !allowedURL(util.URLEscape(l.Destination, true)) {
			unwrap(l)
			continue
		}
		l.Title = nil
		l.SetAttributeString("rel", []byte(linkRel))
	}
	for _, l := range autoLinks {
		if l.AutoLinkType == ast.AutoLinkURL && bytes.Equal(l.Protocol, []byte("http")) {
			l.Protocol = []byte("https")
		}
		u := util.URLEscape(l.URL(source), false)
		if l.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(u), []byte("mailto:")) {
			u = append([]byte("mailto:"), u...)
		}
		if !allowedURL(u) {
			label := ast.NewString(l.Label(source))
			label.SetCode(true)
			l.Parent().ReplaceChild(l.Parent(), l, label)
			continue
		}
		l.SetAttributeString("rel", []byte(linkRel))
		l.SetAttributeString("class", []byte(urlClass))
	}
}

// demote maps a Markdown heading level (1–6) to the HTML heading level used
// in the output (3 or 4).
func demote(level int) int {
	if level <= 3 {
		return 3
	}
	return 4
}

// unwrap replaces n by its children.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// allowedURL reports whether u, as it will be written into an href, is an
// absolute http or https URL with a host, or a mailto URL with an address.
func allowedURL(u []byte) bool {
	s := string(u)
	if s != strings.TrimSpace(s) {
		return false
	}
	parsed, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch strings.ToLower(parsed.Scheme) {
	case "http", "https":
		return parsed.Host != ""
	case "mailto":
		return parsed.Opaque != ""
	default:
		return false
	}
}

// nodeRenderer overrides goldmark's HTML renderer for the nodes whose
// default HTML falls outside the allowlist, so that the sanitiser never has
// to strip a tag goldmark produced: raw HTML and code blocks become escaped
// literal text in a paragraph, code spans become plain text, images become
// their alt text and thematic breaks are dropped.
type nodeRenderer struct{}

func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
	reg.Register(ast.KindCodeBlock, renderCodeBlock)
	reg.Register(ast.KindFencedCodeBlock, renderCodeBlock)
	reg.Register(ast.KindCodeSpan, renderCodeSpan)
	reg.Register(ast.KindImage, renderTransparent)
	reg.Register(ast.KindThematicBreak, renderTransparent)
}

func renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segments := node.(*ast.RawHTML).Segments
	for i := range segments.Len() {
		seg := segments.At(i)
		writeEscapedLines(w, seg.Value(source))
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	var raw []byte
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		raw = append(raw, seg.Value(source)...)
	}
	if n.HasClosure() {
		raw = append(raw, n.ClosureLine.Value(source)...)
	}
	writeLiteralBlock(w, raw)
	return ast.WalkSkipChildren, nil
}

// writeLiteralBlock writes raw as an escaped paragraph, keeping its line
// breaks, unless it is blank.
func writeLiteralBlock(w util.BufWriter, raw []byte) {
	raw = bytes.TrimRight(raw, "\r\n")
	if len(bytes.TrimSpace(raw)) == 0 {
		return
	}
	_, _ = w.WriteString("<p>")
	writeEscapedLines(w, raw)
	_, _ = w.WriteString("</p>\n")
}

// writeEscapedLines writes b HTML-escaped, with each line ending turned into
// a <br> so that the literal text keeps its shape.
func writeEscapedLines(w util.BufWriter, b []byte) {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	for i, line := range bytes.Split(b, []byte("\n")) {
		if i > 0 {
			_, _ = w.WriteString("<br>\n")
		}
		_, _ = w.Write(util.EscapeHTML(line))
	}
}

func renderCodeBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var raw []byte
	lines := node.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		raw = append(raw, seg.Value(source)...)
	}
	writeLiteralBlock(w, raw)
	return ast.WalkSkipChildren, nil
}

func renderCodeSpan(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	for c := node.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			_, _ = w.Write(util.EscapeHTML(t.Segment.Value(source)))
		}
	}
	return ast.WalkSkipChildren, nil
}

// renderTransparent writes nothing for the node itself but renders its
// children.
func renderTransparent(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkContinue, nil
}
