package browsertest

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func site(t *testing.T) string {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.MkdirAll(filepath.Join(dir, "empty"), 0o755)
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!DOCTYPE html><title>首页</title><p>home"), 0o644)
	os.WriteFile(filepath.Join(dir, "a", "index.html"), []byte("<!DOCTYPE html><title>A</title>"), 0o644)
	os.WriteFile(filepath.Join(dir, "404.html"), []byte("<!DOCTYPE html><title>页面不存在</title>"), 0o644)
	return dir
}

func TestServeUnderSubPath(t *testing.T) {
	base := Serve(t, site(t), "xyyc")
	for path, want := range map[string]int{"": 200, "a/": 200, "a": 301, "missing/": 404, "empty/": 404} {
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: status %d, want %d", path, resp.StatusCode, want)
		}
		if want == 404 && string(body) != "<!DOCTYPE html><title>页面不存在</title>" {
			t.Errorf("GET %s: body %q is not 404.html", path, body)
		}
	}
	resp, err := http.Get(base[:len(base)-len("xyyc/")] + "index.html")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("a file outside the sub-path was served (status %d)", resp.StatusCode)
	}
}

func TestBrowserLoadsServedPage(t *testing.T) {
	base := Serve(t, site(t), "/xyyc/")
	tab := Tab(t, Start(t), 20*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(tab, chromedp.Title())
	if err != nil || title != "首页" {
		t.Fatalf("title %q, %v", title, err)
	}
	dir := t.TempDir()
	t.Setenv("SCREENSHOTS", dir)
	Screenshot(t, tab, "home")
	if png, err := os.ReadFile(filepath.Join(dir, "home.png")); err != nil || string(png[1:4]) != "PNG" {
		t.Fatalf("no PNG screenshot written: %v", err)
	}
}
