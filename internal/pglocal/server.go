package pglocal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// debianBinRoot holds one bin directory per installed major version on
// Debian and Ubuntu.
const debianBinRoot = "/usr/lib/postgresql"

// hasServer reports whether dir holds the server binaries we use.
func hasServer(dir string) bool {
	for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}

// findBinDir locates the server binaries: those of major version want if it
// is set (an existing cluster can only be run by its own major version) and
// installed side by side, else pg_config --bindir, else the highest
// /usr/lib/postgresql/*/bin, else initdb on PATH.
//
// debRoot is where the per-version directories are looked for (debianBinRoot
// except in tests).
func findBinDir(ctx context.Context, want, debRoot string) (string, error) {
	if want != "" {
		if d := filepath.Join(debRoot, want, "bin"); hasServer(d) {
			return d, nil
		}
	}
	dir := ""
	if out, err := exec.CommandContext(ctx, "pg_config", "--bindir").Output(); err == nil {
		if d := strings.TrimSpace(string(out)); hasServer(d) {
			dir = d
		}
	}
	if dir == "" {
		dir = highestDebianBinDir(debRoot)
	}
	if dir == "" {
		if p, err := exec.LookPath("initdb"); err == nil && hasServer(filepath.Dir(p)) {
			dir = filepath.Dir(p)
		}
	}
	if dir == "" {
		return "", ErrNotInstalled
	}
	if want != "" {
		have, err := majorVersion(ctx, dir)
		if err != nil {
			return "", err
		}
		if have != want {
			return "", fmt.Errorf("the cluster was created by PostgreSQL %s but the server binaries in %s are version %s: install postgresql-%s, or remove the cluster to create a new one", want, dir, have, want)
		}
	}
	return dir, nil
}

// highestDebianBinDir returns debRoot/<highest major>/bin, or "" if there is
// none with server binaries.
func highestDebianBinDir(debRoot string) string {
	entries, err := os.ReadDir(debRoot)
	if err != nil {
		return ""
	}
	var versions []float64
	byVersion := map[float64]string{}
	for _, e := range entries {
		v, err := strconv.ParseFloat(e.Name(), 64) // "15", or "9.6" for old releases
		d := filepath.Join(debRoot, e.Name(), "bin")
		if err != nil || !hasServer(d) {
			continue
		}
		versions = append(versions, v)
		byVersion[v] = d
	}
	if len(versions) == 0 {
		return ""
	}
	return byVersion[slices.Max(versions)]
}

// majorVersion returns the major version ("15", or "9.6" for releases before
// 10) of the binaries in dir, as PG_VERSION spells it.
func majorVersion(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, filepath.Join(dir, "pg_ctl"), "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", filepath.Join(dir, "pg_ctl"), err)
	}
	m := regexp.MustCompile(`\(PostgreSQL\) (\d+)(\.\d+)?`).FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("%s --version: unexpected output %q", filepath.Join(dir, "pg_ctl"), out)
	}
	if major, _ := strconv.Atoi(string(m[1])); major < 10 {
		return string(m[1]) + string(m[2]), nil
	}
	return string(m[1]), nil
}

// run runs one of the server binaries as the server's user, in its own
// session (so that a Ctrl-C meant for us does not reach the postmaster), and
// returns its combined output.
func (c *Cluster) run(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.binDir, name), args...)
	cmd.Dir = "/" // the server's user may not be able to enter our working directory
	cmd.Env = childEnv()
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.WaitDelay = 10 * time.Second
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if c.runAs != nil {
		cmd.SysProcAttr.Credential = c.runAs.credential()
	}
	err := cmd.Run()
	return strings.TrimSpace(out.String()), err
}

// childEnv is our environment without the PG* variables, which would
// otherwise change the port, data directory or connection defaults.
func childEnv() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "PG")
	})
}

// initdb creates the cluster in c.dataDir. It initialises a sibling
// directory and renames it into place, so that an interrupted initdb never
// leaves a half-made cluster behind.
func (c *Cluster) initdb(ctx context.Context) error {
	tmp := c.dataDir + ".initdb"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("pglocal: initdb: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(tmp), 0o755); err != nil {
		return fmt.Errorf("pglocal: initdb: %w", err)
	}
	var out string
	var err error
	for _, locale := range []string{"C.UTF-8", "C"} {
		if err = c.mkdirOwned(tmp); err != nil {
			return fmt.Errorf("pglocal: initdb: %w", err)
		}
		out, err = c.run(ctx, "initdb", "-D", tmp, "-U", Superuser, "-E", "UTF8", "--locale="+locale,
			"--auth-local=trust", "--auth-host=reject")
		if err == nil {
			break
		}
		if rerr := os.RemoveAll(tmp); rerr != nil {
			return fmt.Errorf("pglocal: initdb: %w", rerr)
		}
	}
	if err != nil {
		return fmt.Errorf("pglocal: initdb: %w: %s", err, out)
	}
	if err := c.writeFileIfChanged(filepath.Join(tmp, "pg_hba.conf"), []byte(hbaConf)); err != nil {
		return fmt.Errorf("pglocal: initdb: %w", err)
	}
	// rename(2) replaces an empty directory, so a pre-made empty data
	// directory is fine.
	if err := os.Rename(tmp, c.dataDir); err != nil {
		return fmt.Errorf("pglocal: initdb: %w", err)
	}
	c.log.Info("pglocal: created cluster", "data", c.dataDir, "bin", c.binDir)
	return nil
}

