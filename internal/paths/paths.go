// Package paths builds the site's URLs (paths with their query) for handlers and templates
// alike: every path segment taken from data is escaped here, so that no caller concatenates.
package paths

import (
	"net/url"
	"strconv"
)

// Sheet is the public page of the sheet with slug.
func Sheet(slug string) string { return "/praktijken/" + url.PathEscape(slug) }

// History is the public history of the sheet with slug.
func History(slug string) string { return Sheet(slug) + "/geschiedenis" }

// Report is the form to report a problem with the sheet with slug.
func Report(slug string) string { return Sheet(slug) + "/probleem" }

// ContactChange is the short form to correct the contact details of the sheet with slug.
func ContactChange(slug string) string { return Sheet(slug) + "/contact" }

// Revision is revision n of the sheet with slug.
func Revision(slug string, n int) string { return Sheet(slug) + "/versies/" + strconv.Itoa(n) }

// Compare is the comparison of revisions from and to of the sheet with slug.
func Compare(slug string, from, to int) string {
	return History(slug) + "?van=" + strconv.Itoa(from) + "&naar=" + strconv.Itoa(to)
}

// Term is the catalogue filtered on the term with slug in facet (a facet's URL word).
func Term(facet, slug string) string { return "/praktijken?" + url.Values{facet: {slug}}.Encode() }

// Municipality is the page of the municipality with slug.
func Municipality(slug string) string { return "/gemeenten/" + url.PathEscape(slug) }

// Province is the index of the municipalities of one province, by the slug of its name.
func Province(slug string) string { return "/gemeenten?" + url.Values{"provincie": {slug}}.Encode() }

// MunicipalityFeed is the Atom feed of the municipality with slug.
func MunicipalityFeed(slug string) string { return Municipality(slug) + "/feed.atom" }

// Submission is the private page of the submission with token.
func Submission(token string) string { return "/indiening/" + url.PathEscape(token) }

// Review is the editors' review of submission id.
func Review(id int64) string { return "/beheer/inzendingen/" + strconv.FormatInt(id, 10) }

// SheetAdmin is the editors' page of sheet id.
func SheetAdmin(id int64) string { return "/beheer/fiches/" + strconv.FormatInt(id, 10) }

// TermAdmin is the editors' page of term id.
func TermAdmin(id int64) string { return "/beheer/termen/" + strconv.FormatInt(id, 10) }

// Reason is the editors' page of rejection reason id.
func Reason(id int64) string { return "/beheer/redenen/" + strconv.FormatInt(id, 10) }

// Mail is the admins' page of outgoing mail id.
func Mail(id int64) string { return "/beheer/mail/" + strconv.FormatInt(id, 10) }

// UserAudit is the audit log filtered on user id.
func UserAudit(id int64) string { return "/beheer/audit?gebruiker=" + strconv.FormatInt(id, 10) }
