package pglocal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// openLockFile opens (creating if needed) a lock file that root and ordinary
// users can all lock: flock needs no write access, so the file is opened
// read-only, and a file we create is made world-readable regardless of the
// umask. os.OpenFile sets O_CLOEXEC, so child processes (the postmaster in
// particular) never inherit a lock.
func openLockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) == os.Geteuid() && fi.Mode().Perm() != 0o666 {
			_ = f.Chmod(0o666) // best effort: lets another user open it later
		}
	}
	return f, nil
}

// lock opens path and takes a flock of kind how (LOCK_SH or LOCK_EX) on it,
// waiting until it is granted or ctx is done. The lock lasts until the file
// is closed (see unlock). Locks taken through separate calls are independent,
// even within one process.
func lock(ctx context.Context, path string, how int) (*os.File, error) {
	f, err := openLockFile(path)
	if err != nil {
		return nil, err
	}
	wait := time.Millisecond
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("flock %s: %w", path, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, fmt.Errorf("waiting for %s: %w", path, context.Cause(ctx))
		case <-t.C:
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// tryLock is lock without waiting: ok is false when the lock is held
// elsewhere in a conflicting mode.
func tryLock(path string, how int) (f *os.File, ok bool, err error) {
	f, err = openLockFile(path)
	if err != nil {
		return nil, false, err
	}
	err = syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		return nil, false, nil
	}
	if err != nil {
		f.Close()
		return nil, false, fmt.Errorf("flock %s: %w", path, err)
	}
	return f, true, nil
}

// unlock releases a lock taken by lock or tryLock and closes its file.
//
// The lock is released explicitly (LOCK_UN) rather than by closing: a flock
// belongs to the open file description, which a child forked by another
// goroutine shares until its exec has closed the O_CLOEXEC descriptors. Were
// the close to release it, the lock could outlive it for that moment, and a
// following tryLock (Close deciding whether it is the last user) would
// wrongly fail.
func unlock(f *os.File) {
	if f == nil {
		return
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	f.Close()
}
