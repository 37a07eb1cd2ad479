//go:build unix

package output

import (
	"os"
	"path/filepath"
	"syscall"
)

// isMountPoint reports whether OUT is a folder on another file system than
// the folder holding it (a mounted disk, NFS or CIFS share, a bind mount):
// it cannot be replaced by a symlink, nor files renamed into it from
// beside it.
func (l layout) isMountPoint() bool {
	var out, parent syscall.Stat_t
	if syscall.Stat(l.out, &out) != nil || syscall.Stat(filepath.Dir(l.out), &parent) != nil {
		return false
	}
	fi, err := os.Lstat(l.out)
	return err == nil && fi.IsDir() && out.Dev != parent.Dev
}
