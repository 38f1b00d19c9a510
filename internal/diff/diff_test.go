package diff

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// render writes ops as "=text", "-[text]", "+[text]" pieces, for readable expectations.
func render(ops []Op) string {
	var b strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case Equal:
			b.WriteString(op.Text)
		case Delete:
			b.WriteString("[-" + op.Text + "-]")
		case Insert:
			b.WriteString("{+" + op.Text + "+}")
		}
	}
	return b.String()
}

func TestWords(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"equal", "zelfde tekst", "zelfde tekst", "zelfde tekst"},
		{"both empty", "", "", ""},
		{"from empty", "", "nieuw", "{+nieuw+}"},
		{"to empty", "oud", "", "[-oud-]"},
		{"one word", "De coach helpt kleuters.", "De coach helpt peuters.", "De coach helpt [-kleuters-]{+peuters+}."},
		{"insert word", "Elke woensdag.", "Elke woensdag en vrijdag.", "Elke woensdag{+ en vrijdag+}."},
		{"delete word", "Samen eten in de buurt", "Samen eten in buurt", "Samen eten in [-de -]buurt"},
		{"phrase replaced as one change", "een grote rode bal", "een kleine blauwe bal", "een [-grote rode-]{+kleine blauwe+} bal"},
		{"accents are words", "geïntegreerde werking", "geintegreerde werking", "[-geïntegreerde-]{+geintegreerde+} werking"},
		{"punctuation", "Genk, Mol", "Genk en Mol", "Genk[-,-]{+ en+} Mol"},
		{"newlines", "- a\n- b", "- a\n- c\n- b", "- a\n- {+c\n- +}b"},
		{"nothing shared", "abc", "xyz", "[-abc-]{+xyz+}"},
		{"a rewritten paragraph whole",
			"De coach gaat elke woensdag met de kinderen naar het park om er samen te spelen.",
			"Elke vrijdag kiezen de jongeren zelf een activiteit, samen met een begeleider van de gemeente.",
			"[-De coach gaat elke woensdag met de kinderen naar het park om er samen te spelen-]" +
				"{+Elke vrijdag kiezen de jongeren zelf een activiteit, samen met een begeleider van de gemeente+}."},
		{"only the rewritten paragraph whole",
			"Het buurthuis is open.\n\nDe coach gaat elke woensdag met de kinderen naar het park om er samen te spelen.\n\nInschrijven kan bij de balie.",
			"Het buurthuis is open.\n\nElke vrijdag kiezen de jongeren zelf een activiteit, samen met een begeleider van de gemeente.\n\nInschrijven kan bij de onthaalbalie.",
			"Het buurthuis is open.\n\n[-De coach gaat elke woensdag met de kinderen naar het park om er samen te spelen-]" +
				"{+Elke vrijdag kiezen de jongeren zelf een activiteit, samen met een begeleider van de gemeente+}.\n\nInschrijven kan bij de [-balie-]{+onthaalbalie+}."},
		{"a few words in a long paragraph stay words",
			"De coach gaat elke woensdag met de kinderen naar het park om er samen te spelen.",
			"De coach gaat elke vrijdag met de jongeren naar het park om er samen te sporten.",
			"De coach gaat elke [-woensdag-]{+vrijdag+} met de [-kinderen-]{+jongeren+} naar het park om er samen te [-spelen-]{+sporten+}."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops := Words(tt.a, tt.b)
			if got := render(ops); got != tt.want {
				t.Errorf("Words(%q, %q) = %s, want %s", tt.a, tt.b, got, tt.want)
			}
			if Old(ops) != tt.a || New(ops) != tt.b {
				t.Errorf("reconstruction: %q / %q", Old(ops), New(ops))
			}
			if HasChanges(ops) != (tt.a != tt.b) {
				t.Errorf("HasChanges = %v", HasChanges(ops))
			}
		})
	}
}

// lcs is the length of a longest common subsequence, by dynamic programming.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkScript verifies that es is a valid, shortest edit script of a into b.
func checkScript(t *testing.T, a, b []string, es []Edit) {
	t.Helper()
	var gotA, gotB []string
	equal := 0
	for _, e := range es {
		switch e.Kind {
		case Equal:
			if a[e.A] != b[e.B] {
				t.Fatalf("equal edit on different elements %q %q", a[e.A], b[e.B])
			}
			gotA, gotB = append(gotA, a[e.A]), append(gotB, b[e.B])
			equal++
		case Delete:
			gotA = append(gotA, a[e.A])
		case Insert:
			gotB = append(gotB, b[e.B])
		}
	}
	if !slices.Equal(gotA, a) || !slices.Equal(gotB, b) {
		t.Fatalf("script does not reconstruct:\n a %q\n got %q\n b %q\n got %q", a, gotA, b, gotB)
	}
	if want := lcs(a, b); equal != want {
		t.Fatalf("script keeps %d elements, a longest common subsequence has %d (a %q, b %q)", equal, want, a, b)
	}
}

