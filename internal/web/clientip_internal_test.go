package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestClientResolver(t *testing.T) {
	proxies, err := newClientResolver([]string{"127.0.0.0/8", "::1", "10.1.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	direct, err := newClientResolver(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		r         *clientResolver
		peer      string
		header    http.Header
		tls       bool
		wantIP    string
		wantHTTPS bool
	}{
		{"direct ignores every header", direct, "198.51.100.1:5000",
			http.Header{"X-Forwarded-For": {"192.0.2.1"}, "X-Real-Ip": {"192.0.2.2"}, "True-Client-Ip": {"192.0.2.3"}, "X-Forwarded-Proto": {"https"}},
			false, "198.51.100.1", false},
		{"direct over TLS", direct, "198.51.100.1:5000", nil, true, "198.51.100.1", true},
		{"untrusted peer ignores the headers", proxies, "198.51.100.1:5000",
			http.Header{"X-Forwarded-For": {"192.0.2.1"}, "X-Forwarded-Proto": {"https"}}, false, "198.51.100.1", false},
		{"trusted peer: rightmost untrusted", proxies, "127.0.0.1:5000",
			http.Header{"X-Forwarded-For": {"192.0.2.1, 203.0.113.9"}, "X-Real-Ip": {"192.0.2.2"}, "True-Client-Ip": {"192.0.2.3"}},
			false, "203.0.113.9", false},
		{"a chain of trusted proxies is skipped", proxies, "127.0.0.1:5000",
			http.Header{"X-Forwarded-For": {"192.0.2.1, 203.0.113.9, 10.1.2.3"}}, false, "203.0.113.9", false},
		{"several header lines are one list", proxies, "127.0.0.1:5000",
			http.Header{"X-Forwarded-For": {"192.0.2.1", "203.0.113.9"}}, false, "203.0.113.9", false},
		{"IPv6 peer and client", proxies, "[::1]:5000",
			http.Header{"X-Forwarded-For": {"2001:db8::7"}}, false, "2001:db8::7", false},
		{"no header: the proxy itself", proxies, "127.0.0.1:5000", nil, false, "127.0.0.1", false},
		{"garbage where the client should be: the proxy", proxies, "127.0.0.1:5000",
			http.Header{"X-Forwarded-For": {"192.0.2.1, not-an-address"}}, false, "127.0.0.1", false},
		{"protocol from the trusted proxy", proxies, "127.0.0.1:5000",
			http.Header{"X-Forwarded-For": {"203.0.113.9"}, "X-Forwarded-Proto": {"http, https"}}, false, "203.0.113.9", true},
		{"protocol: the nearest proxy's word counts", proxies, "127.0.0.1:5000",
			http.Header{"X-Forwarded-Proto": {"https, http"}}, false, "127.0.0.1", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tt.peer
		r.Header = tt.header
		if r.Header == nil {
			r.Header = http.Header{}
		}
		if tt.tls {
			r.TLS = &tls.ConnectionState{}
		}
		got := tt.r.resolve(r)
		if got.IP != tt.wantIP || got.HTTPS != tt.wantHTTPS {
			t.Errorf("%s: client %+v, want %s https=%v", tt.name, got, tt.wantIP, tt.wantHTTPS)
		}
	}
	if _, err := newClientResolver([]string{"10.0.0.0/33"}); err == nil {
		t.Error("an invalid range was accepted")
	}
}
