package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"creditsite/internal/browsertest"
)

// engine is one search under measurement, as the browser sees it.
type engine struct {
	Name string
	// Page is the URL that shows the results for q.
	Page func(q string) string
	// Log is the access log of the engine's server; Counts reports
	// whether a request for a path is counted in Bytes.
	Log    *logTail
	Counts func(path string) bool
}

// doneSelector matches the results area once results are rendered: the
// creditsite search page sets data-state="done" (internal/searchindex
// browser tests rely on it too), and the Pagefind harness page does the
// same.
const doneSelector = `#search-results[data-state="done"]`

// watchDone runs in every page before its scripts: it records in
// window.__benchDone the time (ms since navigation start) of the first
// frame after the results area is done.
var watchDone = fmt.Sprintf(`(() => {
  let seen = false;
  const check = () => {
    if (seen || !document.querySelector(%q)) return;
    seen = true;
    requestAnimationFrame(() => { window.__benchDone = performance.now(); });
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
})()`, doneSelector)

// readPage collects, after the results are done, the codes of the
// enterprise pages the results area links to, split at the first text
// labelling a near-miss section (部分匹配, 读音相近: issue 18 requires them
// labelled).
const readPage = `(() => {
  const out = {exact: [], near: [], pf: window.__pf || null};
  const root = document.getElementById('search-results');
  const w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let near = false;
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) { near = near || /部分匹配|读音相近/.test(n.data); continue; }
    const m = n.tagName === 'A' && new URL(n.href, location.href).pathname.match(/\/enterprises\/([^/]+)\/(index\.html)?$/);
    if (!m) continue;
    const list = near ? out.near : out.exact, code = decodeURIComponent(m[1]);
    if (!list.includes(code)) list.push(code);
  }
  return out;
})()`

type pageResult struct {
	Exact, Near []string
	PF          *struct{ Init, Search float64 }
}

// startBrowser launches headless Chromium with a fresh profile under dir.
func startBrowser(dir string) (context.Context, func(), error) {
	path := browsertest.ChromiumPath()
	if path == "" {
		return nil, nil, fmt.Errorf("Chromium not found: apt-get install chromium, or set CHROME_PATH")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browsertest.Options(path, dir)...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		return nil, nil, fmt.Errorf("starting %s: %v", path, err)
	}
	return ctx, func() {
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		defer ccancel()
		chromedp.Cancel(cctx)
		cancel()
		cancelAlloc()
	}, nil
}

// measure runs q cold against e: a new browser context (no cache, no
// cookies, no storage shared with any other query) with the cache
// disabled as well, and one navigation to e's results page. The bytes are
// what e's server logged as sent meanwhile: the Performance API of the
// page does not see what Pagefind's web worker fetches.
func measure(browser context.Context, e engine, q query) measurement {
	m := measurement{Engine: e.Name, query: q}
	if _, err := e.Log.take(); err != nil { // whatever an earlier query left
		m.Err = err.Error()
		return m
	}
	tab, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer closeTab()
	ctx, cancel := context.WithTimeout(tab, 90*time.Second)
	defer cancel()
	r, done, err := open(ctx, e.Page(q.Q))
	if err != nil {
		m.Err = err.Error()
		return m
	}
	m.Exact, m.Near, m.NavMS = r.Exact, r.Near, done
	if r.PF != nil {
		m.InitMS, m.SearchMS = r.PF.Init, r.PF.Search
	}
	time.Sleep(50 * time.Millisecond) // the server logs a request after its last byte
	fetched, err := e.Log.take()
	if err != nil {
		m.Err = err.Error()
	}
	for _, f := range fetched {
		if e.Counts(f.Path) {
			m.Bytes += f.Bytes
			m.Fetched = append(m.Fetched, f)
		}
	}
	return m
}

// open navigates the fresh tab ctx to pageURL and returns what the page
// shows and fetched once its results are rendered, and when that was (ms
// since navigation start).
func open(ctx context.Context, pageURL string) (pageResult, float64, error) {
	var r pageResult
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return r, 0, err
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return r, 0, err
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchDone}); err != nil {
		return r, 0, err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		return r, 0, fmt.Errorf("opening %s: %v", pageURL, err)
	}
	done, err := chromedp.Run(ctx, chromedp.Poll[float64](`window.__benchDone`, chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		return r, 0, fmt.Errorf("%s: no results: %v", pageURL, err)
	}
	r, err = chromedp.Run(ctx, chromedp.Evaluate[pageResult](readPage))
	return r, done, err
}
