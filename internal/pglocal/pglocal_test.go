package pglocal

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// helperEnv makes the test binary act as another process using a cluster:
// see TestHelperProcess.
const helperEnv = "PGLOCAL_TEST_HELPER_DIR"

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// newDir returns a cluster directory inside a fresh t.TempDir: as is (mode
// 0700 in a 0700 parent, which the server's user cannot traverse when we are
// root) or made world-traversable. Registered before any handle is opened,
// its cleanup runs after they are all closed: it stops a server a failed test
// left running and removes what the cluster keeps outside the directory.
func newDir(t *testing.T, traversable bool, sub ...string) string {
	t.Helper()
	base := t.TempDir()
	if traversable {
		for _, d := range []string{base, filepath.Dir(base)} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := filepath.Join(append(append([]string{base}, sub...), "postgres")...)
	h := shortHash(dir)
	relocated := "/var/tmp/praktijkbank-pg-" + h
	t.Cleanup(func() {
		for _, data := range []string{dir, relocated} {
			b, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
			if err != nil {
				continue
			}
			if pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0]); err == nil && syscall.Kill(pid, 0) == nil {
				t.Errorf("server %d still running at the end of the test: stopping it", pid)
				_ = syscall.Kill(pid, syscall.SIGQUIT)
				time.Sleep(time.Second)
			}
		}
		for _, d := range []string{relocated, relocated + ".initdb", "/tmp/praktijkbank-pg-" + h} {
			if err := os.RemoveAll(d); err != nil {
				t.Errorf("cleanup: %v", err)
			}
		}
	})
	return dir
}

// open opens the cluster at dir and closes it at the end of the test.
func open(t *testing.T, dir string) *Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := Open(ctx, Options{Dir: dir, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return c
}

func queryOne(t *testing.T, c *Cluster, db string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.DSN(db))
	if err != nil {
		t.Fatalf("connect %s: %v", db, err)
	}
	defer conn.Close(ctx)
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 on %s: %d, %v", db, one, err)
	}
}

func running(c *Cluster) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return c.ping(ctx) == nil
}

// postmasterPID reads the PID from postmaster.pid, or 0 if there is none.
func postmasterPID(t *testing.T, c *Cluster) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.DataDir(), "postmaster.pid"))
	if errors.Is(err, fs.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil {
		t.Fatalf("postmaster.pid: %v", err)
	}
	return pid
}

// processUID returns the real uid of process pid.
func processUID(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "Uid:" {
			uid, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatal(err)
			}
			return uid
		}
	}
	t.Fatalf("no Uid in /proc/%d/status", pid)
	return -1
}

// wantUID is the uid the server should run as.
func wantUID(t *testing.T) int {
	t.Helper()
	if os.Geteuid() != 0 {
		return os.Geteuid()
	}
	a, err := defaultAccount()
	if err != nil {
		t.Fatal(err)
	}
	if a.uid == 0 {
		t.Fatalf("default account %s is root", a)
	}
	return int(a.uid)
}

