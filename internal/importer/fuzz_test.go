package importer

import (
	"regexp"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/refdata"
)

var validSlugRe = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func FuzzParse(f *testing.F) {
	for _, s := range refdata.Seeds() {
		f.Add(s.Data)
	}
	f.Add([]byte(reordered))
	m := testMatcher()
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _ := Parse("fuzz.txt", data, m)
		if len(data) > 0 && s.Slug == "" {
			t.Fatalf("empty slug for %q", data)
		}
		if s.Slug != "" && (!validSlugRe.MatchString(s.Slug) || len(s.Slug) > maxSlugLen) {
			t.Fatalf("bad slug %q", s.Slug)
		}
		if s.Title == "" || s.NeedsReview != (len(s.ReviewNotes) > 0) || s.Source != "import:fuzz.txt" {
			t.Fatalf("sheet %+v", s)
		}
	})
}
