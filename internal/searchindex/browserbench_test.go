package searchindex_test

import (
	"net/url"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"creditsite/internal/browsertest"
	"creditsite/internal/searchindex"
)

// TestBrowserTiming measures, when SEARCH_BENCH is set, cold queries in
// headless Chromium on the real site built from 10,000 disclosures and
// 50,000 commitments: with the browser cache disabled, each query loads
// the page, its search modules and its index files anew. It logs, per query kind,
// the median and largest time from the script starting the query to
// rendered results, and from navigation to rendered results.
func TestBrowserTiming(t *testing.T) {
	if os.Getenv("SEARCH_BENCH") == "" {
		t.Skip("set SEARCH_BENCH=1 to time cold queries in Chromium")
	}
	out, ds := buildSite(t, 10000, 50000)
	base := browsertest.Serve(t, out, "/xyyc/")
	tab := browsertest.Tab(t, browsertest.Start(t), 10*time.Minute)
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	sets := searchindex.BenchQueries(ds)
	var all, allWall []float64
	for _, k := range []string{"full name", "unique fragment", "code", "code prefix", "two words", "legal rep",
		"shared fragment", "common 2-char", "common phrase"} {
		var script, wall []float64
		for _, q := range sets[k][:min(20, len(sets[k]))] {
			start := time.Now()
			err := chromedp.Do(tab, chromedp.Navigate(base+"search/?q="+url.QueryEscape(q)),
				chromedp.WaitVisible(`#search-results[data-state="done"]`))
			took := time.Since(start)
			ms, err2 := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('search-results').dataset.ms`))
			if err != nil || err2 != nil {
				t.Fatalf("%q: %v %v", q, err, err2)
			}
			f, _ := strconv.ParseFloat(ms, 64)
			script = append(script, f)
			wall = append(wall, float64(took.Microseconds())/1000)
		}
		all, allWall = append(all, script...), append(allWall, wall...)
		sort.Float64s(script)
		sort.Float64s(wall)
		t.Logf("%-16s %2d cold queries: query to results median %6.1f ms, max %6.1f; navigation to results median %6.1f ms",
			k, len(script), script[len(script)/2], script[len(script)-1], wall[len(wall)/2])
	}
	sort.Float64s(all)
	sort.Float64s(allWall)
	t.Logf("all %d cold queries: query to results median %.1f ms (max %.1f); navigation to results median %.1f ms",
		len(all), all[len(all)/2], all[len(all)-1], allWall[len(allWall)/2])
}
