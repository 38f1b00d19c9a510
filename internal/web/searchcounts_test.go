package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

// countingSite is a test site that also hands out its web server, to write the counts.
func countingSite(t *testing.T) (site, *web.Server) {
	t.Helper()
	db := testdb.New(t)
	st := store.New(db)
	if err := app.Bootstrap(context.Background(), st, quiet); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{BaseURL: "https://praktijkbank.test"}, st, quiet)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return site{ts, st, db}, srv
}

// statRows reads a statistics table as "query searches last-column".
func statRows(doc *goquery.Document, id string) []string {
	var out []string
	doc.Find("#" + id).Closest("table").Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		out = append(out, strings.Join(texts(tr.Children()), " "))
	})
	return out
}

// Editors see what visitors searched, counted from cached pages too, and go from a query
// that found nothing to the form to add a synonym.
func TestSearchCounts(t *testing.T) {
	t.Parallel()
	s, srv := countingSite(t)
	ctx := context.Background()
	head, err := http.Head(s.URL + "/praktijken?q=kinderopvang") // a monitor: not counted, the page cached
	if err != nil {
		t.Fatal(err)
	}
	head.Body.Close()
	for _, path := range []string{
		"/praktijken?q=kinderopvang",               // from the cache, as the HEAD left it
		"/praktijken?q=kinderopvang",               // the same page, from the cache
		"/praktijken?q=Kinderopvang&pagina=2",      // a further page of the same search: not a new search
		"/praktijken?q=KINDEROPVANG&gemeente=genk", // with a filter: counted, its results not kept
		"/praktijken?q=springkasteel",
		"/praktijken?q=springkasteel",
		"/praktijken?q=an.peeters@gemeente.be", // looks like an address: not counted
		"/praktijken?q=0471234567",             // looks like a phone number: not counted
		"/praktijken",
	} {
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if err := srv.FlushSearchCounts(ctx); err != nil {
		t.Fatal(err)
	}
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	doc := ed.page(t, "GET", "/beheer/zoeken", nil, 200)
	kinderopvang := modText(s.get(t, "/praktijken?q=kinderopvang", 200).Find(".result-count"))
	n := strings.Fields(kinderopvang)[0]
	if got, want := statRows(doc, "meest-tabel"), []string{"kinderopvang 3 " + n, "springkasteel 2 0"}; !slices.Equal(got, want) {
		t.Errorf("most searched = %q, want %q", got, want)
	}
	if got, want := statRows(doc, "zonder-tabel"), []string{"springkasteel 2 Synoniem toevoegen voor springkasteel"}; !slices.Equal(got, want) {
		t.Errorf("without results = %q, want %q", got, want)
	}
	link, _ := doc.Find("#zonder-tabel").Closest("table").Find("tbody a").Last().Attr("href")
	form := ed.page(t, "GET", link, nil, 200)
	if v, _ := form.Find("#synoniem-woorden").Attr("value"); v != "springkasteel, " {
		t.Errorf("the link to add a synonym fills in %q", v)
	}
	search, _ := doc.Find("#meest-tabel").Closest("table").Find("tbody a").First().Attr("href")
	if search != "/praktijken?q=kinderopvang" {
		t.Errorf("the query links %q", search)
	}

	// Counts are added up over flushes; the privacy notice names how long they are kept.
	for range 2 {
		resp, err := http.Get(s.URL + "/praktijken?q=springkasteel")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if err := srv.FlushSearchCounts(ctx); err != nil {
		t.Fatal(err)
	}
	doc = ed.page(t, "GET", "/beheer/zoeken?"+url.Values{}.Encode(), nil, 200)
	if got := statRows(doc, "zonder-tabel"); len(got) != 1 || !strings.HasPrefix(got[0], "springkasteel 4 ") {
		t.Errorf("after a second flush: %q", got)
	}
	privacy := modText(s.get(t, "/privacy", 200).Find("main"))
	if want := fmt.Sprintf("Na %d dagen worden ze gewist", store.SearchStatsDays); !strings.Contains(privacy, want) {
		t.Errorf("the privacy notice does not say %q", want)
	}
}

// Counts not yet written when the server stops are written then.
func TestSearchCountsAtShutdown(t *testing.T) {
	t.Parallel()
	s, srv := countingSite(t)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.CountSearches(ctx); close(done) }()
	resp, err := http.Get(s.URL + "/praktijken?q=armoede")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s.Close() // as the server does at shutdown: the requests end first
	stop()
	<-done
	top, _, err := s.st.SearchStats(context.Background(), time.Now().AddDate(0, 0, 1), 10) // the day is Brussels's
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 1 || top[0].Query != "armoede" || top[0].Searches != 1 {
		t.Errorf("after stopping: %+v, want armoede searched once", top)
	}
}
