package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// "Contactgegevens kloppen niet? Stel een correctie voor" (/praktijken/{slug}/contact): one
// wrong address on a sheet needs no trip through the whole form. The short form shows the
// sheet's contacts as they are (the sheet's own, each variant's person and address), asks why
// and, if the sender wants to hear back, an address; what it sends is a change request like
// any other, which the editors review with the usual comparison. The sheet goes through the
// sheet form's conversion both ways (lossless, see TestEditorFormRoundTrip), so nothing but
// the contacts changes.

// contactChangeBlocks are the contact blocks of the sheet whose form is f, as the public
// correction form shows them: the sheet's own contact, then each variant's, headed by its
// municipalities.
func contactChangeBlocks(f sheetform.Form) []templates.ContactBlock {
	out := []templates.ContactBlock{{Block: contactBlockSheet, Heading: "Contact voor de hele praktijk", Contact: f.Contact}}
	for i, v := range f.Variants {
		heading := "Contact in " + catalog.JoinNames(sheetform.SplitPlaces(v.Places))
		if strings.TrimSpace(v.Places) == "" {
			heading = "Contact van variant " + strconv.Itoa(i+1)
		}
		out = append(out, templates.ContactBlock{Block: strconv.Itoa(i + 1), Heading: heading, Name: v.ContactName, Email: v.Email})
	}
	return out
}

func (p *submitPages) contactChangeProps(sh catalog.Sheet) templates.ContactChangeProps {
	return templates.ContactChangeProps{
		Page:   p.page("Stel een correctie voor: contact van "+sh.Title, "", "", true),
		Sheet:  templates.SummaryView{Title: sh.Title, URL: sheetURL(sh.Slug)},
		Action: paths.ContactChange(sh.Slug),
	}
}

// showContactChange is the short form, prefilled with the sheet's contacts.
func (p *submitPages) showContactChange(w http.ResponseWriter, r *http.Request) error {
	sh, err := p.reportedSheet(r)
	if err != nil {
		return err
	}
	props := p.contactChangeProps(sh)
	props.Blocks = contactChangeBlocks(sheetform.FromSheet(sh, p.formVocab(r.Context())))
	props.Key = newFormKey()
	return p.renderPrivate(w, r, http.StatusOK, templates.ContactChangePage(props))
}

