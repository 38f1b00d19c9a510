package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// Destructive actions go through a confirmation page that says what will change: merging a
// term into another, taking a published sheet out of the catalogue, removing an account. The
// page is a GET (nothing changes); its form POSTs the action with bevestigd=ja. A POST without
// it is sent to the confirmation page first.

// confirmed reports whether the POSTed form is a confirmation page's.
func confirmed(r *http.Request) bool { return r.PostFormValue("bevestigd") == "ja" }

// sheetLink is how an editor's list names a sheet.
func sheetLink(ref store.SheetRef) templates.SheetLink {
	l := templates.SheetLink{Title: ref.Title, AdminURL: sheetAdminURL(ref.ID)}
	if ref.Status == catalog.StatusPublished {
		l.PublicURL = sheetURL(ref.Slug)
	} else {
		l.Status = sheetStatusLabel(ref.Status)
	}
	return l
}

// quoted is label between Dutch quotation marks.
func quoted(label string) string { return "„" + label + "”" }

func mergeConfirmURL(sourceID, targetID int64) string {
	return termAdminURL(sourceID) + "/samenvoegen?" + url.Values{"doel": {strconv.FormatInt(targetID, 10)}}.Encode()
}

// confirmMergeTerm is GET /beheer/termen/{id}/samenvoegen?doel=: what merging the term into
// doel changes, with the sheets that move.
func (s *Server) confirmMergeTerm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	source, err := s.store.TermByID(ctx, id)
	if err != nil {
		return err
	}
	if source.Facet == catalog.FacetMunicipality || source.MergedInto != 0 {
		return catalog.ErrNotFound
	}
	terms, err := s.store.TermsForCuration(ctx, source.Facet)
	if err != nil {
		return err
	}
	targetID, _ := strconv.ParseInt(r.URL.Query().Get("doel"), 10, 64)
	var src, target *store.TermUsage
	var mergedIn []string
	for i, t := range terms {
		switch {
		case t.ID == id:
			src = &terms[i]
		case t.ID == targetID && t.MergedInto == 0 && !t.Proposed:
			target = &terms[i]
		}
		if t.MergedInto == id {
			mergedIn = append(mergedIn, quoted(t.Label))
		}
	}
	if src == nil || target == nil {
		problem := "Deze termen kunnen niet samengevoegd worden: kies een andere, actieve term van dezelfde soort."
		if targetID == 0 {
			problem = "Kies de term waarin deze term opgaat."
		}
		p, err := s.termAdminProps(r, id)
		if err != nil {
			return err
		}
		p.MergeErr = problem
		p.Page.Title = "Fout: " + p.Page.Title
		for i := range p.Targets {
			p.Targets[i].Selected = targetID != 0 && p.Targets[i].Value == strconv.FormatInt(targetID, 10)
		}
		return s.renderPrivate(w, r, http.StatusUnprocessableEntity, templates.TermAdmin(p))
	}

	moving, err := s.store.SheetsWithTerm(ctx, source.ID)
	if err != nil {
		return err
	}
	already, err := s.store.SheetsWithTerm(ctx, target.ID)
	if err != nil {
		return err
	}
	hasTarget := map[int64]bool{}
	for _, sh := range already {
		hasTarget[sh.ID] = true
	}
	from, into := quoted(source.Label), quoted(target.Label)
	p := templates.ConfirmProps{
		Page:    s.beheerPage("Samenvoegen bevestigen: " + source.Label),
		Tab:     templates.TabTerms,
		Heading: from + " samenvoegen met " + into,
		Lead:    fmt.Sprintf("%s (%s) gaat op in %s. Kijk na wat er verandert voor je bevestigt.", from, source.Facet.Label(), into),
		Crumbs: []templates.Crumb{
			{Label: "Termen: " + source.Facet.Label(), URL: "/beheer/termen?facet=" + string(source.Facet)},
			{Label: source.Label, URL: termAdminURL(source.ID)},
		},
		Irreversible:  true,
		SheetsHeading: fmt.Sprintf("Fiches die van %s naar %s gaan (%d)", from, into, len(moving)),
		SheetsEmpty:   "Geen enkele fiche gebruikt " + from + ".",
		Action:        termAdminURL(source.ID) + "/samenvoegen",
		Hidden:        []templates.Hidden{{Name: "doel", Value: strconv.FormatInt(target.ID, 10)}},
		Button:        "Samenvoegen",
		CancelURL:     termAdminURL(source.ID),
	}
	both := 0
	for _, sh := range moving {
		l := sheetLink(sh)
		if hasTarget[sh.ID] {
			both++
			l.Note = "Heeft " + into + " al; houdt die term één keer."
		}
		p.Sheets = append(p.Sheets, l)
	}
	switch len(moving) {
	case 0:
		p.Changes = append(p.Changes, "Geen enkele fiche verandert: "+from+" staat op geen fiche.")
	case 1:
		c := "1 fiche krijgt voortaan " + into + " in plaats van " + from + "."
		if both > 0 {
			c = "1 fiche verliest " + from + "; ze had " + into + " al."
		}
		p.Changes = append(p.Changes, c, "De fiche krijgt geen nieuwe versie: ze toont gewoon de nieuwe term.")
	default:
		c := fmt.Sprintf("%d fiches krijgen voortaan %s in plaats van %s.", len(moving), into, from)
		if both > 0 {
			c += fmt.Sprintf(" Bij %d daarvan stond %s er al.", both, into)
		}
		p.Changes = append(p.Changes, c, "De fiches krijgen geen nieuwe versie: ze tonen gewoon de nieuwe term.")
	}
	p.Changes = append(p.Changes,
		fmt.Sprintf("%s verdwijnt uit de filters. Het adres %s leidt voortaan naar %s.", from, termURL(source.Facet, source.Slug), into))
	if len(mergedIn) > 0 {
		p.Changes = append(p.Changes, "Wat eerder in "+from+" opging ("+catalog.JoinNames(mergedIn)+"), leidt voortaan ook naar "+into+".")
	}
	if src.Submissions > 0 {
		p.Changes = append(p.Changes, fmt.Sprintf("%s in de wachtrij %s %s; bij goedkeuring krijgen ze %s.",
			countNoun(src.Submissions, "inzending", "inzendingen"),
			map[bool]string{true: "noemt", false: "noemen"}[src.Submissions == 1], from, into))
	}
	return s.render(w, r, templates.BeheerConfirm(p))
}

