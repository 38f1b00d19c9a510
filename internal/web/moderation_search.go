package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// The search page of the editors (/beheer/zoeken): synonym groups, added and deleted, and
// what visitors search (searchcounts.go).

// searchStatsRows is how many queries each list of the statistics shows.
const searchStatsRows = 25

// showSearchAdmin is /beheer/zoeken; ?synoniem= fills in the form to add a group.
func (s *Server) showSearchAdmin(w http.ResponseWriter, r *http.Request) error {
	p, err := s.searchAdminProps(r)
	if err != nil {
		return err
	}
	p.Notice = searchNotices.of(r)
	if q := sheetform.CleanLine(r.URL.Query().Get("synoniem"), store.MaxSynonymLength); q != "" {
		p.Words = q + ", "
	}
	return s.render(w, r, templates.SearchAdmin(p))
}

func (s *Server) searchAdminProps(r *http.Request) (templates.SearchAdminProps, error) {
	groups, err := s.store.Synonyms(r.Context())
	if err != nil {
		return templates.SearchAdminProps{}, err
	}
	p := templates.SearchAdminProps{Page: s.beheerPage("Zoeken"), Days: store.SearchStatsDays}
	for _, g := range groups {
		p.Synonyms = append(p.Synonyms, templates.SynonymRow{Text: strings.Join(g.Words, " = "),
			DeleteURL: "/beheer/zoeken/synoniemen/" + strconv.FormatInt(g.ID, 10) + "/verwijderen"})
	}
	today, _ := time.Parse(time.DateOnly, s.searches.today())
	top, none, err := s.store.SearchStats(r.Context(), today, searchStatsRows)
	if err != nil {
		return p, err
	}
	row := func(q store.QueryStat) templates.QueryStatRow {
		return templates.QueryStatRow{Query: q.Query, Searches: q.Searches, Results: q.Results,
			SearchURL:  catalogState{q: q.Query}.url(),
			SynonymURL: "/beheer/zoeken?" + url.Values{"synoniem": {q.Query}}.Encode() + "#synoniem-nieuw"}
	}
	for _, q := range top {
		p.Top = append(p.Top, row(q))
	}
	for _, q := range none {
		p.Empty = append(p.Empty, row(q))
	}
	return p, nil
}

// addSynonyms adds a group (POST /beheer/zoeken/synoniemen).
func (s *Server) addSynonyms(w http.ResponseWriter, r *http.Request) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	typed := sheetform.CleanText(r.PostFormValue("woorden"))
	_, err := s.store.AddSynonyms(r.Context(), editorOf(r).ID, store.SplitSynonyms(typed))
	var se *store.SynonymError
	if !errors.As(err, &se) {
		if err != nil {
			return err
		}
		return searchNotices.redirect(w, r, "/beheer/zoeken", "toegevoegd")
	}
	p, err := s.searchAdminProps(r)
	if err != nil {
		return err
	}
	p.Words, p.WordsErr = typed, synonymProblem(se)
	p.Page.Title = "Fout: " + p.Page.Title
	return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.SearchAdmin(p))
}

// synonymProblem says in Dutch what is wrong with a group.
func synonymProblem(e *store.SynonymError) string {
	word := "„" + e.Word + "”"
	switch e.Reason {
	case store.SynonymTooMany:
		return "Hoogstens " + strconv.Itoa(store.MaxSynonymWords) + " woorden in één groep."
	case store.SynonymTooLong:
		return word + " is te lang: hou elk woord bij " + strconv.Itoa(store.MaxSynonymLength) + " tekens."
	case store.SynonymNoWord:
		return word + " bevat geen letters of cijfers."
	case store.SynonymOnlyStopWords:
		return word + " bestaat alleen uit woorden die de zoekfunctie overslaat, zoals „van” en „het”."
	case store.SynonymTaken:
		return word + " staat al in de groep „" + strings.Join(e.Group, " = ") + "”. Verwijder die groep en voeg een nieuwe toe met alle woorden."
	}
	return "Geef minstens twee verschillende woorden, gescheiden door komma's."
}

// deleteSynonyms deletes a group (POST /beheer/zoeken/synoniemen/{id}/verwijderen).
func (s *Server) deleteSynonyms(w http.ResponseWriter, r *http.Request) error {
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	err = s.store.DeleteSynonyms(r.Context(), editorOf(r).ID, id)
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		return searchNotices.redirect(w, r, "/beheer/zoeken", "onbestaande")
	case err != nil:
		return err
	}
	return searchNotices.redirect(w, r, "/beheer/zoeken", "verwijderd")
}
