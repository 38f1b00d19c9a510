package templates

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
)

// richTextHintID is the id of the sheet form's explanation of the formatting of long texts,
// given once, under the description; every long text field refers to it.
const richTextHintID = "opmaak-uitleg"

// SheetFormID is the id of the sheet form, which the answer to a question belongs to.
const SheetFormID = "inzending"

// Choice is a checkbox of a term.
type Choice struct {
	Value string // term slug
	Label string
}

// FormOptions are the choices the sheet form offers.
type FormOptions struct {
	Categories, PolicyDomains, Goals, TargetGroups []Choice
	Municipalities                                 []string // current names, for the datalist
}

// SheetFormProps feeds the sheet form.
type SheetFormProps struct {
	Action       string // URL the form posts to
	Status       catalog.SubmissionStatus
	BaseRevision int // a change request: the revision the form was prefilled from
	Form         sheetform.Form
	Options      FormOptions
	// ImageURL is the thumbnail of the uploaded photo ("" when none).
	ImageURL string
	// SheetImage is the file name of the published sheet's photo that a change keeps.
	SheetImage string
	// Pending is the new photo an editor uploaded with a post of the form that is shown again
	// (Form.PendingPhoto is its token): it is saved with the form.
	Pending PendingPhoto
	// Similar are published sheets with a title like the one typed.
	Similar []SummaryView
	// Focus is the id of the field to focus: the first field of a group just added, or the
	// button that asked for terms to be ticked.
	Focus string
	// Editor is set when an editor edits: no honeypot, no photo upload (editors keep or
	// describe the photo there is), and the submitter's details only when ShowSubmitter.
	Editor        bool
	ShowSubmitter bool
	// Key is the random key of this rendering of the form (a hidden field): a second POST with
	// it is a retry and gets the answer of the first.
	Key string
	// Nested is set when the form sits under a heading of level 2 (the private page): its
	// steps are headed at level 3.
	Nested bool
}

// nested is p for a page that heads it at level 2.
func nested(p SheetFormProps) SheetFormProps {
	p.Nested = true
	return p
}

// formStepDef is one step of the submitters' sheet form: a few sections under one heading,
// named in the progress list at the top of the form.
type formStepDef struct {
	ID, Name string
	Optional bool // nothing in it is required
}

// formSteps are the steps of the sheet form, in page order; the last one checks and sends.
var formSteps = []formStepDef{
	{ID: "stap-praktijk", Name: "Over de praktijk"},
	{ID: "stap-doelen", Name: "Doelen en doelgroep"},
	{ID: "stap-gemeenten", Name: "Gemeenten en contact"},
	{ID: "stap-bijlagen", Name: "Foto en bijlagen", Optional: true},
	{ID: "stap-versturen", Name: "Controleer en verstuur"},
}

// stepOf is the step (1-based) that holds the field with id field.
func stepOf(field string) int {
	switch field {
	case sheetform.FieldChangeReason, sheetform.FieldTitle, sheetform.FieldIntro, sheetform.FieldDescription,
		sheetform.FieldSuccessFactors, sheetform.FieldChallenges, sheetform.FieldPartners:
		return 1
	case sheetform.FieldCategory, sheetform.FieldPolicyDomain, sheetform.FieldGoal, sheetform.FieldTargetGroup,
		sheetform.FieldGoalText, sheetform.FieldTargetGroupText:
		return 2
	case sheetform.FieldOtherPlaces, sheetform.FieldContact, sheetform.FieldName, sheetform.FieldOrganisation, sheetform.FieldEmail:
		return 3
	}
	if strings.HasPrefix(field, sheetform.GroupVariant+"-") {
		return 3
	}
	return 4 // the photo, resources, sections and the note
}

// stepName is the name of step n (1-based); the last one says what its button does.
func (p SheetFormProps) stepName(n int) string {
	if n == len(formSteps) && p.waiting() {
		return "Bewaar je wijzigingen"
	}
	return formSteps[n-1].Name
}

// stepStatus is how far a step of the form is, in words and as a class for its colour.
type stepStatus struct{ Label, Class string }

// stepState says how far step n (1-based) is: its errors, or whether something required in it
// is still empty. The last step has no state.
func (p SheetFormProps) stepState(n int) stepStatus {
	if n >= len(formSteps) {
		return stepStatus{}
	}
	errs := 0
	for _, e := range p.Form.Errors {
		if stepOf(e.Field) == n {
			errs++
		}
	}
	switch {
	case errs == 1:
		return stepStatus{"1 fout", "step-error"}
	case errs > 1:
		return stepStatus{itoa(errs) + " fouten", "step-error"}
	case formSteps[n-1].Optional:
		return stepStatus{"niet verplicht", "step-optional"}
	}
	for _, field := range p.Form.Unfinished() {
		if stepOf(field) == n {
			return stepStatus{"nog in te vullen", "step-todo"}
		}
	}
	return stepStatus{"ingevuld", "step-done"}
}

