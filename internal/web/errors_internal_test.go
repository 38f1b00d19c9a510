package web

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

// TestErrorMapper checks that every kind of error a handler returns becomes its own page.
func TestErrorMapper(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		status  int
		heading string
	}{
		{"conflict", fmt.Errorf("store: rename sheet: %w", catalog.ErrConflict), http.StatusConflict, "Dat botst met een andere wijziging"},
		{"not found", fmt.Errorf("store: get sheet: %w", catalog.ErrNotFound), http.StatusNotFound, "Pagina niet gevonden"},
		{"forbidden", catalog.ErrForbidden, http.StatusForbidden, "Geen toegang"},
		{"malformed form", fmt.Errorf("read: %w", errBadForm), http.StatusBadRequest, "Het formulier kwam niet goed aan"},
		{"rate limited", errTooManyPosts, http.StatusTooManyRequests, "Even geduld"},
		{"method", errMethod, http.StatusMethodNotAllowed, "Dat kan hier niet"},
		{"unavailable", errUnavailable, http.StatusServiceUnavailable, "Even niet beschikbaar"},
		{"own message", errForbidden("Alleen voor beheerders."), http.StatusForbidden, "Geen toegang"},
		{"unexpected", errors.New("boom"), http.StatusInternalServerError, "Er ging iets mis"},
	}
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.handle(func(http.ResponseWriter, *http.Request) error { return tt.err })(rec, httptest.NewRequest("POST", "/x", nil))
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d", rec.Code, tt.status)
			}
			doc, err := goquery.NewDocumentFromReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			if h := strings.TrimSpace(doc.Find("h1").First().Text()); h != tt.heading {
				t.Errorf("heading = %q, want %q", h, tt.heading)
			}
			if strings.Contains(doc.Text(), "boom") {
				t.Error("the page shows the internal error")
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control = %q", cc)
			}
		})
	}
}
