package topology_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/pglocal"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

var quiet = slog.New(slog.DiscardHandler)

const (
	editorEmail    = "eva@praktijkbank.test"
	editorPassword = "een heel goed wachtwoord"
)

// TestPrimaryStandbyTwoInstances runs two app instances over a primary and a streaming
// standby and checks what visitors and an editor see: a sheet published through one instance
// appears on the other after the notification; an editor sees their own edit at once while
// the standby is held behind; public reads come from the standby, except for whoever wrote
// past it and on an instance whose lag limit it exceeds; with the standby stopped the pages
// keep answering from the primary, and once it runs again reads go back to it.
func TestPrimaryStandbyTwoInstances(t *testing.T) {
	started := time.Now()
	ctx := context.Background()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, err := pglocal.ProjectRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, ".data", "topology")
	primaryDir, standbyDir := filepath.Join(dir, "primary"), filepath.Join(dir, "standby")
	removeCluster(t, standbyDir) // what an interrupted run left
	removeCluster(t, primaryDir)

	primary := openCluster(t, pglocal.Options{Dir: primaryDir})
	if err := primary.EnsureDatabase(ctx, "praktijkbank"); err != nil {
		t.Fatal(err)
	}
	primaryDSN := primary.DSN("praktijkbank")
	pdb := connect(t, primaryDSN)
	if err := store.Migrate(ctx, pdb, quiet); err != nil {
		t.Fatal(err)
	}
	setup := store.New(pdb)
	if err := app.Bootstrap(ctx, setup, quiet); err != nil {
		t.Fatal(err)
	}
	hash, err := store.HashPassword(ctx, editorPassword, testdb.CheapHashParams)
	if err != nil {
		t.Fatal(err)
	}
	editor, err := setup.CreateUser(ctx, 0, store.NewUser{Email: editorEmail, Name: "Eva", Role: catalog.RoleEditor, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	standby := openCluster(t, pglocal.Options{Dir: standbyDir, StandbyOf: primary})
	standbyDSN := standby.DSN("praktijkbank")
	sdb := connect(t, standbyDSN)
	t.Logf("primary and standby ready after %s", time.Since(started).Round(time.Millisecond))

	// Two sheets of the seeds: one to publish, one to edit.
	var pubID, editID int64
	var pubSlug, pubTitle, editSlug, editTitle string
	if err := pdb.QueryRow(ctx, `SELECT id, slug, title FROM sheets WHERE status = 'published' ORDER BY id LIMIT 1`).Scan(&pubID, &pubSlug, &pubTitle); err != nil {
		t.Fatal(err)
	}
	if err := pdb.QueryRow(ctx, `SELECT id, slug, title FROM sheets WHERE status = 'published' ORDER BY id DESC LIMIT 1`).Scan(&editID, &editSlug, &editTitle); err != nil {
		t.Fatal(err)
	}
	if err := setup.SetSheetStatus(ctx, editor.ID, pubID, catalog.StatusUnpublished); err != nil {
		t.Fatal(err)
	}

	a := newInstance(t, primaryDSN, standbyDSN, 10*time.Second)
	b := newInstance(t, primaryDSN, standbyDSN, 10*time.Second)
	for _, in := range []*instance{a, b} {
		in.waitReplicaServes(t, "/praktijken/"+editSlug)
	}
	visitor := newBrowser(t)
	if h1 := visitor.heading(t, b.URL+"/praktijken/"+editSlug+"?bezoek=1"); h1 != editTitle {
		t.Fatalf("B: sheet heading %q, want %q", h1, editTitle)
	}

	// Publish through A: B serves the sheet after the notification, its search finds it, and
	// the search index B loaded for it came from the standby.
	word := strings.Fields(pubTitle)[0]
	searchB := b.URL + "/praktijken?q=" + url.QueryEscape(word)
	if titles := visitor.resultTitles(t, searchB); contains(titles, pubTitle) {
		t.Fatalf("B lists the unpublished sheet %q for %q", pubTitle, word)
	}
	indexLoadsBefore := indexLoads(b)
	ed := newBrowser(t)
	ed.signIn(t, a.URL)
	if resp := ed.post(t, a.URL+"/beheer/fiches/"+strconv.FormatInt(pubID, 10)+"/status", url.Values{"status": {"published"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish through A: status %d", resp.StatusCode)
	}
	published := time.Now()
	waitFor(t, "B serves the published sheet", settle, func() bool {
		resp, body := visitor.get(t, b.URL+"/praktijken/"+pubSlug)
		return resp.StatusCode == http.StatusOK && headingOf(t, body) == pubTitle
	})
	t.Logf("B served the sheet published through A after %s", time.Since(published).Round(time.Millisecond))
	if titles := visitor.resultTitles(t, searchB); !contains(titles, pubTitle) {
		t.Errorf("B's search for %q after the publication: %q, want %q among them", word, titles, pubTitle)
	}
	waitFor(t, "B loads its search index from the standby", settle, func() bool {
		return indexLoads(b) > indexLoadsBefore
	})

	// The standby held behind: the editor, on B, sees their own edit at once, on the
	// editors' page and the public one, on both instances; the standby has not got it.
	caughtUp(t, pdb, sdb)
	exec(t, sdb, `SELECT pg_wal_replay_pause()`)
	defer exec(t, sdb, `SELECT pg_wal_replay_resume()`)
	newTitle := editTitle + " (bijgewerkt)"
	ed.editTitle(t, b.URL, editID, newTitle)
	if h1 := ed.heading(t, b.URL+"/praktijken/"+editSlug); h1 != newTitle {
		t.Errorf("the editor on B after their edit: heading %q, want %q", h1, newTitle)
	}
	if h1 := ed.heading(t, a.URL+"/praktijken/"+editSlug); h1 != newTitle {
		t.Errorf("the editor on A after their edit on B: heading %q, want %q", h1, newTitle)
	}
	if v := ed.fieldValue(t, b.URL+"/beheer/fiches/"+strconv.FormatInt(editID, 10), "titel"); v != newTitle {
		t.Errorf("the editor's form on B after their edit: title %q, want %q", v, newTitle)
	}
	var onStandby string
	if err := sdb.QueryRow(ctx, `SELECT title FROM sheets WHERE id = $1`, editID).Scan(&onStandby); err != nil || onStandby != editTitle {
		t.Errorf("the paused standby has title %q (%v), want the old %q", onStandby, err, editTitle)
	}
	// Both instances heard of the change, so visitors see it too (from the primary).
	if h1 := visitor.heading(t, a.URL+"/praktijken/"+editSlug+"?bezoek=2"); h1 != newTitle {
		t.Errorf("a visitor on A after the edit: heading %q, want %q", h1, newTitle)
	}
	exec(t, sdb, `SELECT pg_wal_replay_resume()`)

	// A change the instances are not told of (no notification) shows which server answers:
	// visitors read the standby; whoever wrote past it, and an instance whose lag limit the
	// standby exceeds, read the primary.
	c := newInstance(t, primaryDSN, standbyDSN, 500*time.Millisecond)
	c.waitReplicaServes(t, "/praktijken/"+editSlug)
	lsn := quietChange(t, pdb, sdb, editID, newTitle+" (stil)")
	if h1 := visitor.heading(t, b.URL+"/praktijken/"+editSlug+"?bezoek=3"); h1 != newTitle {
		t.Errorf("a visitor on B with the standby behind: heading %q, want the standby's %q", h1, newTitle)
	}
	writer := newBrowser(t)
	writer.setCookie(t, b.URL, "schrijfpositie", lsn.String())
	if h1 := writer.heading(t, b.URL+"/praktijken/"+editSlug+"?bezoek=4"); h1 != newTitle+" (stil)" {
		t.Errorf("a client that wrote at %s, on B: heading %q, want the primary's %q", lsn, h1, newTitle+" (stil)")
	}
	time.Sleep(time.Second) // the standby now lags more than C allows
	if h1 := visitor.heading(t, c.URL+"/praktijken/"+editSlug+"?bezoek=5"); h1 != newTitle+" (stil)" {
		t.Errorf("a visitor on C (lag limit 0.5 s) with the standby behind: heading %q, want the primary's %q", h1, newTitle+" (stil)")
	}
	exec(t, sdb, `SELECT pg_wal_replay_resume()`)

	// The standby stops: every public page keeps answering, from the primary, at once.
	if err := standby.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	stopped := time.Now()
	for i, in := range []*instance{a, b} {
		for _, path := range []string{
			"/praktijken/" + editSlug + "?bezoek=stop" + strconv.Itoa(i),
			"/praktijken?q=" + url.QueryEscape(word) + "&bezoek=stop" + strconv.Itoa(i),
			"/gemeenten?bezoek=stop" + strconv.Itoa(i),
			"/api/v1/praktijken/slug/" + editSlug, // the API takes no unknown parameters
		} {
			resp, body := visitor.get(t, in.URL+path)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("standby stopped: GET %s: status %d", path, resp.StatusCode)
				continue
			}
			if strings.HasPrefix(path, "/praktijken/") && !strings.Contains(body, newTitle+" (stil)") {
				t.Errorf("standby stopped: GET %s does not show %q", path, newTitle+" (stil)")
			}
			if strings.HasPrefix(path, "/api/") && !strings.Contains(body, `"slug":"`+editSlug+`"`) {
				t.Errorf("standby stopped: GET %s: %.200s", path, body)
			}
		}
	}
	t.Logf("with the standby stopped, 8 uncached pages answered in %s", time.Since(stopped).Round(time.Millisecond))
	if reps, _ := b.st.ReplicaStatus(); reps[0].Up {
		t.Errorf("B still counts the stopped standby as up: %+v", reps[0])
	}

	// It runs again: reads go back to it.
	if err := standby.Start(ctx); err != nil {
		t.Fatal(err)
	}
	restarted := time.Now()
	caughtUp(t, pdb, sdb)
	waitFor(t, "B counts the standby as up again", settle, func() bool {
		reps, _ := b.st.ReplicaStatus()
		return reps[0].Up
	})
	quietChange(t, pdb, sdb, editID, newTitle+" (weer stil)")
	if h1 := visitor.heading(t, b.URL+"/praktijken/"+editSlug+"?bezoek=6"); h1 != newTitle+" (stil)" {
		t.Errorf("a visitor on B after the standby's restart: heading %q, want the standby's %q", h1, newTitle+" (stil)")
	}
	exec(t, sdb, `SELECT pg_wal_replay_resume()`)
	t.Logf("reads back on the standby %s after its restart; whole test %s", time.Since(restarted).Round(time.Millisecond), time.Since(started).Round(time.Millisecond))
}

// instance is one app instance: a web server over a store with the primary and the standby.
type instance struct {
	*httptest.Server
	st *store.Store
}

func newInstance(t *testing.T, primaryDSN, standbyDSN string, maxLag time.Duration) *instance {
	t.Helper()
	ctx := context.Background()
	p := connect(t, primaryDSN)
	r, err := store.ConnectReplica(ctx, standbyDSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	st := store.NewWithReplicas(p, []*pgxpool.Pool{r}, store.ReplicaOptions{MaxLag: maxLag, CheckEvery: 100 * time.Millisecond})
	srv, err := web.New(web.Config{BaseURL: "http://praktijkbank.test"}, st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	lctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); _ = srv.Listen(lctx) }()
	go func() { defer wg.Done(); st.WatchReplicas(lctx) }()
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); stop(); wg.Wait() }) // before the pools close
	return &instance{Server: ts, st: st}
}

