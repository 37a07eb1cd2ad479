package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"syscall"

	"creditsite/internal/manifest"
)

// journal is a Folder-mode publish in progress: the staged changed files
// to move into OUT, in order, and the files to delete afterwards. It is
// written only once the new build is complete, so a publish that was
// interrupted can always be completed.
type journal struct {
	Stage  string   `json:"stage"` // folder name under the generations folder
	Write  []string `json:"write"`
	Delete []string `json:"delete"`
}

// publishFolder publishes into a plain folder. A new folder (or one that
// was a symlink) is renamed into place whole. Otherwise the changed files
// move in dependency order — assets and search files, enterprise pages,
// lists, then the home page, search/meta.json and feeds — so that every
// link a visitor follows resolves and the search root names only files
// already there; files that no longer belong go last.
func (d *Dir) publishFolder(stale []string) error {
	if d.cur.form != formFolder && !isDir(d.lay.out) {
		return d.replaceWhole()
	}
	if err := d.lay.own(); err != nil {
		return err
	}
	j := journal{Stage: filepath.Base(d.stage), Write: publishOrder(d.changed), Delete: deleteOrder(stale)}
	os.Remove(filepath.Join(d.lay.gens, folderRecord)) // not trusted while in progress
	if err := writeJSON(filepath.Join(d.lay.gens, journalName), j); err != nil {
		return fmt.Errorf("无法写入发布日志：%v", unwrap(err))
	}
	d.stage = "" // from here on the journal owns it
	if err := d.lay.apply(j); err != nil {
		return err
	}
	return writeRecord(filepath.Join(d.lay.gens, folderRecord), d.lay.out, record{Key: d.key, Note: d.note})
}

// replaceWhole puts a complete staged site where there was none or a
// symlink.
func (d *Dir) replaceWhole() error {
	if fi, err := os.Lstat(d.lay.out); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if err := os.Remove(d.lay.out); err != nil {
			return fmt.Errorf("无法替换 %s：%v", d.lay.out, unwrap(err))
		}
	}
	if err := os.Rename(d.stage, d.lay.out); err != nil {
		return fmt.Errorf("无法发布到 %s：%v", d.lay.out, unwrap(err))
	}
	d.stage = ""
	if err := d.lay.own(); err != nil {
		return err
	}
	return writeRecord(filepath.Join(d.lay.gens, folderRecord), d.lay.out, record{Key: d.key, Note: d.note})
}

// own records that OUT is a plain folder creditsite publishes into, so
// that a later build may change and delete its files. It stays for good:
// the record of a build (folder.record) comes and goes with each publish.
func (l layout) own() error {
	p := filepath.Join(l.gens, folderOwner)
	if exists(p) {
		return nil
	}
	text := "creditsite publishes into the plain folder " + l.base + " beside this folder (publish: folder)\n"
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		return fmt.Errorf("无法在 %s 中写入：%v", l.gens, unwrap(err))
	}
	return nil
}

// publishOrder sorts the changed files (true: the name is already
// published) into the order they are moved into the folder: files linked
// from pages (assets, search files), then new pages, then changed pages —
// so that a visitor, who reaches a new page only through a changed one,
// finds every new page there — each by manifest stage, and the roots
// (home, search/meta.json, feeds) last.
func publishOrder(changed map[string]bool) []string {
	names := make([]string, 0, len(changed))
	for n := range changed {
		names = append(names, n)
	}
	group := func(n string) int {
		switch stage := manifest.Classify(n).Stage(); {
		case stage == 0:
			return 0
		case stage == 3:
			return 7
		case changed[n]:
			return 4 + stage
		default:
			return 1 + stage
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if gi, gj := group(names[i]), group(names[j]); gi != gj {
			return gi < gj
		}
		return names[i] < names[j]
	})
	return names
}

// deleteOrder deletes pages before what they link to, the reverse of
// publishOrder: nothing still published links to a deleted file.
func deleteOrder(stale []string) []string {
	names := append([]string(nil), stale...)
	sort.Slice(names, func(i, j int) bool {
		si, sj := manifest.Classify(names[i]).Stage(), manifest.Classify(names[j]).Stage()
		if si != sj {
			return si > sj
		}
		return names[i] < names[j]
	})
	return names
}