// SubmitPageProps feeds /indienen and the change request form of a sheet.
type SubmitPageProps struct {
	Page
	Heading string
	Change  bool
	Sheet   SummaryView // a change request: the sheet it is about
	// PrivateURL is the private link of the submission once it is stored.
	PrivateURL string
	Form       SheetFormProps
}

// SubmissionPageProps feeds the submitter's private page.
type SubmissionPageProps struct {
	Page
	Title        string
	Kind         catalog.SubmissionKind
	Status       catalog.SubmissionStatus
	Flash        string // a confirmation of what just happened
	Notice       string // a problem with what was just sent
	PrivateURL   string // absolute, to show and copy
	AnswerAction string // where the answer form posts
	SheetURL     string // the published sheet, when there is one
	SheetTitle   string
	Reason       string // why it was rejected
	Email        string // where mails go
	Submitted    time.Time
	Messages     []MessageView
	Answer       string // answer as typed
	AnswerError  string
	Form         *SheetFormProps // nil once decided
	OpenForm     bool            // show the form unfolded
}

// MessageView is one message of the conversation with the editors.
type MessageView struct {
	FromEditor bool
	Body       string
	At         time.Time
}

// field describes one input of a form as the form components render it.
type field struct {
	ID           string // id and name
	Label        string
	Required     bool
	Optional     bool // say "(niet verplicht)" after the label
	Hint         string
	Value        string
	Error        string
	Type         string // input type: text (default), email, url, file
	Autocomplete string
	List         string // id of a datalist
	Autofocus    bool
	Form         string // id of the form the control belongs to, when it stands outside it
	Rows         int    // a textarea with this many rows when > 0
	RichText     bool   // explain the Markdown that is accepted
	FormatNote   bool   // the field that carries that explanation (richTextHintID), once per form
	Replaces     bool   // a file field that replaces a file there is
}

func (f field) hintID() string  { return f.ID + "-uitleg" }
func (f field) errorID() string { return f.ID + "-fout" }

// attrs are the attributes of the input (or textarea) of f: its id and name, the ids of its
// hint and error, and aria-invalid when it has an error.
func (f field) attrs() templ.Attributes {
	a := templ.Attributes{"id": f.ID, "name": f.ID}
	d := describedBy(f.Hint != "", f.hintID(), f.Error != "", f.errorID())
	if f.RichText { // the formatting is explained once, by the description (FormatNote)
		d = strings.TrimSpace(d + " " + richTextHintID)
	}
	if d != "" {
		a["aria-describedby"] = d
	}
	if f.Error != "" {
		a["aria-invalid"] = "true"
	}
	if f.Autocomplete != "" {
		a["autocomplete"] = f.Autocomplete
	}
	if f.List != "" {
		a["list"] = f.List
	}
	if f.Autofocus {
		a["autofocus"] = true
	}
	if f.Form != "" {
		a["form"] = f.Form
	}
	return a
}

func describedBy(hint bool, hintID string, err bool, errID string) string {
	var ids []string
	if hint {
		ids = append(ids, hintID)
	}
	if err {
		ids = append(ids, errID)
	}
	return strings.Join(ids, " ")
}

// errorTarget is the id an error summary link leads to: the field, or for a group of
// checkboxes its first box.
func (p SheetFormProps) errorTarget(name string) string {
	var opts []Choice
	switch name {
	case sheetform.FieldCategory:
		opts = p.Options.Categories
	case sheetform.FieldPolicyDomain:
		opts = p.Options.PolicyDomains
	case sheetform.FieldGoal:
		opts = p.Options.Goals
	case sheetform.FieldTargetGroup:
		opts = p.Options.TargetGroups
	default:
		return name
	}
	if len(opts) == 0 {
		return name
	}
	return choiceID(name, opts[0].Value)
}

func choiceID(name, value string) string { return "keuze-" + name + "-" + value }

// waiting reports whether the form edits a submission that already went to the editors.
func (p SheetFormProps) waiting() bool {
	return p.Status == catalog.SubmissionSubmitted || p.Status == catalog.SubmissionQuestion
}

