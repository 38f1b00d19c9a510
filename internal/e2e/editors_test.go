package e2e

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp/kb"

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
		// The folded tabs opened: the whole Beheer-menu on a phone, Beheerder on a desktop;
		// on a phone the queue's filters opened too.
		b.navigate(s.URL + "/beheer")
		if width == phoneWidth {
			b.click("Beheer-menu", `document.querySelector(".beheer-menu > summary")`)
			b.click("Filters", `document.querySelector(".queue-filters > summary")`)
		} else {
			b.click("Beheerder", `document.querySelector(".beheer-admin-menu > summary")`)
		}
		b.screenshot(strconv.FormatInt(width, 10) + "-beheer-queue-menu-open")
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
		const r = a.getBoundingClientRect(), line = a.getClientRects()[0]; // a title may wrap: its first line
		const hit = document.elementFromPoint(Math.min(line.left + 5, innerWidth - 1), line.top + line.height / 2);
		const state = [...a.closest("li").querySelectorAll("span")].find(s => /^(Te beoordelen|Antwoord ontvangen|Wacht op indiener)$/.test(textOf(s)));
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

// On a 375 × 667 phone the queue's first submission is on the first screen, with and without
// JavaScript: the editors' tabs are folded into "Beheer-menu" and the filters into "Filters",
// both of which open to show everything they hold.
func TestQueueFirstScreenOnPhone(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	f := s.makeFixtures(t)
	for _, js := range []bool{true, false} {
		b := openTab(t, js)
		b.setViewport(phoneWidth, phoneHeight, true)
		b.setSession(s, f.AdminSession)
		b.navigate(s.URL + "/beheer")
		first := b.boxOf("the first submission's title", `document.querySelector("ol.queue-list > li h3")`)
		if !first.Found || !first.Visible || first.Bottom > phoneHeight {
			t.Errorf("JavaScript %v: the first submission's title is not on the first screen of %d px: %+v", js, phoneHeight, first)
		}
		t.Logf("JavaScript %v: the first submission's title stands at %.0f–%.0f px", js, first.Top, first.Bottom)
		// Folded, yet one press away: every tab and every filter.
		if b.has("a visible tab", `[...document.querySelectorAll(".beheer-nav a")].some(a => a.checkVisibility())`) {
			t.Errorf("JavaScript %v: the editors' tabs stand open on a phone", js)
		}
		b.click("Beheer-menu", `document.querySelector(".beheer-nav summary")`)
		if got := query[[]string](b, "the tabs shown", `[...document.querySelectorAll(".beheer-nav a")].filter(a => a.checkVisibility()).map(textOf)`); len(got) != 10 {
			t.Errorf("JavaScript %v: the opened Beheer-menu shows %q, want the 10 tabs of an admin", js, got)
		}
		filters := `[...document.querySelectorAll(".queue-filters a")]`
		if b.has("a visible filter", filters+`.some(a => a.checkVisibility())`) {
			t.Errorf("JavaScript %v: the queue's filters stand open on a phone", js)
		}
		b.click("Filters", `document.querySelector(".queue-filters summary")`)
		if got := query[[]string](b, "the filters shown", filters+`.filter(a => a.checkVisibility()).map(textOf)`); len(got) != 7 {
			t.Errorf("JavaScript %v: the opened filters show %q, want 7", js, got)
		}
		if o := b.horizontalOverflow(); o.Over > 0 {
			t.Errorf("JavaScript %v: the queue with its menu open scrolls sideways: %s", js, strings.Join(o.Culprits, ", "))
		}
		if js { // axe needs scripts
			b.assertAxeClean("the queue on a phone, Beheer-menu and Filters open")
		}
	}
}

