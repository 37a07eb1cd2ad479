package searchindex_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"creditsite/internal/browsertest"
)

// nearShown is what the search page shows of a query: the exact results'
// codes and its near-miss sections, each with its heading.
type nearShown struct {
	Exact    []string
	Sections []shownSection
	Loaded   []string // the resources fetched below /xyyc/
}

type shownSection struct {
	Heading, LabelledBy string
	Codes               []string
}

const readNear = `(() => {
  const r = document.getElementById('search-results');
  const codes = (el) => [...el.querySelectorAll('.search-hit a.search-name')].map(a => decodeURIComponent(a.pathname.split('/').at(-2)));
  return {Exact: codes({querySelectorAll: (s) => r.querySelectorAll(':scope > ol ' + s)}),
    Sections: [...r.querySelectorAll('section.search-near')].map(s => ({Heading: (s.querySelector('h2') || {}).textContent || '',
      LabelledBy: (document.getElementById(s.getAttribute('aria-labelledby')) || {}).textContent || '', Codes: codes(s)})),
    Loaded: performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)};
})()`

// TestBrowserNearMisses opens the search page of a real site under
// /xyyc/ for every near-miss case of testdata/cases in a fresh tab: the
// case's enterprise is in the top 5 of its section, under an h2 heading
// that labels the section, and never among the exact results. A query
// with enough exact matches loads neither near.js, nearview.js nor the
// near-miss files.
func TestBrowserNearMisses(t *testing.T) {
	out, ds := casesSite(t)
	base := browsertest.Serve(t, out, "/xyyc/")
	browser := browsertest.Start(t)
	open := func(q, wait string) nearShown {
		t.Helper()
		tab := browsertest.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.Navigate(base+"search/?q="+url.QueryEscape(q)), chromedp.WaitVisible(wait)); err != nil {
			html, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('search-results').outerHTML`))
			t.Fatalf("%s: %v; %.400s", q, err, html)
		}
		r, err := chromedp.Run(tab, chromedp.Evaluate[nearShown](readNear))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, c := range readCases(t, "near-miss") {
		r := open(c.Q, `#search-near[data-state="done"]`)
		label, _ := nearSection(c)
		i := slices.IndexFunc(r.Sections, func(s shownSection) bool { return s.Heading == label })
		switch {
		case slices.Contains(r.Exact, c.Code):
			t.Errorf("%q: %s among the exact results %v", c.Q, c.Name, r.Exact)
		case i < 0:
			t.Errorf("%q: no section %s: %+v", c.Q, label, r.Sections)
		case r.Sections[i].LabelledBy != label:
			t.Errorf("%q: section %s labelled by %q", c.Q, label, r.Sections[i].LabelledBy)
		case !slices.Contains(r.Sections[i].Codes[:min(5, len(r.Sections[i].Codes))], c.Code):
			t.Errorf("%q: %s not in the top 5 of %s: %v", c.Q, c.Name, label, r.Sections[i].Codes)
		}
		if !slices.ContainsFunc(r.Loaded, func(p string) bool { return strings.HasPrefix(p, "/xyyc/js/search/nearview.js") }) {
			t.Errorf("%q: nearview.js not loaded: %v", c.Q, r.Loaded)
		}
	}
	// A full name finds itself: no near misses, nothing of them loaded
	// (the page offers them for fewer than 3 matches unless one is exact).
	e := ds.Enterprises[len(ds.Enterprises)/2]
	r := open(e.Name, `#search-results[data-state="done"]`)
	if len(r.Sections) > 0 || slices.ContainsFunc(r.Loaded, func(p string) bool {
		return strings.Contains(p, "/near") || strings.HasPrefix(p, "/xyyc/search/n/") || strings.HasPrefix(p, "/xyyc/search/k/")
	}) {
		t.Errorf("%s: near misses shown or loaded: %+v", e.Name, r)
	}
}
