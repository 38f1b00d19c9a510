package web

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/richtext"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/templates"
)

// fuzzVocab is the vocabulary the fuzzed forms are read with.
var fuzzVocab = sheetform.Terms{
	catalog.FacetCategory: {{ID: 1, Slug: "inclusieve-vrije-tijd", Label: "Inclusieve vrije tijd"}},
	catalog.FacetMunicipality: {
		{ID: 10, Slug: "mol", Label: "Mol"},
		{ID: 11, Slug: "tongeren-borgloon", Label: "Tongeren-Borgloon"},
		{ID: 12, Slug: "borgloon", Label: "Borgloon", MergedInto: 11},
	},
}

// FuzzDecodeSheetForm feeds arbitrary form bodies through decoding, validation and the sheet
// page: nothing panics, and the published page would carry no script and no unsafe link,
// whatever was typed.
func FuzzDecodeSheetForm(f *testing.F) {
	f.Add("titel=Talentcoaches&beschrijving=%3Cscript%3Ealert(1)%3C%2Fscript%3E&variant-1-gemeenten=Genk")
	f.Add("variant-1-info=javascript%3Aalert(1)%0Ahttps%3A%2F%2Fx.be%2F%22onmouseover%3D%22&variant-2-email=a%40b.be")
	f.Add("materiaal-1-link=%5Bx%5D(javascript%3Aalert(1))&sectie-1-tekst=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E&sectie-1-kop=%3Cb%3E")
	f.Add("doelen-tekst=%00%0D%0A%E2%80%A8x&categorie=inclusieve-vrije-tijd&variant-0009-gemeenten=Borgloon+en+Mol")
	f.Add("contact=%5Blink%5D(data%3Atext%2Fhtml%2C%3Cscript%3E)&intro=%3C%2Ftitle%3E%3Cscript%3E")
	f.Fuzz(func(t *testing.T, body string) {
		v, _ := url.ParseQuery(body)
		form := sheetform.Decode(v)
		form.Compact()
		form.Validate(true, sheetform.PlaceCheck(fuzzVocab, nil))
		sh := form.Sheet(fuzzVocab)
		for _, md := range formRichTexts(sh) {
			if err := formCheckHTML(string(richtext.Render(md)), 0); err != nil {
				t.Fatalf("richtext of %q: %v", md, err)
			}
		}
		for _, v := range sh.Variants {
			for _, l := range v.MoreInfo {
				if l.URL != "" && !sheetform.ValidWebURL(l.URL) {
					t.Fatalf("unsafe more-info URL %q", l.URL)
				}
			}
		}
		sh.Slug, sh.Status, sh.Revision = "x", catalog.StatusPublished, 1
		var buf bytes.Buffer
		err := templates.SheetPage(templates.SheetProps{Page: templates.Page{Title: sh.Title, JS: "/static/app.js"}, View: templates.SheetView{Sheet: sh, Variants: variantViews(sh.Variants)}}).
			Render(context.Background(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := formCheckHTML(buf.String(), 1); err != nil { // the layout's own script only
			t.Fatalf("sheet page: %v", err)
		}
	})
}

func formRichTexts(sh catalog.Sheet) []string {
	out := []string{sh.Description, sh.SuccessFactors, sh.Challenges, sh.Partners, sh.Contact}
	for _, v := range sh.Variants {
		out = append(out, v.Text)
	}
	for _, r := range sh.Resources {
		out = append(out, r.Content, r.MoreInfo)
	}
	for _, s := range sh.Sections {
		out = append(out, s.Body)
	}
	return out
}

// formCheckHTML parses doc and fails on script elements beyond scripts, event handler
// attributes, and links or sources with a scheme other than http, https or mailto.
func formCheckHTML(doc string, scripts int) error {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return err
	}
	var problem error
	seen := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "object", "embed", "style":
				if n.Data == "script" {
					seen++
				} else if problem == nil {
					problem = fmt.Errorf("element <%s>", n.Data)
				}
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") && problem == nil {
					problem = fmt.Errorf("event handler %s=%q", a.Key, a.Val)
				}
				if (key == "href" || key == "src" || key == "action" || key == "formaction") && problem == nil {
					val := strings.ToLower(strings.TrimSpace(a.Val))
					if i := strings.IndexByte(val, ':'); i >= 0 && !strings.ContainsAny(val[:i], "/?#") {
						if s := val[:i]; s != "http" && s != "https" && s != "mailto" {
							problem = fmt.Errorf("%s with scheme %q: %q", a.Key, s, a.Val)
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if problem == nil && seen > scripts {
		problem = fmt.Errorf("%d script elements, want at most %d", seen, scripts)
	}
	return problem
}
