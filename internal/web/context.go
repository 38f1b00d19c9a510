package web

import (
	"context"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
)

type userKey struct{}

// withUser returns a context carrying the signed-in user.
func withUser(ctx context.Context, u catalog.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// userFrom returns the signed-in user of the request context; ok is false for visitors.
func userFrom(ctx context.Context) (catalog.User, bool) {
	u, ok := ctx.Value(userKey{}).(catalog.User)
	return u, ok && u.ID != 0
}
