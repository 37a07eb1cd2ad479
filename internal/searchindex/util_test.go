package searchindex

import (
	"os"
	"path/filepath"
	"sync"
)

// memFiles is a FileWriter that keeps the files in memory.
type memFiles struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memFiles) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	m.files[name] = append([]byte(nil), data...)
	return nil
}

// dirFiles is a FileWriter that writes below a folder.
type dirFiles string

func (d dirFiles) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
