package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/store"
)

// pageCache keeps rendered public pages until the catalogue changes or the day ends (in
// Brussels: a sheet prints the day's date). The catalogue changes only when something is
// published, so a page can be reused until then.
type pageCache struct {
	st         *store.Store
	maxEntries int
	maxBytes   int

	listening atomic.Bool
	version   atomic.Int64
	// unreachable is told when the catalogue version cannot be read (the database is down).
	unreachable func(error)

	mu      sync.RWMutex
	entries map[string]*cachedPage
	size    int
}

type cachedPage struct {
	version int64
	day     string // the day it was rendered, 2006-01-02 in Brussels
	etag    string
	body    []byte
	header  http.Header
	note    pageNote // what the handler noted (searchcounts.go), told again on every hit

	// The gzip copy is made when a client first accepts it, so pages only ever asked
	// uncompressed cost no compression.
	gzipOnce sync.Once
	gzipped  []byte
}

// cost is what an entry counts against the cache's byte limit: the memory of the page, its
// key, and room for the gzip copy (a page compresses to well under a quarter of its size).
func (e *cachedPage) cost(key string) int {
	return cap(e.body) + len(e.body)/4 + len(key)
}

func newPageCache(st *store.Store, maxEntries, maxBytes int) *pageCache {
	return &pageCache{st: st, maxEntries: maxEntries, maxBytes: maxBytes, entries: map[string]*cachedPage{}}
}

// currentVersion is the catalogue version: from notifications when listening, else asked.
func (c *pageCache) currentVersion(ctx context.Context) (int64, error) {
	if c.listening.Load() {
		return c.version.Load(), nil
	}
	v, err := c.st.CatalogVersion(ctx)
	if err != nil {
		return 0, err
	}
	c.version.Store(v)
	return v, nil
}

// versionOf is the catalogue version of the request: the one takeCatalog read for it, else
// currentVersion.
func (c *pageCache) versionOf(ctx context.Context) (int64, error) {
	if rc := catalogOf(ctx); rc != nil {
		return rc.version, nil
	}
	return c.currentVersion(ctx)
}

// middleware serves GET requests from the cache and stores successful responses.
func (c *pageCache) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Not for signed-in users, nor for whoever just changed something (readwrites.go): a
		// page cached before this instance heard of the change would hide it from them.
		_, signedIn := userFrom(r.Context())
		if signedIn || store.ClientWrote(r.Context()) || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		key := r.URL.RequestURI()
		version, err := c.versionOf(r.Context())
		c.mu.RLock()
		e := c.entries[key]
		c.mu.RUnlock()
		if err != nil {
			// The database does not answer: a page in the cache is served as it is, however
			// old; any other page is up to its handler (a 503 when it needs the database).
			if c.unreachable != nil && store.Unavailable(err) {
				c.unreachable(err)
			}
			if e != nil && r.Context().Err() == nil {
				notePage(r.Context(), e.note)
				e.serve(w, r)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		day := today().Format(time.DateOnly)
		if e != nil && e.version == version && e.day == day {
			notePage(r.Context(), e.note)
			e.serve(w, r)
			return
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if rec.status != http.StatusOK {
			rec.flushTo(w)
			return
		}
		e = newCachedPage(version, day, rec)
		if notes := pageNotesOf(r.Context()); notes != nil {
			e.note = notes.note
		}
		c.put(key, e)
		e.serve(w, r)
	})
}

// gzipWriters reuses compressors: a new one allocates about a megabyte of tables.
var gzipWriters sync.Pool

func newCachedPage(version int64, day string, rec *recorder) *cachedPage {
	body := rec.buf.Bytes()
	sum := sha256.Sum256(body)
	return &cachedPage{
		version: version,
		day:     day,
		etag:    `"` + strconv.FormatInt(version, 36) + "-" + hex.EncodeToString(sum[:8]) + `"`,
		body:    body,
		header:  rec.header,
	}
}

// gzipBody returns the page gzipped, compressing it on first use.
func (e *cachedPage) gzipBody() []byte {
	e.gzipOnce.Do(func() {
		var gz bytes.Buffer
		zw, _ := gzipWriters.Get().(*gzip.Writer)
		if zw == nil {
			zw, _ = gzip.NewWriterLevel(&gz, gzip.BestSpeed)
		} else {
			zw.Reset(&gz)
		}
		_, _ = zw.Write(e.body)
		_ = zw.Close()
		gzipWriters.Put(zw)
		e.gzipped = gz.Bytes()
	})
	return e.gzipped
}

func (e *cachedPage) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	h.Set("ETag", e.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Encoding")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := e.body
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = e.gzipBody()
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func (c *pageCache) put(key string, e *cachedPage) {
	n := e.cost(key)
	if n > c.maxBytes {
		return // bigger than the whole budget (or there is none)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.entries[key]; old != nil {
		c.size -= old.cost(key)
		delete(c.entries, key)
	}
	// Over capacity: drop an arbitrary tenth (map order is random) rather than track recency,
	// and more until the page fits.
	if len(c.entries) >= c.maxEntries || c.size+n > c.maxBytes {
		drop := len(c.entries)/10 + 1
		for k, old := range c.entries {
			if drop <= 0 && c.size+n <= c.maxBytes {
				break
			}
			c.size -= old.cost(k)
			delete(c.entries, k)
			drop--
		}
	}
	c.entries[key] = e
	c.size += n
}

// clear drops every cached page.
func (c *pageCache) clear() {
	c.mu.Lock()
	c.entries = map[string]*cachedPage{}
	c.size = 0
	c.mu.Unlock()
}

// listen follows catalogue changes until ctx ends (see store.Listen); onChange runs after
// each change. While the connection is down the version is asked per request, and on every
// new connection it is read again, so that a change made meanwhile drops the cached pages.
func (c *pageCache) listen(ctx context.Context, log *slog.Logger, onChange func()) error {
	return c.st.Listen(ctx, store.ChangeChannel, log, store.Listener{
		Connected: func(ctx context.Context) error {
			// Read after LISTEN, so that no change falls between the two; then let replica
			// reads wait for a replica that has this version (FollowCatalog).
			v, err := c.st.CatalogVersion(ctx)
			if err != nil {
				return err
			}
			if err := c.st.FollowCatalog(ctx); err != nil {
				return err
			}
			if v != c.version.Swap(v) {
				c.clear()
				onChange()
			}
			c.listening.Store(true)
			return nil
		},
		Notify: func(ctx context.Context, payload string) error {
			v, err := strconv.ParseInt(payload, 10, 64)
			if err == nil && v > c.version.Load() {
				// Pages of version v are read from a replica that has it, or from the primary.
				if err := c.st.FollowCatalog(ctx); err != nil {
					return err
				}
				c.version.Store(v)
				c.clear()
				onChange()
			}
			return nil
		},
		Lost: func() {
			c.listening.Store(false)
			c.st.UnfollowCatalog()
		},
	})
}

// recorder captures a handler's response so it can be cached.
type recorder struct {
	header http.Header
	status int
	buf    bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(p []byte) (int, error) { return r.buf.Write(p) }

func (r *recorder) flushTo(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.buf.Bytes())
}
