package refdata

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

//go:embed vocabularies.csv
var vocabulariesCSV []byte

// VocabularyTerm is one row of the embedded starting vocabularies of the facets "doel" and
// "doelgroep" (see vocabularies.SOURCE.md): a short term and the keywords that suggest it for
// a sheet's sentences.
type VocabularyTerm struct {
	Facet    catalog.Facet
	Slug     string
	Label    string
	Keywords []string
}

// Vocabularies parses the embedded starting vocabularies, in file order. It fails only if the
// embedded file is malformed.
func Vocabularies() ([]VocabularyTerm, error) {
	cr := csv.NewReader(bytes.NewReader(vocabulariesCSV))
	cr.FieldsPerRecord = 4
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("vocabularies: %w", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "facet,slug,label,keywords" {
		return nil, fmt.Errorf("vocabularies: unexpected header")
	}
	seen := map[string]bool{}
	var out []VocabularyTerm
	for i, rec := range recs[1:] {
		t := VocabularyTerm{Facet: catalog.Facet(rec[0]), Slug: rec[1], Label: strings.TrimSpace(rec[2])}
		if !t.Facet.Tagged() || t.Slug != catalog.Slugify(t.Slug) || t.Label == "" || seen[rec[0]+"/"+t.Slug] {
			return nil, fmt.Errorf("vocabularies: line %d: bad facet, slug or label, or a duplicate", i+2)
		}
		seen[rec[0]+"/"+t.Slug] = true
		for k := range strings.SplitSeq(rec[3], ";") {
			if k = strings.TrimSpace(k); k != "" {
				t.Keywords = append(t.Keywords, k)
			}
		}
		out = append(out, t)
	}
	return out, nil
}
