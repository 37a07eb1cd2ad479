package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// switchGeneration completes the new generation, records it and makes it
// live with one rename.
func (d *Dir) switchGeneration() error {
	final := filepath.Join(d.lay.gens, d.gen)
	if err := os.Rename(d.stage, final); err != nil {
		return fmt.Errorf("无法完成新版本 %s：%v", final, unwrap(err))
	}
	d.stage = ""
	if err := writeRecord(final+recordSuffix, final, d.key, d.note); err != nil {
		return fmt.Errorf("无法记录新版本 %s：%v", final, unwrap(err))
	}
	if err := d.lay.switchTo(d.gen); err != nil {
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
		return fmt.Errorf("无法在 %s 建立链接：%v；可在 config.yaml 中设 publish: folder", l.parent, unwrap(err))
	}
	fi, err := os.Lstat(l.out)
	if err == nil && fi.IsDir() {
		err = l.replaceFolder(link, fi)
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

// replaceFolder puts the symlink link where the plain folder OUT is.
func (l layout) replaceFolder(link string, fi os.FileInfo) error {
	if empty, _ := isEmpty(l.out); empty {
		if err := os.Remove(l.out); err != nil {
			return err
		}
		return os.Rename(link, l.out)
	}
	kept := filepath.Join(l.gens, newGeneration(fi.ModTime()))
	if exchange(link, l.out) == nil {
		return os.Rename(link, kept) // link's name now holds the old folder
	}
	if err := os.Rename(l.out, kept); err != nil {
		return err
	}
	return os.Rename(link, l.out)
}

// prune removes generations beyond the live one and the keep newest
// others, with their records: into the trash, which the next build
// empties while it renders.
func (l layout) prune(live string, keep int) {
	gens, err := l.generations()
	if err != nil {
		return
	}
	kept := 0
	for i := len(gens) - 1; i >= 0; i-- {
		g := gens[i]
		if g == live {
			continue
		}
		if kept < keep {
			kept++
			continue
		}
		os.Remove(filepath.Join(l.gens, g+recordSuffix))
		l.discard(filepath.Join(l.gens, g))
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

// Rollback makes the generation before the live one live again and
// returns its name. It needs Symlink mode. The next build publishes from
// the data again, as usual.
func Rollback(out string, wait bool) (string, error) {
	l := layoutOf(out)
	if err := os.MkdirAll(l.gens, 0o755); err != nil {
		return "", fmt.Errorf("无法读取 %s：%v", l.gens, unwrap(err))
	}
	lk, err := acquire(l.gens, l.out, wait)
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
	gens, err := l.generations()
	if err != nil {
		return "", err
	}
	prev := ""
	for _, g := range gens {
		if g < cur.gen {
			prev = g
		}
	}
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
