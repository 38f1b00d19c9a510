package richtext

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name string
		md   string
		want string
	}{
		{
			name: "empty",
			md:   " \n\t",
			want: "",
		},
		{
			name: "paragraphs, emphasis and line break",
			md:   "Hallo *wereld* en **vet**.\nTweede regel\n\nNieuwe alinea",
			want: "<p>Hallo <em>wereld</em> en <strong>vet</strong>.<br>\nTweede regel</p>\n<p>Nieuwe alinea</p>",
		},
		{
			name: "bullet list",
			md:   "- een\n- twee",
			want: "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>",
		},
		{
			name: "numbered list drops start attribute",
			md:   "3. drie\n4. vier",
			want: "<ol>\n<li>drie</li>\n<li>vier</li>\n</ol>",
		},
		{
			name: "nested list",
			md:   "- a\n  1. b",
			want: "<ul>\n<li>a\n<ol>\n<li>b</li>\n</ol>\n</li>\n</ul>",
		},
		{
			name: "markdown link gets rel and loses title",
			md:   `[De site](https://www.gent.be/pagina?a=1&b=2 "titel")`,
			want: `<p><a href="https://www.gent.be/pagina?a=1&amp;b=2" rel="nofollow noopener">De site</a></p>`,
		},
		{
			name: "bare URL linkified without trailing punctuation",
			md:   "Zie https://www.gent.be/x?y=1.",
			want: `<p>Zie <a href="https://www.gent.be/x?y=1" rel="nofollow noopener" class="url">https://www.gent.be/x?y=1</a>.</p>`,
		},
		{
			name: "www address linked as https",
			md:   "Of www.brugge.be, graag.",
			want: `<p>Of <a href="https://www.brugge.be" rel="nofollow noopener" class="url">www.brugge.be</a>, graag.</p>`,
		},
		{
			name: "bare e-mail linkified",
			md:   "Mail info@leuven.be!",
			want: `<p>Mail <a href="mailto:info@leuven.be" rel="nofollow noopener" class="url">info@leuven.be</a>!</p>`,
		},
		{
			name: "e-mail autolink",
			md:   "<info@leuven.be>",
			want: `<p><a href="mailto:info@leuven.be" rel="nofollow noopener" class="url">info@leuven.be</a></p>`,
		},
		{
			name: "mailto link",
			md:   "[schrijf ons](mailto:info@leuven.be)",
			want: `<p><a href="mailto:info@leuven.be" rel="nofollow noopener">schrijf ons</a></p>`,
		},
		{
			name: "javascript link reduced to text",
			md:   "[klik](javascript:alert(1))",
			want: "<p>klik</p>",
		},
		{
			name: "javascript link with mixed case and entity reduced to text",
			md:   "[a](JaVaScRiPt:alert(1)) [b](&#106;avascript:alert(1)) [c](java\tscript:x)",
			want: "<p>a b [c](java\tscript:x)</p>",
		},
		{
			name: "javascript autolink reduced to text",
			md:   "<javascript:alert(1)>",
			want: "<p>javascript:alert(1)</p>",
		},
		{
			name: "data, vbscript, relative and protocol-relative links reduced to text",
			md:   "[a](data:text/html,x) [b](vbscript:x) [c](/pad) [d](//evil.example) [e](ftp://x.be)",
			want: "<p>a b c d e</p>",
		},
		{
			name: "script block escaped",
			md:   "<script>alert(1)</script>\n\nna",
			want: "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>na</p>",
		},
		{
			name: "inline raw HTML shown as text",
			md:   `tekst <b onclick="x()">vet</b> <Gemeente X> &amp; &lt;`,
			want: "<p>tekst &lt;b onclick=&#34;x()&#34;&gt;vet&lt;/b&gt; &lt;Gemeente X&gt; &amp; &lt;</p>",
		},
		{
			name: "HTML block keeps its lines as text",
			md:   "<div style=\"color:red\">\n<img src=x onerror=alert(1)>\n</div>",
			want: "<p>&lt;div style=&#34;color:red&#34;&gt;<br>\n&lt;img src=x onerror=alert(1)&gt;<br>\n&lt;/div&gt;</p>",
		},
		{
			name: "HTML comment shown as text",
			md:   "<!-- verborgen -->",
			want: "<p>&lt;!-- verborgen --&gt;</p>",
		},
		{
			name: "headings demoted",
			md:   "# Een\n## Twee\n### Drie\n#### Vier\n###### Zes\n\nSetext\n===",
			want: "<h3>Een</h3>\n<h3>Twee</h3>\n<h3>Drie</h3>\n<h4>Vier</h4>\n<h4>Zes</h4>\n<h3>Setext</h3>",
		},
		{
			name: "image replaced by alt text",
			md:   "![logo *gemeente*](https://x.be/logo.png)",
			want: "<p>logo <em>gemeente</em></p>",
		},
		{
			name: "linked image keeps link and alt text",
			md:   "[![logo](https://x.be/l.png)](https://x.be)",
			want: `<p><a href="https://x.be" rel="nofollow noopener">logo</a></p>`,
		},
		{
			name: "blockquote",
			md:   "> citaat",
			want: "<blockquote>\n<p>citaat</p>\n</blockquote>",
		},
		{
			name: "code block and code span as text",
			md:   "```html\n<b>x</b>\ny\n```\n\nDe `<code>` tag.",
			want: "<p>&lt;b&gt;x&lt;/b&gt;<br>\ny</p>\n<p>De &lt;code&gt; tag.</p>",
		},
		{
			name: "thematic break dropped",
			md:   "a\n\n---\n\nb",
			want: "<p>a</p>\n<p>b</p>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Render(tt.md))
			if got != tt.want {
				t.Errorf("Render(%q)\n got: %q\nwant: %q", tt.md, got, tt.want)
			}
			if err := checkSafe(got); err != nil {
				t.Errorf("Render(%q) unsafe: %v", tt.md, err)
			}
		})
	}
}

