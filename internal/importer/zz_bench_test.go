package importer

import (
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/refdata"
)

func BenchmarkParse(b *testing.B) {
	m := testMatcher()
	seeds := refdata.Seeds()
	for b.Loop() {
		for _, s := range seeds {
			Parse(s.Name, s.Data, m)
		}
	}
}
