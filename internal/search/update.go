package search

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Update returns the index of version: x without the sheets remove (withdrawn, or changed and
// given again in add) and with the sheets add, with the version's synonym groups. add is in
// the database's title order of the new version, each with its TitleAfter. x is not changed
// and stays usable; the work is in proportion to the changes, plus a copy of the per-version
// orders (a few bytes per sheet).
//
// It fails when a TitleAfter names no sheet of the new version: build afresh then.
func (x *Index) Update(version int64, syn *Synonyms, remove []int64, add []Doc) (*Index, error) {
	y := &Index{
		version: version, synonyms: syn,
		// Grow-only per slot: shared, appended to beyond x's lengths.
		ids: x.ids, stamps: x.stamps, pub: x.pub, titles: x.titles, lens: x.lens,
		termOff: x.termOff, terms: x.terms,
		live: x.live.grown(len(x.ids) + len(add)), nLive: x.nLive, totalLen: x.totalLen,
		stems: x.stems, added: x.added,
		postings: slices.Clone(x.postings), lastSlot: slices.Clone(x.lastSlot),
		termIDs: slices.Clone(x.termIDs), dense: slices.Clone(x.dense),
		termSheets: slices.Clone(x.termSheets),
	}
	for fi := range y.termSheets {
		y.termSheets[fi] = slices.Clone(y.termSheets[fi])
	}
	// Withdraw the old slots of removed and changed sheets.
	gone := map[uint32]bool{}
	for _, id := range remove {
		if s, ok := x.slotOf(id); ok {
			gone[s] = true
		}
	}
	for _, d := range add {
		if s, ok := x.slotOf(d.ID); ok {
			gone[s] = true
		}
	}
	for s := range gone {
		y.live.del(s)
		y.nLive--
		y.totalLen -= uint64(y.lens[s])
	}

	// The new sheets in new slots; a new stem or term copies the maps it goes in once.
	var ownAdded bool
	ownDense := make([]bool, nf)
	var slots []uint32
	for _, d := range add {
		for fi := range min(nf, len(d.Terms)) {
			if !ownDense[fi] && slices.ContainsFunc(d.Terms[fi], func(t int64) bool { _, ok := y.dense[fi][t]; return !ok }) {
				y.dense[fi] = maps.Clone(y.dense[fi])
				y.termIDs[fi] = slices.Clip(y.termIDs[fi])
				ownDense[fi] = true
			}
		}
		slot := y.appendDoc(d, func(st string) uint32 {
			if n, ok := y.stemNumber(st); ok {
				return n
			}
			if !ownAdded {
				y.added = maps.Clone(y.added)
				if y.added == nil {
					y.added = map[string]uint32{}
				}
				ownAdded = true
			}
			n := uint32(len(y.postings))
			y.added[strings.Clone(st)] = n
			y.postings = append(y.postings, nil)
			y.lastSlot = append(y.lastSlot, -1)
			return n
		}, func(n, slot uint32, f freqs) {
			y.postings[n] = appendPosting(y.postings[n], y.lastSlot[n], slot, f)
			y.lastSlot[n] = int64(slot)
		})
		slots = append(slots, slot)
	}
	// The new slots in their terms' sets: a set added to is copied once, with room for
	// every slot of y; a new term gets one.
	own := make([]map[uint32]bool, nf)
	for _, s := range slots {
		for fi := range nf {
			for _, d := range y.facetTerms(s, fi) {
				for int(d) >= len(y.termSheets[fi]) {
					y.termSheets[fi] = append(y.termSheets[fi], nil)
				}
				if own[fi] == nil {
					own[fi] = map[uint32]bool{}
				}
				if !own[fi][d] {
					y.termSheets[fi][d] = y.termSheets[fi][d].grown(len(y.ids))
					own[fi][d] = true
				}
				y.termSheets[fi][d].add(s)
			}
		}
	}

	// The orders: the old ones without the gone slots, the new slots merged in.
	y.byID = make([]idSlot, 0, x.nLive+len(add))
	for _, e := range x.byID {
		if !gone[e.slot] {
			y.byID = append(y.byID, e)
		}
	}
	for _, s := range slots {
		y.byID = append(y.byID, idSlot{y.ids[s], s})
	}
	slices.SortFunc(y.byID, func(a, b idSlot) int { return cmp.Compare(a.id, b.id) })

	fresh := slices.Clone(slots)
	slices.SortFunc(fresh, y.newerFirst)
	y.newest = make([]uint32, 0, len(y.byID))
	i := 0
	for _, s := range x.newest {
		if gone[s] {
			continue
		}
		for i < len(fresh) && y.newerFirst(fresh[i], s) < 0 {
			y.newest, i = append(y.newest, fresh[i]), i+1
		}
		y.newest = append(y.newest, s)
	}
	y.newest = append(y.newest, fresh[i:]...)

	// Each new sheet goes right after the sheet the database puts before it; several new
	// sheets may follow one another.
	after := map[int64][]uint32{}
	for k, d := range add {
		after[d.TitleAfter] = append(after[d.TitleAfter], slots[k])
	}
	y.byTitle = make([]uint32, 0, len(y.byID))
	var place func(s uint32)
	place = func(s uint32) {
		y.byTitle = append(y.byTitle, s)
		for _, n := range after[y.ids[s]] {
			place(n)
		}
	}
	for _, n := range after[0] {
		place(n)
	}
	for _, s := range x.byTitle {
		if !gone[s] {
			place(s)
		}
	}
	if len(y.byTitle) != len(y.byID) {
		return nil, fmt.Errorf("search: update: %d sheets in the title order, %d in the index", len(y.byTitle), len(y.byID))
	}
	y.rankOrders()
	return y, nil
}
