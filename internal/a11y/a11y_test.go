package a11y

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"creditsite"
	"creditsite/internal/browsertest"
	"creditsite/internal/config"
	"creditsite/internal/content"
	"creditsite/internal/gen"
	"creditsite/internal/model"
	"creditsite/internal/output"
	"creditsite/internal/render"
	"creditsite/internal/searchindex"
	"creditsite/internal/site"
)

// axePath is axe-core as `npm ci` installs it at the repository root.
const axePath = "../../node_modules/axe-core/axe.min.js"

// enterprisePage stands for the URL of the richest enterprise page.
const enterprisePage = "enterprises/*/"

// pages are the pages every check visits, relative to the site root: one
// of each template. Search and stats join when their builders are merged.
var pages = []string{"", "disclosures/", "commitments/", "commitments/page/2/", enterprisePage, "enterprises/", "about/", "notices/", "notices/2018-26/", "stats/", "search/", searchPage, "404.html"}

// searchPage is a search with results, facets and pagination on screen.
const searchPage = "search/?q=%E5%85%AC%E5%8F%B8"

// viewport is a screen the checks look at pages on.
type viewport struct {
	name          string
	width, height int64
	phone         bool
}

var (
	desktop   = viewport{"desktop", 1366, 900, false}
	phone     = viewport{"phone", 390, 844, true}
	viewports = []viewport{desktop, phone}
)

func (v viewport) emulate() chromedp.Action[chromedp.Void] {
	if v.phone {
		return chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	return chromedp.EmulateViewport(v.width, v.height)
}

// screenshots are the pages saved under $SCREENSHOTS for a person to review.
var screenshots = map[string]string{"": "home", "commitments/": "commitments", enterprisePage: "enterprise"}

// fixture is a built site served under a sub-path, and a browser.
type fixture struct {
	base       string // URL of the site root, ending in /
	enterprise string // path of the enterprise page checked
	browser    context.Context
	axe        string // axe.min.js, injected into each page checked
}

// path returns the page p with the enterprise placeholder resolved.
func (f *fixture) path(p string) string {
	if p == enterprisePage {
		return f.enterprise
	}
	return p
}

func TestTheme(t *testing.T) {
	start := time.Now()
	f := setup(t)
	t.Logf("site built and browser started in %v", time.Since(start).Round(time.Millisecond))
	t.Run("axe", f.testAxe)
	t.Run("axe while typing", f.testAxeTyping)
	t.Run("skip link", f.testSkipLink)
	t.Run("keyboard", f.testKeyboard)
	t.Run("large text", f.testLargeText)
	t.Run("line height", f.testLineHeight)
	t.Run("print", f.testPrint)
}

func setup(t *testing.T) *fixture {
	axe := browsertest.Need(t, axePath, "run `npm ci` at the repository root")
	browser := browsertest.Start(t)
	dir, ent := buildSite(t)
	base := browsertest.Serve(t, dir, "/xyyc/")
	return &fixture{base: base, enterprise: ent, browser: browser, axe: string(axe)}
}

// buildSite builds a site from generated data with the embedded theme,
// the way staff publish it under a sub-path, and returns its folder and
// the path of the enterprise page with the most to show.
func buildSite(t *testing.T) (string, string) {
	ds := gen.Generate(gen.Options{Enterprises: 60, Commitments: 400, Seed: 1}).Dataset()
	rich := richest(ds.Enterprises)
	attachment := filepath.Join(t.TempDir(), "信用报告.pdf")
	os.WriteFile(attachment, []byte("%PDF-1.4\n"), 0o644)
	rich.Attachments = []model.Attachment{{Name: "信用报告.pdf", Path: attachment, Size: 9}}

	cfg := config.Default()
	cfg.BaseURL = "/xyyc/"
	cfg.SampleData = true
	layouts, err := fs.Sub(creditsite.Layouts, "layouts")
	if err != nil {
		t.Fatal(err)
	}
	theme, err := render.Load(layouts, "")
	if err != nil {
		t.Fatal(err)
	}
	in := &site.Input{Config: cfg, Data: ds, Pages: contentPages(t), Theme: theme,
		Today: model.Date{Year: 2026, Month: 11, Day: 26}, Built: "2026-11-26 08:00"}
	out := filepath.Join(t.TempDir(), "public")
	d, err := output.Open(out, output.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.Build(in, d); err != nil {
		t.Fatal(err)
	}
	if _, err := searchindex.Build(ds, d); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return out, "enterprises/" + rich.Code + "/"
}

// richest returns the enterprise with both kinds of records and the most
// commitments, so its page shows every part of the template.
func richest(es []*model.Enterprise) *model.Enterprise {
	var best *model.Enterprise
	for _, e := range es {
		if len(e.Disclosures) > 0 && (best == nil || len(e.Commitments) > len(best.Commitments)) {
			best = e
		}
	}
	return best
}

// contentPages are an about page with the Markdown staff write (headings,
// lists, a table, links) and a notice, so the home page lists notices.
func contentPages(t *testing.T) []*content.Page {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "notices"), 0o755)
	os.WriteFile(filepath.Join(dir, "about.md"), []byte(`---
title: 关于本专栏
weight: 1
---
本专栏依据宜信用办〔2018〕26号通知设立，公示企业主动补充的信用信息和信用承诺。

## 公示内容

1. 企业亮信用：资质证书、信用报告等补充公示信息；
2. 信用承诺：审批替代型、行业自律型、主动型和信用修复型承诺。

| 栏目 | 年度目标 |
|---|---|
| 企业亮信用 | 不少于 100 家企业 |
| 信用承诺 | 不少于 5,000 条 |

> 企业对其公示信息的真实性负责。

如发现公示信息有误，请联系[报送单位](../disclosures/)。
`), 0o644)
	os.WriteFile(filepath.Join(dir, "notices", "2018-26.md"), []byte("---\ntitle: 关于开展“诚信建设万里行”活动的通知\ndate: 2018-12-17\n---\n正文。\n"), 0o644)
	pages, err := content.Load(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// tab opens a tab that fails the test on a JavaScript error or a dialog
// (no pop-ups on a government site). Its deadline only guards against a
// hang: one tab checks every page, which takes minutes on a loaded machine.
func (f *fixture) tab(t *testing.T) context.Context {
	t.Helper()
	ctx := browsertest.Tab(t, f.browser, 3*time.Minute)
	var mu sync.Mutex
	var problems []string
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			if d.Exception != nil && d.Exception.Description != "" {
				d.Text += " " + d.Exception.Description
			}
			problems = append(problems, fmt.Sprintf("JavaScript error at %s:%d: %s", d.URL, d.LineNumber+1, d.Text))
		case *page.EventJavascriptDialogOpening:
			problems = append(problems, fmt.Sprintf("dialog (%s) opened: %q", ev.Type, ev.Message))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Error(p)
		}
	})
	return ctx
}

