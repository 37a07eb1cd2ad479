//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package serve

import (
	"os"
	"syscall"
)

// lock locks f for this process, waiting for a serve that is looking at it
// (see abandoned) to let go.
func lock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
}

// tryLock locks f if no running process holds it; the lock ends when f is
// closed.
func tryLock(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
