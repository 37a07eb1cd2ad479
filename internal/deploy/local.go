package deploy

import (
	"creditsite/internal/output"

	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ScanDir lists the regular files under dir with their sizes and hashes.
// dir may be a symlink, as a build's output is: the live generation.
func ScanDir(dir string) ([]LocalFile, error) {
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	var files []LocalFile
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := os.Stat(p) // follows symlinks to files
		if err != nil || !info.Mode().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == output.Marker {
			return err // the build's bookkeeping file is not part of the site
		}
		f, err := hashFile(p)
		f.Rel = filepath.ToSlash(rel)
		files = append(files, f)
		return err
	})
	return files, err
}

func hashFile(p string) (LocalFile, error) {
	f, err := os.Open(p)
	if err != nil {
		return LocalFile{}, err
	}
	defer f.Close()
	m, s := md5.New(), sha256.New()
	n, err := io.Copy(io.MultiWriter(m, s), f)
	return LocalFile{
		Size:   n,
		MD5:    hex.EncodeToString(m.Sum(nil)),
		SHA256: hex.EncodeToString(s.Sum(nil)),
	}, err
}
