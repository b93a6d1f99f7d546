package ingest

import (
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
// directories are not followed, so a link loop cannot trap the walk; links
// to files are (a paper is not lost for being a link). Problems with single
// paths are returned alongside the files that were found, so one unreadable
// folder does not stop a batch. Inside directories, a paper name that is not
// a readable regular file (a dangling link, a link loop, a named pipe) is a
// problem too, rather than silently skipped.
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
			problems = append(problems, &fileError{root, shortPathError(err, root)})
			continue
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		var found []string
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, &fileError{p, shortPathError(err, p)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !hasPaperExtension(d.Name()) {
				return nil
			}
			switch t := d.Type(); {
			case t.IsRegular():
				found = append(found, p)
			case t&fs.ModeSymlink != 0:
				// Why follow: a linked paper is still a paper. A link to a
				// directory is not walked (loops); a broken one is reported.
				info, err := os.Stat(p)
				switch {
				case err != nil:
					problems = append(problems, &fileError{p, shortPathError(err, p)})
				case info.Mode().IsRegular():
					found = append(found, p)
				case !info.IsDir():
					problems = append(problems, &fileError{p, regular(info)})
				}
			default:
				// A named pipe or device with a paper's name: reading it
				// would block or never end. Say so rather than skip it.
				if info, err := d.Info(); err == nil {
					problems = append(problems, &fileError{p, regular(info)})
				}
			}
			return nil
		})
		if err != nil {
			problems = append(problems, &fileError{root, err})
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	return files, problems
}
