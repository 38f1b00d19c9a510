package web_test

import (
	"strings"
	"testing"
)

// A municipality page says in words what it is: "Provincie Limburg · 3 praktijken", not
// "Limburg. 3 praktijken in Genk.".
func TestMunicipalityLeadReads(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	lead := strings.Join(strings.Fields(s.get(t, "/gemeenten/genk", 200).Find(".lead").Text()), " ")
	if !strings.HasPrefix(lead, "Provincie Limburg · ") || !strings.HasSuffix(lead, " praktijken") || strings.Contains(lead, "Limburg.") {
		t.Errorf("Genk's lead reads %q", lead)
	}
	lead = strings.Join(strings.Fields(s.get(t, "/gemeenten/aalter", 200).Find(".lead").Text()), " ")
	if lead != "Provincie Oost-Vlaanderen" {
		t.Errorf("Aalter's lead reads %q", lead)
	}
}

// A search without results shows one line where the filters would be, not a box per facet
// that each say there is nothing to choose.
func TestEmptySearchShowsNoEmptyFilters(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	doc := s.get(t, "/praktijken?q=zzqxj", 200)
	if n := doc.Find(".catalog-filters fieldset").Length(); n != 0 {
		t.Errorf("%d filter boxes on a search without results", n)
	}
	if got := texts(doc.Find(".catalog-filters .facet-empty")); len(got) != 1 || got[0] != "Zonder resultaten valt er niets te filteren." {
		t.Errorf("the filter column says %q", got)
	}
	if doc.Find(".catalog-filters button.apply").Length() != 0 {
		t.Error("a button applies filters that cannot be chosen")
	}
	// With results, the filters are there.
	if n := s.get(t, "/praktijken?q=opvang", 200).Find(".catalog-filters fieldset").Length(); n != 5 {
		t.Errorf("%d filter boxes with results, want 5", n)
	}
}

// The problem report form speaks plainly.
func TestReportWording(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	lead := strings.Join(strings.Fields(s.get(t, "/praktijken/vrijetijdscoaching-genk/probleem", 200).Find(".lead").Text()), " ")
	if strings.Contains(lead, "dood") || !strings.Contains(lead, "een link die niet meer werkt") {
		t.Errorf("report lead %q", lead)
	}
}