func TestRenderLiteralFallback(t *testing.T) {
	long := strings.Repeat("*nadruk* ", MaxMarkdownBytes/9) + "\n\n[x](javascript:alert(1)) <script>\r\nregel"
	tests := []struct {
		name, md, want string
	}{
		{
			name: "deeply nested blockquotes",
			md:   strings.Repeat(">", 11) + " a\n\n<b>",
			want: "<p>&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt; a</p>\n<p>&lt;b&gt;</p>",
		},
		{
			name: "deeply nested lists",
			md:   strings.Repeat("- ", 11) + "a\nb",
			want: "<p>- - - - - - - - - - - a<br>\nb</p>",
		},
		{
			name: "too long",
			md:   long,
			want: "<p>" + strings.Repeat("*nadruk* ", MaxMarkdownBytes/9) + "</p>\n<p>[x](javascript:alert(1)) &lt;script&gt;<br>\nregel</p>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Render(tt.md))
			if got != tt.want {
				t.Errorf("Render(%.60q…)\n got: %.200q\nwant: %.200q", tt.md, got, tt.want)
			}
			if err := checkSafe(got); err != nil {
				t.Error(err)
			}
		})
	}
	if got := string(Render(strings.Repeat(">", 10) + " a")); strings.Count(got, "<blockquote>") != 10 {
		t.Errorf("10 nested blockquotes not rendered as Markdown: %q", got)
	}
}

