package sheetform

import "strings"

// Form is the sheet form (new practice, change request, an editor's edit of a submission or
// of a published sheet): everything as it was typed, and what is wrong with it.
type Form struct {
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
	// PendingPhoto is the token under which a photo uploaded with an earlier post of this form
	// waits for the form to be saved (an editor's form shown again with an error).
	PendingPhoto string

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
func (f Form) HasError(field string) bool { return f.ErrorFor(field) != "" }

// ErrorFor returns the message of field, or "".
func (f Form) ErrorFor(field string) string {
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}
