package pglocal

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// TestUnlockWhileForking: a released lock is free at once, even while other
// goroutines fork and exec (a forked child shares our descriptors until it
// execs).
func TestUnlockWhileForking(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "users.lock")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					_ = exec.Command("/bin/true").Run()
				}
			}
		}()
	}
	defer wg.Wait()
	defer close(stop)
	for i := range 500 {
		sh, err := lock(context.Background(), path, syscall.LOCK_SH)
		if err != nil {
			t.Fatal(err)
		}
		unlock(sh)
		ex, ok, err := tryLock(path, syscall.LOCK_EX)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Fatalf("iteration %d: the shared lock is still held after unlock", i)
		}
		unlock(ex)
	}
}

// TestLockModes: shared locks coexist, an exclusive one excludes them, and
// the lock file is open to every user.
func TestLockModes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.lock")
	a, err := lock(ctx, path, syscall.LOCK_SH)
	if err != nil {
		t.Fatal(err)
	}
	b, ok, err := tryLock(path, syscall.LOCK_SH)
	if err != nil || !ok {
		t.Fatalf("second shared lock: %v, %v", ok, err)
	}
	if _, ok, _ := tryLock(path, syscall.LOCK_EX); ok {
		t.Fatal("exclusive lock granted while shared locks are held")
	}
	unlock(a)
	if _, ok, _ := tryLock(path, syscall.LOCK_EX); ok {
		t.Fatal("exclusive lock granted while a shared lock is held")
	}
	unlock(b)
	c, ok, err := tryLock(path, syscall.LOCK_EX)
	if err != nil || !ok {
		t.Fatalf("exclusive lock after release: %v, %v", ok, err)
	}
	unlock(c)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o666 {
		t.Errorf("lock file mode %v, want 0666", fi.Mode().Perm())
	}
}
