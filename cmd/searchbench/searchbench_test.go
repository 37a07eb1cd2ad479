package main

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"creditsite/internal/browsertest"
	"creditsite/internal/gen"
)

// The benchmark itself (minutes: a 10k/50k site, Pagefind, Chromium) is
// run by hand; these tests check its parts on small data.

func smallCorpus(t *testing.T) (*corpus, []*enterprise, []caseQuery) {
	t.Helper()
	list := fromGen(gen.Generate(gen.Options{Enterprises: 200, Commitments: 800, Seed: 3}))
	extra, err := caseEnterprises()
	if err != nil {
		t.Fatal(err)
	}
	if len(extra) != 7 {
		t.Fatalf("cases: %d enterprises, want the 7 rows of %s", len(extra), casesCSV)
	}
	cs, err := loadCases()
	if err != nil {
		t.Fatal(err)
	}
	return newCorpus(append(slices.Clone(list), extra...)), list, cs
}

// TestSelectQueries checks the selection rule on generated data: the same
// seed gives the same queries, every generated query is relevant to the
// enterprise it was drawn from, unique fragments are unique, and each
// exact case is relevant to its enterprise after folding while no near
// miss is.
func TestSelectQueries(t *testing.T) {
	c, list, cs := smallCorpus(t)
	qs := selectQueries(c, list, 5, 1, cs)
	if again := selectQueries(c, list, 5, 1, cs); !reflect.DeepEqual(qs, again) {
		t.Error("the same seed selected other queries")
	}
	perKind := map[string]int{}
	for _, q := range qs {
		perKind[q.Kind]++
		e := c.byCode[q.Code]
		if e == nil {
			t.Fatalf("%s %q: no enterprise %s", q.Kind, q.Q, q.Code)
		}
		if got := relevant(e, q.Q); got == q.NearMiss {
			t.Errorf("%s %q: relevant to %s is %v", q.Kind, q.Q, e.Name, got)
		}
		if q.Matches != c.count(q.Q) || (q.Kind == kFragment && q.Matches != 1) {
			t.Errorf("%s %q: %d matches recorded, %d counted", q.Kind, q.Q, q.Matches, c.count(q.Q))
		}
	}
	for _, k := range []string{kFullName, kFragment, kCode, kPrefix, kRep, kTwoWords} {
		if perKind[k] != 5 {
			t.Errorf("%s: %d queries, want 5", k, perKind[k])
		}
	}
	if perKind[kSingle] != 5+1 || perKind[kNear] != 4 || perKind[kNoPunct] == 0 || perKind[kAcross] == 0 || perKind[kOtherMark] == 0 || perKind[kLatin] == 0 {
		t.Errorf("queries per kind %v: want 5 generated + 1 case single character, 4 near misses, every case kind", perKind)
	}
	if got := len(qs) - 6*5 - 5; got != len(cs) {
		t.Errorf("%d case queries, want %d", got, len(cs))
	}
}

