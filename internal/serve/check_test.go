package serve

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"creditsite/internal/browsertest"
)

// TestServeShowsCheckReport: while the data has a refused row, /_check/
// shows it and every page carries a banner linking there; neither is ever
// written into the built site; once the row is fixed the banner goes.
func TestServeShowsCheckReport(t *testing.T) {
	src, bad := badDateSource(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := start(t, ctx, src)

	report := get(t, base+"_check/")
	for _, want := range []string{"data/commitments/xiling.csv:2", "2018-13-45", "怎么改"} {
		if !strings.Contains(report, want) {
			t.Errorf("/_check/ lacks %q", want)
		}
	}
	for _, page := range []string{"", "about/", "no-such-page/"} {
		if !strings.Contains(get(t, base+page), `<a href="/_check/"`) {
			t.Errorf("/%s has no banner linking to /_check/", page)
		}
	}
	assertNotPublished(t)

	os.WriteFile(bad, []byte(commitments("2018-12-17")), 0o644)
	deadline := time.Now().Add(20 * time.Second)
	for strings.Contains(get(t, base), "creditsite-check-banner") {
		if time.Now().After(deadline) {
			t.Fatalf("banner still shown 20 s after the data was fixed:\n%s", get(t, base+"_check/"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(get(t, base+"_check/"), "没有发现问题") {
		t.Error("/_check/ does not say the data is now clean")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// badDateSource is a source folder of real data only (sample data beside
// it is itself a problem) whose one commitment has an impossible date; bad
// is that file.
func badDateSource(t *testing.T) (src, bad string) {
	src = t.TempDir()
	os.MkdirAll(filepath.Join(src, "data", "commitments"), 0o755)
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	os.WriteFile(filepath.Join(src, "content", "about.md"), []byte("---\ntitle: 关于\n---\n关于本站\n"), 0o644)
	bad = filepath.Join(src, "data", "commitments", "xiling.csv")
	os.WriteFile(bad, []byte(commitments("2018-13-45")), 0o644)
	return src, bad
}

// commitments is a 附件3 export of one row made on date.
func commitments(date string) string {
	return "序号,企业名称,法定代表人,统一社会信用代码,信用承诺类型,信用承诺事项,做出信用承诺时间,其他\n" +
		"1,宜昌测试有限公司,张三,91420500MA4F4R53X0,主动公示型,依法诚信经营," + date + ",\n"
}

// The banner shows on top of a preview page at desktop and phone widths,
// and its link leads to the report.
func TestBannerInBrowser(t *testing.T) {
	src, _ := badDateSource(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, _ := start(t, ctx, src)
	browser := browsertest.Start(t)
	for _, width := range []int64{1366, 390} {
		tab := browsertest.Tab(t, browser, 30*time.Second)
		err := chromedp.Do(tab, chromedp.EmulateViewport(width, 800), chromedp.Navigate(base), chromedp.WaitVisible("#creditsite-check-banner"))
		if err != nil {
			t.Fatal(err)
		}
		browsertest.Screenshot(t, tab, fmt.Sprintf("serve-banner-%d", width))
		href, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("#creditsite-check-banner a").href`))
		if err != nil || href != base+"_check/" {
			t.Fatalf("%d px: the banner links to %q, %v", width, href, err)
		}
		if err := chromedp.Do(tab, chromedp.Navigate(href)); err != nil {
			t.Fatal(err)
		}
		marked, err := chromedp.Run(tab, chromedp.Evaluate[float64](`(document.querySelector("dd.mark") || {offsetHeight: 0}).offsetHeight`))
		if err != nil || marked == 0 {
			t.Fatalf("%d px: the report shows no marked cell (%v)", width, err)
		}
		title, err := chromedp.Run(tab, chromedp.Title())
		if err != nil || title != "数据检查报告" {
			t.Errorf("%d px: title %q, %v", width, title, err)
		}
	}
}

// assertNotPublished fails if the preview's built site holds the report
// or the banner.
func assertNotPublished(t *testing.T) {
	t.Helper()
	for _, dir := range previewFolders(t) {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if strings.Contains(p, "_check") {
				t.Errorf("the report was written into the site: %s", p)
			}
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "creditsite-check-banner") {
				t.Errorf("the banner was written into %s", p)
			}
			return nil
		})
	}
}
