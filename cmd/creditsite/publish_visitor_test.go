package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"creditsite/internal/browsertest"
	"creditsite/internal/searchindex"
)

// A visitor browses and searches in headless Chromium, in a loop, while
// builds alternately publish two different data sets into the folder it
// is served from. No page or file it asks for may answer 404, and every
// search result must pair a code with its enterprise's name in the build
// the results came from: an index mixed from two builds names another
// enterprise.
func TestVisitorDuringPublish(t *testing.T) {
	t.Parallel() // each runs real builds in folders of its own
	if testing.Short() {
		t.Skip("runs real builds and a browser")
	}
	bin := buildBinary(t)
	seeds := [2]uint64{5, 6}
	srcs := [2]string{killSource(t, seeds[0], ""), killSource(t, seeds[1], "")}
	names := [2]map[string]string{} // code → name, per build
	for i, seed := range seeds {
		names[i] = enterpriseNames(seed)
	}
	out := t.TempDir() + "/public"
	fullBuild(t, bin, srcs[0], out)
	base := browsertest.Serve(t, out, "/")
	tab := browsertest.Tab(t, browsertest.Start(t), 5*time.Minute)

	var builds atomic.Int32
	done := make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		defer close(done)
		for i := 1; i <= 4 && ctx.Err() == nil; i++ {
			b, err := osexec.CommandContext(ctx, bin, "build", "--source", srcs[i%2], "--out", out).CombinedOutput()
			if err != nil && ctx.Err() == nil {
				done <- fmt.Errorf("build %d: %v\n%s", i, err, b)
				return
			}
			builds.Add(1)
		}
	}()
	// A failed check stops the builds before the test's folders go.
	t.Cleanup(func() {
		cancel()
		for range done {
		}
	})
	visits := 0
	for running := true; running; visits++ {
		select {
		case err, ok := <-done:
			if ok {
				t.Fatal(err)
			}
			running = false
		default:
		}
		visit(t, tab, base, names, visits)
	}
	t.Logf("%d visits during %d builds", visits, builds.Load())
}

// enterpriseNames maps the codes of generated data to their names.
func enterpriseNames(seed uint64) map[string]string {
	d := publishData(seed)
	m := map[string]string{}
	for _, rows := range d.Disclosures {
		for _, r := range rows {
			m[r.Code] = r.Name
		}
	}
	for _, rows := range d.Commitments {
		for _, r := range rows {
			m[r.Code] = r.Name
		}
	}
	return m
}

// visit opens the home page, a column, an enterprise page from it and a
// search, and checks what the browser fetched and showed.
func visit(t *testing.T, tab context.Context, base string, names [2]map[string]string, n int) {
	t.Helper()
	clear := chromedp.Evaluate[bool](`performance.clearResourceTimings(), true`)
	column := []string{"disclosures/", "commitments/"}[n%2]
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base), chromedp.WaitReady("body"),
		chromedp.Navigate(base + column), chromedp.WaitReady("body"),
	}
	if err := chromedp.Do(tab, steps...); err != nil {
		t.Fatalf("visit %d: %v", n, err)
	}
	checkFetched(t, tab, n)
	// An enterprise page linked from the column as it is now.
	href, err := chromedp.Run(tab, chromedp.Evaluate[string](`(document.querySelector('a[href*="enterprises/"]') || {}).href || ''`))
	if err != nil || href == "" {
		t.Fatalf("visit %d: no enterprise link on %s (%v)", n, column, err)
	}
	chromedp.Run(tab, clear)
	if err := chromedp.Do(tab, chromedp.Navigate(href), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	checkFetched(t, tab, n)
	chromedp.Run(tab, clear)
	q := []string{"有限公司", "宜昌", "科技", "商贸"}[n%4]
	err = chromedp.Do(tab, chromedp.Navigate(base+"search/"), chromedp.WaitVisible(`#search-q`),
		chromedp.SendKeys(`#search-q`, q+kb.Enter), chromedp.WaitVisible(`#search-results[data-state="done"]`))
	if err != nil {
		t.Fatalf("visit %d: search %s: %v", n, q, err)
	}
	checkFetched(t, tab, n)
	hits, err := chromedp.Run(tab, chromedp.Evaluate[[][2]string](`[...document.querySelectorAll('#search-results .search-hit a.search-name')].map(a => [decodeURIComponent(a.pathname.split('/').at(-2)), a.textContent])`))
	if err != nil {
		t.Fatal(err)
	}
	checkOneBuild(t, n, q, hits, names)
}

// checkFetched fails on any file the page fetched that did not answer 200
// (or 304), and on a page that is the 404 page.
func checkFetched(t *testing.T, tab context.Context, n int) {
	t.Helper()
	bad, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[location.href + ' ' + (document.querySelector('meta[name=robots][content*=noindex]') && document.title.includes('404') ? 404 : 200)]
	  .concat(performance.getEntriesByType('resource').map(e => e.name + ' ' + e.responseStatus))
	  .filter(s => !/ (200|304|0)$/.test(s))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("visit %d: %v", n, bad)
	}
}

