package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// abOptions are the flags of an A/B run (-ab).
type abOptions struct {
	sites   []string // public folders built with --base-url /xyyc/
	queries []string
	runs    int    // cold runs per query and site
	trace   string // write a Chrome trace of the first site's first query here
	timings bool   // print one more run's timeline per query and site
}

// ab compares creditsite search pages side by side without building
// anything: each site folder is served (as bench serves, under /xyyc/)
// and each query opened cold runs times per site, the sites taken in turn
// so that the machine's load weighs on every site alike. It prints each
// query's median time per site, navigation to rendered results, and the
// median first contentful paint (when the page first shows anything); when
// asked, prints the timeline of one more run per query and site (what the
// page's Performance API saw: milestones, fetches and marks) and writes a
// Chrome trace of one run (chrome://tracing, Perfetto), where the
// renderer's main thread shows what the page waits for. Tracing slows the
// page down, by half or more on a small machine; the timeline does not.
func ab(o options, a abOptions, w io.Writer) error {
	work, err := os.MkdirTemp("", "creditsite-searchbench-ab-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	var sites []site
	for _, dir := range a.sites {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return err
		}
		sites = append(sites, site{{"/xyyc/", abs}})
	}
	var rep report
	bases, stop, err := serve(o, filepath.Join(work, "server"), sites, &rep)
	if err != nil {
		return err
	}
	defer stop()
	browser, done, err := startBrowser(filepath.Join(work, "chromium"), o.h2)
	if err != nil {
		return err
	}
	defer done()
	page := func(i int, q string) string { return bases[i] + "/xyyc/search/?q=" + url.QueryEscape(q) }
	fmt.Fprintf(w, "%s, load %s\n", rep.Server, loadavg())
	for _, q := range a.queries {
		times, paints := make([][]float64, len(sites)), make([][]float64, len(sites))
		for r := 0; r < a.runs*len(sites); r++ {
			i := r % len(sites)
			ms, fcp, err := coldRun(browser, page(i, q))
			if err != nil {
				return err
			}
			times[i], paints[i] = append(times[i], ms), append(paints[i], fcp)
		}
		for i, ts := range times {
			slices.Sort(ts)
			slices.Sort(paints[i])
			fmt.Fprintf(w, "%s\t%s\tmedian %.0f ms\t%.0f\tfirst paint %.0f ms\n", q, a.sites[i], ts[len(ts)/2], ts, paints[i][len(ts)/2])
		}
	}
	if a.timings {
		for _, q := range a.queries {
			for i := range sites {
				if err := writeTimings(browser, page(i, q), w); err != nil {
					return err
				}
			}
		}
	}
	if a.trace != "" {
		return writeTrace(browser, page(0, a.queries[0]), a.trace)
	}
	return nil
}

// coldRun opens pageURL in a new browser context and returns when its
// results were rendered and when it first painted anything (the
// header, the form: first contentful paint), in ms since navigation
// start.
func coldRun(browser context.Context, pageURL string) (float64, float64, error) {
	tab, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer closeTab()
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	r, ms, err := open(ctx, pageURL, false)
	return ms, r.FCP, err
}

// writeTrace opens pageURL cold once with Chrome's tracing on (the
// timeline, V8, Blink and loading categories) and writes the trace
// events to file as a JSON array.
func writeTrace(browser context.Context, pageURL, file string) error {
	tab, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer closeTab()
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	var mu sync.Mutex
	var events []any
	complete := make(chan struct{})
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			for _, v := range e.Value {
				events = append(events, v)
			}
		case *tracing.EventTracingComplete:
			close(complete)
		}
	})
	if err != nil {
		return err
	}
	categories := []string{"devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.execute", "blink", "loading", "toplevel", "blink.user_timing"}
	if _, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{IncludedCategories: categories}}); err != nil {
		return err
	}
	if _, _, err := open(ctx, pageURL, false); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
		return err
	}
	select {
	case <-complete:
	case <-ctx.Done():
		return ctx.Err()
	}
	mu.Lock()
	defer mu.Unlock()
	data, err := json.Marshal(events)
	if err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}
