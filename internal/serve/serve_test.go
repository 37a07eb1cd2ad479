package serve

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"creditsite/internal/gen"
)

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestServeRebuildsOnChange starts the preview server on a free port,
// edits a content page and waits for the served page to change.
func TestServeRebuildsOnChange(t *testing.T) {
	src := t.TempDir()
	if err := gen.Generate(gen.Options{Enterprises: 5, Commitments: 20, Seed: 1}).Write(filepath.Join(src, "data")); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	page := filepath.Join(src, "content", "about.md")
	os.WriteFile(page, []byte("---\ntitle: 关于\n---\n第一版\n"), 0o644)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Source: src, Addr: "127.0.0.1:0", Log: io.Discard, Ready: func(u string) { ready <- u }})
	}()
	var base string
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatal(err)
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
	}
	if !strings.Contains(get(t, base+"about/"), "第一版") {
		t.Fatal("first build not served")
	}
	os.WriteFile(page, []byte("---\ntitle: 关于\n---\n第二版\n"), 0o644)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(get(t, base+"about/"), "第二版") {
		if time.Now().After(deadline) {
			t.Fatal("edit not rebuilt within 20 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
