package output

import "golang.org/x/sys/unix"

// exchange swaps the names a and b in one step (renameat2 with
// RENAME_EXCHANGE): how a plain output folder becomes a symlink without a
// moment in which the output is missing.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
