package pglocal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

const (
	// relocateRoot holds clusters whose Dir the server's user cannot reach.
	relocateRoot = "/var/tmp"
	// shortSocketRoot holds the socket when the data directory's path is
	// too long for one.
	shortSocketRoot = "/tmp"
	// socketName is the name of the server's socket file for Port.
	socketName = ".s.PGSQL.5432"
	// maxSocketPath is the longest socket path Linux accepts: sun_path is
	// 108 bytes including the terminating NUL.
	maxSocketPath = 107
	// settingsFile is included from postgresql.conf and rewritten by every
	// Open, so that the settings below follow this code.
	settingsFile = "praktijkbank.conf"
	includeLine  = "include_if_exists = '" + settingsFile + "'"
	hbaConf      = "# Managed by praktijkbank internal/pglocal: local socket only, no password.\nlocal all all trust\nlocal replication all trust\n"
	logFile      = "postgresql.log"
)

// account is the unprivileged user the server runs as when we are root.
type account struct {
	name   string
	uid    uint32
	gid    uint32
	groups []uint32 // supplementary groups
}

func (a *account) String() string { return fmt.Sprintf("%s (uid %d)", a.name, a.uid) }

func (a *account) credential() *syscall.Credential {
	return &syscall.Credential{Uid: a.uid, Gid: a.gid, Groups: a.groups}
}

func (a *account) inGroup(gid uint32) bool {
	if gid == a.gid {
		return true
	}
	for _, g := range a.groups {
		if g == gid {
			return true
		}
	}
	return false
}

// accountOf builds an account from a user database entry.
func accountOf(u *user.User) (*account, error) {
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("user %s: uid %q: %w", u.Username, u.Uid, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("user %s: gid %q: %w", u.Username, u.Gid, err)
	}
	a := &account{name: u.Username, uid: uint32(uid), gid: uint32(gid)}
	if ids, err := u.GroupIds(); err == nil {
		for _, id := range ids {
			if g, err := strconv.ParseUint(id, 10, 32); err == nil {
				a.groups = append(a.groups, uint32(g))
			}
		}
	}
	return a, nil
}

// defaultAccount is the user a root process runs a new cluster as:
// "postgres" if it exists, else "nobody".
func defaultAccount() (*account, error) {
	for _, name := range []string{"postgres", "nobody"} {
		if u, err := user.Lookup(name); err == nil {
			return accountOf(u)
		}
	}
	return nil, errors.New(`running as root, but neither user "postgres" nor "nobody" exists to run PostgreSQL as`)
}

// accountByID is the owner of an existing cluster.
func accountByID(uid, gid uint32) *account {
	if u, err := user.LookupId(strconv.FormatUint(uint64(uid), 10)); err == nil {
		if a, err := accountOf(u); err == nil {
			return a
		}
	}
	return &account{name: "uid " + strconv.FormatUint(uint64(uid), 10), uid: uid, gid: gid}
}

// canSearch reports whether a may traverse the directory described by fi,
// going by its mode bits (ACLs are not consulted).
func canSearch(fi fs.FileInfo, a *account) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	perm := fi.Mode().Perm()
	switch {
	case st.Uid == a.uid:
		return perm&0o100 != 0
	case a.inGroup(st.Gid):
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

// blockedAncestor returns the first directory on the way to path (path
// itself excluded) that a cannot traverse, checking both the path as written
// and with symlinks resolved, or "" if a can reach path.
func blockedAncestor(path string, a *account) string {
	check := func(p string) string {
		var dirs []string
		for d := filepath.Dir(p); ; d = filepath.Dir(d) {
			dirs = append(dirs, d)
			if d == filepath.Dir(d) {
				break
			}
		}
		for i := len(dirs) - 1; i >= 0; i-- {
			fi, err := os.Stat(dirs[i])
			if err != nil || !fi.IsDir() || !canSearch(fi, a) {
				return dirs[i]
			}
		}
		return ""
	}
	if b := check(path); b != "" {
		return b
	}
	if real, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return check(filepath.Join(real, filepath.Base(path)))
	}
	return ""
}

