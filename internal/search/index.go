package search

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// Index is one version of the published catalogue as search needs it. It is never changed
// once made, so any number of searches may read it at once; Update makes the next version.
//
// Sheets are numbered by slot in the order they were added. What is kept per slot, and the
// posting lists, only ever grow at their end: a version shares them with the versions before
// it, each seeing its own length. A sheet that is changed or withdrawn keeps its slot, dead,
// and a changed sheet takes a new one; Dead tells when building afresh pays.
type Index struct {
	version int64

	// Per slot.
	ids     []int64
	stamps  []uint32 // the row version the sheet was read at (see Doc.Stamp)
	pub     []int64  // publication time, Unix microseconds; noDate sorts last
	titles  []string // folded titles, for the title bonus
	lens    []uint32 // field-weighted length in tenths, for BM25
	termOff []uint32 // slot s's terms of facet fi start at terms[termOff[s*nf+fi]]
	terms   []uint32 // dense term numbers

	live     bitset   // the published sheets
	nLive    int      //
	totalLen uint64   // sum of lens of the live slots
	byID     []idSlot // live slots by sheet id
	newest   []uint32 // live slots, newest first (published_at DESC NULLS LAST, sheet_id DESC)
	byTitle  []uint32 // live slots in the database's title order (title_folded, sheet_id)
	// Per slot its place in newest and in byTitle (live slots only).
	rankNewest, rankTitle []uint32

	// Stems are numbered; per number a posting list (postings.go) and the slot it ends with.
	stems    map[string]uint32 // stems of the last Build
	added    map[string]uint32 // stems added by Updates since
	postings [][]byte
	lastSlot []int64

	// Terms are numbered densely per facet so that counts are slices, not maps.
	termIDs [][]int64          // [facet][dense] → term id
	dense   []map[int64]uint32 // [facet][term id] → dense
	// termSheets holds per facet and dense term the slots that carry it, dead ones too (a
	// search only ever looks at live slots). An Update copies the sets it adds to.
	termSheets [][]bitset

	synonyms *Synonyms

	// phrases holds, per phrase of a synonym of several words, the sheets containing it, read
	// through Query.Phrases when first needed.
	phraseMu sync.Mutex
	phrases  map[string]bitset
}

type idSlot struct {
	id   int64
	slot uint32
}

// nf is the number of facets.
var nf = len(catalog.Facets)

// noDate is the publication time of a sheet without one: after every other in newest first.
const noDate = math.MinInt64

// Doc is one published sheet as the index takes it in.
type Doc struct {
	ID int64
	// Stamp is the version of the sheet's search row (PostgreSQL's xmin): a sheet read again
	// with the same stamp has not changed.
	Stamp uint32
	// Published is the publication time in Unix microseconds, or NoDate.
	Published int64
	Title     string    // the folded title
	Terms     [][]int64 // term ids per facet, in the order of catalog.Facets
	Stems     []Stem
	// TitleAfter is, for Update, the sheet just before this one in the database's title
	// order of the new version (0 when it is the first). Build takes the sheets in that order.
	TitleAfter int64
}

// NoDate is Doc.Published for a sheet without a publication date.
const NoDate = noDate

// Stem is one stem of a sheet's text and how often it occurs in each field.
type Stem struct {
	Text  string
	Freqs [numFields]uint16
}

// Version is the catalogue version the index holds.
func (x *Index) Version() int64 { return x.version }

// Len is the number of sheets in the index.
func (x *Index) Len() int { return x.nLive }

// Dead is the number of slots of sheets changed or withdrawn since the last Build.
func (x *Index) Dead() int { return len(x.ids) - x.nLive }

// Stamp returns the stamp the index holds for sheet id, and whether it holds the sheet.
func (x *Index) Stamp(id int64) (uint32, bool) {
	s, ok := x.slotOf(id)
	if !ok {
		return 0, false
	}
	return x.stamps[s], true
}

// IDs calls fn for the id of every sheet in the index.
func (x *Index) IDs(fn func(id int64)) {
	for _, e := range x.byID {
		fn(e.id)
	}
}

// Synonyms are the synonym groups of the index's version.
func (x *Index) Synonyms() *Synonyms { return x.synonyms }

func (x *Index) slotOf(id int64) (uint32, bool) {
	i, ok := slices.BinarySearchFunc(x.byID, id, func(e idSlot, id int64) int { return cmp.Compare(e.id, id) })
	if !ok {
		return 0, false
	}
	return x.byID[i].slot, true
}

