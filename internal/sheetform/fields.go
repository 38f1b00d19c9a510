package sheetform

import "strconv"

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
	FieldPendingPhoto    = "foto-wacht"
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

// GroupField returns the name and id of part of the i-th (1-based) group, e.g.
// "variant-2-gemeenten".
func GroupField(group string, i int, part string) string {
	return group + "-" + strconv.Itoa(i) + "-" + part
}

// SuggestAction is the action of the button that ticks the terms of the checkbox group name
// that fit the text typed for it.
func SuggestAction(name string) string { return "termen-" + name }

// SuggestButtonID is the id of the button that ticks the terms of the checkbox group name.
func SuggestButtonID(name string) string { return "termen-" + name }

// Action returns the button a posted form names (the value of FieldAction); an unknown value,
// or none (a body cut off before the buttons), counts as a draft save.
func Action(value string) string {
	switch value {
	case ActionSubmit, ActionDraft, ActionSave, ActionAnswer, ActionPreview,
		ActionAddVariant, ActionAddResource, ActionAddSection,
		SuggestAction(FieldGoal), SuggestAction(FieldTargetGroup):
		return value
	}
	return ActionDraft
}

// Redraws reports whether action only asks for the form again: one more empty group, or the
// terms that fit the text ticked.
func Redraws(action string) bool {
	switch action {
	case ActionAddVariant, ActionAddResource, ActionAddSection:
		return true
	}
	return suggestFocus(action) != ""
}

// Sends reports whether action asks for a form fit to send to the editors: sending, saving a
// waiting submission, answering a question or checking the sheet before sending.
func Sends(action string) bool {
	switch action {
	case ActionSubmit, ActionSave, ActionAnswer, ActionPreview:
		return true
	}
	return false
}