func errorCount(n int) string {
	if n == 1 {
		return "Er is 1 fout"
	}
	return "Er zijn " + strconv.Itoa(n) + " fouten"
}

// StatusLabel is the status of a submission in a few plain Dutch words.
func StatusLabel(s catalog.SubmissionStatus) string {
	switch s {
	case catalog.SubmissionDraft:
		return "Klad: nog niet verstuurd"
	case catalog.SubmissionSubmitted:
		return "Wacht op de redactie"
	case catalog.SubmissionQuestion:
		return "Vraag van de redactie"
	case catalog.SubmissionApproved:
		return "Goedgekeurd"
	case catalog.SubmissionRejected:
		return "Afgewezen"
	}
	return string(s)
}

func statusText(s catalog.SubmissionStatus, kind catalog.SubmissionKind) string {
	what := "je inzending"
	if kind == catalog.KindChange {
		what = "je voorstel"
	}
	switch s {
	case catalog.SubmissionDraft:
		return "We hebben " + what + " bewaard, maar nog niet naar de redactie gestuurd. Werk het formulier hieronder af en kies „Verstuur naar de redactie”."
	case catalog.SubmissionSubmitted:
		return "De redactie bekijkt " + what + ". Je krijgt een mail zodra ze een beslissing nam of een vraag heeft. Tot dan kan je " + what + " hieronder nog aanpassen."
	case catalog.SubmissionQuestion:
		return "De redactie heeft een vraag over " + what + ". Beantwoord ze hieronder; daarna bekijkt de redactie " + what + " verder."
	case catalog.SubmissionApproved:
		return "De redactie heeft " + what + " goedgekeurd en gepubliceerd. Bedankt!"
	case catalog.SubmissionRejected:
		return "De redactie heeft " + what + " niet gepubliceerd. Dit is de reden:"
	}
	return ""
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }

func choose(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

func photoAlt(alt string) string {
	if alt != "" {
		return alt
	}
	return "Je foto"
}

func joinWords(words []string) string { return strings.Join(words, " ") }

// tickedStatus says which terms were just ticked for the text of group name.
func (p SheetFormProps) tickedStatus(name string) string {
	if labels := p.Form.Ticked[name]; len(labels) > 0 {
		return "Aangevinkt bij je tekst: " + strings.Join(labels, ", ") + "."
	}
	if p.Focus == sheetform.SuggestButtonID(name) {
		return "Geen nieuwe termen bij je tekst gevonden. Kies ze zelf, of schrijf in je opmerking voor de redactie welke term je mist."
	}
	return ""
}

// PreviewProps feeds "Controleer je inzending".
type PreviewProps struct {
	Page
	View    SheetView // the sheet as it will be published
	Parts   []Option  // "Aanpassen" links: the form's part (Value) and its name
	Action  string    // where "Verstuur naar de redactie" posts
	Version int       // the version of the draft that was checked
	FormURL string    // the private page with the form
	Key     string    // the random key of this rendering (see SheetFormProps.Key)
}

// PendingPhoto is a photo uploaded with a form that was shown again, before it is saved.
type PendingPhoto struct {
	Name  string // the file name
	Thumb string // a data: URL of its thumbnail
}

// groupOpen reports whether the optional groups named group (resources, sections) are shown
// open: something is typed in them (typed), one of them has an error or the focus. Closed,
// they are still in the form, one click away, and sent with it.
func (p SheetFormProps) groupOpen(group string, typed bool) bool {
	if typed || strings.HasPrefix(p.Focus, group+"-") {
		return true
	}
	for _, e := range p.Form.Errors {
		if strings.HasPrefix(e.Field, group+"-") {
			return true
		}
	}
	return false
}

// allEmpty reports whether nothing is typed in any of the groups.
func allEmpty[T interface{ Empty() bool }](groups []T) bool {
	for _, g := range groups {
		if !g.Empty() {
			return false
		}
	}
	return true
}

// photoOpen reports whether the photo part of the form is shown open: there is a photo (the
// submission's, the sheet's, or one waiting to be saved), something about it is typed, or it
// has an error or the focus.
func (p SheetFormProps) photoOpen() bool {
	f := p.Form
	if p.ImageURL != "" || p.SheetImage != "" || p.Pending.Thumb != "" || f.ImageAlt != "" || f.ImageCredit != "" || f.ImageConsent {
		return true
	}
	for _, id := range []string{sheetform.FieldImage, sheetform.FieldImageAlt, sheetform.FieldImageCredit, sheetform.FieldImageConsent} {
		if f.ErrorFor(id) != "" || p.Focus == id {
			return true
		}
	}
	return false
}
