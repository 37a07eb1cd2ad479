package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// layout names the files of one output folder OUT (e.g. site/public):
//
//	OUT                        Symlink mode: a symlink to .OUT.generations/<generation>
//	                           Folder mode: the site itself
//	.OUT.generations/lock      held by the one build that writes (see acquire)
//	.OUT.generations/<gen>/    a complete site; files unchanged since the
//	                           previous generation are hard links to it
//	.OUT.generations/<gen>.record   the record of the build that completed it (Recall)
//	.OUT.generations/tmp-<gen>/     a build in progress (removed by the next build)
//	.OUT.generations/trash-<name>/  a generation no longer kept, deleted while the next build runs
//	.OUT.generations/journal        Folder mode: a publish in progress
//	.OUT.generations/folder.record  Folder mode: the record of OUT
//	.OUT.generations/folder.owner   Folder mode: OUT is a folder creditsite publishes into
//	.OUT.link-<gen>            the new symlink, an instant before it replaces OUT
//
// Everything but OUT's target lies outside the served folder, so a web
// server never serves a half-built file or the build's bookkeeping.
type layout struct {
	out, parent, base, gens string
}

func layoutOf(out string) layout {
	out = filepath.Clean(out)
	// "." or ".." has no name in its parent to put the generations
	// beside: they would go inside it.
	if b := filepath.Base(out); b == "." || b == ".." {
		if abs, err := filepath.Abs(out); err == nil {
			out = abs
		}
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	return layout{out: out, parent: parent, base: base, gens: filepath.Join(parent, "."+base+".generations")}
}

const (
	tmpPrefix    = "tmp-"
	trashPrefix  = "trash-"
	recordSuffix = ".record"
	folderRecord = "folder.record"
	folderOwner  = "folder.owner"
	journalName  = "journal"
	genLayout    = "20060102T150405.000000000" // sorts by time as text
)

// newGeneration names a generation by the time it was started, so that
// generations sort by age.
func newGeneration(t time.Time) string { return t.UTC().Format(genLayout) }

func isGeneration(name string) bool {
	_, err := time.Parse(genLayout, name)
	return err == nil
}

// link is the temporary name of a new symlink, beside OUT.
func (l layout) link(gen string) string { return filepath.Join(l.parent, "."+l.base+".link-"+gen) }

// target is what OUT points to for gen: relative, so that the whole site
// folder can be moved or mounted elsewhere.
func (l layout) target(gen string) string { return filepath.Join("."+l.base+".generations", gen) }

// form is what OUT is on disk.
type form int

const (
	formNone    form = iota // missing, or an empty folder
	formSymlink             // a symlink to one of our generations
	formFolder              // a plain folder a build published into
)

// state is what OUT holds now.
type state struct {
	form form
	live string // the folder visitors are served, "" when none
	gen  string // live's generation in Symlink form
}

// current reads OUT's state. It fails when OUT holds something creditsite
// did not make: a wrong --out must never delete someone's files.
func (l layout) current() (state, error) {
	fi, err := os.Lstat(l.out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return state{}, nil
	case err != nil:
		return state{}, fmt.Errorf("无法读取输出文件夹 %s：%v", l.out, unwrap(err))
	case fi.Mode()&fs.ModeSymlink != 0:
		return l.linked()
	case !fi.IsDir():
		return state{}, fmt.Errorf("输出位置 %s 是一个文件，不是文件夹；请指定其他位置", l.out)
	}
	empty, err := isEmpty(l.out)
	if err != nil {
		return state{}, fmt.Errorf("无法读取输出文件夹 %s：%v", l.out, unwrap(err))
	}
	if empty {
		return state{}, nil
	}
	if !exists(filepath.Join(l.out, Marker)) && !exists(filepath.Join(l.gens, folderOwner)) {
		return state{}, fmt.Errorf("输出文件夹 %s 不是本程序生成的且不为空；为避免误删其中的文件，请指定其他文件夹或先清空它", l.out)
	}
	return state{form: formFolder, live: l.out}, nil
}

// linked reads OUT as a symlink, which must point to one of our generations.
func (l layout) linked() (state, error) {
	target, err := os.Readlink(l.out)
	if err != nil {
		return state{}, fmt.Errorf("无法读取输出链接 %s：%v", l.out, unwrap(err))
	}
	gen := filepath.Base(target)
	if !isGeneration(gen) || (target != l.target(gen) && target != filepath.Join(l.gens, gen)) {
		return state{}, fmt.Errorf("输出位置 %s 是指向 %s 的链接，不是本程序建立的；为避免误删，请指定其他位置", l.out, target)
	}
	st := state{form: formSymlink, gen: gen}
	if isDir(filepath.Join(l.gens, gen)) {
		st.live = filepath.Join(l.gens, gen)
	}
	return st, nil
}

// generations lists the complete generations, oldest first.
func (l layout) generations() ([]string, error) {
	entries, err := os.ReadDir(l.gens)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var gens []string
	for _, e := range entries {
		if e.IsDir() && isGeneration(e.Name()) {
			gens = append(gens, e.Name())
		}
	}
	sort.Strings(gens)
	return gens, nil
}

// removeLeftovers moves what killed builds left into the trash: folders
// of builds in progress, symlinks about to be switched, and staging
// folders of older versions of creditsite. The caller holds the lock, so
// none is in use.
func (l layout) removeLeftovers() {
	entries, _ := os.ReadDir(l.gens)
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.Name(), tmpPrefix):
			l.discard(filepath.Join(l.gens, e.Name()))
		case strings.HasSuffix(e.Name(), ".tmp"): // a record or journal being written
			os.Remove(filepath.Join(l.gens, e.Name()))
		}
	}
	for _, pattern := range []string{".link-*", ".staging-*"} {
		old, _ := filepath.Glob(filepath.Join(l.parent, "."+l.base+pattern))
		for _, p := range old {
			l.discard(p)
		}
	}
}

// discard moves p into the trash, or deletes it where it cannot be moved.
// Moving is one rename; deleting a site of 20,000 folders takes seconds,
// which emptyTrash spends while the next build renders.
func (l layout) discard(p string) {
	if os.Rename(p, filepath.Join(l.gens, trashPrefix+filepath.Base(p))) != nil {
		os.RemoveAll(p)
	}
}

// emptyTrash deletes everything in the trash and closes done.
func (l layout) emptyTrash(done chan<- struct{}) {
	defer close(done)
	entries, _ := os.ReadDir(l.gens)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), trashPrefix) {
			os.RemoveAll(filepath.Join(l.gens, e.Name()))
		}
	}
}

func isEmpty(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, err
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// unwrap drops the path an *os.PathError repeats, for messages that name
// the path themselves.
func unwrap(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

// checkNotNested refuses an output inside another output's site or its
// generations: the outer build would delete the inner site, and the inner
// one's bookkeeping would be served.
func (l layout) checkNotNested() error {
	dir, err := filepath.Abs(l.parent)
	if err != nil {
		return nil
	}
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		dir = resolved
	}
	for ; ; dir = filepath.Dir(dir) {
		base := filepath.Base(dir)
		if strings.HasPrefix(base, ".") && strings.HasSuffix(base, ".generations") ||
			exists(filepath.Join(filepath.Dir(dir), "."+base+".generations")) {
			return fmt.Errorf("输出文件夹 %s 在另一个网站的输出文件夹 %s 里面；请放在它外面", l.out, dir)
		}
		if filepath.Dir(dir) == dir {
			return nil
		}
	}
}
