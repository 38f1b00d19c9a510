package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

// TestRequireRoleGuardsBeheer mounts stand-in pages under requireRole the way the editors'
// area and the admin pages use it, independent of their handlers.
func TestRequireRoleGuardsBeheer(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(db)
	srv, err := New(Config{BaseURL: "http://praktijkbank.test"}, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ok := func(w http.ResponseWriter, r *http.Request) {
		u, _ := userFrom(r.Context())
		_, _ = io.WriteString(w, "welkom "+u.Email)
	}
	r := chi.NewRouter()
	r.Use(srv.loadSession)
	r.Route("/beheer", func(r chi.Router) {
		r.Use(srv.requireRole("editor"))
		r.Get("/", ok)
		r.Post("/", ok)
		r.Get("/wachtrij/{id}", ok)
		r.With(srv.requireRole("admin")).Get("/alleen-beheerders", ok)
	})
	ts := httptest.NewServer(r)
	t.Cleanup(ts.Close)

	ctx := context.Background()
	session := func(email string, role catalog.Role) string {
		u := testdb.NewUser(t, st, store.NewUser{Email: email, Role: role}, "een lang wachtwoord")
		token, hash := newToken()
		if _, err := st.StartSession(ctx, store.NewSession{UserID: u.ID, TokenHash: hash}); err != nil {
			t.Fatal(err)
		}
		return token
	}
	editor := session("redacteur@gemeente.be", catalog.RoleEditor)
	admin := session("beheerder@gemeente.be", catalog.RoleAdmin)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(method, path, token string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+path, nil)
		if token != "" {
			req.AddCookie(&http.Cookie{Name: "sessie", Value: token})
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}

	tests := []struct {
		method, path, token string
		status              int
		location            string
	}{
		{"GET", "/beheer", "", 303, "/aanmelden?terug=%2Fbeheer"},
		{"GET", "/beheer/wachtrij/12?tab=diff", "", 303, "/aanmelden?" + url.Values{"terug": {"/beheer/wachtrij/12?tab=diff"}}.Encode()},
		{"POST", "/beheer", "", 303, "/aanmelden"},
		{"GET", "/beheer", "onbekend-token", 303, "/aanmelden?terug=%2Fbeheer"},
		{"GET", "/beheer/alleen-beheerders", "", 303, "/aanmelden?terug=%2Fbeheer%2Falleen-beheerders"},
		{"GET", "/beheer", editor, 200, ""},
		{"GET", "/beheer/wachtrij/12", editor, 200, ""},
		{"GET", "/beheer/alleen-beheerders", editor, 403, ""},
		{"GET", "/beheer", admin, 200, ""},
		{"GET", "/beheer/alleen-beheerders", admin, 200, ""},
	}
	for _, tt := range tests {
		resp := get(tt.method, tt.path, tt.token)
		if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
			t.Errorf("%s %s (token %.8q): %d to %q, want %d to %q", tt.method, tt.path, tt.token,
				resp.StatusCode, resp.Header.Get("Location"), tt.status, tt.location)
		}
		if tt.status == 200 && resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: Cache-Control %q for a signed-in user", tt.method, tt.path, resp.Header.Get("Cache-Control"))
		}
	}
	// A removed account's session no longer counts.
	if _, err := db.Exec(ctx, `UPDATE users SET disabled_at = now() WHERE email = 'redacteur@gemeente.be'`); err != nil {
		t.Fatal(err)
	}
	if resp := get("GET", "/beheer", editor); resp.StatusCode != 303 {
		t.Errorf("removed editor: %d", resp.StatusCode)
	}

	defer func() {
		if recover() == nil {
			t.Error("requireRole accepted an unknown role")
		}
	}()
	srv.requireRole("redactor")
}

func TestLocalReturnPath(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"/beheer", "/beheer"},
		{"/beheer/audit?pagina=2#x", "/beheer/audit?pagina=2#x"},
		{"", ""},
		{"beheer", ""},
		{"//evil.test", ""},
		{"/\\evil.test", ""},
		{"/beheer\\..\\x", ""},
		{"https://evil.test", ""},
		{"/beheer\r\nSet-Cookie: x=y", ""},
		{"/%2F%2Fevil.test", "/%2F%2Fevil.test"}, // percent-encoded: stays a path on this site
	} {
		if got := localReturnPath(tt.in); got != tt.want {
			t.Errorf("localReturnPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
