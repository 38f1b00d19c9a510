package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/go-chi/httprate"
	"github.com/realclientip/realclientip-go"
)

// DefaultTrustedProxies are the proxies trusted when the site runs behind a proxy and the
// configuration names none: a proxy on the same machine.
var DefaultTrustedProxies = []string{"127.0.0.0/8", "::1"}

// clientResolver finds out who sent a request. Without trusted proxies the client is the peer
// of the connection, whatever the request's headers say. Behind trusted proxies, a request
// whose peer is one of them has its client in X-Forwarded-For: the rightmost address that is
// not a trusted proxy (each proxy appends the address it was reached from, so everything to
// the left of the first untrusted one may be forged); True-Client-IP, X-Real-IP and the
// leftmost addresses are never believed, and X-Forwarded-Proto only from a trusted peer.
type clientResolver struct {
	trusted []net.IPNet // nil: no proxy in front
	xff     realclientip.RightmostTrustedRangeStrategy
}

// newClientResolver parses the trusted proxies (addresses or CIDR ranges); none means the
// site is reached directly.
func newClientResolver(trusted []string) (*clientResolver, error) {
	var list []string
	for _, t := range trusted {
		if t = strings.TrimSpace(t); t != "" {
			list = append(list, t)
		}
	}
	if len(list) == 0 {
		return &clientResolver{}, nil
	}
	nets, err := realclientip.AddressesAndRangesToIPNets(list...)
	if err != nil {
		return nil, fmt.Errorf("web: trusted proxies: %w", err)
	}
	xff, err := realclientip.NewRightmostTrustedRangeStrategy("X-Forwarded-For", nets)
	if err != nil {
		return nil, fmt.Errorf("web: trusted proxies: %w", err)
	}
	return &clientResolver{trusted: nets, xff: xff}, nil
}

// client is who sent a request, as clientResolver established it.
type client struct {
	// IP is the client's address.
	IP string
	// HTTPS reports a request that reached the site over TLS: directly, or at a trusted proxy
	// that says so in X-Forwarded-Proto.
	HTTPS bool
}

// resolve returns the client of r.
func (c *clientResolver) resolve(r *http.Request) client {
	peer := remoteIP(r.RemoteAddr)
	cl := client{IP: peer, HTTPS: r.TLS != nil}
	if c.trusted == nil || !c.isTrusted(peer) {
		return cl
	}
	if ip := c.xff.ClientIP(r.Header, r.RemoteAddr); ip != "" {
		cl.IP = ip
	}
	if strings.EqualFold(strings.TrimSpace(lastValue(r.Header.Values("X-Forwarded-Proto"))), "https") {
		cl.HTTPS = true
	}
	return cl
}

func (c *clientResolver) isTrusted(ip string) bool {
	parsed := net.ParseIP(ip)
	if parsed == nil {
		return false
	}
	for _, n := range c.trusted {
		if n.Contains(parsed) {
			return true
		}
	}
	return false
}

// lastValue is the rightmost item of a comma-separated header: the one the nearest proxy set.
func lastValue(values []string) string {
	if len(values) == 0 {
		return ""
	}
	v := values[len(values)-1]
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return v
}

// remoteIP is the address part of a RemoteAddr ("192.0.2.1:1234" → "192.0.2.1").
func remoteIP(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}

type clientKey struct{}

// identifyClient puts the request's client (clientResolver) in its context, for everything
// that keys on the client: rate limits, sign-in throttling, the photo budget, the request log
// and secure cookies. A request that came over https gets Strict-Transport-Security.
func (s *Server) identifyClient(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cl := s.clients.resolve(r)
		if cl.HTTPS {
			// Browsers that reached the site over https keep to https for a year.
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientKey{}, cl)))
	})
}

// clientOf returns the client of r as identifyClient established it (the peer when r did not
// pass it).
func clientOf(r *http.Request) client {
	if cl, ok := r.Context().Value(clientKey{}).(client); ok {
		return cl
	}
	return client{IP: remoteIP(r.RemoteAddr), HTTPS: r.TLS != nil}
}

// clientAddress keys rate limits and throttling: the client's address, an IPv6 client by its
// /64 (one host usually has a whole /64).
func clientAddress(r *http.Request) (string, error) {
	return httprate.CanonicalizeIP(clientOf(r).IP), nil
}
