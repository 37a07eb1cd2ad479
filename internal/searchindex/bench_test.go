package searchindex

import (
	"sync"
	"testing"
)

// discard counts what Build writes and drops it.
type discard struct {
	mu    sync.Mutex
	bytes int
}

func (d *discard) WriteFile(_ string, data []byte) error {
	d.mu.Lock()
	d.bytes += len(data)
	d.mu.Unlock()
	return nil
}

// BenchmarkBuild is the index stage of a 10k/50k build: bleve indexing,
// reading back and export.
//
//	go test -run XXX -bench Build -benchmem ./internal/searchindex
func BenchmarkBuild(b *testing.B) {
	ds := generate(10000, 50000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(ds, &discard{}); err != nil {
			b.Fatal(err)
		}
	}
}