// checkOneBuild checks that every result pairs its code with that code's
// name in one build, the same build for all results.
func checkOneBuild(t *testing.T, n int, q string, hits [][2]string, names [2]map[string]string) {
	t.Helper()
	if len(hits) == 0 {
		t.Fatalf("visit %d: no results for %s", n, q)
	}
	fits := [2]bool{true, true}
	for _, h := range hits {
		code, _ := url.PathUnescape(h[0])
		for b := range names {
			if names[b][code] != strings.TrimSpace(h[1]) {
				fits[b] = false
			}
		}
	}
	if !fits[0] && !fits[1] {
		t.Fatalf("visit %d: results for %s fit neither build: %v", n, q, hits)
	}
}

// A search page left open across a publish: the page holds the
// search/meta.json it loaded before the switch, so its next query asks
// for files of the previous build. The publish keeps them for one build
// (output.Carry): the query must get every file it asks for (no 404) and
// results of the previous build, and must have needed at least one file
// the new build no longer names, or the test proves nothing. The loop in
// TestVisitorDuringPublish meets a switch in mid-search only by chance.
func TestSearchPageOpenAcrossPublish(t *testing.T) {
	t.Parallel() // each runs real builds in folders of its own
	if testing.Short() {
		t.Skip("runs real builds and a browser")
	}
	for _, mode := range []string{"symlink", "folder"} {
		t.Run(mode, func(t *testing.T) { searchAcrossPublish(t, "publish: "+mode+"\n") })
	}
}

func searchAcrossPublish(t *testing.T, config string) {
	bin := buildBinary(t)
	seeds := [2]uint64{7, 8}
	srcs := [2]string{killSource(t, seeds[0], config), killSource(t, seeds[1], config)}
	names := [2]map[string]string{enterpriseNames(seeds[0]), map[string]string{}}
	out := t.TempDir() + "/public"
	fullBuild(t, bin, srcs[0], out)
	base := browsertest.Serve(t, out, "/")
	tab := browsertest.Tab(t, browsertest.Start(t), 5*time.Minute)
	if err := chromedp.Do(tab, chromedp.Navigate(base+"search/"), chromedp.WaitVisible(`#search-q`)); err != nil {
		t.Fatal(err)
	}
	searchInPage(t, tab, "有限公司")
	fullBuild(t, bin, srcs[1], out)       // the switch, with the page open
	live, _ := filepath.EvalSymlinks(out) // out itself in Folder mode
	named, err := searchindex.Referenced(func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(live, filepath.FromSlash(name)))
	})
	if err != nil {
		t.Fatal(err)
	}
	newNames := map[string]bool{}
	for _, n := range named {
		newNames[n] = true
	}
	chromedp.Run(tab, chromedp.Evaluate[bool](`performance.clearResourceTimings(), true`))
	hits := searchInPage(t, tab, "科技")
	checkFetched(t, tab, 1)
	checkOneBuild(t, 1, "科技", hits, names) // names[1] is empty: only the previous build fits
	fetched, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => new URL(e.name).pathname.slice(1))`))
	if err != nil {
		t.Fatal(err)
	}
	carried := 0
	for _, f := range fetched {
		if f == "search/meta.json" {
			t.Errorf("the open page fetched meta.json again: %v", fetched)
		}
		if strings.HasPrefix(f, "search/") && !newNames[f] {
			carried++
		}
	}
	if carried == 0 {
		t.Fatalf("the second query fetched no file of the previous build only, so it tested nothing: %v", fetched)
	}
	t.Logf("the second query fetched %d files, %d kept from the previous build", len(fetched), carried)
}

// searchInPage runs a query in the search page already open in tab,
// without loading the page again, and returns its results as [code,
// name] pairs.
func searchInPage(t *testing.T, tab context.Context, q string) [][2]string {
	t.Helper()
	// A state no query sets: "done" can then only be this query's.
	_, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector('#search-results').setAttribute('data-state', 'asked'), document.querySelector('#search-q').value = '', true`))
	if err == nil {
		err = chromedp.Do(tab, chromedp.SendKeys(`#search-q`, q+kb.Enter), chromedp.WaitVisible(`#search-results[data-state="done"]`))
	}
	if err != nil {
		t.Fatalf("search %s: %v", q, err)
	}
	hits, err := chromedp.Run(tab, chromedp.Evaluate[[][2]string](`[...document.querySelectorAll('#search-results .search-hit a.search-name')].map(a => [decodeURIComponent(a.pathname.split('/').at(-2)), a.textContent])`))
	if err != nil {
		t.Fatal(err)
	}
	return hits
}
