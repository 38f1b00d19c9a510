package templates

import "context"

// Viewer is the signed-in editor or admin a page is rendered for.
type Viewer struct {
	Name  string
	Admin bool
}

type viewerKey struct{}

// WithViewer returns a context in which the layout shows v's navigation.
func WithViewer(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// viewerFrom returns the viewer of ctx; ok is false for anonymous visitors.
func viewerFrom(ctx context.Context) (Viewer, bool) {
	v, ok := ctx.Value(viewerKey{}).(Viewer)
	return v, ok
}
