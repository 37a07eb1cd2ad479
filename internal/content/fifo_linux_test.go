//go:build linux

package content

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestRefusesNamedPipe: a pipe nothing writes to would hang a read.
func TestRefusesNamedPipe(t *testing.T) {
	dir := source(t)
	if err := syscall.Mkfifo(filepath.Join(dir, "notices", "x.md"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	refusedLoad(t, dir, "content/notices/x.md: 错误：不是普通文件（而是管道、设备或目录联接等），为安全起见不读取；请把文件本身放进文件夹")
}
