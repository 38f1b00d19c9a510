package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/praktijkbank/praktijkbank/templates"
)

// Notices: what a page says after an action that ended in a 303 to it ("De fiche is bewaard").
// The redirect names the notice by a key from the table below and nothing else; the page looks
// the key up in its own board and shows the Dutch text the table holds. A key the page does not
// know shows nothing, so no link can make a page say something of its own, and no address or
// name travels in a URL (a notice that names someone takes the name from the database, by id).
//
// Every page reads the one query parameter noticeParam: "?melding=bewaard".

// noticeParam is the query parameter that names a notice, on every page.
const noticeParam = "melding"

// noticeBoard is the notices one page can show, by key.
type noticeBoard struct {
	texts map[string]templates.Notice
}

// Keys whose notice the handler completes (a link, a name from the database).
const (
	noticePublished   = "gepubliceerd"
	noticeRejected    = "afgewezen"
	noticeAsked       = "vraag"
	noticeEdited      = "bewerkt"
	noticeConflict    = "conflict"
	noticeInvited     = "uitgenodigd"
	noticeUserRemoved = "verwijderd"

	noticeSignedOut           = "afgemeld"
	noticeSignedOutEverywhere = "overal-afgemeld"
	noticeNewPassword         = "nieuw-wachtwoord"
)

// Keys of a submission's private page.
const (
	flashSent     = "verstuurd"
	flashDraft    = "klad"
	flashSaved    = "bewaard"
	flashAnswered = "beantwoord"
	flashConflict = "conflict"
	flashHandled  = "behandeld" // a conflict after an editor handled the submission
)

// msgConflict is what an editor sees who acted on a submission another editor handled first.
const msgConflict = "Een andere redacteur heeft deze inzending intussen behandeld. Hieronder zie je hoe ze er nu voor staat."

