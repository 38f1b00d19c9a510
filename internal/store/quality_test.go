package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

func qualityList(t *testing.T, st *store.Store) []string {
	t.Helper()
	list, err := st.QualityProblems(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.QualityCount(context.Background())
	if err != nil || n != len(list) {
		t.Errorf("QualityCount = %d, %v; the list has %d", n, err, len(list))
	}
	var out []string
	for _, p := range list {
		out = append(out, string(p.Kind)+" "+p.Slug+" "+strings.Join(p.Details, " | "))
	}
	return out
}

// The seeds have problems of their own: what the view lists is read off the documents.
func TestQualityProblemsOfTheSeeds(t *testing.T) {
	t.Parallel()
	st := seeded(t)
	ctx := context.Background()
	const (
		talent = "talentcoaches-genk"                                                  // seed 000: no "Deze praktijk in" (Genk from the image's name), no contact
		vrije  = "vrijetijdscoaching-genk"                                             // seed 001: Genk, links "Flyer" and "Contact vrijetijdscoach" without address
		wereld = "opvoedingsondersteuning-voor-anderstalige-ouders-met-jonge-kinderen" // seed 002: Machelen-Diegem
		dorp   = "dorp-rond-het-kind"                                                  // seed 003: no category, no municipality, no contact
		hef    = "hefboom-in-partnerschap"                                             // seed 004: idem
	)
	got := qualityList(t, st)
	has := func(kind store.QualityKind, slug, detail string) bool {
		return slices.ContainsFunc(got, func(s string) bool {
			return strings.HasPrefix(s, string(kind)+" "+slug+" ") && strings.Contains(s, detail)
		})
	}
	for _, w := range []struct {
		kind         store.QualityKind
		slug, detail string
	}{
		{store.QualityNoCategory, dorp, ""},
		{store.QualityNoCategory, hef, ""},
		{store.QualityNoMunicipality, dorp, ""},
		{store.QualityNoMunicipality, hef, ""},
		{store.QualityNoContact, talent, ""},
		{store.QualityNoContact, vrije, ""},
		{store.QualityNoContact, dorp, ""},
		{store.QualityNoContact, hef, ""},
		{store.QualityLinkNoAddress, vrije, "Flyer | Contact vrijetijdscoach"},
		{store.QualityLinkNoAddress, wereld, "Huis van het Kind Diest"},
		{store.QualityUnknownPlace, wereld, "Machelen-Diegem"},
		{store.QualityReviewNotes, talent, "titel afgeleid"},
		{store.QualityReviewNotes, talent, "gemeente afgeleid uit de bestandsnaam van de afbeelding: Genk"},
		{store.QualityReviewNotes, wereld, "Machelen-Diegem"},
	} {
		if !has(w.kind, w.slug, w.detail) {
			t.Errorf("no %s for %s (%q)", w.kind, w.slug, w.detail)
		}
	}
	// Not listed: what is fine.
	for _, w := range []struct {
		kind store.QualityKind
		slug string
	}{
		{store.QualityNoCategory, talent}, {store.QualityNoMunicipality, vrije}, {store.QualityNoMunicipality, wereld},
		{store.QualityNoContact, wereld}, {store.QualityUnknownPlace, vrije},
	} {
		if has(w.kind, w.slug, "") {
			t.Errorf("%s listed for %s", w.kind, w.slug)
		}
	}
	// Ordered by kind, as QualityKinds says.
	var kinds []store.QualityKind
	for _, s := range got {
		k := store.QualityKind(strings.Fields(s)[0])
		if len(kinds) == 0 || kinds[len(kinds)-1] != k {
			kinds = append(kinds, k)
		}
	}
	if !slices.IsSortedFunc(kinds, func(a, b store.QualityKind) int {
		return slices.Index(store.QualityKinds, a) - slices.Index(store.QualityKinds, b)
	}) {
		t.Errorf("kinds in order %q", kinds)
	}

	// Goals and target groups whose terms were taken away.
	sh, err := st.SheetBySlug(ctx, vrije)
	if err != nil {
		t.Fatal(err)
	}
	if len(sh.Goals) == 0 || len(sh.TargetGroups) == 0 {
		t.Fatalf("the seed has goals %q and target groups %q", sh.Goals, sh.TargetGroups)
	}
	if _, err := st.Pool().Exec(ctx, `
		DELETE FROM sheet_terms st USING terms t WHERE t.id = st.term_id AND st.sheet_id = $1 AND t.facet IN ('doel', 'doelgroep')`, sh.ID); err != nil {
		t.Fatal(err)
	}
	got = qualityList(t, st)
	if !has(store.QualityGoalsNoTerm, vrije, sh.Goals[0]) || !has(store.QualityTargetsNoTerm, vrije, sh.TargetGroups[0]) {
		t.Errorf("untagged sentences not listed: %q", got)
	}

	// Fixed by an editor: a category and a contact; the problems leave the list.
	ed := newAccount(t, st, "redacteur@gemeente.be", catalog.RoleEditor, "een wachtwoord")
	h, err := st.SheetBySlug(ctx, hef)
	if err != nil {
		t.Fatal(err)
	}
	h.Terms[catalog.FacetCategory] = []string{"Gelijke onderwijskansen"}
	h.Contact = "An Peeters, an@gemeente.be"
	if _, err := st.EditSheet(ctx, store.SheetEdit{SheetID: h.ID, Revision: h.Revision, EditorID: ed.ID, Sheet: h}); err != nil {
		t.Fatal(err)
	}
	got = qualityList(t, st)
	if has(store.QualityNoCategory, hef, "") || has(store.QualityNoContact, hef, "") || !has(store.QualityNoMunicipality, hef, "") {
		t.Errorf("after the fix: %q", got)
	}
	// A sheet taken out of the catalogue is not the public's problem.
	if err := st.SetSheetStatus(ctx, ed.ID, h.ID, catalog.StatusArchived); err != nil {
		t.Fatal(err)
	}
	if got = qualityList(t, st); has(store.QualityNoMunicipality, hef, "") {
		t.Errorf("an archived sheet is listed: %q", got)
	}
}