// facetTerms returns slot s's dense terms in facet fi.
func (x *Index) facetTerms(s uint32, fi int) []uint32 {
	i := int(s)*nf + fi
	end := uint32(len(x.terms))
	if i+1 < len(x.termOff) {
		end = x.termOff[i+1]
	}
	return x.terms[x.termOff[i]:end]
}

// newerFirst orders slots newest first: by publication time, then sheet id, descending.
func (x *Index) newerFirst(a, b uint32) int {
	if c := cmp.Compare(x.pub[b], x.pub[a]); c != 0 {
		return c
	}
	return cmp.Compare(x.ids[b], x.ids[a])
}

// Build makes the index of version from docs, given in the database's title order
// (title_folded, sheet_id), and the version's synonym groups (nil for none).
func Build(version int64, syn *Synonyms, docs func(yield func(Doc) error) error) (*Index, error) {
	x := &Index{version: version, synonyms: syn, stems: map[string]uint32{}}
	for range catalog.Facets {
		x.termIDs = append(x.termIDs, nil)
		x.dense = append(x.dense, map[int64]uint32{})
	}
	// The lists grow one by one, then move into one array, each exactly as long as it is.
	var lists [][]byte
	err := docs(func(d Doc) error {
		slot := x.appendDoc(d, func(st string) uint32 {
			n, ok := x.stems[st]
			if !ok {
				n = uint32(len(x.stems))
				x.stems[strings.Clone(st)] = n
				lists = append(lists, nil)
				x.lastSlot = append(x.lastSlot, -1)
			}
			return n
		}, func(n uint32, slot uint32, f freqs) {
			lists[n] = appendPosting(lists[n], x.lastSlot[n], slot, f)
			x.lastSlot[n] = int64(slot)
		})
		x.byTitle = append(x.byTitle, slot)
		return nil
	})
	if err != nil {
		return nil, err
	}
	size := 0
	for _, l := range lists {
		size += len(l)
	}
	all := make([]byte, 0, size)
	x.postings = make([][]byte, len(lists))
	for n, l := range lists {
		at := len(all)
		all = append(all, l...)
		x.postings[n] = all[at:len(all):len(all)]
		lists[n] = nil
	}
	x.termSheets = make([][]bitset, nf)
	for fi := range nf {
		x.termSheets[fi] = make([]bitset, len(x.termIDs[fi]))
		for d := range x.termSheets[fi] {
			x.termSheets[fi][d] = newBitset(len(x.ids))
		}
	}
	for s := range uint32(len(x.ids)) {
		for fi := range nf {
			for _, d := range x.facetTerms(s, fi) {
				x.termSheets[fi][d].add(s)
			}
		}
	}
	x.finishOrders()
	return x, nil
}

// appendDoc gives d the next slot and returns it, numbering its stems with stem and adding
// its postings with post. The slot is live.
func (x *Index) appendDoc(d Doc, stem func(string) uint32, post func(n, slot uint32, f freqs)) uint32 {
	slot := uint32(len(x.ids))
	x.ids = append(x.ids, d.ID)
	x.stamps = append(x.stamps, d.Stamp)
	x.pub = append(x.pub, d.Published)
	x.titles = append(x.titles, d.Title)
	for fi := range nf {
		x.termOff = append(x.termOff, uint32(len(x.terms)))
		if fi < len(d.Terms) {
			for _, t := range d.Terms[fi] {
				x.terms = append(x.terms, x.denseTerm(fi, t))
			}
		}
	}
	var length uint32
	for _, st := range d.Stems {
		f := freqs(st.Freqs)
		length += f.weighted()
		post(stem(st.Text), slot, f)
	}
	x.lens = append(x.lens, length)
	if len(x.live)*64 <= int(slot) {
		x.live = x.live.grown(int(slot) + 1 + len(x.ids)/4)
	}
	x.live.add(slot)
	x.nLive++
	x.totalLen += uint64(length)
	return slot
}

// finishOrders sorts byID and newest from the live slots (byTitle is kept as given).
func (x *Index) finishOrders() {
	x.byID = x.byID[:0]
	x.newest = x.newest[:0]
	for s := range uint32(len(x.ids)) {
		if x.live.has(s) {
			x.byID = append(x.byID, idSlot{x.ids[s], s})
			x.newest = append(x.newest, s)
		}
	}
	slices.SortFunc(x.byID, func(a, b idSlot) int { return cmp.Compare(a.id, b.id) })
	slices.SortFunc(x.newest, x.newerFirst)
	x.rankOrders()
}

