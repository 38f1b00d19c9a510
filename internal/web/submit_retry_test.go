package web_test

import (
	"net/http"
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