// The table: every notice of every page.
var (
	// /aanmelden, signed out.
	loginNotices = noticeBoard{texts: map[string]templates.Notice{
		noticeSignedOut:           {Text: "Je bent afgemeld."},
		noticeSignedOutEverywhere: {Text: "Je bent overal afgemeld."},
	}}
	// /aanmelden, signed in (the account).
	accountNotices = noticeBoard{texts: map[string]templates.Notice{
		noticeNewPassword: {Text: "Je nieuwe wachtwoord is opgeslagen. Op elke andere computer of telefoon ben je afgemeld."},
	}}
	// /indiening/{token}. The confirmations of a sent submission and of a draft get the
	// stored address of the submitter added by the handler.
	submissionNotices = noticeBoard{texts: map[string]templates.Notice{
		flashSent:     {Text: "Bedankt! Je inzending is verstuurd naar de redactie."},
		flashDraft:    {Text: "Je klad is bewaard."},
		flashSaved:    {Text: "Je wijzigingen zijn bewaard. De redactie ziet meteen de nieuwe versie."},
		flashAnswered: {Text: "Je antwoord is verstuurd naar de redactie, samen met je inzending zoals ze nu is."},
		flashConflict: {Alert: true, Text: "Je inzending werd intussen, misschien in een ander venster, verstuurd of aangepast. " +
			"Wat je net verstuurde, is niet bewaard: kijk hieronder na wat er nu bewaard is."},
		flashHandled: {Alert: true, Text: "De redactie heeft je inzending intussen behandeld, daarom kan ze niet meer aangepast worden."},
	}}
	// /beheer/inzendingen/{id}.
	reviewNotices = noticeBoard{texts: map[string]templates.Notice{
		noticePublished: {Text: "De inzending is gepubliceerd. De indiener krijgt een mail met de link."},
		noticeRejected:  {Text: "De inzending is afgewezen. De indiener krijgt een mail met de reden."},
		noticeAsked: {Text: "Je vraag is verstuurd. De inzending blijft in de wachtrij tot de indiener antwoordt.",
			LinkText: "Terug naar de wachtrij", LinkURL: "/beheer"},
		noticeEdited:   {Text: "Je aanpassingen aan de inzending zijn bewaard."},
		noticeConflict: {Text: msgConflict, Alert: true},
	}}
	// /beheer/fiches/{id}.
	sheetNotices = noticeBoard{texts: map[string]templates.Notice{
		"bewaard":      {Text: "De fiche is bewaard als nieuwe versie."},
		"ongewijzigd":  {Text: "Er was niets gewijzigd: de fiche blijft zoals ze was, zonder nieuwe versie."},
		"status":       {Text: "De status van de fiche is gewijzigd."},
		"nagekeken":    {Text: "De fiche is als nagekeken gemarkeerd."},
		"adres":        {Text: "Het adres van de fiche is gewijzigd. Het oude adres leidt voortaan naar het nieuwe."},
		"contact":      {Text: "Het contact is bewaard als nieuwe versie van de fiche."},
		noticeConflict: {Text: "Iemand anders heeft de fiche intussen gewijzigd. Hieronder zie je de nieuwste versie; doe je aanpassing opnieuw.", Alert: true},
	}}
	// /beheer/termen and a term's page.
	termNotices = noticeBoard{texts: map[string]templates.Notice{
		"hernoemd":     {Text: "De term is hernoemd. Zijn adres blijft hetzelfde."},
		"samengevoegd": {Text: "De termen zijn samengevoegd. Alle fiches volgen."},
		"aanvaard":     {Text: "De term is aanvaard en staat nu in de filters van de databank."},
		"toegevoegd":   {Text: "De term is toegevoegd. Hij staat in de filters zodra een fiche hem heeft."},
		"trefwoorden":  {Text: "De trefwoorden zijn bewaard. Ze gelden voor fiches en inzendingen die vanaf nu getagd worden."},
	}}
	// /beheer/zoeken.
	searchNotices = noticeBoard{texts: map[string]templates.Notice{
		"toegevoegd":  {Text: "De synoniemen zijn toegevoegd. Ze gelden meteen voor elke zoekopdracht."},
		"verwijderd":  {Text: "De groep synoniemen is verwijderd."},
		"onbestaande": {Text: "Die groep synoniemen bestaat niet meer.", Alert: true},
	}}
	// /beheer/redenen.
	reasonNotices = noticeBoard{texts: map[string]templates.Notice{
		"opgeslagen": {Text: "De standaardtekst is bewaard."},
		"verwijderd": {Text: "De standaardtekst is verwijderd."},
	}}
	// /beheer/gebruikers. The handler names the invited address or the removed account, read
	// from the database by the id the redirect carries beside the key.
	userNotices = noticeBoard{texts: map[string]templates.Notice{
		noticeInvited:     {Text: "De uitnodiging is verstuurd."},
		noticeUserRemoved: {Text: "Het account is verwijderd."},
	}}
)

// of returns the notice the request's URL asks for, a copy the handler may complete, or nil
// when it names none the board knows.
func (b noticeBoard) of(r *http.Request) *templates.Notice {
	n, ok := b.texts[r.URL.Query().Get(noticeParam)]
	if !ok {
		return nil
	}
	return &n
}

// key returns the board's key the request's URL names, or "" when it names none the board knows.
func (b noticeBoard) key(r *http.Request) string {
	k := r.URL.Query().Get(noticeParam)
	if _, ok := b.texts[k]; !ok {
		return ""
	}
	return k
}

// url returns path (which may carry a query already) asking for the notice key, with extra
// parameters (ids, never text typed by someone) after it. A key the board does not know is left
// out: the page then says nothing.
func (b noticeBoard) url(path, key string, extra ...string) string {
	if _, ok := b.texts[key]; !ok {
		return path
	}
	q := url.Values{noticeParam: {key}}.Encode()
	for i := 0; i+1 < len(extra); i += 2 {
		q += "&" + url.Values{extra[i]: {extra[i+1]}}.Encode()
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + q
}

// redirect ends a successful POST: a 303 to path asking for the notice key.
func (b noticeBoard) redirect(w http.ResponseWriter, r *http.Request, path, key string, extra ...string) error {
	http.Redirect(w, r, b.url(path, key, extra...), http.StatusSeeOther)
	return nil
}
