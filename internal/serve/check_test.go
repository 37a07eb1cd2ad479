package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeShowsCheckReport: while the data has a refused row, /_check/
// shows it and every page carries a banner linking there; neither is ever
// written into the built site; once the row is fixed the banner goes.
func TestServeShowsCheckReport(t *testing.T) {
	// Real data only: sample data beside it is itself a problem.
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "data", "commitments"), 0o755)
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	os.WriteFile(filepath.Join(src, "content", "about.md"), []byte("---\ntitle: 关于\n---\n关于本站\n"), 0o644)
	bad := filepath.Join(src, "data", "commitments", "xiling.csv")
	row := "1,宜昌测试有限公司,张三,91420500MA4F4R53X0,主动公示型,依法诚信经营,%s,\n"
	header := "序号,企业名称,法定代表人,统一社会信用代码,信用承诺类型,信用承诺事项,做出信用承诺时间,其他\n"
	os.WriteFile(bad, []byte(header+strings.Replace(row, "%s", "2018-13-45", 1)), 0o644)
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

	os.WriteFile(bad, []byte(header+strings.Replace(row, "%s", "2018-12-17", 1)), 0o644)
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
