// Package app wires the pieces of Praktijkbank that several commands share: loading the
// reference vocabulary and importing documents into the store.
package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/importer"
	"github.com/praktijkbank/praktijkbank/internal/refdata"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// Municipalities returns the embedded municipality list as store rows: every current
// municipality with the names it is found under, and every former one with a name of its own
// (leading to the municipality it merged into). It also returns the index behind them.
func Municipalities() ([]store.Municipality, *refdata.Index, error) {
	ms, err := refdata.Municipalities()
	if err != nil {
		return nil, nil, fmt.Errorf("app: municipalities: %w", err)
	}
	idx, err := refdata.NewIndex(ms)
	if err != nil {
		return nil, nil, fmt.Errorf("app: municipalities: %w", err)
	}
	var rows []store.Municipality
	for _, m := range idx.All() {
		row := store.Municipality{NIS: m.NIS, Label: m.NameNL, Slug: m.Slug, Province: m.Province}
		if m.Current() {
			row.Aliases = idx.Aliases(m.NIS)
		} else {
			succ, ok := idx.Successor(m.NIS)
			if !ok || succ.Slug == m.Slug {
				continue // same name as its successor: an alias, not a term of its own
			}
			row.MergedIntoNIS = succ.NIS
			row.Aliases = []string{m.NameNL, m.NameFR}
		}
		rows = append(rows, row)
	}
	return rows, idx, nil
}

// Importer parses documents and writes them to the store.
type Importer struct {
	st      *store.Store
	matcher importer.Matcher
	log     *slog.Logger
}

// NewImporter loads the municipality vocabulary into st and returns an importer over it.
func NewImporter(ctx context.Context, st *store.Store, logger *slog.Logger) (*Importer, error) {
	rows, idx, err := Municipalities()
	if err != nil {
		return nil, err
	}
	if err := st.SyncMunicipalities(ctx, rows); err != nil {
		return nil, err
	}
	if err := syncVocabularies(ctx, st); err != nil {
		return nil, err
	}
	return &Importer{st: st, matcher: importer.NewMunicipalityMatcher(idx.All()), log: logger}, nil
}

// syncVocabularies loads the starting vocabularies of "doel" and "doelgroep" into a database
// that has not had them, and tags the sheets that wait for terms.
func syncVocabularies(ctx context.Context, st *store.Store) error {
	vs, err := refdata.Vocabularies()
	if err != nil {
		return err
	}
	terms := make([]store.VocabularyTerm, len(vs))
	for i, v := range vs {
		terms[i] = store.VocabularyTerm{Facet: v.Facet, Slug: v.Slug, Label: v.Label, Keywords: v.Keywords}
	}
	return st.SyncVocabularies(ctx, terms)
}

// Parse parses one document without writing anything.
func (im *Importer) Parse(name string, data []byte) (catalog.Sheet, importer.Report) {
	return importer.Parse(name, data, im.matcher)
}

// Import parses and stores one document: a first import creates a published sheet, a repeated
// one updates it.
func (im *Importer) Import(ctx context.Context, name string, data []byte) (store.SaveResult, importer.Report, error) {
	sh, rep := im.Parse(name, data)
	res, err := im.st.SaveImported(ctx, sh, "import")
	return res, rep, err
}

// Bootstrap prepares a database for use: it loads the municipality vocabulary and, when the
// catalogue holds no sheet yet, imports the embedded seed documents as demo content.
func Bootstrap(ctx context.Context, st *store.Store, logger *slog.Logger) error {
	im, err := NewImporter(ctx, st, logger)
	if err != nil {
		return err
	}
	n, err := st.CountSheets(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		if up, err := st.UpgradeSnippetTexts(ctx); err != nil {
			return err
		} else if up > 0 {
			logger.Info("search snippets rebuilt with their fields apart", "sheets", up)
		}
		return nil
	}
	for _, f := range refdata.Seeds() {
		res, rep, err := im.Import(ctx, f.Name, f.Data)
		if err != nil {
			return fmt.Errorf("app: import seed %s: %w", f.Name, err)
		}
		logger.Info("seed imported", "file", f.Name, "slug", res.Slug, "notes", len(rep.Notes))
	}
	if _, err := st.UpgradeSnippetTexts(ctx); err != nil {
		return err
	}
	return st.RefreshSearchWords(ctx)
}
