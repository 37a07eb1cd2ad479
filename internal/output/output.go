// Package output publishes a build into the output folder safely: nothing
// in the folder changes until the whole build has succeeded, and then only
// files whose bytes changed are written, so unchanged files keep their
// modification time and rsync or a bucket sync sends only the difference.
package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Marker is written into every output folder creditsite manages. A folder
// without it that is not empty is never written to, so a wrong --out
// cannot delete someone's files.
const Marker = ".creditsite"

// Dir stages a build for an output folder.
type Dir struct {
	out, stage string
	fresh      bool     // out is missing or empty: every file is new, none to compare
	dirs       sync.Map // staging folders already created, by slash path
	mu         sync.Mutex
	written    map[string]bool // every file of the new site
	changed    map[string]bool // files staged because new or different
	key        string          // identifies the build's inputs; see Remember
	note       []byte

	queue   chan file // files waiting for a writer goroutine
	writers sync.WaitGroup
	flushed sync.Once
	err     error // the first failed write; guarded by mu
}

// file is one staged file on its way to disk.
type file struct {
	name string
	data []byte
}

// writers is how many goroutines write staged files. Creating a file or a
// folder costs tens of microseconds of file system work on ext4; with more
// writers than cores those waits overlap with each other and with rendering.
const writers = 8

// Stats says what Commit changed.
type Stats struct {
	Added, Changed, Removed, Unchanged int
}

// Open prepares to publish into out. It fails with a clear sentence when
// out is not a folder creditsite may manage or the staging folder beside
// it cannot be created.
func Open(out string) (*Dir, error) {
	out = filepath.Clean(out)
	fresh, err := checkManaged(out)
	if err != nil {
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
	d := &Dir{out: out, stage: stage, fresh: fresh, written: map[string]bool{}, changed: map[string]bool{}, queue: make(chan file, 4*writers)}
	for range writers {
		d.writers.Add(1)
		go d.write()
	}
	return d, nil
}

// checkManaged reports whether out is missing or empty, and fails when it
// holds files creditsite did not put there.
func checkManaged(out string) (fresh bool, err error) {
	f, err := os.Open(out)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("无法读取输出文件夹 %s：%v", out, errors.Unwrap(err))
	}
	_, err = f.Readdirnames(1)
	f.Close()
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("无法读取输出文件夹 %s：%v", out, errors.Unwrap(err))
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return false, fmt.Errorf("输出文件夹 %s 不是本程序生成的且不为空；为避免误删其中的文件，请指定其他文件夹或先清空它", out)
	}
	return false, nil
}

// WriteFile records one file of the new site; it is staged in the
// background, and only if it differs from the file already published. The
// caller must not change data afterwards. A failed write is reported by a
// later WriteFile or by Commit. Safe for concurrent use; every Dir must end
// with Commit or Abort.
func (d *Dir) WriteFile(name string, data []byte) error {
	if !fs.ValidPath(name) || name == Marker {
		return fmt.Errorf("非法的输出路径 %q", name)
	}
	d.mu.Lock()
	dup, err := d.written[name], d.err
	d.written[name] = true
	d.mu.Unlock()
	if dup {
		return fmt.Errorf("输出文件 %s 被重复生成", name)
	}
	if err != nil {
		return err
	}
	d.queue <- file{name, data}
	return nil
}

// write stages queued files until the queue closes.
func (d *Dir) write() {
	defer d.writers.Done()
	for f := range d.queue {
		changed, err := d.stageFile(f.name, f.data)
		d.mu.Lock()
		if changed {
			d.changed[f.name] = true
		}
		if err != nil && d.err == nil {
			d.err = err
		}
		d.mu.Unlock()
	}
}

// stageFile writes one file into the staging folder unless the published
// one already holds the same bytes.
func (d *Dir) stageFile(name string, data []byte) (changed bool, err error) {
	if !d.fresh && same(filepath.Join(d.out, filepath.FromSlash(name)), data) {
		return false, nil
	}
	if err := d.mkdir(path.Dir(name)); err != nil {
		return false, err
	}
	return true, os.WriteFile(filepath.Join(d.stage, filepath.FromSlash(name)), data, 0o644)
}