// needsConfirmation reports whether changing a sheet from status old to status to takes it out
// of the public catalogue.
func needsConfirmation(old, to catalog.Status) bool {
	return old == catalog.StatusPublished && to != catalog.StatusPublished
}

func statusConfirmURL(id int64, to catalog.Status) string {
	return sheetAdminURL(id) + "/status?" + url.Values{"status": {string(to)}}.Encode()
}

// confirmSheetStatus is GET /beheer/fiches/{id}/status?status=: what taking a published
// sheet out of the catalogue (archiving it, or taking it offline) changes. Any other change
// needs no confirmation: back to the sheet's page.
func (s *Server) confirmSheetStatus(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := beheerID(r, "id")
	if err != nil {
		return err
	}
	sh, err := s.store.SheetByID(ctx, id)
	if err != nil {
		return err
	}
	to := catalog.Status(r.URL.Query().Get("status"))
	if (to != catalog.StatusArchived && to != catalog.StatusUnpublished) || !needsConfirmation(sh.Status, to) {
		return seeOther(w, r, sheetAdminURL(id))
	}
	open, err := s.store.OpenChangesOf(ctx, id)
	if err != nil {
		return err
	}
	title := quoted(sh.Title)
	p := templates.ConfirmProps{
		Page: s.beheerPage("Bevestigen: " + sh.Title),
		Tab:  templates.TabSheets,
		Crumbs: []templates.Crumb{
			{Label: "Fiches", URL: "/beheer/fiches"},
			{Label: sh.Title, URL: sheetAdminURL(id)},
		},
		Action:    sheetAdminURL(id) + "/status",
		Hidden:    []templates.Hidden{{Name: "status", Value: string(to)}},
		CancelURL: sheetAdminURL(id),
	}
	if to == catalog.StatusArchived {
		p.Heading = title + " archiveren"
		p.Lead = "De fiche is niet meer actueel: ze gaat uit de databank, maar blijft bewaard. Je kan ze later opnieuw publiceren."
		p.Button = "Archiveren"
	} else {
		p.Heading = title + " offline halen"
		p.Lead = "De fiche gaat tijdelijk uit de databank; alleen redacteurs zien ze nog. Je kan ze later opnieuw publiceren."
		p.Button = "Offline halen"
	}
	p.Changes = []string{
		"De pagina " + sheetURL(sh.Slug) + " is niet meer te bereiken: bezoekers en zoekmachines krijgen „Pagina niet gevonden”. De geschiedenis van de fiche is ook niet meer publiek.",
		"Ze verdwijnt uit het zoeken, de filters, de startpagina, de feeds, de sitemap en de open data (API en CSV).",
	}
	if places := sheetMunicipalities(sh); len(places) > 0 {
		p.Changes = append(p.Changes, "Ze verdwijnt van de gemeentepagina van "+catalog.JoinNames(places)+".")
	}
	if open > 0 {
		p.Changes = append(p.Changes, fmt.Sprintf("%s voor deze fiche %s in de wachtrij; %s daar.",
			countNoun(open, "wijzigingsvoorstel", "wijzigingsvoorstellen"),
			map[bool]string{true: "wacht", false: "wachten"}[open == 1],
			map[bool]string{true: "het blijft", false: "ze blijven"}[open == 1]))
	}
	p.Changes = append(p.Changes, "De inhoud en alle versies blijven bewaard; er komt geen nieuwe versie bij.")
	return s.render(w, r, templates.BeheerConfirm(p))
}

