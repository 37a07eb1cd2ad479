package searchindex_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"creditsite/internal/browsertest"
)

// holdServer serves a built site under /xyyc/ like browsertest.Serve and
// can hold requests for chosen files, as a slow network would delay their
// responses, until released. It records whether the browser gave up a
// held request (closed its connection) before the release.
type holdServer struct {
	mu        sync.Mutex
	hold      map[string]bool // URL paths to hold
	held      []string        // held requests, in arrival order
	cancelled []string        // held requests the browser aborted
	release   chan struct{}
	paths     []string // every path requested
}

func serveHolding(t *testing.T, dir string) (*holdServer, string) {
	h := &holdServer{hold: map[string]bool{}, release: make(chan struct{})}
	files := http.StripPrefix("/xyyc", http.FileServer(http.Dir(dir)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.paths = append(h.paths, r.URL.Path)
		held := h.hold[r.URL.Path]
		if held {
			h.held = append(h.held, r.URL.Path)
		}
		h.mu.Unlock()
		if held {
			select {
			case <-h.release:
			case <-r.Context().Done():
				h.mu.Lock()
				h.cancelled = append(h.cancelled, r.URL.Path)
				h.mu.Unlock()
				return
			}
		}
		files.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return h, "http://" + ln.Addr().String() + "/xyyc/"
}

func (h *holdServer) state() (held, cancelled, paths []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.held), slices.Clone(h.cancelled), slices.Clone(h.paths)
}

func run[T any](t *testing.T, tab context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(tab, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func do(t *testing.T, tab context.Context, what string, a ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tab, a...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func insertText(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: text})
		return err
	})
}

// settled waits until the search page shows the results of the query in
// its box (the address bar's q is the box's text and rendering is done).
const settled = `(() => { const r = document.getElementById('search-results'), q = document.getElementById('search-q').value.trim();
  return r.dataset.state === 'done' && new URLSearchParams(location.search).get('q') === q && q; })()`

