package templates

import (
	"strings"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

var months = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// DutchDate formats t as "25 november 2026".
func DutchDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return itoa(t.Day()) + " " + months[t.Month()-1] + " " + itoa(t.Year())
}

func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " en " + names[len(names)-1]
}

func slugID(s string) string {
	if id := catalog.Slugify(s); id != "" {
		return id
	}
	return "x"
}