// basebackup creates the cluster in c.dataDir as a streaming standby of
// c.standbyOf: a base backup with a fast checkpoint (so that it does not wait
// for the next one), its write-ahead log streamed along, and -R to follow the
// primary over its socket. Like initdb it works in a sibling directory.
func (c *Cluster) basebackup(ctx context.Context) error {
	tmp := c.dataDir + ".initdb"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("pglocal: base backup: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(tmp), 0o755); err != nil {
		return fmt.Errorf("pglocal: base backup: %w", err)
	}
	if err := c.mkdirOwned(tmp); err != nil {
		return fmt.Errorf("pglocal: base backup: %w", err)
	}
	primary := fmt.Sprintf("host=%s port=%d user=%s sslmode=disable", c.standbyOf.socketDir, Port, Superuser)
	out, err := c.run(ctx, "pg_basebackup", "-D", tmp, "-d", primary, "-R", "--checkpoint=fast", "-X", "stream", "--no-sync")
	if err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("pglocal: base backup of %s: %w: %s", c.standbyOf.dir, err, out)
	}
	// The primary's server log and the lock file of its socket (which lives in its data
	// directory) came along; the standby has its own.
	for _, name := range []string{logFile, socketName + ".lock"} {
		if err := os.Remove(filepath.Join(tmp, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("pglocal: base backup: %w", err)
		}
	}
	if err := os.Rename(tmp, c.dataDir); err != nil {
		return fmt.Errorf("pglocal: base backup: %w", err)
	}
	c.log.Info("pglocal: created standby", "data", c.dataDir, "primary", c.standbyOf.dataDir)
	return nil
}

// mkdirOwned creates dir with mode 0700, owned by the server's user.
func (c *Cluster) mkdirOwned(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}
	if c.runAs != nil {
		return os.Chown(dir, int(c.runAs.uid), int(c.runAs.gid))
	}
	return nil
}

// ensureRunning starts the server unless it already answers. The caller
// holds the start lock, so no other process is starting or stopping it.
func (c *Cluster) ensureRunning(ctx context.Context) error {
	if c.ping(ctx) == nil {
		return nil
	}
	logPath := filepath.Join(c.dataDir, logFile)
	// pg_ctl copes with a stale postmaster.pid left by a crash. Right
	// after a crash the start can still fail for a moment, while the dead
	// postmaster's PID or its orphaned backends linger ("lock file already
	// exists", "shared memory block is still in use"): retry for a while.
	retryUntil := time.Now().Add(30 * time.Second)
	for attempt := 1; ; attempt++ {
		out, err := c.run(ctx, "pg_ctl", "start", "-w", "-t", "120", "-D", c.dataDir, "-l", logPath)
		if err == nil {
			break
		}
		err = fmt.Errorf("pglocal: start: pg_ctl start: %w: %s\n%s (tail):\n%s", err, out, logPath, tail(logPath, 2048))
		if time.Now().After(retryUntil) || ctx.Err() != nil {
			return err
		}
		c.log.Warn("pglocal: start failed, retrying", "attempt", attempt, "err", err)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Second):
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		perr := c.ping(ctx)
		if perr == nil {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("pglocal: start: server started but does not answer on %s: %w", c.socketDir, perr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.log.Info("pglocal: started server", "data", c.dataDir, "socket", c.socketDir, "log", logPath, "user", c.userName())
	return nil
}

// ping connects to the server and checks that it answers.
func (c *Cluster) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return conn.Ping(ctx)
}

// stop stops the server (fast shutdown: sessions are terminated) and waits
// until it has exited. A server that is not running is not an error.
func (c *Cluster) stop(ctx context.Context) error {
	out, err := c.run(ctx, "pg_ctl", "stop", "-w", "-t", "60", "-m", "fast", "-D", c.dataDir)
	if err == nil {
		c.log.Info("pglocal: stopped server", "data", c.dataDir)
		return nil
	}
	// pg_ctl status exits 3 when no server is running.
	if _, serr := c.run(ctx, "pg_ctl", "status", "-D", c.dataDir); exitCode(serr) == 3 {
		return nil
	}
	return fmt.Errorf("stop: pg_ctl stop: %w: %s", err, out)
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err == nil {
		return 0
	}
	return -1
}

func (c *Cluster) userName() string {
	if c.runAs != nil {
		return c.runAs.String()
	}
	return "uid " + strconv.Itoa(os.Geteuid())
}

// tail returns up to the last n bytes of the file at path, for error
// messages.
func tail(path string, n int64) string {
	f, err := os.Open(path)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > n {
		if _, err := f.Seek(-n, io.SeekEnd); err != nil {
			return "(" + err.Error() + ")"
		}
	}
	b, _ := io.ReadAll(f)
	return string(b)
}