func TestSlicesShortest(t *testing.T) {
	tests := [][2]string{
		{"abcabba", "cbabac"},
		{"", "abc"},
		{"abc", ""},
		{"a", "b"},
		{"ab", "ba"},
		{"xaxbxc", "abc"},
		{"abcdefghij", "ajihgfedcb"},
		{"aaaaaaab", "baaaaaaa"},
		{"abababab", "babababa"},
	}
	for _, tt := range tests {
		a, b := strings.Split(tt[0], ""), strings.Split(tt[1], "")
		checkScript(t, a, b, Slices(a, b))
	}
}

func TestSlicesBudget(t *testing.T) {
	a := strings.Split(strings.Repeat("ab", 200), "")
	b := strings.Split(strings.Repeat("ba", 150)+"c", "")
	es := slicesBudget(a, b, 50)
	var gotA, gotB []string
	for _, e := range es {
		if e.Kind != Insert {
			gotA = append(gotA, a[e.A])
		}
		if e.Kind != Delete {
			gotB = append(gotB, b[e.B])
		}
	}
	if !slices.Equal(gotA, a) || !slices.Equal(gotB, b) {
		t.Fatal("a script cut short by the budget must still reconstruct both sides")
	}
}

func TestItems(t *testing.T) {
	a := []string{"Genk", "Mol: elke dinsdag", "Aalst"}
	b := []string{"Genk", "Mol: elke woensdag", "Aalst", "Lier"}
	got := Items(a, b)
	kinds := make([]string, len(got))
	for i, it := range got {
		kinds[i] = it.Kind.String()
	}
	if want := []string{"same", "changed", "same", "added"}; !slices.Equal(kinds, want) {
		t.Fatalf("kinds = %q, want %q", kinds, want)
	}
	if r := render(got[1].Ops); r != "Mol: elke [-dinsdag-]{+woensdag+}" {
		t.Errorf("changed item diff = %s", r)
	}
	if !slices.Equal(OldItems(got), a) || !slices.Equal(NewItems(got), b) {
		t.Error("items do not reconstruct")
	}

	members := Members([]string{"Kinderen", "Ouders"}, []string{"Jongeren", "Ouders"})
	kinds = kinds[:0]
	for _, it := range members {
		kinds = append(kinds, it.Kind.String())
	}
	if want := []string{"added", "same", "removed"}; !slices.Equal(kinds, want) {
		t.Errorf("members = %q, want %q", kinds, want)
	}
	// Terms are a set: another order, another case or a repeated name is no change.
	for _, b := range [][]string{{"Ouders", "Kinderen"}, {"kinderen", "OUDERS"}, {"Ouders", "Kinderen", "Ouders"}} {
		if got := Members([]string{"Kinderen", "Ouders"}, b); ItemsChanged(got) || len(got) != 2 {
			t.Errorf("Members(Kinderen Ouders, %q) = %+v, want two unchanged", b, got)
		}
	}
	if ItemsChanged(Items(a, a)) {
		t.Error("identical lists reported as changed")
	}
}

func TestSheets(t *testing.T) {
	a := catalog.Sheet{
		Slug:  "talentcoach",
		Title: "Talentcoach",
		Intro: "Een coach voor kleuters.",
		Terms: map[catalog.Facet][]string{
			catalog.FacetTargetGroup: {"Kinderen", "Ouders"},
		},
		Description: "De coach komt in de klas.",
		Variants: []catalog.Variant{
			{Places: []catalog.Place{{Name: "Genk"}}, Text: "Sinds 2019.", Contact: "info@genk.be", Email: "info@genk.be"},
		},
		Sections: []catalog.Section{{Heading: "Tijdslijn", Body: "2019: start"}},
		Status:   catalog.StatusPublished,
		Revision: 3,
	}
	if got := Sheets(a, a); got != nil {
		t.Fatalf("identical sheets: %+v", got)
	}
	b := a
	b.Revision, b.Status = 4, catalog.StatusArchived // bookkeeping only
	if got := Sheets(a, b); got != nil {
		t.Fatalf("bookkeeping compared: %+v", got)
	}
	b.Title = "Talentcoach voor kleuters"
	b.Terms = map[catalog.Facet][]string{catalog.FacetTargetGroup: {"Kinderen", "Ouders", "Leerkrachten"}}
	b.Variants = append(slices.Clone(a.Variants), catalog.Variant{Places: []catalog.Place{{Name: "Mol"}}, Text: "Sinds 2024."})
	b.Sections = []catalog.Section{{Heading: "Tijdslijn", Body: "2019: start\n2024: Mol"}}
	b.Slug = ""
	fields := Sheets(a, b)
	var keys []string
	for _, f := range fields {
		keys = append(keys, f.Key)
	}
	if want := []string{"title", "terms:doelgroep", "variants", "sections"}; !slices.Equal(keys, want) {
		t.Fatalf("changed fields = %q, want %q", keys, want)
	}
	if r := render(fields[0].Text); r != "Talentcoach{+ voor kleuters+}" {
		t.Errorf("title diff = %s", r)
	}
	if it := fields[2].Items; len(it) != 2 || it[1].Kind != Added || !strings.Contains(it[1].New, "Gemeenten: Mol") {
		t.Errorf("variants = %+v", it)
	}
	if it := fields[3].Items; len(it) != 1 || it[0].Kind != Changed {
		t.Errorf("sections = %+v", it)
	}
}

