//go:build linux

package srcfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// mkfifo makes rel under dir a named pipe nothing ever writes to: opening
// it for reading in the ordinary way would wait forever.
func mkfifo(t *testing.T, dir, rel string) {
	t.Helper()
	if err := syscall.Mkfifo(filepath.Join(dir, rel), 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
}

// within fails the test when f does not return in time: a hang is the bug.
func within(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading a named pipe hangs")
	}
}

func TestRefusesNamedPipe(t *testing.T) {
	dir := t.TempDir()
	mkfifo(t, dir, "x.md")
	d, err := OpenFolder(dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	within(t, func() {
		_, err := d.ReadFile("x.md")
		refused(t, err, "content/x.md", reasonIrregular)
		refused(t, d.Walk(".", func(string) error { return nil }), "content/x.md", reasonIrregular)
	})
}

// TestPipeSwappedInIsNotWaitedOn: a regular file checked, then replaced by
// a named pipe before it is opened, neither hangs the open nor is read.
func TestPipeSwappedInIsNotWaitedOn(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "x.md", "checked")
	d, err := OpenFolder(dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	before, err := d.lstatPath("x.md")
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "x.md"))
	mkfifo(t, dir, "x.md")
	within(t, func() {
		_, err := d.openChecked("x.md", before)
		refused(t, err, "content/x.md", reasonReplaced)
	})
}
