//go:build unix

package srcfile

import "syscall"

// openFlags open without waiting: opening a named pipe for reading
// otherwise blocks until something writes to it. Reading a regular file
// is not affected.
const openFlags = syscall.O_NONBLOCK
