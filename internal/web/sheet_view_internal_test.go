package web

import (
	"reflect"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/templates"
)

func TestContactParts(t *testing.T) {
	type part = templates.ContactPart
	tests := []struct {
		contact, email string
		want           []part
	}{
		{"", "", nil},
		{"suzan.decleer@ligo-zovl.be", "suzan.decleer@ligo-zovl.be", []part{{Email: "suzan.decleer@ligo-zovl.be"}}},
		{"Esther Brouwer: ebrouwer@landen.be", "ebrouwer@landen.be", []part{{Name: "Esther Brouwer", Email: "ebrouwer@landen.be"}}},
		{"An Peeters: an.peeters@leuven.be", "an.peeters@leuven.be", []part{{Name: "An Peeters", Email: "an.peeters@leuven.be"}}},
		{"Dienst Welzijn", "", []part{{Name: "Dienst Welzijn"}}},
		{"Dienst Welzijn", "welzijn@genk.be", []part{{Name: "Dienst Welzijn", Email: "welzijn@genk.be"}}},
		{"a@x.be; Jan (jan@y.be)", "a@x.be", []part{{Email: "a@x.be"}, {Name: "Jan", Email: "jan@y.be"}}},
		{"a@x.be b@x.be", "a@x.be", []part{{Email: "a@x.be"}, {Email: "b@x.be"}}},
	}
	for _, tt := range tests {
		if got := contactParts(tt.contact, tt.email); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("contactParts(%q, %q) = %+v, want %+v", tt.contact, tt.email, got, tt.want)
		}
	}
}

// Variants are sorted by their first municipality; every variant gets an anchor and every
// municipality exactly one, on the first variant that names it.
func TestAnchorVariants(t *testing.T) {
	pl := func(names ...string) []catalog.Place {
		var out []catalog.Place
		for _, n := range names {
			out = append(out, catalog.Place{Name: n, TermSlug: catalog.Slugify(n)})
		}
		return out
	}
	vs := []catalog.Variant{
		{Places: pl("Turnhout", "Mechelen", "Mol")},
		{Places: pl("Balen", "Dessel", "Mol")},
		{Places: pl("Turnhout", "Mechelen")},
		{Places: []catalog.Place{{Name: "Machelen-Diegem"}}},
		{Text: "zonder gemeente"},
		{Places: pl("Mol")},
	}
	views := variantViews(vs)
	sortVariants(views, vs)
	anchors := anchorVariants(views, vs)
	var ids []string
	for _, v := range views {
		ids = append(ids, v.ID)
	}
	if want := []string{"gemeente-balen", "gemeente-machelen-diegem", "gemeente-mol", "gemeente-turnhout", "gemeente-turnhout-2", "variant"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("variant anchors %q, want %q", ids, want)
	}
	want := map[string]string{"balen": "gemeente-balen", "dessel": "gemeente-dessel", "mol": "gemeente-mol",
		"machelen-diegem": "gemeente-machelen-diegem", "turnhout": "gemeente-turnhout", "mechelen": "gemeente-mechelen"}
	if !reflect.DeepEqual(anchors, want) {
		t.Errorf("municipality anchors %v, want %v", anchors, want)
	}
	// Dessel is anchored on its name in the Balen variant; Mol on its own variant, not on its
	// name in the Balen one; Mechelen in the first Turnhout variant.
	if views[0].Places[1].ID != "gemeente-dessel" || views[0].Places[2].ID != "" || views[3].Places[1].ID != "gemeente-mechelen" {
		t.Errorf("place anchors: %+v / %+v", views[0].Places, views[3].Places)
	}
	if vs[0].Places[0].Name != "Balen" {
		t.Errorf("the variants were not sorted along with their views")
	}
}