// sheetMunicipalities are the municipalities a sheet names, as facet terms and in its
// variants, in order, each once.
func sheetMunicipalities(sh catalog.Sheet) []string {
	var out []string
	add := func(name string) {
		if name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	for _, m := range sh.Terms[catalog.FacetMunicipality] {
		add(m)
	}
	for _, v := range sh.Variants {
		for _, pl := range v.Places {
			if pl.TermSlug != "" {
				add(pl.Name)
			}
		}
	}
	return out
}

// confirmRemoveUser is GET /beheer/gebruikers/{id}/verwijderen: what removing the account
// changes.
func (s *Server) confirmRemoveUser(w http.ResponseWriter, r *http.Request) error {
	me, _ := userFrom(r.Context())
	id, err := adminIDParam(r, "id")
	if err != nil {
		return err
	}
	if id == me.ID {
		return errOwnAccount
	}
	a, err := s.store.AccountByID(r.Context(), id)
	if err != nil {
		return err
	}
	if !a.Active() {
		return catalog.ErrNotFound
	}
	actions, err := s.store.AuditLog(r.Context(), store.AuditQuery{UserID: id, PageSize: 1})
	if err != nil {
		return err
	}
	name := displayName(a.User)
	p := templates.ConfirmProps{
		Page:      s.adminPage("Account verwijderen"),
		Tab:       templates.TabUsers,
		Crumbs:    []templates.Crumb{{Label: "Gebruikers", URL: "/beheer/gebruikers"}},
		Heading:   "Account van " + name + " verwijderen",
		Lead:      fmt.Sprintf("%s (%s, rol: %s) kan zich daarna niet meer aanmelden.", name, a.Email, roleLabel(a.Role)),
		Action:    r.URL.Path,
		Button:    "Account verwijderen",
		CancelURL: "/beheer/gebruikers",
	}
	switch a.Sessions {
	case 0:
		p.Changes = append(p.Changes, name+" is nu niet aangemeld.")
	default:
		p.Changes = append(p.Changes, fmt.Sprintf("%s is nu aangemeld op %s; %s meteen.", name,
			countNoun(a.Sessions, "computer of telefoon", "computers of telefoons"),
			map[bool]string{true: "die sessie eindigt", false: "die sessies eindigen"}[a.Sessions == 1]))
	}
	if !a.LastSeen.IsZero() {
		p.Changes = append(p.Changes, "Laatst actief: "+templates.AdminDateTime(a.LastSeen)+".")
	}
	switch actions.Total {
	case 0:
		p.Changes = append(p.Changes, "Er staan nog geen acties van "+name+" in het auditlog.")
	case 1:
		p.Changes = append(p.Changes, "De ene actie van "+name+" blijft in het auditlog staan.")
	default:
		p.Changes = append(p.Changes, fmt.Sprintf("De %d acties van %s blijven in het auditlog staan; wat %s publiceerde, blijft gepubliceerd.",
			actions.Total, name, name))
	}
	p.Changes = append(p.Changes, "Je kan "+name+" later opnieuw uitnodigen met hetzelfde e-mailadres.")
	return s.renderPrivate(w, r, http.StatusOK, templates.BeheerConfirm(p))
}
