package main

import (
	"context"
	"io"
	"log/slog"
	"math"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/store"
	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func TestSetMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(old)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))

	setMemoryLimit(func(string) string { return "" }, quiet)
	if got := debug.SetMemoryLimit(-1); got != defaultMemoryLimit {
		t.Errorf("memory limit %d, want %d", got, defaultMemoryLimit)
	}
	debug.SetMemoryLimit(512 << 20) // as GOMEMLIMIT=512MiB would have set it at start
	setMemoryLimit(func(k string) string {
		if k == "GOMEMLIMIT" {
			return "512MiB"
		}
		return ""
	}, quiet)
	if got := debug.SetMemoryLimit(-1); got != 512<<20 {
		t.Errorf("with GOMEMLIMIT the limit became %d", got)
	}
}

// The replica settings: none means a store without replicas; a bad -replica-max-lag is named;
// a replica URL that leads to a server that is no standby, or to none at all, starts the
// store anyway, and the checks mark both down, so the primary serves every read.
func TestOpenReplicas(t *testing.T) {
	ctx := context.Background()
	quiet := slog.New(slog.DiscardHandler)
	dsn := testdb.DSN(t)
	primary, err := store.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()

	st, closeReplicas, err := openReplicas(ctx, replicaConfig{maxLag: "10s"}, primary, quiet)
	if err != nil || st.HasReplicas() {
		t.Fatalf("no replica URL: replicas %v, err %v", st != nil && st.HasReplicas(), err)
	}
	closeReplicas()

	_, _, err = openReplicas(ctx, replicaConfig{urls: dsn, maxLag: "tien"}, primary, quiet)
	if err == nil || !strings.Contains(err.Error(), "-replica-max-lag") {
		t.Errorf("bad max lag: err %v", err)
	}

	missing := "postgres://postgres@/praktijkbank?host=" + t.TempDir() + "&sslmode=disable"
	st, closeReplicas, err = openReplicas(ctx, replicaConfig{urls: dsn + " , " + missing, maxLag: "5s"}, primary, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer closeReplicas()
	if !st.HasReplicas() {
		t.Fatal("two replica URLs, no replicas")
	}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); st.WatchReplicas(wctx) }()
	var reps []store.ReplicaStatus
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if reps, _ = st.ReplicaStatus(); !reps[0].Checked.IsZero() && !reps[1].Checked.IsZero() {
			break
		}
	}
	stop()
	<-done
	if len(reps) != 2 || reps[0].Up || !strings.Contains(reps[0].Err, "not a standby") || reps[1].Up || reps[1].Err == "" {
		t.Fatalf("replicas after a check: %+v", reps)
	}
	if err := st.FollowCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CatalogVersion(store.ReadFromReplica(ctx, 0)); err != nil {
		t.Errorf("public read with both replicas down: %v", err)
	}
	if _, primaryReads := st.ReplicaStatus(); primaryReads != 1 {
		t.Errorf("%d reads on the primary, want 1", primaryReads)
	}
}

// The page cache's budget: megabytes from -page-cache-mb or PAGE_CACHE_MB, 0 for no cache;
// a negative or malformed value is named before anything starts.
func TestPageCacheSetting(t *testing.T) {
	if got := pageCacheBytes(24); got != 24<<20 {
		t.Errorf("24 MB: %d bytes", got)
	}
	if got := pageCacheBytes(0); got >= 0 {
		t.Errorf("0 MB: %d, want no cache (negative)", got)
	}
	for _, tt := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"-page-cache-mb", "-5"}, "", "-page-cache-mb -5: negative"},
		{nil, "veel", `PAGE_CACHE_MB="veel"`},
	} {
		getenv := func(k string) string {
			if k == "PAGE_CACHE_MB" {
				return tt.env
			}
			return ""
		}
		err := serve(context.Background(), tt.args, getenv, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %q: %v, want %q", tt.args, tt.env, err, tt.want)
		}
	}
}

// TestPlaceholderSettings: serve warns when a public site keeps the example contact address,
// or sends mail whose links point at this machine; a configured site gets no warning.
func TestPlaceholderSettings(t *testing.T) {
	for _, c := range []struct {
		contact, base, smtp string
		want                []string
	}{
		{"redactie@gemeente.be", "https://praktijken.gemeente.be", "smtp://mail.gemeente.be:587", nil},
		{"redactie@gemeente.be", "", "", nil}, // make run: mails are only logged
		{"praktijkbank@example.be", "https://praktijken.gemeente.be", "", []string{"the contact address is the example"}},
		{"redactie@gemeente.be", "", "smtp://mail.gemeente.be:587", []string{"the base URL is this machine"}},
		{"redactie@gemeente.be", "http://127.0.0.1:8080", "smtp://mail.gemeente.be:587", []string{"the base URL is this machine"}},
		{"praktijkbank@example.be", "http://localhost:8080", "smtp://mail.gemeente.be:587",
			[]string{"the contact address is the example", "the base URL is this machine"}},
	} {
		got := placeholderSettings(c.contact, c.base, c.smtp)
		if len(got) != len(c.want) {
			t.Errorf("%+v: warnings %q", c, got)
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%+v: warning %q, want it to say %q", c, got[i], w)
			}
		}
	}
}