func TestFold(t *testing.T) {
	e := newEnterprise("一汽—示范（宜昌）汽车销售有限公司", "9142050019KE7C8E6K", "杨春华")
	for q, want := range map[string]bool{
		"一汽-示范(宜昌)汽车": true, "一汽示范宜昌汽车": true, "汽—示": true, "９１４２０５００１９ke": true,
		"宜昌 销售": true, "杨春华": true, "宜昌 物流": false, "—": false, "汽车宜昌": false,
	} {
		if got := relevant(e, q); got != want {
			t.Errorf("relevant(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestSummarise checks the table's definitions on three measurements.
func TestSummarise(t *testing.T) {
	c, _, _ := smallCorpus(t)
	a, b := c.list[0], c.list[1]
	rel := func(code, q string) bool { return c.byCode[code] != nil && relevant(c.byCode[code], q) }
	ms := []measurement{
		{Engine: "x", query: query{Kind: kFullName, Q: a.Name, Code: a.Code, Matches: 1}, Bytes: 100, NavMS: 10, Exact: []string{b.Code, a.Code}},
		{Engine: "x", query: query{Kind: kFullName, Q: b.Name, Code: b.Code, Matches: 1}, Bytes: 300, NavMS: 30, Exact: []string{a.Code}},
		{Engine: "x", query: query{Kind: kFullName, Q: b.Name, Code: b.Code, Matches: 1}, Bytes: 200, NavMS: 20},
		// Found first in the second section, after five in the first.
		{Engine: "x", query: query{Kind: kNear, Q: "?", Code: a.Code, NearMiss: true}, Bytes: 50, NavMS: 5, Near: []nearList{
			{"部分匹配", codes(c.list[2:7])}, {"读音相近", []string{a.Code}}}},
		// Sixth of its section: not in its top 5.
		{Engine: "x", query: query{Kind: kNear, Q: "?", Code: a.Code, NearMiss: true}, Bytes: 60, NavMS: 6, Near: []nearList{
			{"部分匹配", append(codes(c.list[2:7]), a.Code)}}},
	}
	ss := summarise(ms, []string{"x"}, rel)
	if len(ss) != 3 || ss[0].Kind != kFullName || ss[1].Kind != kNear || ss[2].Kind != "all" {
		t.Fatalf("summaries %+v", ss)
	}
	s := ss[0]
	if s.Queries != 3 || s.BytesMedian != 200 || s.BytesMax != 300 || s.NavMedian != 20 || s.Hits != 1 || s.Eligible != 3 || s.Returned != 3 || s.Relevant != 1 || s.Empty != 1 {
		t.Errorf("full name: %+v", s)
	}
	if s := ss[1]; s.Hits != 1 || s.Eligible != 2 || s.Returned != 0 {
		t.Errorf("near misses (one first in its section, one sixth; no precision): %+v", s)
	}
	var md strings.Builder
	writeMarkdown(&md, ss, []string{"x"})
	if !strings.Contains(md.String(), "| full name | x | 3 | 0.2 / 0.3 | 20 (30) | 33% (1/3) | 0.33 | 1 |") {
		t.Errorf("markdown:\n%s", md.String())
	}
}

func codes(es []*enterprise) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Code)
	}
	return out
}

// TestServeGo checks the stand-in server: gzip for text types, none for
// Pagefind's pre-compressed files, and the bytes sent in its log.
func TestServeGo(t *testing.T) {
	dir, logs := t.TempDir(), t.TempDir()
	js := strings.Repeat("console.log('宜昌');\n", 200)
	os.WriteFile(filepath.Join(dir, "a.js"), []byte(js), 0o644)
	os.WriteFile(filepath.Join(dir, "b.pf_index"), []byte("already gzip"), 0o644)
	urls, stop, err := serveGo(logs, []site{{{"/xyyc/", dir}}}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	tail := &logTail{path: accessLog(logs, 0)}
	var sent []int64
	for _, name := range []string{"a.js", "b.pf_index"} {
		req, _ := http.NewRequest("GET", urls[0]+"/xyyc/"+name, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		sent = append(sent, int64(len(body)))
		gz := resp.Header.Get("Content-Encoding") == "gzip"
		if gz != (name == "a.js") {
			t.Errorf("%s: Content-Encoding %q", name, resp.Header.Get("Content-Encoding"))
		}
		if gz {
			zr, err := gzip.NewReader(strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			if plain, _ := io.ReadAll(zr); string(plain) != js {
				t.Errorf("%s: gunzipped body differs", name)
			}
		}
	}
	got, err := tail.take()
	if err != nil {
		t.Fatal(err)
	}
	want := []fetch{{"/xyyc/a.js", sent[0]}, {"/xyyc/b.pf_index", sent[1]}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("log %v, want %v", got, want)
	}
	if again, _ := tail.take(); len(again) != 0 {
		t.Errorf("second take %v, want nothing new", again)
	}
}

// nearPage stands in for creditsite's search page: exact results first,
// then near misses as the page shows them, by data-near: ?auto loads them
// at once ("loading", then "done"), otherwise they are offered on the
// button and load when it is pressed.
const nearPage = `<!doctype html><meta charset="utf-8"><div id="search-results"></div><script>
const r = document.getElementById('search-results'), auto = location.search.includes('auto');
const sections = '<section><h2>部分匹配</h2><p>与查询部分相同</p><ol><li><a href="../enterprises/B1/">B1</a></li><li><a href="../enterprises/B2/">B2</a></li></ol></section>' +
  '<section><h2>读音相近</h2><ol><li><a href="../enterprises/C1/">C1</a></li></ol></section>';
function load() { r.setAttribute('data-near', 'loading'); setTimeout(() => { document.getElementById('search-near').innerHTML = sections; r.setAttribute('data-near', 'done'); }, 300); }
setTimeout(() => {
  r.innerHTML = '<ol><li><a href="../enterprises/A1/">A1</a></li></ol><div id="search-near">' + (auto ? '' : '<button type="button" id="search-near-show">查看名称相近的企业</button>') + '</div>';
  r.setAttribute('data-near', auto ? 'loading' : 'offer');
  r.setAttribute('data-state', 'done');
  if (auto) load(); else document.getElementById('search-near-show').onclick = load;
}, 50);
</script>`

// TestOpenWaitsForNearMisses checks, in Chromium, that a measurement reads
// the page once its near misses are in, whether the page loads them by
// itself or, for a near miss, offers them on its button, and that it tells
// each labelled section's results from the exact ones.
func TestOpenWaitsForNearMisses(t *testing.T) {
	if browsertest.ChromiumPath() == "" {
		browsertest.Missing(t, "Chromium", "apt-get install chromium, or set CHROME_PATH")
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "search"), 0o755)
	os.WriteFile(filepath.Join(dir, "search", "index.html"), []byte(nearPage), 0o644)
	base := browsertest.Serve(t, dir, "/xyyc/")
	browser, stop, err := startBrowser(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	want := pageResult{Exact: []string{"A1"}, Near: []nearList{{"部分匹配", []string{"B1", "B2"}}, {"读音相近", []string{"C1"}}}}
	for _, c := range []struct {
		query string
		near  bool
		want  pageResult
	}{
		{"?auto", false, want},
		{"?offer", true, want},
		{"?offer", false, pageResult{Exact: []string{"A1"}, Near: []nearList{}}}, // not a near miss: the button is left alone
	} {
		tab, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
		ctx, cancel := context.WithTimeout(tab, 30*time.Second)
		got, done, err := open(ctx, base+"search/"+c.query, c.near)
		cancel()
		closeTab()
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		got.FCP = 0 // when the frame was presented: TestAB prints it
		if !reflect.DeepEqual(got, c.want) || done < 50 {
			t.Errorf("%s, near miss %v: %+v at %.0f ms, want %+v after 50 ms", c.query, c.near, got, done, c.want)
		}
	}
}

// TestServeGoOverH2 checks -h2: the stand-in server speaks HTTP/2 over
// TLS, with gzip as over HTTP/1.1.
func TestServeGoOverH2(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.js"), []byte(strings.Repeat("console.log('宜昌');\n", 200)), 0o644)
	urls, stop, err := serveGo(t.TempDir(), []site{{{"/xyyc/", dir}}}, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if !strings.HasPrefix(urls[0], "https://") {
		t.Fatalf("-h2 serves at %s", urls[0])
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, ForceAttemptHTTP2: true}}
	resp, err := client.Get(urls[0] + "/xyyc/a.js")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 || !resp.Uncompressed {
		t.Errorf("%s, gzip taken off by the client: %v; want HTTP/2.0 and gzip", resp.Proto, resp.Uncompressed)
	}
}
