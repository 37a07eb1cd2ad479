package output

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

const recordHeader = "creditsite build record: the site beside this file was completed by a build with these inputs\n"

// record is what writeRecord stores besides the digest.
type record struct {
	Key      string
	Note     []byte
	Previous string // the generation this one replaced: where rollback goes
}

// writeRecord stores r with the finished site root, and a digest of
// root's files, at p. It writes a temporary file and renames it, so a
// record is either whole or absent: only a completed build leaves one.
func writeRecord(p, root string, r record) error {
	digest, n, err := tree(root)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("%skey: %s\ntree: %s %d\nnote: %s\nprevious: %s\n", recordHeader, r.Key, digest, n, base64.StdEncoding.EncodeToString(r.Note), r.Previous)
	return writeAtomic(p, []byte(text))
}

// Recall reports whether out still holds exactly the site a completed
// build recorded with key: the live generation (or, in Folder mode, the
// folder) with the same files, none added, removed, resized or modified
// since (by modification time, as make and rsync judge). If so a build
// with that key would change nothing, and Recall returns the note stored
// with it. A folder left by an interrupted build has no record and is
// never trusted.
func Recall(out, key string) (note []byte, st Stats, ok bool) {
	r, ok := Recorded(out)
	if !ok || key == "" || r.Key != key {
		return nil, st, false
	}
	return r.Note, Stats{Unchanged: r.Files}, true
}

// Record is what a completed build recorded with the site it published.
type Record struct {
	Key   string // identifies the build's inputs
	Note  []byte
	Files int
}

// Recorded returns the record of the live site of out if the site is
// still exactly as that build left it (see Recall). It reads every folder
// of the site, so a caller may run it while it works out its own key.
func Recorded(out string) (Record, bool) {
	cur, fields, ok := liveRecord(out)
	if !ok {
		return Record{}, false
	}
	digest, count, _ := strings.Cut(fields["tree"], " ")
	n, err := strconv.Atoi(count)
	if err != nil || fields["key"] == "" {
		return Record{}, false
	}
	note, err := base64.StdEncoding.DecodeString(fields["note"])
	if err != nil {
		return Record{}, false
	}
	if now, m, err := tree(cur.live); err != nil || now != digest || m != n {
		return Record{}, false
	}
	return Record{Key: fields["key"], Note: note, Files: n}, true
}

// LiveKey is the key the record of out's live site names, "" when there
// is none. It reads the record only, not the site: it tells a build
// whether to wait for Recorded, which also checks the site is intact.
func LiveKey(out string) string {
	_, fields, _ := liveRecord(out)
	return fields["key"]
}

// liveRecord reads the record of out's live site: none while a Folder
// mode publish is unfinished.
func liveRecord(out string) (state, map[string]string, bool) {
	l := layoutOf(out)
	cur, err := l.current()
	if err != nil || cur.live == "" {
		return cur, nil, false
	}
	if cur.form == formFolder && exists(filepath.Join(l.gens, journalName)) {
		return cur, nil, false
	}
	fields, err := readRecord(l.recordOf(cur))
	return cur, fields, err == nil
}

// readRecord reads the fields of a record file.
func readRecord(p string) (map[string]string, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	fields := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok {
			fields[k] = v
		}
	}
	return fields, nil
}

// previousOf is the generation gen replaced when it went live, "" when
// unknown or gone.
func (l layout) previousOf(gen string) string {
	if gen == "" {
		return ""
	}
	fields, err := readRecord(filepath.Join(l.gens, gen+recordSuffix))
	prev := fields["previous"]
	if err != nil || !isGeneration(prev) || !isDir(filepath.Join(l.gens, prev)) {
		return ""
	}
	return prev
}

// recordOf is where the record of the live site is kept.
func (l layout) recordOf(cur state) string {
	if cur.form == formFolder {
		return filepath.Join(l.gens, folderRecord)
	}
	return filepath.Join(l.gens, cur.gen+recordSuffix)
}

// tree digests the names, types, sizes and modification times of the files
// under root, the marker of older versions excepted, and counts them.
// Folders are read concurrently: a site has a folder per enterprise, and
// reading 20,000 of them one by one is most of a rebuild that finds
// nothing to do.
func tree(root string) (string, int, error) {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		lines []string
		first error
		sem   = make(chan struct{}, 16) // folders read at once: bounds open files
	)
	var walk func(rel string)
	walk = func(rel string) {
		defer wg.Done()
		sem <- struct{}{}
		found, dirs, err := readFolder(root, rel)
		<-sem
		mu.Lock()
		lines = append(lines, found...)
		if err != nil && first == nil {
			first = err
		}
		mu.Unlock()
		for _, d := range dirs {
			wg.Add(1)
			go walk(d)
		}
	}
	wg.Add(1)
	walk(".")
	wg.Wait()
	if first != nil {
		return "", 0, first
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		io.WriteString(h, l)
	}
	return hex.EncodeToString(h.Sum(nil)), len(lines), nil
}

// readFolder describes the files of one folder of root, one line each,
// and lists its subfolders.
func readFolder(root, rel string) (lines, dirs []string, err error) {
	entries, err := os.ReadDir(filepath.Join(root, rel))
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		name := path.Join(filepath.ToSlash(rel), e.Name())
		switch {
		case e.IsDir():
			dirs = append(dirs, filepath.FromSlash(name))
		case name == Marker:
		default:
			fi, err := e.Info()
			if err != nil {
				return nil, nil, err
			}
			lines = append(lines, fmt.Sprintf("%s\x00%v %d %d\n", name, fi.Mode().Type(), fi.Size(), fi.ModTime().UnixNano()))
		}
	}
	return lines, dirs, nil
}
