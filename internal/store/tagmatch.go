package store

import "slices"

// Which term a sentence gets is decided on its words, as PostgreSQL's dutch_unaccent
// configuration reads them (ts_debug): each word with its stem, stop words as positions
// without a stem. A keyword matches where its stems stand in the sentence in the same order
// (a stop word of the keyword matches any word, as phraseto_tsquery has it). Then, because
// stems can collide ("ouders" and "ouderen" are both "ouder") and one keyword can sit inside
// another ("kinderen" in "jonge kinderen"), a match gives way to a match of another term that
// covers its words and is longer, or is as long and has the sentence's words as written:
// "Anderstalige ouders met jonge kinderen" gets "Gezinnen en ouders" and "Jonge kinderen",
// not "Ouderen" or "Kinderen (6-12 jaar)".

// tagWord is a word of a sentence or keyword: its stem ("" for a stop word) and its form
// (folded: lower case without accents).
type tagWord struct {
	stem, form string
}

// tagTerm is a term with its keywords as words.
type tagTerm struct {
	label    string
	keywords [][]tagWord
}

type tagMatch struct {
	term, start, end int // words [start, end) of the sentence
	exact            bool
}

// trimStops drops the stop words at either end of a keyword (phraseto_tsquery ignores them).
func trimStops(kw []tagWord) []tagWord {
	for len(kw) > 0 && kw[0].stem == "" {
		kw = kw[1:]
	}
	for len(kw) > 0 && kw[len(kw)-1].stem == "" {
		kw = kw[:len(kw)-1]
	}
	return kw
}

// matchTerms returns the indexes of the terms whose keywords match sentence and that no
// covering match of another term outranks, in the order of terms.
func matchTerms(sentence []tagWord, terms []tagTerm) []int {
	var found []tagMatch
	for ti, t := range terms {
		for _, kw := range t.keywords {
			kw = trimStops(kw)
			if len(kw) == 0 {
				continue
			}
		at:
			for i := 0; i+len(kw) <= len(sentence); i++ {
				exact := true
				for j, w := range kw {
					s := sentence[i+j]
					if w.stem == "" {
						continue
					}
					if s.stem != w.stem {
						continue at
					}
					exact = exact && s.form == w.form
				}
				found = append(found, tagMatch{term: ti, start: i, end: i + len(kw), exact: exact})
			}
		}
	}
	var out []int
	for _, m := range found {
		if slices.Contains(out, m.term) || outranked(m, found) {
			continue
		}
		out = append(out, m.term)
	}
	slices.Sort(out)
	return out
}

// outranked reports whether a match of another term covers m's words and is longer, or as
// long and exact where m is not.
func outranked(m tagMatch, all []tagMatch) bool {
	for _, o := range all {
		if o.term == m.term || o.start > m.start || o.end < m.end {
			continue
		}
		if o.end-o.start > m.end-m.start || (o.exact && !m.exact) {
			return true
		}
	}
	return false
}
