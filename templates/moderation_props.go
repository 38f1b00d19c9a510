package templates

import (
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/diff"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
)

// queueNumber writes a count of the queue the Dutch way (1.053).
func queueNumber(n int) string { return sheetform.Thousands(n) }

// Notice is a message at the top of an editors' page after an action. Alert notices (a
// conflict, a refused action) are announced at once; others politely.
type Notice struct {
	Text     string
	LinkText string // optional link after the text
	LinkURL  string
	Alert    bool
}

// QueueProps feeds /beheer: the open submissions, oldest first, filtered by kind and state.
type QueueProps struct {
	Page
	Filtered     bool // a kind or state filter is on
	ClearURL     string
	KindFilters  []FilterLink
	StateFilters []FilterLink
	Items        []QueueRow
	Open         int // all open submissions
	New          int
	Changes      int
	Questions    int // waiting for the submitter
	Answered     int // answered by the submitter since the editors' question
	Reports      int // open problem reports about sheets (at /beheer/meldingen)
	Quality      int // data-quality problems of published sheets (at /beheer/kwaliteit)
	// Total is how many submissions the filters select; Items are a page of them, the
	// First-th (from 1) being the first; Pages, Prev and Next link the pages.
	Total, First int
	Pages        []PageLink
	Prev, Next   string
}

// FilterLink is one choice of a filter shown as links.
type FilterLink struct {
	Label   string
	URL     string
	Count   int
	Current bool
}

// QueueRow is one open submission in the queue.
type QueueRow struct {
	URL            string
	KindLabel      string // "Nieuwe praktijk", "Wijziging"
	Change         bool
	Title          string
	SheetTitle     string // for a change: the sheet it is about, when its title differs
	Municipalities string
	Organisation   string
	Submitter      string
	State          string // "new", "answered", "waiting": the class of its label
	StateLabel     string // "Nieuw", "Antwoord ontvangen", "Wacht op indiener"
	AnsweredAgo    string // for an answered one: "2 uur geleden"
	Age            string // "3 dagen"
	SubmittedAt    time.Time
}

// ReviewProps feeds /beheer/inzendingen/{id}.
type ReviewProps struct {
	Page
	Notice *Notice

	ID          int64
	Version     int
	Change      bool
	KindLabel   string
	StatusLabel string
	Open        bool // submitted or question: the editor can act
	Title       string
	Submitter   catalog.Submitter
	SubmittedAt time.Time
	Age         string
	Messages    []catalog.Message

	// A new sheet: how it would be published.
	Preview *SheetView

	// The photo, when the submission has one.
	PhotoURL, ThumbURL string
	Image              *catalog.Image

	// A change request.
	SheetTitle      string
	SheetURL        string // the public sheet
	BaseRevision    int
	ChangeReason    string // why the submitter proposes the change
	CurrentRevision int
	Stale           bool   // the sheet changed since the base revision
	StaleDiffURL    string // the public diff between the base and the current revision
	BaseMissing     bool
	Fields          []diff.Field // base revision → submission
	LiveFields      []diff.Field // current sheet → submission: what approving changes now

	// Decided.
	Reason       string
	DecidedBy    string
	DecidedAt    time.Time
	PublishedURL string

	// Action forms.
	ActionBase        string // "/beheer/inzendingen/{id}"
	EditURL           string // "" when editing is not available
	RejectTemplates   []ReasonChoice
	QuestionTemplates []ReasonChoice
	Reject            ReasonForm
	Question          ReasonForm
}

// ReasonForm is the state of the reject or question form: what was typed and chosen, and
// what is wrong.
type ReasonForm struct {
	Text     string
	Template int64
	Error    string
}

// ReasonChoice is a standard text offered in a reject or question form.
type ReasonChoice struct {
	ID    int64
	Title string
	Body  string
}

// ReasonsProps feeds /beheer/redenen: the standard texts of rejections and questions.
type ReasonsProps struct {
	Page
	Notice   *Notice
	Reject   []ReasonRow
	Question []ReasonRow
	Form     ReasonTemplateForm // the form to add one
}

// ReasonRow is one standard text in the list.
type ReasonRow struct {
	ID        int64
	Title     string
	Body      string
	EditURL   string
	DeleteURL string
	Updated   time.Time
}

// ReasonTemplateForm is the form to add or edit a standard text.
type ReasonTemplateForm struct {
	Action  string
	Heading string
	Kind    string // "reject" or "question"
	Title   string
	Body    string
	Errors  map[string]string // by field name
	Submit  string
}

// ReasonEditProps feeds /beheer/redenen/{id}.
type ReasonEditProps struct {
	Page
	Form ReasonTemplateForm
}

// SheetsAdminProps feeds /beheer/fiches.
type SheetsAdminProps struct {
	Page
	Query       string
	Status      string
	NeedsReview bool
	Statuses    []Option
	Total       int
	Rows        []SheetAdminRow
	Prev, Next  string
	From, To    int
}

// SheetAdminRow is one sheet in the editors' list.
type SheetAdminRow struct {
	Title       string
	EditURL     string
	PublicURL   string // "" when not published
	StatusLabel string
	Published   bool
	Revision    int
	Updated     time.Time
	NeedsReview bool
	ReviewNotes []string
	OpenChanges int
}

