package search

import "slices"

// QueryWord is a word of the query as the database stems it.
type QueryWord struct {
	Own  []string // the stem of the word itself
	Alts []string // the distinct stems of itself and of the catalogue words that contain it
	// A compound the catalogue does not know as a word, whose parts it knows: the stems of
	// its head and of its tail, and the two words.
	Split      [][]string
	SplitWords []string
}

// A query is matched as clauses, one per word or per phrase of the query that is a synonym:
// a sheet matches when it matches every clause, and a clause when it matches one of its
// alternatives: the word (its stems and those of the catalogue words containing it), a
// synonym of one word (its stem) or of several (the phrase, with word positions), or the two
// parts of a compound (both, anywhere in the sheet).
type Clause []Alternative

// Alternative is one way to match a clause.
type Alternative struct {
	All    [][]string // every part: any of its stems
	Phrase string     // or, when set, this phrase (a tsquery, see Query.Phrases)
	Split  bool       // the parts of a compound: sheets found only so rank below the others
}

// Synonym is a member of a synonym group: its stems in text order (a stop word has none)
// and, for a member of several words, the phrase query that finds it.
type Synonym struct {
	Group  int
	Stems  []string
	Phrase string   // tsquery text, "'sociaal' <-> 'huis'"; "" for one stem
	Words  []string // its words that are not stop words, folded, for highlighting
}

// Synonyms are the synonym groups of one catalogue version.
type Synonyms struct {
	groups  [][]Synonym
	byFirst map[string][]Synonym // by their first stem
}

// NewSynonyms groups members by their Group, numbered from 0; members without stems are
// left out.
func NewSynonyms(members []Synonym) *Synonyms {
	s := &Synonyms{byFirst: map[string][]Synonym{}}
	for _, m := range members {
		for len(s.groups) <= m.Group {
			s.groups = append(s.groups, nil)
		}
		if len(m.Stems) == 0 {
			continue
		}
		s.groups[m.Group] = append(s.groups[m.Group], m)
		s.byFirst[m.Stems[0]] = append(s.byFirst[m.Stems[0]], m)
	}
	return s
}

// Clauses turns the query's words into clauses, applying the synonyms (nil for none). It
// also returns the words of the synonyms and of the compounds' parts, for highlighting.
func (syn *Synonyms) Clauses(qws []QueryWord) (cs []Clause, extra []string) {
	for i := 0; i < len(qws); {
		var found []Synonym
		span := 0
		if syn != nil && len(qws[i].Own) > 0 {
			// The longest members that the query's words spell from here.
			for _, m := range syn.byFirst[qws[i].Own[0]] {
				switch n := spells(qws[i:], m.Stems); {
				case n > span:
					found, span = []Synonym{m}, n
				case n == span && n > 0:
					found = append(found, m)
				}
			}
		}
		if span == 0 {
			c := Clause{{All: [][]string{qws[i].Alts}}}
			if qws[i].Split != nil {
				c = append(c, Alternative{All: qws[i].Split, Split: true})
				extra = append(extra, qws[i].SplitWords...)
			}
			cs = append(cs, c)
			i++
			continue
		}
		var own Alternative
		for _, w := range qws[i : i+span] {
			own.All = append(own.All, w.Alts)
		}
		c := Clause{own}
		seen := map[int]bool{}
		for _, m := range found {
			if seen[m.Group] {
				continue
			}
			seen[m.Group] = true
			for _, o := range syn.groups[m.Group] {
				switch {
				case slices.Equal(o.Stems, m.Stems):
				case o.Phrase != "":
					c = append(c, Alternative{Phrase: o.Phrase})
				default:
					c = append(c, Alternative{All: [][]string{o.Stems}})
				}
				extra = append(extra, o.Words...)
			}
		}
		cs = append(cs, c)
		i += span
	}
	return cs, extra
}

// spells returns how many of the words qws, from the first, have exactly the stems in
// order, or 0 when they do not.
func spells(qws []QueryWord, stems []string) int {
	at := 0
	for n, w := range qws {
		for _, st := range w.Own {
			if at == len(stems) || stems[at] != st {
				return 0
			}
			at++
		}
		if at == len(stems) {
			return n + 1
		}
	}
	return 0
}
