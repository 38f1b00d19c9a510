package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

const adminPageSize = 50

// auditActions are the Dutch labels of the actions the store records.
var auditActions = map[string]string{
	"login":               "Aangemeld",
	"logout":              "Afgemeld",
	"logout_everywhere":   "Overal afgemeld",
	"invite":              "Uitgenodigd",
	"accept":              "Aanvaard",
	"accept/user":         "Uitnodiging aanvaard",
	"create":              "Aangemaakt",
	"reset":               "Wachtwoord opnieuw ingesteld",
	"reset_requested":     "Nieuw wachtwoord aangevraagd",
	"password_reset":      "Nieuw wachtwoord gekozen via mail",
	"remove":              "Verwijderd",
	"retry":               "Opnieuw verzenden",
	"approve":             "Goedgekeurd",
	"reject":              "Afgewezen",
	"question":            "Vraag gesteld",
	"edit":                "Bewerkt",
	"update":              "Gewijzigd",
	"delete":              "Verwijderd",
	"publish":             "Gepubliceerd",
	"unpublish":           "Offline gehaald",
	"merge":               "Samengevoegd",
	"rename":              "Hernoemd",
	"reviewed":            "Nagekeken",
	"archive":             "Gearchiveerd",
	"open/submission":     "Private link van een inzending gebruikt",
	"open/invitation":     "Uitnodigingslink gebruikt",
	"open/password_reset": "Link voor een nieuw wachtwoord gebruikt",
}

// auditActionLabel is the Dutch label of an entry's action, or the action itself.
func auditActionLabel(e store.AuditEntry) string {
	if l, ok := auditActions[e.Action+"/"+e.ObjectType]; ok {
		return l
	}
	if l, ok := auditActions[e.Action]; ok {
		return l
	}
	return e.Action
}

// auditDetailKeys are the Dutch names of common detail keys.
var auditDetailKeys = map[string]string{
	"role": "rol", "sessions": "sessies", "invited_by": "uitgenodigd door (id)", "recipient": "ontvanger",
	"from": "van", "to": "naar",
	"reason": "reden", "title": "titel", "kind": "soort", "version": "versie", "email": "e-mailadres",
	"sessions_ended": "beëindigde sessies", "client": "IP-adres", "method": "verzoek", "words": "woorden", "keywords": "trefwoorden", "label": "naam",
}

// auditObject is the label of an entry's object and the admin page that shows it, if any.
func auditObject(e store.AuditEntry) (label, link string) {
	id := strconv.FormatInt(e.ObjectID, 10)
	email, _ := e.Detail["email"].(string)
	switch e.ObjectType {
	case "user":
		label = "Gebruiker " + id
		if email != "" {
			label = "Gebruiker " + email
		}
		return label, "/beheer/gebruikers#" + userAnchor(e.ObjectID)
	case "invitation":
		return "Uitnodiging " + email, "/beheer/gebruikers"
	case "mail":
		return "Mail " + id, "/beheer/mail/" + id
	case "submission":
		return "Inzending " + id, "/beheer/inzendingen/" + id
	case "reason_template":
		return "Standaardtekst " + id, "/beheer/redenen/" + id
	case "sheet":
		return "Fiche " + id, "/beheer/fiches/" + id
	case "term":
		return "Term " + id, "/beheer/termen/" + id
	case "synonyms":
		return "Synoniemen " + id, "/beheer/zoeken"
	case "password_reset":
		return "Nieuw wachtwoord voor " + email, "/beheer/gebruikers"
	}
	if e.ObjectID != 0 {
		return e.ObjectType + " " + id, ""
	}
	return e.ObjectType, ""
}

// auditDetail renders an entry's detail as "key: value" pairs in key order, leaving out what
// the object column shows already.
func auditDetail(e store.AuditEntry) string {
	keys := make([]string, 0, len(e.Detail))
	for k := range e.Detail {
		if k == "email" && (e.ObjectType == "user" || e.ObjectType == "invitation" || e.ObjectType == "password_reset") {
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := e.Detail[k]
		if k == "role" {
			v = roleLabel(catalog.Role(fmt.Sprint(v)))
		}
		label := k
		if l, ok := auditDetailKeys[k]; ok {
			label = l
		}
		parts = append(parts, label+": "+fmt.Sprint(v))
	}
	return strings.Join(parts, ", ")
}

// showAudit is GET /beheer/audit?pagina=N&gebruiker=ID.
func (s *Server) showAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page := adminPageParam(q)
	userID, _ := strconv.ParseInt(q.Get("gebruiker"), 10, 64)
	log, err := s.store.AuditLog(r.Context(), store.AuditQuery{Page: page, PageSize: adminPageSize, UserID: max(userID, 0)})
	if err != nil {
		return err
	}
	p := templates.AdminAuditProps{Page: s.adminPage("Auditlog"), Total: log.Total, ClearURL: "/beheer/audit"}
	base := url.Values{}
	if userID > 0 {
		base.Set("gebruiker", strconv.FormatInt(userID, 10))
		a, err := s.store.AccountByID(r.Context(), userID)
		if err != nil {
			return err
		}
		p.FilterName = displayName(a.User)
	}
	for _, e := range log.Entries {
		row := templates.AdminAuditRow{At: e.At, Who: e.UserName, What: auditActionLabel(e), Detail: auditDetail(e)}
		if e.UserID == 0 {
			row.Who = "Systeem (opdrachtregel)"
		} else {
			row.WhoURL = userAuditURL(e.UserID)
		}
		row.Object, row.ObjectURL = auditObject(e)
		p.Entries = append(p.Entries, row)
	}
	p.Pages, p.Prev, p.Next = adminPagination("/beheer/audit", base, page, log.Total)
	return s.renderPrivate(w, r, http.StatusOK, templates.AdminAudit(p))
}

// adminPageParam reads ?pagina=, 1 when absent or invalid.
func adminPageParam(q url.Values) int {
	n, err := strconv.Atoi(q.Get("pagina"))
	if err != nil || n < 1 || n > 100000 {
		return 1
	}
	return n
}

// adminPagination links the pages of a list of total items on path with the query base:
// the first, the last and two either side of the current one, with gaps between.
func adminPagination(path string, base url.Values, current, total int) (pages []templates.PageLink, prev, next string) {
	last := max(1, (total+adminPageSize-1)/adminPageSize)
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		if n > 1 {
			v.Set("pagina", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	gap := false
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= current-2 && n <= current+2) {
			pages = append(pages, templates.PageLink{Number: n, URL: link(n), Current: n == current})
			gap = false
		} else if !gap {
			pages = append(pages, templates.PageLink{Gap: true})
			gap = true
		}
	}
	if current > 1 {
		prev = link(min(current-1, last))
	}
	if current < last {
		next = link(current + 1)
	}
	return pages, prev, next
}
