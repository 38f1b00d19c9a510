package web

import (
	"bufio"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// CSV export of a catalogue search: /praktijken.csv with the query string of /praktijken.

// csvListSeparator joins the items of a list in one cell (terms, variants, resources).
const csvListSeparator = " | "

// maxCSVRows bounds an export; the whole catalogue up to that size.
const maxCSVRows = 20000

// csvColumns are the header row, one column per field of a sheet.
var csvColumns = []string{
	"id", "slug", "url", "titel", "intro",
	"categorie", "doel", "doelgroep", "gemeente", "beleidsdomein", "doelen_tekst", "doelgroep_tekst",
	"beschrijving", "succesfactoren", "uitdagingen", "partners", "contact",
	"varianten_gemeenten", "varianten_nis", "varianten_tekst", "varianten_contact", "varianten_email", "varianten_meer_info",
	"materiaal", "secties",
	"versie", "aangemaakt", "gewijzigd", "gepubliceerd",
	"foto_alt", "foto_bron",
}

// csvCell neutralises a value that a spreadsheet would run as a formula: one that begins
// with = + - @ (or a tab or carriage return) gets a leading apostrophe.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportCSV is GET /praktijken.csv: every sheet the same catalogue search finds, in its
// order, one row per sheet, UTF-8 with a byte-order mark (so spreadsheets read the
// accents) and a header row.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := s.parseCatalogState(ctx, r.URL.Query())
	q := store.SearchQuery{Text: st.q, Filters: map[catalog.Facet][]int64{}, Sort: st.sort}
	for f, ts := range st.terms {
		for _, t := range ts {
			q.Filters[f] = append(q.Filters[f], t.ID)
		}
	}
	munis, err := s.municipalityIndex(ctx)
	if err != nil {
		return err
	}
	walk := &resultWalker{ctx: ctx, st: s.store, q: q, size: apiMaxLimit, pages: map[int]store.SearchResult{}}
	first, err := walk.page(1)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8; header=present")
	h.Set("Content-Disposition", `attachment; filename="praktijkbank-`+time.Now().Format("2006-01-02")+`.csv"`)
	h.Set("X-Total-Count", strconv.Itoa(first.Total))
	bw := bufio.NewWriterSize(w, 64<<10)
	_, _ = bw.WriteString("\uFEFF")
	cw := csv.NewWriter(bw)
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	rows := 0
	for n := 1; rows < maxCSVRows; n++ {
		res, err := walk.page(n)
		if err != nil {
			return err
		}
		delete(walk.pages, n)
		if len(res.Hits) == 0 {
			break
		}
		ids := make([]int64, len(res.Hits))
		for i, hit := range res.Hits {
			ids[i] = hit.ID
		}
		sheets, err := s.store.PublishedSheets(ctx, ids)
		if err != nil {
			return err
		}
		for _, sh := range sheets {
			if err := cw.Write(s.csvRow(sh, munis)); err != nil {
				return err
			}
			rows++
		}
		if n*apiMaxLimit >= res.Total {
			break
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// csvRow is sheet sh as a row of csvColumns.
func (s *Server) csvRow(sh catalog.Sheet, munis *municipalityIndex) []string {
	join := func(items []string) string { return strings.Join(items, csvListSeparator) }
	var places, nis, texts, contacts, emails, more []string
	for _, v := range sh.Variants {
		var names, codes, links []string
		for _, p := range v.Places {
			names = append(names, p.Name)
			if m, ok := munis.bySlug[p.TermSlug]; ok && p.TermSlug != "" {
				codes = append(codes, m.NIS)
			}
		}
		for _, l := range v.MoreInfo {
			links = append(links, strings.TrimSpace(l.Label+" "+l.URL))
		}
		places = append(places, strings.Join(names, ", "))
		nis = append(nis, strings.Join(codes, ", "))
		texts = append(texts, oneLine(v.Text))
		contacts = append(contacts, oneLine(v.Contact))
		emails = append(emails, v.Email)
		more = append(more, strings.Join(links, ", "))
	}
	var resources, sections []string
	for _, res := range sh.Resources {
		resources = append(resources, oneLine(strings.TrimSpace(res.Title+": "+res.Content+" "+res.MoreInfo)))
	}
	for _, sec := range sh.Sections {
		sections = append(sections, oneLine(sec.Heading+": "+sec.Body))
	}
	alt, credit := "", ""
	if sh.Image != nil && sh.Image.Consent {
		alt, credit = sh.Image.Alt, sh.Image.Credit
	}
	row := []string{
		strconv.FormatInt(sh.ID, 10), sh.Slug, s.absolute(sheetURL(sh.Slug)), sh.Title, sh.Intro,
		join(sh.Terms[catalog.FacetCategory]), join(sh.Terms[catalog.FacetGoal]), join(sh.Terms[catalog.FacetTargetGroup]),
		join(sh.Terms[catalog.FacetMunicipality]), join(sh.Terms[catalog.FacetPolicyDomain]),
		join(sh.Goals), join(sh.TargetGroups),
		sh.Description, sh.SuccessFactors, sh.Challenges, sh.Partners, sh.Contact,
		join(places), join(nis), join(texts), join(contacts), join(emails), join(more),
		join(resources), join(sections),
		strconv.Itoa(sh.Revision), sh.CreatedAt.UTC().Format(time.RFC3339), sh.UpdatedAt.UTC().Format(time.RFC3339),
		sh.PublishedAt.UTC().Format(time.RFC3339),
		alt, credit,
	}
	for i, v := range row {
		row[i] = csvCell(v)
	}
	return row
}

// oneLine folds the line breaks of a text that shares a cell with others into spaces, and
// the list separator into a slash, so the cell splits back into its items.
func oneLine(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), csvListSeparator, " / ")
}
