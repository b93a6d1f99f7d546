package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"panelpapers/search"
)

// serveInfo is what a running papers serve leaves in its index directory
// (serve.json, readable by its owner only) so that the CLI can reach it:
// while the server holds the index's write lock, papers ingest hands it
// files over loopback with the token, and papers search asks it.
type serveInfo struct {
	URL      string    `json:"url"`
	Token    string    `json:"token"`
	Instance string    `json:"instance"` // what /healthz must answer
	PID      int       `json:"pid"`
	Started  time.Time `json:"started"`
}

const serveInfoName = "serve.json"

// newToken returns n random bytes in hex.
func newToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make ingest token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// writeServeInfo writes the file atomically, so a reader never sees half.
func writeServeInfo(indexPath string, info serveInfo) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(indexPath, ".serve-*.json")
	if err != nil {
		return fmt.Errorf("serve: write %s: %w", serveInfoName, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("serve: write %s: %w", serveInfoName, err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("serve: write %s: %w", serveInfoName, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("serve: write %s: %w", serveInfoName, err)
	}
	return os.Rename(tmp.Name(), filepath.Join(indexPath, serveInfoName))
}

func removeServeInfo(indexPath string) {
	_ = os.Remove(filepath.Join(indexPath, serveInfoName))
}

// runningServer returns a client of the server that serves the index at
// indexPath, or nil when none does. A serve.json left by a server that was
// killed is ignored: the server must answer, as the same instance (another
// process may have the port now).
func runningServer(ctx context.Context, indexPath string) *search.Client {
	b, err := os.ReadFile(filepath.Join(indexPath, serveInfoName))
	if err != nil {
		return nil
	}
	var info serveInfo
	if json.Unmarshal(b, &info) != nil || info.URL == "" {
		return nil
	}
	c := search.NewClient(info.URL, nil, info.Token)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if instance, err := c.Health(ctx); err != nil || instance != info.Instance {
		return nil
	}
	return c
}

// withLibrary runs fn on what the command should read: the running server
// (whose URL fn gets) when one holds the index, else the index opened
// read-only (server "").
func withLibrary(c *cli.Context, fn func(lib search.Library, server string) error) error {
	loc, err := locateIndex(c)
	if err != nil {
		return err
	}
	if loc.OpenSearch == nil { // a cluster serves any number of readers and writers
		if client := runningServer(c.Context, loc.Path); client != nil {
			return fn(client, client.URL())
		}
	}
	merges, err := loadMerges(c, nil)
	if err != nil {
		return err
	}
	ix, err := openForReading(c.Context, loc, c.App.ErrWriter)
	if err != nil {
		return err
	}
	defer ix.Close()
	ix.SetMerges(merges)
	return fn(ix, "")
}
