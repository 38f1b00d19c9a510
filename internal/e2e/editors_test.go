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

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// editorPages are the page types of the editors' own tools (password reset, confirmations,
// data quality), on a site with fixtures f.
func (s *site) editorPages(t testing.TB, f fixtures) []checkedPage {
	t.Helper()
	ctx := context.Background()
	terms, err := s.st.TermsForCuration(ctx, catalog.FacetCategory)
	if err != nil {
		t.Fatal(err)
	}
	var source, target int64
	for _, u := range terms {
		switch {
		case u.MergedInto != 0 || u.Proposed:
		case source == 0 && u.Sheets > 0:
			source = u.ID
		case target == 0:
			target = u.ID
		}
	}
	if source == 0 || target == 0 {
		t.Fatalf("no two categories to merge among %+v", terms)
	}
	hash, err := store.HashPassword(ctx, adminPassword, cheapHash)
	if err != nil {
		t.Fatal(err)
	}
	editor, err := s.st.CreateUser(ctx, s.admin(t), store.NewUser{Email: "redacteur@praktijkbank.test", Name: "Rik Redacteur",
		Role: catalog.RoleEditor, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	itoa := func(id int64) string { return strconv.FormatInt(id, 10) }
	resetToken := newToken("e2e-wachtwoord")
	if err := s.st.RequestPasswordReset(ctx, store.ResetRequest{
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
		{Name: "confirm term merge", Path: "/beheer/termen/" + itoa(source) + "/samenvoegen?doel=" + itoa(target), Status: http.StatusOK, Admin: true},
		{Name: "confirm archiving", Path: "/beheer/fiches/" + itoa(f.SheetID) + "/status?status=archived", Status: http.StatusOK, Admin: true},
		{Name: "confirm removing a user", Path: "/beheer/gebruikers/" + itoa(editor.ID) + "/verwijderen", Status: http.StatusOK, Admin: true},
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
	pages := s.editorPages(t, f)
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
