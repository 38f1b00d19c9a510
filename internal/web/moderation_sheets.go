package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// The editors' list of sheets (/beheer/fiches) and the page of one sheet: its status, the
// importer's review flag, its address, and its edit form.

// sheetsPageSize is the number of sheets per page of the editors' list.
const sheetsPageSize = 50

func sheetAdminURL(id int64) string { return paths.SheetAdmin(id) }

// showSheetsAdmin is /beheer/fiches?q=&status=&nakijken=1&pagina=.
func (s *Server) showSheetsAdmin(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.SheetFilter{Text: sheetform.CleanLine(q.Get("q"), 200), NeedsReview: q.Get("nakijken") == "1", PageSize: sheetsPageSize}
	switch st := catalog.Status(q.Get("status")); st {
	case catalog.StatusPublished, catalog.StatusUnpublished, catalog.StatusArchived:
		f.Status = st
	}
	f.Page, _ = strconv.Atoi(q.Get("pagina"))
	f.Page = max(f.Page, 1)
	list, err := s.store.ListSheets(r.Context(), f)
	if err != nil {
		return err
	}
	p := templates.SheetsAdminProps{
		Page:        s.beheerPage("Fiches"),
		Query:       f.Text,
		Status:      string(f.Status),
		NeedsReview: f.NeedsReview,
		Total:       list.Total,
		Statuses: []templates.Option{
			{Value: "", Label: "Alle statussen", Selected: f.Status == ""},
			{Value: string(catalog.StatusPublished), Label: sheetStatusLabel(catalog.StatusPublished), Selected: f.Status == catalog.StatusPublished},
			{Value: string(catalog.StatusUnpublished), Label: sheetStatusLabel(catalog.StatusUnpublished), Selected: f.Status == catalog.StatusUnpublished},
			{Value: string(catalog.StatusArchived), Label: sheetStatusLabel(catalog.StatusArchived), Selected: f.Status == catalog.StatusArchived},
		},
	}
	if len(list.Rows) > 0 {
		p.From = (f.Page-1)*sheetsPageSize + 1
		p.To = p.From + len(list.Rows) - 1
	}
	pageURL := func(n int) string {
		v := url.Values{}
		if f.Text != "" {
			v.Set("q", f.Text)
		}
		if f.Status != "" {
			v.Set("status", string(f.Status))
		}
		if f.NeedsReview {
			v.Set("nakijken", "1")
		}
		if n > 1 {
			v.Set("pagina", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return "/beheer/fiches"
		}
		return "/beheer/fiches?" + v.Encode()
	}
	if f.Page > 1 {
		p.Prev = pageURL(f.Page - 1)
	}
	if f.Page*sheetsPageSize < list.Total {
		p.Next = pageURL(f.Page + 1)
	}
	for _, row := range list.Rows {
		v := templates.SheetAdminRow{
			Title: row.Title, EditURL: sheetAdminURL(row.ID), StatusLabel: sheetStatusLabel(row.Status),
			Published: row.Status == catalog.StatusPublished, Revision: row.Revision, Updated: row.UpdatedAt,
			NeedsReview: row.NeedsReview, ReviewNotes: row.ReviewNotes, OpenChanges: row.OpenChanges,
		}
		if v.Published {
			v.PublicURL = sheetURL(row.Slug)
		}
		p.Rows = append(p.Rows, v)
	}
	return s.render(w, r, templates.SheetsAdmin(p))
}

// showSheetAdmin is /beheer/fiches/{id}.
func (s *Server) showSheetAdmin(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.sheetAdminProps(r, id)
	if err != nil {
		return err
	}
	p.Notice = sheetNotices.of(r)
	return s.render(w, r, templates.SheetAdmin(p))
}

func (s *Server) sheetAdminProps(r *http.Request, id int64) (templates.SheetAdminProps, error) {
	ctx := r.Context()
	sh, err := s.store.SheetByID(ctx, id)
	if err != nil {
		return templates.SheetAdminProps{}, err
	}
	p := templates.SheetAdminProps{
		Page:        s.beheerPage("Fiche: " + sh.Title),
		ID:          sh.ID,
		Title:       sh.Title,
		Slug:        sh.Slug,
		Status:      string(sh.Status),
		StatusLabel: sheetStatusLabel(sh.Status),
		Revision:    sh.Revision,
		Updated:     sh.UpdatedAt,
		NeedsReview: sh.NeedsReview,
		ReviewNotes: sh.ReviewNotes,
		ActionBase:  sheetAdminURL(sh.ID),
	}
	if sh.Status == catalog.StatusPublished {
		p.PublicURL, p.HistoryURL = sheetURL(sh.Slug), historyURL(sh.Slug)
	}
	for _, st := range []catalog.Status{catalog.StatusPublished, catalog.StatusUnpublished, catalog.StatusArchived} {
		p.Statuses = append(p.Statuses, templates.Option{Value: string(st), Label: sheetStatusLabel(st), Selected: st == sh.Status})
	}
	p.Edit = s.sheetEditForm(r.Context(), sh)
	p.Contacts = contactBlocks(sheetform.FromSheet(sh, s.formVocab(ctx)))
	return p, nil
}

// setSheetStatus publishes, unpublishes or archives a sheet (POST /beheer/fiches/{id}/status);
// taking a published sheet out of the catalogue goes through its confirmation page first
// (confirmSheetStatus).
func (s *Server) setSheetStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	st := catalog.Status(r.PostFormValue("status"))
	switch st {
	case catalog.StatusPublished, catalog.StatusUnpublished, catalog.StatusArchived:
	default:
		return seeOther(w, r, sheetAdminURL(id))
	}
	if !confirmed(r) {
		sh, err := s.store.SheetByID(r.Context(), id)
		if err != nil {
			return err
		}
		if needsConfirmation(sh.Status, st) {
			http.Redirect(w, r, statusConfirmURL(id, st), http.StatusSeeOther)
			return nil
		}
	}
	if err := s.store.SetSheetStatus(r.Context(), editorOf(r).ID, id, st); err != nil {
		return err
	}
	return sheetNotices.redirect(w, r, sheetAdminURL(id), "status")
}

