// Command praktijkbank serves the Praktijkbank catalogue and administers its database.
//
//	praktijkbank [serve]                  serve the catalogue (the default)
//	praktijkbank migrate                  apply database migrations
//	praktijkbank import [--dry-run] FILE  import documents in the seed layout
//	praktijkbank generate --sheets N      add N synthetic sheets (for benchmarks)
//	praktijkbank user add EMAIL --role R  create an account (password on stdin)
//
// Without DATABASE_URL every subcommand uses the project-local PostgreSQL cluster in
// .data/postgres, starting it when needed and stopping it when the last user exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "praktijkbank:", err)
		os.Exit(1)
	}
}

// run dispatches to a subcommand; it is main without the process globals.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stderr)
	case "migrate":
		return migrate(ctx, args, getenv, stderr)
	case "import":
		return importFiles(ctx, args, getenv, stdout, stderr)
	case "generate":
		return generate(ctx, args, getenv, stdout, stderr)
	case "user":
		return userCmd(ctx, args, getenv, stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

const usage = `usage:
  praktijkbank [serve] [flags]            serve the catalogue (default)
  praktijkbank migrate                    apply database migrations
  praktijkbank import [--dry-run] FILE... import documents in the seed layout
  praktijkbank generate --sheets N        add N synthetic practice sheets
  praktijkbank user add EMAIL --role R    create an editor or admin (password on stdin)
Run a command with -h for its flags.`

// newLogger returns a text logger at level ("debug", "info", "warn", "error").
func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: %w", level, err)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// envOr returns the environment value of key, or def when it is unset or empty.
func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}
