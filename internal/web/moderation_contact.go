package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// One contact of a published sheet fixed without the whole form: on the sheet's page under
// Beheer › Fiches, each contact block (the sheet's own contact, each local variant's person and
// address) has a small form of its own (POST /beheer/fiches/{id}/contact). The sheet goes
// through the sheet form's conversion both ways, so that nothing else of it changes, and the
// change is a revision like any other edit.

// contactBlockSheet names the sheet's own contact in the quick form; a variant is named by its
// number (1-based).
const contactBlockSheet = "fiche"

// contactBlocks are the contact blocks of the sheet whose form is f, as the quick forms show
// them.
func contactBlocks(f sheetform.Form) []templates.ContactBlock {
	out := []templates.ContactBlock{{Block: contactBlockSheet, Heading: "Contact voor de hele praktijk", Contact: f.Contact}}
	for i, v := range f.Variants {
		heading := "Variant " + strconv.Itoa(i+1)
		if v.Places != "" {
			heading += ": " + v.Places
		}
		out = append(out, templates.ContactBlock{Block: strconv.Itoa(i + 1), Heading: heading, Name: v.ContactName, Email: v.Email})
	}
	return out
}

// saveSheetContact stores one contact block of a sheet (POST /beheer/fiches/{id}/contact with
// versie, blok and the block's fields).
func (s *Server) saveSheetContact(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	sh, err := s.store.SheetByID(ctx, id)
	if err != nil {
		return err
	}
	if int(postedInt(r, "versie")) != sh.Revision {
		return sheetNotices.redirect(w, r, sheetAdminURL(id), noticeConflict)
	}
	f := sheetform.FromSheet(sh, s.formVocab(ctx))
	f.Change = true
	typed := templates.ContactBlock{Block: r.PostFormValue("blok")}
	var fields, parts []string // the fields of the sheet form this block changes, and its own
	switch n, err := strconv.Atoi(typed.Block); {
	case typed.Block == contactBlockSheet:
		typed.Contact = sheetform.CleanText(r.PostFormValue(templates.QuickContactField(typed.Block, "contact")))
		f.Contact = typed.Contact
		fields, parts = []string{sheetform.FieldContact}, []string{"contact"}
	case err == nil && n >= 1 && n <= len(f.Variants):
		typed.Name = sheetform.CleanLine(r.PostFormValue(templates.QuickContactField(typed.Block, "naam")), sheetform.MaxShort)
		typed.Email = sheetform.CleanLine(r.PostFormValue(templates.QuickContactField(typed.Block, "email")), sheetform.MaxEmail)
		f.Variants[n-1].ContactName, f.Variants[n-1].Email = typed.Name, typed.Email
		fields = []string{sheetform.GroupField(sheetform.GroupVariant, n, sheetform.PartContact), sheetform.GroupField(sheetform.GroupVariant, n, sheetform.PartEmail)}
		parts = []string{"naam", "email"}
	default:
		return errBadRequest
	}
	// Only what this block holds is checked: a problem elsewhere in an older sheet is the
	// data-quality list's business.
	f.Validate(false, nil)
	for _, e := range f.Errors {
		switch e.Field {
		case fields[0]:
			typed.Error, typed.Focus = e.Message, templates.QuickContactField(typed.Block, parts[0])
		case fields[len(fields)-1]:
			typed.EmailError = e.Message
			if typed.Focus == "" {
				typed.Focus = templates.QuickContactField(typed.Block, parts[len(parts)-1])
			}
		}
	}
	if typed.Error == "" && typed.EmailError == "" {
		edited := f.Sheet(s.formVocab(ctx))
		edited.Slug = sh.Slug
		edited.Image = sh.Image
		edited.ReviewNotes, edited.NeedsReview = nil, false // the store keeps the sheet's flags
		res, err := s.store.EditSheet(ctx, store.SheetEdit{SheetID: id, Revision: sh.Revision, EditorID: editorOf(r).ID,
			Sheet: edited, Note: "Contact aangepast"})
		switch {
		case errors.Is(err, catalog.ErrConflict):
			return sheetNotices.redirect(w, r, sheetAdminURL(id), noticeConflict)
		case err != nil:
			return err
		case !res.Changed:
			return sheetNotices.redirect(w, r, sheetAdminURL(id), "ongewijzigd")
		}
		return sheetNotices.redirect(w, r, sheetAdminURL(id), "contact")
	}
	p, err := s.sheetAdminProps(r, id)
	if err != nil {
		return err
	}
	for i, b := range p.Contacts {
		if b.Block == typed.Block {
			typed.Heading = b.Heading
			p.Contacts[i] = typed
		}
	}
	p.Page.Title = "Fout: " + p.Page.Title
	return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.SheetAdmin(p))
}
