package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"

	"creditsite/internal/config"
	"creditsite/internal/srcfile"
)

// inputs are the parts of a source folder a build reads: config.yaml,
// content/, layouts/, and the exports with their attachments, either under
// data/ or directly in the source folder.
var inputs = []string{config.FileName, "content", "layouts", "data", "disclosures", "commitments", "focus", "attachments"}

// fingerprint digests everything the bytes of a site and the data report
// depend on apart from the build date and options: this program, the
// contents of every input file and the names of its folders (a folder
// among the exports is an error of the data report, even an empty one).
// It is computed before the inputs are read, so a file changed during
// the build changes the next fingerprint. It returns "" (never matches)
// when a digest cannot be trusted, e.g. an input is a symbolic link: each
// file is read only as a regular file inside the source (see srcfile), and
// whether such an input fails the build is for the code that reads it to
// decide (a link among the exports is left out with a warning), not here.
func fingerprint(source string) string {
	program := programDigest()
	if program == "" {
		return ""
	}
	src, err := srcfile.OpenSource(source)
	if err != nil {
		return ""
	}
	defer src.Close()
	h := sha256.New()
	fmt.Fprintf(h, "creditsite build %s\n", program)
	for _, name := range inputs {
		err := src.Walk(name, func(rel string) error {
			fmt.Fprintf(h, "%s\x00", rel)
			f, err := src.Open(rel)
			if err != nil {
				return err
			}
			defer f.Close()
			return digest(h, f)
		})
		if err != nil || folders(h, source, name) != nil {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// folders adds the name of every folder at or under start in source to h.
// Links were refused by the walk of the files before.
func folders(h io.Writer, source, start string) error {
	err := fs.WalkDir(os.DirFS(source), start, func(name string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() {
			fmt.Fprintf(h, "%s/\x00", name)
		}
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// digest adds the length and contents of what r reads to h.
func digest(h io.Writer, r io.Reader) error {
	n, err := io.Copy(h, r)
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
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if digest(h, f) != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

// buildKey completes a fingerprint with what else decides the bytes: the
// base URL, the date that decides expired certificates, and the build time
// when pages show it. The data report depends on none of them: reading
// the data depends only on the files and config.yaml.
func buildKey(files string, cfg *config.Config, t buildTime) string {
	if files == "" {
		return ""
	}
	built := ""
	if cfg.Timestamps {
		built = t.built
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%s", files, cfg.BaseURL, t.today, built))
	return hex.EncodeToString(h[:])
}
