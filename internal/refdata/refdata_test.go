package refdata

import (
	"github.com/praktijkbank/praktijkbank/internal/catalog"

	"strings"
	"testing"
)

func mustIndex(t *testing.T) (*Index, []Municipality) {
	t.Helper()
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewIndex(ms)
	if err != nil {
		t.Fatal(err)
	}
	return x, ms
}

func TestMunicipalityCounts(t *testing.T) {
	x, ms := mustIndex(t)
	if len(ms) != 331 {
		t.Errorf("rows = %d, want 331", len(ms))
	}
	var merged, brussels, flemishCurrent, brusselsCurrent int
	for _, m := range ms {
		if !m.Current() {
			merged++
		}
		switch m.Region {
		case RegionBrussels:
			brussels++
			if m.Current() {
				brusselsCurrent++
			}
		case RegionFlanders:
			if m.Current() {
				flemishCurrent++
			}
		}
	}
	checks := []struct {
		name      string
		got, want int
	}{
		{"merged", merged, 27},
		{"Brussels", brussels, 19},
		{"current Flemish", flemishCurrent, 285},
		{"current Brussels", brusselsCurrent, 19},
		{"Index.Current", len(x.Current()), 285 + 19},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
}

func TestMunicipalityFields(t *testing.T) {
	x, _ := mustIndex(t)
	m, ok := x.ByNIS("73111")
	if !ok || m.NameNL != "Tongeren-Borgloon" || m.NameFR != "Tongres-Looz" || m.Province != "Limburg" ||
		m.HasCoords || !m.Current() || m.Slug != "tongeren-borgloon" {
		t.Errorf("73111 = %+v", m)
	}
	a, _ := x.ByNIS("11002")
	if !a.HasCoords || a.Lat < 51 || a.Lon < 4 || a.NameFR != "Anvers" || !a.Current() {
		t.Errorf("11002 = %+v", a)
	}
}

func TestSuccessor(t *testing.T) {
	x, _ := mustIndex(t)
	cases := []struct{ nis, want string }{
		{"73009", "73111"}, // Borgloon -> Tongeren-Borgloon
		{"73083", "73111"}, // Tongeren -> Tongeren-Borgloon
		{"73040", "71072"}, // Kortessem -> Hasselt (new code)
		{"71022", "71072"}, // old Hasselt -> new Hasselt
		{"46014", "46029"}, // old Lokeren -> new Lokeren
		{"44045", "46029"}, // Moerbeke -> Lokeren
		{"11007", "11002"}, // Borsbeek -> Antwerpen, which kept its code
		{"11002", "11002"},
		{"11056", "46030"}, // Zwijndrecht -> Beveren-Kruibeke-Zwijndrecht
		{"21004", "21004"},
	}
	for _, c := range cases {
		got, ok := x.Successor(c.nis)
		if !ok || got.NIS != c.want || !got.Current() {
			t.Errorf("Successor(%s) = %s %v, want %s", c.nis, got.NIS, ok, c.want)
		}
	}
	if _, ok := x.Successor("99999"); ok {
		t.Error("Successor of unknown code reported ok")
	}
}

func TestAliases(t *testing.T) {
	x, _ := mustIndex(t)
	cases := []struct {
		nis  string
		want []string
	}{
		{"73111", []string{"Tongeren-Borgloon", "Tongres-Looz", "Borgloon", "Looz", "Tongeren", "Tongres"}},
		{"71072", []string{"Hasselt", "Kortessem"}},
		{"46029", []string{"Lokeren", "Moerbeke"}},
		{"11002", []string{"Antwerpen", "Anvers", "Borsbeek"}},
		{"21013", []string{"Sint-Gillis", "Saint-Gilles"}},
		{"71022", nil}, // former
	}
	for _, c := range cases {
		got := x.Aliases(c.nis)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Aliases(%s) = %q, want %q", c.nis, got, c.want)
		}
	}
}

