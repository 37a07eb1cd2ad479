package visualtest

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"creditsite/internal/browsertest"
	"creditsite/internal/build"
)

//go:embed checks.js
var checks string

// viewport is a screen width the pages are looked at.
type viewport struct {
	width, height int64
	mobile        bool // a phone or tablet: the viewport meta tag applies, touch
	large         bool // with 大字版 (large text) chosen
}

// viewports are the widths of issue 19, and the narrowest with large text,
// which older readers choose. Each sets the text size itself (textSize):
// the choice is kept in localStorage, which the browser's tabs share.
var viewports = []viewport{{320, 640, true, false}, {390, 844, true, false}, {768, 1024, true, false}, {1366, 900, false, false}, {320, 640, true, true}}

// String names the viewport in subtests, messages and screenshot names.
func (v viewport) String() string {
	if v.large {
		return fmt.Sprintf("%d-large", v.width)
	}
	return fmt.Sprint(v.width)
}

// textSize chooses 大字版 or standard text as a reader does (site.js reads
// the choice on every page).
func (v viewport) textSize(t *testing.T, ctx context.Context, base string) {
	open(t, ctx, base)
	eval[bool](t, ctx, fmt.Sprintf(`localStorage.setItem('creditsite-large-text', '%s'), true`, map[bool]string{true: "1", false: "0"}[v.large]))
}

func (v viewport) emulate() chromedp.Action[chromedp.Void] {
	if v.mobile {
		return chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	return chromedp.EmulateViewport(v.width, v.height)
}

// Codes of enterprises in testdata/site whose pages are checked.
const (
	longName = "91420502MA4179198T" // 企业名称 of 50 characters, 承诺事项 of 120, an unbroken certificate number
	report   = "91420502MA4100005B" // the 峡江立润运输有限公司: an expired certificate and a credit report; 其他 empty in every commitment
	onlyText = "91420502MA4337571H" // no certificate, no 法定代表人: only 其他补充公示信息 with line breaks and a long link
)

// pages are one or more of every page kind, relative to the site root,
// with the name their screenshots are saved under.
var pages = []struct{ path, name string }{
	{"", "home"},
	{"disclosures/", "disclosures"},
	{"disclosures/unit/xiling/", "disclosures-unit"},
	{"commitments/", "commitments"},
	{"commitments/page/2/", "commitments-page2"},
	{"commitments/repair/", "commitments-type"},
	{"commitments/unit/yidu/", "commitments-unit"},
	{"enterprises/", "enterprises"},
	{"enterprises/" + longName + "/", "enterprise-long"},
	{"enterprises/" + report + "/", "enterprise-report"},
	{"enterprises/" + onlyText + "/", "enterprise-text"},
	{"search/?q=" + url.QueryEscape("有限公司"), "search"},
	{"stats/", "stats"},
	{"notices/", "notices"},
	{"notices/2018-26/", "notice"},
	{"about/", "about"},
	{"no-such-page/", "404"},
}

func TestLayouts(t *testing.T) {
	browser := browsertest.Start(t)
	base := browsertest.Serve(t, buildFixture(t), "/xyyc/")
	if dir := os.Getenv("SCREENSHOTS"); dir != "" {
		t.Logf("screenshots: %s/<page>-<width>.png", dir)
	} else {
		t.Log("set SCREENSHOTS=folder to save a screenshot of every page at every width")
	}
	for _, v := range viewports {
		t.Run(v.String(), func(t *testing.T) {
			ctx := browsertest.Tab(t, browser, 90*time.Second)
			if err := chromedp.Do(ctx, v.emulate()); err != nil {
				t.Fatal(err)
			}
			v.textSize(t, ctx, base)
			for _, p := range pages {
				open(t, ctx, base+p.path)
				browsertest.Screenshot(t, ctx, fmt.Sprintf("%s-%s", p.name, v))
				for _, problem := range eval[[]string](t, ctx, checks) {
					t.Errorf("/%s at %s px: %s", p.path, v, problem)
				}
			}
		})
	}
}

// TestChecksFindFaults: each rule of checks.js reports the fault it is for
// on testdata/faults.html, which has them on purpose (the list card of
// issue 19 among them), so a passing TestLayouts means something.
func TestChecksFindFaults(t *testing.T) {
	browser := browsertest.Start(t)
	base := browsertest.Serve(t, "testdata", "/")
	ctx := browsertest.Tab(t, browser, 30*time.Second)
	if err := chromedp.Do(ctx, viewports[1].emulate()); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, base+"faults.html")
	browsertest.Screenshot(t, ctx, "faults-390")
	got := strings.Join(eval[[]string](t, ctx, checks), "\n")
	for _, want := range []string{
		"overflow: the document is",
		`overflow: div.wide`,
		`narrow: "宜昌恒通商贸有限公司" in p takes 5 lines`,
		`label: "峡江立润运输有限公司信用报告（2023）"`,
		`date: "2024-03-04" in p is broken across 2 lines`,
		`chart: "1260" in svg is 6.9px high`,
		`chart: "2025-11" in svg is cut at the chart's edge`,
		`input: the placeholder "输入企业名称、名称中的词或统一社会信用代码"`,
		"search: 2 search boxes",
		`header: the button "大字版" is under the site name`,
		`heading: "报送单位" in table > thead > tr > th breaks inside a word: 报送单|位`,
		`space: the cards of table.records.sparse are`,
		`font: "信用代码：91420502MA4100005B" in p.code is set in monospace`,
		`font: table.records.mono > tbody > tr > td.code::before "信用代码" is set in monospace`,
		`font: the text of input.code "统一社会信用代码" is set in monospace`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("checks do not report %q; they report:\n%s", want, got)
		}
	}
	// 亮信用企业 breaks between two words, where its <wbr> allows.
	for _, fine := range []string{"div.scroller", "上一页", "visually-hidden", "亮信用企业", "统一社会信用代码："} {
		if strings.Contains(got, fine) {
			t.Errorf("checks report %q, which is allowed:\n%s", fine, got)
		}
	}
}

// buildFixture builds testdata/site as staff would, on a fixed day (so
// that the certificate ending 2024-03-04 is expired), and returns the
// published folder.
func buildFixture(t *testing.T) string {
	t.Helper()
	src, err := filepath.Abs("testdata/site")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	var log strings.Builder
	if _, err := build.Run(build.Options{Source: src, Out: out, Now: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC), Log: &log}); err != nil {
		t.Fatal(err)
	}
	t.Logf("fixture site built:\n%s", log.String())
	return out
}

// open loads a page and, on the search page, waits for its results.
func open(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("loading %s: %v", u, err)
	}
	if !strings.Contains(u, "/search/") {
		return
	}
	finished := chromedp.Poll[bool](`['done', 'error'].includes(document.getElementById('search-results')?.dataset.state)`)
	if _, err := chromedp.Run(ctx, finished); err != nil {
		t.Fatalf("%s: search did not finish: %v", u, err)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('.search-hit').length`); n == 0 {
		t.Fatalf("%s: no search results to look at", u)
	}
}

// eval runs a script on the page of ctx and decodes its result.
func eval[T any](t *testing.T, ctx context.Context, script string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script))
	if err != nil {
		t.Fatalf("running the checks: %v", err)
	}
	return v
}
