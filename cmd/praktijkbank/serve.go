package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var db dbConfig
	db.register(fs, getenv)
	addr := fs.String("addr", envOr(getenv, "ADDR", "localhost:8080"), "listen address (env ADDR)")
	baseURL := fs.String("base-url", getenv("BASE_URL"), "public URL for canonical links (env BASE_URL); default http://ADDR")
	level := fs.String("log-level", envOr(getenv, "LOG_LEVEL", "info"), "debug, info, warn or error (env LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger, err := newLogger(stderr, *level)
	if err != nil {
		return err
	}
	if *baseURL == "" {
		*baseURL = "http://" + *addr
	}
	pool, closeDB, err := openDB(ctx, db, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer closeDB()
	st := store.New(pool)
	if err := app.Bootstrap(ctx, st, logger); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv, err := web.New(web.Config{BaseURL: *baseURL}, st, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	listenCtx, stopListen := context.WithCancel(context.Background())
	defer stopListen()
	go func() { _ = srv.Listen(listenCtx) }()

	httpServer := &http.Server{
		Addr:              *addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return listenCtx },
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("Praktijkbank is ready", "url", *baseURL)
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}
