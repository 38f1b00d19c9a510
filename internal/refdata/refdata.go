// Package refdata embeds the reference data Praktijkbank ships with, so that a binary needs no
// files next to it: the municipalities of Flanders and Brussels (with the 2025 mergers) and the
// seed practice documents that form the demo content.
package refdata

import (
	"github.com/praktijkbank/praktijkbank/internal/catalog"

	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

//go:embed municipalities.csv
var municipalitiesCSV []byte

//go:embed seeds/*.txt
var seedFiles embed.FS

// The two regions in the municipality list, as spelled in its region column.
const (
	RegionFlanders = "Vlaams Gewest"
	RegionBrussels = "Brussels Hoofdstedelijk Gewest"
)

// Municipality is one row of the embedded municipality list (see municipalities.SOURCE.md).
type Municipality struct {
	NIS      string // five-digit NIS code, unique
	NameNL   string
	NameFR   string // empty when the French name equals the Dutch one
	Province string // short Dutch province name; the region name for Brussels
	Region   string // RegionFlanders or RegionBrussels
	Lat, Lon float64
	// HasCoords reports whether Lat and Lon are known; they are not for the 2025 municipalities.
	HasCoords bool
	// MergedInto is the NIS code of the municipality this one became part of on 2025-01-01;
	// empty for a current municipality.
	MergedInto string
	// Slug is the URL slug. Current municipalities have unique slugs. A former municipality
	// with its own name has its own slug (for a redirect); one that shares its successor's
	// name carries the successor's slug, so it never yields a separate term.
	Slug string
}

// Current reports whether the municipality exists today.
func (m Municipality) Current() bool { return m.MergedInto == "" }

var csvHeader = []string{"nis_code", "name_nl", "name_fr", "province_nl", "region", "latitude", "longitude", "merged_into_nis"}

// Municipalities parses the embedded municipality list, in file order, with slugs assigned.
// It fails only if the embedded file is malformed.
func Municipalities() ([]Municipality, error) {
	ms, err := parseMunicipalities(bytes.NewReader(municipalitiesCSV))
	if err != nil {
		return nil, err
	}
	if err := validate(ms); err != nil {
		return nil, err
	}
	assignSlugs(ms)
	return ms, nil
}

func parseMunicipalities(r io.Reader) ([]Municipality, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(csvHeader)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("municipalities: header: %w", err)
	}
	for i, h := range csvHeader {
		if strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff")) != h {
			return nil, fmt.Errorf("municipalities: column %d is %q, want %q", i+1, header[i], h)
		}
	}
	var ms []Municipality
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return ms, nil
		}
		if err != nil {
			return nil, fmt.Errorf("municipalities: %w", err)
		}
		m, err := parseRow(rec)
		if err != nil {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("municipalities: line %d: %w", line, err)
		}
		ms = append(ms, m)
	}
}

func parseRow(rec []string) (Municipality, error) {
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	m := Municipality{
		NIS: rec[0], NameNL: rec[1], NameFR: rec[2], Province: rec[3], Region: rec[4],
		MergedInto: rec[7],
	}
	if !isNIS(m.NIS) {
		return m, fmt.Errorf("bad NIS code %q", m.NIS)
	}
	if m.MergedInto != "" && !isNIS(m.MergedInto) {
		return m, fmt.Errorf("bad merged_into_nis %q", m.MergedInto)
	}
	if m.NameNL == "" {
		return m, fmt.Errorf("%s: empty name_nl", m.NIS)
	}
	if m.Region != RegionFlanders && m.Region != RegionBrussels {
		return m, fmt.Errorf("%s: unknown region %q", m.NIS, m.Region)
	}
	if rec[5] == "" && rec[6] == "" {
		return m, nil
	}
	lat, err1 := strconv.ParseFloat(rec[5], 64)
	lon, err2 := strconv.ParseFloat(rec[6], 64)
	if err := errors.Join(err1, err2); err != nil {
		return m, fmt.Errorf("%s: coordinates: %w", m.NIS, err)
	}
	m.Lat, m.Lon, m.HasCoords = lat, lon, true
	return m, nil
}

