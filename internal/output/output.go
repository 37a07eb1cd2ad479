// Package output publishes a build so that at every instant a visitor sees
// one whole build, old or new, never a mix.
//
// In Symlink mode (the default where the system allows symlinks) each
// build writes a complete new generation beside the output — files whose
// bytes did not change are hard links to the live generation, so they keep
// their inode and modification time and rsync still sends only the
// difference — and makes it live by replacing the output symlink with one
// rename(2). The previous generations are kept for Rollback and for
// visitors mid-visit. In Folder mode (hosts that need a plain folder, and
// Windows) changed files are moved into the folder in dependency order
// under a journal, so that the next build completes an interrupted
// publish; see publishFolder. One build at a time holds the output's lock.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// Marker is the bookkeeping file older versions wrote inside the output
// folder. A plain folder holding it is one creditsite may manage.
const Marker = ".creditsite"

// Mode is how the output is published.
type Mode int

const (
	Auto    Mode = iota // Symlink where symlinks can be made, else Folder
	Symlink             // OUT is a symlink to the live generation
	Folder              // OUT is a plain folder
)

// Options for Open.
type Options struct {
	Mode Mode
	// Keep is how many earlier generations are kept beside the live one
	// (Symlink mode), for Rollback and for visitors mid-visit; 0 means 1.
	Keep int
	// Wait makes Open wait for another build writing the same output
	// instead of failing at once; closing Stop ends the wait (ErrStopped).
	Wait bool
	Stop <-chan struct{}
}

