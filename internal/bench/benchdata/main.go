// Command benchdata prepares the load run of internal/bench/run.sh: it reads the benchmark
// database (DATABASE_URL, or the project-local cluster in DATA_DIR) and prints what wrk
// needs. It only reads; `praktijkbank generate` fills the database.
//
//	benchdata count                  generated sheets in the database
//	benchdata urls -n N -o FILE      N distinct catalogue URLs: a query word and two facet filters
//	benchdata hot [-small]           the hot catalogue URL (kinderopvang, a category, a municipality),
//	                                 or with -small a two-facet page of two or three results
//	benchdata freeport               a free TCP port on 127.0.0.1
//	benchdata wait -url URL          wait until URL answers 200 (bounded by -timeout)
//	benchdata publish [-n N]         build the search index, publish one sheet N times (default
//	                                 5) and time each update of the index (this writes!)
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/pglocal"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchdata:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: benchdata count|urls|hot|freeport|wait|publish")
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "freeport":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		defer ln.Close()
		fmt.Println(ln.Addr().(*net.TCPAddr).Port)
		return nil
	case "wait":
		fs := flag.NewFlagSet("wait", flag.ContinueOnError)
		u := fs.String("url", "", "URL to poll")
		timeout := fs.Duration("timeout", 2*time.Minute, "give up after")
		if err := fs.Parse(args); err != nil {
			return err
		}
		return wait(ctx, *u, *timeout)
	case "count", "urls", "hot", "publish":
	default:
		return fmt.Errorf("unknown command %q", cmd)
	}

	pool, closeDB, err := open(ctx)
	if err != nil {
		return err
	}
	defer closeDB()
	switch cmd {
	case "count":
		var n int
		err := pool.QueryRow(ctx, `SELECT count(*) FROM sheets WHERE source LIKE 'generate:%' AND status = 'published'`).Scan(&n)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "42P01" { // no tables yet: a new cluster
			n, err = 0, nil
		}
		if err != nil {
			return err
		}
		fmt.Println(n)
		return nil
	case "hot":
		if len(args) == 1 && args[0] == "-small" {
			return hotSmall(ctx, pool)
		}
		return hot(ctx, pool)
	case "publish":
		fs := flag.NewFlagSet("publish", flag.ContinueOnError)
		n := fs.Int("n", 5, "publications")
		if err := fs.Parse(args); err != nil {
			return err
		}
		return publish(ctx, pool, *n)
	default:
		fs := flag.NewFlagSet("urls", flag.ContinueOnError)
		n := fs.Int("n", 20000, "number of distinct URLs")
		seed := fs.Uint64("seed", 1, "seed of the sample")
		out := fs.String("o", "", "output file (default stdout)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		return urls(ctx, pool, *n, *seed, *out)
	}
}

// open connects to DATABASE_URL or to the project-local cluster in DATA_DIR (default
// .data/postgres under the project root), as the praktijkbank binary does.
func open(ctx context.Context) (*pgxpool.Pool, func(), error) {
	dsn := os.Getenv("DATABASE_URL")
	release := func() {}
	if dsn == "" {
		dir := os.Getenv("DATA_DIR")
		if dir == "" {
			wd, err := os.Getwd()
			if err != nil {
				return nil, nil, err
			}
			root, err := pglocal.ProjectRoot(wd)
			if err != nil {
				return nil, nil, err
			}
			dir = filepath.Join(root, pglocal.DefaultDir)
		}
		c, err := pglocal.Open(ctx, pglocal.Options{Dir: dir})
		if err != nil {
			return nil, nil, err
		}
		release = func() { _ = c.Close() }
		if err := c.EnsureDatabase(ctx, "praktijkbank"); err != nil {
			release()
			return nil, nil, err
		}
		dsn = c.DSN("praktijkbank")
	}
	pool, err := store.Connect(ctx, dsn)
	if err != nil {
		release()
		return nil, nil, err
	}
	return pool, func() { pool.Close(); release() }, nil
}