func (f *fixture) open(t *testing.T, ctx context.Context, p string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(f.base+p)); err != nil {
		t.Fatalf("loading /%s: %v", p, err)
	}
	if strings.HasPrefix(p, "search/") {
		// Results render after the index files load: check the finished page.
		finished := chromedp.Poll[bool](`['done', 'error'].includes(document.getElementById('search-results')?.dataset.state)`)
		_, err := chromedp.Run(ctx, finished)
		if err != nil && strings.Contains(err.Error(), "Cannot find context") {
			_, err = chromedp.Run(ctx, finished) // the old page's context went away under the poll: ask the new one
		}
		if err != nil {
			t.Fatalf("/%s: search did not finish: %v", p, err)
		}
		if state := eval[string](t, ctx, `document.getElementById('search-results').dataset.state`); state != "done" {
			t.Fatalf("/%s: search ended %q: %s", p, state, eval[string](t, ctx, `document.getElementById('search-results').textContent`))
		}
	}
}

// eval runs a script on the page of ctx and decodes its result.
func eval[T any](t *testing.T, ctx context.Context, script string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", firstLine(script), err)
	}
	return v
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// axeResult is the part of axe.run's result the check reads.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
}

// structure are the axe rules (best practices, not WCAG criteria) that say
// whether a page has the landmarks and headings a screen reader user
// navigates by. Any violation of them fails, whatever its impact.
var structure = map[string]bool{
	"landmark-one-main": true, "region": true, "page-has-heading-one": true, "heading-order": true,
	"landmark-unique": true, "landmark-no-duplicate-banner": true, "landmark-no-duplicate-contentinfo": true,
	"landmark-banner-is-top-level": true, "landmark-contentinfo-is-top-level": true, "landmark-main-is-top-level": true,
}

const runAxe = `axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
  resultTypes: ['violations'],
})`

