// Package templates holds the templ components of Praktijkbank's pages with their typed props.
// Generated *_templ.go files are committed; regenerate with `make generate`.
package templates

import (
	"time"

	"github.com/a-h/templ"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Page is what every page gives the layout.
type Page struct {
	Title       string // without the site name
	Description string
	Canonical   string // absolute URL, or "" for none
	NoIndex     bool   // robots noindex,follow
	CSS         string // URL of the stylesheet
	JS          string // URL of the script
	Icon        string // URL of the SVG icon
	Nav         string // which main navigation item is current: "praktijken", "gemeenten"
	Feed        string // URL of the page's Atom feed, "" for none
	Meta        *MetaTags
}

// TermLink is a term shown as a link to the catalogue filtered on it.
type TermLink struct {
	Label string
	URL   string
	Count int
	New   bool // not in the vocabulary yet (in a submission under review)
}

// HomeProps feeds the home page.
type HomeProps struct {
	Page
	Sheets         int
	Municipalities int
	Categories     []TermLink
	Newest         []SummaryView
}

// SummaryView is a practice in a list.
type SummaryView struct {
	Title string
	URL   string
	Intro string
}

// CatalogProps feeds the catalogue page.
type CatalogProps struct {
	Page
	Query      string
	Sort       string
	Sorts      []Option
	Total      int
	Hits       []HitView
	Facets     []FacetView
	Chips      []Chip
	ClearURL   string
	NoQueryURL string    // the same search without the search text
	Suggestion *TermLink // "bedoelde je", with the URL of the corrected search
	// Correction is set when the words as typed found nothing and the results shown are
	// those of the corrected words.
	Correction *Correction
	Notices    []string  // the URL's filter values that name no term, to say so
	PastEnd    *PageLink // the last page, when the page asked for lies past it
	Chosen     int       // how many filters are chosen, for "Filters (n)"
	Pages      []PageLink
	Prev, Next string // URLs, "" when none
	From, To   int    // 1-based positions of the first and last hit shown
	Exports    ExportURLs
}

// Option is a choice in a select.
type Option struct {
	Value, Label string
	Selected     bool
}

// HitView is one result: its title and snippet with the matched words marked, and a line of
// facts.
type HitView struct {
	Title      string
	TitleMarks []Fragment
	URL        string
	Snippet    []Fragment
	Date       time.Time
	DateLabel  string     // "Opgenomen op" or "Laatst gewijzigd op"
	Places     []Fragment // "Genk, Hasselt en Mol" or "in 18 gemeenten", matched names marked
	Categories string
	// Elsewhere says the search words are in the sheet but not in what the result shows.
	Elsewhere bool
}

// Fragment is a piece of a snippet; Mark pieces matched the search.
type Fragment struct {
	Text string
	Mark bool
}

// FacetView is one facet's fieldset of checkboxes. A long facet shows its most useful options
// (the chosen ones and the largest counts) and the others behind "Toon alle …" (MoreLabel).
type FacetView struct {
	Facet       catalog.Facet
	Legend      string
	Options     []FacetOption
	More        []FacetOption
	MoreLabel   string // "Toon alle 294 gemeenten"
	LessLabel   string // "Toon minder gemeenten", the summary's text while the rest is open
	FilterLabel string // "Zoek een gemeente"
	Filterable  bool   // long list: offer a type-to-narrow box
}

// FacetOption is one checkbox with the number of results it gives.
type FacetOption struct {
	ID      string // element id
	Value   string // term slug
	Label   string
	Count   int
	Checked bool
}

// Chip is a chosen filter with the URL that removes it.
type Chip struct {
	Facet     string
	Label     string
	RemoveURL string
}

// PageLink is a link in the pagination.
type PageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool // an ellipsis instead of a link
}

// SheetProps feeds a practice sheet page.
type SheetProps struct {
	Page
	View    SheetView
	Related []SummaryView
	// BackURL is the catalogue search the reader came from ("Terug naar je zoekresultaten"),
	// "" when they did not come from one.
	BackURL string
}

// SheetContext is where a sheet is shown.
type SheetContext int

