//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package serve

import "os"

// lock does nothing where flock is missing: a folder can then not be told
// to be in use, so tryLock never claims one and no folder is cleaned.
func lock(*os.File) error { return nil }

// tryLock reports false: without file locks a preview folder in use cannot
// be told from an abandoned one.
func tryLock(*os.File) bool { return false }
