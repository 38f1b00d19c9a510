package templates

import "strings"

// ExportURLs are the open-data forms of the results on a page.
type ExportURLs struct {
	CSV, Feed, API string
}

// MetaTags is what a page tells link previews and search engines beyond its title.
type MetaTags struct {
	Article  bool   // an article (a sheet) rather than a website page
	Image    string // absolute URL of a picture that may be shown; "" for none
	ImageAlt string
	JSONLD   any // schema.org structured data, nil for none
}

// ogTitle is the page's title as link previews show it.
func ogTitle(p Page) string {
	if p.Title == "" {
		return "Praktijkbank · goede praktijken van lokale besturen"
	}
	return p.Title
}

// FieldDoc documents one field of the open data.
type FieldDoc struct {
	Name, Meaning string
}

// OpenDataProps feeds /open-data.
type OpenDataProps struct {
	Page
	BaseURL                 string
	Operator                string
	LicenceName, LicenceURL string
	ListSeparator           string
	CSVColumns              []string
	Fields                  []FieldDoc
}

// Columns lists the CSV columns for the page.
func (p OpenDataProps) columns() string { return strings.Join(p.CSVColumns, ", ") }
