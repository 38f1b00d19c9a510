package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/templates"
)

// Searches are counted for the editors (/beheer/zoeken) without keeping anything that
// identifies a person: per day (in Brussels) and normalized query, how often, and how many
// results. Counting is in memory, a map increment per search; the counts are added to the
// database every searchFlushEvery and when the server stops (CountSearches), one statement
// for all of them. A page served from the page cache counts like a rendered one: the cache
// keeps the page's note (pageNote) and hands it back on every hit.

const (
	searchFlushEvery  = time.Minute
	maxCountedQueries = 10000 // distinct queries held between two flushes; more are not counted
	maxQueryKept      = 100   // characters of a query kept
)

// pageNote is what a public page's handler tells the middleware around it, kept with the
// page in the cache: the search it showed, if any.
type pageNote struct {
	query    string // the words searched; "" when the page is no search to count
	results  int
	filtered bool // facet filters were chosen
}

// pageNotes receives the note of a request's page (countSearches puts it in the context).
type pageNotes struct {
	counter *searchCounter // nil: noted, not counted (HEAD)
	note    pageNote
}

type pageNotesKey struct{}

// notePage records n for the request and counts its search, before the page is written, so
// that a search is counted once its answer is on the way. The page cache calls it again with
// the note it kept for each page it serves.
func notePage(ctx context.Context, n pageNote) {
	p := pageNotesOf(ctx)
	if p == nil {
		return
	}
	p.note = n
	if n.query != "" && p.counter != nil {
		p.counter.count(n.query, n.results, n.filtered)
	}
}

// pageNotesOf is what receives the notes of a request, or nil.
func pageNotesOf(ctx context.Context) *pageNotes {
	p, _ := ctx.Value(pageNotesKey{}).(*pageNotes)
	return p
}

// countSearches counts the searches of the pages below it, served from the cache or not. A
// HEAD request (a monitor, a link checker) is not a search: its page is noted for the cache,
// not counted.
func (s *Server) countSearches(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notes := &pageNotes{}
		if r.Method == http.MethodGet {
			notes.counter = s.searches
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), pageNotesKey{}, notes)))
	})
}

// countedQuery normalizes a search for the statistics: folded, spaces collapsed, at most
// maxQueryKept characters. A query that looks like an e-mail address or a phone number is
// not counted (false): someone may have typed their own.
func countedQuery(q string) (string, bool) {
	q = strings.Join(strings.Fields(catalog.Fold(q)), " ")
	digits := 0
	for _, r := range q {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	if q == "" || strings.Contains(q, "@") || digits >= 7 {
		return "", false
	}
	if utf8.RuneCountInString(q) > maxQueryKept {
		q = strings.TrimSpace(string([]rune(q)[:maxQueryKept]))
	}
	return q, true
}

// searchCounter holds the counts since the last flush.
type searchCounter struct {
	mu        sync.Mutex
	counts    map[searchKey]*searchTally
	lastPurge string // the day of the last flush
	now       func() time.Time
}

type searchKey struct {
	day   string // 2006-01-02 in Brussels
	query string
}

type searchTally struct {
	searches int
	results  int // of the last search without filters, -1 for none
}

func newSearchCounter() *searchCounter {
	return &searchCounter{counts: map[searchKey]*searchTally{}, now: time.Now}
}

// today is the day counted, in Brussels.
func (c *searchCounter) today() string { return c.now().In(templates.Brussels).Format(time.DateOnly) }

// count counts one search of q with results results.
func (c *searchCounter) count(q string, results int, filtered bool) {
	q, ok := countedQuery(q)
	if !ok {
		return
	}
	k := searchKey{day: c.today(), query: q}
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.counts[k]
	if t == nil {
		if len(c.counts) >= maxCountedQueries {
			return
		}
		t = &searchTally{results: -1}
		c.counts[k] = t
	}
	t.searches++
	if !filtered {
		t.results = results
	}
}

// take returns the counts and starts new ones; put gives counts that could not be written
// back, added to the ones counted since.
func (c *searchCounter) take() map[searchKey]*searchTally {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.counts
	c.counts = map[searchKey]*searchTally{}
	return out
}

func (c *searchCounter) put(old map[searchKey]*searchTally) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, o := range old {
		t := c.counts[k]
		switch {
		case t != nil:
			t.searches += o.searches
			if t.results < 0 {
				t.results = o.results
			}
		case len(c.counts) < maxCountedQueries:
			c.counts[k] = o
		}
	}
}

// FlushSearchCounts adds the searches counted since the last flush to the database, and
// deletes the counts older than the days kept (once a day at least).
func (s *Server) FlushSearchCounts(ctx context.Context) error {
	c := s.searches
	today := c.today()
	counts := c.take()
	if len(counts) == 0 && c.lastPurgeDay() == today {
		return nil
	}
	rows := make([]store.SearchCount, 0, len(counts))
	for k, t := range counts {
		day, err := time.Parse(time.DateOnly, k.day)
		if err != nil {
			continue
		}
		rows = append(rows, store.SearchCount{Day: day, Query: k.query, Searches: t.searches, Results: t.results})
	}
	day, _ := time.Parse(time.DateOnly, today)
	if err := s.store.AddSearchCounts(ctx, day, rows); err != nil {
		c.put(counts)
		return err
	}
	c.mu.Lock()
	c.lastPurge = today
	c.mu.Unlock()
	return nil
}

func (c *searchCounter) lastPurgeDay() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastPurge
}

// CountSearches adds the counted searches to the database every minute until ctx ends, and a
// last time then. Run it beside the server; it returns after the last flush.
func (s *Server) CountSearches(ctx context.Context) {
	tick := time.NewTicker(searchFlushEvery)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if err := s.FlushSearchCounts(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("write search counts", "err", err)
			}
		case <-ctx.Done():
			last, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := s.FlushSearchCounts(last); err != nil {
				s.log.Error("write search counts", "err", err)
			}
			return
		}
	}
}
