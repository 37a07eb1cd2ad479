// Package memfiles keeps written files in memory: the file writer of tests
// and benchmarks that build a site or a search index without a disk.
package memfiles

import (
	"fmt"
	"sync"
)

// Files is a file writer (site.Writer, searchindex.FileWriter) safe for
// concurrent use. The zero value is ready to use.
type Files struct {
	mu    sync.Mutex
	files map[string][]byte
}

// WriteFile keeps a copy of data as name. A build writes each file once,
// so writing a name again is an error.
func (f *Files) WriteFile(name string, data []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, dup := f.files[name]; dup {
		return fmt.Errorf("%s written twice", name)
	}
	if f.files == nil {
		f.files = map[string][]byte{}
	}
	f.files[name] = append([]byte(nil), data...)
	return nil
}

// Map returns the files written so far by name. The caller must not write
// more files while it uses the map.
func (f *Files) Map() map[string][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.files == nil {
		f.files = map[string][]byte{}
	}
	return f.files
}