// Dir stages a build for an output folder. Every Dir must end with Commit
// or Abort, which release the output's lock.
type Dir struct {
	lay   layout
	mode  Mode
	keep  int
	cur   state  // what OUT is now
	gen   string // the new generation's name
	stage string // the new generation while it is built
	full  bool   // stage holds every file (links to unchanged ones), not only changed ones
	lock  *lock
	dirs  sync.Map      // staging folders already created, by slash path
	trash chan struct{} // closed when the trash is empty; see emptyTrash

	mu      sync.Mutex
	written map[string]bool // every file of the new site
	changed map[string]bool // files new or different; true if the live site has the name
	carried map[string]bool // live files kept though the build did not write them; see Carry
	key     string          // identifies the build's inputs; see Remember
	note    []byte

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

// Open takes the output's lock and prepares a new generation beside out.
// It first completes a publish a killed build left half done and removes
// what killed builds left. It fails with a clear sentence when another
// build holds the lock (unless o.Wait), when out holds files creditsite
// did not make, or when the folder beside it cannot be written.
func Open(out string, o Options) (*Dir, error) {
	l := layoutOf(out)
	if err := os.MkdirAll(l.gens, 0o755); err != nil {
		return nil, fmt.Errorf("无法在输出文件夹 %s 旁建立存放各版本的文件夹：%v", l.out, unwrap(err))
	}
	if err := l.checkNotNested(); err != nil {
		return nil, err
	}
	lk, err := acquire(l.gens, l.out, o.Wait, o.Stop)
	if err != nil {
		return nil, err
	}
	d, err := open(l, o, lk)
	if err != nil {
		lk.unlock()
		return nil, err
	}
	for range writers {
		d.writers.Add(1)
		go d.write()
	}
	return d, nil
}

func open(l layout, o Options, lk *lock) (*Dir, error) {
	if err := l.finishJournal(); err != nil {
		return nil, err
	}
	l.removeLeftovers()
	cur, err := l.current()
	if err != nil {
		return nil, err
	}
	trash := make(chan struct{})
	go l.emptyTrash(trash)
	d := &Dir{lay: l, mode: o.Mode, keep: max(o.Keep, 1), cur: cur, lock: lk, trash: trash,
		gen: newGeneration(time.Now()), written: map[string]bool{}, changed: map[string]bool{},
		queue: make(chan file, 4*writers)}
	if d.mode == Auto {
		d.mode = l.autoMode()
	}
	if d.mode == Symlink && l.isMountPoint() {
		return nil, fmt.Errorf("输出文件夹 %s 是单独挂载的磁盘或网络文件夹，不能换成链接；请在 config.yaml 中设 publish: folder", l.out)
	}
	// A Folder-mode publish moves only changed files; every other case
	// makes a whole new folder.
	d.full = d.mode == Symlink || cur.form != formFolder
	d.stage = filepath.Join(l.gens, tmpPrefix+d.gen)
	if err := os.Mkdir(d.stage, 0o755); err != nil {
		return nil, fmt.Errorf("无法在 %s 中写入：%v", l.gens, unwrap(err))
	}
	return d, nil
}

// autoMode is Symlink where one can be made and replaced, Folder elsewhere
// (Windows without the symlink privilege, some network file systems).
func (l layout) autoMode() Mode {
	if runtime.GOOS == "windows" || l.isMountPoint() {
		return Folder
	}
	probe := filepath.Join(l.gens, tmpPrefix+"probe")
	defer os.Remove(probe)
	if os.Symlink(".", probe) != nil {
		return Folder
	}
	return Symlink
}

// WriteFile records one file of the new site; it is staged in the
// background, and only if it differs from the file already published. The
// caller must not change data afterwards. A failed write is reported by a
// later WriteFile or by Commit. Safe for concurrent use.
func (d *Dir) WriteFile(name string, data []byte) error {
	if !fs.ValidPath(name) || name == "." {
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
		changed, existed, err := d.stageFile(f.name, f.data)
		d.mu.Lock()
		if changed {
			d.changed[f.name] = existed
		}
		if err != nil && d.err == nil {
			d.err = err
		}
		d.mu.Unlock()
	}
}

// stageFile puts one file into the new generation: a hard link to the
// live file when that holds the same bytes, else the bytes. In a
// Folder-mode publish an unchanged file is not staged at all.
func (d *Dir) stageFile(name string, data []byte) (changed, existed bool, err error) {
	var live string
	if d.cur.live != "" {
		live = filepath.Join(d.cur.live, filepath.FromSlash(name))
		if same(live, data) {
			if !d.full {
				return false, true, nil
			}
			return false, true, d.linkUnchanged(name, live)
		}
	}
	if err := d.mkdir(path.Dir(name)); err != nil {
		return false, false, err
	}
	return true, live != "" && exists(live), os.WriteFile(d.staged(name), data, 0o644)
}

// linkUnchanged hard-links the live file into the new generation.
func (d *Dir) linkUnchanged(name, live string) error {
	if err := d.mkdir(path.Dir(name)); err != nil {
		return err
	}
	return linkOrCopy(live, d.staged(name))
}

// linkOrCopy hard-links src as dst. Where the file system has no hard
// links it copies the bytes and keeps the modification time, so the file
// still reads as unchanged to rsync.
func linkOrCopy(src, dst string) error {
	if os.Link(src, dst) == nil {
		return nil
	}
	return copyFile(src, dst)
}

func (d *Dir) staged(name string) string { return filepath.Join(d.stage, filepath.FromSlash(name)) }

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

// Abort discards the staged build and releases the lock; the output is
// untouched. It does not wait for the trash: what is left of it is
// emptied by the next build.
func (d *Dir) Abort() {
	d.flush()
	d.release(false)
}

// release removes the staging folder if it is still there, waits for the
// trash to be emptied if asked, and unlocks.
func (d *Dir) release(emptied bool) {
	if d.stage != "" {
		os.RemoveAll(d.stage)
		d.stage = ""
	}
	if emptied {
		<-d.trash
	}
	d.lock.unlock()
}

// Live is the folder visitors were served when Open ran, "" when none.
func (d *Dir) Live() string { return d.cur.live }

// Remember stores key and note with the committed site, for Recall. The
// key must identify everything the site's bytes depend on.
func (d *Dir) Remember(key string, note []byte) { d.key, d.note = key, note }

// Carry keeps the named files of the live site in the new one where the
// build did not write them: the previous build's search files, which a
// visitor who loaded the previous search/meta.json a moment before the
// switch still asks for. Names the live site does not have are ignored.
// Carried files are kept for one build: the next build carries what its
// caller names then.
func (d *Dir) Carry(names []string) {
	d.carried = map[string]bool{}
	for _, n := range names {
		if fs.ValidPath(n) && d.cur.live != "" && exists(filepath.Join(d.cur.live, filepath.FromSlash(n))) {
			d.carried[n] = true
		}
	}
}

// Commit makes the new build live and releases the lock. When nothing
// changed it only records the new key with the live site.
func (d *Dir) Commit() (Stats, error) {
	defer d.release(true)
	if err := d.flush(); err != nil {
		return Stats{}, err
	}
	if err := d.stageCarried(); err != nil {
		return Stats{}, err
	}
	stale, err := d.stale()
	if err != nil {
		return Stats{}, fmt.Errorf("无法读取现有网站 %s：%v", d.cur.live, err)
	}
	st := d.stats(len(stale))
	sameForm := (d.mode == Symlink && d.cur.form == formSymlink) || (d.mode == Folder && d.cur.form == formFolder)
	if d.cur.live != "" && sameForm && len(d.changed) == 0 && len(stale) == 0 {
		return st, writeRecord(d.lay.recordOf(d.cur), d.cur.live, record{Key: d.key, Note: d.note, Previous: d.lay.previousOf(d.cur.gen)})
	}
	if d.mode == Symlink {
		return st, d.switchGeneration()
	}
	return st, d.publishFolder(stale)
}

func (d *Dir) stats(removed int) Stats {
	st := Stats{Removed: removed, Unchanged: len(d.written) - len(d.changed)}
	for _, existed := range d.changed {
		if existed {
			st.Changed++
		} else {
			st.Added++
		}
	}
	return st
}

// stale lists the live site's files the new build did not write, in
// slash form.
func (d *Dir) stale() ([]string, error) {
	if d.cur.live == "" {
		return nil, nil
	}
	var names []string
	err := filepath.WalkDir(d.cur.live, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(d.cur.live, p)
		if rel = filepath.ToSlash(rel); !d.written[rel] && !d.carried[rel] {
			names = append(names, rel)
		}
		return nil
	})
	return names, err
}

// stageCarried links the carried files the build did not write into a
// new generation; a Folder-mode publish simply leaves them in place.
func (d *Dir) stageCarried() error {
	if !d.full {
		return nil
	}
	for n := range d.carried {
		if d.written[n] {
			continue
		}
		if err := d.linkUnchanged(n, filepath.Join(d.cur.live, filepath.FromSlash(n))); err != nil {
			return err
		}
	}
	return nil
}

// String summarises the stats for staff.
func (s Stats) String() string {
	return fmt.Sprintf("新增 %d 个文件，更新 %d 个，删除 %d 个，未变 %d 个", s.Added, s.Changed, s.Removed, s.Unchanged)
}
