package corpus

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// samples are the papers a fresh install indexes so that a first search has
// something real to find: one Police and Crime Panel agenda pack (PDF) and two
// modern.gov meeting pages (HTML, one of them windows-1252).
//
//go:embed samples
var samples embed.FS

// WriteSamples copies the bundled sample papers into dir and returns their
// paths.
func WriteSamples(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("corpus: samples: %w", err)
	}
	entries, err := fs.ReadDir(samples, "samples")
	if err != nil {
		return nil, fmt.Errorf("corpus: samples: %w", err)
	}
	var paths []string
	for _, e := range entries {
		data, err := samples.ReadFile("samples/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("corpus: samples: %w", err)
		}
		p := filepath.Join(dir, e.Name())
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return nil, fmt.Errorf("corpus: samples: %w", err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}
