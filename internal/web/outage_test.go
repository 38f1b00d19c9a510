package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/pglocal"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

// TestDatabaseOutage stops the PostgreSQL server under a running site (a cluster of the
// test's own): pages in the page cache are still served, other pages answer 503 with
// Retry-After and a Dutch page (the API a JSON 503 with Retry-After), the outage is logged once however many requests come, and
// once the server runs again the site answers as before without a restart.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base := t.TempDir()
	for _, d := range []string{base, filepath.Dir(base)} { // the server's user must reach it
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(base, "postgres")
	openCluster := func() *pglocal.Cluster {
		t.Helper()
		octx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		defer cancel()
		c, err := pglocal.Open(octx, pglocal.Options{Dir: dir})
		if err != nil {
			t.Fatalf("start PostgreSQL: %v", err)
		}
		return c
	}
	cluster := openCluster()
	t.Cleanup(func() { _ = cluster.Close() })
	if err := cluster.EnsureDatabase(ctx, "praktijkbank"); err != nil {
		t.Fatal(err)
	}
	pool, err := store.Connect(ctx, cluster.DSN("praktijkbank"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := store.Migrate(ctx, pool, quiet); err != nil {
		t.Fatal(err)
	}
	st := store.New(pool)
	if err := app.Bootstrap(ctx, st, quiet); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	srv, err := web.New(web.Config{BaseURL: "https://praktijkbank.test"}, st, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)

	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	cached := "/praktijken/dorp-rond-het-kind"
	uncached := "/praktijken?q=kinderopvang"
	if resp, _ := get(cached); resp.StatusCode != 200 {
		t.Fatalf("%s: %d", cached, resp.StatusCode)
	}
	api := newAPIClient(t, site{Server: ts, st: st, db: pool})
	cachedAPI := "/api/v1/praktijken/slug/dorp-rond-het-kind"
	uncachedAPI := "/api/v1/praktijken?q=kinderopvang"
	api.get(cachedAPI, http.StatusOK)

	// The database stops.
	if err := cluster.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		resp, body := get(cached)
		if resp.StatusCode != 200 || !strings.Contains(body, "Dorp rond het kind") {
			t.Fatalf("request %d for a cached page during the outage: %d", i+1, resp.StatusCode)
		}
		resp, body = get(uncached)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("request %d for another page during the outage: %d, Retry-After %q", i+1, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil || doc.Find("html[lang=nl-BE]").Length() != 1 || strings.TrimSpace(doc.Find("h1").Text()) != "Even niet beschikbaar" {
			t.Fatalf("503 page: %q", doc.Find("h1").Text())
		}

		// The API likewise: what was cached is served, the rest is a JSON 503 with
		// Retry-After as openapi.json describes it (api.get validates it).
		if _, body := api.get(cachedAPI, http.StatusOK); !strings.Contains(string(body), "Dorp rond het kind") {
			t.Fatalf("request %d for a cached API answer during the outage: %s", i+1, body)
		}
		resp, apiBody := api.get(uncachedAPI, http.StatusServiceUnavailable)
		var e struct {
			Error struct {
				Code    string `json:"code"`
				Message struct {
					NL string `json:"nl"`
				} `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal(apiBody, &e); err != nil || e.Error.Code != "unavailable" || !strings.Contains(e.Error.Message.NL, "even niet bereikbaar") {
			t.Fatalf("request %d for the API during the outage: %s (%v)", i+1, apiBody, err)
		}
		if resp.Header.Get("Retry-After") == "" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("API 503: Retry-After %q, Cache-Control %q", resp.Header.Get("Retry-After"), resp.Header.Get("Cache-Control"))
		}
	}
	if n := strings.Count(logs.String(), "level=ERROR"); n != 1 {
		t.Errorf("%d error lines during the outage, want 1:\n%s", n, logs.String())
	}

	// The database is back: the site answers again by itself.
	cluster = openCluster()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, _ := get(uncached)
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("30 s after the restart %s still answers %d", uncached, resp.StatusCode)
		}
		time.Sleep(200 * time.Millisecond)
	}
	api.get(uncachedAPI, http.StatusOK)
	deadline = time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "database reachable again") {
		if time.Now().After(deadline) {
			t.Fatalf("the end of the outage is not logged:\n%s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
