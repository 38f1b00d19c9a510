package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/catalog"
	gen "github.com/praktijkbank/praktijkbank/internal/generate"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// generate adds synthetic practice sheets: sheet i of a seed has source
// "generate:<seed>:<i>", so running the command again with the same seed updates those
// sheets (leaving unchanged ones alone) and adds only the missing ones.
func generate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var db dbConfig
	db.register(fs, getenv)
	n := fs.Int("sheets", 0, "number of sheets to generate (required)")
	seed := fs.Uint64("seed", 1, "seed: the same seed gives the same sheets")
	batch := fs.Int("batch", 500, "sheets per transaction")
	workers := fs.Int("workers", 2, "transactions running at the same time")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n <= 0 || fs.NArg() > 0 {
		return fmt.Errorf("generate: usage: praktijkbank generate --sheets N [--seed S] [--batch 500] [--workers 2]")
	}
	*batch = min(max(*batch, 1), 5000)
	*workers = min(max(*workers, 1), 16)
	logger, err := newLogger(stderr, envOr(getenv, "LOG_LEVEL", "warn"))
	if err != nil {
		return err
	}
	pool, closeDB, err := openDB(ctx, db, logger)
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	defer closeDB()
	st := store.New(pool)
	// The municipality vocabulary must be there; an empty catalogue also gets the seeds.
	if err := app.Bootstrap(ctx, st, logger); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	rows, _, err := app.Municipalities()
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	g, err := gen.New(gen.Options{Seed: *seed, Municipalities: gen.Municipalities(rows)})
	if err != nil {
		return err
	}
	if err := st.PrepareTerms(ctx, gen.Vocabulary()); err != nil {
		return fmt.Errorf("generate: %w", err)
	}

	start := time.Now()
	fmt.Fprintf(stdout, "generate: %d sheets, seed %d, batches of %d, %d workers\n", *n, *seed, *batch, *workers)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []catalog.Sheet, *workers)
	go func() { // slugs are claimed in sheet order, so they do not depend on timing
		defer close(batches)
		slugs := gen.NewSlugSet()
		for from := 0; from < *n; from += *batch {
			select {
			case batches <- g.Batch(from, min(*batch, *n-from), slugs):
			case <-ctx.Done():
				return
			}
		}
	}()

	var (
		mu       sync.Mutex
		total    store.BatchResult
		done     int
		firstErr error
		lastLine time.Time
	)
	var wg sync.WaitGroup
	for range *workers {
		wg.Go(func() {
			for sheets := range batches {
				res, err := saveWithRetry(ctx, st, sheets)
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					cancel()
					mu.Unlock()
					continue
				}
				total.Created += res.Created
				total.Updated += res.Updated
				total.Unchanged += res.Unchanged
				done += len(sheets)
				if time.Since(lastLine) >= time.Second || done == *n {
					lastLine = time.Now()
					el := time.Since(start).Seconds()
					fmt.Fprintf(stdout, "  %7d/%d sheets  %5.1f s  %6.0f sheets/s\n", done, *n, el, float64(done)/el)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return fmt.Errorf("generate: %w", firstErr)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	written := time.Since(start)
	if err := st.RefreshSearchWords(ctx); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	if err := st.Analyze(ctx); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	count, err := st.CountSheets(ctx)
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	elapsed := time.Since(start)
	fmt.Fprintf(stdout, "generate: %d created, %d updated, %d unchanged in %s (%.0f sheets/s; search words %s)\n",
		total.Created, total.Updated, total.Unchanged, elapsed.Round(10*time.Millisecond),
		float64(*n)/written.Seconds(), (elapsed - written).Round(10*time.Millisecond))
	fmt.Fprintf(stdout, "generate: the catalogue now holds %d sheets\n", count)
	return nil
}

// saveWithRetry saves one batch, trying again when it lost a race with a concurrent batch
// (the same new slug, a deadlock on the catalogue version).
func saveWithRetry(ctx context.Context, st *store.Store, sheets []catalog.Sheet) (store.BatchResult, error) {
	for attempt := 1; ; attempt++ {
		res, err := st.SaveGenerated(ctx, sheets, "generate")
		if err == nil || attempt == 5 || !retryable(err) || ctx.Err() != nil {
			return res, err
		}
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-time.After(time.Duration(attempt*50) * time.Millisecond):
		}
	}
}

func retryable(err error) bool {
	if errors.Is(err, catalog.ErrConflict) {
		return true
	}
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001")
}
