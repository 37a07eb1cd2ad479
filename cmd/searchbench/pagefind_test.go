package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"creditsite/internal/browsertest"
	"creditsite/internal/build"
)

// stubPagefind stands for Pagefind's pagefind.js: any query finds the
// two enterprises of the code list, the first excerpt marked.
const stubPagefind = `export async function options() {}
export async function init() {}
export async function search(q) {
  const codes = ['91420500MA0000001A', '91420500MA0000002B'];
  return {results: codes.map((c, i) => ({data: async () => ({url: '/xyyc/enterprises/' + c + '/', meta: {title: '宜昌示范' + i + '有限公司'}, excerpt: '<mark>' + q + '</mark>'})}))};
}
`

// TestPagefindSitePage builds the repository's sample site, puts
// Pagefind (a stand-in module) in place of creditsite's search on its
// search page, and opens the page in Chromium as the benchmark does: the
// page keeps the site's style sheet, header and form, loads none of
// creditsite's search, and the measurement reads Pagefind's results.
func TestPagefindSitePage(t *testing.T) {
	if browsertest.ChromiumPath() == "" {
		browsertest.Missing(t, "Chromium", "apt-get install chromium, or set CHROME_PATH")
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Source: "../..", Out: out, BaseURL: "/xyyc/", Now: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	own, err := os.ReadFile(filepath.Join(out, "search", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := pagefindSitePage(own)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`css/site.css`, `class="site-header"`, `id="search-form"`, `js/site.js`, `import('../pagefind/pagefind.js')`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	for _, gone := range []string{`modulepreload`, `js/search/ui.js`, `search-meta`} {
		if strings.Contains(string(page), gone) {
			t.Errorf("the page still has %s", gone)
		}
	}
	if _, err := pagefindSitePage([]byte(pagefindPage)); err == nil {
		t.Error("a page without creditsite's search was taken for the site's search page")
	}

	os.MkdirAll(filepath.Join(out, "pagefind-site"), 0o755)
	os.MkdirAll(filepath.Join(out, "pagefind"), 0o755)
	os.WriteFile(filepath.Join(out, "pagefind-site", "index.html"), page, 0o644)
	os.WriteFile(filepath.Join(out, "pagefind", "pagefind.js"), []byte(stubPagefind), 0o644)
	base := browsertest.Serve(t, out, "/xyyc/")
	browser, stop, err := startBrowser(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	tab, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer closeTab()
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	got, done, err := open(ctx, base+"pagefind-site/?q="+"示范", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"91420500MA0000001A", "91420500MA0000002B"}; !reflect.DeepEqual(got.Exact, want) || got.PF == nil || done <= 0 {
		t.Errorf("results %v (want %v), timings %+v, done at %.0f ms", got.Exact, want, got.PF, done)
	}
	styled, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.search-hit .code')).fontFamily + '|' + document.getElementById('search-q').value`))
	if err != nil || !strings.Contains(styled, "monospace") || !strings.HasSuffix(styled, "|示范") {
		t.Errorf("results not styled by the site's style sheet, or the box not filled: %q, %v", styled, err)
	}
}