// waitReplicaServes waits until a public page of the instance is read from the standby.
func (in *instance) waitReplicaServes(t *testing.T, path string) {
	t.Helper()
	n := 0
	waitFor(t, "the standby serves "+in.URL, settle, func() bool {
		n++
		resp, err := http.Get(in.URL + path + "?wacht=" + strconv.Itoa(n)) // not cached yet
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		reps, _ := in.st.ReplicaStatus()
		return resp.StatusCode == http.StatusOK && reps[0].Reads > 0
	})
}

// indexLoads is how many search index loads of the instance the standby served.
func indexLoads(in *instance) int64 {
	reps, _ := in.st.ReplicaStatus()
	return reps[0].Loads
}

// browser keeps cookies across both instances, as a browser behind one load balancer would.
type browser struct{ c *http.Client }

func newBrowser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := b.c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func (b *browser) post(t *testing.T, u string, form url.Values) *http.Response {
	t.Helper()
	resp, err := b.c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func (b *browser) setCookie(t *testing.T, site, name, value string) {
	u, err := url.Parse(site)
	if err != nil {
		t.Fatal(err)
	}
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

func (b *browser) signIn(t *testing.T, site string) {
	t.Helper()
	if resp := b.post(t, site+"/aanmelden", url.Values{"email": {editorEmail}, "wachtwoord": {editorPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: status %d", resp.StatusCode)
	}
}

func (b *browser) doc(t *testing.T, u string) *goquery.Document {
	t.Helper()
	resp, body := b.get(t, u)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", u, resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// heading is the page's h1 as a person reads it.
func (b *browser) heading(t *testing.T, u string) string {
	t.Helper()
	return strings.Join(strings.Fields(b.doc(t, u).Find("h1").First().Text()), " ")
}

func headingOf(t *testing.T, body string) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(doc.Find("h1").First().Text()), " ")
}

// resultTitles are the titles of a catalogue page's results.
func (b *browser) resultTitles(t *testing.T, u string) []string {
	t.Helper()
	var out []string
	b.doc(t, u).Find("main h2 a, main h3 a").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.Join(strings.Fields(s.Text()), " "))
	})
	return out
}