func TestContainerDepth(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"tekst", 0},
		{"> citaat", 1},
		{">>> a", 3},
		{"> - 1. a", 3},
		{"  -  > 12) a", 3},
		{"-a", 0},
		{"1.5 miljoen", 0},
		{"2024. Een jaar", 1},
		{"- ", 1},
		{"-", 1},
		{"* * *", 3},
		{"1234567890. a", 0},
	}
	for _, tt := range tests {
		if got := containerDepth(tt.line); got != tt.want {
			t.Errorf("containerDepth(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestPlain(t *testing.T) {
	tests := []struct {
		md, want string
	}{
		{"", ""},
		{"# Titel\n\nHallo *wereld*,\nen **jij**.", "Titel Hallo wereld, en jij."},
		{"- een\n- twee\n\n1. drie", "een twee drie"},
		{"[De site](https://x.be) en www.y.be of a@b.be", "De site en www.y.be of a@b.be"},
		{"Tom &amp; Jerry &eacute; \\*geen nadruk\\*", "Tom & Jerry é *geen nadruk*"},
		{"<script>alert(1)</script>", "<script>alert(1)</script>"},
		{"![foto](https://x.be/a.png) onderschrift", "foto onderschrift"},
		{"> citaat\n\n```\ncode\n```", "citaat code"},
	}
	for _, tt := range tests {
		if got := Plain(tt.md); got != tt.want {
			t.Errorf("Plain(%q) = %q, want %q", tt.md, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		md   string
		n    int
		want string
	}{
		{"Kort.", 10, "Kort."},
		{"Precies tien", 12, "Precies tien"},
		{"Een lange zin over de bibliotheek", 12, "Een lange…"},
		{"Een lange zin over de bibliotheek", 10, "Een lange…"},
		{"Een lange zin over de bibliotheek", 9, "Een…"},
		{"Eerste, tweede en derde", 9, "Eerste…"},
		{"Einde. Begin van iets", 9, "Einde…"},
		{"Donaudampfschifffahrt", 8, "Donauda…"},
		{"**Één** ëënheid", 6, "Één…"},
		{"iets", 0, ""},
		{"iets langer", 1, "…"},
	}
	for _, tt := range tests {
		got := Excerpt(tt.md, tt.n)
		if got != tt.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.md, tt.n, got, tt.want)
		}
		if tt.n > 0 && len([]rune(got)) > tt.n {
			t.Errorf("Excerpt(%q, %d) = %q is longer than %d runes", tt.md, tt.n, got, tt.n)
		}
	}
}

func FuzzRender(f *testing.F) {
	seeds := []string{
		"",
		"# Titel\n\nTekst met *nadruk* en **vet**.\n\n- een\n- twee\n\n1. drie",
		"https://www.gent.be www.brugge.be info@leuven.be <a@b.be>",
		"[x](javascript:alert(1)) <javascript:alert(1)> [y](&#x6A;avascript:1)",
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		`<a href="javascript:x" onclick="y">z</a>`,
		"![a](javascript:alert(1))",
		"> quote\n>> nested\n\n```\ncode\n```",
		"[a]: javascript:alert(1)\n\n[a]",
		"<svg><script>alert(1)</script></svg>",
		"<style>*{}</style><iframe src=x></iframe>",
		"[x](<javascript:alert(1)>)",
		"\x00\xff\xfe<scr\x00ipt>",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		// The fuzzing engine has no per-input deadline; crashing the worker
		// makes it record an input that hangs Render.
		timer := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("slow input %q", md)) })
		defer timer.Stop()
		out := string(Render(md))
		if err := checkSafe(out); err != nil {
			t.Fatalf("Render(%q) = %q: %v", md, out, err)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("Render(%q) = %q: invalid UTF-8", md, out)
		}
		if p := Plain(md); !utf8.ValidString(p) {
			t.Fatalf("Plain(%q) = %q: invalid UTF-8", md, p)
		}
		if e := Excerpt(md, 40); utf8.RuneCountInString(e) > 40 {
			t.Fatalf("Excerpt(%q, 40) = %q: too long", md, e)
		}
	})
}

var (
	allowedElements = map[string]bool{
		"p": true, "br": true, "ul": true, "ol": true, "li": true, "strong": true,
		"em": true, "blockquote": true, "h3": true, "h4": true, "a": true,
	}
	eventAttr = regexp.MustCompile(`^on[a-z]+$`)
)

// checkSafe parses out as an HTML fragment, as a browser would, and checks
// every element and attribute against Render's contract.
func checkSafe(out string) error {
	if strings.Contains(strings.ToLower(out), "<script") {
		return fmt.Errorf("contains <script")
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(out), body)
	if err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	var walk func(n *html.Node) error
	walk = func(n *html.Node) error {
		if n.Type == html.ElementNode {
			if !allowedElements[n.Data] {
				return fmt.Errorf("element <%s> not allowed", n.Data)
			}
			for _, a := range n.Attr {
				if eventAttr.MatchString(strings.ToLower(a.Key)) {
					return fmt.Errorf("event handler attribute %s on <%s>", a.Key, n.Data)
				}
				if n.Data != "a" || (a.Key != "href" && a.Key != "rel" && a.Key != "class") {
					return fmt.Errorf("attribute %s on <%s> not allowed", a.Key, n.Data)
				}
				if a.Key == "rel" && a.Val != linkRel {
					return fmt.Errorf("rel=%q", a.Val)
				}
				if a.Key == "class" && a.Val != urlClass {
					return fmt.Errorf("class=%q", a.Val)
				}
				if a.Key == "href" {
					if err := checkHref(a.Val); err != nil {
						return err
					}
				}
			}
		}
		if n.Type == html.CommentNode {
			return fmt.Errorf("comment %q in output", n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	for _, n := range nodes {
		if err := walk(n); err != nil {
			return err
		}
	}
	return nil
}

// checkHref checks an attribute value as decoded by the HTML parser.
func checkHref(href string) error {
	squeezed := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(href))
	if strings.Contains(squeezed, "javascript:") {
		return fmt.Errorf("javascript: in href %q", href)
	}
	u, err := url.Parse(href)
	if err != nil {
		return fmt.Errorf("unparseable href %q: %w", href, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return fmt.Errorf("href %q without host", href)
		}
	case "mailto":
	default:
		return fmt.Errorf("href %q has scheme %q", href, u.Scheme)
	}
	return nil
}
