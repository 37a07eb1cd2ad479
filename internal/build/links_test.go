package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinkInSourceFailsBuild builds a site, then puts a symbolic link where
// a content page, a content folder, a template or the config file goes:
// each build must fail with one sentence naming the link, leave the
// published site as it was and publish no byte of what the link points to.
func TestLinkInSourceFailsBuild(t *testing.T) {
	passwd, err := os.ReadFile("/etc/passwd")
	if err != nil || len(passwd) == 0 {
		t.Skip("no /etc/passwd to point at")
	}
	src := dataOnly(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Source: src, Out: out, Now: now}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	for _, c := range []struct{ rel, target string }{
		{"content/notices", "/etc"},
		{"content/notices/x.md", "/etc/passwd"},
		{"layouts/partials/header.html", "/etc/passwd"},
		{"config.yaml", "/etc/passwd"},
	} {
		link := filepath.Join(src, filepath.FromSlash(c.rel))
		os.MkdirAll(filepath.Dir(link), 0o755)
		if err := os.Symlink(c.target, link); err != nil {
			t.Skipf("cannot make a symbolic link: %v", err)
		}
		_, err := Run(Options{Source: src, Out: out, Now: now})
		want := c.rel + ": 错误：是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹"
		if err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %s", c.rel, err, want)
		}
		os.Remove(link)

		after := snapshot(t, out)
		if len(after) != len(before) {
			t.Fatalf("%s: output changed: %d files before, %d after", c.rel, len(before), len(after))
		}
		for name, data := range before {
			if after[name] != data {
				t.Fatalf("%s: %s changed by a failed build", c.rel, name)
			}
		}
	}
	line, _, _ := strings.Cut(string(passwd), "\n")
	for _, dir := range []string{src, filepath.Dir(out)} {
		for name, data := range snapshot(t, dir) {
			if strings.Contains(data, line) {
				t.Errorf("%s holds bytes of /etc/passwd", name)
			}
		}
	}
}

// TestFingerprintDistrustsLinks: an input that is a link gives no
// fingerprint, so a rebuild never takes the no-change shortcut on it.
func TestFingerprintDistrustsLinks(t *testing.T) {
	src := dataOnly(t)
	if fingerprint(src) == "" {
		t.Fatal("no fingerprint for a plain source")
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(src, "data", "commitments", "x.csv")); err != nil {
		t.Skipf("cannot make a symbolic link: %v", err)
	}
	if got := fingerprint(src); got != "" {
		t.Errorf("fingerprint %s of a source with a link", got)
	}
}
