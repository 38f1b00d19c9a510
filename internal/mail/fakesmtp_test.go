package mail_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// received is a mail as the fake server got it.
type received struct {
	From, To string
	Data     string
	TLS      bool
	Auth     string // the AUTH argument, if any
}

// fakeSMTP is a small SMTP server for tests: enough of EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA
// and QUIT for net/smtp. With rcptReply set it refuses every recipient with that reply.
type fakeSMTP struct {
	ln        net.Listener
	tlsConfig *tls.Config // offers STARTTLS when set
	rcptReply string      // e.g. "451 4.3.0 Probeer later opnieuw"
	delay     time.Duration

	mu   sync.Mutex
	mail []received
}

func startFakeSMTP(t *testing.T, configure func(*fakeSMTP)) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln}
	if configure != nil {
		configure(f)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(conn)
		}
	}()
	return f
}

func (f *fakeSMTP) addr() string { return f.ln.Addr().String() }

func (f *fakeSMTP) port() string {
	_, p, _ := net.SplitHostPort(f.addr())
	return p
}

func (f *fakeSMTP) received() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.mail...)
}

func (f *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	tp := textproto.NewConn(conn)
	reply := func(lines ...string) { _ = tp.PrintfLine("%s", strings.Join(lines, "\r\n")) }
	reply("220 fake.test ESMTP")
	var cur received
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			lines := []string{"250-fake.test", "250-8BITMIME", "250-AUTH PLAIN"}
			if f.tlsConfig != nil && !cur.TLS {
				lines = append(lines, "250-STARTTLS")
			}
			reply(append(lines, "250 SMTPUTF8")...)
		case "HELO":
			reply("250 fake.test")
		case "STARTTLS":
			reply("220 2.0.0 Ready to start TLS")
			tc := tls.Server(conn, f.tlsConfig)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn = tc
			tp = textproto.NewConn(tc)
			cur.TLS = true
		case "AUTH":
			cur.Auth = arg
			reply("235 2.7.0 Authentication successful")
		case "MAIL":
			cur.From = pathArg(arg, "FROM:")
			reply("250 2.1.0 Ok")
		case "RCPT":
			if f.rcptReply != "" {
				reply(f.rcptReply)
				continue
			}
			cur.To = pathArg(arg, "TO:")
			reply("250 2.1.5 Ok")
		case "DATA":
			reply("354 End data with <CR><LF>.<CR><LF>")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			time.Sleep(f.delay)
			cur.Data = string(data)
			f.mu.Lock()
			f.mail = append(f.mail, cur)
			f.mu.Unlock()
			cur = received{TLS: cur.TLS}
			reply("250 2.0.0 Ok: queued")
		case "RSET", "NOOP":
			reply("250 2.0.0 Ok")
		case "QUIT":
			reply("221 2.0.0 Bye")
			return
		default:
			reply("502 5.5.2 Command not recognized")
		}
	}
}

// selfSigned returns a server certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "fake.test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

// pathArg returns the address of "FROM:<a@b> SIZE=10" after prefix.
func pathArg(arg, prefix string) string {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return ""
	}
	addr, _, _ := strings.Cut(arg[len(prefix):], " ")
	return strings.TrimSuffix(strings.TrimPrefix(addr, "<"), ">")
}
