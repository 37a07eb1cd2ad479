package serve

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// tempPrefix names the preview's folders in os.TempDir, so that the next
// serve recognizes one left behind by a serve that was killed.
const tempPrefix = "creditsite-serve-"

// lockName is the file in a preview folder its serve keeps locked while it
// runs, holding the serve's process ID. The lock, unlike the ID, cannot
// outlive the process nor be mistaken for another process reusing the ID:
// the system releases it when the process ends, however it ends.
const lockName = "serve.lock"

// tempDir is the preview's folder, locked as in use by this process.
type tempDir struct {
	path string
	lock *os.File
}

// newTempDir creates os.TempDir()/creditsite-serve-*/ and locks it. The
// lock file is locked before the process ID is written into it: a folder
// whose lock file is empty may be one being set up, and is left alone.
func newTempDir() (*tempDir, error) {
	dir, err := os.MkdirTemp("", tempPrefix)
	if err != nil {
		return nil, fmt.Errorf("无法创建预览用的临时文件夹：%v", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		if err = lock(f); err == nil {
			_, err = fmt.Fprintf(f, "%d\n", os.Getpid())
		}
		if err != nil {
			f.Close()
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("无法锁定预览用的临时文件夹 %s：%v", dir, err)
	}
	return &tempDir{dir, f}, nil
}

// Remove unlocks and deletes the folder. Once unlocked, another serve may
// find it abandoned and delete it too, which is harmless.
func (t *tempDir) Remove() error {
	t.lock.Close()
	if err := os.RemoveAll(t.path); err != nil {
		return fmt.Errorf("无法删除预览用的临时文件夹 %s：%v", t.path, err)
	}
	return nil
}

// cleanStale deletes the preview folders of serves that ended without
// removing theirs (killed, or the machine lost power), saying so on log.
// A folder is deleted only when its lock file names a process and is not
// locked; on systems without file locks none is (see tryLock).
func cleanStale(log io.Writer) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	for _, dir := range dirs {
		if !abandoned(dir) {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(log, "无法删除上次预览留下的临时文件夹 %s：%v\n", dir, err)
			continue
		}
		fmt.Fprintf(log, "已删除上次预览未正常退出时留下的临时文件夹 %s\n", dir)
	}
}

// abandoned reports whether dir is a preview folder (a real folder, not a
// link to one) whose serve has ended.
func abandoned(dir string) bool {
	if st, err := os.Lstat(dir); err != nil || !st.IsDir() {
		return false
	}
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if !tryLock(f) {
		return false
	}
	pid, err := io.ReadAll(f)
	return err == nil && len(bytes.TrimSpace(pid)) > 0
}
