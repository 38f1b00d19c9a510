// Package web serves Praktijkbank over HTTP: chi routes in routes.go, handlers by page, one
// error-to-response mapper in errors.go, and a page cache invalidated by catalogue changes.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/upload"
	"github.com/praktijkbank/praktijkbank/static"
)

// Config is what the web layer needs to know about its deployment.
type Config struct {
	// BaseURL is the public address, e.g. "https://praktijkbank.be", used for canonical links.
	BaseURL string
	// BehindProxy says the site is reached through a reverse proxy: a request from one of
	// TrustedProxies (DefaultTrustedProxies when empty) has its client address in
	// X-Forwarded-For and its protocol in X-Forwarded-Proto (see clientResolver). Without it,
	// and without TrustedProxies, the client is the connection's peer.
	BehindProxy bool
	// TrustedProxies are the addresses or CIDR ranges of the reverse proxies in front of the
	// site; naming any implies BehindProxy.
	TrustedProxies []string

	// Operator runs the catalogue; the legal pages and the open data name it.
	Operator string
	// ContactEmail receives the contact form's messages and is shown on the legal pages.
	ContactEmail string
	// LicenceName and LicenceURL are the licence of the catalogue's content (texts and data).
	LicenceName, LicenceURL string

	// PageCacheBytes bounds the memory of the page cache (the pages, their keys and gzip
	// copies); 0 is DefaultPageCacheBytes, a negative number caches no page.
	PageCacheBytes int
}

// DefaultPageCacheBytes is the page cache's default budget: a few hundred catalogue pages of
// 70 to 100 KB, more of the smaller sheet pages. The collector lets the heap grow to about
// twice what is live, so each megabyte of cached pages costs about two of resident memory.
const DefaultPageCacheBytes = 24 << 20

// pageCacheEntries bounds the number of cached pages, whatever their size.
const pageCacheEntries = 2000

// Server holds the dependencies of the handlers. Create it with New.
type Server struct {
	cfg     Config
	store   *store.Store
	log     *slog.Logger
	assets  map[string]static.Asset // by URL
	icon    string                  // URL of the SVG icon
	favicon static.Asset            // served at /favicon.ico, where browsers look without a link
	css     string
	js      string
	vocab   *vocabSource
	photos  *upload.Budget // the memory budget of decoding uploaded photos
	pages   *pageCache
	// searches counts catalogue searches for the editors (searchcounts.go).
	searches *searchCounter
	munis    atomic.Pointer[municipalityIndex] // the API's municipalities with NIS codes
	clients  *clientResolver
	// dbDown is set while the database does not answer (outage.go).
	dbDown atomic.Bool
}

// New prepares a server over st. It reads the vocabulary and the catalogue version.
func New(cfg Config, st *store.Store, logger *slog.Logger) (*Server, error) {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	cfg = withLegalDefaults(cfg)
	s := &Server{cfg: cfg, store: st, log: logger, assets: map[string]static.Asset{}}
	trusted := cfg.TrustedProxies
	if cfg.BehindProxy && len(trusted) == 0 {
		trusted = DefaultTrustedProxies
	}
	clients, err := newClientResolver(trusted)
	if err != nil {
		return nil, err
	}
	s.clients = clients
	assets, err := static.Assets()
	if err != nil {
		return nil, fmt.Errorf("web: static assets: %w", err)
	}
	for _, a := range assets {
		s.assets[a.URL] = a
		switch a.Name {
		case "site.css":
			s.css = a.URL
		case "app.js":
			s.js = a.URL
		case "favicon.svg":
			s.icon = a.URL
		case "favicon.ico":
			s.favicon = a
		}
	}
	s.vocab = newVocabSource(st)
	s.photos = upload.NewBudget(photoMemory, photoJobs, photoWait)
	budget := cfg.PageCacheBytes
	if budget == 0 {
		budget = DefaultPageCacheBytes
	}
	s.pages = newPageCache(st, pageCacheEntries, max(budget, 0))
	s.pages.unreachable = s.databaseDown
	s.searches = newSearchCounter()
	if err := s.vocab.refresh(context.Background()); err != nil {
		return nil, err
	}
	return s, nil
}

// Listen follows catalogue changes announced by PostgreSQL (from this and every other app
// instance) until ctx ends, so cached pages are dropped, and the search index is loaded again,
// the moment an editor publishes.
// Without it, each cached response is checked against the catalogue version per request.
func (s *Server) Listen(ctx context.Context) error {
	return s.pages.listen(ctx, s.log, func() {
		if err := s.vocab.refresh(ctx); err != nil {
			s.log.Error("refresh vocabulary", "err", err)
		}
		// Load the search index of the new version now, rather than on the next search: from
		// a read replica that has replayed the version, else from the primary.
		go func() {
			rctx := store.ReadFromUpToDateReplica(ctx)
			err := s.store.WarmSearchIndex(rctx)
			if s.store.ReplicaFailed(rctx, err) {
				err = s.store.WarmSearchIndex(ctx)
			}
			if err != nil && ctx.Err() == nil {
				s.log.Error("load search index", "err", err)
				return
			}
			if s.store.HasReplicas() {
				s.log.Debug("search index loaded", "replica", store.ServedBy(rctx))
			}
		}()
	})
}

// absolute makes path an absolute URL on the configured base.
func (s *Server) absolute(path string) string {
	return s.cfg.BaseURL + path
}

// Abuse protection of the submission forms and the sign-in.
const (
	postLimit  = 20               // POSTs per client address ...
	postWindow = 10 * time.Minute // ... in this window
	// Sign-in requests a client may make per minute on this instance, on top of the throttling
	// of failed sign-ins in the database (store.MaxFailuresPerClient and friends).
	loginRequestsPerMinute = 10
)

// The memory budget of photo uploads (upload.Budget): photos decoded at the same time need
// together at most photoMemory (one photo at most upload.DefaultMaxMemory), at most photoJobs
// run at once, each client has one photo decoded at a time, and a photo waits at most photoWait
// for its turn before the form says the server is busy.
const (
	photoMemory = 384 << 20
	photoJobs   = 4
	photoWait   = 10 * time.Second
)

// submitPages serves the public submission pages.
type submitPages struct {
	*Server
}