// rankOrders sets rankNewest and rankTitle from newest and byTitle.
func (x *Index) rankOrders() {
	x.rankNewest = make([]uint32, len(x.ids))
	x.rankTitle = make([]uint32, len(x.ids))
	for i, s := range x.newest {
		x.rankNewest[s] = uint32(i)
	}
	for i, s := range x.byTitle {
		x.rankTitle[s] = uint32(i)
	}
}

func (x *Index) denseTerm(fi int, id int64) uint32 {
	d, ok := x.dense[fi][id]
	if !ok {
		d = uint32(len(x.termIDs[fi]))
		x.dense[fi][id] = d
		x.termIDs[fi] = append(x.termIDs[fi], id)
	}
	return d
}

// stemNumber returns the number of stem st, if the index has it.
func (x *Index) stemNumber(st string) (uint32, bool) {
	if n, ok := x.stems[st]; ok {
		return n, true
	}
	n, ok := x.added[st]
	return n, ok
}

// ParseTSVector reads PostgreSQL's text form of a tsvector ('stem':1A,4,7B ...) into stems
// with their frequencies per field: weight A is the title, B the intro, C the terms, D (not
// written) the body. A stem without positions counts once in the body.
func ParseTSVector(s string) ([]Stem, error) {
	var out []Stem
	for len(s) > 0 {
		if s[0] == ' ' {
			s = s[1:]
			continue
		}
		if s[0] != '\'' {
			return nil, fmt.Errorf("search: tsvector: unexpected %q", s[:min(len(s), 20)])
		}
		// The lexeme, with '' and \\ for a quote and a backslash.
		i, escaped := 1, false
		for ; ; i++ {
			if i >= len(s) {
				return nil, fmt.Errorf("search: tsvector: unterminated lexeme")
			}
			if s[i] == '\\' {
				i++
				escaped = true
				continue
			}
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					i++
					escaped = true
					continue
				}
				break
			}
		}
		st := Stem{Text: s[1:i]}
		if escaped {
			st.Text = strings.NewReplacer("''", "'", `\\`, `\`, `\'`, "'").Replace(st.Text)
		}
		s = s[i+1:]
		if len(s) == 0 || s[0] != ':' {
			st.Freqs[FieldBody] = 1
			out = append(out, st)
			continue
		}
		s = s[1:]
		for {
			j := 0
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == 0 {
				return nil, fmt.Errorf("search: tsvector: position expected at %q", s[:min(len(s), 20)])
			}
			field := FieldBody
			if j < len(s) {
				switch s[j] {
				case 'A':
					field, j = FieldTitle, j+1
				case 'B':
					field, j = FieldIntro, j+1
				case 'C':
					field, j = FieldTerms, j+1
				case 'D':
					j++
				}
			}
			if st.Freqs[field] < math.MaxUint16 {
				st.Freqs[field]++
			}
			s = s[j:]
			if len(s) > 0 && s[0] == ',' {
				s = s[1:]
				continue
			}
			break
		}
		out = append(out, st)
	}
	return out, nil
}

// ReadTSVector reads PostgreSQL's binary form of a tsvector (tsvectorsend: the number of
// lexemes, then per lexeme its text ending in a zero byte, the number of its positions and
// each position, 16 bits big-endian, the weight in the top two bits: 3 for A … 0 for D) into
// stems with their frequencies per field, as ParseTSVector does with the text form. The
// stems' texts share one copy of buf.
func ReadTSVector(b []byte) ([]Stem, error) {
	if len(b) < 4 {
		return nil, fmt.Errorf("search: tsvector: %d bytes", len(b))
	}
	n := binary.BigEndian.Uint32(b)
	buf := string(b[4:])
	out := make([]Stem, 0, min(n, uint32(len(buf)/3)))
	for range n {
		end := strings.IndexByte(buf, 0)
		if end < 0 || len(buf) < end+3 {
			return nil, fmt.Errorf("search: tsvector: lexeme cut short")
		}
		st := Stem{Text: buf[:end]}
		npos := int(buf[end+1])<<8 | int(buf[end+2])
		buf = buf[end+3:]
		if len(buf) < 2*npos {
			return nil, fmt.Errorf("search: tsvector: positions cut short")
		}
		if npos == 0 {
			st.Freqs[FieldBody] = 1
		}
		for i := range npos {
			field := [4]int{FieldBody, FieldTerms, FieldIntro, FieldTitle}[buf[2*i]>>6]
			if st.Freqs[field] < math.MaxUint16 {
				st.Freqs[field]++
			}
		}
		buf = buf[2*npos:]
		out = append(out, st)
	}
	if len(buf) != 0 {
		return nil, fmt.Errorf("search: tsvector: %d bytes left over", len(buf))
	}
	return out, nil
}