// TestBrowserSearchAsYouType types a full name into the search page
// character by character, pausing as a person does: results follow
// without 搜索 or Enter, the address bar keeps the query without a history
// entry per keystroke, the status region speaks once, and the last
// results are the full name's. An IME's pinyin is not searched until the
// composition ends.
func TestBrowserSearchAsYouType(t *testing.T) {
	out, ds := buildSite(t, 40, 400)
	base := browsertest.Serve(t, out, "/xyyc/")
	tab := browsertest.Tab(t, browsertest.Start(t), 90*time.Second)
	do(t, tab, "open", chromedp.Navigate(base+"search/"), chromedp.WaitVisible(`#search-results[data-state="done"]`))
	e, _, _ := pickTarget(t, ds)
	entries := run(t, tab, "history", chromedp.Evaluate[int](`
	  window.said = [];
	  new MutationObserver(() => said.push(document.getElementById('search-status').textContent))
	    .observe(document.getElementById('search-status'), {childList: true, characterData: true, subtree: true});
	  window.rendered = [];
	  new MutationObserver(() => { const s = document.querySelector('#search-results .search-summary'); if (s) rendered.push(s.textContent); })
	    .observe(document.getElementById('search-results'), {childList: true});
	  history.length`))

	do(t, tab, "focus", chromedp.Focus(`#search-q`))
	typed := ""
	for _, r := range e.Name {
		typed += string(r)
		do(t, tab, "type "+typed, chromedp.KeyEvent(string(r)), chromedp.Sleep(350*time.Millisecond))
	}
	do(t, tab, "results of "+e.Name, chromedp.Poll[chromedp.Void](settled))
	got := run(t, tab, "read", chromedp.Evaluate[shown](readResults))
	if got.Input != e.Name || !strings.Contains(got.URL, "q=") || len(got.Codes) == 0 || got.Codes[0] != e.Code {
		t.Fatalf("after typing %s: %+v", e.Name, got)
	}
	if want := matching(ds, e.Name, nil); !sameSet(got.Codes, want) {
		t.Errorf("after typing %s: results %v, want %v", e.Name, got.Codes, want)
	}
	rendered := run(t, tab, "rendered", chromedp.Evaluate[[]string](`rendered`))
	if len(rendered) < 2 {
		t.Errorf("typing %d characters rendered results %d times; results should follow the typing: %v", utf8.RuneCountInString(e.Name), len(rendered), rendered)
	}
	if n := run(t, tab, "history", chromedp.Evaluate[int](`history.length`)); n != entries {
		t.Errorf("history grew from %d to %d entries while typing", entries, n)
	}
	time.Sleep(time.Second) // the status speaks once typing has settled
	said := run(t, tab, "status", chromedp.Evaluate[[]string](`said.filter(s => s)`))
	if len(said) != 1 || !strings.Contains(said[0], e.Name) || !strings.Contains(said[0], "找到 1 家企业") && len(matching(ds, e.Name, nil)) == 1 {
		t.Errorf("status said %q while typing %s, want the count of the full name once", said, e.Name)
	}

	// Reload keeps the query; Enter does not add a history entry for the
	// query shown.
	do(t, tab, "reload", chromedp.Reload(), chromedp.Poll[chromedp.Void](`document.getElementById('search-results').dataset.state === 'done'`))
	if r := run(t, tab, "read", chromedp.Evaluate[shown](readResults)); r.Input != e.Name || len(r.Codes) == 0 || r.Codes[0] != e.Code {
		t.Errorf("after reload: %+v", r)
	}
	n := run(t, tab, "history", chromedp.Evaluate[int](`history.length`))
	do(t, tab, "enter", chromedp.Focus(`#search-q`), chromedp.KeyEvent(kb.Enter), chromedp.Poll[chromedp.Void](settled))
	if m := run(t, tab, "history", chromedp.Evaluate[int](`history.length`)); m != n {
		t.Errorf("Enter on the query shown added a history entry (%d → %d)", n, m)
	}

	// The 搜索 button searches what the box holds at once.
	do(t, tab, "button", chromedp.Evaluate[chromedp.Void](`document.getElementById('search-q').select()`), chromedp.SendKeys(`#search-q`, e.LegalRep),
		chromedp.Click(`#search-form button[type=submit]`), chromedp.Poll[chromedp.Void](settled))
	if r, want := run(t, tab, "read", chromedp.Evaluate[shown](readResults)), matching(ds, e.LegalRep, nil); r.Input != e.LegalRep || !strings.Contains(r.Summary, fmt.Sprintf("找到 %d 家企业", len(want))) {
		t.Errorf("搜索 %s: %+v, want %d matches", e.LegalRep, r, len(want))
	}

	// An IME composes pinyin in the box: nothing is searched until it
	// commits the characters.
	frag := string([]rune(e.Name)[:2])
	do(t, tab, "clear", chromedp.Evaluate[chromedp.Void](`document.getElementById('search-q').select()`), chromedp.Focus(`#search-q`))
	before := run(t, tab, "url", chromedp.Evaluate[string](`location.href`))
	do(t, tab, "compose", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, input.ImeSetComposition, input.ImeSetCompositionParams{Text: "hong", SelectionStart: 4, SelectionEnd: 4})
		return err
	}), chromedp.Sleep(600*time.Millisecond))
	mid := run(t, tab, "composing", chromedp.Evaluate[[]string](`[location.href, document.getElementById('search-q').value, document.getElementById('search-results').dataset.state]`))
	if mid[1] != "hong" {
		t.Fatalf("composition not in the box: %q", mid)
	}
	if mid[0] != before || mid[2] != "done" {
		t.Errorf("searched while the IME was composing: %q (before %s)", mid, before)
	}
	do(t, tab, "commit", insertText(frag), chromedp.Poll[chromedp.Void](settled))
	if r := run(t, tab, "read", chromedp.Evaluate[shown](readResults)); r.Input != frag || !sameSet(r.Codes, matching(ds, frag, nil)) && len(r.Codes) < 10 {
		t.Errorf("after the IME committed %s: %+v, want %v", frag, r, matching(ds, frag, nil))
	}
}

