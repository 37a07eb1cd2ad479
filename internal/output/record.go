package output

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

const recordHeader = "creditsite build record: the site beside this file was completed by a build with these inputs\n"

// writeRecord stores key and note with the finished site root, and a
// digest of root's files, at p. It writes a temporary file and renames it,
// so a record is either whole or absent: only a completed build leaves one.
func writeRecord(p, root, key string, note []byte) error {
	digest, n, err := tree(root)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("%skey: %s\ntree: %s %d\nnote: %s\n", recordHeader, key, digest, n, base64.StdEncoding.EncodeToString(note))
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// Recall reports whether out still holds exactly the site a completed
// build recorded with key: the live generation (or, in Folder mode, the
// folder) with the same files, none added, removed, resized or modified
// since (by modification time, as make and rsync judge). If so a build
// with that key would change nothing, and Recall returns the note stored
// with it. A folder left by an interrupted build has no record and is
// never trusted.
func Recall(out, key string) (note []byte, st Stats, ok bool) {
	l := layoutOf(out)
	cur, err := l.current()
	if key == "" || err != nil || cur.live == "" {
		return nil, st, false
	}
	if cur.form == formFolder && exists(filepath.Join(l.gens, journalName)) {
		return nil, st, false
	}
	b, err := os.ReadFile(l.recordOf(cur))
	if err != nil {
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
	if now, m, err := tree(cur.live); err != nil || now != digest || m != n {
		return nil, st, false
	}
	return note, Stats{Unchanged: n}, true
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
