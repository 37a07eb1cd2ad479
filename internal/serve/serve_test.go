package serve

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
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

// source makes a source folder with sample data and content/about.md.
func source(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	if err := gen.Generate(gen.Options{Enterprises: 5, Commitments: 20, Seed: 1}).Write(filepath.Join(src, "data")); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	os.WriteFile(filepath.Join(src, "content", "about.md"), []byte("---\ntitle: 关于\n---\n第一版\n"), 0o644)
	return src
}

// start runs the preview of src on a free port with its temporary folders
// in a fresh os.TempDir, and returns its address and what Run returns.
func start(t *testing.T, ctx context.Context, src string) (string, <-chan error) {
	t.Helper()
	t.Setenv("TMPDIR", t.TempDir())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Source: src, Addr: "127.0.0.1:0", Log: io.Discard, Ready: func(u string) { ready <- u }})
	}()
	select {
	case base := <-ready:
		return base, done
	case err := <-done:
		t.Fatal(err)
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
	}
	return "", nil
}

// previewFolders lists the preview folders in os.TempDir.
func previewFolders(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// TestServeRebuildsOnChange starts the preview server on a free port,
// edits a content page and waits for the served page to change.
func TestServeRebuildsOnChange(t *testing.T) {
	src := source(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := start(t, ctx, src)
	if !strings.Contains(get(t, base+"about/"), "第一版") {
		t.Fatal("first build not served")
	}
	os.WriteFile(filepath.Join(src, "content", "about.md"), []byte("---\ntitle: 关于\n---\n第二版\n"), 0o644)
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

// TestServeRemovesItsTempFolder: the preview's folder, locked with the
// serve's process ID while it runs, is gone once Run returns; the preview
// is built for its own address, so it has a sitemap of URLs that work in it.
func TestServeRemovesItsTempFolder(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := start(t, ctx, source(t))
	dirs := previewFolders(t)
	if len(dirs) != 1 {
		t.Fatalf("preview folders %q, want one", dirs)
	}
	if pid, err := os.ReadFile(filepath.Join(dirs[0], lockName)); err != nil || string(pid) != strconv.Itoa(os.Getpid())+"\n" {
		t.Errorf("lock file holds %q, %v; want this process's ID", pid, err)
	}
	if !strings.Contains(get(t, base+"sitemap.xml"), "<loc>"+base+"about/</loc>") {
		t.Error("the preview's sitemap does not list its own address")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if dirs := previewFolders(t); len(dirs) != 0 {
		t.Errorf("left behind: %q", dirs)
	}
}

// site makes a built site's folder: pages, the site's 404.html, a folder
// without index.html and names that start with a dot.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"index.html":             "首页",
		"404.html":               "本站的404页",
		"stats/index.html":       "统计页",
		"css/site.css":           "body{}",
		"enterprises/X/files/a":  "附件",
		".creditsite":            "bookkeeping",
		".git/config":            "[core]",
		"stats/.draft.html":      "草稿",
		".well-known/index.html": "hidden index",
		"data/.hidden/x.json":    "{}",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// httptestServer serves h for the test and returns its address.
func httptestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestStaticSite: the preview answers as a static host: files and folder
// index pages are served; dot-files, dot-folders, folders without
// index.html and missing files answer 404 with the site's 404.html, never
// a listing; a folder named without its slash is redirected to it.
func TestStaticSite(t *testing.T) {
	srv := httptestServer(t, staticSite(site(t)))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, c := range []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "首页"},
		{"/stats/", 200, "统计页"},
		{"/stats/index.html", 200, "统计页"},
		{"/stats/index.html/", 404, "本站的404页"},
		{"/css/site.css/", 404, "本站的404页"},
		{"/css/site.css?v=1a2b", 200, "body{}"},
		{"/stats", 301, ""},
		{"/.creditsite", 404, "本站的404页"},
		{"/.git/config", 404, "本站的404页"},
		{"/.git/", 404, "本站的404页"},
		{"/%2Egit/config", 404, "本站的404页"},
		{"/stats/.draft.html", 404, "本站的404页"},
		{"/.well-known/", 404, "本站的404页"},
		{"/data/.hidden/x.json", 404, "本站的404页"},
		{"/stats/../.git/config", 404, "本站的404页"},
		{"/enterprises/", 404, "本站的404页"},
		{"/enterprises/X/files/", 404, "本站的404页"},
		{"/nothing/", 404, "本站的404页"},
		{"/../../etc/passwd", 404, "本站的404页"},
	} {
		resp, err := client.Get(srv + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.body) {
			t.Errorf("%s: %d %q, want %d with %q", c.path, resp.StatusCode, body, c.status, c.body)
		}
		if c.status == 301 && resp.Header.Get("Location") != c.path+"/" {
			t.Errorf("%s: redirected to %q", c.path, resp.Header.Get("Location"))
		}
	}
}

// TestStaticSiteWithout404Page: before a first good build there is no
// 404.html; missing pages still answer 404.
func TestStaticSiteWithout404Page(t *testing.T) {
	srv := httptestServer(t, staticSite(t.TempDir()))
	resp, err := http.Get(srv + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("status %d, want 404", resp.StatusCode)
	}
}
