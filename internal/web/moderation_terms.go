package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/templates"
)

// Vocabulary curation (/beheer/termen): per facet the terms with how many sheets use them;
// rename, merge, and accept or map proposed terms. Municipalities come from the reference list
// and are shown, not curated.

func termAdminURL(id int64) string { return paths.TermAdmin(id) }

var termNotices = map[string]templates.Notice{
	"hernoemd":     {Text: "De term is hernoemd. Zijn adres blijft hetzelfde."},
	"samengevoegd": {Text: "De termen zijn samengevoegd. Alle fiches volgen."},
	"aanvaard":     {Text: "De term is aanvaard en staat nu in de filters van de databank."},
}

// showTermsAdmin is /beheer/termen?facet=.
func (s *Server) showTermsAdmin(w http.ResponseWriter, r *http.Request) error {
	facet := catalog.Facet(r.URL.Query().Get("facet"))
	if !facet.Valid() {
		facet = catalog.FacetCategory
	}
	terms, err := s.store.TermsForCuration(r.Context(), facet)
	if err != nil {
		return err
	}
	p := templates.TermsAdminProps{
		Page:    s.beheerPage("Termen: " + facet.Label()),
		Facet:   facet,
		Curated: facet != catalog.FacetMunicipality,
	}
	if n, ok := termNotices[r.URL.Query().Get("melding")]; ok {
		p.Notice = &n
	}
	for _, f := range catalog.Facets {
		p.Facets = append(p.Facets, templates.FilterLink{Label: f.Label(), URL: "/beheer/termen?facet=" + string(f),
			Count: -1, Current: f == facet})
	}
	for _, t := range terms {
		row := templates.TermAdminRow{ID: t.ID, Label: t.Label, Slug: t.Slug, Sheets: t.Sheets,
			Submissions: t.Submissions, MergedInto: t.MergedIntoLabel}
		if p.Curated && t.MergedInto == 0 {
			row.ManageURL = termAdminURL(t.ID)
		}
		switch {
		case t.Proposed && t.MergedInto == 0:
			row.AcceptURL = termAdminURL(t.ID) + "/aanvaarden"
			p.Proposed = append(p.Proposed, row)
		case t.MergedInto != 0:
			if facet != catalog.FacetMunicipality || t.Sheets > 0 {
				p.Merged = append(p.Merged, row)
			}
		default:
			if facet == catalog.FacetMunicipality && t.Sheets == 0 {
				continue // the reference list holds every municipality: show the ones in use
			}
			if facet == catalog.FacetMunicipality {
				row.CatalogURL = paths.Municipality(t.Slug)
			} else {
				row.CatalogURL = termURL(facet, t.Slug)
			}
			p.Current = append(p.Current, row)
		}
	}
	return s.render(w, r, templates.TermsAdmin(p))
}

// showTermAdmin is /beheer/termen/{id}: rename, merge, accept.
func (s *Server) showTermAdmin(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.termAdminProps(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, templates.TermAdmin(p))
}

func (s *Server) termAdminProps(r *http.Request, id int64) (templates.TermAdminProps, error) {
	t, err := s.store.TermByID(r.Context(), id)
	if err != nil {
		return templates.TermAdminProps{}, err
	}
	if t.Facet == catalog.FacetMunicipality || t.MergedInto != 0 {
		return templates.TermAdminProps{}, catalog.ErrNotFound
	}
	terms, err := s.store.TermsForCuration(r.Context(), t.Facet)
	if err != nil {
		return templates.TermAdminProps{}, err
	}
	p := templates.TermAdminProps{
		Page:       s.beheerPage("Term: " + t.Label),
		ID:         t.ID,
		Facet:      t.Facet,
		FacetLabel: t.Facet.Label(),
		Label:      t.Label,
		Slug:       t.Slug,
		NewLabel:   t.Label,
		BackURL:    "/beheer/termen?facet=" + string(t.Facet),
		ActionBase: termAdminURL(t.ID),
	}
	p.Targets = append(p.Targets, templates.Option{Value: "", Label: "Kies een term"})
	sheets, err := s.store.SheetsWithTerm(r.Context(), t.ID)
	if err != nil {
		return templates.TermAdminProps{}, err
	}
	for _, sh := range sheets {
		p.SheetLinks = append(p.SheetLinks, sheetLink(sh))
	}
	for _, u := range terms {
		switch {
		case u.ID == t.ID:
			p.Proposed, p.Sheets = u.Proposed, u.Sheets
		case u.MergedInto == 0 && !u.Proposed:
			p.Targets = append(p.Targets, templates.Option{Value: strconv.FormatInt(u.ID, 10),
				Label: u.Label + " (" + countNoun(u.Sheets, "fiche", "fiches") + ")"})
		}
	}
	return p, nil
}

