package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func TestUserAdd(t *testing.T) {
	t.Parallel()
	dsn := testdb.DSN(t)
	ctx := context.Background()
	noEnv := func(string) string { return "" }
	runUser := func(stdin string, args ...string) (string, error) {
		t.Helper()
		var out, errOut bytes.Buffer
		err := run(ctx, append([]string{"user"}, args...), noEnv, strings.NewReader(stdin), &out, &errOut)
		return out.String(), err
	}

	out, err := runUser("correct paard batterij\n", "add", "beheerder@gemeente.be", "--role", "admin", "--name", "An Beheerder", "-database-url", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "created admin beheerder@gemeente.be") {
		t.Errorf("output %q", out)
	}

	pool, err := store.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	st := store.New(pool)
	u, err := st.Authenticate(ctx, store.Credentials{Email: "beheerder@gemeente.be", Password: "correct paard batterij", Client: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != catalog.RoleAdmin || u.Name != "An Beheerder" {
		t.Errorf("user %+v", u)
	}

	for _, tt := range []struct {
		name, stdin string
		args        []string
		wantErr     string
	}{
		{"short password", "te kort\n", []string{"add", "r@gemeente.be", "--role", "editor"}, "at least 12"},
		{"no password", "", []string{"add", "r@gemeente.be", "--role", "editor"}, "read password"},
		{"bad role", "correct paard batterij\n", []string{"add", "r@gemeente.be", "--role", "baas"}, "--role"},
		{"no address", "correct paard batterij\n", []string{"add", "--role", "editor"}, "one e-mail address"},
		{"bad address", "correct paard batterij\n", []string{"add", "geen adres", "--role", "editor"}, "not an e-mail address"},
		{"exists", "correct paard batterij\n", []string{"add", "BEHEERDER@gemeente.be", "--role", "editor"}, "exists already"},
		{"reset unknown", "correct paard batterij\n", []string{"add", "x@gemeente.be", "--role", "editor", "--reset"}, "no account"},
		{"no subcommand", "", []string{"remove", "x@gemeente.be"}, "usage"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runUser(tt.stdin, append(tt.args, "-database-url", dsn)...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
	if _, err := st.Authenticate(ctx, store.Credentials{Email: "r@gemeente.be", Password: "correct paard batterij", Client: "test2"}); !errors.Is(err, store.ErrBadCredentials) {
		t.Errorf("a refused command created an account: %v", err)
	}

	// --reset sets a new password (read without its CRLF) and role.
	if _, err := runUser("een nieuw wachtwoord\r\n", "add", "-database-url", dsn, "--reset", "beheerder@gemeente.be", "--role", "editor"); err != nil {
		t.Fatal(err)
	}
	u, err = st.Authenticate(ctx, store.Credentials{Email: "beheerder@gemeente.be", Password: "een nieuw wachtwoord", Client: "test3"})
	if err != nil || u.Role != catalog.RoleEditor || u.Name != "An Beheerder" {
		t.Errorf("after reset: %+v, %v", u, err)
	}
}
