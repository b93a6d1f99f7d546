package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolterrors "go.etcd.io/bbolt/errors"
)

// ownerFile is the file a read-write Open leaves in the index directory, naming
// the process that holds the index. Close removes it. It is information for the
// error message only: the lock itself is the flock Bleve's bolt store takes on
// store/root.bolt, which the kernel releases when the process dies.
const ownerFile = "owner.json"

// Owner says which process holds an index open read-write.
type Owner struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Host    string    `json:"host,omitempty"`
	Since   time.Time `json:"since"`
}

// LockedError is returned by Open when another process holds the index.
// IsLocked reports true for it.
type LockedError struct {
	Path  string
	Mode  Mode   // the mode Open was asked for
	Owner *Owner // nil when there is no owner file (the holder is a reader)
	Err   error  // bbolt's ErrTimeout
}

func (e *LockedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "index: %s is in use", e.Path)
	if o := e.Owner; o != nil {
		fmt.Fprintf(&b, " by pid %d (%s", o.PID, o.Command)
		if o.Host != "" {
			fmt.Fprintf(&b, " on %s", o.Host)
		}
		if !o.Since.IsZero() {
			fmt.Fprintf(&b, ", since %s", o.Since.Format(time.DateTime))
		}
		b.WriteString(")")
	} else {
		b.WriteString(" by another process (no owner file, so probably a read-only reader such as a direct `papers search`)")
	}
	fmt.Fprintf(&b, "; could not open it %s within %s: stop it, or wait for it to finish", e.Mode, lockTimeout)
	if e.Owner != nil && e.Mode == ReadOnly {
		b.WriteString(" (if it is the server, search through its HTTP API instead)")
	}
	return b.String()
}

func (e *LockedError) Unwrap() error { return e.Err }

// IsLocked reports whether err says that another process holds the index.
func IsLocked(err error) bool {
	var le *LockedError
	return errors.As(err, &le) || isBoltTimeout(err)
}

func isBoltTimeout(err error) bool {
	return errors.Is(err, bolterrors.ErrTimeout)
}

func lockedError(path string, mode Mode, err error) error {
	return &LockedError{Path: path, Mode: mode, Owner: readOwner(path), Err: err}
}

func readOwner(path string) *Owner {
	data, err := os.ReadFile(filepath.Join(path, ownerFile))
	if err != nil {
		return nil
	}
	var o Owner
	if json.Unmarshal(data, &o) != nil || o.PID == 0 {
		return nil
	}
	return &o
}

// writeOwner records this process as the index's writer. It runs after the lock is
// taken, so it only ever replaces a stale file a crashed writer left.
func writeOwner(path string) error {
	host, _ := os.Hostname()
	o := Owner{PID: os.Getpid(), Command: command(), Host: host, Since: time.Now().Truncate(time.Second)}
	data, err := json.MarshalIndent(o, "", "  ")
	if err != nil {
		return fmt.Errorf("index: owner file: %w", err)
	}
	tmp := filepath.Join(path, ownerFile+".tmp")
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("index: owner file: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(path, ownerFile)); err != nil {
		return fmt.Errorf("index: owner file: %w", err)
	}
	return nil
}

// command describes this process for the owner file: the program's base name and
// its arguments, cut short.
func command() string {
	if len(os.Args) == 0 {
		return "?"
	}
	c := strings.Join(append([]string{filepath.Base(os.Args[0])}, os.Args[1:]...), " ")
	if len(c) > 120 {
		c = c[:117] + "..."
	}
	return c
}

func removeOwner(path string) error {
	err := os.Remove(filepath.Join(path, ownerFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("index: owner file: %w", err)
	}
	return nil
}