func (b *browser) fieldValue(t *testing.T, u, name string) string {
	t.Helper()
	v, _ := b.doc(t, u).Find(`[name="` + name + `"]`).First().Attr("value")
	return v
}

// editTitle fills in the editors' form of a sheet as it is, with a new title, and sends it.
func (b *browser) editTitle(t *testing.T, site string, id int64, title string) {
	t.Helper()
	action := "/beheer/fiches/" + strconv.FormatInt(id, 10)
	page := b.doc(t, site+action)
	// The form's address carries the version it edits (?versie=n).
	form := page.Find(`form[action^="` + action + `?"][method="post"]`)
	if form.Length() != 1 {
		var actions []string
		page.Find("form").Each(func(_ int, f *goquery.Selection) { actions = append(actions, f.AttrOr("action", "")) })
		t.Fatalf("the editors' page of sheet %d has %d forms to %s; its forms: %q; %s", id, form.Length(), action, actions,
			strings.Join(strings.Fields(page.Find("main").Text()), " "))
	}
	values := url.Values{}
	form.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		typ, _ := s.Attr("type")
		_, checked := s.Attr("checked")
		switch {
		case name == "" || typ == "submit" || typ == "button" || typ == "file":
		case (typ == "checkbox" || typ == "radio") && !checked:
		case goquery.NodeName(s) == "textarea":
			values.Add(name, s.Text())
		case goquery.NodeName(s) == "select":
			values.Add(name, s.Find("option[selected]").AttrOr("value", ""))
		default:
			values.Add(name, s.AttrOr("value", ""))
		}
	})
	if !values.Has("titel") {
		t.Fatalf("the editors' form has no field titel: %v", values)
	}
	values.Set("titel", title)
	if resp := b.post(t, site+form.AttrOr("action", ""), values); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the edit: status %d", resp.StatusCode)
	}
}

