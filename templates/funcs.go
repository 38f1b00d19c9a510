package templates

import (
	"strings"
	"time"
	_ "time/tzdata" // Europe/Brussels even where the system has no time zone database

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

var months = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// Brussels is the time zone in which dates and times are shown.
var Brussels = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Brussels"); err == nil {
		return loc
	}
	return time.UTC
}()

// DutchDate formats the day of t in Brussels as "25 november 2026"; "" for zero.
func DutchDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Brussels)
	return itoa(t.Day()) + " " + months[t.Month()-1] + " " + itoa(t.Year())
}

func slugID(s string) string {
	if id := catalog.Slugify(s); id != "" {
		return id
	}
	return "x"
}

// isoDate is the day of t in Brussels as 2026-11-25, for a time element's datetime.
func isoDate(t time.Time) string { return t.In(Brussels).Format("2006-01-02") }

// municipalityFacts is the line under a municipality's name: "Provincie Limburg · 3
// praktijken", "Brussels Hoofdstedelijk Gewest · 1 praktijk".
func municipalityFacts(province string, practices int) string {
	var parts []string
	switch {
	case province == "":
	case strings.HasPrefix(province, "Brussel"):
		parts = append(parts, province)
	default:
		parts = append(parts, "Provincie "+province)
	}
	if practices > 0 {
		parts = append(parts, plural(practices, "praktijk", "praktijken"))
	}
	return strings.Join(parts, " · ")
}
