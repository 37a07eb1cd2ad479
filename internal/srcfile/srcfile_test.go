package srcfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// write creates the file rel under dir with its folders.
func write(t *testing.T, dir, rel, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// symlink makes rel under dir a link to target, skipping the test where
// links cannot be made (Windows without the privilege).
func symlink(t *testing.T, target, dir, rel string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
		t.Skipf("cannot make a symbolic link: %v", err)
	}
}

// refused fails the test unless err is an *Error naming file for reason.
func refused(t *testing.T, err error, file, reason string) {
	t.Helper()
	var se *Error
	if !errors.As(err, &se) || se.File != file || se.Reason != reason {
		t.Fatalf("error %v, want %s refused: %s", err, file, reason)
	}
}

func TestMessageForm(t *testing.T) {
	err := &Error{"content/notices/x.md", reasonLink}
	want := "content/notices/x.md: 错误：是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹"
	if err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
}

func TestReadsRegularFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "content/notices/a.md", "通知")
	write(t, dir, "content/about.md", "关于")
	d, err := OpenFolder(filepath.Join(dir, "content"), "content")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var names []string
	if err := d.Walk(".", func(name string) error { names = append(names, name); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"about.md", "notices/a.md"}) {
		t.Errorf("walked %q", names)
	}
	if b, err := d.ReadFile("notices/a.md"); err != nil || string(b) != "通知" {
		t.Errorf("read %q, %v", b, err)
	}
	if err := d.Walk("missing", func(string) error { t.Error("called"); return nil }); err != nil {
		t.Errorf("missing start: %v", err)
	}
	if _, err := d.ReadFile("missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestRefusesLinks(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "content/real/a.md", "inside")
	symlink(t, "/etc/passwd", dir, "content/outside.md")
	d, err := OpenFolder(filepath.Join(dir, "content"), "content")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	b, err := d.ReadFile("outside.md")
	refused(t, err, "content/outside.md", reasonLink)
	if len(b) != 0 {
		t.Fatal("bytes of the link's target were returned")
	}
	refused(t, d.Walk(".", func(string) error { return nil }), "content/outside.md", reasonLink)
	refused(t, d.Walk("outside.md", func(string) error { return nil }), "content/outside.md", reasonLink)

	// A link pointing inside the folder is refused all the same, whether it
	// stands for a file or a folder, and wherever it is on the path.
	os.Remove(filepath.Join(dir, "content", "outside.md"))
	symlink(t, "real/a.md", dir, "content/inside.md")
	symlink(t, "real", dir, "content/linked")
	_, err = d.ReadFile("inside.md")
	refused(t, err, "content/inside.md", reasonLink)
	_, err = d.ReadFile("linked/a.md")
	refused(t, err, "content/linked", reasonLink)
	refused(t, d.Walk("linked", func(string) error { return nil }), "content/linked", reasonLink)
}

func TestOpenFolderRefusesLinkAndFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "elsewhere/a.md", "x")
	write(t, dir, "layouts", "not a folder")
	symlink(t, filepath.Join(dir, "elsewhere"), dir, "content")
	_, err := OpenFolder(filepath.Join(dir, "content"), "content")
	refused(t, err, "content", reasonLink)
	_, err = OpenFolder(filepath.Join(dir, "layouts"), "layouts")
	refused(t, err, "layouts", reasonNotFolder)
	if _, err := OpenFolder(filepath.Join(dir, "missing"), "missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
}

func TestOpenSourceFollowsItsOwnLink(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "real/config.yaml", "title: x\n")
	symlink(t, "real", dir, "source")
	d, err := OpenSource(filepath.Join(dir, "source"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if b, err := d.ReadFile("config.yaml"); err != nil || string(b) != "title: x\n" {
		t.Errorf("read %q, %v", b, err)
	}
	os.Mkdir(filepath.Join(dir, "real", "folder.yaml"), 0o755)
	_, err = d.ReadFile("folder.yaml")
	refused(t, err, "folder.yaml", reasonNotFile)
}

// TestRefusesFileReplacedAfterCheck replaces the checked file with another
// before opening it, as a swap between the check and the open would.
func TestRefusesFileReplacedAfterCheck(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.md", "checked")
	write(t, dir, "b.md", "swapped in")
	d, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	before, err := d.lstatPath("a.md")
	if err != nil {
		t.Fatal(err)
	}
	os.Rename(filepath.Join(dir, "b.md"), filepath.Join(dir, "a.md"))
	_, err = d.openChecked("a.md", before)
	refused(t, err, "a.md", reasonReplaced)
}

func TestReadFileOfAttachment(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "attachments/X/a.pdf", "%PDF-")
	if b, err := ReadFile(filepath.Join(dir, "attachments", "X", "a.pdf")); err != nil || string(b) != "%PDF-" {
		t.Errorf("read %q, %v", b, err)
	}
	symlink(t, "/etc/passwd", dir, "attachments/X/b.pdf")
	_, err := ReadFile(filepath.Join(dir, "attachments", "X", "b.pdf"))
	refused(t, err, filepath.ToSlash(filepath.Join(dir, "attachments", "X", "b.pdf")), reasonLink)
}