// shortHash names the relocated data directory and the short socket
// directory of the cluster at dir.
func shortHash(dir string) string {
	sum := sha256.Sum256([]byte(dir))
	return hex.EncodeToString(sum[:])[:12]
}

// isCluster reports whether dir holds an initialised cluster.
func isCluster(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "PG_VERSION"))
	return err == nil
}

// isEmptyDir reports whether dir is a directory without entries.
func isEmptyDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) == 0
}

// serverAlive reports whether the postmaster.pid of dataDir names a live
// process.
func serverAlive(dataDir string) bool {
	b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pid <= 0 {
		return false
	}
	err = syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// owner returns the uid and gid owning path.
func owner(path string) (uid, gid uint32, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, fmt.Errorf("%s: no ownership information", path)
	}
	return st.Uid, st.Gid, nil
}

// prepare decides where the cluster lives and whom it runs as, creates it
// if needed, finds the binaries and writes the managed configuration. The
// caller holds the start lock.
func (c *Cluster) prepare(ctx context.Context) error {
	root := os.Geteuid() == 0
	hash := shortHash(c.dir)

	// Where is (or will be) the data directory?
	var dataDir string
	relocate := false
	fi, err := os.Lstat(c.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("pglocal: open: %w", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(c.dir)
		if err != nil {
			return fmt.Errorf("pglocal: open: %w", err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(c.dir), target)
		}
		dataDir = filepath.Clean(target)
	case fi.IsDir():
		if isCluster(c.dir) || !isEmptyDir(c.dir) {
			dataDir = c.dir
		}
		// An empty directory is treated as no cluster at all.
	default:
		return fmt.Errorf("pglocal: open: %s exists and is not a directory", c.dir)
	}
	if dataDir == "" {
		dataDir = c.dir
		if root {
			a, err := defaultAccount()
			if err != nil {
				return fmt.Errorf("pglocal: open: %w", err)
			}
			if blocked := blockedAncestor(c.dir, a); blocked != "" {
				relocate = true
				dataDir = filepath.Join(relocateRoot, "praktijkbank-pg-"+hash)
				c.log.Info("pglocal: the PostgreSQL user cannot reach the cluster directory; keeping the cluster elsewhere behind a symlink",
					"user", a.String(), "blocked", blocked, "data", dataDir)
				// Without its symlink, an old relocated cluster was
				// deleted as far as the user can see (rm -rf .data):
				// start afresh, as for a cluster kept in place, unless
				// its server is still running.
				if _, err := os.Stat(dataDir); err == nil && !serverAlive(dataDir) {
					c.log.Warn("pglocal: removing the relocated cluster of a deleted cluster directory", "data", dataDir)
					if err := os.RemoveAll(dataDir); err != nil {
						return fmt.Errorf("pglocal: open: %w", err)
					}
				}
			}
		}
	}
	c.dataDir = dataDir

	// Whom does it run as?
	fresh := !isCluster(dataDir)
	if fresh {
		if fi, err := os.Stat(dataDir); err == nil && (!fi.IsDir() || !isEmptyDir(dataDir)) {
			return fmt.Errorf("pglocal: open: %s exists but is not a PostgreSQL cluster (no PG_VERSION); move it away to let a new cluster be created", dataDir)
		}
		if root {
			if c.runAs, err = defaultAccount(); err != nil {
				return fmt.Errorf("pglocal: open: %w", err)
			}
		}
	} else {
		uid, gid, err := owner(dataDir)
		if err != nil {
			return fmt.Errorf("pglocal: open: %w", err)
		}
		switch {
		case root && uid == 0:
			// PostgreSQL will not run as root: hand the cluster over.
			if c.runAs, err = defaultAccount(); err != nil {
				return fmt.Errorf("pglocal: open: %w", err)
			}
			if err := chownTree(dataDir, c.runAs); err != nil {
				return fmt.Errorf("pglocal: open: %w", err)
			}
		case root:
			c.runAs = accountByID(uid, gid)
		case int(uid) != os.Geteuid():
			return fmt.Errorf("pglocal: open: the cluster %s belongs to uid %d: run as that user, or remove it to create a new one", dataDir, uid)
		}
	}
	if c.runAs != nil {
		if blocked := blockedAncestor(dataDir, c.runAs); blocked != "" {
			return fmt.Errorf("pglocal: open: %s cannot traverse %s to reach the cluster %s: make it traversable, or remove the cluster so that a new one is created where it can be reached",
				c.runAs, blocked, dataDir)
		}
	}

	var want string
	if !fresh {
		b, err := os.ReadFile(filepath.Join(dataDir, "PG_VERSION"))
		if err != nil {
			return fmt.Errorf("pglocal: open: %w", err)
		}
		want = strings.TrimSpace(string(b))
	}
	if c.binDir, err = findBinDir(ctx, want, debianBinRoot); err != nil {
		return fmt.Errorf("pglocal: open: %w", err)
	}

	if fresh {
		init := c.initdb
		if c.standbyOf != nil {
			init = c.basebackup
		}
		if err := init(ctx); err != nil {
			return err
		}
	}
	if relocate {
		if err := os.Remove(c.dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("pglocal: open: %w", err)
		}
		if err := os.Symlink(dataDir, c.dir); err != nil {
			return fmt.Errorf("pglocal: open: %w", err)
		}
	}

	c.socketDir = dataDir
	if len(dataDir)+1+len(socketName) > maxSocketPath {
		c.socketDir = filepath.Join(shortSocketRoot, "praktijkbank-pg-"+hash)
		if err := c.ensureSocketDir(); err != nil {
			return fmt.Errorf("pglocal: open: %w", err)
		}
	}
	if err := c.writeSettings(); err != nil {
		return fmt.Errorf("pglocal: open: %w", err)
	}
	return nil
}

// ensureSocketDir creates the short socket directory, owned by the server's
// user, or checks that an existing one is ours.
func (c *Cluster) ensureSocketDir() error {
	uid := uint32(os.Geteuid())
	if c.runAs != nil {
		uid = c.runAs.uid
	}
	err := os.Mkdir(c.socketDir, 0o700)
	if err == nil {
		if c.runAs != nil {
			return os.Chown(c.socketDir, int(c.runAs.uid), int(c.runAs.gid))
		}
		return nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return err
	}
	fi, err := os.Lstat(c.socketDir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok || st.Uid != uid {
		return fmt.Errorf("socket directory %s exists but is not a directory owned by uid %d", c.socketDir, uid)
	}
	return nil
}

// writeSettings (re)writes the managed settings file and makes sure
// postgresql.conf includes it. The settings take effect at the next start.
func (c *Cluster) writeSettings() error {
	settings := fmt.Sprintf(`# Managed by praktijkbank internal/pglocal and rewritten on every open:
# edit postgresql.auto.conf (ALTER SYSTEM) for local overrides.
listen_addresses = ''
port = %d
unix_socket_directories = '%s'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 128MB
fsync = on
`, Port, strings.ReplaceAll(c.socketDir, "'", "''"))
	if err := c.writeFileIfChanged(filepath.Join(c.dataDir, settingsFile), []byte(settings)); err != nil {
		return err
	}
	confPath := filepath.Join(c.dataDir, "postgresql.conf")
	conf, err := os.ReadFile(confPath)
	if err != nil {
		return err
	}
	if bytes.Contains(conf, []byte(includeLine)) {
		return nil
	}
	f, err := os.OpenFile(confPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "\n# Settings managed by praktijkbank (internal/pglocal).\n%s\n", includeLine)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeFileIfChanged writes a file of the data directory, owned by the
// server's user.
func (c *Cluster) writeFileIfChanged(path string, content []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, content) {
		return nil
	}
	if err := os.WriteFile(path, content, 0o600); err != nil {
		return err
	}
	if c.runAs != nil {
		return os.Chown(path, int(c.runAs.uid), int(c.runAs.gid))
	}
	return nil
}

// chownTree hands every file under dir to a.
func chownTree(dir string, a *account) error {
	return filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(a.uid), int(a.gid))
	})
}