// testAxe runs axe-core on every page at every viewport and fails listing
// every serious or critical violation and every structure violation.
func (f *fixture) testAxe(t *testing.T) {
	for _, v := range viewports {
		t.Run(v.name, func(t *testing.T) {
			ctx := f.tab(t)
			if err := chromedp.Do(ctx, v.emulate()); err != nil {
				t.Fatal(err)
			}
			for _, entry := range pages {
				p := f.path(entry)
				f.open(t, ctx, p)
				if name, ok := screenshots[entry]; ok {
					browsertest.Screenshot(t, ctx, fmt.Sprintf("%s-%d", name, v.width))
				}
				f.checkAxe(t, ctx, "/"+p)
			}
		})
	}
}

// activeElement describes the focused element for messages and checks.
const activeElement = `(() => {
  const el = document.activeElement, cs = getComputedStyle(el), r = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: (el.textContent || el.value || '').trim().slice(0, 30),
    inMain: !!el.closest('main'), outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
    visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth}
})()`

type focused struct {
	Tag, ID, Cls, Text string
	InMain             bool
	Outline, Visible   bool
}

func (e focused) String() string {
	return fmt.Sprintf("<%s id=%q class=%q> %q", e.Tag, e.ID, e.Cls, e.Text)
}

func press(t *testing.T, ctx context.Context, key string) focused {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
		t.Fatal(err)
	}
	return eval[focused](t, ctx, activeElement)
}

// testSkipLink: the first Tab reaches a visible skip link, and following
// it moves focus to main, so the next Tab lands in the content.
func (f *fixture) testSkipLink(t *testing.T) {
	ctx := f.tab(t)
	for _, p := range pages {
		p = f.path(p)
		f.open(t, ctx, p)
		first := press(t, ctx, "\t")
		if !strings.Contains(first.Cls, "skip-link") || !first.Visible {
			t.Errorf("/%s: first Tab focuses %v (visible %v), want the visible skip link", p, first, first.Visible)
			continue
		}
		if got := press(t, ctx, "\r"); got.ID != "main" {
			t.Errorf("/%s: following the skip link focuses %v, want main", p, got)
		}
		if next := press(t, ctx, "\t"); !next.InMain {
			t.Errorf("/%s: Tab after the skip link focuses %v, outside main", p, next)
		}
	}
}

// testKeyboard tabs through every focusable element of pages, at both
// viewports: the page's search box is reached (the home page has its own
// in the content instead of the header's: one search box per page), every
// focused element is on screen with a visible focus outline, and focus
// never gets stuck.
func (f *fixture) testKeyboard(t *testing.T) {
	for _, v := range viewports {
		t.Run(v.name, func(t *testing.T) {
			ctx := f.tab(t)
			if err := chromedp.Do(ctx, v.emulate()); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"", "commitments/", f.enterprise} {
				f.open(t, ctx, p)
				n := eval[int](t, ctx, `document.querySelectorAll('a[href], button:not([hidden]), input, summary').length`)
				reached, stuck := false, 0
				var last focused
				for i := 0; i <= n+1; i++ {
					e := press(t, ctx, "\t")
					if e.Tag == "body" {
						break // past the last element
					}
					reached = reached || e.ID == "site-q" || e.ID == "hero-q"
					if !e.Outline || !e.Visible {
						t.Errorf("/%s: focus on %v has no visible outline or is off screen (outline %v, on screen %v)", p, e, e.Outline, e.Visible)
					}
					if e == last {
						if stuck++; stuck > 2 {
							t.Fatalf("/%s: focus stuck on %v", p, e)
						}
					}
					last = e
				}
				if !reached {
					t.Errorf("/%s: tabbing never reaches the search box (#site-q, or #hero-q on the home page)", p)
				}
			}
		})
	}
}

