// Package browsertest holds what every browser test of the project shares:
// starting Chromium (or Chrome) headless through chromedp, serving a built
// site from a folder under a sub-path as a government portal would, and
// saving screenshots for a person to look at.
//
// A test that needs something this machine lacks (the browser, an npm
// package) is skipped with a message saying how to get it, except in CI
// (env CI set), where it fails: CI must never pass by testing nothing.
package browsertest

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumNames are the commands Chromium and Chrome install as on
// Debian, Ubuntu and Fedora, tried in order on PATH.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// ChromiumPath returns the browser to test with: $CHROME_PATH when set
// (macOS and Windows install it outside PATH), else the first of
// chromiumNames on PATH; "" when there is none.
func ChromiumPath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// SkipMarker starts the line Missing logs for a skipped test, which
// cmd/testsummary counts so that skips are seen, not just an "ok".
const SkipMarker = "browsertest: skipped: "

// Missing skips t, or fails it in CI, because what names is not installed;
// hint says how to install it.
func Missing(t testing.TB, what, hint string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing (%s); CI must run this test", what, hint)
	}
	t.Skipf("%s%s not found (%s)", SkipMarker, what, hint)
}

// Need returns the contents of file, or calls Missing when it does not exist.
func Need(t testing.TB, file, hint string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		Missing(t, file, hint)
	} else if err != nil {
		t.Fatal(err)
	}
	return data
}

// Options are the allocator options of every headless Chromium the
// project starts: the browser at path, a fresh profile in profileDir, and
// no background traffic that would disturb a test or a measurement.
func Options(path, profileDir string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profileDir),
	)
}

// Start launches a headless Chromium with a fresh profile and returns its
// browser context; the browser closes when t ends. Pass the result to Tab.
func Start(t testing.TB) context.Context {
	t.Helper()
	browser := ChromiumPath()
	if browser == "" {
		Missing(t, "Chromium", "apt-get install chromium, or set CHROME_PATH")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), Options(browser, t.TempDir())...)
	ctx, cancel := chromedp.NewContext(actx)
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("starting %s: %v", browser, err)
	}
	t.Cleanup(func() {
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		defer ccancel()
		chromedp.Cancel(cctx)
		cancel()
		cancelAlloc()
	})
	return ctx
}

// Tab opens a new tab in browser. Every action on it must finish within
// timeout, so a page that hangs fails the test instead of stalling it.
func Tab(t testing.TB, browser context.Context, timeout time.Duration) context.Context {
	t.Helper()
	tab, closeTab := chromedp.NewContext(browser)
	if err := chromedp.Do(tab); err != nil {
		closeTab()
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, timeout)
	t.Cleanup(func() {
		cancel()
		closeTab()
	})
	return ctx
}

// Serve serves the files of dir at http://127.0.0.1:PORT/prefix/ and
// returns that URL (ending in a slash). Like a static server configured for
// the site, a missing file gets dir/404.html with status 404.
func Serve(t testing.TB, dir, prefix string) string {
	t.Helper()
	prefix = "/" + strings.Trim(prefix, "/") + "/"
	if prefix == "//" {
		prefix = "/"
	}
	files := http.FileServer(http.Dir(dir))
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !exists(dir, r.URL.Path) {
			notFound(w, dir)
			return
		}
		files.ServeHTTP(w, r)
	})))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + prefix
}

// exists reports whether urlPath names a file of dir, or a folder of dir
// holding an index.html.
func exists(dir, urlPath string) bool {
	name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+urlPath)))
	st, err := os.Stat(name)
	if err == nil && st.IsDir() {
		_, err = os.Stat(filepath.Join(name, "index.html"))
	}
	return err == nil
}

func notFound(w http.ResponseWriter, dir string) {
	page, err := os.ReadFile(filepath.Join(dir, "404.html"))
	if err != nil {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(page)
}

// Screenshot saves a full-page PNG of the tab as $SCREENSHOTS/name.png
// when the env var SCREENSHOTS names a folder; otherwise it does nothing.
func Screenshot(t testing.TB, tab context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
