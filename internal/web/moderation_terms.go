package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/paths"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// Vocabulary curation (/beheer/termen): per facet the terms with how many sheets use them;
// add a term, rename, merge, accept or map proposed terms, and edit the keywords that tag the
// sentences of goals and target groups with a term. Municipalities come from the reference
// list and are shown, not curated.

func termAdminURL(id int64) string { return paths.TermAdmin(id) }

// taggedFacet tells whether the terms of f are suggested for a sheet's sentences by their
// keywords (store/tagging.go): the goals and the target groups.
func taggedFacet(f catalog.Facet) bool {
	return f == catalog.FacetGoal || f == catalog.FacetTargetGroup
}

// keywordExamples is how many matching sentences a term's page shows.
const keywordExamples = 5

// showTermsAdmin is /beheer/termen?facet=.
func (s *Server) showTermsAdmin(w http.ResponseWriter, r *http.Request) error {
	facet := catalog.Facet(r.URL.Query().Get("facet"))
	if !facet.Valid() {
		facet = catalog.FacetCategory
	}
	p, err := s.termsAdminProps(r, facet)
	if err != nil {
		return err
	}
	p.Notice = termNotices.of(r)
	return s.render(w, r, templates.TermsAdmin(p))
}

func (s *Server) termsAdminProps(r *http.Request, facet catalog.Facet) (templates.TermsAdminProps, error) {
	terms, err := s.store.TermsForCuration(r.Context(), facet)
	if err != nil {
		return templates.TermsAdminProps{}, err
	}
	p := templates.TermsAdminProps{
		Page:    s.beheerPage("Termen: " + facet.Label()),
		Facet:   facet,
		Curated: facet != catalog.FacetMunicipality,
		Tagged:  taggedFacet(facet),
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
	return p, nil
}

// addTerm adds a term to a curated facet (POST /beheer/termen).
func (s *Server) addTerm(w http.ResponseWriter, r *http.Request) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	facet := catalog.Facet(r.PostFormValue("facet"))
	if !facet.Valid() || facet == catalog.FacetMunicipality {
		return errBadRequest
	}
	label := sheetform.CleanLine(r.PostFormValue("naam"), store.MaxTermLabel)
	typed := sheetform.CleanText(r.PostFormValue("trefwoorden"))
	var keywords []string
	if taggedFacet(facet) {
		keywords = store.SplitKeywords(typed)
	}
	var labelErr, keywordsErr string
	switch {
	case label == "":
		labelErr = "Geef de naam van de nieuwe term."
	case utf8.RuneCountInString(label) > store.MaxTermLabel:
		labelErr = "Die naam is te lang: hou het bij " + strconv.Itoa(store.MaxTermLabel) + " tekens."
	default:
		id, err := s.store.AddTerm(r.Context(), editorOf(r).ID, facet, label, keywords)
		var ke *store.KeywordError
		switch {
		case errors.As(err, &ke):
			keywordsErr = keywordProblem(ke)
		case errors.Is(err, catalog.ErrConflict):
			labelErr = "Er bestaat al een term met die naam."
		case err != nil:
			return err
		default:
			return termNotices.redirect(w, r, termAdminURL(id), "toegevoegd")
		}
	}
	p, err := s.termsAdminProps(r, facet)
	if err != nil {
		return err
	}
	p.NewLabel, p.NewKeywords, p.NewLabelErr, p.NewKeywordsErr = label, typed, labelErr, keywordsErr
	p.Page.Title = "Fout: " + p.Page.Title
	return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.TermsAdmin(p))
}

// keywordProblem says in Dutch what is wrong with a keyword.
func keywordProblem(e *store.KeywordError) string {
	switch e.Reason {
	case store.KeywordTooMany:
		return "Hoogstens " + strconv.Itoa(store.MaxKeywords) + " trefwoorden per term."
	case store.KeywordTooLong:
		return "„" + e.Keyword + "” is te lang: hou elk trefwoord bij " + strconv.Itoa(store.MaxKeywordLength) + " tekens."
	}
	return "„" + e.Keyword + "” bestaat alleen uit woorden die de zoekfunctie overslaat, zoals „van” en „het”, en past dus op geen enkele zin."
}

// saveTermKeywords replaces a term's keywords (POST /beheer/termen/{id}/trefwoorden).
func (s *Server) saveTermKeywords(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	t, err := s.store.TermByID(r.Context(), id)
	if err != nil {
		return err
	}
	if !taggedFacet(t.Facet) {
		return catalog.ErrNotFound
	}
	typed := sheetform.CleanText(r.PostFormValue("trefwoorden"))
	err = s.store.SetTermKeywords(r.Context(), editorOf(r).ID, id, store.SplitKeywords(typed))
	var ke *store.KeywordError
	if !errors.As(err, &ke) {
		if err != nil {
			return err
		}
		return termNotices.redirect(w, r, termAdminURL(id), "trefwoorden")
	}
	p, err := s.termAdminProps(r, id)
	if err != nil {
		return err
	}
	p.Keywords, p.KeywordsErr = typed, keywordProblem(ke)
	p.Page.Title = "Fout: " + p.Page.Title
	return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.TermAdmin(p))
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
	if p.Tagged = taggedFacet(t.Facet); p.Tagged {
		kw, err := s.store.TermKeywords(r.Context(), t.ID)
		if err != nil {
			return templates.TermAdminProps{}, err
		}
		p.Keywords = strings.Join(kw, "\n")
		if p.KeywordMatches, p.KeywordExamples, err = s.store.KeywordMatches(r.Context(), t.Facet, kw, keywordExamples); err != nil {
			return templates.TermAdminProps{}, err
		}
	}
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
	label := sheetform.CleanLine(r.PostFormValue("naam"), 300)
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
			return termNotices.redirect(w, r, termAdminURL(id), "hernoemd")
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
			return termNotices.redirect(w, r, "/beheer/termen?facet="+string(source.Facet), "samengevoegd")
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
	return termNotices.redirect(w, r, "/beheer/termen?facet="+string(t.Facet), "aanvaard")
}