// indexFiles returns the index files (below search/, meta.json aside)
// the search page fetches to answer q from a cold start.
func indexFiles(t *testing.T, tab context.Context, base, q string) []string {
	t.Helper()
	do(t, tab, "search "+q, chromedp.Navigate(base+"search/?q="+q), chromedp.WaitVisible(`#search-results[data-state="done"]`))
	return run(t, tab, "files", chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)
	  .filter(p => p.startsWith('/xyyc/search/') && !p.endsWith('/meta.json'))`))
}

// TestBrowserSearchStaleResponse types a query whose own index files the
// network holds back, then another query: the second's results show,
// the held fetches are aborted, and when the held responses come after
// all the first query never replaces what is shown.
func TestBrowserSearchStaleResponse(t *testing.T) {
	out, ds := buildSite(t, 40, 400)
	h, base := serveHolding(t, out)
	browser := browsertest.Start(t)
	tab := browsertest.Tab(t, browser, 90*time.Second)

	// q1, a full name, needs files that q2, a fragment of another name,
	// does not.
	var q1, q2 string
	var only []string
	for _, a := range ds.Enterprises {
		for _, b := range ds.Enterprises {
			f2 := string([]rune(b.Name)[:2])
			if a == b || len(matching(ds, f2, nil)) == 0 || slices.Contains(matching(ds, f2, nil), a.Code) {
				continue
			}
			f1, f2files := indexFiles(t, tab, base, a.Name), indexFiles(t, tab, base, f2)
			only = slices.DeleteFunc(f1, func(p string) bool { return slices.Contains(f2files, p) })
			if len(only) > 0 {
				q1, q2 = a.Name, f2
				break
			}
		}
		if q1 != "" {
			break
		}
	}
	if q1 == "" {
		t.Fatal("no two queries with files of their own")
	}
	// A few: held requests keep their connections, and the browser opens
	// only six to a host.
	for _, p := range only[:min(3, len(only))] {
		h.hold[p] = true
	}

	tab = browsertest.Tab(t, browser, 90*time.Second)
	do(t, tab, "no cache", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
	do(t, tab, "open", chromedp.Navigate(base+"search/"), chromedp.WaitVisible(`#search-results[data-state="done"]`), chromedp.Focus(`#search-q`))
	do(t, tab, "type "+q1, insertText(q1))
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if held, _, _ := h.state(); len(held) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s fetched none of %v", q1, only)
		}
	}
	do(t, tab, "type "+q2, chromedp.Evaluate[chromedp.Void](`document.getElementById('search-q').select()`), insertText(q2), chromedp.Poll[chromedp.Void](settled))
	want := run(t, tab, "read", chromedp.Evaluate[shown](readResults))
	if want.Input != q2 || !sameSet(want.Codes, matching(ds, q2, nil)) {
		t.Fatalf("results of %s while %s is held: %+v, want %v", q2, q1, want, matching(ds, q2, nil))
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		held, cancelled, _ := h.state()
		if len(cancelled) == len(held) {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("fetches of the stale query %s not aborted: held %v, aborted %v", q1, held, cancelled)
			break
		}
	}
	close(h.release)
	time.Sleep(time.Second)
	if got := run(t, tab, "read", chromedp.Evaluate[shown](readResults)); !slices.Equal(got.Codes, want.Codes) || got.URL != want.URL || got.Input != q2 {
		t.Errorf("after %s's held responses came: %+v, want %+v", q1, got, want)
	}
}

// suggestions is the state of a search box's suggestion list.
type suggestions struct {
	Role, Expanded, Controls, Active string
	Visible                          bool
	Names, Codes, IDs                []string
}

const readSuggestions = `(() => {
  const q = document.activeElement, l = document.getElementById(q.getAttribute('aria-controls') || 'none');
  const opts = l ? [...l.querySelectorAll('[role=option]')] : [];
  return {Role: q.getAttribute('role') || '', Expanded: q.getAttribute('aria-expanded') || '', Controls: q.getAttribute('aria-controls') || '',
    Active: q.getAttribute('aria-activedescendant') || '', Visible: !!l && !l.hidden && l.getClientRects().length > 0,
    Names: opts.map(o => o.textContent), Codes: opts.map(o => o.dataset.code), IDs: opts.map(o => o.id)};
})()`