// Terms put in another order are no change; goals and target groups are compared as the text
// a reader sees, a sentence a line.
func TestSheetsTermsAsSetsSentencesAsText(t *testing.T) {
	a := catalog.Sheet{
		Title: "Talentcoach",
		Terms: map[catalog.Facet][]string{
			catalog.FacetGoal:        {"Armoede bestrijden", "Talent ontwikkelen"},
			catalog.FacetTargetGroup: {"Kinderen", "Ouders"},
		},
		Goals:        []string{"Kinderarmoede terugdringen", "Talenten ontdekken in de vrije tijd"},
		TargetGroups: []string{"Vijfjarige kleuters en hun gezin"},
	}
	b := a
	b.Terms = map[catalog.Facet][]string{
		catalog.FacetGoal:        {"Talent ontwikkelen", "Armoede bestrijden"},
		catalog.FacetTargetGroup: {"Ouders", "Kinderen"},
	}
	if got := Sheets(a, b); got != nil {
		t.Fatalf("terms in another order reported as changed: %+v", got)
	}
	b.Goals = []string{"Kinderarmoede terugdringen", "Talenten ontdekken in de vrije tijd en op school"}
	b.TargetGroups = []string{"Vijfjarige kleuters en hun gezin"}
	b.Terms[catalog.FacetTargetGroup] = []string{"Ouders", "Kinderen", "Leerkrachten"}
	fields := Sheets(a, b)
	var keys []string
	for _, f := range fields {
		keys = append(keys, f.Key)
	}
	if want := []string{"terms:doelgroep", "goals"}; !slices.Equal(keys, want) {
		t.Fatalf("changed fields = %q, want %q", keys, want)
	}
	var kinds []string
	for _, it := range fields[0].Items {
		kinds = append(kinds, it.Kind.String()+" "+it.New)
	}
	if want := []string{"same Ouders", "same Kinderen", "added Leerkrachten"}; !slices.Equal(kinds, want) {
		t.Errorf("target-group terms = %q, want %q", kinds, want)
	}
	if f := fields[1]; f.List || f.Label != "Doelen (tekst van de fiche)" ||
		render(f.Text) != "Kinderarmoede terugdringen\nTalenten ontdekken in de vrije tijd{+ en op school+}" {
		t.Errorf("goals = %s (%q, list %v)", render(f.Text), f.Label, f.List)
	}
	// A goal removed: the other goals stay as they were.
	b.Goals = []string{"Talenten ontdekken in de vrije tijd"}
	if f := Sheets(a, b)[1]; render(f.Text) != "[-Kinderarmoede terugdringen\n-]Talenten ontdekken in de vrije tijd" {
		t.Errorf("a removed goal = %s", render(f.Text))
	}
}

func FuzzWords(f *testing.F) {
	f.Add("De coach helpt kleuters.", "De coach helpt peuters en kleuters!")
	f.Add("", "x")
	f.Add("Genk, Mol en Retie", "Balen, Dessel, Mol en Retie")
	f.Add("a  b\n\nc", "a b\nc d")
	f.Add("geïntegreerd", "geïntegreerde")
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		ops := Words(a, b)
		if Old(ops) != a || New(ops) != b {
			t.Fatalf("Words(%q, %q) reconstructs %q, %q", a, b, Old(ops), New(ops))
		}
		for i, op := range ops {
			if op.Text == "" {
				t.Fatalf("empty op %d in %q", i, ops)
			}
			if i > 0 && ops[i-1].Kind == op.Kind {
				t.Fatalf("two %v ops in a row: %q", op.Kind, ops)
			}
			if i > 0 && ops[i-1].Kind == Insert && op.Kind == Delete {
				t.Fatalf("insertion before deletion: %q", ops)
			}
		}
		if HasChanges(ops) != (a != b) {
			t.Fatalf("HasChanges(%q, %q) = %v", a, b, HasChanges(ops))
		}
		ta, tb := tokens(a), tokens(b)
		if strings.Join(ta, "") != a || strings.Join(tb, "") != b {
			t.Fatal("tokens do not concatenate to the text")
		}
		if len(ta)*len(tb) <= 40000 {
			checkScript(t, ta, tb, Slices(ta, tb))
		}
		// Lines as items.
		la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
		items := Items(la, lb)
		if !slices.Equal(OldItems(items), la) || !slices.Equal(NewItems(items), lb) {
			t.Fatalf("Items(%q, %q) does not reconstruct", la, lb)
		}
	})
}
