// Package srcfile reads the files of a site's source folder (config.yaml,
// content/, layouts/, data/) only as regular files inside that folder.
//
// A symbolic link, a Windows junction, a named pipe or a device is refused
// wherever it sits on a file's path, whether it points inside or outside
// the source: a link could publish any file of the machine (/etc/passwd as
// a notice page), and a pipe or /dev/zero would hang the build. Files are
// opened through an os.Root, so even a file swapped for a link between the
// check and the read cannot lead outside the folder, and what was opened is
// compared with what was checked before a byte of it is read.
package srcfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Why a file or folder of the source was refused, as the second half of a
// message "FILE: 错误：…".
const (
	reasonLink      = "是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹"
	reasonIrregular = "不是普通文件（而是管道、设备或目录联接等），为安全起见不读取；请把文件本身放进文件夹"
	reasonNotFolder = "应为文件夹，实为文件"
	reasonNotFile   = "应为文件，实为文件夹"
	reasonReplaced  = "在读取时被替换成了别的文件，为安全起见不读取；请重新运行"
)

// Error says why a file of the source was not read. Its message has the
// project's form "FILE: 错误：…", naming the file as a person finds it in
// the source folder.
type Error struct {
	File   string // slash path, e.g. "content/notices/x.md"
	Reason string
}

func (e *Error) Error() string { return e.File + ": 错误：" + e.Reason }

// Dir is a folder of the source opened for reading regular files under it.
type Dir struct {
	root *os.Root
	name string // slash path naming the folder in messages; "" for the source folder
}

// OpenSource opens the source folder itself. Unlike everything under it,
// the folder may be reached through a link: its path is what the person
// running creditsite typed. Messages name files relative to it
// ("config.yaml"). A missing folder gives an error matching fs.ErrNotExist.
func OpenSource(dir string) (*Dir, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("无法打开文件夹 %s：%w", dir, err)
	}
	return &Dir{root: root}, nil
}

// OpenFolder opens a folder of the source such as content/ or layouts/,
// called name in messages ("content"). The folder must itself be a real
// folder, not a link to one. A missing folder gives an error matching
// fs.ErrNotExist.
func OpenFolder(dir, name string) (*Dir, error) {
	before, err := os.Lstat(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: 错误：无法读取：%w", name, err)
	}
	if err := check(name, before.Mode().Type(), fs.ModeDir); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: 错误：无法读取：%w", name, err)
	}
	// OpenRoot follows a link: make sure it opened the folder checked above.
	if after, err := root.Stat("."); err != nil || !os.SameFile(before, after) {
		root.Close()
		return nil, &Error{name, reasonReplaced}
	}
	return &Dir{root: root, name: name}, nil
}

// Close releases the folder.
func (d *Dir) Close() error { return d.root.Close() }

// display names a file of the folder in messages.
func (d *Dir) display(name string) string { return path.Join(d.name, name) }

// check refuses a file or folder whose type is not want (0 for a regular
// file, fs.ModeDir for a folder). Comparing the whole type, not IsDir or
// IsRegular alone, also refuses what carries an extra type bit.
func check(display string, typ, want fs.FileMode) error {
	switch {
	case typ == want:
		return nil
	case typ&fs.ModeSymlink != 0:
		return &Error{display, reasonLink}
	case typ == 0:
		return &Error{display, reasonNotFolder}
	case typ == fs.ModeDir:
		return &Error{display, reasonNotFile}
	}
	return &Error{display, reasonIrregular}
}

// Walk calls fn with the slash path of every regular file at or under
// start (a slash path in the folder, "." for all of it), in lexical order.
// A missing start has no files. A link or any other entry that is neither
// a regular file nor a folder stops the walk with an *Error: leaving it
// out silently could lose a page or a record.
func (d *Dir) Walk(start string, fn func(name string) error) error {
	st, err := d.root.Lstat(filepath.FromSlash(start))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: 错误：无法读取：%w", d.display(start), err)
	}
	// fs.WalkDir stats its start, following a link: refuse one first.
	if st.Mode().Type() != fs.ModeDir {
		if err := check(d.display(start), st.Mode().Type(), 0); err != nil {
			return err
		}
	}
	return fs.WalkDir(d.root.FS(), start, func(name string, e fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%s: 错误：无法读取：%w", d.display(name), err)
		}
		if e.Type() == fs.ModeDir {
			return nil
		}
		if err := check(d.display(name), e.Type(), 0); err != nil {
			return err
		}
		return fn(name)
	})
}

// Open opens the regular file name (a slash path in the folder) for
// reading; the caller closes it. A link or special file anywhere on the
// path is refused with an *Error, a missing file gives an error matching
// fs.ErrNotExist.
func (d *Dir) Open(name string) (*os.File, error) {
	before, err := d.lstatPath(name)
	if err != nil {
		return nil, err
	}
	return d.openChecked(name, before)
}

// openChecked opens name and makes sure it is the regular file before that
// lstatPath checked.
func (d *Dir) openChecked(name string, before fs.FileInfo) (*os.File, error) {
	// openFlags keep opening a pipe swapped in since the check from
	// waiting for a writer; same then refuses it.
	f, err := d.root.OpenFile(filepath.FromSlash(name), os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: 错误：无法读取：%w", d.display(name), err)
	}
	if err := d.same(name, f, before); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadFile returns the contents of the regular file name, as Open.
func (d *Dir) ReadFile(name string) ([]byte, error) {
	f, err := d.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if st, err := f.Stat(); err == nil {
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, fmt.Errorf("%s: 错误：无法读取：%w", d.display(name), err)
	}
	return buf.Bytes(), nil
}

// lstatPath checks every element of name without following links: the
// folders must be folders and the last element a regular file. It returns
// what the last element is, for same.
func (d *Dir) lstatPath(name string) (fs.FileInfo, error) {
	parts := strings.Split(name, "/")
	var st fs.FileInfo
	for i := range parts {
		sub := strings.Join(parts[:i+1], "/")
		var err error
		if st, err = d.root.Lstat(filepath.FromSlash(sub)); err != nil {
			return nil, fmt.Errorf("%s: 错误：无法读取：%w", d.display(sub), err)
		}
		want := fs.ModeDir
		if i == len(parts)-1 {
			want = 0
		}
		if err := check(d.display(sub), st.Mode().Type(), want); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// same refuses an opened file that is not the regular file checked before
// opening it: the name was swapped for a link, a pipe or another file.
func (d *Dir) same(name string, f *os.File, before fs.FileInfo) error {
	after, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%s: 错误：无法读取：%w", d.display(name), err)
	}
	if !after.Mode().IsRegular() || !os.SameFile(before, after) {
		return &Error{d.display(name), reasonReplaced}
	}
	return nil
}

// ReadFile reads the regular file at path, a file of the source that was
// found and checked earlier (an attachment): neither it nor the folder
// holding it may have become a link since.
func ReadFile(file string) ([]byte, error) {
	dir := filepath.Dir(file)
	d, err := OpenFolder(dir, filepath.ToSlash(dir))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.ReadFile(filepath.Base(file))
}