func wait(ctx context.Context, u string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer 200 within %s (last error: %v)", u, timeout, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// hot prints /praktijken?q=kinderopvang&categorie=C&gemeente=G with the category most
// sheets about kinderopvang carry and, among those, the municipality they name most.
func hot(ctx context.Context, pool *pgxpool.Pool) error {
	var cat, muni string
	err := pool.QueryRow(ctx, `
		WITH m AS (SELECT * FROM sheet_search WHERE published AND words @@ 'kinderopvang'::tsquery),
		c AS (SELECT t.id, t.slug FROM m, unnest(m.categorie) x JOIN terms t ON t.id = x
		      GROUP BY t.id, t.slug ORDER BY count(*) DESC, t.slug LIMIT 1)
		SELECT c.slug, (SELECT t.slug FROM m, unnest(m.gemeente) g JOIN terms t ON t.id = g
		                WHERE c.id = ANY (m.categorie) GROUP BY t.slug ORDER BY count(*) DESC, t.slug LIMIT 1)
		FROM c`).Scan(&cat, &muni)
	if err != nil {
		return fmt.Errorf("hot url: %w", err)
	}
	fmt.Printf("/praktijken?q=kinderopvang&categorie=%s&gemeente=%s\n", url.QueryEscape(cat), url.QueryEscape(muni))
	return nil
}

// hotSmall prints /praktijken?categorie=C&gemeente=G for the category and municipality that
// two or three sheets share (the pair first in slug order among those with three, else two):
// a small result page.
func hotSmall(ctx context.Context, pool *pgxpool.Pool) error {
	var cat, muni string
	err := pool.QueryRow(ctx, `
		WITH p AS (
		    SELECT c, g, count(*) AS n FROM sheet_search, unnest(categorie) c, unnest(gemeente) g
		    WHERE published GROUP BY c, g HAVING count(*) BETWEEN 2 AND 3)
		SELECT tc.slug, tg.slug FROM p JOIN terms tc ON tc.id = p.c JOIN terms tg ON tg.id = p.g
		ORDER BY p.n DESC, tc.slug, tg.slug LIMIT 1`).Scan(&cat, &muni)
	if err != nil {
		return fmt.Errorf("small hot url: %w", err)
	}
	fmt.Printf("/praktijken?categorie=%s&gemeente=%s\n", url.QueryEscape(cat), url.QueryEscape(muni))
	return nil
}

// urls writes n distinct catalogue URLs. Each takes a word drawn uniformly from the words the
// catalogue knows (search_words, five letters or more, in two sheets or more, as found in a
// sample of sheets), then a sampled sheet containing it and one of that sheet's terms in each
// of two facets, so that most requests find something, as a visitor narrowing down would.
// Facets are written in the catalogue's canonical order.
func urls(ctx context.Context, pool *pgxpool.Pool, n int, seed uint64, out string) error {
	slugs := map[int64]string{}
	rows, err := pool.Query(ctx, `SELECT id, slug FROM terms`)
	if err != nil {
		return err
	}
	var id int64
	var slug string
	if _, err := pgx.ForEachRow(rows, []any{&id, &slug}, func() error { slugs[id] = slug; return nil }); err != nil {
		return err
	}
	known := map[string]bool{}
	rows, err = pool.Query(ctx, `SELECT word FROM search_words WHERE length(word) >= 5 AND ndocs >= 2`)
	if err != nil {
		return err
	}
	var w string
	if _, err := pgx.ForEachRow(rows, []any{&w}, func() error { known[w] = true; return nil }); err != nil {
		return err
	}
	if len(known) == 0 {
		return errors.New("no search words: run praktijkbank generate first")
	}
	var ids []int64
	rows, err = pool.Query(ctx, `SELECT sheet_id FROM sheet_search WHERE published ORDER BY sheet_id`)
	if err != nil {
		return err
	}
	if _, err := pgx.ForEachRow(rows, []any{&id}, func() error { ids = append(ids, id); return nil }); err != nil {
		return err
	}
	if len(ids) == 0 {
		return errors.New("no published sheets")
	}
	r := rand.New(rand.NewPCG(seed, 0x62656e6368))
	sample := make([]int64, min(len(ids), n))
	for i := range sample {
		sample[i] = ids[r.IntN(len(ids))]
	}
	type sheet struct {
		words  []string
		facets [][]int64
	}
	bySheet := map[int64]*sheet{}
	rows, err = pool.Query(ctx, `
		SELECT sheet_id, array_to_string(tsvector_to_array(words), ' '), categorie, doel, doelgroep, gemeente, beleidsdomein
		FROM sheet_search WHERE sheet_id = ANY($1)`, sample)
	if err != nil {
		return err
	}
	var folded string
	var c, d, dg, g, b []int64
	if _, err := pgx.ForEachRow(rows, []any{&id, &folded, &c, &d, &dg, &g, &b}, func() error {
		s := &sheet{facets: [][]int64{c, d, dg, g, b}}
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(folded, func(r rune) bool { return r < 'a' || r > 'z' }) {
			if known[w] && !seen[w] {
				seen[w] = true
				s.words = append(s.words, w)
			}
		}
		bySheet[id] = s
		return nil
	}); err != nil {
		return err
	}

	// Which sampled sheets hold each word; words in a fixed order for a reproducible list.
	holders := map[string][]*sheet{}
	for _, sid := range slices.Sorted(maps.Keys(bySheet)) {
		for _, w := range bySheet[sid].words {
			holders[w] = append(holders[w], bySheet[sid])
		}
	}
	words := slices.Sorted(maps.Keys(holders))
	if len(words) == 0 {
		return errors.New("no known words in the sampled sheets")
	}
	seen := map[string]bool{}
	var list []string
	for tries := 0; len(list) < n && tries < 50*n; tries++ {
		word := words[r.IntN(len(words))]
		s := holders[word][r.IntN(len(holders[word]))]
		var with []int
		for k, ts := range s.facets {
			if len(ts) > 0 {
				with = append(with, k)
			}
		}
		if len(with) < 2 {
			continue
		}
		r.Shuffle(len(with), func(i, j int) { with[i], with[j] = with[j], with[i] })
		two := slices.Sorted(slices.Values(with[:2]))
		u := "/praktijken?q=" + url.QueryEscape(word)
		for _, k := range two {
			ts := s.facets[k]
			u += "&" + string(catalog.Facets[k]) + "=" + url.QueryEscape(slugs[ts[r.IntN(len(ts))]])
		}
		if !seen[u] {
			seen[u] = true
			list = append(list, u)
		}
	}
	if len(list) < n {
		return fmt.Errorf("only %d distinct URLs found, %d wanted", len(list), n)
	}
	f := os.Stdout
	if out != "" {
		if f, err = os.Create(out); err != nil {
			return err
		}
	}
	w2 := bufio.NewWriter(f)
	for _, u := range list {
		fmt.Fprintln(w2, u)
	}
	if err := w2.Flush(); err != nil {
		return err
	}
	if out != "" {
		return f.Close()
	}
	return nil
}

// publish builds the search index of the benchmark database in this process (its time and the
// heap it takes), then publishes one sheet n times, each time with other text, and times
// how long the index takes to follow (store.WarmSearchIndex after the change). The sheet is
// the same each time (source bench/publish), so runs do not pile sheets up.
func publish(ctx context.Context, pool *pgxpool.Pool, n int) error {
	st := store.New(pool)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	if err := st.WarmSearchIndex(ctx); err != nil {
		return err
	}
	l := st.LastIndexLoad()
	fmt.Printf("index built: %d sheets in %.2f s, heap %.0f MB\n", l.Changed, l.Took.Seconds(), float64(heap()-before)/(1<<20))
	var took []time.Duration
	for i := range n {
		sh := catalog.Sheet{Source: "bench/publish", Title: "Proefpublicatie van de benchmark",
			Intro:  fmt.Sprintf("Een praktijk over buurtwerking en kinderopvang, versie %d van %s.", i+1, time.Now().Format(time.RFC3339Nano)),
			Status: catalog.StatusPublished, Variants: []catalog.Variant{{Places: []catalog.Place{{Name: "Genk", TermSlug: "genk"}}}}}
		if _, err := st.SaveImported(ctx, sh, "import"); err != nil {
			return err
		}
		if err := st.WarmSearchIndex(ctx); err != nil {
			return err
		}
		l := st.LastIndexLoad()
		if !l.Incremental {
			fmt.Printf("publication %d: index built afresh (%d sheets) in %.1f ms\n", i+1, l.Changed, float64(l.Took.Microseconds())/1000)
			continue
		}
		took = append(took, l.Took)
		fmt.Printf("publication %d: index updated with %d sheet(s) in %.1f ms\n", i+1, l.Changed, float64(l.Took.Microseconds())/1000)
	}
	if len(took) > 0 {
		slices.Sort(took)
		fmt.Printf("RESULT publish_ms_min=%.1f publish_ms_median=%.1f publish_ms_max=%.1f\n",
			float64(took[0].Microseconds())/1000, float64(took[len(took)/2].Microseconds())/1000, float64(took[len(took)-1].Microseconds())/1000)
	}
	return nil
}
