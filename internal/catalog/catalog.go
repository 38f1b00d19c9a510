// Package catalog holds the domain types of Praktijkbank: practice sheets, the controlled
// vocabularies of their facets, local variants, resources, revisions and submissions.
// It knows nothing of SQL or HTTP.
package catalog

import (
	"errors"
	"time"
)

// Sentinel errors shared by the store and the web layer. The web layer maps them to pages.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("conflict")
	ErrForbidden = errors.New("forbidden")
)

// Facet names one of the five controlled vocabularies of a sheet. Its value is the Dutch
// URL parameter used by the catalogue (`/praktijken?doelgroep=...`).
type Facet string

// The five facets, in the order the catalogue shows them.
const (
	FacetCategory     Facet = "categorie"
	FacetGoal         Facet = "doel"
	FacetTargetGroup  Facet = "doelgroep"
	FacetMunicipality Facet = "gemeente"
	FacetPolicyDomain Facet = "beleidsdomein"
)

// Facets lists every facet in display order.
var Facets = []Facet{FacetCategory, FacetGoal, FacetTargetGroup, FacetMunicipality, FacetPolicyDomain}

// Label returns the Dutch heading of the facet.
func (f Facet) Label() string {
	switch f {
	case FacetCategory:
		return "Categorie"
	case FacetGoal:
		return "Doel"
	case FacetTargetGroup:
		return "Doelgroep"
	case FacetMunicipality:
		return "Gemeente"
	case FacetPolicyDomain:
		return "Beleidsdomeinen"
	}
	return string(f)
}

// Valid reports whether f is one of the five facets.
func (f Facet) Valid() bool {
	for _, g := range Facets {
		if f == g {
			return true
		}
	}
	return false
}

// Tagged reports whether the facet's terms are suggested from the sheet's own sentences (the
// goals and the target groups) rather than typed as terms.
func (f Facet) Tagged() bool { return f == FacetGoal || f == FacetTargetGroup }

// Sentences returns the sheet's own sentences behind facet f: its goals or its target groups;
// nil for the other facets.
func (sh Sheet) Sentences(f Facet) []string {
	switch f {
	case FacetGoal:
		return sh.Goals
	case FacetTargetGroup:
		return sh.TargetGroups
	}
	return nil
}

// BodyTexts returns every text of the sheet below its title and intro, in reading order: the
// description, success factors, challenges, partners and contact, each variant's places, text,
// contact and link labels, each resource's fields and each section's heading and body. It is
// what the search reads besides the title, the intro and the terms.
func (sh Sheet) BodyTexts() []string {
	parts := []string{sh.Description, sh.SuccessFactors, sh.Challenges, sh.Partners, sh.Contact}
	for _, v := range sh.Variants {
		for _, p := range v.Places {
			parts = append(parts, p.Name)
		}
		parts = append(parts, v.Text, v.Contact)
		for _, l := range v.MoreInfo {
			parts = append(parts, l.Label)
		}
	}
	for _, r := range sh.Resources {
		parts = append(parts, r.Title, r.ByWhom, r.ForWhom, r.Content, r.MoreInfo)
	}
	for _, sec := range sh.Sections {
		parts = append(parts, sec.Heading, sec.Body)
	}
	return parts
}

// Term is one entry of a facet's vocabulary. Slug is stable and used in URLs.
type Term struct {
	ID    int64
	Facet Facet
	Slug  string
	Label string
	// MergedInto is the id of the term this one was merged into (the 2025 municipality
	// mergers, or an editor's merge); zero when the term is current.
	MergedInto int64
	// Province is set for municipalities.
	Province string
}

// Status of a sheet.
type Status string

// Sheet statuses.
const (
	StatusPublished   Status = "published"
	StatusUnpublished Status = "unpublished"
	StatusArchived    Status = "archived"
)

// Image is the picture of a sheet. An image without consent is never shown.
type Image struct {
	File    string // original file name or stored key
	Alt     string
	Credit  string
	Consent bool
}

// Place is one municipality named by a local variant, as written in the source, with the
// vocabulary term it was matched to (TermSlug empty when no municipality matched).
type Place struct {
	Name     string
	TermSlug string
}

// Link is a labelled reference; URL may be empty when the source gave only the label.
type Link struct {
	Label string
	URL   string
}

// Variant is a local variant of a practice ("Deze praktijk in"): the municipalities where it
// runs, its own text (Markdown), a contact and more-info links.
type Variant struct {
	Places   []Place
	Text     string // Markdown
	Contact  string // as written, e.g. "Esther Brouwer: ebrouwer@landen.be"
	Email    string // the e-mail address found in Contact, if any
	MoreInfo []Link
}

// Resource is an item of a resource list (seed 004): a publication, tool or article.
type Resource struct {
	Title    string
	ByWhom   string // Door wie
	ForWhom  string // Voor wie
	Content  string // Inhoud, Markdown
	MoreInfo string // Meer info, Markdown (may hold URLs)
}

// Section is a further section with its own heading (seed 003: Acties, Tijdslijn, ...).
type Section struct {
	Heading string
	Body    string // Markdown
}

// Sheet is a practice sheet (praktijkfiche). Rich-text fields hold Markdown.
type Sheet struct {
	ID    int64
	Slug  string
	Title string
	Intro string             // plain text, one or two sentences
	Image *Image             // nil when the sheet has none
	Terms map[Facet][]string // term labels per facet (municipalities come from Variants too)
	// Goals and TargetGroups are the sheet's own sentences ("Doelen", "Doelgroep"), kept word
	// for word; the facets "doel" and "doelgroep" filter on the curated terms in Terms instead.
	Goals          []string
	TargetGroups   []string
	Description    string // Markdown
	SuccessFactors string // Markdown, usually a list
	Challenges     string // Markdown, usually a list
	Partners       string // Markdown
	Variants       []Variant
	Resources      []Resource
	Sections       []Section
	Contact        string

	Status      Status
	Revision    int
	Source      string // "import:<file>", "submission:<id>", "generate"
	NeedsReview bool
	ReviewNotes []string // why an editor should look (derived title, unknown place, ...)
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt time.Time
	// EditedAt is when an editor last published a change to the text (an edit, an approved
	// change request) after its first publication; zero while the text is as imported or
	// submitted.
	EditedAt time.Time
}
