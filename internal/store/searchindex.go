package store

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/praktijkbank/praktijkbank/internal/search"
)

// Each process holds the published catalogue's search index (package search) of one catalogue
// version. Every change to the published catalogue bumps the version (bumpVersion); a search
// that sees a newer version than its index has brings the index up to date first: it reads
// which search rows were written since the snapshot its index was read from (the table
// search_changes, filled by triggers on sheet_search, by transaction id), only those rows, and
// updates the index with them (search.Index.Update). When many sheets changed, when many
// slots of the index are dead, or when the index is older than the changes kept
// (changesKept), it builds the index afresh instead.

// searchIndexes holds the current index and serialises bringing it up to date.
type searchIndexes struct {
	cur  atomic.Pointer[search.Index]
	load sync.Mutex
	// Under load: the xmin of the snapshot the current index was read from (every
	// transaction before it had ended, so only the changes of transactions from it on can be
	// missing from the index) and when that snapshot was taken.
	horizon  uint64
	at       time.Time
	synonyms string // the fingerprint of the synonym groups the index holds (loadIndex)
	// last is how the index was last brought up to date, for the logs and the benchmark.
	last atomic.Pointer[IndexLoad]
}

// IndexLoad says how the search index was last brought up to date.
type IndexLoad struct {
	Version     int64
	Incremental bool // updated with the changed sheets, not built afresh
	Changed     int  // sheets read (all of them when built afresh)
	Removed     int
	Took        time.Duration

	horizon  uint64 // see searchIndexes
	synonyms string
}

// changesKept is how long search_changes keeps a row (bumpVersion deletes older ones): an
// index older than half of it is built afresh.
const changesKept = 24 * time.Hour

// LastIndexLoad reports how the search index was last brought up to date, or nil.
func (s *Store) LastIndexLoad() *IndexLoad { return s.index.last.Load() }

// indexAt returns an index at least as new as version, bringing it up to date when needed.
// Searches that arrive meanwhile wait for it rather than load their own.
func (s *Store) indexAt(ctx context.Context, version int64) (*search.Index, error) {
	if x := s.index.cur.Load(); x != nil && x.Version() >= version {
		return x, nil
	}
	s.index.load.Lock()
	defer s.index.load.Unlock()
	if x := s.index.cur.Load(); x != nil && x.Version() >= version {
		return x, nil
	}
	start := time.Now()
	prev := s.index.cur.Load()
	if time.Since(s.index.at) > changesKept/2 {
		prev = nil
	}
	x, load, err := loadIndex(ctx, s.pool, prev, s.index.horizon, s.index.synonyms)
	if err != nil {
		return nil, fmt.Errorf("store: load search index: %w", err)
	}
	s.index.horizon, s.index.at, s.index.synonyms = load.horizon, start, load.synonyms
	load.Took = time.Since(start)
	s.index.cur.Store(x)
	s.index.last.Store(&load)
	slog.Debug("search index", "version", load.Version, "incremental", load.Incremental, "changed", load.Changed,
		"removed", load.Removed, "took", load.Took)
	return x, nil
}

// WarmSearchIndex brings the search index up to the current catalogue version. Searches do it
// when they need it; calling this after a change (or at start) spares the next visitor the
// wait: building took 3.6 s at 10,000 sheets and 33 to 99 s at 100,000 on a heavily loaded
// machine, an update after one publication about 10 ms at 100,000 (README, Measured).
func (s *Store) WarmSearchIndex(ctx context.Context) error {
	v, err := s.CatalogVersion(ctx)
	if err != nil {
		return err
	}
	_, err = s.indexAt(ctx, v)
	return err
}

type beginner interface {
	BeginTx(context.Context, pgx.TxOptions) (pgx.Tx, error)
}

// loadIndex reads, from one snapshot, the catalogue version and the sheets changed since prev
// (nil for none) was read at horizon and updates prev with them, or builds the index afresh.
// The synonym groups are read again only when they changed: prev's have the fingerprint
// synonyms (reading them stems every member).
func loadIndex(ctx context.Context, db beginner, prev *search.Index, horizon uint64, synonyms string) (x *search.Index, load IndexLoad, err error) {
	err = pgx.BeginTxFunc(ctx, db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var snapshotXmin string
		err := tx.QueryRow(ctx, `
			SELECT version, pg_snapshot_xmin(pg_current_snapshot())::text,
			       (SELECT md5(coalesce(string_agg(id::text || ':' || array_to_string(words, '|'), ',' ORDER BY id), '')) FROM synonyms)
			FROM catalog_version`).Scan(&load.Version, &snapshotXmin, &load.synonyms)
		if err != nil {
			return err
		}
		if load.horizon, err = strconv.ParseUint(snapshotXmin, 10, 64); err != nil {
			return err
		}
		var syn *search.Synonyms
		if prev != nil && load.synonyms == synonyms {
			syn = prev.Synonyms()
		} else if syn, err = loadSynonyms(ctx, tx); err != nil {
			return err
		}
		if prev != nil {
			var ok bool
			if x, ok, err = updateIndex(ctx, tx, prev, horizon, syn, &load); err != nil || ok {
				return err
			}
		}
		load = IndexLoad{Version: load.Version, horizon: load.horizon, synonyms: load.synonyms}
		x, err = buildIndex(ctx, tx, load.Version, syn, &load)
		return err
	})
	return x, load, err
}

