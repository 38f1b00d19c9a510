package importer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var (
	numberedRe = regexp.MustCompile(`^(\d{1,3})[.)]\s+(\S.*)$`)
	emailRe    = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`)
	urlRe      = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"]+[^\s<>".,;:!?)\]'’]`)
)

type markerKind int

const (
	noMarker markerKind = iota
	bulletMarker
	numberMarker
)

// line is one source line with its whitespace normalised: NBSP and every other space run
// become one ASCII space, and the list marker, if any, is split off.
type line struct {
	raw    string // the whole line, trimmed, marker included
	text   string // the line without its list marker
	indent int    // leading white space in the source
	marker markerKind
	num    string // the number of a numbered item
}

func (l line) blank() bool { return l.text == "" }

// normalize makes text valid UTF-8 with "\n" line ends and without invisible characters.
func normalize(data []byte) string {
	s := strings.ToValidUTF8(string(data), "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch r {
		case '\n':
			return r
		case '\r', '\v', '\f', '\u2028', '\u2029', '\u0085':
			return '\n'
		case '\t':
			return ' '
		case '\ufeff', '\u200b', '\u200c', '\u200d', '\u2060', '\u00ad':
			return -1
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

func splitLines(s string) []line {
	raw := strings.Split(s, "\n")
	out := make([]line, len(raw))
	for i, r := range raw {
		out[i] = parseLine(r)
	}
	return out
}

func parseLine(s string) line {
	indent := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			break
		}
		indent++
	}
	l := line{raw: collapseSpace(s), indent: indent}
	l.text, l.marker, l.num = stripMarker(l.raw)
	if l.text == "" {
		return line{indent: indent}
	}
	return l
}

// collapseSpace trims s and turns every run of Unicode white space (NBSP included) into one space.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func stripMarker(s string) (string, markerKind, string) {
	r, size := utf8.DecodeRuneInString(s)
	rest := strings.TrimSpace(s[size:])
	switch {
	case strings.ContainsRune("•◦▪▫●○·‣⁃■□➢►", r):
		return rest, bulletMarker, ""
	case strings.ContainsRune("-*+–—", r) && strings.HasPrefix(s[size:], " "):
		return rest, bulletMarker, ""
	}
	if m := numberedRe.FindStringSubmatch(s); m != nil {
		return m[2], numberMarker, m[1]
	}
	return s, noMarker, ""
}

// blocks splits lines into runs of non-blank lines.
func blocks(lines []line) [][]line {
	var out [][]line
	var cur []line
	for _, l := range lines {
		if l.blank() {
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

// fold is the form used to compare text: lowercase, without accents, with straight quotes,
// "..." for "…" and single spaces.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '‘' || r == '’' || r == '‚' || r == '′' || r == '`' || r == '´':
			b.WriteByte('\'')
		case r == '“' || r == '”' || r == '„' || r == '″':
			b.WriteByte('"')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return collapseSpace(b.String())
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// endsSentence reports whether s ends like a sentence or a label rather than a name or title.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".,;:", r)
}

func hasLetterOrDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// sentences returns up to max leading sentences of s, at most limit runes long in total
// (but always at least the first sentence, cut at a word boundary with "…" if it is longer).
func sentences(s string, max, limit int) string {
	rs := []rune(s)
	end, count := 0, 0
	for i := 0; i < len(rs) && count < max; i++ {
		if !strings.ContainsRune(".!?", rs[i]) || i+2 >= len(rs) || rs[i+1] != ' ' {
			continue
		}
		next := rs[i+2]
		if !unicode.IsUpper(next) && !strings.ContainsRune("\"'‘“", next) {
			continue
		}
		if count > 0 && i+1 > limit {
			break
		}
		end, count = i+1, count+1
	}
	if count == 0 || (count < max && len(rs) <= limit) {
		end = len(rs)
	}
	return truncateWords(string(rs[:end]), limit)
}

// truncateWords cuts s to at most limit runes at a word boundary, adding "…" when it cuts.
func truncateWords(s string, limit int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if b.Len() > 0 && utf8.RuneCountInString(b.String())+1+utf8.RuneCountInString(w) > limit-1 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	if b.Len() == 0 {
		return string([]rune(s)[:limit-1]) + "…"
	}
	return strings.TrimRight(b.String(), ",;:-–") + "…"
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) <= n {
		return strings.Join(w, " ")
	}
	return strings.TrimRight(strings.Join(w[:n], " "), ",;:-–") + "…"
}

// lowerFirst lowercases the first letter unless the word looks like an acronym or a name
// written in capitals ("VBJK", "OCMW").
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[size:])
	if unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
