package content

import (
	"os"
	"path/filepath"
	"testing"
)

// source makes a content folder with one good page.
func source(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.MkdirAll(filepath.Join(dir, "notices"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notices", "a.md"), []byte("---\ntitle: 通知\n---\n正文\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// symlink makes rel under dir a link to target, skipping the test where
// links cannot be made (Windows without the privilege).
func symlink(t *testing.T, target, dir, rel string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
		t.Skipf("cannot make a symbolic link: %v", err)
	}
}

// refusedLoad fails the test unless loading dir fails with exactly want.
func refusedLoad(t *testing.T, dir, want string) {
	t.Helper()
	pages, err := Load(dir, false)
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %s", err, want)
	}
	if pages != nil {
		t.Fatalf("pages returned with the error: %v", pages)
	}
}

func TestLoads(t *testing.T) {
	pages, err := Load(source(t), false)
	if err != nil || len(pages) != 1 || pages[0].Path != "notices/a" || pages[0].File != "content/notices/a.md" {
		t.Fatalf("pages %v, %v", pages, err)
	}
	if pages, err := Load(filepath.Join(t.TempDir(), "content"), false); err != nil || pages != nil {
		t.Errorf("missing folder: %v, %v", pages, err)
	}
}

func TestRefusesLinkToFileOutside(t *testing.T) {
	dir := source(t)
	symlink(t, "/etc/passwd", dir, "notices/x.md")
	refusedLoad(t, dir, "content/notices/x.md: 错误：是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹")
}

func TestRefusesLinkToPageInside(t *testing.T) {
	dir := source(t)
	symlink(t, "a.md", dir, "notices/b.md")
	refusedLoad(t, dir, "content/notices/b.md: 错误：是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹")
}

func TestRefusesLinkToFolder(t *testing.T) {
	dir := source(t)
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "b.md"), []byte("别处的页面"), 0o644)
	symlink(t, other, dir, "more")
	refusedLoad(t, dir, "content/more: 错误：是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹")
}

func TestRefusesContentFolderThatIsALink(t *testing.T) {
	target := source(t)
	dir := filepath.Join(t.TempDir(), "content")
	symlink(t, target, filepath.Dir(dir), "content")
	refusedLoad(t, dir, "content: 错误：是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹")
}
