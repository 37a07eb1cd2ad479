//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package serve

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestServeRemovesTempFolderOnSIGTERM: a serve stopped by SIGTERM (as a
// service manager or `kill` stops it) removes its folder like one stopped
// by Ctrl+C.
func TestServeRemovesTempFolderOnSIGTERM(t *testing.T) {
	_, done := start(t, context.Background(), source(t))
	if len(previewFolders(t)) != 1 {
		t.Fatal("no preview folder")
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if dirs := previewFolders(t); len(dirs) != 0 {
		t.Errorf("left behind: %q", dirs)
	}
}

// preview makes a preview folder in os.TempDir with a lock file holding
// pid ("" for none) and a page.
func preview(t *testing.T, name, pid string) string {
	t.Helper()
	dir := filepath.Join(os.TempDir(), name)
	if err := os.MkdirAll(filepath.Join(dir, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "public", "index.html"), []byte("首页"), 0o644)
	if pid != "" {
		os.WriteFile(filepath.Join(dir, lockName), []byte(pid), 0o600)
	}
	return dir
}

// TestCleanStale: only the folder of a serve that has ended is deleted:
// not one whose lock is held (a running serve), nor one whose lock file is
// empty (a serve setting up) or missing, nor a link, nor other folders.
func TestCleanStale(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dead := preview(t, tempPrefix+"dead", "4242\n")
	running := preview(t, tempPrefix+"running", "4243\n")
	settingUp := preview(t, tempPrefix+"setup", "")
	os.WriteFile(filepath.Join(settingUp, lockName), nil, 0o600)
	noLock := preview(t, tempPrefix+"nolock", "")
	other := preview(t, "other-dead", "4244\n")
	elsewhere := t.TempDir()
	deadElsewhere := preview(t, "x", "4245\n")
	os.Rename(deadElsewhere, filepath.Join(elsewhere, "x"))
	link := filepath.Join(os.TempDir(), tempPrefix+"link")
	if err := os.Symlink(filepath.Join(elsewhere, "x"), link); err != nil {
		t.Fatal(err)
	}

	held, err := os.OpenFile(filepath.Join(running, lockName), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if err := lock(held); err != nil {
		t.Fatal(err)
	}

	var log bytes.Buffer
	cleanStale(&log)
	for _, dir := range []string{running, settingUp, noLock, other, link, filepath.Join(elsewhere, "x", "public")} {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s removed: %v", dir, err)
		}
	}
	if _, err := os.Stat(dead); err == nil {
		t.Errorf("%s kept", dead)
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if !slices.Equal(lines, []string{"已删除上次预览未正常退出时留下的临时文件夹 " + dead}) {
		t.Errorf("log %q", lines)
	}
}
