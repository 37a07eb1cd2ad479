package searchindex_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"creditsite/internal/browsertest"
	"creditsite/internal/build"
	"creditsite/internal/gen"
	"creditsite/internal/model"
	"creditsite/internal/searchindex"
)

// buildSite writes generated county exports into a source folder and
// builds the real site from it, as `creditsite build --base-url /xyyc/`
// does. It returns the output folder and the dataset the build read.
func buildSite(t testing.TB, enterprises, commitments int) (string, *model.Dataset) {
	t.Helper()
	return buildFrom(t, gen.Options{Enterprises: enterprises, Commitments: commitments, Seed: 11}, nil)
}

// buildFrom builds the site under /xyyc/ from exports generated with opts
// and the extra files (paths below data/), as a county would send them.
func buildFrom(t testing.TB, opts gen.Options, extra map[string][]byte) (string, *model.Dataset) {
	t.Helper()
	src := t.TempDir()
	if err := gen.Generate(opts).Write(filepath.Join(src, "data")); err != nil {
		t.Fatal(err)
	}
	for name, data := range extra {
		if err := os.WriteFile(filepath.Join(src, "data", filepath.FromSlash(name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := build.Run(build.Options{Source: src, BaseURL: "/xyyc/", Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ingest.HasErrors() || rep.Search == nil {
		t.Fatalf("build: problems %v, search %v", rep.Ingest.Problems, rep.Search)
	}
	return rep.Out, rep.Ingest.Dataset
}

// indexFile is the path of an index file the search page may fetch below
// /xyyc/: meta.json, or a file named by its hash, without a query string.
var indexFile = regexp.MustCompile(`^/xyyc/search/(meta\.json|[tpfk]/[0-9a-f]{12}\.bin|c/[0-9a-f]{12}\.txt|[dn]/[0-9a-f]{12}\.json)$`)

// checkFetches checks that the page asked for index files by their hashed
// names alone: a CDN whose cache key ignores query strings caches them
// right, and no file can be of another build than the meta.json.
func checkFetches(t *testing.T, tab context.Context) {
	t.Helper()
	urls, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => e.name).filter(n => new URL(n).pathname.startsWith('/xyyc/search/'))`))
	if err != nil {
		t.Fatal(err)
	}
	// The page's modules, by contrast, carry their digests (see
	// internal/site's digestAssets), imported ones included.
	modules, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => e.name).filter(n => new URL(n).pathname.startsWith('/xyyc/js/search/'))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(modules) < 4 {
		t.Errorf("modules fetched: %v, want ui, engine, format and analysis", modules)
	}
	for _, u := range modules {
		if p, err := url.Parse(u); err != nil || !strings.HasPrefix(p.RawQuery, "v=") {
			t.Errorf("module fetched without its digest: %s", u)
		}
	}
	files := 0
	for _, u := range urls {
		p, err := url.Parse(u)
		if err != nil || p.RawQuery != "" || !indexFile.MatchString(p.Path) {
			t.Errorf("index file fetched by another name than its hash: %s", u)
		}
		if !strings.HasSuffix(p.Path, "/meta.json") {
			files++
		}
	}
	if files == 0 {
		t.Errorf("no index file fetched: %v", urls)
	}
}

// shown is what the results area of the search page displays.
type shown struct {
	URL, Summary, Text, Input string
	Codes                     []string // of the result links, in order
	Names                     []string
	Marked                    int // <mark> elements in result names
	Next                      bool
}

const readResults = `(() => {
  const r = document.getElementById('search-results');
  const hits = [...r.querySelectorAll('.search-hit a.search-name')];
  return {URL: location.href, Summary: (r.querySelector('.search-summary') || {}).textContent || '',
    Text: r.textContent, Input: document.getElementById('search-q').value,
    Codes: hits.map(a => decodeURIComponent(a.pathname.split('/').at(-2))), Names: hits.map(a => a.textContent),
    Marked: r.querySelectorAll('.search-hit a.search-name mark').length, Next: !!r.querySelector('a[rel=next]')};
})()`

// searchTab drives the search page of a site served at base.
type searchTab struct {
	t    *testing.T
	tab  context.Context
	base string
}

// do runs actions that change the results, then waits until the page has
// rendered new ones.
func (s searchTab) do(what string, actions ...chromedp.Action[chromedp.Void]) shown {
	s.t.Helper()
	stale := chromedp.Evaluate[bool](`document.getElementById('search-results').removeAttribute('data-state'), document.getElementById('search-q').value = '', true`)
	if _, err := chromedp.Run(s.tab, stale); err != nil {
		s.t.Fatalf("%s: %v", what, err)
	}
	actions = append(actions, chromedp.WaitVisible(`#search-results[data-state="done"]`))
	if err := chromedp.Do(s.tab, actions...); err != nil {
		html, _ := chromedp.Run(s.tab, chromedp.Evaluate[string](`document.getElementById('search-results').outerHTML`))
		s.t.Fatalf("%s: %v; results: %.300s", what, err, html)
	}
	r, err := chromedp.Run(s.tab, chromedp.Evaluate[shown](readResults))
	if err != nil {
		s.t.Fatalf("%s: %v", what, err)
	}
	return r
}

// search types q into the page's emptied search box and presses Enter.
func (s searchTab) search(q string) shown {
	s.t.Helper()
	return s.do("search "+q, chromedp.SendKeys(`#search-q`, q+kb.Enter))
}

func (s searchTab) click(sel string) shown {
	s.t.Helper()
	return s.do("click "+sel, chromedp.Click(sel))
}

// TestBrowserCarriesMeta: the search page carries meta.json, the same
// data as search/meta.json, so that a cold query fetches its dictionary
// shards first, with no request for meta.json before them.
func TestBrowserCarriesMeta(t *testing.T) {
	out, ds := buildSite(t, 40, 400)
	page, err := os.ReadFile(filepath.Join(out, "search", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<script type="application/json" id="search-meta">([^<]+)</script>`).FindSubmatch(page)
	file, err := os.ReadFile(filepath.Join(out, "search", "meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	var carried, written any
	if m == nil || json.Unmarshal(m[1], &carried) != nil || json.Unmarshal(file, &written) != nil || !reflect.DeepEqual(carried, written) {
		t.Fatalf("the search page does not carry search/meta.json:\n%.300s", page)
	}
	base := browsertest.Serve(t, out, "/xyyc/")
	tab := browsertest.Tab(t, browsertest.Start(t), 90*time.Second)
	e, _, _ := pickTarget(t, ds)
	if err := chromedp.Do(tab, chromedp.Navigate(base+"search/?q="+url.QueryEscape(e.Name)), chromedp.WaitVisible(`#search-results[data-state="done"]`)); err != nil {
		t.Fatal(err)
	}
	fetched, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.startsWith('/xyyc/search/'))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(fetched) == 0 || slices.Contains(fetched, "/xyyc/search/meta.json") || !strings.HasPrefix(fetched[0], "/xyyc/search/t/") {
		t.Errorf("index files fetched: %v; want a dictionary shard first and no meta.json", fetched)
	}
	if r, err := chromedp.Run(tab, chromedp.Evaluate[shown](readResults)); err != nil || len(r.Codes) == 0 || r.Codes[0] != e.Code {
		t.Errorf("%s: results %v, %v", e.Name, r.Codes, err)
	}
}

// TestBrowserSearch types every kind of query into the search page of a
// real site built under the sub-path /xyyc/ and checks the results
// against the data: full name, fragment, two words, codes in lower case,
// full width and by prefix, legal representative, a facet filter, paging
// and the back button.
func TestBrowserSearch(t *testing.T) {
	out, ds := buildSite(t, 40, 400)
	base := browsertest.Serve(t, out, "/xyyc/")
	tab := browsertest.Tab(t, browsertest.Start(t), 90*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(base+"search/"), chromedp.WaitVisible(`#search-results[data-state="done"]`)); err != nil {
		t.Fatal(err)
	}
	s := searchTab{t, tab, base}
	e, frag, two := pickTarget(t, ds)

	check := func(what string, got shown, want []string, ordered bool) {
		t.Helper()
		if !strings.Contains(got.Summary, fmt.Sprintf("找到 %d 家企业", len(want))) {
			t.Errorf("%s: summary %q, want %d matches", what, got.Summary, len(want))
		}
		switch {
		case ordered && !slices.Equal(got.Codes, want):
			t.Errorf("%s: results %v, want %v", what, got.Codes, want)
		case len(want) <= 10 && !sameSet(got.Codes, want):
			t.Errorf("%s: results %v, want %v", what, got.Codes, want)
		case len(want) > 10 && (len(got.Codes) != 10 || slices.ContainsFunc(got.Codes, func(c string) bool { return !slices.Contains(want, c) })):
			t.Errorf("%s: first page %v, want 10 of %d matches", what, got.Codes, len(want))
		}
	}

	r := s.search(e.Name)
	if len(r.Codes) == 0 || r.Codes[0] != e.Code || r.Names[0] != e.Name {
		t.Errorf("full name %s: first result %v %v", e.Name, r.Codes, r.Names)
	}
	check("full name", r, matching(ds, e.Name, nil), false)
	checkFetches(t, tab)

	r = s.search(frag)
	check("fragment "+frag, r, matching(ds, frag, nil), false)
	if r.Marked < len(r.Codes) {
		t.Errorf("fragment %s: %d names highlighted of %d", frag, r.Marked, len(r.Codes))
	}
	r = s.search(two)
	check("two words "+two, r, matching(ds, two, nil), false)
	if !slices.Contains(r.Codes, e.Code) {
		t.Errorf("two words %s: %s not found", two, e.Code)
	}

	for _, q := range []string{strings.ToLower(e.Code), searchindex.FullWidth(e.Code), searchindex.FullWidth(strings.ToLower(e.Code))} {
		check("code "+q, s.search(q), []string{e.Code}, true)
	}
	prefix := e.Code[:8]
	r = s.search(prefix)
	check("code prefix "+prefix, r, matching(ds, prefix, nil), false)

	r = s.search(e.LegalRep)
	check("legal representative "+e.LegalRep, r, matching(ds, e.LegalRep, nil), false)

	// A filter chosen in the facet panel, then removed again.
	all := s.search("公司")
	check("公司", all, matching(ds, "公司", nil), false)
	if err := chromedp.Do(tab, chromedp.Click(`#search-facet-panel summary`), chromedp.WaitVisible(`#search-facet-panel[data-state="done"] [data-facet="type"] a`)); err != nil {
		t.Fatalf("opening the facet panel: %v", err)
	}
	slug, err := chromedp.Run(tab, chromedp.Evaluate[string](`new URL(document.querySelector('[data-facet="type"] a').href).searchParams.get('type')`))
	if err != nil {
		t.Fatal(err)
	}
	r = s.click(`[data-facet="type"] a`)
	ofType := func(e *model.Enterprise) bool {
		return slices.ContainsFunc(e.Commitments, func(c *model.Commitment) bool { return c.Type.Slug() == slug })
	}
	check("公司 filtered by type "+slug, r, matching(ds, "公司", ofType), false)
	if !strings.Contains(r.URL, "type="+slug) || !strings.Contains(r.Text, "筛选条件") {
		t.Errorf("filter: address %s, text %.200s", r.URL, r.Text)
	}
	r = s.click(`.search-filter`)
	check("filter removed", r, matching(ds, "公司", nil), false)

	// Paging through links and back with the browser's back button.
	if !all.Next {
		t.Fatalf("公司: no next page: %+v", all)
	}
	r = s.click(`#search-results a[rel=next]`)
	if !strings.Contains(r.URL, "page=2") || len(r.Codes) == 0 || r.Codes[0] == all.Codes[0] {
		t.Errorf("next page: %s, %v", r.URL, r.Codes)
	}
	r = s.do("back", chromedp.NavigateBack())
	if r.URL != all.URL || !slices.Equal(r.Codes, all.Codes) || r.Input != "公司" {
		t.Errorf("back: %s %v, input %q; want %s %v", r.URL, r.Codes, r.Input, all.URL, all.Codes)
	}

	r = s.search("不存在的企业名称")
	if len(r.Codes) != 0 || !strings.Contains(r.Text, "没有找到") {
		t.Errorf("no match: %+v", r)
	}

	// A result links to the enterprise's page of the built site.
	s.search(e.Name)
	if err := chromedp.Do(tab, chromedp.Click(`.search-hit a.search-name`), chromedp.WaitVisible(`main h1`)); err != nil {
		t.Fatal(err)
	}
	h1, err := chromedp.Run(tab, chromedp.Evaluate[string](`location.pathname + ' ' + document.querySelector('main h1').textContent`))
	if err != nil || !strings.Contains(h1, "/xyyc/enterprises/"+e.Code+"/") || !strings.Contains(h1, e.Name) {
		t.Errorf("enterprise page: h1 %q, %v", h1, err)
	}
}

// TestBrowserSearchAcrossPublish keeps the search page open while the
// site is published again with other data, which deletes the old index
// files: the page's next query, whose files the meta.json it carries
// names, finds them gone and starts over from the new meta.json.
func TestBrowserSearchAcrossPublish(t *testing.T) {
	before, old := buildSite(t, 40, 400)
	after, ds := buildSite(t, 60, 600)
	i := slices.IndexFunc(ds.Enterprises, func(e *model.Enterprise) bool { return old.Enterprise(e.Code) == nil && e.LegalRep != "" })
	if i < 0 {
		t.Fatal("every enterprise was there before the publish")
	}
	e := ds.Enterprises[i]
	site := t.TempDir()
	if err := os.CopyFS(site, os.DirFS(before)); err != nil {
		t.Fatal(err)
	}
	base := browsertest.Serve(t, site, "/xyyc/")
	tab := browsertest.Tab(t, browsertest.Start(t), 90*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(base+"search/?q=公司"), chromedp.WaitVisible(`#search-results[data-state="done"]`)); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(site, "search")
	if err := os.RemoveAll(index); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(index, os.DirFS(filepath.Join(after, "search"))); err != nil {
		t.Fatal(err)
	}
	r := searchTab{t, tab, base}.search(e.Name)
	if len(r.Codes) == 0 || r.Codes[0] != e.Code {
		t.Errorf("%s after the publish: results %v, want %s first; %.200s", e.Name, r.Codes, e.Code, r.Text)
	}
	// The page carried the first meta.json: the new one is fetched once.
	metas, err := chromedp.Run(tab, chromedp.Evaluate[int](`performance.getEntriesByType('resource').filter(e => e.name.endsWith('/search/meta.json')).length`))
	if err != nil || metas != 1 {
		t.Errorf("meta.json fetched %d times, want once (%v)", metas, err)
	}
	checkFetches(t, tab)
}

// pickTarget chooses an enterprise, a fragment of its name that a few
// other names share, and a two-word query (its place, then a later part
// of its name) that finds at most ten enterprises.
func pickTarget(t *testing.T, ds *model.Dataset) (e *model.Enterprise, frag, two string) {
	for _, e := range ds.Enterprises {
		rs := []rune(e.Name)
		if len(rs) < 8 || e.LegalRep == "" {
			continue
		}
		frag, two = "", ""
		for n := 4; n >= 2 && frag == ""; n-- {
			for at := 0; at+n <= len(rs); at++ {
				f := string(rs[at : at+n])
				if c := len(matching(ds, f, nil)); c >= 2 && c <= 10 && !strings.Contains(f, "公司") {
					frag = f
					break
				}
			}
		}
		q := string(rs[:2]) + " " + string(rs[2:5])
		if c := len(matching(ds, q, nil)); c >= 1 && c <= 10 {
			two = q
		}
		if frag != "" && two != "" {
			return e, frag, two
		}
	}
	t.Fatal("no enterprise suits the test")
	return
}

// matching returns the codes of the enterprises that have every word of
// q in their name (marks aside: see bare), legal representative,
// commitment items or certificate names (or, for a word of 6+ letters and
// digits, at the start of their code), and pass keep.
func matching(ds *model.Dataset, q string, keep func(*model.Enterprise) bool) []string {
	var out []string
	for _, e := range ds.Enterprises {
		texts := []string{e.LegalRep}
		for _, c := range e.Commitments {
			texts = append(texts, c.Item)
		}
		for _, d := range e.Disclosures {
			texts = append(texts, d.CertName)
		}
		ok := keep == nil || keep(e)
		for _, w := range strings.Fields(fold(q)) {
			code := len(w) >= 6 && strings.IndexFunc(w, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) && !unicode.IsDigit(r) }) < 0 &&
				strings.HasPrefix(strings.ToLower(e.Code), w)
			name := bare(w) != "" && strings.Contains(bare(e.Name), bare(w))
			ok = ok && (code || name || slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(fold(s), w) }))
		}
		if ok {
			out = append(out, e.Code)
		}
	}
	return out
}

// fold lower-cases and maps full-width ASCII to ASCII, as the index does.
func fold(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s))
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// A site opened from disk says how to view it rather than failing: a
// banner on every page, and the search page says it cannot search there.
func TestBrowserOpenedFromDisk(t *testing.T) {
	out, _ := buildSite(t, 10, 40)
	tab := browsertest.Tab(t, browsertest.Start(t), 60*time.Second)
	err := chromedp.Do(tab,
		chromedp.Navigate("file://"+filepath.ToSlash(out)+"/search/index.html"),
		chromedp.WaitVisible(`#search-results[data-state="file"]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	texts, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[document.querySelector('.file-banner').textContent, document.getElementById('search-results').textContent]`))
	if err != nil {
		t.Fatal(err)
	}
	banner, results := texts[0], texts[1]
	if !strings.Contains(banner, "creditsite serve") || !strings.Contains(results, "无法搜索") || !strings.Contains(results, "预览网站.bat") {
		t.Errorf("opened from disk: banner %q, results %q", banner, results)
	}
	if err := chromedp.Do(tab, chromedp.Navigate("file://"+filepath.ToSlash(out)+"/index.html"), chromedp.WaitVisible(`.file-banner`)); err != nil {
		t.Errorf("home page opened from disk has no banner: %v", err)
	}
}