const (
	SheetPublic   SheetContext = iota // its public page
	SheetReview                       // the editors' review of a submission
	SheetRevision                     // a revision page of the public history
)

// SheetView is a sheet as sheetArticle renders it.
type SheetView struct {
	Sheet   catalog.Sheet
	Context SheetContext
	// HeadingLevel is the level of the sheet's title (2 inside a page that has its own h1);
	// section headings are one level below.
	HeadingLevel int
	Facets       []FacetTerms
	// Variants are sorted by the name of their first municipality; on the public page each
	// has an anchor, and so has every municipality they name (see VariantView).
	Variants []VariantView
	// Only on the public page:
	ImageURL   string    // "" when the image may not be shown
	Published  time.Time // the first publication: "Opgenomen op"
	Edited     time.Time // the last change an editor published since, zero when none
	HistoryURL string
	ChangeURL  string
	ReportURL  string    // "Meld een probleem met deze fiche"
	ContactURL string    // "Contactgegevens kloppen niet? Stel een correctie voor"
	PageURL    string    // the page's absolute address, printed and mailed
	Today      time.Time // the day the page is shown, printed as the print date
}

// anchor is the id of a heading of the sheet: only its public page has them (a preview
// sits inside a page whose own ids it must not repeat).
func (v SheetView) anchor(id string) string {
	if v.Context != SheetPublic {
		return ""
	}
	return id
}

// optAttr is attribute name with value, or no attribute when value is "".
func optAttr(name, value string) templ.Attributes {
	if value == "" {
		return nil
	}
	return templ.Attributes{name: value}
}

// FacetTerms lists a sheet's terms of one facet.
type FacetTerms struct {
	Label string
	Terms []TermLink
}

// VariantView is a local variant with its municipalities linked.
type VariantView struct {
	// ID is the variant's anchor on the sheet page ("gemeente-mol": its first municipality),
	// "" elsewhere.
	ID       string
	Places   []PlaceView
	Text     string // Markdown
	Contacts []ContactPart
	MoreInfo []catalog.Link // URL "" when the source gave only the label
}

// PlaceView is a municipality a variant names: linked to its page when it is in the
// vocabulary (URL), with the anchor that the sheet's facts box links to when this is the
// first variant that names it and the variant's own anchor is not already its (ID).
type PlaceView struct {
	Label string
	URL   string
	ID    string
}

// ContactPart is one contact of a variant: a name, an e-mail address, or both.
type ContactPart struct {
	Name  string
	Email string
}

// MunicipalityProps feeds a municipality page.
type MunicipalityProps struct {
	Page
	Name        string
	Province    string
	ProvinceURL string   // the municipalities of the province, "" without a province
	Former      []string // names it is also found under
	CatalogURL  string
	Practices   []LocalPracticeView
	Exports     ExportURLs
}

// LocalPracticeView is a practice as it runs in one municipality.
type LocalPracticeView struct {
	SummaryView
	Variants []VariantView
}

// MunicipalitiesProps feeds the municipality index: a search field, links per province, an
// A-Z index and the municipalities by first letter.
type MunicipalitiesProps struct {
	Page
	Query     string
	Province  string     // the province shown, "" for all
	Provinces []TermLink // every province, to show its municipalities only
	AllURL    string     // the index without search and province, "" when that is what is shown
	Letters   []ProvinceGroup
	Total     int // municipalities shown
}

// ProvinceGroup lists municipalities under one heading (a province or a first letter) with
// their practice counts.
type ProvinceGroup struct {
	Name           string
	Municipalities []TermLink
}

// ErrorProps feeds the 404 and 500 pages.
type ErrorProps struct {
	Page
	Status  int
	Heading string
	Message string
}

// Correction names the words a search was corrected to, and links the words as typed.
type Correction struct {
	Typed, Corrected string
	LiteralURL       string // the search for the words as typed, uncorrected
}

// anyOptions tells whether one of the facets has an option to choose.
func anyOptions(fs []FacetView) bool {
	for _, f := range fs {
		if len(f.Options) > 0 || len(f.More) > 0 {
			return true
		}
	}
	return false
}
