package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

func TestMain(m *testing.M) {
	// testdb.Main exits the process when the tests end, so the browser
	// cannot be stopped after them: Chromium dies with this process (chromedp
	// sets Pdeathsig), and the profile folders of earlier runs are removed
	// here instead.
	sweepBrowserProfiles()
	testdb.Main(m)
}

// sweepBrowserProfiles removes the Chromium profiles that earlier test
// processes left behind, once those processes are gone.
func sweepBrowserProfiles() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), profilePrefix+"*"))
	for _, dir := range dirs {
		rest := strings.TrimPrefix(filepath.Base(dir), profilePrefix)
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err != nil || pid == os.Getpid() {
			continue
		}
		if syscall.Kill(pid, 0) == syscall.ESRCH {
			os.RemoveAll(dir)
		}
	}
}

// site is one running Praktijkbank: its own database, seeded by
// app.Bootstrap, served by the real web handler on a loopback port.
type site struct {
	URL string
	st  *store.Store
	// The admin account (see admin), created once.
	adminOnce sync.Once
	adminID   int64
	adminErr  error
}

// startSite starts a Praktijkbank of the test's own.
func startSite(t *testing.T) *site {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(newTestLog(t), &slog.HandlerOptions{Level: slog.LevelWarn}))
	st := store.New(testdb.New(t))
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := app.Bootstrap(ctx, st, logger); err != nil {
		t.Fatalf("app.Bootstrap: %v", err)
	}
	// The server needs its own address as BaseURL before it serves, so the
	// listener starts first, with a handler that is set right after.
	var handler atomic.Pointer[http.Handler]
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*handler.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	srv, err := web.New(web.Config{BaseURL: ts.URL}, st, logger)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	h := srv.Handler()
	handler.Store(&h)
	return &site{URL: ts.URL, st: st}
}

// testLog writes the app's log to the test's output, until the test ends.
type testLog struct {
	t      *testing.T
	mu     sync.Mutex
	closed bool
}

func newTestLog(t *testing.T) *testLog {
	l := &testLog{t: t}
	// Registered before everything of the site, so it runs after its
	// cleanups: the server is closed when the log closes.
	t.Cleanup(func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.closed = true
	})
	return l
}

func (l *testLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.t.Logf("app: %s", strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

// noRedirect is an HTTP client that reports redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// fetch GETs path on the site without following redirects, and returns the
// status, the Content-Type and the body.
func (s *site) fetch(t testing.TB, path string) (int, http.Header, []byte) {
	t.Helper()
	return s.request(t, http.MethodGet, path, nil, "")
}

// request sends a GET (form nil) or a POST of form to path on the site,
// without following redirects, with the session cookie of token when it is
// not empty, and returns the status, the header and the body.
func (s *site) request(t testing.TB, method, path string, form url.Values, token string) (int, http.Header, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "nl-BE,nl;q=0.9")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header, b
}

// sheetPaths lists the paths of all practice sheets, from the links of the
// catalogue (following its "next" links), in order.
func (s *site) sheetPaths(t testing.TB) []string {
	t.Helper()
	var paths []string
	seen := map[string]bool{}
	next := "/praktijken"
	for pages := 0; next != "" && pages < 50; pages++ {
		status, _, body := s.fetch(t, next)
		if status != http.StatusOK {
			t.Fatalf("GET %s: status %d", next, status)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		doc.Find("main a[href]").Each(func(_ int, a *goquery.Selection) {
			u, err := url.Parse(a.AttrOr("href", ""))
			if err != nil || !isSheetPath(u.Path) || seen[u.Path] {
				return
			}
			seen[u.Path] = true
			paths = append(paths, u.Path)
		})
		next = ""
		if href, ok := doc.Find(`a[rel~="next"]`).First().Attr("href"); ok {
			next = href
		}
	}
	return paths
}

// isSheetPath tells whether path is the path of a practice sheet:
// /praktijken/{slug}.
func isSheetPath(path string) bool {
	slug, ok := strings.CutPrefix(path, "/praktijken/")
	return ok && slug != "" && !strings.Contains(slug, "/")
}

// seedCount is how many practice sheets app.Bootstrap imports.
const seedCount = 5

func TestSiteServesTheSeeds(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	paths := s.sheetPaths(t)
	if len(paths) != seedCount {
		t.Errorf("the catalogue links %d sheets, want the %d seeds: %v", len(paths), seedCount, paths)
	}
	status, header, _ := s.fetch(t, "/gemeenten/borgloon")
	if loc := header.Get("Location"); status/100 != 3 || !strings.HasSuffix(loc, "/gemeenten/tongeren-borgloon") {
		t.Errorf("/gemeenten/borgloon: status %d, Location %q; want a redirect to /gemeenten/tongeren-borgloon", status, loc)
	}
}
