package sheetform

import (
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Validate checks the form and sets Errors (in page order). With complete, the form must be
// fit to send to the editors (required fields filled in); without, only what was typed is
// checked (lengths, addresses, links), as for a draft. isPlace reports whether a name is a
// known municipality; nil skips that check.
func (f *Form) Validate(complete bool, isPlace func(name string) bool) {
	v := validator{}
	if f.AskReason {
		if complete && blank(f.ChangeReason) {
			v.add(FieldChangeReason, "Schrijf kort waarom je deze wijziging voorstelt.")
		}
		v.max(FieldChangeReason, "De reden", f.ChangeReason, MaxIntro)
	}
	if complete && blank(f.Title) {
		v.add(FieldTitle, "Vul de titel van de praktijk in.")
	}
	v.max(FieldTitle, "De titel", f.Title, MaxTitle)
	if complete && blank(f.Intro) {
		v.add(FieldIntro, "Vul een korte inleiding in: wat is de praktijk, in één of twee zinnen?")
	}
	v.max(FieldIntro, "De inleiding", f.Intro, MaxIntro)
	if complete && len(f.Categories) == 0 {
		v.add(FieldCategory, "Kies minstens één categorie.")
	}
	v.sentences(FieldGoalText, "doelen", f.GoalText)
	v.sentences(FieldTargetGroupText, "doelgroepen", f.TargetGroupText)
	if complete && blank(f.Description) {
		v.add(FieldDescription, "Beschrijf de praktijk.")
	}
	v.max(FieldDescription, "De beschrijving", f.Description, MaxRichText)
	v.max(FieldSuccessFactors, "De succesfactoren", f.SuccessFactors, MaxRichText)
	v.max(FieldChallenges, "De uitdagingen", f.Challenges, MaxRichText)
	v.max(FieldPartners, "De partners", f.Partners, MaxRichText)

	places := 0
	for _, vr := range f.Variants {
		places += len(SplitPlaces(vr.Places))
	}
	if complete && !f.Change && places == 0 {
		v.add(GroupField(GroupVariant, 1, PartPlaces), "Vul minstens één gemeente in waar deze praktijk loopt.")
	}
	v.places(FieldOtherPlaces, f.OtherPlaces, isPlace)
	for i, vr := range f.Variants {
		n := i + 1
		field := GroupField(GroupVariant, n, PartPlaces)
		names := SplitPlaces(vr.Places)
		if complete && len(names) == 0 && !vr.Empty() {
			v.add(field, "Vul de gemeente van deze variant in.")
		}
		v.places(field, vr.Places, isPlace)
		v.max(GroupField(GroupVariant, n, PartText), "De tekst", vr.Text, MaxRichText)
		v.max(GroupField(GroupVariant, n, PartContact), "De naam van de contactpersoon", vr.ContactName, MaxShort)
		v.email(GroupField(GroupVariant, n, PartEmail), vr.Email)
		v.links(GroupField(GroupVariant, n, PartMoreInfo), vr.MoreInfo)
	}
	for i, r := range f.Resources {
		n := i + 1
		if complete && blank(r.Title) && !r.Empty() {
			v.add(GroupField(GroupResource, n, PartTitle), "Geef dit materiaal een titel.")
		}
		v.max(GroupField(GroupResource, n, PartTitle), "De titel", r.Title, MaxShort)
		v.max(GroupField(GroupResource, n, PartByWhom), "Dit veld", r.ByWhom, MaxLine)
		v.max(GroupField(GroupResource, n, PartForWhom), "Dit veld", r.ForWhom, MaxLine)
		v.max(GroupField(GroupResource, n, PartContent), "De inhoud", r.Content, MaxRichText)
		if !v.max(GroupField(GroupResource, n, PartLink), "Dit veld", r.Link, MaxLine*4) {
			v.links(GroupField(GroupResource, n, PartLink), r.Link)
		}
	}
	for i, s := range f.Sections {
		n := i + 1
		if complete && blank(s.Heading) && !s.Empty() {
			v.add(GroupField(GroupSection, n, PartHeading), "Geef deze sectie een titel.")
		}
		v.max(GroupField(GroupSection, n, PartHeading), "De titel", s.Heading, MaxTitle)
		v.max(GroupField(GroupSection, n, PartText), "De tekst", s.Body, MaxRichText)
	}
	v.max(FieldContact, "Het contact", f.Contact, MaxRichText)
	v.max(FieldNote, "Je opmerking", f.Note, MaxAnswer)

	if complete && blank(f.Name) {
		v.add(FieldName, "Vul je naam in.")
	}
	v.max(FieldName, "Je naam", f.Name, MaxShort)
	v.max(FieldOrganisation, "De naam van je organisatie", f.Organisation, MaxShort)
	if complete && blank(f.Email) {
		v.add(FieldEmail, "Vul je e-mailadres in. We sturen je een bevestiging met een link naar je inzending.")
	}
	v.email(FieldEmail, f.Email)

	if f.ImageError != "" {
		v.add(FieldImage, f.ImageError)
	}
	photo := f.HasUpload && !f.RemoveImage
	if complete && photo && blank(f.ImageAlt) {
		v.add(FieldImageAlt, "Beschrijf wat er op de foto te zien is, voor wie de foto niet kan zien.")
	}
	v.max(FieldImageAlt, "De beschrijving van de foto", f.ImageAlt, MaxLine)
	v.max(FieldImageCredit, "De naam van de fotograaf of bron", f.ImageCredit, MaxShort)
	if complete && photo && !f.ImageConsent {
		v.add(FieldImageConsent, "Bevestig dat je toestemming hebt om deze foto te publiceren, of verwijder de foto.")
	}
	f.Errors = v.errs
}

// Unfinished lists the fields that keep the form from being sent as it is (required and
// still empty, or with another problem), in page order. f itself is left as it is.
func (f Form) Unfinished() []string {
	f.Errors = nil
	f.Validate(true, nil)
	out := make([]string, 0, len(f.Errors))
	for _, e := range f.Errors {
		out = append(out, e.Field)
	}
	return out
}

type validator struct{ errs []FieldError }

func (v *validator) add(field, msg string) {
	for _, e := range v.errs {
		if e.Field == field {
			return // one message per field: the first found
		}
	}
	v.errs = append(v.errs, FieldError{Field: field, Message: msg})
}

// max adds a message when s is longer than n characters and reports whether it did.
func (v *validator) max(field, what, s string, n int) bool {
	if c := utf8.RuneCountInString(s); c > n {
		v.add(field, what+" is te lang: hoogstens "+thousands(n)+" tekens, nu "+thousands(c)+".")
		return true
	}
	return false
}

// places checks a list of municipality names as typed: its length and, with isPlace, that
// every name is a municipality.
func (v *validator) places(field, s string, isPlace func(name string) bool) {
	if v.max(field, "De lijst van gemeenten", s, MaxLine) || isPlace == nil {
		return
	}
	var unknown []string
	for _, name := range SplitPlaces(s) {
		if !isPlace(name) {
			unknown = append(unknown, "“"+name+"”")
		}
	}
	if len(unknown) > 0 {
		v.add(field, "We kennen geen gemeente "+catalog.JoinNames(unknown)+". Kies een gemeente uit de lijst.")
	}
}

func (v *validator) email(field, s string) {
	s = strings.TrimSpace(s)
	if s == "" || v.max(field, "Het e-mailadres", s, MaxEmail) {
		return
	}
	if !ValidEmail(s) {
		v.add(field, "Dit is geen geldig e-mailadres. Schrijf het zoals naam@gemeente.be.")
	}
}

func (v *validator) links(field, s string) {
	if v.max(field, "Dit veld", s, MaxLine*4) {
		return
	}
	if _, bad := ParseLinks(s); len(bad) > 0 {
		v.add(field, "Dit is geen geldig webadres: “"+bad[0]+"”. Begin een link met https://")
	}
}

// sentences checks a list of goals or target groups typed one per line.
func (v *validator) sentences(field, what, s string) {
	lines := Lines(s)
	if len(lines) > MaxSentences {
		v.add(field, "Schrijf hoogstens "+strconv.Itoa(MaxSentences)+" "+what+", één per regel; nu "+strconv.Itoa(len(lines))+".")
		return
	}
	for _, l := range lines {
		if utf8.RuneCountInString(l) > MaxLine {
			v.add(field, "Elke regel mag hoogstens "+thousands(MaxLine)+" tekens tellen; begin een nieuwe regel voor een volgend punt.")
			return
		}
	}
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// Lines returns the non-empty lines of s, trimmed.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var placeSep = regexp.MustCompile(`(?i)\s*(?:[,;\n]|\s(?:en|&)\s)\s*`)

// SplitPlaces splits a list of municipality names as typed: "Balen, Dessel, Mol en Retie".
func SplitPlaces(s string) []string {
	var out []string
	for _, p := range placeSep.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ValidEmail reports whether s is a plain e-mail address (name@domain.tld).
func ValidEmail(s string) bool {
	if len(s) > MaxEmail || strings.ContainsAny(s, " \t\r\n<>()[]\\,;:\"'`") {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || strings.Count(s, "@") != 1 {
		return false
	}
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.Contains(domain, "..") || strings.HasPrefix(domain, "-") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// ValidWebURL reports whether s is an absolute http or https URL with a host.
func ValidWebURL(s string) bool {
	if strings.ContainsAny(s, " \t\r\n<>\"`") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return false
	}
	h := u.Hostname()
	return h != "" && (strings.Contains(h, ".") || h == "localhost")
}

var (
	webURL     = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"]+`)
	schemeLike = regexp.MustCompile(`(?i)^(?:www\.|[a-z][a-z0-9+.-]*://)`)
)

// ParseLinks reads links typed one per line: a web address, or a description with a web
// address ("Folder: https://…"), or a description only. bad holds the lines that look like a
// web address but are not a valid http(s) one.
func ParseLinks(s string) (links []catalog.Link, bad []string) {
	for _, line := range Lines(s) {
		loc := webURL.FindStringIndex(line)
		if loc == nil {
			if schemeLike.MatchString(line) {
				bad = append(bad, line)
			}
			links = append(links, catalog.Link{Label: line})
			continue
		}
		u := strings.TrimRight(line[loc[0]:loc[1]], ".,;:!?)")
		before := strings.TrimRight(line[:loc[0]], " \t:;,-–—|(")
		after := strings.TrimLeft(line[loc[0]+len(u):], " \t:;,.!?-–—|)")
		label := strings.Join(strings.Fields(before+" "+after), " ")
		if !ValidWebURL(u) {
			bad = append(bad, line)
			links = append(links, catalog.Link{Label: line})
			continue
		}
		if label == "" {
			label = u
		}
		links = append(links, catalog.Link{Label: label, URL: u})
	}
	return links, bad
}

// FormatLinks writes links the way ParseLinks reads them.
func FormatLinks(links []catalog.Link) string {
	lines := make([]string, 0, len(links))
	for _, l := range links {
		switch {
		case l.URL == "":
			lines = append(lines, l.Label)
		case l.Label == "" || l.Label == l.URL:
			lines = append(lines, l.URL)
		default:
			lines = append(lines, l.Label+": "+l.URL)
		}
	}
	return strings.Join(lines, "\n")
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	return thousands(n/1000) + "." + s[len(s)-3:]
}

// Thousands writes n the Dutch way, with a dot between thousands: 5.000.
func Thousands(n int) string { return thousands(n) }

// AnswerProblem says what is wrong with an answer to the editors' question, or "". An empty
// answer is a problem only when required (the person pressed "Verstuur je antwoord").
func AnswerProblem(answer string, required bool) string {
	switch n := utf8.RuneCountInString(answer); {
	case n == 0 && required:
		return "Typ je antwoord voor de redactie."
	case n > MaxAnswer:
		return "Je antwoord is te lang: hoogstens " + thousands(MaxAnswer) + " tekens, nu " + thousands(n) + ". Kort het wat in."
	}
	return ""
}
