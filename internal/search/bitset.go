package search

import (
	"iter"
	"math/bits"
)

// bitset is a set of sheet slots.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) add(k uint32) { b[k/64] |= 1 << (k % 64) }

func (b bitset) del(k uint32) { b[k/64] &^= 1 << (k % 64) }

func (b bitset) has(k uint32) bool { return int(k/64) < len(b) && b[k/64]&(1<<(k%64)) != 0 }

func (b bitset) and(o bitset) {
	for i := range b {
		if i < len(o) {
			b[i] &= o[i]
		} else {
			b[i] = 0
		}
	}
}

func (b bitset) or(o bitset) {
	for i := range min(len(b), len(o)) {
		b[i] |= o[i]
	}
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// grown returns a copy of b with room for n slots.
func (b bitset) grown(n int) bitset {
	c := newBitset(max(n, len(b)*64))
	copy(c, b)
	return c
}

// all yields the slots of b in ascending order.
func (b bitset) all() iter.Seq[uint32] {
	return func(yield func(uint32) bool) {
		for i, w := range b {
			for w != 0 {
				if !yield(uint32(i*64 + bits.TrailingZeros64(w))) {
					return
				}
				w &= w - 1
			}
		}
	}
}
