package store_test

import (
	"strings"
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// Shorthands of the store's tests for the shared fixtures (testdb.NewUser, TokenHash).

// newAccount creates an account with password, named after its address.
func newAccount(t testing.TB, st *store.Store, email string, role catalog.Role, password string) catalog.User {
	t.Helper()
	return testdb.NewUser(t, st, store.NewUser{Email: email, Name: strings.Split(email, "@")[0], Role: role}, password)
}

// modEditor creates an editor account, named "Redacteur <email>", and returns its id.
func modEditor(t testing.TB, st *store.Store, email string) int64 {
	t.Helper()
	return testdb.NewUser(t, st, store.NewUser{Email: email, Name: "Redacteur " + email, Role: catalog.RoleEditor}, "").ID
}