// postContactChange files the corrected contacts as a change request and sends it to the
// editors at once; the sender lands on the request's private page. A problem shows the form
// again with a message next to each field and everything typed kept.
func (p *submitPages) postContactChange(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sh, err := p.reportedSheet(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	if r.PostFormValue(sheetform.FieldHoneypot) != "" {
		return pretendSuccess(w, r)
	}
	vocab := p.formVocab(ctx)
	f := sheetform.FromSheet(sh, vocab)
	f.Change = true
	props := p.contactChangeProps(sh)
	props.Blocks = contactChangeBlocks(f)
	props.Key = r.PostFormValue(sheetform.FieldFormKey)
	props.Reason = sheetform.CleanText(r.PostFormValue(templates.ContactChangeFieldReason))
	props.Email = sheetform.CleanLine(r.PostFormValue(templates.ContactChangeFieldEmail), sheetform.MaxEmail)

	// The blocks as typed, into the sheet's form; whether anything changed.
	changed := false
	for i := range props.Blocks {
		b := &props.Blocks[i]
		if b.Block == contactBlockSheet {
			typed := sheetform.CleanText(r.PostFormValue(templates.ContactChangeField(b.Block, "contact")))
			changed = changed || typed != b.Contact
			b.Contact, f.Contact = typed, typed
			continue
		}
		n := i // the variant's number (1-based)
		name := sheetform.CleanLine(r.PostFormValue(templates.ContactChangeField(b.Block, "naam")), sheetform.MaxShort)
		email := sheetform.CleanLine(r.PostFormValue(templates.ContactChangeField(b.Block, "email")), sheetform.MaxEmail)
		changed = changed || name != b.Name || email != b.Email
		b.Name, b.Email = name, email
		f.Variants[n-1].ContactName, f.Variants[n-1].Email = name, email
	}

	// Only the contacts are checked: a problem elsewhere in an older sheet is the editors'.
	f.Validate(false, nil)
	for _, e := range f.Errors {
		for i := range props.Blocks {
			b := &props.Blocks[i]
			n, _ := strconv.Atoi(b.Block)
			switch {
			case b.Block == contactBlockSheet && e.Field == sheetform.FieldContact:
				b.Error = e.Message
			case n > 0 && e.Field == sheetform.GroupField(sheetform.GroupVariant, n, sheetform.PartContact):
				b.Error = e.Message
			case n > 0 && e.Field == sheetform.GroupField(sheetform.GroupVariant, n, sheetform.PartEmail):
				b.EmailError = e.Message
			}
		}
	}
	if !changed {
		b := &props.Blocks[0]
		msg := "Je hebt nog niets aan de contactgegevens veranderd. Verbeter wat niet klopt."
		if len(props.Blocks) > 1 {
			b = &props.Blocks[1]
		}
		if b.Block == contactBlockSheet {
			b.Error = msg
		} else {
			b.EmailError = msg
		}
	}
	for _, b := range props.Blocks {
		if b.Error != "" {
			part := "naam"
			if b.Block == contactBlockSheet {
				part = "contact"
			}
			props.Errors = append(props.Errors, sheetform.FieldError{Field: templates.ContactChangeField(b.Block, part), Message: b.Error})
		}
		if b.EmailError != "" {
			props.Errors = append(props.Errors, sheetform.FieldError{Field: templates.ContactChangeField(b.Block, "email"), Message: b.EmailError})
		}
	}
	switch n := len([]rune(props.Reason)); {
	case n == 0:
		props.Errors = append(props.Errors, sheetform.FieldError{Field: templates.ContactChangeFieldReason,
			Message: "Schrijf kort waarom je deze correctie voorstelt, bijvoorbeeld: „de contactpersoon werkt er niet meer”."})
	case n > sheetform.MaxIntro:
		props.Errors = append(props.Errors, sheetform.FieldError{Field: templates.ContactChangeFieldReason,
			Message: "Je reden is " + strconv.Itoa(n) + " tekens lang; ze mag er hoogstens " + strconv.Itoa(sheetform.MaxIntro) + " hebben."})
	}
	if props.Email != "" && !sheetform.ValidEmail(props.Email) {
		props.Errors = append(props.Errors, sheetform.FieldError{Field: templates.ContactChangeFieldEmail,
			Message: "Vul een geldig e-mailadres in, zoals naam@gemeente.be, of laat het veld leeg."})
	}
	if len(props.Errors) > 0 {
		if !tokenPattern.MatchString(props.Key) {
			props.Key = newFormKey()
		}
		props.Page.Title = "Fout: " + props.Page.Title
		return p.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.ContactChangePage(props))
	}

	// The same rendering of the form posted twice (a double click, a retry) files one request.
	token, hash := newToken()
	key := ""
	if k := r.PostFormValue(sheetform.FieldFormKey); tokenPattern.MatchString(k) {
		key = k
		token = tokenOfFormKey(k)
		hash = hashToken(token)
		if _, err := p.store.SubmissionByToken(ctx, hash); err == nil {
			return seeSubmission(w, r, token, flashSent)
		} else if !errors.Is(err, catalog.ErrNotFound) {
			return err
		}
	}
	content := f.Sheet(vocab)
	content.Slug, content.Image = sh.Slug, sh.Image
	in := store.SubmissionInput{
		Content:      content,
		Submitter:    catalog.Submitter{Email: props.Email},
		ChangeReason: props.Reason,
		Send: func(sub catalog.Submission) store.Notices {
			n := store.Notices{Editors: p.editorNotice(sub, noticeSubmitted)}
			if sub.Submitter.Email != "" {
				n.Submitter = p.confirmationMail(sub, token)
			}
			return n
		},
	}
	if key != "" {
		in.FormKey, in.FormResult = hashToken(key), flashSent
	}
	_, err = p.store.CreateSubmission(ctx, store.NewSubmission{Kind: catalog.KindChange, TokenHash: hash,
		SheetID: sh.ID, BaseRevision: sh.Revision, SubmissionInput: in}, store.Notices{})
	switch {
	case errors.Is(err, catalog.ErrConflict) && key != "":
		return seeSubmission(w, r, token, flashSent) // the other POST of the same form filed it
	case err != nil:
		return err
	}
	return seeSubmission(w, r, token, flashSent)
}
