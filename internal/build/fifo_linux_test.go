//go:build linux

package build

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNamedPipeDoesNotHangBuild: a pipe nothing writes to, as a content
// page or among the exports, must neither hang the fingerprint nor the
// build. As a page it fails the build naming it.
func TestNamedPipeDoesNotHangBuild(t *testing.T) {
	src := dataOnly(t)
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	for _, rel := range []string{"content/x.md", "data/commitments/pipe.csv"} {
		if err := syscall.Mkfifo(filepath.Join(src, filepath.FromSlash(rel)), 0o644); err != nil {
			t.Skipf("cannot make a named pipe: %v", err)
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := Run(Options{Source: src, Out: filepath.Join(t.TempDir(), "public"), Now: now})
		done <- err
	}()
	select {
	case err := <-done:
		want := "content/x.md: 错误：不是普通文件"
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("error %v, want %s…", err, want)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the build hangs on a named pipe")
	}
}