// countNoun is "1 fiche", "3 fiches".
func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// renameTerm gives a term a new label (POST /beheer/termen/{id}/hernoemen).
func (s *Server) renameTerm(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	label := cleanLine(r.PostFormValue("naam"), 300)
	var problem string
	switch {
	case label == "":
		problem = "Geef de nieuwe naam van de term."
	case len([]rune(label)) > 150:
		problem = "Die naam is te lang: hou het bij 150 tekens."
	default:
		err := s.store.RenameTerm(r.Context(), editorOf(r).ID, id, label)
		switch {
		case errors.Is(err, catalog.ErrConflict):
			problem = "Er bestaat al een term met die naam. Voeg de twee termen samen in plaats van te hernoemen."
		case err != nil:
			return err
		default:
			return beheerRedirect(w, r, termAdminURL(id), "hernoemd")
		}
	}
	p, err := s.termAdminProps(r, id)
	if err != nil {
		return err
	}
	p.NewLabel, p.RenameErr = label, problem
	p.Page.Title = "Fout: " + p.Page.Title
	return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.TermAdmin(p))
}

// mergeTerm merges a term into another (POST /beheer/termen/{id}/samenvoegen) once the
// confirmation page's form confirms it (see confirmMergeTerm); a proposed term is thereby
// mapped onto an existing one.
func (s *Server) mergeTerm(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	source, err := s.store.TermByID(r.Context(), id)
	if err != nil {
		return err
	}
	target := postedInt(r, "doel")
	if target != 0 && !confirmed(r) {
		http.Redirect(w, r, mergeConfirmURL(id, target), http.StatusSeeOther)
		return nil
	}
	var problem string
	if target == 0 {
		problem = "Kies de term waarin deze term opgaat."
	} else {
		_, err := s.store.MergeTerm(r.Context(), editorOf(r).ID, id, target)
		switch {
		case errors.Is(err, catalog.ErrConflict), errors.Is(err, catalog.ErrNotFound) && target != id:
			problem = "Deze termen kunnen niet samengevoegd worden: kies een andere, actieve term van dezelfde soort."
		case err != nil:
			return err
		default:
			http.Redirect(w, r, "/beheer/termen?facet="+string(source.Facet)+"&melding=samengevoegd", http.StatusSeeOther)
			return nil
		}
	}
	p, err := s.termAdminProps(r, id)
	if err != nil {
		return err
	}
	p.MergeErr = problem
	p.Page.Title = "Fout: " + p.Page.Title
	return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.TermAdmin(p))
}

// acceptTerm accepts a proposed term (POST /beheer/termen/{id}/aanvaarden).
func (s *Server) acceptTerm(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.store.TermByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.store.AcceptTerm(r.Context(), editorOf(r).ID, id); err != nil && !errors.Is(err, catalog.ErrConflict) {
		return err
	}
	http.Redirect(w, r, "/beheer/termen?facet="+string(t.Facet)+"&melding=aanvaard", http.StatusSeeOther)
	return nil
}
