package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"strings"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

const userUsage = `usage: praktijkbank user add EMAIL --role admin|editor [--name NAME] [--reset]
The password is read from standard input (one line, at least 12 characters).
--reset sets a new password (and the role, and the name when given) of an existing account,
reactivates it when it was removed and signs it out everywhere.`

// userCmd administers accounts: `user add`.
func userCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("user: %s", userUsage)
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, userUsage); fs.PrintDefaults() }
	var db dbConfig
	db.register(fs, getenv)
	role := fs.String("role", "", "admin or editor")
	name := fs.String("name", "", "the user's name as the interface shows it")
	reset := fs.Bool("reset", false, "set a new password for an existing account")
	// Flags may come before or after EMAIL.
	var positional []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(positional) != 1 {
		return fmt.Errorf("user add: name exactly one e-mail address\n%s", userUsage)
	}
	email := strings.TrimSpace(positional[0])
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return fmt.Errorf("user add: %q is not an e-mail address", email)
	}
	r := catalog.Role(*role)
	if r != catalog.RoleAdmin && r != catalog.RoleEditor {
		return fmt.Errorf("user add: --role must be admin or editor")
	}

	fmt.Fprintln(stderr, "Password (one line, at least 12 characters):")
	password, err := readLine(stdin)
	if err != nil {
		return fmt.Errorf("user add: read password: %w", err)
	}
	if !store.PasswordLengthOK(password) {
		return fmt.Errorf("user add: the password must have at least %d and at most %d characters",
			store.MinPasswordLength, store.MaxPasswordLength)
	}

	logger, err := newLogger(stderr, envOr(getenv, "LOG_LEVEL", "warn"))
	if err != nil {
		return err
	}
	pool, closeDB, err := openDB(ctx, db, logger)
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	defer closeDB()
	st := store.New(pool)
	hash, err := store.HashPassword(ctx, password, nil)
	if err != nil {
		return err
	}
	nu := store.NewUser{Email: email, Name: *name, Role: r, PasswordHash: hash}
	if *reset {
		u, err := st.ResetUser(ctx, nu)
		if errors.Is(err, catalog.ErrNotFound) {
			return fmt.Errorf("user add --reset: no account for %s", email)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "new password set for %s (%s, id %d); signed out everywhere\n", u.Email, u.Role, u.ID)
		return nil
	}
	u, err := st.CreateUser(ctx, 0, nu)
	if errors.Is(err, catalog.ErrConflict) {
		return fmt.Errorf("user add: an account for %s exists already; use --reset to set a new password", email)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (id %d)\n", u.Role, u.Email, u.ID)
	return nil
}

// readLine reads one line, without its line ending.
func readLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
