package ingest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Extensions are the file names Collect picks up inside directories.
var Extensions = []string{".pdf", ".html", ".htm"}

func hasPaperExtension(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// Collect expands paths into the paper files to ingest: files named
// directly are taken whatever their extension (content decides the format);
// directories are walked recursively for Extensions. Symbolic links to
// directories are not followed, so a link loop cannot trap the walk. Problems
// with single paths are returned alongside the files that were found, so one
// unreadable folder does not stop a batch.
func Collect(paths []string) (files []string, problems []error) {
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			problems = append(problems, fmt.Errorf("ingest %s: %w", root, err))
			continue
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		var found []string
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, fmt.Errorf("ingest %s: %w", p, err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && hasPaperExtension(d.Name()) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			problems = append(problems, fmt.Errorf("ingest %s: %w", root, err))
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	return files, problems
}
