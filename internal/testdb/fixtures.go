package testdb

import (
	"context"
	"crypto/sha256"
	"testing"

	"github.com/alexedwards/argon2id"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// The fixtures the tests of store, web and e2e share.

// CheapHashParams keeps the tests fast; production hashes use store.DefaultPasswordParams.
var CheapHashParams = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// TokenHash is how the app stores a token (a session's, a submission's, an invitation's, a
// reset link's): its SHA-256.
func TokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// NewUser creates the account u in st. With a password it is hashed with CheapHashParams;
// without one the account has a hash that no password matches.
func NewUser(t testing.TB, st *store.Store, u store.NewUser, password string) catalog.User {
	t.Helper()
	ctx := context.Background()
	u.PasswordHash = "not-a-real-hash"
	if password != "" {
		h, err := store.HashPassword(ctx, password, CheapHashParams)
		if err != nil {
			t.Fatal(err)
		}
		u.PasswordHash = h
	}
	created, err := st.CreateUser(ctx, 0, u)
	if err != nil {
		t.Fatal(err)
	}
	return created
}
