// Command derive writes the lists of compound heads and tails of package compound from a
// Dutch word list, one word a line (Debian's wdutch: /usr/share/dict/dutch). Run it through
// go generate in internal/compound; the lists it writes are committed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/compound"
)

// minUses is how many compounds of the list a word must begin (or end) to be kept: a word
// seen once is more often a chance split than a part.
const minUses = 2

func main() {
	dict := flag.String("dict", "/usr/share/dict/dutch", "the word list, one word a line")
	out := flag.String("out", ".", "directory to write heads.txt and tails.txt into")
	flag.Parse()
	if err := run(*dict, *out); err != nil {
		fmt.Fprintln(os.Stderr, "derive:", err)
		os.Exit(1)
	}
}

func run(dict, out string) error {
	words, err := readWords(dict)
	if err != nil {
		return err
	}
	heads, tails := map[string]int{}, map[string]int{}
	for w := range words {
		for i := compound.MinPart; i <= len(w)-compound.MinPart; i++ {
			head := w[:i]
			if !words[head] {
				continue
			}
			for _, link := range compound.Links {
				rest, ok := strings.CutPrefix(w[i:], link)
				if ok && len(rest) >= compound.MinPart && words[rest] {
					heads[head]++
					tails[rest]++
				}
			}
		}
	}
	if err := write(filepath.Join(out, "heads.txt"), heads); err != nil {
		return err
	}
	return write(filepath.Join(out, "tails.txt"), tails)
}

// readWords reads the list's words that are no names (a capital first) and fold to at least
// compound.MinPart letters a to z.
func readWords(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	words := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if r, _ := utf8.DecodeRuneInString(line); line == "" || unicode.IsUpper(r) {
			continue
		}
		w := catalog.Fold(line)
		if len(w) >= compound.MinPart && !strings.ContainsFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) {
			words[w] = true
		}
	}
	return words, sc.Err()
}

func write(path string, uses map[string]int) error {
	var kept []string
	for w, n := range uses {
		if n >= minUses {
			kept = append(kept, w)
		}
	}
	slices.Sort(kept)
	return os.WriteFile(path, []byte(strings.Join(kept, "\n")+"\n"), 0o644)
}