// searchRowColumns are the columns of a search row that the index takes in, for scanDoc.
const searchRowColumns = `s.sheet_id, s.xmin::text, s.published_at, s.title_folded,
	s.categorie, s.doel, s.doelgroep, s.gemeente, s.beleidsdomein, tsvectorsend(s.doc)`

// docScanner scans rows of searchRowColumns (and extra destinations) into a search.Doc.
type docScanner struct {
	doc       search.Doc
	stamp     string
	published *time.Time
	vector    []byte // the tsvector in binary (tsvectorsend): cheaper to write and read than text
	dest      []any
}

func newDocScanner(extra ...any) *docScanner {
	d := &docScanner{}
	d.doc.Terms = make([][]int64, 5)
	d.dest = []any{&d.doc.ID, &d.stamp, &d.published, &d.doc.Title,
		&d.doc.Terms[0], &d.doc.Terms[1], &d.doc.Terms[2], &d.doc.Terms[3], &d.doc.Terms[4], &d.vector}
	d.dest = append(d.dest, extra...)
	return d
}

// read completes the doc from the scanned values.
func (d *docScanner) read() (search.Doc, error) {
	stamp, err := strconv.ParseUint(d.stamp, 10, 32)
	if err != nil {
		return d.doc, fmt.Errorf("sheet %d: xmin %q: %w", d.doc.ID, d.stamp, err)
	}
	d.doc.Stamp = uint32(stamp)
	d.doc.Published = search.NoDate
	if d.published != nil {
		d.doc.Published = d.published.UnixMicro()
	}
	if d.doc.Stems, err = search.ReadTSVector(d.vector); err != nil {
		return d.doc, fmt.Errorf("sheet %d: %w", d.doc.ID, err)
	}
	return d.doc, nil
}

// buildIndex reads every published search row inside tx into a new index.
func buildIndex(ctx context.Context, tx pgx.Tx, version int64, syn *search.Synonyms, load *IndexLoad) (*search.Index, error) {
	return search.Build(version, syn, func(yield func(search.Doc) error) error {
		rows, err := tx.Query(ctx, `SELECT `+searchRowColumns+`
			FROM sheet_search s WHERE s.published ORDER BY s.title_folded, s.sheet_id`)
		if err != nil {
			return err
		}
		d := newDocScanner()
		_, err = pgx.ForEachRow(rows, d.dest, func() error {
			doc, err := d.read()
			if err != nil {
				return err
			}
			load.Changed++
			return yield(doc)
		})
		return err
	})
}

// updateIndex updates prev, read at horizon, with the search rows changed since, inside tx.
// It reports false, and leaves the work to buildIndex, when building afresh is better: when
// many sheets changed or the index would hold many dead slots.
func updateIndex(ctx context.Context, tx pgx.Tx, prev *search.Index, horizon uint64, syn *search.Synonyms, load *IndexLoad) (*search.Index, bool, error) {
	// The sheets whose search rows transactions from horizon on wrote (some of them may
	// have been read by prev already: their row versions tell).
	rows, err := tx.Query(ctx, `
		SELECT x.sheet_id, coalesce(s.published, false), coalesce(s.xmin::text, '0')
		FROM (SELECT DISTINCT sheet_id FROM search_changes WHERE xid >= $1::text::xid8) x
		LEFT JOIN sheet_search s ON s.sheet_id = x.sheet_id`, strconv.FormatUint(horizon, 10))
	if err != nil {
		return nil, false, err
	}
	var (
		id        int64
		published bool
		stamp     string
		changed   []int64
		removed   []int64
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &published, &stamp}, func() error {
		st, ok := prev.Stamp(id)
		switch {
		case published && (!ok || strconv.FormatUint(uint64(st), 10) != stamp):
			changed = append(changed, id)
		case !published && ok:
			removed = append(removed, id)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	n := len(changed) + len(removed)
	if n > 64 && n > prev.Len()/8 || prev.Dead()+n > max(prev.Len()/4, 1000) {
		return nil, false, nil
	}
	var docs []search.Doc
	if len(changed) > 0 {
		rows, err = tx.Query(ctx, `SELECT `+searchRowColumns+`,
			    coalesce((SELECT t.sheet_id FROM sheet_search t
			              WHERE t.published AND (t.title_folded, t.sheet_id) < (s.title_folded, s.sheet_id)
			              ORDER BY t.title_folded DESC, t.sheet_id DESC LIMIT 1), 0)
			FROM sheet_search s WHERE s.sheet_id = ANY($1) AND s.published
			ORDER BY s.title_folded, s.sheet_id`, changed)
		if err != nil {
			return nil, false, err
		}
		var after int64
		d := newDocScanner(&after)
		_, err = pgx.ForEachRow(rows, d.dest, func() error {
			doc, err := d.read()
			if err != nil {
				return err
			}
			doc.TitleAfter = after
			doc.Terms = clone2(doc.Terms)
			docs = append(docs, doc)
			return nil
		})
		if err != nil {
			return nil, false, err
		}
	}
	x, err := prev.Update(load.Version, syn, removed, docs)
	if err != nil {
		return nil, false, nil // build afresh
	}
	load.Incremental, load.Changed, load.Removed = true, len(docs), len(removed)
	return x, true, nil
}

func clone2(a [][]int64) [][]int64 {
	out := make([][]int64, len(a))
	for i, v := range a {
		out[i] = append([]int64(nil), v...)
	}
	return out
}