// apply carries out a journal. Every step can be repeated: a staged file
// already moved is skipped, a file already deleted is skipped, so a
// publish killed at any point completes when apply runs again.
func (l layout) apply(j journal) error {
	stage := filepath.Join(l.gens, j.Stage)
	for _, n := range j.Write {
		src := filepath.Join(stage, filepath.FromSlash(n))
		if !exists(src) {
			continue
		}
		if err := replace(src, filepath.Join(l.out, filepath.FromSlash(n))); err != nil {
			return fmt.Errorf("发布 %s 失败：%v；下次生成时会继续完成", n, unwrap(err))
		}
	}
	dirs := map[string]bool{}
	for _, n := range j.Delete {
		if err := os.Remove(filepath.Join(l.out, filepath.FromSlash(n))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("删除 %s 失败：%v；下次生成时会继续完成", n, unwrap(err))
		}
		for dir := path.Dir(n); dir != "."; dir = path.Dir(dir) {
			dirs[dir] = true
		}
	}
	removeEmpty(l.out, dirs)
	if err := os.Remove(filepath.Join(l.gens, journalName)); err != nil {
		return fmt.Errorf("无法删除发布日志：%v", unwrap(err))
	}
	syncDir(l.gens)
	os.RemoveAll(stage)
	return nil
}

// finishJournal completes a Folder-mode publish an earlier build left
// half done.
func (l layout) finishJournal() error {
	b, err := os.ReadFile(filepath.Join(l.gens, journalName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var j journal
	if err == nil {
		err = json.Unmarshal(b, &j)
	}
	if err != nil || j.Stage == "" || filepath.Base(j.Stage) != j.Stage {
		return fmt.Errorf("发布日志 %s 已损坏：%v；请删除 %s 后重新生成", filepath.Join(l.gens, journalName), err, l.out)
	}
	return l.apply(j)
}

// removeEmpty deletes the given folders of root that are now empty,
// deepest first.
func removeEmpty(root string, dirs map[string]bool) {
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	sort.Slice(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	for _, d := range list {
		p := filepath.Join(root, filepath.FromSlash(d))
		if empty, _ := isEmpty(p); empty {
			os.Remove(p)
		}
	}
}

// replace moves src to dst, replacing a folder that is in the way. When
// dst is on another file system (an output folder that is a mount point)
// it copies src to a hidden name beside dst and renames that, so dst is
// still replaced in one step, then removes src.
func replace(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
		if err := os.RemoveAll(dst); err != nil {
			return err
		}
	}
	err := os.Rename(src, dst)
	if !errors.Is(err, syscall.EXDEV) {
		return err
	}
	tmp := filepath.Join(filepath.Dir(dst), ".creditsite-"+filepath.Base(dst)+".tmp")
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Remove(src)
}

// copyFile copies src's bytes and modification time to a new file dst.
func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		return err
	}
	return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
}

// writeJSON writes v to p with writeAtomic.
func writeJSON(p string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return writeAtomic(p, b)
}

// writeAtomic writes b to p through a temporary file (p.tmp, removed by
// the next build if a kill leaves it) that it flushes and renames, so p is
// whole or absent.
func writeAtomic(p string, b []byte) error {
	tmp := p + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, p)
}

// ErrUnfinished is returned by Hold when a Folder-mode publish into the
// output was interrupted and no build has completed it yet: the folder is
// then a mix of two builds.
var ErrUnfinished = errors.New("上次生成的发布被中断、尚未完成（新旧文件混杂）")

// Hold takes out's lock as a build does, for a reader of the site that
// must see one build throughout, such as a deploy of a plain folder: no
// build changes out until release is called. It fails, naming the holder,
// while a build is writing, and with ErrUnfinished while an interrupted
// publish waits for the next build to complete it. An output no build
// ever wrote (no generations folder) has nothing to hold.
func Hold(out string) (release func(), err error) {
	l := layoutOf(out)
	if !isDir(l.gens) {
		return func() {}, nil
	}
	lk, err := acquire(l.gens, l.out, false, nil)
	var busy *busyError
	if errors.As(err, &busy) { // a reader has no --wait
		return nil, fmt.Errorf("另一个 creditsite 进程（%s）正在写入 %s；请等它结束后再试", busy.holder, busy.out)
	}
	if err != nil {
		return nil, err
	}
	if exists(filepath.Join(l.gens, journalName)) {
		lk.unlock()
		return nil, ErrUnfinished
	}
	return lk.unlock, nil
}