// pageBytes sums what the page has loaded so far: the document and every
// resource, as sent (no compression on the test server), and lists the
// resources.
const pageBytes = `(() => { const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return {Bytes: all.reduce((s, e) => s + e.encodedBodySize, 0), URLs: all.slice(1).map(e => new URL(e.name).pathname + new URL(e.name).search)}; })()`

type loaded struct {
	Bytes int
	URLs  []string
}

// TestBrowserSuggestions types into the header search box of an
// enterprise page of a site under /xyyc/: no search code or index file is
// fetched before the box gets focus; then at most 8 names are offered,
// each one matching; the arrow keys and Enter open the chosen
// enterprise's page under the sub-path; Escape closes the list.
func TestBrowserSuggestions(t *testing.T) {
	out, ds := buildSite(t, 40, 400)
	h, base := serveHolding(t, out)
	tab := browsertest.Tab(t, browsertest.Start(t), 90*time.Second)
	e, frag, _ := pickTarget(t, ds)
	page := "enterprises/" + e.Code + "/"
	do(t, tab, "open", chromedp.Navigate(base+page), chromedp.WaitVisible(`#site-q`), chromedp.Sleep(300*time.Millisecond))
	before := run(t, tab, "bytes", chromedp.Evaluate[loaded](pageBytes))
	if _, _, paths := h.state(); slices.ContainsFunc(paths, func(p string) bool {
		return strings.HasPrefix(p, "/xyyc/js/search/") || strings.HasPrefix(p, "/xyyc/search/")
	}) {
		t.Errorf("search code or index fetched before the box has focus: %v", paths)
	}

	// What focus costs: the suggestion module, the modules it imports and
	// meta.json.
	do(t, tab, "focus", chromedp.Focus(`#site-q`), chromedp.Poll[chromedp.Void](`document.getElementById('site-q').getAttribute('role') === 'combobox' &&
	  performance.getEntriesByType('resource').some(e => e.name.endsWith('/search/meta.json') && e.responseEnd > 0)`))
	after := run(t, tab, "bytes", chromedp.Evaluate[loaded](pageBytes))
	t.Logf("enterprise page: %d bytes before focus (%d files), %d after focus (%d files: %v)", before.Bytes, len(before.URLs)+1, after.Bytes, len(after.URLs)+1, after.URLs)
	if slices.ContainsFunc(before.URLs, func(u string) bool { return strings.Contains(u, "/search/") }) ||
		!slices.ContainsFunc(after.URLs, func(u string) bool { return strings.HasPrefix(u, "/xyyc/js/search/suggest.js?v=") }) {
		t.Errorf("before focus %v; after %v", before.URLs, after.URLs)
	}
	s := run(t, tab, "read", chromedp.Evaluate[suggestions](readSuggestions))
	if s.Expanded != "false" || s.Controls == "" || s.Visible {
		t.Errorf("focused box before typing: %+v", s)
	}

	// A common word: 8 names, each of an enterprise it matches.
	common := "公司"
	do(t, tab, "type "+common, chromedp.SendKeys(`#site-q`, common), chromedp.Poll[chromedp.Void](suggestionsFor(common)))
	browsertest.Screenshot(t, tab, "suggestions")
	s = run(t, tab, "read", chromedp.Evaluate[suggestions](readSuggestions))
	if want := min(8, len(matching(ds, common, nil))); len(s.Names) != want || !s.Visible {
		t.Errorf("%s: %d suggestions (visible %v), want %d: %v", common, len(s.Names), s.Visible, want, s.Names)
	}
	for _, c := range s.Codes {
		if !slices.Contains(matching(ds, common, nil), c) {
			t.Errorf("%s: suggested %s, which does not match", common, c)
		}
	}

	said := run(t, tab, "status", chromedp.Poll[string](`document.querySelector('.header-search [role=status]').textContent`, chromedp.WithPollingTimeout(3*time.Second)))
	if !strings.HasPrefix(said, fmt.Sprintf("%d 个企业名称建议", len(s.Names))) {
		t.Errorf("%s: status says %q", common, said)
	}

	do(t, tab, "escape", chromedp.KeyEvent(kb.Escape))
	if s = run(t, tab, "read", chromedp.Evaluate[suggestions](readSuggestions)); s.Expanded != "false" || s.Visible || s.Active != "" {
		t.Errorf("after Escape: %+v", s)
	}
	if v := run(t, tab, "value", chromedp.Value(`#site-q`)); v != common {
		t.Errorf("Escape changed the box to %q", v)
	}

	// A fragment a few names share: the second suggestion by the arrow keys.
	do(t, tab, "type "+frag, chromedp.Evaluate[chromedp.Void](`document.getElementById('site-q').select()`), chromedp.SendKeys(`#site-q`, frag),
		chromedp.Poll[chromedp.Void](suggestionsFor(frag)+` && document.querySelectorAll('#site-q-suggest [role=option]').length > 1`))
	s = run(t, tab, "read", chromedp.Evaluate[suggestions](readSuggestions))
	if want := matching(ds, frag, nil); !sameSet(s.Codes, want[:min(8, len(want))]) && len(want) <= 8 {
		t.Errorf("%s: suggested %v, want %v", frag, s.Codes, want)
	}
	do(t, tab, "arrows", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowUp))
	s = run(t, tab, "read", chromedp.Evaluate[suggestions](readSuggestions))
	if s.Active != s.IDs[1] || run(t, tab, "selected", chromedp.Evaluate[string](`document.querySelector('[aria-selected=true]').id`)) != s.IDs[1] {
		t.Fatalf("down, down, down, up: active %q, want the second of %v", s.Active, s.IDs)
	}
	do(t, tab, "enter", chromedp.KeyEvent(kb.Enter))
	h1 := arrive(t, tab, "/xyyc/enterprises/"+s.Codes[1]+"/")
	if h1[0] != "/xyyc/enterprises/"+s.Codes[1]+"/" || !strings.Contains(h1[1], s.Names[1]) {
		t.Errorf("Enter on %s (%s) opened %s %q", s.Names[1], s.Codes[1], h1[0], h1[1])
	}
}

