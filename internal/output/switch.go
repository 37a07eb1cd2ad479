package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// switchGeneration completes the new generation, records it and makes it
// live with one rename. A generation that could not go live is discarded:
// it must never become a rollback target.
func (d *Dir) switchGeneration() error {
	final := filepath.Join(d.lay.gens, d.gen)
	if err := os.Rename(d.stage, final); err != nil {
		return fmt.Errorf("无法完成新版本 %s：%v", final, unwrap(err))
	}
	d.stage = ""
	prev := d.cur.gen
	if d.cur.form == formFolder {
		prev = d.lay.keptFolderName()
	}
	err := writeRecord(final+recordSuffix, final, record{Key: d.key, Note: d.note, Previous: prev})
	if err != nil {
		err = fmt.Errorf("无法记录新版本 %s：%v", final, unwrap(err))
	} else {
		err = d.lay.switchTo(d.gen)
	}
	if err != nil {
		os.Remove(final + recordSuffix)
		d.lay.discard(final)
		return err
	}
	d.lay.prune(d.gen, d.keep)
	return nil
}

// switchTo makes generation gen live: a new symlink beside OUT is renamed
// over OUT, which rename(2) does in one step. A plain folder in OUT's
// place (a site published by an older version, or in Folder mode) is
// exchanged with the symlink in one step where the system can, and kept
// as a generation for Rollback.
func (l layout) switchTo(gen string) error {
	link := l.link(gen)
	os.Remove(link)
	if err := os.Symlink(l.target(gen), link); err != nil {
		return fmt.Errorf("无法在 %s 建立链接：%v", l.parent, unwrap(err))
	}
	fi, err := os.Lstat(l.out)
	if err == nil && fi.IsDir() {
		err = l.replaceFolder(link)
	} else {
		err = os.Rename(link, l.out)
	}
	if err != nil {
		os.Remove(link)
		return fmt.Errorf("无法切换 %s 到新版本：%v", l.out, unwrap(err))
	}
	syncDir(l.parent)
	return nil
}

// keptFolderName is the generation name a plain OUT folder gets when a
// symlink replaces it: its modification time, so it sorts as older.
func (l layout) keptFolderName() string {
	fi, err := os.Stat(l.out)
	if err != nil {
		return ""
	}
	return newGeneration(fi.ModTime())
}

// replaceFolder puts the symlink link where the plain folder OUT is. The
// folder is no longer one creditsite publishes into (folder.owner goes):
// a folder put there later is someone else's.
func (l layout) replaceFolder(link string) error {
	if empty, _ := isEmpty(l.out); empty {
		if err := os.Remove(l.out); err != nil {
			return err
		}
		return os.Rename(link, l.out)
	}
	kept := filepath.Join(l.gens, l.keptFolderName())
	if exchange(link, l.out) == nil {
		err := os.Rename(link, kept) // link's name now holds the old folder
		os.Remove(filepath.Join(l.gens, folderOwner))
		return err
	}
	if err := os.Rename(l.out, kept); err != nil {
		return err
	}
	os.Remove(filepath.Join(l.gens, folderOwner))
	return os.Rename(link, l.out)
}

// prune keeps the live generation and the keep generations it replaced,
// one after the other (what rollback returns to), and moves every other
// generation with its record into the trash, which the next build empties
// while it renders. A generation withdrawn by a rollback is not on that
// chain and goes.
func (l layout) prune(live string, keep int) {
	gens, err := l.generations()
	if err != nil {
		return
	}
	chain := map[string]bool{live: true}
	for g, i := live, 0; i < keep; i++ {
		if g = l.previousOf(g); g == "" {
			break
		}
		chain[g] = true
	}
	for _, g := range gens {
		if !chain[g] {
			os.Remove(filepath.Join(l.gens, g+recordSuffix))
			l.discard(filepath.Join(l.gens, g))
		}
	}
}

// syncDir flushes a folder's entries, so that a switch survives a power
// cut; where folders cannot be synced (Windows) it does nothing.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// ErrNoEarlier is returned by Rollback when no earlier generation is kept.
var ErrNoEarlier = errors.New("没有可恢复的上一版本")

// Rollback makes the generation the live one replaced live again and
// returns its name; a second Rollback goes one further back. It needs Symlink mode. The next build publishes from
// the data again, as usual.
func Rollback(out string, wait bool) (string, error) {
	l := layoutOf(out)
	if err := os.MkdirAll(l.gens, 0o755); err != nil {
		return "", fmt.Errorf("无法读取 %s：%v", l.gens, unwrap(err))
	}
	lk, err := acquire(l.gens, l.out, wait, nil)
	if err != nil {
		return "", err
	}
	defer lk.unlock()
	cur, err := l.current()
	if err != nil {
		return "", err
	}
	if cur.form != formSymlink {
		return "", fmt.Errorf("%s 不是按版本发布的（publish: folder 或尚未生成），无法恢复上一版本", l.out)
	}
	prev := l.previousOf(cur.gen)
	if prev == "" {
		return "", ErrNoEarlier
	}
	return prev, l.switchTo(prev)
}

// Live returns the folder visitors are served from out: the live
// generation when out is a symlink, out itself when it is a plain folder.
func Live(out string) (string, error) {
	cur, err := layoutOf(out).current()
	if err != nil {
		return "", err
	}
	if cur.live == "" {
		return "", fmt.Errorf("%s 中还没有生成的网站，请先运行 creditsite build", out)
	}
	return cur.live, nil
}

// GenerationTime is when generation gen was started (UTC), for messages.
func GenerationTime(gen string) (time.Time, bool) {
	t, err := time.Parse(genLayout, gen)
	return t, err == nil
}
