package build

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"creditsite/internal/config"
	"creditsite/internal/site"
)

// inputs are the parts of a source folder a build reads: config.yaml,
// content/, layouts/, and the exports with their attachments, either under
// data/ or directly in the source folder.
var inputs = []string{config.FileName, "content", "layouts", "data", "disclosures", "commitments", "focus", "attachments"}

// fingerprint digests everything the bytes of a site depend on apart from
// the build date and options: this program and the contents of every input
// file. It is computed before the inputs are read, so a file changed during
// the build changes the next fingerprint. It returns "" (never matches)
// when a digest cannot be trusted, e.g. an input is a symbolic link.
func fingerprint(source string) string {
	program := programDigest()
	if program == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "creditsite build %s\n", program)
	for _, name := range inputs {
		err := filepath.WalkDir(filepath.Join(source, name), func(p string, e fs.DirEntry, err error) error {
			switch {
			case os.IsNotExist(err) && p == filepath.Join(source, name):
				return nil
			case err != nil:
				return err
			case e.IsDir():
				return nil
			case !e.Type().IsRegular():
				return fmt.Errorf("%s is not a regular file", p)
			}
			rel, _ := filepath.Rel(source, p)
			fmt.Fprintf(h, "%s\x00", filepath.ToSlash(rel))
			return digestFile(h, p)
		})
		if err != nil {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// digestFile adds a file's length and contents to h.
func digestFile(h io.Writer, p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := io.Copy(h, f)
	fmt.Fprintf(h, "\x00%d\n", n)
	return err
}

// programDigest identifies this build of creditsite by the contents of its
// executable, so a new version never reuses an old one's output.
var programDigest = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	h := sha256.New()
	if digestFile(h, exe) != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

// buildKey completes a fingerprint with what else decides the bytes: the
// base URL, the date that decides expired certificates, and the build time
// when pages show it.
func buildKey(files string, in *site.Input) string {
	if files == "" {
		return ""
	}
	built := ""
	if in.Config.Timestamps {
		built = in.Built
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%s", files, in.Config.BaseURL, in.Today, built))
	return hex.EncodeToString(h[:])
}
