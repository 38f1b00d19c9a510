package diff

import "github.com/praktijkbank/praktijkbank/internal/catalog"

// ItemKind says what happened to one item of a list.
type ItemKind int

// The kinds of item change.
const (
	Same    ItemKind = iota // in both lists, unchanged
	Added                   // only in the new list
	Removed                 // only in the old list
	Changed                 // replaced by an edited version; Ops hold the word diff
)

// String names the kind, for tests and debugging.
func (k ItemKind) String() string {
	switch k {
	case Same:
		return "same"
	case Added:
		return "added"
	case Removed:
		return "removed"
	case Changed:
		return "changed"
	}
	return "?"
}

// Item is one item of a list comparison. Old is empty for Added, New for Removed.
type Item struct {
	Kind     ItemKind
	Old, New string
	Ops      []Op // word diff of Old and New, for Changed items only
}

// Items compares two lists item by item, in order. Within a run of changes, the removed items
// are paired in order with the added ones as Changed items (an edited paragraph, a variant with
// a new e-mail address); what is left over is Removed or Added. The old items of the result
// (Same, Removed, Changed) are a, the new ones (Same, Added, Changed) are b.
func Items(a, b []string) []Item {
	var out []Item
	var removed, added []string
	flush := func() {
		n := min(len(removed), len(added))
		for i := 0; i < n; i++ {
			out = append(out, Item{Kind: Changed, Old: removed[i], New: added[i], Ops: Words(removed[i], added[i])})
		}
		for _, s := range removed[n:] {
			out = append(out, Item{Kind: Removed, Old: s})
		}
		for _, s := range added[n:] {
			out = append(out, Item{Kind: Added, New: s})
		}
		removed, added = removed[:0], added[:0]
	}
	for _, e := range Slices(a, b) {
		switch e.Kind {
		case Delete:
			removed = append(removed, a[e.A])
		case Insert:
			added = append(added, b[e.B])
		default:
			flush()
			out = append(out, Item{Kind: Same, Old: a[e.A], New: b[e.B]})
		}
	}
	flush()
	return out
}

// Members compares two lists of names (the terms of a facet) as sets: a name in both is Same
// whatever its place in either list, so a list put in another order has not changed. Names
// are matched folded (case and accents ignored, as the vocabulary matches them), and a name is
// never paired with another as Changed, since a different name is a different term. The
// result lists b's names in b's order (Same or Added, each once), then the names only a has
// (Removed), in a's order.
func Members(a, b []string) []Item {
	inA := map[string]string{}
	for _, x := range a {
		if k := catalog.Fold(x); inA[k] == "" {
			inA[k] = x
		}
	}
	var out []Item
	seen := map[string]bool{}
	for _, y := range b {
		k := catalog.Fold(y)
		if seen[k] {
			continue
		}
		seen[k] = true
		if x, ok := inA[k]; ok {
			out = append(out, Item{Kind: Same, Old: x, New: y})
		} else {
			out = append(out, Item{Kind: Added, New: y})
		}
	}
	for _, x := range a {
		if k := catalog.Fold(x); !seen[k] {
			seen[k] = true
			out = append(out, Item{Kind: Removed, Old: x})
		}
	}
	return out
}

// OldItems returns the old list of a comparison.
func OldItems(items []Item) []string {
	var out []string
	for _, it := range items {
		if it.Kind != Added {
			out = append(out, it.Old)
		}
	}
	return out
}

// NewItems returns the new list of a comparison.
func NewItems(items []Item) []string {
	var out []string
	for _, it := range items {
		if it.Kind != Removed {
			out = append(out, it.New)
		}
	}
	return out
}

// ItemsChanged reports whether any item was added, removed or changed.
func ItemsChanged(items []Item) bool {
	for _, it := range items {
		if it.Kind != Same {
			return true
		}
	}
	return false
}