// The editors' tabs by keyboard. On a phone: Tab reaches "Beheer-menu", Enter opens it and
// Tab then walks every tab, each visible on screen with a focus indicator. On a desktop the
// tabs stand in one row, the admins' three behind "Beheerder", which Enter opens and Escape
// closes again.
func TestBeheerMenuByKeyboard(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	f := s.makeFixtures(t)
	onScreen := `(() => { const el = document.activeElement, r = el.getBoundingClientRect();
		return el.checkVisibility() && r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight; })()`
	walkTabs := func(b *tab, label string, want []string) {
		t.Helper()
		for _, w := range want {
			b.pressKey("Tab", kb.Tab)
			got := b.focused()
			if got.Tag != "a" || got.Text != w {
				t.Errorf("%s: Tab reaches %v, want the tab %q", label, got, w)
				return
			}
			if !query[bool](b, "focus indicator", focusVisibleJS) || !query[bool](b, "focus on screen", onScreen) {
				t.Errorf("%s: the focused tab %q is off-screen or shows no focus indicator", label, w)
			}
		}
	}
	isSummary := func(text string) func(focusedElement) bool {
		return func(f focusedElement) bool { return f.Tag == "summary" && strings.HasPrefix(f.Text, text) }
	}
	editorTabs := []string{"Wachtrij", "Fiches", "Termen", "Kwaliteit", "Standaardteksten", "Zoeken", "Meldingen"}
	adminTabs := []string{"Gebruikers", "Auditlog", "Uitgaande mail"}
	for _, js := range []bool{true, false} {
		label := "phone, JavaScript " + strconv.FormatBool(js)
		b := openTab(t, js)
		b.setViewport(phoneWidth, phoneHeight, true)
		b.setSession(s, f.AdminSession)
		b.navigate(s.URL + "/beheer/mail")
		b.tabTo("Beheer-menu", isSummary("Beheer-menu"))
		if got := b.focused().Text; got != "Beheer-menu: Uitgaande mail" {
			t.Errorf("%s: the folded menu reads %q, want it to name the page: \"Beheer-menu: Uitgaande mail\"", label, got)
		}
		if !query[bool](b, "focus indicator", focusVisibleJS) {
			t.Errorf("%s: the focused Beheer-menu shows no focus indicator", label)
		}
		b.pressKey("Enter", kb.Enter)
		walkTabs(b, label, append(slices.Clone(editorTabs), adminTabs...))
		b.pressKey("Tab", kb.Tab)
		if got := b.focused(); !query[bool](b, "focus in main", `!!document.activeElement.closest("main") && !document.activeElement.closest(".beheer-nav")`) {
			t.Errorf("%s: after the last tab, Tab reaches %v, want the page's content", label, got)
		}
	}

	b := browser(t)
	b.setViewport(1280, 800, false)
	b.setSession(s, f.AdminSession)
	b.navigate(s.URL + "/beheer")
	// One row: every tab, and "Beheerder", on the same line.
	if tops := query[[]float64](b, "the tabs' rows", `[...document.querySelectorAll(".beheer-menu > ul > li")].map(li => Math.round(li.getBoundingClientRect().top))`); len(tops) != 8 || slices.Min(tops) != slices.Max(tops) {
		t.Errorf("at 1280 px the 7 tabs and Beheerder stand at heights %v, want one row of 8", tops)
	}
	if b.has("a visible Beheer-menu", `document.querySelector(".beheer-menu > summary").checkVisibility()`) {
		t.Error("at 1280 px the tabs are folded into Beheer-menu")
	}
	b.tabTo("the first tab", func(f focusedElement) bool { return f.Tag == "a" && f.Text == "Wachtrij" })
	walkTabs(b, "desktop", editorTabs[1:])
	b.pressKey("Tab", kb.Tab)
	if got := b.focused(); !isSummary("Beheerder")(got) {
		t.Fatalf("desktop: after Meldingen, Tab reaches %v, want Beheerder", got)
	}
	if b.has("a visible admin tab", `[...document.querySelectorAll(".beheer-admin-menu a")].some(a => a.checkVisibility())`) {
		t.Error("desktop: the admins' tabs show before Beheerder is opened")
	}
	b.pressKey("Enter", kb.Enter)
	walkTabs(b, "desktop", adminTabs)
	b.assertAxeClean("the queue at 1280 px, Beheerder open")
	b.pressKey("Escape", kb.Escape)
	if got := b.focused(); !isSummary("Beheerder")(got) || b.has("an open Beheerder", `document.querySelector(".beheer-admin-menu").open`) {
		t.Errorf("desktop: Escape leaves focus on %v and Beheerder open %v, want it closed and focus on it",
			got, b.has("an open Beheerder", `document.querySelector(".beheer-admin-menu").open`))
	}
	b.pressKey("Enter", kb.Enter)
	b.clickToNavigate("Auditlog", `[...document.querySelectorAll(".beheer-admin-menu a")].find(a => textOf(a) === "Auditlog")`)
	if got := b.boxOf("Beheerder", `document.querySelector(".beheer-admin-menu > summary")`); got.Text != "Beheerder: Auditlog" {
		t.Errorf("desktop: on the audit log Beheerder reads %q, want it to name the page", got.Text)
	}
}

// On a 375 px phone the outgoing mail and a sheet's history (with the editors' column "Gepubliceerd
// door") are readable in full: every cell on screen, the mail's status and attempts
// included, and no table scrolling inside its box.
func TestEditorTablesOnPhone(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	f := s.makeFixtures(t)
	b := browser(t)
	b.setViewport(phoneWidth, phoneHeight, true)
	b.setSession(s, f.AdminSession)
	type cells struct {
		Labels  []string `json:"labels"`  // the columns whose cells are on screen
		Clipped []string `json:"clipped"` // cells reaching past the screen or hidden in a scrolling box
	}
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/beheer/mail", []string{"Onderwerp", "Soort", "Aangemaakt", "Status", "Pogingen"}},
		{"/praktijken/" + f.SheetSlug + "/geschiedenis", []string{"Datum", "Toelichting", "Gepubliceerd door", "Vergelijken"}},
	} {
		b.navigate(s.URL + tc.path)
		got := query[cells](b, "measure the table's cells", `(() => {
			const labels = new Set(), clipped = [];
			for (const td of document.querySelectorAll("main table td, main table tbody th")) {
				if (!td.checkVisibility()) continue;
				const r = td.getBoundingClientRect();
				const box = td.closest(".scroll-region");
				if (r.left < 0 || r.right > document.documentElement.clientWidth + 0.5 || (box && box.scrollWidth > box.clientWidth + 1)) {
					clipped.push((td.dataset.label || "") + ": " + textOf(td) + " at " + Math.round(r.left) + "–" + Math.round(r.right) + " px");
				} else if (td.dataset.label && textOf(td) !== "") {
					labels.add(td.dataset.label);
				}
			}
			return {labels: [...labels], clipped};
		})()`)
		if len(got.Clipped) > 0 {
			t.Errorf("%s: cells off a %d px screen: %q", tc.path, phoneWidth, got.Clipped)
		}
		for _, w := range tc.want {
			if !slices.Contains(got.Labels, w) {
				t.Errorf("%s: no cell of the column %q is on screen (on screen: %q)", tc.path, w, got.Labels)
			}
		}
		if o := b.horizontalOverflow(); o.Over > 0 {
			t.Errorf("%s scrolls sideways on a phone: %s", tc.path, strings.Join(o.Culprits, ", "))
		}
	}
}