// testLargeText: the 大字版 button enlarges the root font size, the
// choice survives loading another page, and pages still fit a phone.
func (f *fixture) testLargeText(t *testing.T) {
	ctx := f.tab(t)
	if err := chromedp.Do(ctx, phone.emulate()); err != nil {
		t.Fatal(err)
	}
	f.open(t, ctx, "")
	eval[chromedp.Void](t, ctx, `localStorage.clear(); location.reload(); 0`)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("text-size"))); err != nil {
		t.Fatal(err)
	}
	const state = `({size: parseFloat(getComputedStyle(document.documentElement).fontSize),
	  h1: parseFloat(getComputedStyle(document.querySelector('h1')).fontSize),
	  pressed: document.getElementById('text-size').getAttribute('aria-pressed')})`
	type sizes struct {
		Size, H1 float64
		Pressed  string
	}
	before := eval[sizes](t, ctx, state)
	if before.Pressed != "false" {
		t.Fatalf("large text is on before the button is pressed: %+v", before)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("text-size"))); err != nil {
		t.Fatal(err)
	}
	on := eval[sizes](t, ctx, state)
	if on.Size < before.Size*1.2 || on.H1 < before.H1*1.2 || on.Pressed != "true" {
		t.Fatalf("the 大字版 button did not enlarge text by 20%%: before %+v, after %+v", before, on)
	}
	for _, entry := range pages {
		p := f.path(entry)
		f.open(t, ctx, p)
		if name, ok := screenshots[entry]; ok {
			browsertest.Screenshot(t, ctx, fmt.Sprintf("%s-%d-large", name, phone.width))
		}
		if got := eval[sizes](t, ctx, state); got.Size != on.Size || got.Pressed != "true" {
			t.Errorf("/%s: large text not kept after loading the page: %+v", p, got)
		}
		checkReflow(t, ctx, p)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("text-size"))); err != nil {
		t.Fatal(err)
	}
	f.open(t, ctx, "")
	if got := eval[sizes](t, ctx, state); got.Size != before.Size || got.Pressed != "false" {
		t.Errorf("standard size not restored and kept: %+v", got)
	}
}

// checkReflow fails when the page scrolls sideways (WCAG 1.4.10): on a
// phone a reader must not pan to read a line.
func checkReflow(t *testing.T, ctx context.Context, p string) {
	t.Helper()
	if w := eval[[]float64](t, ctx, `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1] {
		t.Errorf("/%s: page is %vpx wide on a %vpx screen", p, w[0], w[1])
	}
}

// lineHeights lists text elements whose line height is under 1.5 times
// their font size (适老化: 行距不小于 1.5 倍).
const lineHeights = `(() => {
  const bad = [];
  for (const el of document.querySelectorAll('body, p, li, td, th, dd, dt, label, summary, blockquote, figcaption')) {
    if (!el.textContent.trim() || !el.getClientRects().length) continue;
    const cs = getComputedStyle(el), ratio = parseFloat(cs.lineHeight) / parseFloat(cs.fontSize);
    if (!(ratio >= 1.5 - 1e-3)) bad.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + cs.lineHeight + ' / ' + cs.fontSize);
  }
  return bad;
})()`

// testLineHeight checks the body text of every page at both viewports.
func (f *fixture) testLineHeight(t *testing.T) {
	for _, v := range viewports {
		ctx := f.tab(t)
		if err := chromedp.Do(ctx, v.emulate()); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			p = f.path(p)
			f.open(t, ctx, p)
			if bad := eval[[]string](t, ctx, lineHeights); len(bad) > 0 {
				t.Errorf("%s /%s: line height under 1.5 on %d element(s): %s", v.name, p, len(bad), strings.Join(uniq(bad), "; "))
			}
			if v.phone {
				checkReflow(t, ctx, p)
			}
		}
	}
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// testPrint: printed, an enterprise page keeps its content and drops the
// header navigation, the search form and the buttons.
func (f *fixture) testPrint(t *testing.T) {
	ctx := f.tab(t)
	f.open(t, ctx, f.enterprise)
	media := func(m string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
			return err
		})
	}
	const shown = `Object.fromEntries(['.site-nav', '.header-search', '#text-size', '.skip-link', 'main h1', 'main table', 'main .facts']
	  .map(s => [s, getComputedStyle(document.querySelector(s)).display !== 'none' && document.querySelector(s).getClientRects().length > 0]))`
	if err := chromedp.Do(ctx, media("print")); err != nil {
		t.Fatal(err)
	}
	if !eval[bool](t, ctx, `matchMedia('print').matches`) {
		t.Fatal("print media not emulated")
	}
	printed := eval[map[string]bool](t, ctx, shown)
	for sel, want := range map[string]bool{".site-nav": false, ".header-search": false, "#text-size": false, ".skip-link": false,
		"main h1": true, "main table": true, "main .facts": true} {
		if printed[sel] != want {
			t.Errorf("printed enterprise page: %s shown %v, want %v", sel, printed[sel], want)
		}
	}
	if err := chromedp.Do(ctx, media("")); err != nil {
		t.Fatal(err)
	}
	if onScreen := eval[map[string]bool](t, ctx, shown); !onScreen[".site-nav"] {
		t.Error("header navigation hidden on screen too: the check above proves nothing")
	}
}
