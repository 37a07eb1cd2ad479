package searchindex

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"creditsite/internal/model"
)

// stubBase stands in for the site's _default/baseof.html: a header search
// form like the lead's, and the blocks search.html defines.
const stubBase = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{block "title" .}}{{end}}</title></head>
<body><header><form action="{{.Rel "search/"}}"><input name="q" aria-label="搜索"></form></header>
<main>{{block "main" .}}{{end}}</main></body></html>`

type page struct{ Root string }

func (p page) Rel(path string) string { return p.Root + path }

// buildSite writes a minimal site into dir: /search/ rendered from
// layouts/search.html, js/search.js, and the exported index.
func buildSite(t testing.TB, ds *model.Dataset, dir string) *Stats {
	t.Helper()
	tpl := template.Must(template.New("base").Parse(stubBase))
	template.Must(tpl.ParseFiles("../../layouts/search.html"))
	var b bytes.Buffer
	if err := tpl.ExecuteTemplate(&b, "base", page{Root: "../"}); err != nil {
		t.Fatal(err)
	}
	w := dirFiles(dir)
	js, err := os.ReadFile("../../layouts/static/js/search.js")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"search/index.html": b.Bytes(), "js/search.js": js} {
		if err := w.WriteFile(name, data); err != nil {
			t.Fatal(err)
		}
	}
	st, err := Build(ds, w)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// newBrowser starts headless Chromium, or skips the test when it is not
// installed (fails in CI, where it must be).
func newBrowser(t testing.TB) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is required in CI (apt-get install chromium)")
		}
		t.Skip("chromium not installed: skipping the browser test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// serve serves dir under /xyyc/, as on a portal's sub-path.
func serve(t testing.TB, dir string) string {
	mux := http.NewServeMux()
	mux.Handle("/xyyc/", http.StripPrefix("/xyyc/", http.FileServer(http.Dir(dir))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/xyyc/"
}

type shown struct {
	State, Summary, Text string
	Links                []string // result links, absolute
	Names                []string
	Marked               int // <mark> elements in result names
	Next                 bool
}

const readResults = `(() => {
  const r = document.getElementById('search-results');
  const hits = [...r.querySelectorAll('.search-hit a.search-name')];
  return {State: r.dataset.state, Summary: (r.querySelector('.search-summary') || {}).textContent || '',
    Text: r.textContent, Links: hits.map(a => a.href), Names: hits.map(a => a.textContent),
    Marked: r.querySelectorAll('.search-hit a.search-name mark').length, Next: !!r.querySelector('a[rel=next]')};
})()`

func waitDone(ctx context.Context) (shown, error) {
	wctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(`#search-results[data-state="done"]`))); err != nil {
		html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('search-results').outerHTML`))
		return shown{}, fmt.Errorf("%v; results: %.300s", err, html)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[shown](readResults))
}

func TestBrowserSearch(t *testing.T) {
	ds := smallDataset()
	dir := t.TempDir()
	buildSite(t, ds, dir)
	ctx := newBrowser(t)
	base := serve(t, dir)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	c1 := ds.Enterprises[ordByName(t, ds, "宜昌宏图餐饮管理有限公司")].Code
	c2 := ds.Enterprises[ordByName(t, ds, "远安宏图餐饮管理有限公司")].Code
	link := func(code string) string { return base + "enterprises/" + code + "/" }
	open := func(q string) shown {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?"+q)); err != nil {
			t.Fatal(err)
		}
		s, err := waitDone(ctx)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return s
	}
	has := func(s shown, code string) bool {
		for _, l := range s.Links {
			if l == link(code) {
				return true
			}
		}
		return false
	}

	s := open("q=" + url.QueryEscape("宜昌宏图餐饮管理有限公司"))
	if len(s.Links) == 0 || s.Links[0] != link(c1) || s.Names[0] != "宜昌宏图餐饮管理有限公司" {
		t.Errorf("full name: first result %v %v, want %s", s.Links, s.Names, link(c1))
	}
	s = open("q=" + url.QueryEscape("宏图餐饮"))
	if !has(s, c1) || !has(s, c2) || s.Marked < 2 || !strings.Contains(s.Summary, "找到") {
		t.Errorf("fragment: %+v", s)
	}
	s = open("q=" + url.QueryEscape("远安 宏图"))
	if len(s.Links) == 0 || s.Links[0] != link(c2) || has(s, c1) {
		t.Errorf("two words: %v", s.Links)
	}
	s = open("q=" + url.QueryEscape(fullWidth(strings.ToLower(c1))))
	if len(s.Links) != 1 || s.Links[0] != link(c1) {
		t.Errorf("full-width lower-case code: %v", s.Links)
	}
	prefix, n := c2[:8], 0
	for _, e := range ds.Enterprises {
		if strings.HasPrefix(e.Code, prefix) {
			n++
		}
	}
	s = open("q=" + prefix)
	if !strings.Contains(s.Summary, itoa(n)) || len(s.Links) != min(n, 10) {
		t.Errorf("code prefix %s: %q, %d links, want %d matches", prefix, s.Summary, len(s.Links), n)
	}
	s = open("q=" + url.QueryEscape("李娜"))
	if !has(s, c2) {
		t.Errorf("legal representative: %v", s.Links)
	}
	s = open("q=" + url.QueryEscape("宏图") + "&type=repair")
	if !has(s, c1) || has(s, c2) {
		t.Errorf("type filter: %v", s.Links)
	}
	s = open("q=" + url.QueryEscape("不存在的企业"))
	if len(s.Links) != 0 || !strings.Contains(s.Text, "没有找到") {
		t.Errorf("no match: %+v", s)
	}

	// Pagination through links and the back button, without reloads.
	s = open("q=" + url.QueryEscape("有限公司"))
	if !s.Next || len(s.Links) != 10 {
		t.Fatalf("有限公司: %d links, next %v", len(s.Links), s.Next)
	}
	first := s.Links[0]
	var loc string
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#search-results a[rel=next]`))); err != nil {
		t.Fatal(err)
	}
	s2, err := waitDone(ctx)
	if err == nil {
		loc, err = chromedp.Run(ctx, chromedp.Location())
	}
	if err != nil || s2.Links[0] == first || !strings.Contains(loc, "page=2") {
		t.Errorf("next page: %v, %s, first link %s", err, loc, s2.Links[0])
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("history.back(), true")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#search-results .search-hit a').href === `+jsString(first))); err != nil {
		t.Errorf("back button: %v", err)
	}
}

func ordByName(t testing.TB, ds *model.Dataset, name string) int {
	for i, e := range ds.Enterprises {
		if e.Name == name {
			return i
		}
	}
	t.Fatalf("no enterprise %s", name)
	return -1
}

// fullWidth writes ASCII letters and digits as their full-width forms.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7F {
			return r + 0xFEE0
		}
		return r
	}, s)
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }
