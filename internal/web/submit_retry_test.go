package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// validNew is a complete new practice, sent to the editors.
func validNew(extra ...subField) subPost {
	return subPost{fields: append([]subField{
		{"titel", "Repair Café in de bib"},
		{"intro", "Buren herstellen samen wat stuk is."},
		{"categorie", "ontmoeting-participatie"},
		{"beschrijving", "Elke eerste zaterdag."},
		{"variant-1-gemeenten", "Genk"},
		{"naam", "An Peeters"},
		{"email", "an@genk.be"},
		{"action", "submit"},
	}, extra...)}
}

// with returns p with field name set to value.
func (p subPost) with(name, value string) subPost {
	fields := append([]subField(nil), p.fields...)
	for i, f := range fields {
		if f.name == name {
			fields[i].value = value
			return subPost{fields: fields, photo: p.photo}
		}
	}
	return subPost{fields: append(fields, subField{name, value}), photo: p.photo}
}

// TestSendIsOneTransaction makes sending fail after the draft is written (a trigger refuses the
// change of status, as a crash between the two would): nothing may be left behind, no draft
// that its submitter thinks is sent and no mail.
func TestSendIsOneTransaction(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.subExec(t, `
		CREATE FUNCTION refuse_send() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'the send fails'; END $$;
		CREATE TRIGGER refuse_send BEFORE UPDATE OF status ON submissions
		FOR EACH ROW WHEN (NEW.status = 'submitted') EXECUTE FUNCTION refuse_send();`)
	resp, _ := s.subSend(t, "/indienen", validNew())
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("POST: %d, want the failure reported", resp.StatusCode)
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions`); n != 0 {
		t.Errorf("%d submissions left behind by a failed send", n)
	}
	if m := s.subOutbox(t); len(m) != 0 {
		t.Errorf("mails of a failed send: %+v", m)
	}

	// Without the failure, the same POST stores the submission sent, with its mails.
	s.subExec(t, `DROP TRIGGER refuse_send ON submissions`)
	resp, _ = s.subSend(t, "/indienen", validNew())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST: %d", resp.StatusCode)
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions WHERE status = 'submitted'`); n != 1 {
		t.Errorf("%d submissions sent, want 1", n)
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions WHERE status = 'draft'`); n != 0 {
		t.Errorf("%d drafts", n)
	}
}

// formKey returns the hidden key of the form on the page at path.
func (s site) formKey(t *testing.T, path string) string {
	t.Helper()
	key := s.get(t, path, 200).Find(`input[type=hidden][name=sleutel]`).AttrOr("value", "")
	if key == "" {
		t.Errorf("the form at %s has no key", path)
	}
	return key
}

// TestRetriedPostStoresOnce posts the same form twice, one after the other (a retry after a
// timeout) and at once (a double click): one submission, one confirmation, and both POSTs
// get the answer of the first.
func TestRetriedPostStoresOnce(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.subExec(t, `INSERT INTO users (email, name, role, password_hash) VALUES ('redactie@praktijkbank.be', 'Redactie', 'editor', 'x')`)
	key := s.formKey(t, "/indienen")
	if other := s.formKey(t, "/indienen"); other == key && key != "" {
		t.Fatal("two renderings of the form have the same key")
	}

	// A retry after a timeout.
	first, _ := s.subSend(t, "/indienen", validNew(subField{"sleutel", key}))
	again, _ := s.subSend(t, "/indienen", validNew(subField{"sleutel", key}))
	loc := first.Header.Get("Location")
	if first.StatusCode != http.StatusSeeOther || !strings.HasSuffix(loc, "?melding=verstuurd") {
		t.Fatalf("first POST: %d to %q", first.StatusCode, loc)
	}
	if again.StatusCode != first.StatusCode || again.Header.Get("Location") != loc {
		t.Errorf("retried POST: %d to %q, want the first answer (%q)", again.StatusCode, again.Header.Get("Location"), loc)
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions`); n != 1 {
		t.Errorf("%d submissions after a retried POST, want 1", n)
	}
	if n := s.subCount(t, `SELECT count(*) FROM outbox WHERE kind = 'confirmation'`); n != 1 {
		t.Errorf("%d confirmations, want 1", n)
	}
	if n := s.subCount(t, `SELECT count(*) FROM outbox WHERE kind = 'editor-notice'`); n != 1 {
		t.Errorf("%d editor notices, want 1", n)
	}

	// A double click: both at once.
	key = s.formKey(t, "/indienen")
	var wg sync.WaitGroup
	locs := make([]string, 2)
	for i := range locs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := s.subSend(t, "/indienen", validNew(subField{"sleutel", key}))
			locs[i] = strconv.Itoa(resp.StatusCode) + " " + resp.Header.Get("Location")
		}()
	}
	wg.Wait()
	if locs[0] != locs[1] || !strings.HasPrefix(locs[0], "303 /indiening/") {
		t.Errorf("double click answered %q and %q", locs[0], locs[1])
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions`); n != 2 {
		t.Errorf("%d submissions after a double click, want 2 in all", n)
	}
}

// TestRetriedPostOnPrivatePage: a draft sent twice from its private page, and twice from
// "Controleer je inzending", is sent once; the second POST is no change and no conflict.
func TestRetriedPostOnPrivatePage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.subExec(t, `INSERT INTO users (email, name, role, password_hash) VALUES ('redactie@praktijkbank.be', 'Redactie', 'editor', 'x')`)
	for _, via := range []string{"form", "preview"} {
		t.Run(via, func(t *testing.T) {
			// Each its own address: one address gets 3 such mails a day.
			draft := validNew().with("email", via+"@genk.be").with("action", "draft")
			resp, _ := s.subSend(t, "/indienen", draft)
			private := strings.Split(resp.Header.Get("Location"), "?")[0]
			before := s.subCount(t, `SELECT count(*) FROM outbox`)
			changed := s.subCount(t, `SELECT count(*) FROM outbox WHERE subject LIKE 'Aangepast%'`)
			var answers [2]*http.Response
			if via == "form" {
				key := s.formKey(t, private)
				for i := range answers {
					answers[i], _ = s.subSend(t, private, validNew().with("email", via+"@genk.be").with("sleutel", key))
				}
			} else {
				page := s.get(t, private+"/controle", 200)
				form := url.Values{
					"versie":  {page.Find(`input[name=versie]`).AttrOr("value", "")},
					"sleutel": {page.Find(`input[name=sleutel]`).AttrOr("value", "")},
				}
				if form.Get("sleutel") == "" {
					t.Error("the preview's form has no key")
				}
				for i := range answers {
					var err error
					answers[i], err = noRedirect.PostForm(s.URL+private+"/controle", form)
					if err != nil {
						t.Fatal(err)
					}
					answers[i].Body.Close()
				}
			}
			for i, a := range answers {
				if a.StatusCode != http.StatusSeeOther || a.Header.Get("Location") != private+"?melding=verstuurd" {
					t.Errorf("POST %d: %d to %q, want %q", i+1, a.StatusCode, a.Header.Get("Location"), private+"?melding=verstuurd")
				}
			}
			if n := s.subCount(t, `SELECT count(*) FROM outbox`) - before; n != 2 {
				t.Errorf("%d mails, want a confirmation and an editor notice", n)
			}
			if n := s.subCount(t, `SELECT count(*) FROM outbox WHERE subject LIKE 'Aangepast%'`) - changed; n != 0 {
				t.Errorf("the retried send was taken for a change (%d notices)", n)
			}
		})
	}
}
