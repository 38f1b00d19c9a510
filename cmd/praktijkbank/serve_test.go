package main

import (
	"io"
	"log/slog"
	"math"
	"runtime/debug"
	"testing"
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