func TestBorgloonFindsTongerenBorgloon(t *testing.T) {
	x, _ := mustIndex(t)
	for _, m := range x.Current() {
		for _, a := range x.Aliases(m.NIS) {
			if a == "Borgloon" && m.NameNL != "Tongeren-Borgloon" {
				t.Errorf("Borgloon is an alias of %s", m.NameNL)
			}
			if a == "Kortessem" && m.NIS != "71072" {
				t.Errorf("Kortessem is an alias of %s", m.NIS)
			}
		}
	}
}

func TestSlugs(t *testing.T) {
	x, ms := mustIndex(t)
	seen := map[string]string{}
	for _, m := range x.Current() {
		if m.Slug == "" || m.Slug != catalog.Slugify(m.Slug) {
			t.Errorf("%s: bad slug %q", m.NIS, m.Slug)
		}
		if other, dup := seen[m.Slug]; dup {
			t.Errorf("slug %q used by %s and %s", m.Slug, other, m.NIS)
		}
		seen[m.Slug] = m.NIS
	}
	for _, m := range ms {
		if m.Current() {
			continue
		}
		succ, _ := x.Successor(m.NIS)
		holder, taken := seen[m.Slug]
		switch {
		case catalog.Slugify(m.NameNL) == succ.Slug && m.Slug != succ.Slug:
			t.Errorf("%s %s: slug %q, want successor's %q", m.NIS, m.NameNL, m.Slug, succ.Slug)
		case catalog.Slugify(m.NameNL) != succ.Slug && taken:
			t.Errorf("%s %s: slug %q clashes with current %s", m.NIS, m.NameNL, m.Slug, holder)
		}
	}
	want := map[string]string{"73111": "tongeren-borgloon", "46021": "sint-niklaas", "73009": "borgloon",
		"46014": "lokeren", "46029": "lokeren", "21003": "sint-agatha-berchem", "71034": "leopoldsburg"}
	for nis, slug := range want {
		if m, _ := x.ByNIS(nis); m.Slug != slug {
			t.Errorf("%s slug = %q, want %q", nis, m.Slug, slug)
		}
	}
}

func TestNewIndexRejectsBadMergers(t *testing.T) {
	cases := [][]Municipality{
		{{NIS: "10000", NameNL: "A"}, {NIS: "10000", NameNL: "B"}},
		{{NIS: "10000", NameNL: "A", MergedInto: "20000"}},
		{{NIS: "10000", NameNL: "A", MergedInto: "20000"}, {NIS: "20000", NameNL: "B", MergedInto: "30000"}, {NIS: "30000", NameNL: "C"}},
	}
	for i, ms := range cases {
		if _, err := NewIndex(ms); err == nil {
			t.Errorf("case %d: no error", i)
		}
	}
}

func TestParseMunicipalitiesErrors(t *testing.T) {
	head := strings.Join(csvHeader, ",") + "\n"
	cases := map[string]string{
		"header":  "nis,name\n",
		"nis":     head + "1234,X,,P,Vlaams Gewest,,,\n",
		"region":  head + "12345,X,,P,Wallonie,,,\n",
		"coords":  head + "12345,X,,P,Vlaams Gewest,abc,4,\n",
		"columns": head + "12345,X\n",
	}
	for name, in := range cases {
		if _, err := parseMunicipalities(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSeeds(t *testing.T) {
	seeds := Seeds()
	if len(seeds) != 5 {
		t.Fatalf("got %d seeds, want 5", len(seeds))
	}
	for i, s := range seeds {
		if i > 0 && seeds[i-1].Name >= s.Name {
			t.Errorf("seeds not in file order: %s before %s", seeds[i-1].Name, s.Name)
		}
		if len(s.Data) == 0 || strings.Contains(s.Name, "/") {
			t.Errorf("seed %q: %d bytes", s.Name, len(s.Data))
		}
	}
	if !strings.HasPrefix(string(seeds[0].Data), "Genk_Talentcoaches_Geentoestemming_Geknipt.png") {
		t.Errorf("seed 000 starts with %q", seeds[0].Data[:40])
	}
}
