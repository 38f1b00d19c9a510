// Package mail sends the mails of the transactional outbox (store.OutboxMail). A Worker claims
// due mails, hands them to a Sender (SMTP, configured by a URL) and records the outcome; a
// failure is retried with exponential backoff and never touches the change that caused the
// mail. Without a Sender the worker logs each mail and marks it sent with a note, so that
// development installations need no mail server and admins can still read every mail.
package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Message is one mail to send.
type Message struct {
	ID      int64     // outbox id; with Created, makes the Message-ID stable across retries
	Created time.Time // when the mail was written to the outbox
	To      string
	Subject string
	Body    string // plain text
}

// Sender delivers a message or says why it could not.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends mail through one SMTP server. Create it with ParseURL.
type SMTP struct {
	Host        string
	Port        string
	Username    string // empty: no authentication
	Password    string
	From        string // envelope sender and From address
	FromName    string // display name in From, default "Praktijkbank"
	ImplicitTLS bool   // smtps://: TLS from the first byte; otherwise STARTTLS when offered
	TLSConfig   *tls.Config
	LocalName   string        // HELO name, default "localhost"
	Timeout     time.Duration // for one whole delivery, default 30 s
}

// ParseURL reads an SMTP configuration such as
//
//	smtp://user:pass@mail.example.be:587?from=praktijkbank@example.be
//	smtps://user:pass@mail.example.be:465?from=praktijkbank@example.be
//
// smtp:// upgrades with STARTTLS when the server offers it (port 587 by default); smtps://
// speaks TLS from the start (port 465 by default). from may be empty when the caller sets
// From itself. Credentials are only sent over TLS (or to localhost).
func ParseURL(raw string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp url: %w", err)
	}
	c := &SMTP{Host: u.Hostname(), Port: u.Port(), From: u.Query().Get("from")}
	switch u.Scheme {
	case "smtp":
		if c.Port == "" {
			c.Port = "587"
		}
	case "smtps":
		c.ImplicitTLS = true
		if c.Port == "" {
			c.Port = "465"
		}
	default:
		return nil, fmt.Errorf("mail: smtp url: scheme %q, want smtp or smtps", u.Scheme)
	}
	if c.Host == "" {
		return nil, errors.New("mail: smtp url: no host")
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if c.From != "" {
		if _, err := mail.ParseAddress(c.From); err != nil {
			return nil, fmt.Errorf("mail: smtp url: from %q: %w", c.From, err)
		}
	}
	return c, nil
}

// String describes the server without the password, for logs.
func (c *SMTP) String() string {
	scheme := "smtp"
	if c.ImplicitTLS {
		scheme = "smtps"
	}
	user := ""
	if c.Username != "" {
		user = c.Username + "@"
	}
	return scheme + "://" + user + net.JoinHostPort(c.Host, c.Port)
}

// Send delivers m in one SMTP session.
func (c *SMTP) Send(ctx context.Context, m Message) error {
	if c.From == "" {
		return errors.New("mail: no sender address configured")
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	msg, err := c.compose(m, to)
	if err != nil {
		return err
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	addr := net.JoinHostPort(c.Host, c.Port)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("mail: connect %s: %w", addr, err)
	}
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	if c.ImplicitTLS {
		tc := tls.Client(conn, c.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = conn.Close()
			return fmt.Errorf("mail: tls %s: %w", addr, err)
		}
		conn = tc
	}
	client, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		_ = conn.Close()
		return fmt.Errorf("mail: %s: %w", addr, err)
	}
	defer client.Close()
	if err := c.deliver(client, to.Address, msg); err != nil {
		return fmt.Errorf("mail: %s: %w", addr, err)
	}
	return nil
}

func (c *SMTP) tlsConfig() *tls.Config {
	if c.TLSConfig != nil {
		return c.TLSConfig.Clone()
	}
	return &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
}

func (c *SMTP) deliver(client *smtp.Client, to string, msg []byte) error {
	local := c.LocalName
	if local == "" {
		local = "localhost"
	}
	if err := client.Hello(local); err != nil {
		return err
	}
	if !c.ImplicitTLS {
		if ok, _ := client.Extension("STARTTLS"); ok {
			if err := client.StartTLS(c.tlsConfig()); err != nil {
				return fmt.Errorf("starttls: %w", err)
			}
		}
	}
	if c.Username != "" {
		// PlainAuth refuses to send the password over a connection without TLS (but to localhost).
		if err := client.Auth(smtp.PlainAuth("", c.Username, c.Password, c.Host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := client.Mail(c.From); err != nil {
		return err
	}
	if err := client.Rcpt(to); err != nil {
		return err
	}
	w, err := client.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return client.Quit()
}

// compose renders m as an RFC 5322 message: UTF-8 plain text, quoted-printable, with encoded
// headers. Line breaks are normalised by the SMTP data writer.
func (c *SMTP) compose(m Message, to *mail.Address) ([]byte, error) {
	name := c.FromName
	if name == "" {
		name = "Praktijkbank"
	}
	domain := "praktijkbank.invalid"
	if at := strings.LastIndexByte(c.From, '@'); at >= 0 {
		domain = c.From[at+1:]
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", (&mail.Address{Name: name, Address: c.From}).String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Date", time.Now().Format(time.RFC1123Z))
	header("Message-ID", "<outbox-"+strconv.FormatInt(m.ID, 10)+"."+strconv.FormatInt(m.Created.Unix(), 36)+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(m.Body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// oneLine keeps a header value on one line, so that no text can add headers.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
