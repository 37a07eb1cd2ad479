package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"creditsite"
)

// defaults is the theme that comes with the program.
func defaults(t *testing.T) fs.FS {
	t.Helper()
	sub, err := fs.Sub(creditsite.Layouts, "layouts")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// symlink makes rel under dir a link to target, skipping the test where
// links cannot be made (Windows without the privilege).
func symlink(t *testing.T, target, dir, rel string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.Symlink(target, p); err != nil {
		t.Skipf("cannot make a symbolic link: %v", err)
	}
}

func TestSiteLayoutsOverrideDefaults(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "static", "css"), 0o755)
	os.WriteFile(filepath.Join(dir, "static", "css", "site.css"), []byte("body{}"), 0o644)
	th, err := Load(defaults(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := th.ReadStatic("static/css/site.css"); err != nil || string(b) != "body{}" {
		t.Errorf("static file %q, %v", b, err)
	}
}

func TestRefusesLinksInLayouts(t *testing.T) {
	for _, c := range []struct{ rel, target, want string }{
		{"partials/header.html", "/etc/passwd", "layouts/partials/header.html"},
		{"index.html", "page.html", "layouts/index.html"},
		{"static", "/etc", "layouts/static"},
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "page.html"), []byte(`{{define "main"}}{{end}}`), 0o644)
		symlink(t, c.target, dir, c.rel)
		_, err := Load(defaults(t), dir)
		want := c.want + ": 错误：是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹"
		if err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %s", c.rel, err, want)
		}
	}
}

func TestRefusesLayoutsFolderThatIsALink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "layouts")
	symlink(t, t.TempDir(), filepath.Dir(dir), "layouts")
	_, err := Load(defaults(t), dir)
	want := "layouts: 错误：是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}
