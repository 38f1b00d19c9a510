package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// The five vocabularies are small and change only when an editor curates them or a sheet
// brings a new term. The server holds the newest snapshot of them (vocabulary, immutable)
// behind an atomic pointer; a request takes one snapshot, once, for the catalogue version it
// sees (takeCatalog), and every lookup during the request reads that snapshot: no locks, and no
// page that mixes two states of the vocabulary.

// vocabulary is one immutable snapshot of the vocabularies, read at catalogue version version
// or later. Nothing changes it after loadVocabulary returns it.
type vocabulary struct {
	version int64
	byID    map[int64]catalog.Term
	bySlug  map[catalog.Facet]map[string]catalog.Term
	byLabel map[catalog.Facet]map[string]catalog.Term // folded label → current term
	current map[catalog.Facet][]catalog.Term          // current terms, by folded label
}

// loadVocabulary reads a snapshot of the vocabularies from st.
func loadVocabulary(ctx context.Context, st *store.Store) (*vocabulary, error) {
	version, err := st.CatalogVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("web: vocabulary: %w", err)
	}
	terms, err := st.Vocabulary(ctx)
	if err != nil {
		return nil, fmt.Errorf("web: vocabulary: %w", err)
	}
	v := &vocabulary{
		version: version,
		byID:    make(map[int64]catalog.Term, len(terms)),
		bySlug:  map[catalog.Facet]map[string]catalog.Term{},
		byLabel: map[catalog.Facet]map[string]catalog.Term{},
		current: map[catalog.Facet][]catalog.Term{},
	}
	for _, f := range catalog.Facets {
		v.bySlug[f], v.byLabel[f] = map[string]catalog.Term{}, map[string]catalog.Term{}
	}
	for _, t := range terms {
		v.byID[t.ID] = t
		v.bySlug[t.Facet][t.Slug] = t
		if t.MergedInto == 0 {
			v.byLabel[t.Facet][catalog.Fold(t.Label)] = t
		}
	}
	for _, f := range catalog.Facets {
		list := make([]catalog.Term, 0, len(v.byLabel[f]))
		for _, t := range v.byLabel[f] {
			list = append(list, t)
		}
		slices.SortFunc(list, func(a, b catalog.Term) int {
			return strings.Compare(catalog.Fold(a.Label), catalog.Fold(b.Label))
		})
		v.current[f] = list
	}
	return v, nil
}

// term returns the term with id.
func (v *vocabulary) term(id int64) (catalog.Term, bool) {
	t, ok := v.byID[id]
	return t, ok
}

// resolve returns the current term for slug in facet, following a merge; ok is false when
// the slug is unknown.
func (v *vocabulary) resolve(f catalog.Facet, slug string) (catalog.Term, bool) {
	t, ok := v.bySlug[f][slug]
	for i := 0; ok && t.MergedInto != 0 && i < 10; i++ {
		t, ok = v.byID[t.MergedInto]
	}
	return t, ok
}

// byFoldedLabel returns the current term of facet whose label folds to label.
func (v *vocabulary) byFoldedLabel(f catalog.Facet, label string) (catalog.Term, bool) {
	t, ok := v.byLabel[f][catalog.Fold(label)]
	return t, ok
}

// termBySlug returns the term of facet f with slug, merged or current.
func (v *vocabulary) termBySlug(f catalog.Facet, slug string) (catalog.Term, bool) {
	t, ok := v.bySlug[f][slug]
	return t, ok
}

// currentTerms returns the current terms of facet f, ordered by folded label. The slice is
// the snapshot's: not to be changed.
func (v *vocabulary) currentTerms(f catalog.Facet) []catalog.Term {
	return v.current[f]
}

// vocabSource holds the newest snapshot and loads a newer one when a request needs it.
type vocabSource struct {
	st     *store.Store
	newest atomic.Pointer[vocabulary]
	load   sync.Mutex // one load at a time; requests that wait take its result
}

func newVocabSource(st *store.Store) *vocabSource { return &vocabSource{st: st} }

// refresh loads a new snapshot now.
func (v *vocabSource) refresh(ctx context.Context) error {
	v.load.Lock()
	defer v.load.Unlock()
	return v.reload(ctx)
}

func (v *vocabSource) reload(ctx context.Context) error {
	fresh, err := loadVocabulary(ctx, v.st)
	if err != nil {
		return err
	}
	if old := v.newest.Load(); old == nil || fresh.version >= old.version {
		v.newest.Store(fresh)
	}
	return nil
}

// at returns a snapshot at least as new as catalogue version, loading one when the newest is
// older.
func (v *vocabSource) at(ctx context.Context, version int64) (*vocabulary, error) {
	if cur := v.newest.Load(); cur != nil && cur.version >= version {
		return cur, nil
	}
	v.load.Lock()
	defer v.load.Unlock()
	if cur := v.newest.Load(); cur != nil && cur.version >= version {
		return cur, nil // loaded while this request waited
	}
	if err := v.reload(ctx); err != nil {
		return nil, err
	}
	return v.newest.Load(), nil
}

// requestCatalog is what a request knows of the catalogue, taken once when it starts: the
// catalogue version and the vocabulary snapshot at that version.
type requestCatalog struct {
	version int64
	vocab   *vocabulary
}

type catalogKey struct{}

// takeCatalog reads the catalogue version once for the request and takes the vocabulary
// snapshot of that version, for the handlers (vocabOf) and the page cache. When the version
// cannot be read the request goes on without them: the page cache then asks itself, and the
// handlers read the newest snapshot (a handler that needs the database fails there).
func (s *Server) takeCatalog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		version, err := s.pages.currentVersion(ctx)
		if err == nil {
			var vocab *vocabulary
			if vocab, err = s.vocab.at(ctx, version); err == nil {
				r = r.WithContext(context.WithValue(ctx, catalogKey{}, &requestCatalog{version: version, vocab: vocab}))
			}
		}
		if err != nil {
			s.log.Warn("catalogue version", "err", err)
		}
		next.ServeHTTP(w, r)
	})
}

// catalogOf returns what takeCatalog took for the request, or nil.
func catalogOf(ctx context.Context) *requestCatalog {
	c, _ := ctx.Value(catalogKey{}).(*requestCatalog)
	return c
}

// vocabOf returns the request's vocabulary snapshot (the newest one outside a request that
// took one).
func (s *Server) vocabOf(ctx context.Context) *vocabulary {
	if c := catalogOf(ctx); c != nil {
		return c.vocab
	}
	return s.vocab.newest.Load()
}