// TestBrowserHomeSuggestions: the home page's own search box offers the
// names too, linked under the sub-path.
func TestBrowserHomeSuggestions(t *testing.T) {
	out, ds := buildSite(t, 40, 400)
	base := browsertest.Serve(t, out, "/xyyc/")
	tab := browsertest.Tab(t, browsertest.Start(t), 60*time.Second)
	e, _, _ := pickTarget(t, ds)
	do(t, tab, "open", chromedp.Navigate(base), chromedp.WaitVisible(`#hero-q`), chromedp.Focus(`#hero-q`),
		chromedp.Poll[chromedp.Void](`document.getElementById('hero-q').getAttribute('role') === 'combobox'`),
		chromedp.SendKeys(`#hero-q`, e.Name), chromedp.Poll[chromedp.Void](`document.getElementById('hero-q').getAttribute('aria-expanded') === 'true'`))
	s := run(t, tab, "read", chromedp.Evaluate[suggestions](readSuggestions))
	if len(s.Codes) == 0 || s.Codes[0] != e.Code {
		t.Fatalf("home page, %s: suggested %v", e.Name, s.Codes)
	}
	do(t, tab, "click", chromedp.Click(`#hero-q-suggest [role=option]`))
	if h1 := arrive(t, tab, "/xyyc/enterprises/"+e.Code+"/"); !strings.Contains(h1[1], e.Name) {
		t.Errorf("clicked %s, opened %q", e.Name, h1)
	}
}

// arrive waits until the tab shows the page at path and returns its path
// and h1. The old page's context goes away under a navigation: it asks
// again.
func arrive(t *testing.T, tab context.Context, path string) []string {
	t.Helper()
	var got []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		v, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[location.pathname, document.readyState === 'complete' && document.querySelector('main h1')?.textContent || '']`))
		if err == nil && v[0] == path && v[1] != "" {
			return v
		}
		got = v
	}
	t.Fatalf("page %v, want %s", got, path)
	return nil
}

// suggestionsFor is a condition that holds once the header box's list is
// open with the suggestions of the whole of q: what was typed on the way
// finds names too, and its list shows first.
func suggestionsFor(q string) string {
	return fmt.Sprintf(`document.getElementById('site-q').getAttribute('aria-expanded') === 'true' && document.getElementById('site-q-suggest').getAttribute('data-query') === %q`, q)
}
