package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// lockName is the file beside the generations that one build at a time
// holds locked (flock on Unix, LockFileEx on Windows). It holds the
// holder's process ID, start time and command line, so that a second
// build can say who is writing.
const lockName = "lock"

// lock is a held output lock; release it with unlock.
type lock struct{ f *os.File }

// acquire locks the generations folder gens. Without wait it fails at
// once, naming the process that holds the lock; with wait it blocks until
// that process is done. The lock is the operating system's: it is released
// when its holder exits, however it exits, so a killed build never leaves
// the output locked.
func acquire(gens, out string, wait bool, stop <-chan struct{}) (*lock, error) {
	f, err := os.OpenFile(filepath.Join(gens, lockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("无法创建锁文件 %s：%v", filepath.Join(gens, lockName), unwrap(err))
	}
	held, err := tryLock(f)
	if err == nil && !held && wait {
		held, err = waitLock(f, stop)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("无法锁定输出文件夹 %s：%v", out, err)
	}
	if !held && wait {
		f.Close()
		return nil, ErrStopped
	}
	if !held {
		holder := describeHolder(f)
		f.Close()
		return nil, &busyError{holder, out}
	}
	stamp := fmt.Sprintf("pid %d\nstarted %s\ncommand %s\n", os.Getpid(), time.Now().Format("2006-01-02 15:04:05"), strings.Join(os.Args, " "))
	// Write before truncating, so that a reader never sees an empty file
	// while the lock is held.
	if _, err := f.WriteAt([]byte(stamp), 0); err == nil {
		f.Truncate(int64(len(stamp)))
	}
	return &lock{f}, nil
}

// busyError says that another process holds the lock.
type busyError struct{ holder, out string }

func (e *busyError) Error() string {
	return fmt.Sprintf("另一个 creditsite 进程（%s）正在写入 %s；请等它结束后再试，或加 --wait 等它结束后自动继续", e.holder, e.out)
}

// ErrStopped is returned when the stop channel closed while waiting for
// another build to release the output.
var ErrStopped = errors.New("已停止等待，原有网站未改动")

// waitLock polls for the lock until it is granted or stop closes: a
// blocking lock call could not be interrupted by Ctrl+C.
func waitLock(f *os.File, stop <-chan struct{}) (held bool, err error) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return false, nil
		case <-tick.C:
			if held, err := tryLock(f); held || err != nil {
				return held, err
			}
		}
	}
}

// describeHolder reads what the holder wrote into the lock file. A holder
// that has only just taken the lock may not have written yet, so it looks
// again for up to a second before giving up.
func describeHolder(f *os.File) string {
	for wait := time.Duration(0); ; wait += 50 * time.Millisecond {
		fields := readStamp(f)
		if fields["command"] != "" {
			return fmt.Sprintf("进程 %s，%s 开始，命令 %s", fields["pid"], fields["started"], fields["command"])
		}
		if wait >= time.Second {
			return "进程号未知"
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// readStamp parses the "key value" lines of a lock file.
func readStamp(f *os.File) map[string]string {
	b := make([]byte, 4096)
	n, _ := f.ReadAt(b, 0)
	fields := map[string]string{}
	for _, line := range strings.Split(string(b[:n]), "\n") {
		if k, v, ok := strings.Cut(line, " "); ok {
			fields[k] = v
		}
	}
	return fields
}

// unlock releases the lock.
func (l *lock) unlock() {
	if l != nil && l.f != nil {
		// Cleared first, so that the next holder is never named by our stamp.
		l.f.Truncate(0)
		unlockFile(l.f)
		l.f.Close()
		l.f = nil
	}
}
