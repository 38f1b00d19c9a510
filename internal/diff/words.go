package diff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Op is one piece of a text comparison: text both sides share (Equal), text only the old side
// has (Delete) or text only the new side has (Insert).
type Op struct {
	Kind Kind
	Text string
}

// Words compares two texts word by word. Words, runs of white space and single punctuation
// marks are the units; a change that spans several words is given as one deletion followed
// by one insertion, not as alternating fragments. Paragraphs (separated by a blank line) are
// matched first; a paragraph that was mostly rewritten is given whole, its old text deleted
// and its new text inserted, rather than as scattered fragments of words. Old and New of the
// result are a and b.
func Words(a, b string) []Op {
	if a == b {
		if a == "" {
			return nil
		}
		return []Op{{Equal, a}}
	}
	pa, pb := paragraphs(a), paragraphs(b)
	var ops []Op
	var dels, inss []string
	flush := func() {
		n := min(len(dels), len(inss))
		for k := range n {
			ops = append(ops, rewritten(dels[k], inss[k])...)
		}
		for _, d := range dels[n:] {
			ops = append(ops, Op{Delete, d})
		}
		for _, in := range inss[n:] {
			ops = append(ops, Op{Insert, in})
		}
		dels, inss = dels[:0], inss[:0]
	}
	for _, e := range Slices(pa, pb) {
		switch e.Kind {
		case Equal:
			flush()
			ops = append(ops, Op{Equal, pa[e.A]})
		case Delete:
			dels = append(dels, pa[e.A])
		case Insert:
			inss = append(inss, pb[e.B])
		}
	}
	flush()
	return cleanup(ops)
}

// rewritten compares paragraph a with the paragraph b that took its place: word by word, or
// as a whole when the words of a that b keeps are less than half of the longer text and the
// changes are scattered over three places or more.
func rewritten(a, b string) []Op {
	ops := words(a, b)
	runs, kept := 0, 0
	for i, op := range ops {
		switch {
		case op.Kind == Equal:
			kept += visible(op.Text)
		case i == 0 || ops[i-1].Kind == Equal:
			runs++
		}
	}
	if runs >= 3 && 2*kept < max(visible(a), visible(b)) {
		return []Op{{Delete, a}, {Insert, b}}
	}
	return ops
}

// visible counts the runes of s that are not white space.
func visible(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// paragraphs splits s after each blank line: concatenated, the pieces are s.
func paragraphs(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.Index(s, "\n\n")
		if i < 0 {
			out = append(out, s)
			break
		}
		end := i + 2
		for end < len(s) && (s[end] == '\n' || s[end] == '\r') {
			end++
		}
		out = append(out, s[:end])
		s = s[end:]
	}
	return out
}

// words compares two texts token by token (see tokens), tidied by cleanup.
func words(a, b string) []Op {
	ta, tb := tokens(a), tokens(b)
	var ops []Op
	for _, e := range Slices(ta, tb) {
		switch e.Kind {
		case Equal:
			ops = append(ops, Op{Equal, ta[e.A]})
		case Delete:
			ops = append(ops, Op{Delete, ta[e.A]})
		case Insert:
			ops = append(ops, Op{Insert, tb[e.B]})
		}
	}
	return cleanup(ops)
}

// Old returns the old text of ops: its Equal and Delete pieces.
func Old(ops []Op) string { return join(ops, Delete) }

// New returns the new text of ops: its Equal and Insert pieces.
func New(ops []Op) string { return join(ops, Insert) }

func join(ops []Op, side Kind) string {
	var b strings.Builder
	for _, op := range ops {
		if op.Kind == Equal || op.Kind == side {
			b.WriteString(op.Text)
		}
	}
	return b.String()
}

// HasChanges reports whether ops hold a deletion or an insertion.
func HasChanges(ops []Op) bool {
	for _, op := range ops {
		if op.Kind != Equal {
			return true
		}
	}
	return false
}

// tokens splits s into words (letters, digits and combining marks), runs of white space, and
// single other characters. Concatenated, the tokens are s.
func tokens(s string) []string {
	var out []string
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		n := size
		switch {
		case isWord(r):
			n = span(s, isWord)
		case unicode.IsSpace(r):
			n = span(s, unicode.IsSpace)
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// span returns the length in bytes of the prefix of s whose runes satisfy f.
func span(s string, f func(rune) bool) int {
	for i, r := range s {
		if !f(r) {
			return i
		}
	}
	return len(s)
}

// cleanup makes a token script readable: white space alone between two changes becomes part
// of the change, and within each run of changes all deleted text comes first, as one piece,
// then all inserted text, as one piece. Old and New of the script stay the same.
func cleanup(ops []Op) []Op {
	for i := 1; i < len(ops)-1; i++ {
		if ops[i].Kind == Equal && ops[i-1].Kind != Equal && ops[i+1].Kind != Equal &&
			strings.TrimSpace(ops[i].Text) == "" {
			text := ops[i].Text
			ops = append(ops[:i], append([]Op{{Delete, text}, {Insert, text}}, ops[i+1:]...)...)
			i++
		}
	}
	var out []Op
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			out = append(out, Op{Delete, del.String()})
			del.Reset()
		}
		if ins.Len() > 0 {
			out = append(out, Op{Insert, ins.String()})
			ins.Reset()
		}
	}
	for _, op := range ops {
		switch op.Kind {
		case Delete:
			del.WriteString(op.Text)
		case Insert:
			ins.WriteString(op.Text)
		default:
			flush()
			if n := len(out); n > 0 && out[n-1].Kind == Equal {
				out[n-1].Text += op.Text
			} else {
				out = append(out, op)
			}
		}
	}
	flush()
	return out
}
