package templates

import (
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/a-h/templ"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Names (and ids) of the fields of the sheet form. Fields of repeated groups are named with
// GroupField.
const (
	FieldTitle           = "titel"
	FieldIntro           = "intro"
	FieldCategory        = "categorie"
	FieldPolicyDomain    = "beleidsdomein"
	FieldGoal            = "doel"
	FieldTargetGroup     = "doelgroep"
	FieldGoalText        = "doelen-tekst"
	FieldTargetGroupText = "doelgroep-tekst"
	FieldGoalOffered     = "doel-voorgesteld"
	FieldTargetOffered   = "doelgroep-voorgesteld"
	FieldNote            = "opmerking"
	FieldChangeReason    = "reden"
	FieldOtherPlaces     = "andere-gemeenten"
	FieldDescription     = "beschrijving"
	FieldSuccessFactors  = "succesfactoren"
	FieldChallenges      = "uitdagingen"
	FieldPartners        = "partners"
	FieldContact         = "contact"
	FieldName            = "naam"
	FieldOrganisation    = "organisatie"
	FieldEmail           = "email"
	FieldImage           = "foto"
	FieldImageAlt        = "foto-alt"
	FieldImageCredit     = "foto-bron"
	FieldImageConsent    = "foto-toestemming"
	FieldRemoveImage     = "foto-verwijderen"
	FieldHoneypot        = "website"
	FieldAction          = "action"
	FieldBaseRevision    = "basis"
	FieldFormKey         = "sleutel"
	FieldAnswer          = "antwoord"
)

// Repeated groups of the sheet form and the parts of each.
const (
	GroupVariant  = "variant"
	GroupResource = "materiaal"
	GroupSection  = "sectie"

	PartPlaces   = "gemeenten"
	PartText     = "tekst"
	PartContact  = "contact"
	PartEmail    = "email"
	PartMoreInfo = "info"
	PartTitle    = "titel"
	PartByWhom   = "doorwie"
	PartForWhom  = "voorwie"
	PartContent  = "inhoud"
	PartLink     = "link"
	PartHeading  = "kop"
)

// Values of the form's submit buttons (name FieldAction).
const (
	ActionSubmit      = "submit"       // send to the editors
	ActionDraft       = "draft"        // save without sending
	ActionSave        = "save"         // save changes to a waiting submission
	ActionAddVariant  = "add-variant"  // one more empty local variant
	ActionAddResource = "add-resource" // one more empty resource
	ActionAddSection  = "add-section"  // one more empty section
	ActionAnswer      = "answer"       // answer the editors' question, with the form's changes
	ActionPreview     = "preview"      // save, and show the sheet as it will be published
)

// Field limits, in characters.
const (
	MaxTitle     = 150
	MaxIntro     = 600
	MaxRichText  = 10000
	MaxShort     = 200
	MaxLine      = 500
	MaxEmail     = 254
	MaxSentences = 20 // goals or target groups, one per line
	MaxGroups    = 60 // variants, resources or sections
	MaxAnswer    = 5000
)

// richTextHintID is the id of the sheet form's explanation of the formatting of long texts.
const richTextHintID = "opmaak-uitleg"

// SheetFormID is the id of the sheet form, which the answer to a question belongs to.
const SheetFormID = "inzending"

// GroupField returns the name and id of part of the i-th (1-based) group, e.g.
// "variant-2-gemeenten".
func GroupField(group string, i int, part string) string {
	return group + "-" + strconv.Itoa(i) + "-" + part
}

// SheetForm is the view model of the sheet form (new practice, change request, editing a
// submission): everything as the submitter typed it, and what is wrong with it.
type SheetForm struct {
	Change bool // a change to a published sheet: no municipality required
	// AskReason asks the submitter of a change why they propose it (required to send).
	AskReason    bool
	ChangeReason string

	Title, Intro string

	Categories, PolicyDomains, Goals, TargetGroups []string // chosen term slugs

	// GoalText and TargetGroupText are the sheet's own goals and target groups, one per
	// line, as they appear on the sheet page.
	GoalText, TargetGroupText string
	// GoalOffered and TargetOffered are the term slugs that were already suggested for the
	// text (and ticked then): a suggestion is ticked once, so a box the submitter unticked
	// stays unticked.
	GoalOffered, TargetOffered []string
	// Ticked are the labels of the terms just ticked for the text typed, per checkbox group
	// (FieldGoal, FieldTargetGroup).
	Ticked map[string][]string
	// Note is a message to the editors, not published (a missing term, say).
	Note string

	Description, SuccessFactors, Challenges, Partners string

	Variants []VariantInput
	// OtherPlaces are municipalities where the practice runs without a variant of their own,
	// separated as in a variant.
	OtherPlaces string
	Resources   []ResourceInput
	Sections    []SectionInput
	Contact     string

	Name, Organisation, Email string

	ImageAlt, ImageCredit string
	ImageConsent          bool
	RemoveImage           bool
	// HasUpload says the submission has an uploaded photo (stored, or arriving with this
	// request): it then needs a description and consent.
	HasUpload bool
	// ImageError explains why an uploaded file was refused.
	ImageError string

	// Errors are the findings of Validate, in page order.
	Errors []FieldError
}

// VariantInput is one local variant as typed.
type VariantInput struct {
	Places      string // municipality names, separated by commas or "en"
	Text        string
	ContactName string
	Email       string
	MoreInfo    string // links, one per line
}

// ResourceInput is one resource as typed.
type ResourceInput struct {
	Title, ByWhom, ForWhom, Content, Link string
}

// SectionInput is one further section as typed.
type SectionInput struct {
	Heading, Body string
}

// FieldError is a message for the field with id Field (for checkbox groups: the group's
// name).
type FieldError struct {
	Field   string
	Message string
}

// Empty reports whether nothing was typed in v.
func (v VariantInput) Empty() bool {
	return strings.TrimSpace(v.Places+v.Text+v.ContactName+v.Email+v.MoreInfo) == ""
}

// Empty reports whether nothing was typed in r.
func (r ResourceInput) Empty() bool {
	return strings.TrimSpace(r.Title+r.ByWhom+r.ForWhom+r.Content+r.Link) == ""
}

// Empty reports whether nothing was typed in s.
func (s SectionInput) Empty() bool { return strings.TrimSpace(s.Heading+s.Body) == "" }

// HasError reports whether field has a message.
func (f SheetForm) HasError(field string) bool { return f.ErrorFor(field) != "" }

// ErrorFor returns the message of field, or "".
func (f SheetForm) ErrorFor(field string) string {
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Validate checks the form and sets Errors (in page order). With complete, the form must be
// fit to send to the editors (required fields filled in); without, only what was typed is
// checked (lengths, addresses, links), as for a draft. isPlace reports whether a name is a
// known municipality; nil skips that check.
func (f *SheetForm) Validate(complete bool, isPlace func(name string) bool) {
	v := validator{}
	if f.AskReason {
		if complete && blank(f.ChangeReason) {
			v.add(FieldChangeReason, "Schrijf kort waarom je deze wijziging voorstelt.")
		}
		v.max(FieldChangeReason, "De reden", f.ChangeReason, MaxIntro)
	}
	if complete && blank(f.Title) {
		v.add(FieldTitle, "Vul de titel van de praktijk in.")
	}
	v.max(FieldTitle, "De titel", f.Title, MaxTitle)
	if complete && blank(f.Intro) {
		v.add(FieldIntro, "Vul een korte inleiding in: wat is de praktijk, in één of twee zinnen?")
	}
	v.max(FieldIntro, "De inleiding", f.Intro, MaxIntro)
	if complete && len(f.Categories) == 0 {
		v.add(FieldCategory, "Kies minstens één categorie.")
	}
	v.sentences(FieldGoalText, "doelen", f.GoalText)
	v.sentences(FieldTargetGroupText, "doelgroepen", f.TargetGroupText)
	if complete && blank(f.Description) {
		v.add(FieldDescription, "Beschrijf de praktijk.")
	}
	v.max(FieldDescription, "De beschrijving", f.Description, MaxRichText)
	v.max(FieldSuccessFactors, "De succesfactoren", f.SuccessFactors, MaxRichText)
	v.max(FieldChallenges, "De uitdagingen", f.Challenges, MaxRichText)
	v.max(FieldPartners, "De partners", f.Partners, MaxRichText)

	places := 0
	for _, vr := range f.Variants {
		places += len(SplitPlaces(vr.Places))
	}
	if complete && !f.Change && places == 0 {
		v.add(GroupField(GroupVariant, 1, PartPlaces), "Vul minstens één gemeente in waar deze praktijk loopt.")
	}
	if !v.max(FieldOtherPlaces, "De lijst van gemeenten", f.OtherPlaces, MaxLine) && isPlace != nil {
		var unknown []string
		for _, name := range SplitPlaces(f.OtherPlaces) {
			if !isPlace(name) {
				unknown = append(unknown, "“"+name+"”")
			}
		}
		if len(unknown) > 0 {
			v.add(FieldOtherPlaces, "We kennen geen gemeente "+joinNames(unknown)+". Kies een gemeente uit de lijst.")
		}
	}
	for i, vr := range f.Variants {
		n := i + 1
		field := GroupField(GroupVariant, n, PartPlaces)
		names := SplitPlaces(vr.Places)
		if complete && len(names) == 0 && !vr.Empty() {
			v.add(field, "Vul de gemeente van deze variant in.")
		}
		if !v.max(field, "De lijst van gemeenten", vr.Places, MaxLine) && isPlace != nil {
			var unknown []string
			for _, name := range names {
				if !isPlace(name) {
					unknown = append(unknown, "“"+name+"”")
				}
			}
			if len(unknown) > 0 {
				v.add(field, "We kennen geen gemeente "+joinNames(unknown)+". Kies een gemeente uit de lijst.")
			}
		}
		v.max(GroupField(GroupVariant, n, PartText), "De tekst", vr.Text, MaxRichText)
		v.max(GroupField(GroupVariant, n, PartContact), "De naam van de contactpersoon", vr.ContactName, MaxShort)
		v.email(GroupField(GroupVariant, n, PartEmail), vr.Email)
		v.links(GroupField(GroupVariant, n, PartMoreInfo), vr.MoreInfo)
	}
	for i, r := range f.Resources {
		n := i + 1
		if complete && blank(r.Title) && !r.Empty() {
			v.add(GroupField(GroupResource, n, PartTitle), "Geef dit materiaal een titel.")
		}
		v.max(GroupField(GroupResource, n, PartTitle), "De titel", r.Title, MaxShort)
		v.max(GroupField(GroupResource, n, PartByWhom), "Dit veld", r.ByWhom, MaxLine)
		v.max(GroupField(GroupResource, n, PartForWhom), "Dit veld", r.ForWhom, MaxLine)
		v.max(GroupField(GroupResource, n, PartContent), "De inhoud", r.Content, MaxRichText)
		if !v.max(GroupField(GroupResource, n, PartLink), "Dit veld", r.Link, MaxLine*4) {
			v.links(GroupField(GroupResource, n, PartLink), r.Link)
		}
	}
	for i, s := range f.Sections {
		n := i + 1
		if complete && blank(s.Heading) && !s.Empty() {
			v.add(GroupField(GroupSection, n, PartHeading), "Geef deze sectie een titel.")
		}
		v.max(GroupField(GroupSection, n, PartHeading), "De titel", s.Heading, MaxTitle)
		v.max(GroupField(GroupSection, n, PartText), "De tekst", s.Body, MaxRichText)
	}
	v.max(FieldContact, "Het contact", f.Contact, MaxRichText)
	v.max(FieldNote, "Je opmerking", f.Note, MaxAnswer)

	if complete && blank(f.Name) {
		v.add(FieldName, "Vul je naam in.")
	}
	v.max(FieldName, "Je naam", f.Name, MaxShort)
	v.max(FieldOrganisation, "De naam van je organisatie", f.Organisation, MaxShort)
	if complete && blank(f.Email) {
		v.add(FieldEmail, "Vul je e-mailadres in. We sturen je een bevestiging met een link naar je inzending.")
	}
	v.email(FieldEmail, f.Email)

	if f.ImageError != "" {
		v.add(FieldImage, f.ImageError)
	}
	photo := f.HasUpload && !f.RemoveImage
	if complete && photo && blank(f.ImageAlt) {
		v.add(FieldImageAlt, "Beschrijf wat er op de foto te zien is, voor wie de foto niet kan zien.")
	}
	v.max(FieldImageAlt, "De beschrijving van de foto", f.ImageAlt, MaxLine)
	v.max(FieldImageCredit, "De naam van de fotograaf of bron", f.ImageCredit, MaxShort)
	if complete && photo && !f.ImageConsent {
		v.add(FieldImageConsent, "Bevestig dat je toestemming hebt om deze foto te publiceren, of verwijder de foto.")
	}
	f.Errors = v.errs
}

type validator struct{ errs []FieldError }

func (v *validator) add(field, msg string) {
	for _, e := range v.errs {
		if e.Field == field {
			return // one message per field: the first found
		}
	}
	v.errs = append(v.errs, FieldError{Field: field, Message: msg})
}

// max adds a message when s is longer than n characters and reports whether it did.
func (v *validator) max(field, what, s string, n int) bool {
	if c := utf8.RuneCountInString(s); c > n {
		v.add(field, what+" is te lang: hoogstens "+thousands(n)+" tekens, nu "+thousands(c)+".")
		return true
	}
	return false
}

func (v *validator) email(field, s string) {
	s = strings.TrimSpace(s)
	if s == "" || v.max(field, "Het e-mailadres", s, MaxEmail) {
		return
	}
	if !ValidEmail(s) {
		v.add(field, "Dit is geen geldig e-mailadres. Schrijf het zoals naam@gemeente.be.")
	}
}

func (v *validator) links(field, s string) {
	if v.max(field, "Dit veld", s, MaxLine*4) {
		return
	}
	if _, bad := ParseLinks(s); len(bad) > 0 {
		v.add(field, "Dit is geen geldig webadres: “"+bad[0]+"”. Begin een link met https://")
	}
}

// sentences checks a list of goals or target groups typed one per line.
func (v *validator) sentences(field, what, s string) {
	lines := Lines(s)
	if len(lines) > MaxSentences {
		v.add(field, "Schrijf hoogstens "+strconv.Itoa(MaxSentences)+" "+what+", één per regel; nu "+strconv.Itoa(len(lines))+".")
		return
	}
	for _, l := range lines {
		if utf8.RuneCountInString(l) > MaxLine {
			v.add(field, "Elke regel mag hoogstens "+thousands(MaxLine)+" tekens tellen; begin een nieuwe regel voor een volgend punt.")
			return
		}
	}
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// Lines returns the non-empty lines of s, trimmed.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var placeSep = regexp.MustCompile(`(?i)\s*(?:[,;\n]|\s(?:en|&)\s)\s*`)

// SplitPlaces splits a list of municipality names as typed: "Balen, Dessel, Mol en Retie".
func SplitPlaces(s string) []string {
	var out []string
	for _, p := range placeSep.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ValidEmail reports whether s is a plain e-mail address (name@domain.tld).
func ValidEmail(s string) bool {
	if len(s) > MaxEmail || strings.ContainsAny(s, " \t\r\n<>()[]\\,;:\"'`") {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || strings.Count(s, "@") != 1 {
		return false
	}
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.Contains(domain, "..") || strings.HasPrefix(domain, "-") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// ValidWebURL reports whether s is an absolute http or https URL with a host.
func ValidWebURL(s string) bool {
	if strings.ContainsAny(s, " \t\r\n<>\"`") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return false
	}
	h := u.Hostname()
	return h != "" && (strings.Contains(h, ".") || h == "localhost")
}

var (
	webURL     = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"]+`)
	schemeLike = regexp.MustCompile(`(?i)^(?:www\.|[a-z][a-z0-9+.-]*://)`)
)

// ParseLinks reads links typed one per line: a web address, or a description with a web
// address ("Folder: https://…"), or a description only. bad holds the lines that look like a
// web address but are not a valid http(s) one.
func ParseLinks(s string) (links []catalog.Link, bad []string) {
	for _, line := range Lines(s) {
		loc := webURL.FindStringIndex(line)
		if loc == nil {
			if schemeLike.MatchString(line) {
				bad = append(bad, line)
			}
			links = append(links, catalog.Link{Label: line})
			continue
		}
		u := strings.TrimRight(line[loc[0]:loc[1]], ".,;:!?)")
		before := strings.TrimRight(line[:loc[0]], " \t:;,-–—|(")
		after := strings.TrimLeft(line[loc[0]+len(u):], " \t:;,.!?-–—|)")
		label := strings.Join(strings.Fields(before+" "+after), " ")
		if !ValidWebURL(u) {
			bad = append(bad, line)
			links = append(links, catalog.Link{Label: line})
			continue
		}
		if label == "" {
			label = u
		}
		links = append(links, catalog.Link{Label: label, URL: u})
	}
	return links, bad
}

// FormatLinks writes links the way ParseLinks reads them.
func FormatLinks(links []catalog.Link) string {
	lines := make([]string, 0, len(links))
	for _, l := range links {
		switch {
		case l.URL == "":
			lines = append(lines, l.Label)
		case l.Label == "" || l.Label == l.URL:
			lines = append(lines, l.URL)
		default:
			lines = append(lines, l.Label+": "+l.URL)
		}
	}
	return strings.Join(lines, "\n")
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	return thousands(n/1000) + "." + s[len(s)-3:]
}

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
	Form         SheetForm
	Options      FormOptions
	// ImageURL is the thumbnail of the uploaded photo ("" when none).
	ImageURL string
	// SheetImage is the file name of the published sheet's photo that a change keeps.
	SheetImage string
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
}

func (f field) hintID() string  { return f.ID + "-uitleg" }
func (f field) errorID() string { return f.ID + "-fout" }

// attrs are the attributes of the input (or textarea) of f: its id and name, the ids of its
// hint and error, and aria-invalid when it has an error.
func (f field) attrs() templ.Attributes {
	a := templ.Attributes{"id": f.ID, "name": f.ID}
	d := describedBy(f.Hint != "", f.hintID(), f.Error != "", f.errorID())
	if f.RichText { // the formatting is explained once, at the top of the form
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
	case FieldCategory:
		opts = p.Options.Categories
	case FieldPolicyDomain:
		opts = p.Options.PolicyDomains
	case FieldGoal:
		opts = p.Options.Goals
	case FieldTargetGroup:
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

// SuggestAction is the action of the button that ticks the terms of the checkbox group name
// that fit the text typed for it.
func SuggestAction(name string) string { return "termen-" + name }

// SuggestButtonID is the id of the button that ticks the terms of the checkbox group name.
func SuggestButtonID(name string) string { return "termen-" + name }

// tickedStatus says which terms were just ticked for the text of group name.
func (p SheetFormProps) tickedStatus(name string) string {
	if labels := p.Form.Ticked[name]; len(labels) > 0 {
		return "Aangevinkt bij je tekst: " + strings.Join(labels, ", ") + "."
	}
	if p.Focus == SuggestButtonID(name) {
		return "Geen nieuwe termen bij je tekst gevonden. Kies ze zelf, of schrijf in je opmerking voor de redactie welke term je mist."
	}
	return ""
}

// Thousands writes n the Dutch way, with a dot between thousands: 5.000.
func Thousands(n int) string { return thousands(n) }

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
