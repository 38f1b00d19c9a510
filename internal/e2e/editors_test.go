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
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// editorPages are the page types of the editors' own tools (password reset, confirmations,
// data quality), on a site with fixtures f.
func (s *site) editorPages(t testing.TB, f fixtures) []checkedPage {
	t.Helper()
	ctx := context.Background()
	src, dst := s.mergePair(t)
	source, target := src.ID, dst.ID
	hash, err := store.HashPassword(ctx, adminPassword, testdb.CheapHashParams)
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
		Email: adminEmail, Client: "e2e", TokenHash: testdb.TokenHash(resetToken), ExpiresAt: time.Now().Add(store.ResetLifetime),
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
		{Name: "data quality", Path: "/beheer/kwaliteit", Status: http.StatusOK, Admin: true},
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
	pages = append(pages, checkedPage{Name: "queue", Path: "/beheer", Status: http.StatusOK, Admin: true},
		checkedPage{Name: "queue filtered", Path: "/beheer?status=wacht", Status: http.StatusOK, Admin: true},
		checkedPage{Name: "mail", Path: "/beheer/mail", Status: http.StatusOK, Admin: true},
		checkedPage{Name: "history diff", Path: "/praktijken/" + f.SheetSlug + "/geschiedenis?van=1&naar=2", Status: http.StatusOK})
	for _, width := range []int64{phoneWidth, 1280} {
		b := browser(t)
		b.setViewport(width, 800, width == phoneWidth)
		for _, p := range pages {
			b.open(s, p, f.AdminSession)
			b.screenshot(strconv.FormatInt(width, 10) + "-beheer-" + strings.ReplaceAll(p.Name, " ", "-"))
		}
	}
}

// On a 375 px phone the queue shows each submission's title in full width: nothing of it is
// off-screen or covered, and the page does not scroll sideways.
func TestQueueOnPhone(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	f := s.makeFixtures(t)
	b := browser(t)
	b.setViewport(phoneWidth, phoneHeight, true)
	b.setSession(s, f.AdminSession)
	b.navigate(s.URL + "/beheer")
	type titleBox struct {
		Text     string  `json:"text"`
		Left     float64 `json:"left"`
		Right    float64 `json:"right"`
		Width    float64 `json:"width"`
		Visible  bool    `json:"visible"`
		OnTop    bool    `json:"onTop"`
		StateBox float64 `json:"stateRight"`
	}
	// The window is scrolled to each title vertically (the list is longer than the screen),
	// never sideways, and no scrolling box inside the page is moved.
	boxes := query[[]titleBox](b, "measure the queue's titles", `[...document.querySelectorAll("main li a[href^='/beheer/inzendingen/']")].map(a => {
		window.scrollTo(0, a.getBoundingClientRect().top + window.scrollY - innerHeight / 2);
		const r = a.getBoundingClientRect();
		const hit = document.elementFromPoint(Math.min(r.left + 5, innerWidth - 1), r.top + r.height / 2);
		const state = [...a.closest("li").querySelectorAll("span")].find(s => /^(Nieuw|Antwoord ontvangen|Wacht op indiener)$/.test(textOf(s)));
		return {text: textOf(a), left: r.left, right: r.right, width: r.width, visible: visible(a),
			onTop: !!hit && (hit === a || a.contains(hit)), stateRight: state ? state.getBoundingClientRect().right : -1};
	})`)
	if len(boxes) < 3 {
		t.Fatalf("the queue shows %d submissions, want the fixtures' 3 or more", len(boxes))
	}
	for _, bx := range boxes {
		if !bx.Visible || bx.Width <= 0 || bx.Left < 0 || bx.Right > phoneWidth || !bx.OnTop {
			t.Errorf("title %q at %.0f–%.0f px (visible %v, on top %v) on a %d px screen", bx.Text, bx.Left, bx.Right, bx.Visible, bx.OnTop, phoneWidth)
		}
		if bx.StateBox < 0 || bx.StateBox > phoneWidth {
			t.Errorf("the state of %q is missing or off-screen (right edge %.0f px)", bx.Text, bx.StateBox)
		}
	}
	if o := b.horizontalOverflow(); o.Over > 0 {
		t.Errorf("the queue scrolls sideways on a phone: %d px wide; sticking out: %s", o.ScrollWidth, strings.Join(o.Culprits, ", "))
	}
	b.screenshot("375-beheer-queue-phone")
}
