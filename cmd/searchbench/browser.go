package main

import (
	"context"
	"fmt"
	"strconv"
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

// settledSelector matches the results area once its near misses are
// settled too: creditsite's page says in data-near whether it shows
// them ("loading" until they are in, then "done" or "error"), offers them
// on a button ("offer") or has none ("none"). The Pagefind page has no
// data-near: done is settled.
const settledSelector = doneSelector + `:not([data-near="loading"])`

// offerButton is the button of creditsite's page that shows near misses
// on request (data-near="offer": some exact results, none by the exact
// name).
const offerButton = `#search-near-show`

// watchDone runs in every page before its scripts: it records in
// window.__benchDone the time (ms since navigation start) at which the
// first frame showing the done results area has been laid out and
// painted, and sets window.__benchSettled once it is settled.
//
// The time is taken in a task posted from that frame's
// requestAnimationFrame callback: rendering runs right after rAF
// callbacks, so the task runs once the frame's style, layout and paint
// are done. The rAF callback alone would stop the clock before the
// results are laid out, leaving out e.g. shaping their Chinese text,
// which for a page whose first Chinese text is its results (Pagefind's)
// includes loading the CJK font.
var watchDone = fmt.Sprintf(`(() => {
  let seen = false;
  const check = () => {
    if (!seen && document.querySelector(%q)) {
      seen = true;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => { window.__benchDone = performance.now(); };
        ch.port2.postMessage(0);
      });
    }
    window.__benchSettled = !!document.querySelector(%q);
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
})()`, doneSelector, settledSelector)

// readPage collects the codes of the enterprise pages the results area
// links to: the exact results, then per near-miss section (a heading
// saying 部分匹配 or 读音相近: issue 18 requires them labelled) its own
// list; links after such a heading are never exact results.
const readPage = `(() => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const out = {exact: [], near: [], pf: window.__pf || null, fcp: fcp ? fcp.startTime : 0};
  const root = document.getElementById('search-results');
  let list = out.exact;
  for (const n of root.querySelectorAll('h1, h2, h3, h4, h5, h6, a')) {
    if (n.tagName !== 'A') {
      const label = n.textContent.match(/部分匹配|读音相近/);
      if (label) out.near.push({label: label[0], codes: list = []});
      continue;
    }
    const m = new URL(n.href, location.href).pathname.match(/\/enterprises\/([^/]+)\/(index\.html)?$/);
    const code = m && decodeURIComponent(m[1]);
    if (code && !list.includes(code)) list.push(code);
  }
  return out;
})()`

type pageResult struct {
	Exact []string
	Near  []nearList
	PF    *struct{ Init, Search float64 }
	FCP   float64 // first contentful paint, ms since navigation start
}

// nearList is one labelled near-miss section: its label and the codes it
// lists, in order.
type nearList struct {
	Label string   `json:"label"`
	Codes []string `json:"codes"`
}

// startBrowser launches headless Chromium with a fresh profile under dir;
// with selfSigned it accepts the server's self-signed certificate (-h2).
func startBrowser(dir string, selfSigned bool) (context.Context, func(), error) {
	path := browsertest.ChromiumPath()
	if path == "" {
		return nil, nil, fmt.Errorf("Chromium not found: apt-get install chromium, or set CHROME_PATH")
	}
	opts := browsertest.Options(path, dir)
	if selfSigned {
		opts = append(opts, chromedp.Flag("ignore-certificate-errors", true))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
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
	r, done, err := open(ctx, e.Page(q.Q), q.NearMiss)
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
// shows and fetched once its results are rendered and its near misses
// settled, and when the results were rendered (ms since navigation
// start). For a near miss (near) it presses the button that offers near
// misses, if the page shows one, and waits for them as a user would.
func open(ctx context.Context, pageURL string, near bool) (pageResult, float64, error) {
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
	if err := settle(ctx, near); err != nil {
		return r, 0, fmt.Errorf("%s: near misses: %v", pageURL, err)
	}
	r, err = chromedp.Run(ctx, chromedp.Evaluate[pageResult](readPage))
	return r, done, err
}

// settle waits until the page's near misses are settled; for a near miss
// (near) whose page offers them on a button, it presses the button first.
func settle(ctx context.Context, near bool) error {
	wait := chromedp.Poll[bool](`window.__benchSettled`, chromedp.WithPollingTimeout(60*time.Second))
	if _, err := chromedp.Run(ctx, wait); err != nil {
		return err
	}
	if !near {
		return nil
	}
	offered, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector(`+strconv.Quote(offerButton)+`)`))
	if err != nil || !offered {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Click(offerButton)); err != nil {
		return err
	}
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector(`+strconv.Quote(`#search-results:is([data-near="done"], [data-near="error"])`)+`)`, chromedp.WithPollingTimeout(60*time.Second)))
	return err
}
