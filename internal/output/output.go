// Package output publishes a build into the output folder safely: nothing
// in the folder changes until the whole build has succeeded, and then only
// files whose bytes changed are written, so unchanged files keep their
// modification time and rsync or a bucket sync sends only the difference.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// Marker is written into every output folder creditsite manages. A folder
// without it that is not empty is never written to, so a wrong --out
// cannot delete someone's files.
const Marker = ".creditsite"

// Dir stages a build for an output folder.
type Dir struct {
	out, stage string
	mu         sync.Mutex
	written    map[string]bool // every file of the new site
	changed    map[string]bool // files staged because new or different
}

// Stats says what Commit changed.
type Stats struct {
	Added, Changed, Removed, Unchanged int
}

// Open prepares to publish into out. It fails with a clear sentence when
// out is not a folder creditsite may manage or the staging folder beside
// it cannot be created.
func Open(out string) (*Dir, error) {
	out = filepath.Clean(out)
	if err := checkManaged(out); err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("无法创建输出文件夹 %s：%v", parent, errors.Unwrap(err))
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".staging-")
	if err != nil {
		return nil, fmt.Errorf("输出文件夹 %s 不可写：%v", parent, errors.Unwrap(err))
	}
	// MkdirTemp makes the folder private (0700); a first build renames it
	// into place as the site root, which the web server must be able to read.
	if err := os.Chmod(stage, 0o755); err != nil {
		os.RemoveAll(stage)
		return nil, err
	}
	return &Dir{out: out, stage: stage, written: map[string]bool{}, changed: map[string]bool{}}, nil
}

func checkManaged(out string) error {
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("无法读取输出文件夹 %s：%v", out, errors.Unwrap(err))
	case len(entries) == 0:
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return fmt.Errorf("输出文件夹 %s 不是本程序生成的且不为空；为避免误删其中的文件，请指定其他文件夹或先清空它", out)
	}
	return nil
}

// WriteFile records one file of the new site. It is staged only if it
// differs from the file already published. Safe for concurrent use.
func (d *Dir) WriteFile(name string, data []byte) error {
	if !fs.ValidPath(name) || name == Marker {
		return fmt.Errorf("非法的输出路径 %q", name)
	}
	d.mu.Lock()
	dup := d.written[name]
	d.written[name] = true
	d.mu.Unlock()
	if dup {
		return fmt.Errorf("输出文件 %s 被重复生成", name)
	}
	if same(filepath.Join(d.out, filepath.FromSlash(name)), data) {
		return nil
	}
	dst := filepath.Join(d.stage, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return err
	}
	d.mu.Lock()
	d.changed[name] = true
	d.mu.Unlock()
	return nil
}

// same reports whether the file at path holds exactly data.
func same(path string, data []byte) bool {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(path)
	return err == nil && bytes.Equal(old, data)
}

// Abort discards the staged build; the output folder is untouched.
func (d *Dir) Abort() { os.RemoveAll(d.stage) }

// Commit moves the changed files into the output folder and removes files
// that no longer belong to the site. When the folder does not exist yet,
// the whole staged folder is renamed into place in one step.
func (d *Dir) Commit() (Stats, error) {
	defer os.RemoveAll(d.stage)
	var st Stats
	if err := os.WriteFile(filepath.Join(d.stage, Marker), []byte("managed by creditsite: files not produced by a build are deleted\n"), 0o644); err != nil {
		return st, err
	}
	if _, err := os.Stat(d.out); errors.Is(err, fs.ErrNotExist) {
		st.Added = len(d.written)
		return st, os.Rename(d.stage, d.out)
	}
	names := make([]string, 0, len(d.changed))
	for n := range d.changed {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		dst := filepath.Join(d.out, filepath.FromSlash(n))
		if _, err := os.Lstat(dst); err == nil {
			st.Changed++
		} else {
			st.Added++
		}
		if err := replace(filepath.Join(d.stage, filepath.FromSlash(n)), dst); err != nil {
			return st, err
		}
	}
	st.Unchanged = len(d.written) - len(d.changed)
	removed, err := d.prune()
	st.Removed = removed
	if err == nil {
		err = os.Rename(filepath.Join(d.stage, Marker), filepath.Join(d.out, Marker))
	}
	return st, err
}

// replace moves src to dst, replacing a folder that is in the way.
func replace(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
		if err := os.RemoveAll(dst); err != nil {
			return err
		}
	}
	return os.Rename(src, dst)
}

// prune deletes files in the output folder that the build did not write,
// then folders left empty.
func (d *Dir) prune() (int, error) {
	removed := 0
	var dirs []string
	err := filepath.WalkDir(d.out, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(d.out, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "." || rel == Marker:
		case e.IsDir():
			dirs = append(dirs, p)
		case !d.written[rel]:
			removed++
			return os.Remove(p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if entries, e := os.ReadDir(dirs[i]); e == nil && len(entries) == 0 {
			os.Remove(dirs[i])
		}
	}
	return removed, err
}

// String summarises the stats for staff.
func (s Stats) String() string {
	return fmt.Sprintf("新增 %d 个文件，更新 %d 个，删除 %d 个，未变 %d 个", s.Added, s.Changed, s.Removed, s.Unchanged)
}
