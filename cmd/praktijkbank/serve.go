package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/app"
	"github.com/praktijkbank/praktijkbank/internal/mail"
	"github.com/praktijkbank/praktijkbank/internal/web"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var db dbConfig
	db.register(fs, getenv)
	var replicas replicaConfig
	replicas.register(fs, getenv)
	addr := fs.String("addr", envOr(getenv, "ADDR", "localhost:8080"), "listen address (env ADDR)")
	baseURL := fs.String("base-url", getenv("BASE_URL"), "public URL for canonical links (env BASE_URL); default http://ADDR")
	behindProxy := fs.Bool("behind-proxy", getenv("BEHIND_PROXY") == "true",
		"the site is reached through a reverse proxy: take client addresses from X-Forwarded-For of requests from trusted proxies (env BEHIND_PROXY=true)")
	trustedProxies := fs.String("trusted-proxies", getenv("TRUSTED_PROXIES"),
		"comma-separated addresses or CIDR ranges of the reverse proxies in front of the site (env TRUSTED_PROXIES); "+
			"implies -behind-proxy; default with -behind-proxy: "+strings.Join(web.DefaultTrustedProxies, ","))
	level := fs.String("log-level", envOr(getenv, "LOG_LEVEL", "info"), "debug, info, warn or error (env LOG_LEVEL)")
	smtpURL := fs.String("smtp-url", getenv("SMTP_URL"), "SMTP server for outgoing mail (env SMTP_URL), e.g. "+
		"smtp://user:pass@host:587?from=praktijkbank@example.be or smtps://…:465; empty: mails are only logged")
	mailFrom := fs.String("mail-from", getenv("MAIL_FROM"), "sender address of outgoing mail (env MAIL_FROM); overrides ?from= of -smtp-url")
	operator := fs.String("operator", envOr(getenv, "OPERATOR", web.DefaultOperator),
		"who runs the catalogue, named on /over, /privacy and /toegankelijkheid (env OPERATOR)")
	contactEmail := fs.String("contact-email", envOr(getenv, "CONTACT_EMAIL", web.DefaultContactEmail),
		"address for questions and the contact form's messages (env CONTACT_EMAIL)")
	licence := fs.String("licence", envOr(getenv, "LICENCE", web.DefaultLicenceName), "licence of the content (env LICENCE)")
	licenceURL := fs.String("licence-url", envOr(getenv, "LICENCE_URL", web.DefaultLicenceURL), "URL of the licence's text (env LICENCE_URL)")
	pprofAddr := fs.String("pprof-addr", getenv("PPROF_ADDR"),
		"address of a second listener with Go's profiler under /debug/pprof/ (env PPROF_ADDR); off when empty; keep it on localhost")
	cacheMB, err := intEnv(getenv, "PAGE_CACHE_MB", web.DefaultPageCacheBytes>>20)
	if err != nil {
		return err
	}
	fs.IntVar(&cacheMB, "page-cache-mb", cacheMB,
		"megabytes of rendered public pages kept in memory (env PAGE_CACHE_MB); 0: none")
	timeout, err := durationEnv(getenv, "STATEMENT_TIMEOUT", defaultStatementTimeout)
	if err != nil {
		return err
	}
	fs.DurationVar(&db.statementTimeout, "statement-timeout", timeout,
		"longest a database statement may run before PostgreSQL cancels it (env STATEMENT_TIMEOUT); 0: no limit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cacheMB < 0 {
		return fmt.Errorf("serve: -page-cache-mb %d: negative", cacheMB)
	}
	if db.statementTimeout < 0 {
		return fmt.Errorf("serve: -statement-timeout %s: negative", db.statementTimeout)
	}
	logger, err := newLogger(stderr, *level)
	if err != nil {
		return err
	}
	if *baseURL == "" {
		*baseURL = "http://" + *addr
	}
	setMemoryLimit(getenv, logger)
	pool, closeDB, err := openDB(ctx, db, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer closeDB()
	replicas.statementTimeout = db.statementTimeout
	st, closeReplicas, err := openReplicas(ctx, replicas, pool, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer closeReplicas()
	if err := app.Bootstrap(ctx, st, logger); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	var trusted []string
	if *trustedProxies != "" {
		trusted = strings.Split(*trustedProxies, ",")
	}
	for _, w := range placeholderSettings(*contactEmail, *baseURL, *smtpURL) {
		logger.Warn(w)
	}
	srv, err := web.New(web.Config{BaseURL: *baseURL, BehindProxy: *behindProxy, TrustedProxies: trusted,
		Operator: *operator, ContactEmail: *contactEmail, LicenceName: *licence, LicenceURL: *licenceURL,
		PageCacheBytes: pageCacheBytes(cacheMB)}, st, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	listenCtx, stopListen := context.WithCancel(context.Background())
	defer stopListen()
	go func() { _ = srv.Listen(listenCtx) }()
	go st.WatchReplicas(listenCtx)
	sender, err := mailSender(*smtpURL, *mailFrom, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	mailDone := make(chan struct{})
	go func() {
		defer close(mailDone)
		_ = mail.NewWorker(st, logger, mail.Config{Sender: sender}).Run(listenCtx)
	}()
	countsDone := make(chan struct{})
	go func() {
		defer close(countsDone)
		srv.CountSearches(listenCtx) // writes the last counts when listenCtx ends
	}()
	retentionDone := make(chan struct{})
	go func() {
		defer close(retentionDone)
		srv.RunRetention(listenCtx) // drafts and mails past their time, every hour
	}()
	defer func() { stopListen(); <-mailDone; <-countsDone; <-retentionDone }() // before the database closes

	httpServer := &http.Server{
		Addr:              *addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return listenCtx },
	}
	if *pprofAddr != "" {
		stopProfiler, err := serveProfiler(*pprofAddr, logger)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer stopProfiler()
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

// serveProfiler serves Go's profiler (net/http/pprof) on addr until the returned function is
// called. It is for measuring (internal/bench/run.sh with BENCH_PROFILE=1), never public.
func serveProfiler(addr string, logger *slog.Logger) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("profiler: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	logger.Info("profiler listening", "url", "http://"+ln.Addr().String()+"/debug/pprof/")
	return func() { _ = srv.Close() }, nil
}

// defaultMemoryLimit is the soft limit of the Go heap unless GOMEMLIMIT sets another: the
// collector works harder as the heap nears it, so that the memory of decoded photos (at most
// the photo budget, 384 MB) is returned soon. Beside them fit the search index (60 MB of heap
// at 100,000 sheets), the page cache (24 MB of pages unless -page-cache-mb says) and the
// collector's headroom; the server stays far below the limit in steady use (README, Measured).
const defaultMemoryLimit = 1 << 30

// setMemoryLimit sets the runtime's soft memory limit to defaultMemoryLimit, unless the
// environment's GOMEMLIMIT (which the runtime has applied already) says otherwise.
func setMemoryLimit(getenv func(string) string, logger *slog.Logger) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	logger.Debug("memory limit", "bytes", debug.SetMemoryLimit(-1))
}

// placeholderSettings says which settings a public site must not keep at their example values:
// the contact address that the contact, privacy and accessibility pages show and that the
// contact form mails, and, once mail is really sent, the base URL of the links in it.
func placeholderSettings(contactEmail, baseURL, smtpURL string) []string {
	var out []string
	if contactEmail == web.DefaultContactEmail {
		out = append(out, "the contact address is the example "+web.DefaultContactEmail+
			" (-contact-email, CONTACT_EMAIL): the contact and accessibility pages show it and the contact form's messages go there")
	}
	if smtpURL != "" {
		u, err := url.Parse(baseURL)
		if baseURL == "" || err != nil || u.Hostname() == "localhost" || net.ParseIP(u.Hostname()).IsLoopback() {
			out = append(out, "mail is sent but the base URL is this machine (-base-url, BASE_URL): the links in the mails will not open elsewhere")
		}
	}
	return out
}

// mailSender is the SMTP sender configured by rawURL and from, or nil (mails are logged)
// when rawURL is empty.
func mailSender(rawURL, from string, logger *slog.Logger) (mail.Sender, error) {
	if rawURL == "" {
		logger.Warn("no SMTP server configured (-smtp-url): mails are logged and listed under /beheer/mail, not sent")
		return nil, nil
	}
	c, err := mail.ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if from != "" {
		c.From = from
	}
	if c.From == "" {
		return nil, errors.New("-smtp-url needs a sender address: add ?from=… or set -mail-from")
	}
	logger.Info("sending mail", "server", c.String(), "from", c.From)
	return c, nil
}

// defaultStatementTimeout bounds every statement of the server's pool: no request waits
// longer than its 30 s write timeout, and a runaway query cannot hold a connection for longer.
const defaultStatementTimeout = 30 * time.Second

// durationEnv reads a duration ("30s", "2m") from the environment variable name, or def when
// it is not set.
// pageCacheBytes is web.Config.PageCacheBytes for -page-cache-mb (0: no cache).
func pageCacheBytes(mb int) int {
	if mb == 0 {
		return -1
	}
	return mb << 20
}

func intEnv(getenv func(string) string, name string, def int) (int, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: want a whole number", name, v)
	}
	return n, nil
}

func durationEnv(getenv func(string) string, name string, def time.Duration) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: %w", name, v, err)
	}
	return d, nil
}
