package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/importer"
	"github.com/praktijkbank/praktijkbank/internal/refdata"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

func importFiles(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	var db dbConfig
	db.register(fs, getenv)
	dryRun := fs.Bool("dry-run", false, "print what would be created; write nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("import: name one or more files")
	}
	logger, err := newLogger(stderr, envOr(getenv, "LOG_LEVEL", "warn"))
	if err != nil {
		return err
	}
	type doc struct {
		name string
		data []byte
	}
	var docs []doc
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		docs = append(docs, doc{filepath.Base(name), data})
	}

	if *dryRun {
		ms, err := refdata.Municipalities()
		if err != nil {
			return err
		}
		m := importer.NewMunicipalityMatcher(ms)
		for _, d := range docs {
			sh, rep := importer.Parse(d.name, d.data, m)
			printSheet(stdout, "would import", sh, rep)
		}
		return nil
	}

	pool, closeDB, err := openDB(ctx, db, logger)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer closeDB()
	st := store.New(pool)
	im, err := app.NewImporter(ctx, st, logger)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	for _, d := range docs {
		sh, rep := im.Parse(d.name, d.data)
		res, err := st.SaveImported(ctx, sh, "import")
		if err != nil {
			return fmt.Errorf("import %s: %w", d.name, err)
		}
		verb := "unchanged"
		switch {
		case res.Created:
			verb = "created"
		case res.Changed:
			verb = fmt.Sprintf("updated to revision %d", res.Revision)
		}
		sh.Slug = res.Slug
		printSheet(stdout, verb, sh, rep)
	}
	return st.RefreshSearchWords(ctx)
}

// printSheet writes a summary of an imported sheet and what the importer reported.
func printSheet(w io.Writer, verb string, sh catalog.Sheet, rep importer.Report) {
	fmt.Fprintf(w, "%s: %s /praktijken/%s %q\n", rep.File, verb, sh.Slug, sh.Title)
	var counts []string
	for _, f := range catalog.Facets {
		if n := len(sh.Terms[f]); n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", strings.ToLower(f.Label()), n))
		}
	}
	counts = append(counts, fmt.Sprintf("varianten %d", len(sh.Variants)),
		fmt.Sprintf("materiaal %d", len(sh.Resources)), fmt.Sprintf("secties %d", len(sh.Sections)))
	fmt.Fprintf(w, "  %s\n", strings.Join(counts, ", "))
	if sh.NeedsReview {
		fmt.Fprintf(w, "  gemarkeerd voor een redacteur\n")
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "  let op: %s\n", n)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(w, "  weggelaten (site van de oude databank): %q\n", s)
	}
}