// quietChange pauses the standby's replay and changes a sheet's title on the primary without
// telling anyone (no new catalogue version, no notification), returning the primary's write
// position after it. The caller resumes the replay.
func quietChange(t *testing.T, pdb, sdb *pgxpool.Pool, id int64, title string) store.LSN {
	t.Helper()
	caughtUp(t, pdb, sdb)
	exec(t, sdb, `SELECT pg_wal_replay_pause()`)
	exec(t, pdb, `UPDATE sheets SET title = $2 WHERE id = $1`, id, title)
	return currentLSN(t, pdb)
}

// caughtUp waits until the standby has replayed what the primary has written.
func caughtUp(t *testing.T, pdb, sdb *pgxpool.Pool) {
	t.Helper()
	want := currentLSN(t, pdb)
	waitFor(t, "the standby catches up", settle, func() bool {
		var s *string
		if err := sdb.QueryRow(context.Background(), `SELECT pg_last_wal_replay_lsn()::text`).Scan(&s); err != nil || s == nil {
			return false
		}
		l, err := store.ParseLSN(*s)
		return err == nil && l >= want
	})
}

func currentLSN(t *testing.T, db *pgxpool.Pool) store.LSN {
	t.Helper()
	var s string
	if err := db.QueryRow(context.Background(), `SELECT pg_current_wal_lsn()::text`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	l, err := store.ParseLSN(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func exec(t *testing.T, db *pgxpool.Pool, sql string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func connect(t *testing.T, dsn string) *pgxpool.Pool {
	t.Helper()
	p, err := store.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// settle bounds how long waitFor waits for something that happens in the background (a
// notification, a standby replaying): generous, since a loaded 2-core machine can take
// seconds; a passing wait returns as soon as the condition holds.
const settle = 60 * time.Second

func waitFor(t *testing.T, what string, limit time.Duration, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, limit)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// openCluster opens a cluster of the test; at the end it is stopped and removed.
func openCluster(t *testing.T, opts pglocal.Options) *pglocal.Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := pglocal.Open(ctx, opts)
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(func() {
		// Close stops the server: this test is its only user. A failed test keeps the
		// clusters for inspection; the next run removes them first.
		if err := c.Close(); err != nil {
			t.Error(err)
			return
		}
		if !t.Failed() {
			if err := os.RemoveAll(c.DataDir()); err != nil {
				t.Error(err)
			}
			if err := os.RemoveAll(opts.Dir); err != nil {
				t.Error(err)
			}
		}
	})
	return c
}

// removeCluster stops the server of the cluster at dir, if any, and deletes the cluster.
func removeCluster(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if c, err := pglocal.Open(ctx, pglocal.Options{Dir: dir}); err == nil {
		if err := c.Stop(ctx); err != nil {
			t.Logf("stop the cluster at %s: %v", dir, err)
		}
		_ = c.Close()
		if err := os.RemoveAll(c.DataDir()); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
}
