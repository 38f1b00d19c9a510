package web_test

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestUnconfirmedMailCarriesNoTypedText: the confirmation goes to whatever address was typed,
// so the form must not relay a stranger's text: no title and nothing of the name but letters,
// at most 40 of them.
func TestUnconfirmedMailCarriesNoTypedText(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	post := validNew()
	for i, f := range post.fields {
		switch f.name {
		case "titel":
			post.fields[i].value = "GRATIS PILLEN bij https://spam.example"
		case "naam":
			post.fields[i].value = "An Peeters, bezoek https://spam.example/win voor gratis geld vandaag nog"
		case "email":
			post.fields[i].value = "slachtoffer@example.be"
		}
	}
	if resp, _ := s.subSend(t, "/indienen", post); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST: %d", resp.StatusCode)
	}
	mails := s.subOutbox(t)
	if len(mails) != 1 || mails[0].kind != "confirmation" {
		t.Fatalf("outbox %+v", mails)
	}
	m := mails[0]
	if n := strings.Count(m.subject+m.body, "://"); n != 1 {
		t.Errorf("%d links in the mail, want only the private link", n)
	}
	for _, typed := range []string{"GRATIS", "PILLEN", "spam.example", "vandaag"} {
		if strings.Contains(m.subject+m.body, typed) {
			t.Errorf("the mail repeats %q typed in the form:\n%s\n%s", typed, m.subject, m.body)
		}
	}
	greeting, _, _ := strings.Cut(m.body, "\n")
	name := strings.TrimSuffix(strings.TrimPrefix(greeting, "Dag "), ",")
	if !strings.HasPrefix(name, "An Peeters") || utf8.RuneCountInString(name) > 40 {
		t.Errorf("greeting %q, want the name, at most 40 characters", greeting)
	}
	if !strings.Contains(m.body, "/indiening/") {
		t.Error("the mail has no private link")
	}
}

// TestUnconfirmedMailLimit: one address gets at most 3 such mails a day, however it is
// written; the submissions are stored all the same.
func TestUnconfirmedMailLimit(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for i, addr := range []string{"an@genk.be", "AN@genk.be", "an@genk.be", "An@Genk.be", "an@genk.be"} {
		resp, _ := s.subSend(t, "/indienen", subPost{fields: []subField{
			{"titel", "Klad " + string(rune('A'+i))}, {"naam", "An"}, {"email", addr}, {"action", "draft"},
		}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("draft %d: %d", i+1, resp.StatusCode)
		}
		// The private page the person lands on says truthfully whether the link was mailed.
		said := strings.Join(strings.Fields(s.get(t, resp.Header.Get("Location"), 200).Find(`.notice[role=status]`).Text()), " ")
		mailed := strings.Contains(said, "We stuurden de link ook naar "+addr)
		withheld := strings.Contains(said, "stuurden we vandaag al 3 mails, daarom deze keer geen mail")
		if want := i < 3; mailed != want || withheld == want {
			t.Errorf("draft %d: the page says %q; want it to say the link was mailed: %v", i+1, said, want)
		}
	}
	if n := s.subCount(t, `SELECT count(*) FROM submissions`); n != 5 {
		t.Errorf("%d drafts stored, want 5", n)
	}
	if n := s.subCount(t, `SELECT count(*) FROM outbox WHERE lower(to_addr) = 'an@genk.be'`); n != 3 {
		t.Errorf("%d mails to one address, want 3", n)
	}
	// Another address is not affected; a day later the first one gets mail again.
	s.subSend(t, "/indienen", subPost{fields: []subField{{"titel", "Ander"}, {"email", "bert@genk.be"}, {"action", "draft"}}})
	s.subExec(t, `UPDATE outbox SET created_at = created_at - interval '25 hours' WHERE lower(to_addr) = 'an@genk.be'`)
	s.subSend(t, "/indienen", subPost{fields: []subField{{"titel", "Later"}, {"email", "an@genk.be"}, {"action", "draft"}}})
	if n := s.subCount(t, `SELECT count(*) FROM outbox`); n != 5 {
		t.Errorf("%d mails in all, want 3 + 1 to the other address + 1 a day later", n)
	}
}
