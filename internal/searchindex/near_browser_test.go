package searchindex_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"creditsite/internal/browsertest"
	"creditsite/internal/searchindex"
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
// /xyyc/ for every near-miss case of testdata/cases in a fresh tab (none
// has an exact match: the page shows near misses by itself, and says
// data-near="done" once they are in): the case's enterprise is in the
// top 5 of its section, under an h2 heading that labels the section, and
// never among the exact results. A query with enough exact matches loads
// neither near.js, nearview.js nor the near-miss files.
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
		r := open(c.Q, `#search-results[data-near="done"]`)
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
	r := open(e.Name, `#search-results[data-state="done"][data-near="none"]`)
	if len(r.Sections) > 0 || slices.ContainsFunc(r.Loaded, func(p string) bool {
		return nearFile(p)
	}) {
		t.Errorf("%s: near misses shown or loaded: %+v", e.Name, r)
	}
}

// nearFile reports whether a path below /xyyc/ is one only near misses
// load: their modules, the near file, the character table.
func nearFile(p string) bool {
	return strings.Contains(p, "/near") || strings.HasPrefix(p, "/xyyc/search/n/") || strings.HasPrefix(p, "/xyyc/search/k/")
}

// TestBrowserNearMissesOnRequest opens, on a phone-sized screen (390 px),
// a query that finds one enterprise, not by its exact name: the page
// offers near misses on a button and loads nothing of them (modules, near
// file, character table) until it is pressed. Pressed from the keyboard,
// it shows the sections the query engine and near.js find in node, moves
// the focus to them and says politely what it found.
func TestBrowserNearMissesOnRequest(t *testing.T) {
	out, ds := casesSite(t)
	q, want := offeredQuery(t, out)
	base := browsertest.Serve(t, out, "/xyyc/")
	tab := browsertest.Tab(t, browsertest.Start(t), 60*time.Second)
	do(t, tab, "open "+q, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"search/?q="+url.QueryEscape(q)), chromedp.WaitVisible(`#search-results[data-state="done"][data-near="offer"] #search-near-show`))
	r := run(t, tab, "read", chromedp.Evaluate[nearShown](readNear))
	if len(r.Exact) != 1 || len(r.Sections) > 0 || slices.ContainsFunc(r.Loaded, nearFile) {
		t.Errorf("%q before the button: %+v; want one exact result, no section, no near-miss file loaded", q, r)
	}
	fits := run(t, tab, "measure", chromedp.Evaluate[bool](`(() => { const b = document.getElementById('search-near-show').getBoundingClientRect();
      return b.width > 0 && b.left >= 0 && b.right <= document.documentElement.clientWidth; })()`))
	if !fits {
		t.Errorf("%q: the button does not fit a 390 px screen", q)
	}
	do(t, tab, "press the button", chromedp.Focus(`#search-near-show`), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`#search-results[data-near="done"] section.search-near`))
	r = run(t, tab, "read", chromedp.Evaluate[nearShown](readNear))
	var got []string
	for _, s := range r.Sections {
		if s.LabelledBy != s.Heading {
			t.Errorf("%q: section %s labelled by %q", q, s.Heading, s.LabelledBy)
		}
		got = append(got, s.Heading+":"+strings.Join(s.Codes, ","))
	}
	var wantS []string
	for _, s := range []struct {
		label string
		ords  []int
	}{{"部分匹配", want.Partial}, {"读音相近", want.Sounds}} {
		var codes []string
		for _, o := range s.ords {
			codes = append(codes, ds.Enterprises[o].Code)
		}
		if len(codes) > 0 {
			wantS = append(wantS, s.label+":"+strings.Join(codes, ","))
		}
	}
	if !slices.Equal(got, wantS) || !slices.ContainsFunc(r.Loaded, nearFile) {
		t.Errorf("%q after the button: sections %v, want %v (node); loaded %v", q, got, wantS, r.Loaded)
	}
	focus := run(t, tab, "focus", chromedp.Evaluate[string](`document.activeElement.id`))
	run(t, tab, "status", chromedp.Poll[bool](`document.getElementById('search-status').textContent.startsWith('名称相近的企业：')`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if focus != "search-near" {
		t.Errorf("%q: focus on #%s after the button, want the near misses (#search-near)", q, focus)
	}
}

// offeredQuery returns an exact case's query that finds one enterprise,
// not by its exact name, and has near misses (in node), with them.
func offeredQuery(t *testing.T, out string) (string, searchindex.NearResult) {
	t.Helper()
	var qs []string
	for _, c := range exactCases(t) {
		qs = append(qs, c.Q)
	}
	for i, r := range searchindex.RunNear(t, out, false, qs) {
		if r.Total == 1 && len(r.Partial)+len(r.Sounds) > 0 {
			return qs[i], r
		}
	}
	t.Fatal("no exact case finds one enterprise and has near misses")
	return "", searchindex.NearResult{}
}