// flush waits until every queued file is staged and returns the first
// error. Later calls return the same.
func (d *Dir) flush() error {
	d.flushed.Do(func() {
		close(d.queue)
		d.writers.Wait()
	})
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

// mkdir creates a staging folder and its parents, remembering which exist
// so that a site of many small folders costs one mkdir per folder.
func (d *Dir) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	if _, ok := d.dirs.Load(dir); ok {
		return nil
	}
	if err := d.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(d.stage, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.dirs.Store(dir, true)
	return nil
}

// bufs holds read buffers for same, which runs once per file of the site.
var bufs = sync.Pool{New: func() any { return new([]byte) }}

// same reports whether the file at p holds exactly data.
func same(p string, data []byte) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false
	}
	bp := bufs.Get().(*[]byte)
	defer bufs.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	buf := (*bp)[:len(data)+1] // one byte more to notice a file that grew
	n, err := io.ReadFull(f, buf)
	ended := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
	return ended && n == len(data) && bytes.Equal(buf[:n], data)
}

// Abort discards the staged build; the output folder is untouched.
func (d *Dir) Abort() {
	d.flush()
	os.RemoveAll(d.stage)
}

// Commit moves the changed files into the output folder and removes files
// that no longer belong to the site. When the folder does not exist yet,
// the whole staged folder is renamed into place in one step.
func (d *Dir) Commit() (Stats, error) {
	defer os.RemoveAll(d.stage)
	var st Stats
	if err := d.flush(); err != nil {
		return st, err
	}
	if _, err := os.Stat(d.out); errors.Is(err, fs.ErrNotExist) {
		st.Added = len(d.written)
		if err := d.mark(d.stage); err != nil {
			return st, err
		}
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
		err = d.mark(d.out)
	}
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

// Remember stores key and note with the committed folder, for Recall. The
// key must identify everything the site's bytes depend on.
func (d *Dir) Remember(key string, note []byte) { d.key, d.note = key, note }

const markerText = "managed by creditsite: files not produced by a build are deleted\n"

// mark writes the marker into the staging folder. With a key it also
// records the key, the note and a digest of the finished folder root.
func (d *Dir) mark(root string) error {
	text := markerText
	if d.key != "" {
		digest, n, err := tree(root)
		if err != nil {
			return err
		}
		text += fmt.Sprintf("key: %s\ntree: %s %d\nnote: %s\n", d.key, digest, n, base64.StdEncoding.EncodeToString(d.note))
	}
	return os.WriteFile(filepath.Join(d.stage, Marker), []byte(text), 0o644)
}

// Recall reports whether out still holds exactly the site committed with
// key: the same files, none added, removed, resized or modified since (by
// modification time, as make and rsync judge). If so a build with that key
// would change nothing, and Recall returns the note stored with it.
func Recall(out, key string) (note []byte, st Stats, ok bool) {
	b, err := os.ReadFile(filepath.Join(out, Marker))
	if key == "" || err != nil {
		return nil, st, false
	}
	fields := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok {
			fields[k] = v
		}
	}
	digest, count, _ := strings.Cut(fields["tree"], " ")
	n, err := strconv.Atoi(count)
	if fields["key"] != key || err != nil {
		return nil, st, false
	}
	if note, err = base64.StdEncoding.DecodeString(fields["note"]); err != nil {
		return nil, st, false
	}
	if now, m, err := tree(out); err != nil || now != digest || m != n {
		return nil, st, false
	}
	return note, Stats{Unchanged: n}, true
}

// tree digests the names, types, sizes and modification times of the files
// under root, the marker excepted, and counts them.
func tree(root string) (string, int, error) {
	h := sha256.New()
	n := 0
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if rel == Marker {
			return nil
		}
		fi, err := e.Info()
		if err != nil {
			return err
		}
		n++
		fmt.Fprintf(h, "%s\x00%v %d %d\n", filepath.ToSlash(rel), fi.Mode().Type(), fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), n, err
}
