package e2e

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/store"
)

// editorPages are the page types of the editors' own tools (password reset, confirmations,
// data quality), on a site with fixtures; tok is the admin's session.
func (s *site) editorPages(t testing.TB, tok string) []checkedPage {
	t.Helper()
	resetToken := newToken("e2e-wachtwoord")
	if err := s.st.RequestPasswordReset(context.Background(), store.ResetRequest{
		Email: adminEmail, Client: "e2e", TokenHash: tokenHash(resetToken), ExpiresAt: time.Now().Add(store.ResetLifetime),
		Mail: store.Mail{Kind: "password-reset", Subject: "Nieuw wachtwoord", Body: "Een link."},
	}); err != nil {
		t.Fatalf("RequestPasswordReset: %v", err)
	}
	return []checkedPage{
		{Name: "password forgotten", Path: "/wachtwoord-vergeten", Status: http.StatusOK},
		{Name: "password forgotten with an error", Path: "/wachtwoord-vergeten", Status: http.StatusUnprocessableEntity,
			Form: url.Values{"email": {"an@genk"}}},
		{Name: "password reset sent", Path: "/wachtwoord-vergeten/verstuurd", Status: http.StatusOK},
		{Name: "password reset form", Path: "/wachtwoord-herstellen/" + resetToken, Status: http.StatusOK},
		{Name: "password reset link unknown", Path: "/wachtwoord-herstellen/onbekend", Status: http.StatusNotFound},
	}
}

// TestEditorScreenshots photographs the editors' tool pages at a phone's width and a
// desktop's, signed in as the admin: `make screenshots`.
func TestEditorScreenshots(t *testing.T) {
	if os.Getenv("E2E_SHOTS") == "" {
		t.Skip("E2E_SHOTS is not set: run `make screenshots`")
	}
	t.Parallel()
	s := startSite(t)
	f := s.makeFixtures(t)
	pages := s.editorPages(t, f.AdminSession)
	pages = append(pages, checkedPage{Name: "queue", Path: "/beheer", Status: http.StatusOK, Admin: true})
	for _, width := range []int64{phoneWidth, 1280} {
		b := browser(t)
		b.setViewport(width, 800, width == phoneWidth)
		for _, p := range pages {
			b.open(s, p, f.AdminSession)
			b.screenshot(strconv.FormatInt(width, 10) + "-beheer-" + strings.ReplaceAll(p.Name, " ", "-"))
		}
	}
}