// SheetAdminProps feeds /beheer/fiches/{id}: status, review flag and the edit form of a
// sheet.
type SheetAdminProps struct {
	Page
	Notice      *Notice
	ID          int64
	Title       string
	Slug        string
	StatusLabel string
	Status      string
	Revision    int
	Updated     time.Time
	PublicURL   string
	HistoryURL  string
	NeedsReview bool
	ReviewNotes []string
	Statuses    []Option
	ActionBase  string // "/beheer/fiches/{id}"
	// NewSlug and SlugErr are the address typed in the rename form and what is wrong with it.
	NewSlug string
	SlugErr string
	// Edit is the edit form of the sheet; nil when editing is not available.
	Edit *SheetEditForm
	// Contacts are the sheet's contact blocks, each with a small form of its own.
	Contacts []ContactBlock
}

// ContactBlock is one contact of a sheet in the quick contact forms: the sheet's own contact
// (Block "fiche") or a local variant's person and address (Block its number), as stored or
// as typed, with what is wrong with it.
type ContactBlock struct {
	Block, Heading    string
	Contact           string // the sheet's own contact
	Name, Email       string // a variant's
	Error, EmailError string // of the contact or name, and of the address
	Focus             string // the id of the field to focus
}

// QuickContactField is the id and name of a field (part) of the quick form of contact block.
func QuickContactField(block, part string) string { return "snel-" + block + "-" + part }

// SheetEditForm is the editors' form for the content of a published sheet or of a
// submission: the submitters' sheet form, posting to an editors' address.
type SheetEditForm struct {
	Form SheetFormProps
}

// TermsAdminProps feeds /beheer/termen.
type TermsAdminProps struct {
	Page
	Notice  *Notice
	Facet   catalog.Facet
	Facets  []FilterLink
	Curated bool // the facet is curated here (not the municipalities)
	Tagged  bool // its terms have keywords (goals and target groups)
	// The form to add a term: what was typed and what is wrong with it.
	NewLabel, NewKeywords       string
	NewLabelErr, NewKeywordsErr string
	Proposed                    []TermAdminRow
	Current                     []TermAdminRow
	Merged                      []TermAdminRow
}

// TermAdminRow is one term with its usage.
type TermAdminRow struct {
	ID          int64
	Label       string
	Slug        string
	Sheets      int
	Submissions int
	MergedInto  string
	ManageURL   string
	CatalogURL  string
	AcceptURL   string // proposed terms only
}

// TermAdminProps feeds /beheer/termen/{id}: rename, merge, accept.
type TermAdminProps struct {
	Page
	Notice     *Notice
	ID         int64
	Facet      catalog.Facet
	FacetLabel string
	Label      string
	Slug       string
	Proposed   bool
	Sheets     int
	SheetLinks []SheetLink // the sheets that use the term, by title
	BackURL    string
	ActionBase string
	Targets    []Option // current terms of the facet to merge into
	RenameErr  string
	MergeErr   string
	NewLabel   string
	// Keywords (goals and target groups only): one a line, the sentences of sheets they
	// match now and a few of them.
	Tagged          bool
	Keywords        string
	KeywordsErr     string
	KeywordMatches  int
	KeywordExamples []string
}

// HistoryProps feeds /praktijken/{slug}/geschiedenis.
type HistoryProps struct {
	Page
	Title     string
	SheetURL  string
	Revisions []RevisionRow
	// ShowEditors adds the column "Gepubliceerd door", for a signed-in editor: the public
	// history names no one.
	ShowEditors bool
	// The comparison form and, when asked, the comparison.
	From, To   int
	Options    []int
	Compared   bool
	Fields     []diff.Field
	FromDate   time.Time
	ToDate     time.Time
	CompareErr string
}

// RevisionRow is one revision in the public history.
type RevisionRow struct {
	Number     int
	URL        string
	Date       time.Time
	Note       string
	CompareURL string // with the previous revision; "" for the first
	Current    bool
	// Editor is who published the revision, shown to signed-in editors only (see
	// HistoryProps.ShowEditors); "" for the import and the automatic tagging.
	Editor string
}

// RevisionProps feeds /praktijken/{slug}/versies/{n}.
type RevisionProps struct {
	Page
	Number     int
	Latest     int
	Date       time.Time
	Note       string
	SheetURL   string
	HistoryURL string
	CompareURL string // with the previous revision; "" for the first
	Preview    SheetView
}

// SubmissionEditProps feeds /beheer/inzendingen/{id}/bewerken: an editor's corrections to a
// submission before a decision.
type SubmissionEditProps struct {
	Page
	ID      int64
	Title   string
	BackURL string
	Form    SheetFormProps
}

// SearchAdminProps feeds /beheer/zoeken: the synonym groups and what visitors search.
type SearchAdminProps struct {
	Page
	Notice   *Notice
	Synonyms []SynonymRow
	Words    string // typed in the form to add a group
	WordsErr string
	Days     int            // the days the statistics cover
	Top      []QueryStatRow // the most frequent queries
	Empty    []QueryStatRow // the most frequent queries that found nothing
}

// QueryStatRow is one query in the search statistics.
type QueryStatRow struct {
	Query      string
	Searches   int
	Results    int // -1: only searched with filters
	SearchURL  string
	SynonymURL string // adds a synonym group starting with the query
}

// SynonymRow is one synonym group.
type SynonymRow struct {
	Text      string // "OCMW = sociaal huis"
	DeleteURL string
}
