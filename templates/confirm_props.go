package templates

// ConfirmProps feeds a confirmation page: before a destructive action (merging terms, taking
// a sheet out of the catalogue, removing an account) it says what will change and asks to
// confirm. Nothing happens until its form is sent.
type ConfirmProps struct {
	Page
	Tab          BeheerTab
	Crumbs       []Crumb // the breadcrumb, the last one the page the action is about
	Heading      string
	Lead         string   // the action in one sentence
	Changes      []string // what will change, one consequence a line
	Irreversible bool     // says it cannot be undone
	// The sheets the action touches, with their links; SheetsHeading names the list and
	// SheetsEmpty is shown when there are none.
	SheetsHeading string
	Sheets        []SheetLink
	SheetsEmpty   string
	Action        string   // URL the confirmation posts to
	Hidden        []Hidden // the choice being confirmed
	Button        string   // the confirming button's text
	CancelURL     string
}

// Crumb is one step of a breadcrumb.
type Crumb struct {
	Label string
	URL   string
}

// SheetLink is a sheet in an editor's list: a confirmation page, the sheets of a term.
type SheetLink struct {
	Title     string
	AdminURL  string // the sheet's page for editors
	PublicURL string // "" when the sheet is not public
	Status    string // Dutch label, "" when published
	Note      string // what happens to this sheet in particular, or ""
}

// Hidden is a hidden form field.
type Hidden struct {
	Name  string
	Value string
}

// QualityProps feeds /beheer/kwaliteit: the data-quality problems of the published sheets.
type QualityProps struct {
	Page
	Total  int // problems
	Sheets int // sheets with at least one
	Groups []QualityGroup
}

// QualityGroup is one kind of problem with the sheets that have it.
type QualityGroup struct {
	Anchor  string // element id of its section
	Heading string
	Help    string // what the problem means and how to fix it
	Rows    []QualityRow
}

// QualityRow is a sheet with one problem.
type QualityRow struct {
	Title     string
	FixURL    string // the sheet's page for editors, where the problem is fixed
	PublicURL string
	Details   []string // what is wrong, where the kind names it (links, places, notes, sentences)
}
