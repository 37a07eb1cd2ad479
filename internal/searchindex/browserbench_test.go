package searchindex

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserTiming measures, when SEARCH_BENCH is set, cold queries in
// headless Chromium on the 10k/50k data: every response is sent with
// Cache-Control: no-store, so each query loads the page, search.js and its
// index files anew. It logs the median time from the script starting the
// query to rendered results, and from navigation to rendered results.
func TestBrowserTiming(t *testing.T) {
	if os.Getenv("SEARCH_BENCH") == "" {
		t.Skip("set SEARCH_BENCH=1 to time cold queries in Chromium")
	}
	ds := generate(10000, 50000)
	dir := t.TempDir()
	buildSite(t, ds, dir)
	ctx := newBrowser(t)
	files := http.StripPrefix("/xyyc/", http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()

	sets := querySets(ds)
	var script, wall []float64
	for _, k := range []string{"full name", "unique fragment", "code", "two words", "legal rep"} {
		for _, q := range sets[k][:20] {
			qctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			start := time.Now()
			err := chromedp.Do(qctx, chromedp.Navigate(srv.URL+"/xyyc/search/?q="+url.QueryEscape(q.q)),
				chromedp.WaitVisible(chromedp.CSS(`#search-results[data-state="done"]`)))
			took := time.Since(start)
			ms, err2 := chromedp.Run(qctx, chromedp.Evaluate[string](`document.getElementById('search-results').dataset.ms`))
			cancel()
			if err != nil || err2 != nil {
				t.Fatalf("%q: %v %v", q.q, err, err2)
			}
			f, _ := strconv.ParseFloat(ms, 64)
			script = append(script, f)
			wall = append(wall, float64(took.Microseconds())/1000)
		}
	}
	sort.Float64s(script)
	sort.Float64s(wall)
	t.Logf("%d cold queries: query to rendered results median %.1f ms (max %.1f); navigation to rendered median %.1f ms",
		len(script), script[len(script)/2], script[len(script)-1], wall[len(wall)/2])
}
