package search

import "encoding/binary"

// Fields of a sheet's text, as PostgreSQL's weights mark them in the search row: A title,
// B intro, C the names of its terms, D the body.
const (
	FieldTitle = iota
	FieldIntro
	FieldTerms
	FieldBody
	numFields
)

// fieldWeight is what one occurrence in each field counts for in ranking, in tenths (the
// ratios of PostgreSQL's ts_rank defaults: 1, 0.4, 0.2, 0.1).
var fieldWeight = [numFields]uint32{10, 4, 2, 1}

// A posting list holds, per stem, the slots of the sheets that contain it, ascending, each with
// how often the stem occurs in each field: per sheet two unsigned varints, the distance from
// the previous slot (the first from -1) and the frequencies packed as
// body<<6 | terms<<4 | intro<<2 | title (each of the three small fields at most 3). Most
// postings take two or three bytes.

// freqs is the number of occurrences of a stem per field.
type freqs [numFields]uint16

func (f freqs) pack() uint64 {
	c := func(n uint16) uint64 { return uint64(min(n, 3)) }
	return uint64(f[FieldBody])<<6 | c(f[FieldTerms])<<4 | c(f[FieldIntro])<<2 | c(f[FieldTitle])
}

func unpack(v uint64) freqs {
	return freqs{uint16(v & 3), uint16(v >> 2 & 3), uint16(v >> 4 & 3), uint16(min(v>>6, 1<<16-1))}
}

// weighted is the field-weighted frequency, in tenths.
func (f freqs) weighted() uint32 {
	var w uint32
	for i, n := range f {
		w += fieldWeight[i] * uint32(n)
	}
	return w
}

// appendPosting appends slot (greater than last, the list's last slot, or -1) with f.
func appendPosting(list []byte, last int64, slot uint32, f freqs) []byte {
	list = binary.AppendUvarint(list, uint64(int64(slot)-last))
	return binary.AppendUvarint(list, f.pack())
}

// eachPosting calls fn for every posting of list in order.
func eachPosting(list []byte, fn func(slot uint32, f freqs)) {
	last := int64(-1)
	for len(list) > 0 {
		d, n := binary.Uvarint(list)
		v, m := binary.Uvarint(list[n:])
		list = list[n+m:]
		last += int64(d)
		fn(uint32(last), unpack(v))
	}
}

// weightedPacked is unpack(v).weighted(), without unpacking.
func weightedPacked(v uint64) uint32 {
	return fieldWeight[FieldTitle]*uint32(v&3) + fieldWeight[FieldIntro]*uint32(v>>2&3) +
		fieldWeight[FieldTerms]*uint32(v>>4&3) + fieldWeight[FieldBody]*uint32(min(v>>6, 1<<16-1))
}

// eachWeighted calls fn for every posting of list in order, with its field-weighted frequency.
func eachWeighted(list []byte, fn func(slot uint32, wtf uint32)) {
	last := int64(-1)
	for len(list) > 0 {
		d, n := binary.Uvarint(list)
		v, m := binary.Uvarint(list[n:])
		list = list[n+m:]
		last += int64(d)
		fn(uint32(last), weightedPacked(v))
	}
}