func isNIS(s string) bool {
	if len(s) != 5 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// validate checks that codes are unique and that every merger points at a current municipality.
func validate(ms []Municipality) error {
	byNIS := make(map[string]int, len(ms))
	for i, m := range ms {
		if _, dup := byNIS[m.NIS]; dup {
			return fmt.Errorf("municipalities: duplicate NIS code %s", m.NIS)
		}
		byNIS[m.NIS] = i
	}
	for _, m := range ms {
		if m.MergedInto == "" {
			continue
		}
		j, ok := byNIS[m.MergedInto]
		if !ok {
			return fmt.Errorf("municipalities: %s merged into unknown code %s", m.NIS, m.MergedInto)
		}
		if !ms[j].Current() {
			return fmt.Errorf("municipalities: %s merged into %s, which is not current", m.NIS, m.MergedInto)
		}
	}
	return nil
}

// assignSlugs gives every municipality without a slug one, following the rules on Slug.
func assignSlugs(ms []Municipality) {
	taken := map[string]bool{} // slugs of current municipalities
	byNIS := map[string]int{}
	for i := range ms {
		byNIS[ms[i].NIS] = i
		if ms[i].Current() && ms[i].Slug != "" {
			taken[ms[i].Slug] = true
		}
	}
	for i := range ms {
		m := &ms[i]
		if !m.Current() || m.Slug != "" {
			continue
		}
		s := catalog.Slugify(m.NameNL)
		if taken[s] || s == "" {
			s = strings.Trim(s+"-"+m.NIS, "-")
		}
		m.Slug = s
		taken[s] = true
	}
	for i := range ms {
		m := &ms[i]
		if m.Current() || m.Slug != "" {
			continue
		}
		succ := ms[byNIS[m.MergedInto]]
		s := catalog.Slugify(m.NameNL)
		switch {
		case s == succ.Slug:
		case taken[s] || s == "":
			s = strings.Trim(s+"-"+m.NIS, "-")
		}
		m.Slug = s
	}
}

// Index answers the catalogue's questions about a municipality list: which municipalities exist
// today, which current municipality a former one leads to, and under which names a current one
// can be found. It is read-only and safe for concurrent use.
type Index struct {
	all    []Municipality
	byNIS  map[string]int
	former map[string][]int // current NIS -> indexes of the municipalities merged into it
}

// NewIndex indexes ms (normally the result of Municipalities). It copies ms, assigns slugs
// where they are missing, and fails on duplicate codes or mergers into unknown or former
// municipalities.
func NewIndex(ms []Municipality) (*Index, error) {
	all := append([]Municipality(nil), ms...)
	if err := validate(all); err != nil {
		return nil, err
	}
	assignSlugs(all)
	x := &Index{all: all, byNIS: make(map[string]int, len(all)), former: map[string][]int{}}
	for i, m := range all {
		x.byNIS[m.NIS] = i
		if !m.Current() {
			x.former[m.MergedInto] = append(x.former[m.MergedInto], i)
		}
	}
	return x, nil
}

// All returns every municipality, current and former, in input order.
func (x *Index) All() []Municipality { return append([]Municipality(nil), x.all...) }

// Current returns the municipalities that exist today (empty MergedInto), in input order.
func (x *Index) Current() []Municipality {
	var out []Municipality
	for _, m := range x.all {
		if m.Current() {
			out = append(out, m)
		}
	}
	return out
}

// ByNIS returns the municipality with the given NIS code, current or former.
func (x *Index) ByNIS(nis string) (Municipality, bool) {
	i, ok := x.byNIS[nis]
	if !ok {
		return Municipality{}, false
	}
	return x.all[i], true
}

// Successor returns the current municipality that the code leads to: the municipality itself
// when it is current (Antwerpen 11002 kept its code), its merger otherwise.
func (x *Index) Successor(nis string) (Municipality, bool) {
	m, ok := x.ByNIS(nis)
	if !ok || m.Current() {
		return m, ok
	}
	return x.ByNIS(m.MergedInto)
}

// Former returns the former municipalities merged into the current municipality nis, in input
// order; nil when there are none.
func (x *Index) Former(nis string) []Municipality {
	var out []Municipality
	for _, i := range x.former[nis] {
		out = append(out, x.all[i])
	}
	return out
}

// Aliases returns the names a current municipality can be found under: its Dutch name, its
// French name, and the Dutch and French names of the former municipalities merged into it,
// without duplicates (compared case- and accent-insensitively). It returns nil for an unknown
// or former code.
func (x *Index) Aliases(nis string) []string {
	m, ok := x.ByNIS(nis)
	if !ok || !m.Current() {
		return nil
	}
	names := []string{m.NameNL, m.NameFR}
	for _, f := range x.Former(nis) {
		names = append(names, f.NameNL, f.NameFR)
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		k := catalog.Slugify(n)
		if n == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}

// SeedFile is one embedded seed document.
type SeedFile struct {
	Name string // base file name, e.g. "000_53a0f6a6207888cc.txt"
	Data []byte // the document as stored, a fresh copy per call
}

// Seeds returns the embedded seed documents in file-name order.
func Seeds() []SeedFile {
	entries, err := fs.ReadDir(seedFiles, "seeds")
	if err != nil {
		return nil
	}
	out := make([]SeedFile, 0, len(entries))
	for _, e := range entries {
		data, err := seedFiles.ReadFile(path.Join("seeds", e.Name()))
		if err != nil {
			continue
		}
		out = append(out, SeedFile{Name: e.Name(), Data: data})
	}
	return out
}
