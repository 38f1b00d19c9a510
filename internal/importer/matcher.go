package importer

import (
	"github.com/praktijkbank/praktijkbank/internal/catalog"

	"strings"
	"unicode"

	"github.com/praktijkbank/praktijkbank/internal/refdata"
)

// Matcher resolves a municipality name as written in a source document ("Borgloon",
// "sint-niklaas", "Anvers") to the slug of the current municipality term. ok is false when the
// name is not a municipality the Matcher knows.
type Matcher interface {
	Match(name string) (slug string, ok bool)
}

// MunicipalityMatcher is the Matcher over the municipality reference list. It compares names
// case- and accent-insensitively, treats any hyphen and a space alike, ignores a leading "Stad"
// or "Gemeente", reads "St." as "Sint", and knows Dutch and French names and the former
// municipalities of the 2025 mergers (a former name leads to its successor). It is safe for
// concurrent use.
type MunicipalityMatcher struct {
	slugs map[string]string // match key -> slug of the current municipality
}

// NewMunicipalityMatcher indexes ms, normally refdata.Municipalities(). Current municipalities'
// Dutch names win over French names, which win over former municipalities' names, when two
// would share a key. Rows whose successor is not in ms are ignored.
func NewMunicipalityMatcher(ms []refdata.Municipality) *MunicipalityMatcher {
	current := map[string]refdata.Municipality{}
	for _, m := range ms {
		if m.Current() {
			if m.Slug == "" {
				m.Slug = catalog.Slugify(m.NameNL)
			}
			current[m.NIS] = m
		}
	}
	mm := &MunicipalityMatcher{slugs: map[string]string{}}
	add := func(name, slug string) {
		if k := matchKey(name); k != "" && slug != "" {
			if _, taken := mm.slugs[k]; !taken {
				mm.slugs[k] = slug
			}
		}
	}
	successor := func(m refdata.Municipality) (refdata.Municipality, bool) {
		if m.Current() {
			return current[m.NIS], true
		}
		s, ok := current[m.MergedInto]
		return s, ok
	}
	for _, former := range []bool{false, true} {
		for _, french := range []bool{false, true} {
			for _, m := range ms {
				succ, ok := successor(m)
				if !ok || m.Current() == former {
					continue
				}
				name := m.NameNL
				if french {
					name = m.NameFR
				}
				add(name, succ.Slug)
			}
		}
	}
	return mm
}

// Match implements Matcher.
func (mm *MunicipalityMatcher) Match(name string) (string, bool) {
	s, ok := mm.slugs[matchKey(name)]
	return s, ok
}

func matchKey(name string) string {
	k := fold(name)
	k = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Pd, r), r == '_', r == '/':
			return ' '
		case r == '\'', r == '"', r == '(', r == ')':
			return -1
		}
		return r
	}, k)
	k = strings.Trim(collapseSpace(k), ".,;:!? ")
	for _, p := range []string{"stad van ", "gemeente van ", "stad ", "gemeente "} {
		k = strings.TrimPrefix(k, p)
	}
	for _, p := range []string{"st. ", "st ", "st."} {
		if strings.HasPrefix(k, p) {
			k = "sint " + strings.TrimSpace(k[len(p):])
			break
		}
	}
	return k
}

// noMatcher matches nothing; Parse uses it when given a nil Matcher.
type noMatcher struct{}

func (noMatcher) Match(string) (string, bool) { return "", false }
