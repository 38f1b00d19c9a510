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

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/sheetform"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/upload/uploadtest"
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
	// The sheet's page under Beheer › Fiches, with its quick contact forms, after one of them
	// was sent with an address that is none; and its edit form sent without a title, with a new
	// photo that the form keeps ("Nieuwe foto, nog niet bewaard").
	var sheet catalog.Sheet // a sheet with a variant, whose person and address the quick form fixes
	for _, p := range s.sheetPaths(t) {
		sh, err := s.st.SheetBySlug(ctx, strings.TrimPrefix(p, "/praktijken/"))
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.Variants) > 0 {
			sheet = sh
			break
		}
	}
	if sheet.ID == 0 {
		t.Fatal("no seed sheet has a variant")
	}
	admin := "/beheer/fiches/" + itoa(sheet.ID)
	quick := url.Values{"versie": {strconv.Itoa(sheet.Revision)}, "blok": {"1"}, "snel-1-naam": {"Els Peeters"}, "snel-1-email": {"els.peeters@"}}
	pending := newToken("e2e-foto-wacht")
	png := uploadtest.BlackPNG(120, 90, 8)
	if err := s.st.KeepPendingPhoto(ctx, testdb.TokenHash(pending), s.admin(t), sheet.ID, store.SubmissionImage{
		File: "zaal.png", ContentType: "image/png", Data: png, Thumb: png, Width: 120, Height: 90}); err != nil {
		t.Fatalf("KeepPendingPhoto: %v", err)
	}
	edit := s.formValues(t, f.AdminSession, admin, "form.sheet-form")
	edit.Set(sheetform.FieldTitle, "")
	edit.Set(sheetform.FieldPendingPhoto, pending)
	edit.Set(sheetform.FieldImageAlt, "De zaal van het buurthuis, klaar voor de eerste kookavond")
	edit.Set(sheetform.FieldImageConsent, "ja")
	edit.Set(sheetform.FieldAction, "save")
	return []checkedPage{
		{Name: "beheer sheet quick contact with an error", Path: admin + "/contact", Status: http.StatusUnprocessableEntity, Admin: true, Form: quick},
		{Name: "beheer sheet edit with an error and a kept photo", Path: admin + "?versie=" + strconv.Itoa(sheet.Revision),
			Status: http.StatusUnprocessableEntity, Admin: true, Form: edit},
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

// formValues GETs path as the admin (token) and returns what its form sel would send as it
// is: every named field's value, checkboxes and radio buttons only when checked.
func (s *site) formValues(t testing.TB, token, path, sel string) url.Values {
	t.Helper()
	status, _, body := s.request(t, http.MethodGet, path, nil, token)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, status)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	form := doc.Find(sel).First()
	if form.Length() == 0 {
		t.Fatalf("GET %s: no form %s", path, sel)
	}
	v := url.Values{}
	form.Find("input[name], textarea[name], select[name]").Each(func(_ int, el *goquery.Selection) {
		name := el.AttrOr("name", "")
		switch goquery.NodeName(el) {
		case "textarea":
			v.Add(name, el.Text())
		case "select":
			if o := el.Find("option[selected]").First(); o.Length() > 0 {
				v.Add(name, o.AttrOr("value", o.Text()))
			}
		default:
			switch el.AttrOr("type", "text") {
			case "submit", "button", "file", "image", "reset":
			case "checkbox", "radio":
				if _, on := el.Attr("checked"); on {
					v.Add(name, el.AttrOr("value", "on"))
				}
			default:
				v.Add(name, el.AttrOr("value", ""))
			}
		}
	})
	return v
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
		checkedPage{Name: "sheets", Path: "/beheer/fiches", Status: http.StatusOK, Admin: true},
		checkedPage{Name: "terms", Path: "/beheer/termen", Status: http.StatusOK, Admin: true},
		checkedPage{Name: "users", Path: "/beheer/gebruikers", Status: http.StatusOK, Admin: true},
		checkedPage{Name: "audit", Path: "/beheer/audit", Status: http.StatusOK, Admin: true},
		checkedPage{Name: "search", Path: "/beheer/zoeken", Status: http.StatusOK, Admin: true},
		checkedPage{Name: "history", Path: "/praktijken/" + f.SheetSlug + "/geschiedenis", Status: http.StatusOK},
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
