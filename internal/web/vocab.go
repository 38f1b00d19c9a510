package web

import (
	"context"
	"fmt"
	"sync"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// vocabCache holds the five vocabularies in memory; they are small and change only when an
// editor curates them or a sheet brings a new term.
type vocabCache struct {
	st *store.Store

	mu      sync.RWMutex
	version int64
	byID    map[int64]catalog.Term
	bySlug  map[catalog.Facet]map[string]catalog.Term
	byLabel map[catalog.Facet]map[string]catalog.Term // folded label → current term
}

func newVocabCache(st *store.Store) *vocabCache { return &vocabCache{st: st} }

func (v *vocabCache) refresh(ctx context.Context) error {
	version, err := v.st.CatalogVersion(ctx)
	if err != nil {
		return fmt.Errorf("web: vocabulary: %w", err)
	}
	terms, err := v.st.Vocabulary(ctx)
	if err != nil {
		return fmt.Errorf("web: vocabulary: %w", err)
	}
	byID := make(map[int64]catalog.Term, len(terms))
	bySlug := map[catalog.Facet]map[string]catalog.Term{}
	byLabel := map[catalog.Facet]map[string]catalog.Term{}
	for _, f := range catalog.Facets {
		bySlug[f], byLabel[f] = map[string]catalog.Term{}, map[string]catalog.Term{}
	}
	for _, t := range terms {
		byID[t.ID] = t
		bySlug[t.Facet][t.Slug] = t
		if t.MergedInto == 0 {
			byLabel[t.Facet][catalog.Fold(t.Label)] = t
		}
	}
	v.mu.Lock()
	v.version, v.byID, v.bySlug, v.byLabel = version, byID, bySlug, byLabel
	v.mu.Unlock()
	return nil
}

// ensureFresh reloads the vocabulary when the catalogue version moved past the loaded one.
func (v *vocabCache) ensureFresh(ctx context.Context, version int64) error {
	v.mu.RLock()
	stale := version > v.version
	v.mu.RUnlock()
	if stale {
		return v.refresh(ctx)
	}
	return nil
}

// term returns the term with id.
func (v *vocabCache) term(id int64) (catalog.Term, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	t, ok := v.byID[id]
	return t, ok
}

// resolve returns the current term for slug in facet, following a merge; ok is false when
// the slug is unknown.
func (v *vocabCache) resolve(f catalog.Facet, slug string) (catalog.Term, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	t, ok := v.bySlug[f][slug]
	for i := 0; ok && t.MergedInto != 0 && i < 10; i++ {
		t, ok = v.byID[t.MergedInto]
	}
	return t, ok
}

// byFoldedLabel returns the current term of facet whose label folds to label.
func (v *vocabCache) byFoldedLabel(f catalog.Facet, label string) (catalog.Term, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	t, ok := v.byLabel[f][catalog.Fold(label)]
	return t, ok
}
