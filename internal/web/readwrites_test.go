package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

// With read replicas configured, an editor's change gives them the write cookie with the
// primary's write position after the change; signing in, reading and anonymous forms do not,
// and without replicas nobody gets it. (That reads then wait for a replica that has replayed
// past it is tested with a real standby in internal/topology.)
func TestWriteCookie(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	// The "replica" is the primary itself: no standby, so it serves no reads, but the store
	// has replicas configured.
	replica, err := store.ConnectReplica(ctx, db.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(replica.Close)
	st := store.NewWithReplicas(db, []*pgxpool.Pool{replica}, store.ReplicaOptions{})
	if err := app.Bootstrap(ctx, st, quiet); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{BaseURL: "http://praktijkbank.test"}, st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	s := site{ts, st, db}
	acctUser(t, st, "eva@praktijkbank.test", catalog.RoleEditor)
	var sheetID int64
	if err := db.QueryRow(ctx, `SELECT id FROM sheets ORDER BY id LIMIT 1`).Scan(&sheetID); err != nil {
		t.Fatal(err)
	}
	lsnNow := func() store.LSN {
		var v string
		if err := db.QueryRow(ctx, `SELECT pg_current_wal_lsn()::text`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		l, err := store.ParseLSN(v)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	writeCookie := func(resp *http.Response) *http.Cookie {
		for _, c := range resp.Cookies() {
			if c.Name == "schrijfpositie" {
				return c
			}
		}
		return nil
	}

	b := newAcctBrowser(t, s)
	if c := writeCookie(b.do("POST", "/contact", url.Values{"bericht": {"Hallo"}})); c != nil {
		t.Errorf("an anonymous form set the write cookie %v", c)
	}
	if c := writeCookie(b.signIn("eva@praktijkbank.test")); c != nil {
		t.Errorf("signing in set the write cookie %v", c)
	}
	before := lsnNow()
	resp := b.do("POST", "/beheer/fiches/"+strconv.FormatInt(sheetID, 10)+"/nagekeken", url.Values{})
	after := lsnNow()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark reviewed: status %d", resp.StatusCode)
	}
	c := writeCookie(resp)
	if c == nil {
		t.Fatal("an editor's change set no write cookie")
	}
	lsn, err := store.ParseLSN(c.Value)
	if err != nil || lsn <= before || lsn > after || c.MaxAge != 600 || !c.HttpOnly {
		t.Errorf("write cookie %q (max-age %d, HttpOnly %v): want a position after %s and at most %s, for 600 s",
			c.Value, c.MaxAge, c.HttpOnly, before, after)
	}
	if c := writeCookie(b.do("GET", "/beheer/fiches/"+strconv.FormatInt(sheetID, 10), nil)); c != nil {
		t.Errorf("reading set the write cookie %v", c)
	}

	// Public pages are not served from the cache to whoever just wrote.
	anon := newAcctBrowser(t, s)
	anon.do("GET", "/", nil)
	if resp := anon.do("GET", "/", nil); resp.Header.Get("ETag") == "" {
		t.Fatal("the home page is not served from the page cache")
	}
	anon.cookies["schrijfpositie"] = &http.Cookie{Name: "schrijfpositie", Value: lsn.String()}
	if resp := anon.do("GET", "/", nil); resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") != "" {
		t.Errorf("with a write cookie: status %d, ETag %q; want a page rendered afresh", resp.StatusCode, resp.Header.Get("ETag"))
	}
	anon.cookies["schrijfpositie"] = &http.Cookie{Name: "schrijfpositie", Value: "onzin"}
	if resp := anon.do("GET", "/", nil); resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
		t.Errorf("with a write cookie not of our making: status %d, ETag %q; want the cached page", resp.StatusCode, resp.Header.Get("ETag"))
	}

	// Without replicas there is nothing to wait for.
	plain := acctSite(t, "http://praktijkbank.test")
	acctUser(t, plain.st, "eva@praktijkbank.test", catalog.RoleEditor)
	pb := newAcctBrowser(t, plain)
	pb.signIn("eva@praktijkbank.test")
	resp = pb.do("POST", "/afmelden/overal", url.Values{})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out everywhere: status %d", resp.StatusCode)
	}
	if c := writeCookie(resp); c != nil {
		t.Errorf("without replicas: write cookie %v", c)
	}
}
