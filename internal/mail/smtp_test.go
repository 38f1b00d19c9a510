package mail_test

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	pbmail "github.com/praktijkbank/praktijkbank/internal/mail"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw                          string
		host, port, user, pass, from string
		implicitTLS                  bool
		wantErr                      bool
	}{
		{raw: "smtp://user:p%40ss@mail.example.be:587?from=praktijkbank@example.be",
			host: "mail.example.be", port: "587", user: "user", pass: "p@ss", from: "praktijkbank@example.be"},
		{raw: "smtp://mail.example.be", host: "mail.example.be", port: "587"},
		{raw: "smtps://u:p@mail.example.be?from=a@example.be", host: "mail.example.be", port: "465", user: "u", pass: "p",
			from: "a@example.be", implicitTLS: true},
		{raw: "smtp://localhost:1025", host: "localhost", port: "1025"},
		{raw: "http://mail.example.be", wantErr: true},
		{raw: "smtp://", wantErr: true},
		{raw: "smtp://mail.example.be?from=geen-adres", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			c, err := pbmail.ParseURL(tt.raw)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseURL = %+v, want an error", c)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Host != tt.host || c.Port != tt.port || c.Username != tt.user || c.Password != tt.pass ||
				c.From != tt.from || c.ImplicitTLS != tt.implicitTLS {
				t.Errorf("ParseURL = %+v", c)
			}
			if tt.pass != "" && strings.Contains(c.String(), ":"+tt.pass+"@") {
				t.Errorf("String() = %q shows the password", c.String())
			}
		})
	}
}

const body = "Dag An,\n\nJe praktijk “Kinderopvang tijdens de taalles” is ontvangen.\n.\nEen regel met alleen een punt hierboven.\n" +
	"Een heel lange regel die langer is dan zesenzeventig tekens, zodat quoted-printable hem moet afbreken.\n"

func checkMessage(t *testing.T, got received, to string) {
	t.Helper()
	if got.From != "praktijkbank@example.be" || got.To != to {
		t.Errorf("envelope %s → %s", got.From, got.To)
	}
	msg, err := mail.ReadMessage(strings.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != "Je inzending “Kinderopvang” – ontvangen" {
		t.Errorf("subject %q (%v)", subject, err)
	}
	if from := msg.Header.Get("From"); from != `"Praktijkbank" <praktijkbank@example.be>` {
		t.Errorf("From: %s", from)
	}
	if id := msg.Header.Get("Message-Id"); !strings.HasPrefix(id, "<outbox-42.") || !strings.HasSuffix(id, "@example.be>") {
		t.Errorf("Message-ID: %s", id)
	}
	if ct := msg.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type: %s", ct)
	}
	text, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.ReplaceAll(string(text), "\r\n", "\n"); got != body {
		t.Errorf("body = %q, want %q", got, body)
	}
}

func TestSMTPSend(t *testing.T) {
	t.Parallel()
	srv := startFakeSMTP(t, nil)
	c, err := pbmail.ParseURL("smtp://praktijkbank:geheim@127.0.0.1:" + srv.port() + "?from=praktijkbank@example.be")
	if err != nil {
		t.Fatal(err)
	}
	msg := pbmail.Message{ID: 42, Created: time.Now(), To: "An Peeters <an@gemeente.be>",
		Subject: "Je inzending “Kinderopvang” – ontvangen", Body: body}
	if err := c.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := srv.received()
	if len(got) != 1 {
		t.Fatalf("%d mails received", len(got))
	}
	checkMessage(t, got[0], "an@gemeente.be")
	if dec, _ := base64.StdEncoding.DecodeString(got[0].Auth[len("PLAIN "):]); string(dec) != "\x00praktijkbank\x00geheim" {
		t.Errorf("AUTH %q", got[0].Auth)
	}

	// A subject cannot add headers.
	msg.Subject = "Hallo\r\nBcc: x@evil.test"
	if err := c.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	m, _ := mail.ReadMessage(strings.NewReader(srv.received()[1].Data))
	if m.Header.Get("Bcc") != "" || m.Header.Get("Subject") != "Hallo Bcc: x@evil.test" {
		t.Errorf("headers after a subject with a line break: %v", m.Header)
	}

	if err := c.Send(context.Background(), pbmail.Message{To: "geen adres", Subject: "x", Body: "x"}); err == nil {
		t.Error("sent to an invalid address")
	}
}

func TestSMTPStartTLS(t *testing.T) {
	t.Parallel()
	serverTLS, roots := selfSigned(t)
	srv := startFakeSMTP(t, func(f *fakeSMTP) { f.tlsConfig = serverTLS })
	c, err := pbmail.ParseURL("smtp://praktijkbank:geheim@127.0.0.1:" + srv.port() + "?from=praktijkbank@example.be")
	if err != nil {
		t.Fatal(err)
	}
	c.TLSConfig = &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}
	if err := c.Send(context.Background(), pbmail.Message{ID: 42, To: "an@gemeente.be",
		Subject: "Je inzending “Kinderopvang” – ontvangen", Body: body}); err != nil {
		t.Fatal(err)
	}
	got := srv.received()
	if len(got) != 1 || !got[0].TLS {
		t.Fatalf("received %+v, want one mail over STARTTLS", got)
	}
	checkMessage(t, got[0], "an@gemeente.be")

	// A certificate that is not trusted stops the delivery before any credentials are sent.
	c.TLSConfig = nil
	if err := c.Send(context.Background(), pbmail.Message{To: "an@gemeente.be", Subject: "x", Body: "x"}); err == nil ||
		!strings.Contains(err.Error(), "starttls") {
		t.Errorf("untrusted certificate: err = %v", err)
	}
}

func TestSMTPRefused(t *testing.T) {
	t.Parallel()
	srv := startFakeSMTP(t, func(f *fakeSMTP) { f.rcptReply = "550 5.1.1 Onbekende ontvanger" })
	c, _ := pbmail.ParseURL("smtp://127.0.0.1:" + srv.port() + "?from=praktijkbank@example.be")
	err := c.Send(context.Background(), pbmail.Message{To: "an@gemeente.be", Subject: "x", Body: "x"})
	if err == nil || !strings.Contains(err.Error(), "550") || !strings.Contains(err.Error(), "Onbekende ontvanger") {
		t.Errorf("err = %v, want the server's 550", err)
	}
	c.Port = "1" // nothing listens there
	if err := c.Send(context.Background(), pbmail.Message{To: "an@gemeente.be", Subject: "x", Body: "x"}); err == nil {
		t.Error("no error without a server")
	}
}
