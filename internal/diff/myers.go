package diff

// Kind says what an operation of an edit script does.
type Kind int

// The kinds of operation. Equal keeps text of both sides, Delete text only the old side
// has, Insert text only the new side has.
const (
	Equal Kind = iota
	Delete
	Insert
)

// String names the kind, for tests and debugging.
func (k Kind) String() string {
	switch k {
	case Equal:
		return "="
	case Delete:
		return "-"
	case Insert:
		return "+"
	}
	return "?"
}

// Edit is one step of an edit script over two slices: for Equal, a[A] == b[B]; for Delete,
// a[A] is dropped; for Insert, b[B] is added. The unused index is the position in the other
// slice where the step happens.
type Edit struct {
	Kind Kind
	A, B int
}

// defaultBudget bounds the work of one comparison (roughly the number of diagonal steps the
// algorithm takes), so that two long texts with little in common cost tens of milliseconds,
// not seconds; texts an editor compares (a few changes) stay far below it.
const defaultBudget = 2_000_000

// Slices returns a shortest edit script turning a into b. Beyond the work budget a middle
// part is given as deleted and inserted as a whole, so the script always reconstructs both.
func Slices[T comparable](a, b []T) []Edit {
	return slicesBudget(a, b, defaultBudget)
}

func slicesBudget[T comparable](a, b []T, budget int) []Edit {
	ids := make(map[T]int, len(a)+len(b))
	intern := func(xs []T) []int {
		out := make([]int, len(xs))
		for i, x := range xs {
			id, ok := ids[x]
			if !ok {
				id = len(ids)
				ids[x] = id
			}
			out[i] = id
		}
		return out
	}
	d := &differ{a: intern(a), b: intern(b), budget: budget}
	d.edits = make([]Edit, 0, len(a)+len(b))
	d.compare(0, len(a), 0, len(b))
	return d.edits
}

// differ computes an edit script by Myers' divide and conquer on the middle snake.
type differ struct {
	a, b   []int
	budget int
	edits  []Edit
	v1, v2 []int // the furthest points per diagonal, reused by every bisect
}

func (d *differ) equal(x, y int)  { d.edits = append(d.edits, Edit{Equal, x, y}) }
func (d *differ) delete(x, y int) { d.edits = append(d.edits, Edit{Delete, x, y}) }
func (d *differ) insert(x, y int) { d.edits = append(d.edits, Edit{Insert, x, y}) }

// compare appends the edit script of a[aLo:aHi] against b[bLo:bHi].
func (d *differ) compare(aLo, aHi, bLo, bHi int) {
	for aLo < aHi && bLo < bHi && d.a[aLo] == d.b[bLo] {
		d.equal(aLo, bLo)
		aLo++
		bLo++
	}
	suffix := 0
	for aLo < aHi-suffix && bLo < bHi-suffix && d.a[aHi-suffix-1] == d.b[bHi-suffix-1] {
		suffix++
	}
	aHi, bHi = aHi-suffix, bHi-suffix
	switch {
	case aLo == aHi:
		for y := bLo; y < bHi; y++ {
			d.insert(aLo, y)
		}
	case bLo == bHi:
		for x := aLo; x < aHi; x++ {
			d.delete(x, bLo)
		}
	default:
		x, y, ok := d.bisect(aLo, aHi, bLo, bHi)
		if ok && (x != aLo || y != bLo) && (x != aHi || y != bHi) {
			d.compare(aLo, x, bLo, y)
			d.compare(x, aHi, y, bHi)
		} else {
			for x := aLo; x < aHi; x++ {
				d.delete(x, bLo)
			}
			for y := bLo; y < bHi; y++ {
				d.insert(aHi, y)
			}
		}
	}
	for i := 0; i < suffix; i++ {
		d.equal(aHi+i, bHi+i)
	}
}

// bisect finds the middle snake of a[aLo:aHi] against b[bLo:bHi], both non-empty with
// different first and last elements, and returns a point (x, y) on a shortest path that
// splits the problem into two smaller ones. ok is false when the two sides share nothing
// or the work budget ran out.
func (d *differ) bisect(aLo, aHi, bLo, bHi int) (x, y int, ok bool) {
	a, b := d.a[aLo:aHi], d.b[bLo:bHi]
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	off := maxD + 1
	size := 2*maxD + 3
	if cap(d.v1) < size {
		d.v1, d.v2 = make([]int, size), make([]int, size)
	}
	v1, v2 := d.v1[:size], d.v2[:size]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	front := delta%2 != 0 // the forward path meets the reverse one on odd deltas
	// Diagonals that ran off the grid are skipped from then on.
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for step := 0; step < maxD; step++ {
		d.budget -= 2*step + 1
		if d.budget < 0 {
			return 0, 0, false
		}
		for k1 := -step + k1start; k1 <= step-k1end; k1 += 2 {
			i := off + k1
			var x1 int
			if k1 == -step || (k1 != step && v1[i-1] < v1[i+1]) {
				x1 = v1[i+1]
			} else {
				x1 = v1[i-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			v1[i] = x1
			switch {
			case x1 > n:
				k1end += 2
			case y1 > m:
				k1start += 2
			case front:
				j := off + delta - k1
				if j >= 0 && j < size && v2[j] != -1 && x1 >= n-v2[j] {
					return aLo + x1, bLo + y1, true
				}
			}
		}
		for k2 := -step + k2start; k2 <= step-k2end; k2 += 2 {
			i := off + k2
			var x2 int
			if k2 == -step || (k2 != step && v2[i-1] < v2[i+1]) {
				x2 = v2[i+1]
			} else {
				x2 = v2[i-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2++
				y2++
			}
			v2[i] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				j := off + delta - k2
				if j >= 0 && j < size && v1[j] != -1 {
					x1 := v1[j]
					y1 := x1 - (j - off)
					if x1 >= n-x2 {
						return aLo + x1, bLo + y1, true
					}
				}
			}
		}
	}
	return 0, 0, false
}
