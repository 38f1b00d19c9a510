package importer

import (
	"path"
	"regexp"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

var (
	fileTokenRe = regexp.MustCompile(`[_\-\s.+]+`)
	fileNoiseRe = regexp.MustCompile(`(?i)^(?:geknipt|bijgesneden|crop(?:ped)?|resized?|scaled|klein|groot|small|medium|large|thumb(?:nail)?|kopie|copy|final|def(?:initief)?|foto|img|image|photo|pic|web|min|v\d+|dsc\w*|\d+)$`)
)

const maxSlugLen = 80

// deriveTitle makes a title for a sheet without one and says where it came from.
func (p *parser) deriveTitle() (title, how string) {
	if p.sheet.Image != nil {
		if t := p.titleFromFileName(p.sheet.Image.File); t != "" {
			return t, "uit de bestandsnaam van de afbeelding"
		}
	}
	if t := titleFromSentences(p.sheet.Goals, p.sheet.TargetGroups); t != "" {
		return t, "uit doelen en doelgroep"
	}
	if cs := p.sheet.Terms[catalog.FacetCategory]; len(cs) > 0 {
		return catalog.UpperFirst(cs[0]), "uit de eerste categorie"
	}
	for _, s := range []string{p.sheet.Intro, p.firstProse} {
		if t := strings.TrimRight(firstWords(sentences(s, 1, 200), 8), ".!? "); hasLetterOrDigit(t) {
			return catalog.UpperFirst(t), "uit de eerste zin"
		}
	}
	return "Naamloze praktijk", "niets bruikbaars gevonden"
}

// titleFromFileName reads "Genk_Talentcoaches_Geentoestemming_Geknipt.png" as
// "Talentcoaches (Genk)": municipalities become the part in brackets (and are kept in
// p.filePlaces), consent and editing words are dropped. A name without separators is used only when it is a word of the text,
// since a glued name ("huisvanhetkindgeraardsbergen") cannot be split reliably.
func (p *parser) titleFromFileName(file string) string {
	base := strings.TrimSuffix(file, path.Ext(file))
	tokens := fileTokenRe.Split(strings.TrimSpace(base), -1)
	var words, places []string
	for i := 0; i < len(tokens); i++ {
		if n := p.placeTokens(tokens[i:]); n > 0 {
			name := strings.Join(tokens[i:i+n], "-")
			places = append(places, catalog.UpperFirst(name))
			if slug, ok := p.m.Match(name); ok {
				p.filePlaces = append(p.filePlaces, placeOfFile{name: catalog.UpperFirst(name), slug: slug})
			}
			i += n - 1
			continue
		}
		t := tokens[i]
		if t == "" || fileNoiseRe.MatchString(t) || strings.Contains(fold(t), "toestemming") || !hasLetterOrDigit(t) {
			continue
		}
		words = append(words, t)
	}
	if len(words) == 0 || len(tokens) == 1 && !p.isWordOfText(words[0]) {
		p.filePlaces = nil
		return ""
	}
	title := catalog.UpperFirst(strings.Join(words, " "))
	if len(places) > 0 {
		title += " (" + strings.Join(places, ", ") + ")"
	}
	return title
}

// placeTokens returns how many leading tokens (up to three, joined by hyphens) name a
// municipality, or zero.
func (p *parser) placeTokens(tokens []string) int {
	for n := min(3, len(tokens)); n > 0; n-- {
		if _, ok := p.m.Match(strings.Join(tokens[:n], "-")); ok && hasLetterOrDigit(tokens[0]) {
			return n
		}
	}
	return 0
}

func (p *parser) isWordOfText(w string) bool {
	w = fold(w)
	for _, s := range []string{p.sheet.Intro, p.sheet.Description, p.firstProse} {
		for _, f := range strings.FieldsFunc(fold(s), func(r rune) bool { return !isWordRune(r) }) {
			if f == w {
				return true
			}
		}
	}
	return false
}

// titleFromSentences builds "<short goal> voor <target group>", e.g. "Opvoedingsondersteuning voor
// anderstalige ouders met jonge kinderen", from the shortest goal of at most three words.
func titleFromSentences(goals, targetGroups []string) string {
	goal := ""
	for _, g := range goals {
		if n := wordCount(g); n <= 3 && (goal == "" || n < wordCount(goal)) {
			goal = g
		}
	}
	if goal == "" {
		return ""
	}
	title := catalog.UpperFirst(goal)
	if len(targetGroups) > 0 && wordCount(targetGroups[0]) <= 6 {
		title += " voor " + lowerFirst(targetGroups[0])
	}
	return title
}

// sheetSlug is the slug of the title, at most maxSlugLen long, falling back on the file name
// and then on "praktijk" so that it is never empty.
func sheetSlug(title, file string) string {
	for _, s := range []string{title, strings.TrimSuffix(file, path.Ext(file))} {
		if slug := capSlug(catalog.Slugify(s)); slug != "" {
			return slug
		}
	}
	return "praktijk"
}

func capSlug(s string) string {
	if len(s) <= maxSlugLen {
		return s
	}
	s = s[:maxSlugLen]
	if i := strings.LastIndexByte(s, '-'); i > maxSlugLen/2 {
		s = s[:i]
	}
	return strings.Trim(s, "-")
}
