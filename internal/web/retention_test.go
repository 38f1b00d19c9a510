package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

// TestRetention: an unsent draft is removed 30 days after its last change; a week before,
// its submitter gets a mail with a link that opens it (once); a draft without an address is
// removed without a mail; a sent submission is kept; mails leave the outbox after 90 days.
// The privacy page says so.
func TestRetention(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t)
	st := store.New(db)
	if err := app.Bootstrap(ctx, st, quiet); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{BaseURL: "https://praktijkbank.test"}, st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	s := newSiteOn(t, srv, st, db)

	draft := func(title, email string) {
		t.Helper()
		resp, _ := s.subSend(t, "/indienen", subPost{fields: []subField{{"titel", title}, {"naam", "An"}, {"email", email}, {"action", "draft"}}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("draft %s: %d", title, resp.StatusCode)
		}
	}
	draft("Met adres", "an@genk.be")
	draft("Zonder adres", "")
	if resp, _ := s.subSend(t, "/indienen", validNew()); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", resp.StatusCode)
	}
	s.subExec(t, `DELETE FROM outbox`)
	s.subExec(t, `UPDATE submissions SET updated_at = now() - interval '24 days'`)

	res, err := srv.ApplyRetention(ctx)
	if err != nil || res != (store.RetentionResult{Warned: 1}) {
		t.Fatalf("24 days on: %+v, %v; want one draft warned", res, err)
	}
	mails := s.subOutbox(t)
	if len(mails) != 1 || mails[0].kind != "draft-expiry" || mails[0].to != "an@genk.be" {
		t.Fatalf("outbox %+v", mails)
	}
	if !strings.Contains(mails[0].body, "wordt verwijderd op ") || strings.Contains(mails[0].body, "Met adres") {
		t.Errorf("notice:\n%s", mails[0].body)
	}
	link := regexp.MustCompile(`https://praktijkbank.test(/indiening/[A-Za-z0-9_-]{43})`).FindStringSubmatch(mails[0].body)
	if link == nil {
		t.Fatalf("no private link in the notice:\n%s", mails[0].body)
	}
	if doc := s.get(t, link[1], 200); subVal(doc, "titel") != "Met adres" {
		t.Errorf("the notice's link opens %q", subVal(doc, "titel"))
	}
	if res, _ := srv.ApplyRetention(ctx); res.Warned != 0 || len(s.subOutbox(t)) != 1 {
		t.Errorf("warned again: %+v", res)
	}

	// 31 days after the last change, 8 after the notice: the drafts go, the sent one stays.
	s.subExec(t, `UPDATE submissions SET updated_at = now() - interval '31 days', expiry_warned_at = now() - interval '8 days' WHERE expiry_warned_at IS NOT NULL`)
	s.subExec(t, `UPDATE submissions SET updated_at = now() - interval '31 days'`)
	s.subExec(t, `INSERT INTO outbox (kind, to_addr, subject, body, sent_at, created_at) VALUES
		('confirmation', 'oud@genk.be', 'Oud', 'x', now() - interval '91 days', now() - interval '91 days'),
		('confirmation', 'recent@genk.be', 'Recent', 'x', now() - interval '10 days', now() - interval '10 days')`)
	res, err = srv.ApplyRetention(ctx)
	if err != nil || res.DraftsRemoved != 2 || res.MailsRemoved != 1 {
		t.Fatalf("31 days on: %+v, %v; want 2 drafts and 1 mail removed", res, err)
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions WHERE status = 'submitted'`); n != 1 {
		t.Errorf("%d sent submissions left, want 1", n)
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions WHERE status = 'draft'`); n != 0 {
		t.Errorf("%d drafts left", n)
	}
	s.get(t, link[1], 404)
	if n := s.subCount(t, `SELECT count(*) FROM outbox WHERE to_addr = 'oud@genk.be'`); n != 0 {
		t.Error("a mail sent 91 days ago is kept")
	}

	text := strings.Join(strings.Fields(s.get(t, "/privacy", 200).Find("main").Text()), " ")
	for _, want := range []string{"30 dagen na de laatste wijziging", "een week", "90 dagen"} {
		if !strings.Contains(text, want) {
			t.Errorf("the privacy page does not say %q", want)
		}
	}
}