// TestOpenCreateQuery creates a cluster in a fresh t.TempDir (mode 0700: as
// root, the server's user cannot traverse it, so the cluster must be
// relocated), creates a database, queries it, and checks who runs the server.
func TestOpenCreateQuery(t *testing.T) {
	t.Parallel()
	dir := newDir(t, false)
	c := open(t, dir)

	ctx := context.Background()
	for range 2 { // the second call finds the database
		if err := c.EnsureDatabase(ctx, "praktijkbank test"); err != nil {
			t.Fatalf("EnsureDatabase: %v", err)
		}
	}
	queryOne(t, c, "praktijkbank test")

	if !strings.HasPrefix(c.DSN("x"), "postgres://postgres@/x?") || strings.Contains(c.DSN("x"), "localhost") {
		t.Errorf("DSN = %q, want a Unix socket DSN", c.DSN("x"))
	}
	if got, want := processUID(t, postmasterPID(t, c)), wantUID(t); got != want {
		t.Errorf("postmaster runs as uid %d, want %d", got, want)
	}

	fi, err := os.Lstat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		// t.TempDir is 0700 root: the cluster lives in /var/tmp.
		if fi.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("%s is not a symlink although %s is 0700 root", dir, filepath.Dir(dir))
		}
		if want := "/var/tmp/praktijkbank-pg-" + shortHash(dir); c.DataDir() != want {
			t.Errorf("DataDir = %s, want %s", c.DataDir(), want)
		}
		if target, _ := os.Readlink(dir); target != c.DataDir() {
			t.Errorf("symlink points to %s, want %s", target, c.DataDir())
		}
	} else if !fi.IsDir() || c.DataDir() != dir {
		t.Errorf("DataDir = %s (mode %v), want the directory %s", c.DataDir(), fi.Mode(), dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err != nil {
		t.Errorf("cluster not reachable through Dir: %v", err)
	}
	// No TCP listener, settings applied.
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for name, want := range map[string]string{
		"listen_addresses": "",
		"max_connections":  "200",
		"fsync":            "on",
		"server_encoding":  "UTF8",
	} {
		var got string
		if err := conn.QueryRow(ctx, "SELECT current_setting($1)", name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	// Lock files can be opened by any user.
	for _, name := range []string{"postgres.users.lock", "postgres.start.lock"} {
		fi, err := os.Stat(filepath.Join(filepath.Dir(dir), name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o666 {
			t.Errorf("%s mode %v, want 0666", name, fi.Mode().Perm())
		}
	}
}

// TestSharedAndReopen: two handles in one process share one server; only the
// last Close stops it; a reopen starts it again with the data kept.
func TestSharedAndReopen(t *testing.T) {
	t.Parallel()
	dir := newDir(t, false)
	ctx := context.Background()
	opts := Options{Dir: dir, Logger: testLogger(t)}

	a, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	pid := postmasterPID(t, a)
	if pid == 0 || postmasterPID(t, b) != pid {
		t.Fatalf("handles do not share one server")
	}
	if err := a.EnsureDatabase(ctx, "kept"); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, a.DSN("kept"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE TABLE t (x int); INSERT INTO t VALUES (42)"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)

	if err := a.Close(); err != nil {
		t.Fatalf("first Close: %v", err)
	}
	if err := a.Close(); err != nil {
		t.Fatalf("second Close of the same handle: %v", err)
	}
	if !running(b) {
		t.Fatal("server stopped although another handle is open")
	}
	queryOne(t, b, "kept")
	if err := b.Close(); err != nil {
		t.Fatalf("last Close: %v", err)
	}
	if running(b) || postmasterPID(t, b) != 0 {
		t.Fatal("server still running after the last Close")
	}

	c := open(t, dir)
	conn, err = pgx.Connect(ctx, c.DSN("kept"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var x int
	if err := conn.QueryRow(ctx, "SELECT x FROM t").Scan(&x); err != nil || x != 42 {
		t.Fatalf("after reopen: x = %d, %v", x, err)
	}
}

// TestDeletedDir: removing Dir (for a relocated cluster: its symlink)
// deletes the cluster; the next Open starts afresh.
func TestDeletedDir(t *testing.T) {
	t.Parallel()
	dir := newDir(t, false)
	ctx := context.Background()
	a, err := Open(ctx, Options{Dir: dir, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.EnsureDatabase(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}

	b := open(t, dir)
	conn, err := pgx.Connect(ctx, b.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'gone')").Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Fatal("the cluster survived the removal of its directory")
	}
}

// TestTraversableDir: in a directory every user can traverse, the cluster
// stays in Dir itself (no symlink), owned by the server's user.
func TestTraversableDir(t *testing.T) {
	t.Parallel()
	dir := newDir(t, true, "data")
	c := open(t, dir)
	queryOne(t, c, "postgres")
	fi, err := os.Lstat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.IsDir() || c.DataDir() != dir || c.SocketDir() != dir {
		t.Fatalf("Dir %s (mode %v): DataDir %s, SocketDir %s; want all in place", dir, fi.Mode(), c.DataDir(), c.SocketDir())
	}
	if got, want := int(fi.Sys().(*syscall.Stat_t).Uid), wantUID(t); got != want {
		t.Errorf("%s owned by uid %d, want %d", dir, got, want)
	}
}

// TestLongPath: a Dir too long for a Unix socket path gets its socket in a
// short directory under /tmp.
func TestLongPath(t *testing.T) {
	t.Parallel()
	dir := newDir(t, true, strings.Repeat("a-long-directory-name-", 5))
	c := open(t, dir)
	queryOne(t, c, "postgres")
	if want := "/tmp/praktijkbank-pg-" + shortHash(dir); c.SocketDir() != want {
		t.Errorf("SocketDir = %s, want %s", c.SocketDir(), want)
	}
	if c.DataDir() != dir {
		t.Errorf("DataDir = %s, want %s", c.DataDir(), dir)
	}
}

// TestKilledPostmaster: after the postmaster is killed with SIGKILL (leaving
// a stale postmaster.pid), the next Open starts it again.
func TestKilledPostmaster(t *testing.T) {
	t.Parallel()
	dir := newDir(t, false)
	a := open(t, dir)
	queryOne(t, a, "postgres")
	pid := postmasterPID(t, a)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for running(a) {
		if time.Now().After(deadline) {
			t.Fatal("server still answers after SIGKILL")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if postmasterPID(t, a) != pid {
		t.Fatal("expected a stale postmaster.pid")
	}

	b := open(t, dir) // a is still open: Open must notice the server is gone
	queryOne(t, b, "postgres")
	if newPID := postmasterPID(t, b); newPID == pid || newPID == 0 {
		t.Fatalf("postmaster pid %d after restart (was %d)", newPID, pid)
	}
}

// TestHelperProcess is not a real test: run with helperEnv set, it opens the
// cluster, prints "ready", waits for its standard input to close and closes
// the cluster, standing in for another process (serve, import, a test
// package) sharing the cluster.
func TestHelperProcess(t *testing.T) {
	dir := os.Getenv(helperEnv)
	if dir == "" {
		return
	}
	c, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := c.Close(); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// helper starts another process using the cluster at dir and waits until it
// has opened it. stop makes it close the cluster and waits for it to exit.
func helper(t *testing.T, dir string) (stop func(), proc *os.Process) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		t.Fatalf("helper process: %q, %v", line, err)
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		stdin.Close()
		go func() { _, _ = io.Copy(io.Discard, stdout) }()
		if err := cmd.Wait(); err != nil && !killed(err) {
			t.Errorf("helper process: %v", err)
		}
	}
	t.Cleanup(stop)
	return stop, cmd.Process
}

func killed(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL
}

// TestOtherProcess: the server is shared with another process, and whichever
// closes last stops it.
func TestOtherProcess(t *testing.T) {
	t.Parallel()
	dir := newDir(t, false)
	ctx := context.Background()

	// The other process starts it and leaves first.
	stop, _ := helper(t, dir)
	c, err := Open(ctx, Options{Dir: dir, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	pid := postmasterPID(t, c)
	stop()
	if !running(c) || postmasterPID(t, c) != pid {
		t.Fatal("the other process stopped the server while we use it")
	}
	queryOne(t, c, "postgres")

	// We leave first: the other process keeps it running, then stops it.
	stop, _ = helper(t, dir)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if !running(c) {
		t.Fatal("our Close stopped the server while the other process uses it")
	}
	stop()
	if running(c) || postmasterPID(t, c) != 0 {
		t.Fatal("server still running after every process left")
	}

	// The other process starts it and dies without closing: its lock goes
	// with it, so the next process to leave stops the server.
	stop, proc := helper(t, dir)
	if err := proc.Kill(); err != nil {
		t.Fatal(err)
	}
	stop()
	if !running(c) {
		t.Fatal("server gone with the process that started it")
	}
	c, err = Open(ctx, Options{Dir: dir, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	queryOne(t, c, "postgres")
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if running(c) || postmasterPID(t, c) != 0 {
		t.Fatal("server left running after its starter died and the last user left")
	}
}

// TestFindBinDir: the binaries are found on this machine; without any, the
// error says what to install.
func TestFindBinDir(t *testing.T) {
	ctx := context.Background()
	dir, err := findBinDir(ctx, "", debianBinRoot)
	if err != nil {
		t.Fatalf("findBinDir: %v", err)
	}
	if !hasServer(dir) {
		t.Fatalf("findBinDir = %s, which lacks the server binaries", dir)
	}
	major, err := majorVersion(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := findBinDir(ctx, major, debianBinRoot); err != nil || got != dir {
		t.Errorf("findBinDir(%s) = %s, %v; want %s", major, got, err, dir)
	}
	if _, err := findBinDir(ctx, "7.4", debianBinRoot); err == nil || !strings.Contains(err.Error(), "postgresql-7.4") {
		t.Errorf("findBinDir for a missing version: %v", err)
	}

	t.Setenv("PATH", t.TempDir())
	_, err = findBinDir(ctx, "", t.TempDir())
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("without binaries: %v, want ErrNotInstalled", err)
	}
	if want := "PostgreSQL server binaries not found: install them with `apt-get install postgresql`"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// TestBlockedAncestor checks the traverse-permission logic against a made-up
// unprivileged user.
func TestBlockedAncestor(t *testing.T) {
	t.Parallel()
	base := filepath.Dir(newDir(t, true))
	open := filepath.Join(base, "open")
	closed := filepath.Join(base, "closed")
	group := filepath.Join(base, "group")
	for d, mode := range map[string]os.FileMode{open: 0o711, closed: 0o750, group: 0o710} {
		if err := os.Mkdir(d, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, mode); err != nil {
			t.Fatal(err)
		}
	}
	gid := func(p string) uint32 {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Sys().(*syscall.Stat_t).Gid
	}
	stranger := &account{name: "stranger", uid: 54321, gid: 54321}
	member := &account{name: "member", uid: 54322, gid: 54322, groups: []uint32{gid(group)}}

	if b := blockedAncestor(filepath.Join(open, "pg"), stranger); b != "" {
		t.Errorf("open: blocked at %s", b)
	}
	if b := blockedAncestor(filepath.Join(closed, "pg"), stranger); b != closed {
		t.Errorf("closed: blocked at %q, want %s", b, closed)
	}
	if b := blockedAncestor(filepath.Join(group, "pg"), stranger); b != group {
		t.Errorf("group, stranger: blocked at %q, want %s", b, group)
	}
	if b := blockedAncestor(filepath.Join(group, "pg"), member); b != "" {
		t.Errorf("group, member: blocked at %s", b)
	}
	// A symlinked ancestor is checked where it leads, too.
	link := filepath.Join(open, "link")
	if err := os.Symlink(closed, link); err != nil {
		t.Fatal(err)
	}
	if b := blockedAncestor(filepath.Join(link, "sub", "pg"), stranger); b == "" {
		t.Error("symlink into a closed directory: not blocked")
	}
	if u, err := user.Current(); err == nil && u.Uid != "0" {
		a, err := accountOf(u)
		if err != nil {
			t.Fatal(err)
		}
		if b := blockedAncestor(filepath.Join(base, "x"), a); b != "" {
			t.Errorf("current user blocked at %s", b)
		}
	}
}
