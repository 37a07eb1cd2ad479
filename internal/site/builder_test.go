package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"creditsite/internal/memfiles"
	"creditsite/internal/model"
)

// TestAttachmentReplacedByLinkIsNotCopied: an attachment checked when the
// exports were read and replaced by a link before it is copied fails the
// build instead of publishing what the link points to.
func TestAttachmentReplacedByLinkIsNotCopied(t *testing.T) {
	passwd, err := os.ReadFile("/etc/passwd")
	if err != nil || len(passwd) == 0 {
		t.Skip("no /etc/passwd to point at")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "报告.pdf")
	if err := os.Symlink("/etc/passwd", file); err != nil {
		t.Skipf("cannot make a symbolic link: %v", err)
	}
	in := input(t, sample(t, 3, 5))
	e := in.Data.Enterprises[0]
	e.Attachments = append(e.Attachments, model.Attachment{Name: "报告.pdf", Path: file, Size: 5})
	var w memfiles.Files
	_, err = Build(in, &w)
	want := filepath.ToSlash(file) + ": 错误：是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %s", err, want)
	}
	line, _, _ := strings.Cut(string(passwd), "\n")
	for name, data := range w.Map() {
		if strings.Contains(string(data), line) {
			t.Errorf("%s holds bytes of /etc/passwd", name)
		}
	}
}