// markSheetReviewed clears the importer's review flag (POST /beheer/fiches/{id}/nagekeken).
func (s *Server) markSheetReviewed(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.MarkSheetReviewed(r.Context(), editorOf(r).ID, id); err != nil {
		return err
	}
	return sheetNotices.redirect(w, r, sheetAdminURL(id), "nagekeken")
}

// renameSheetSlug changes the address of a sheet (POST /beheer/fiches/{id}/adres): the
// content stays, a new revision records the new slug, and the old address redirects.
func (s *Server) renameSheetSlug(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	slug := strings.TrimSpace(strings.ToLower(r.PostFormValue("adres")))
	revision := int(postedInt(r, "versie"))
	sh, err := s.store.SheetByID(ctx, id)
	if err != nil {
		return err
	}
	var problem string
	switch {
	case slug == "":
		problem = "Geef een adres op."
	case catalog.Slugify(slug) != slug:
		problem = "Een adres bestaat uit kleine letters zonder accenten, cijfers en koppeltekens, bv. „" + catalog.Slugify(slug) + "”."
	case slug == sh.Slug:
		return seeOther(w, r, sheetAdminURL(id))
	}
	if problem == "" {
		sh.Slug = slug
		_, err = s.store.EditSheet(ctx, store.SheetEdit{SheetID: id, Revision: revision, EditorID: editorOf(r).ID,
			Sheet: sh, Note: "Nieuw adres van de fiche"})
		switch {
		case errors.Is(err, store.ErrSlugTaken):
			problem = "Dat adres is al in gebruik (door een andere fiche, nu of vroeger)."
		case errors.Is(err, catalog.ErrConflict):
			return sheetNotices.redirect(w, r, sheetAdminURL(id), "conflict")
		case err != nil:
			return err
		default:
			return sheetNotices.redirect(w, r, sheetAdminURL(id), "adres")
		}
	}
	p, err := s.sheetAdminProps(r, id)
	if err != nil {
		return err
	}
	p.NewSlug, p.SlugErr = slug, problem
	p.Page.Title = "Fout: " + p.Page.Title
	return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.SheetAdmin(p))
}
