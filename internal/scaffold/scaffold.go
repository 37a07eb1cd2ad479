// Package scaffold writes a new site folder for `creditsite init`: the
// configuration, empty data folders with a note saying what goes in each,
// and an about page, or with --sample the repository's demo site.
package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"creditsite"
	"creditsite/internal/gen"
)

// site is a new, empty site: nothing in it is invented.
//
//go:embed all:site
var site embed.FS

// SampleOptions size the demo's generated data; they are also the
// defaults of `creditsite gen`'s flags, so the two never differ.
var SampleOptions = gen.Options{Enterprises: 120, Commitments: 5000, Seed: 2018}

// New writes an empty site into dir, which must be missing or empty.
func New(dir string) error {
	if err := claim(dir); err != nil {
		return err
	}
	return copyFS(dir, site, "site")
}

// Sample writes the demo site into dir, which must be missing or empty:
// the data folders' notes, the repository's config.yaml and pages, and
// generated sample exports (marked as such, see schema.SampleMark).
func Sample(dir string) error {
	if err := New(dir); err != nil {
		return err
	}
	if err := copyFS(dir, creditsite.Sample, "."); err != nil {
		return err
	}
	return gen.Generate(SampleOptions).Write(filepath.Join(dir, "data"))
}

// claim makes dir, refusing one that holds anything: init must never
// overwrite a site or mix its files into another folder.
func claim(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return fmt.Errorf("无法读取文件夹 %s：%v", dir, err)
	case len(entries) > 0:
		return fmt.Errorf("文件夹 %s 不是空的，为免覆盖已有文件，请指定一个新的或空的文件夹", dir)
	}
	return nil
}

// copyFS writes every file under root of fsys into dir, overwriting.
func copyFS(dir string, fsys fs.FS, root string) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
