package searchindex_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"creditsite/internal/browsertest"
	"creditsite/internal/gen"
	"creditsite/internal/model"
	"creditsite/internal/searchindex"
	"creditsite/internal/searchindex/analysis"
)

// searchCase is a query of testdata/cases/queries.json (a copy of the
// project's shared search cases, with the export of their enterprises)
// and the enterprise it must find: kind "exact" among the first ten
// results, kind "near-miss" in the top 5 of a near-miss section.
type searchCase struct {
	Q, Code, Name, Kind string
}

func exactCases(t *testing.T) []searchCase {
	t.Helper()
	exact := readCases(t, "exact")
	if len(exact) < 15 {
		t.Fatalf("%d exact cases in testdata/cases/queries.json", len(exact))
	}
	return exact
}

// readCases returns the cases of a kind.
func readCases(t *testing.T, kind string) []searchCase {
	t.Helper()
	b, err := os.ReadFile("testdata/cases/queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var all, out []searchCase
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

// casesSite builds the real site under /xyyc/ from generated exports
// (2,000 enterprises: common bigrams such as 有限, 公司, 宜昌 are common)
// with the cases' export beside them, as a county would send it.
func casesSite(t *testing.T) (string, *model.Dataset) {
	t.Helper()
	csv, err := os.ReadFile("testdata/cases/data/commitments/xiling.csv")
	if err != nil {
		t.Fatal(err)
	}
	out, ds := buildFrom(t, gen.Options{Enterprises: 2000, Commitments: 8000, Seed: 18}, map[string][]byte{"commitments/cases-xiling.csv": csv})
	for _, c := range exactCases(t) {
		if e := ds.Enterprise(c.Code); e == nil || e.Name != c.Name {
			t.Fatalf("case %q: %s %s not in the built site", c.Q, c.Code, c.Name)
		}
	}
	return out, ds
}

// TestCasesExact runs every exact case through the query engine in node
// on the built site's index: the case's enterprise is among the first
// ten results, and every result of the first ten matches the query.
func TestCasesExact(t *testing.T) {
	out, ds := casesSite(t)
	cases := exactCases(t)
	var qs []string
	for _, c := range cases {
		qs = append(qs, c.Q)
	}
	totals, ords := searchindex.TopOrdinals(t, out, 10, qs)
	for i, c := range cases {
		var codes []string
		for _, o := range ords[i] {
			codes = append(codes, ds.Enterprises[o].Code)
		}
		if !slices.Contains(codes, c.Code) {
			t.Errorf("%q: %s (%s) not in the first ten of %d results %v", c.Q, c.Name, c.Code, totals[i], codes)
		}
		want := matching(ds, c.Q, nil)
		if totals[i] != len(want) {
			t.Errorf("%q: %d results, %d enterprises match", c.Q, totals[i], len(want))
		}
		for _, code := range codes {
			if !slices.Contains(want, code) {
				t.Errorf("%q: result %s %s does not match", c.Q, code, ds.Enterprise(code).Name)
			}
		}
	}
}

// TestBrowserCases types every exact case into the search page of the
// built site, served under /xyyc/, in headless Chromium: the case's
// enterprise is on the first page, and its name is highlighted from the
// query's first character to its last, marks between them included.
func TestBrowserCases(t *testing.T) {
	out, ds := casesSite(t)
	base := browsertest.Serve(t, out, "/xyyc/")
	tab := browsertest.Tab(t, browsertest.Start(t), 120*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(base+"search/"), chromedp.WaitVisible(`#search-results[data-state="done"]`)); err != nil {
		t.Fatal(err)
	}
	s := searchTab{t, tab, base}
	for _, c := range exactCases(t) {
		r := s.search(c.Q)
		i := slices.Index(r.Codes, c.Code)
		if i < 0 {
			t.Errorf("%q: %s (%s) not on the first page %v; %s", c.Q, c.Name, c.Code, r.Codes, r.Summary)
			continue
		}
		if r.Names[i] != c.Name {
			t.Errorf("%q: shown as %q, want %q", c.Q, r.Names[i], c.Name)
		}
		marked, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...[...document.querySelectorAll('.search-hit a.search-name')][`+
			itoa(i)+`].querySelectorAll('mark')].map(m => m.textContent)`))
		if err != nil {
			t.Fatal(err)
		}
		if len(marked) != 1 || bare(marked[0]) != bare(c.Q) {
			t.Errorf("%q: %s marked %q", c.Q, c.Name, marked)
		}
		if n := len(matching(ds, c.Q, nil)); !strings.Contains(r.Summary, "找到 "+itoa(n)+" 家企业") {
			t.Errorf("%q: summary %q, want %d enterprises", c.Q, r.Summary, n)
		}
	}

	// A character common to many names finds them all, page by page.
	const common = "宏"
	want := matching(ds, common, nil)
	if len(want) <= 20 {
		t.Fatalf("%d names with %s: the test wants several pages", len(want), common)
	}
	r := s.search(common)
	got := r.Codes
	for r.Next {
		r = s.click(`#search-results a[rel=next]`)
		got = append(got, r.Codes...)
	}
	if !strings.Contains(r.Summary, "找到 "+itoa(len(want))+" 家企业") || len(got) != len(want) || !sameSet(got, want) {
		t.Errorf("%s: %d results over the pages (%q), want the %d enterprises with it", common, len(got), r.Summary, len(want))
	}
}

// bare is s folded as the index folds names, marks dropped.
func bare(s string) string { return analysis.Marks.ReplaceAllString(fold(s), "") }

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
