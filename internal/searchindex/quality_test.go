package searchindex

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"creditsite/internal/minify"
	"creditsite/internal/model"
	"creditsite/internal/searchindex/analysis"
	"creditsite/internal/searchindex/document"
)

// TestSearchQuality is the benchmark of the issue: on generated data
// (10,000 disclosures + 50,000 commitments; a tenth of that with -short)
// it runs the query kinds through the query engine, cold, and checks the top-10
// recall and precision targets. It logs the index build time and size and
// the gzip bytes each cold query transfers (the search modules included).
func TestSearchQuality(t *testing.T) {
	needNode(t)
	nd, nc := 10000, 50000
	if testing.Short() {
		nd, nc = 1000, 5000
	}
	ds := generate(nd, nc)
	dir := t.TempDir()
	start := time.Now()
	st, err := Build(ds, dirFiles(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d disclosures + %d commitments: %d enterprises indexed and exported in %v: %d terms, %d shards, %d files, %.1f MB",
		nd, nc, st.Documents, time.Since(start).Round(time.Millisecond), st.Terms, st.Shards, st.Files, float64(st.Bytes)/1e6)
	meta, err := os.Stat(filepath.Join(dir, MetaName))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("meta.json: %.1f KB, %.1f KB gzip", float64(meta.Size())/1024, float64(gzSize(t, filepath.Join(dir, MetaName)))/1024)

	sets := querySets(ds)
	var all []jsQuery
	for _, k := range queryKinds {
		for _, q := range sets[k] {
			all = append(all, jsQuery{Q: q.q, Filters: q.filters})
		}
	}
	res := runJS(t, dir, 10, true, all)

	// The page's modules as published (minified), each a request of its
	// own (gzip per file), but near.js and nearview.js, which the page
	// imports only for near misses.
	modules, err := filepath.Glob("../../layouts/static/js/search/*.js")
	if err != nil || len(modules) == 0 {
		t.Fatalf("no search modules: %v", err)
	}
	modules = slices.DeleteFunc(modules, func(m string) bool { return strings.HasPrefix(filepath.Base(m), "near") })
	jsGz := 0
	for _, m := range modules {
		jsGz += gzMinified(t, m)
	}
	sizes := map[string]int{}
	size := func(fs []string) int {
		n := 0
		for _, f := range fs {
			if _, ok := sizes[f]; !ok {
				sizes[f] = gzSize(t, filepath.Join(dir, f))
			}
			n += sizes[f]
		}
		return n
	}
	targets := map[string]float64{"full name": 1, "unique fragment": 1, "code": 1, "two words": 0.95}
	var relevant, returned, panel int
	i := 0
	for _, k := range queryKinds {
		found := 0
		var bytes []int
		for _, q := range sets[k] {
			r := res[i]
			i++
			for rank, o := range r.Ords {
				if ds.Enterprises[o].Code == q.code {
					found++
					if (k == "full name" || k == "code") && rank != 0 {
						t.Errorf("%s %q: ranked %d", k, q.q, rank+1)
					}
				}
				returned++
				if matches(ds.Enterprises[o], q.q) && hasFilters(ds.Enterprises[o], q.filters) {
					relevant++
				} else {
					t.Errorf("%s %q %v: result %s does not match", k, q.q, q.filters, ds.Enterprises[o].Name)
				}
			}
			// A full name's rare bigrams leave a few candidates, which
			// the engine verifies against their display rows (shown
			// anyway) rather than with the postings blocks of 有限, 公司 ….
			if k == "full name" {
				shards := 0
				for _, f := range r.Files {
					if strings.HasPrefix(f, "search/p/") {
						t.Errorf("%s %q: fetched postings block %s", k, q.q, f)
						break
					}
					if strings.HasPrefix(f, "search/t/") {
						shards++
					}
				}
				// Its common bigrams (有限, 公司, places, trades) share the
				// common shard: 5 shards rather than 12, one wave of
				// requests on a browser's six connections.
				if shards > 6 {
					t.Errorf("%s %q: fetched %d dictionary shards, want at most 6", k, q.q, shards)
				}
			}
			bytes = append(bytes, jsGz+size(r.Files))
			panel = max(panel, size(r.Panel))
		}
		sort.Ints(bytes)
		recall := ""
		if want, ok := targets[k]; ok {
			r := float64(found) / float64(len(sets[k]))
			recall = fmt.Sprintf("; target in top 10 %.1f%%", 100*r)
			if r < want {
				t.Errorf("%s: top-10 recall %.3f, want ≥ %.2f", k, r, want)
			}
		}
		t.Logf("%-16s %4d queries: cold gzip KB median %5.1f, max %5.1f%s",
			k, len(sets[k]), float64(bytes[len(bytes)/2])/1024, float64(bytes[len(bytes)-1])/1024, recall)
		// The budget was 100 KB until format 4, whose meta.json names
		// every other file by its hash: those names add 10 KB gzip to
		// each cold query at this size (FORMAT.md, "File names"); it rose
		// to 112 KB with near misses offered and search-as-you-type. The
		// modules are counted minified since the site publishes them so
		// (9 KB gzip less). Issue 18's budget is 100 KB with the page and
		// CSS: the long item wordings are at it (103.4 KB max), shared by
		// hundreds of enterprises, too many to verify against their
		// display rows. Full names are verified so: 29.4 KB median, 33.3
		// KB max, budget 45 KB (issue 18's 60 KB with page and CSS).
		// 106 since format 9: its code keys add 0.4 KB gzip to meta.json,
		// which every query pays (104.9 → 105.3 KB max), and save code
		// queries 3 KB and a round trip (their code files).
		budget := 106
		if k == "full name" {
			budget = 45
		}
		if max := bytes[len(bytes)-1]; max > budget*1024 {
			t.Errorf("%s: a cold query transfers %d gzip bytes, budget %d KB", k, max, budget)
		}
	}
	precision := float64(relevant) / float64(returned)
	t.Logf("precision of the top 10: %.4f; the search modules alone %.1f KB gzip; opening the facet panel adds at most %.1f KB (once a visit)",
		precision, float64(jsGz)/1024, float64(panel)/1024)
	if precision < 0.95 {
		t.Errorf("precision %.3f, want ≥ 0.95", precision)
	}
}

// queryKinds are the kinds of query querySets draws, in report order.
var queryKinds = []string{"full name", "unique fragment", "code", "code prefix", "two words", "legal rep",
	"shared fragment", "common 2-char", "common phrase", "filtered", "item text"}

// benchQuery is a query, the enterprise it should find (if any) and its
// filters.
type benchQuery struct {
	q, code string
	filters map[string]string
}

// querySets draws, deterministically, up to 200 queries of each kind with
// the enterprise each should find: besides the kinds, the broadest
// ones, which transfer the most: the two characters most names share,
// long phrases of common terms, and shared fragments with a filter.
func querySets(ds *model.Dataset) map[string][]benchQuery {
	rng := rand.New(rand.NewPCG(7, 7))
	names := make([]string, len(ds.Enterprises))
	for i, e := range ds.Enterprises {
		names[i] = e.Name
	}
	count := func(frag string) int {
		n := 0
		for _, s := range names {
			if strings.Contains(s, frag) {
				n++
			}
		}
		return n
	}
	sets := map[string][]benchQuery{}
	const per = 200
	for tries := 0; tries < 100*per; tries++ {
		e := ds.Enterprises[rng.IntN(len(ds.Enterprises))]
		rs := []rune(e.Name)
		switch len(sets["full name"]) < per {
		case true:
			sets["full name"] = append(sets["full name"], benchQuery{q: e.Name, code: e.Code})
			code := e.Code
			if rng.IntN(2) == 0 {
				code = strings.ToLower(code)
			}
			if rng.IntN(2) == 0 {
				code = FullWidth(code)
			}
			sets["code"] = append(sets["code"], benchQuery{q: code, code: e.Code})
			sets["code prefix"] = append(sets["code prefix"], benchQuery{q: e.Code[:6+rng.IntN(5)]})
			sets["legal rep"] = append(sets["legal rep"], benchQuery{q: e.LegalRep, code: e.Code})
		}
		n := 4 + rng.IntN(3)
		if len(rs) < n+2 {
			continue
		}
		at := rng.IntN(len(rs) - n + 1)
		frag := string(rs[at : at+n])
		switch c := count(frag); {
		case c == 1 && len(sets["unique fragment"]) < per:
			sets["unique fragment"] = append(sets["unique fragment"], benchQuery{q: frag, code: e.Code})
		case c > 1 && len(sets["shared fragment"]) < per:
			sets["shared fragment"] = append(sets["shared fragment"], benchQuery{q: frag, code: e.Code})
			f := document.FacetFields[len(sets["filtered"])%len(document.FacetFields)]
			if vs := document.Of(e)[f].([]string); len(vs) > 0 {
				sets["filtered"] = append(sets["filtered"], benchQuery{q: frag, code: e.Code, filters: map[string]string{f: vs[0]}})
			}
		}
		// Two words: the region the name starts with and the 4–6
		// characters after it, as "远安 宏图餐饮管理".
		for _, r := range regions {
			region := []rune(r.name)
			if strings.HasPrefix(e.Name, r.name) && len(rs) >= len(region)+n && len(sets["two words"]) < per {
				second := string(rs[len(region) : len(region)+n])
				sets["two words"] = append(sets["two words"], benchQuery{q: r.name + " " + second, code: e.Code})
			}
		}
	}
	for _, w := range []string{"公司", "有限", "宜昌", "承诺", "工程", "管理", "科技", "证书"} {
		sets["common 2-char"] = append(sets["common 2-char"], benchQuery{q: w})
	}
	for _, r := range regions {
		sets["common 2-char"] = append(sets["common 2-char"], benchQuery{q: string([]rune(r.name)[:2])})
	}
	phrases := []string{"有限公司", "有限责任公司", "股份有限公司", "管理有限公司"}
	for _, tr := range trades {
		phrases = append(phrases, tr+"有限公司")
	}
	for _, p := range phrases {
		sets["common phrase"] = append(sets["common phrase"], benchQuery{q: p})
	}
	for _, p := range append(append([]string{}, items...), certs...) {
		sets["item text"] = append(sets["item text"], benchQuery{q: p})
	}
	return sets
}

// matches reports whether every word of q occurs in one of the
// enterprise's searched texts (in its name, marks aside), or, for a
// code-like word, starts its code.
func matches(e *model.Enterprise, q string) bool {
	doc := document.Of(e)
	texts := append([]string{e.LegalRep}, doc["item"].([]string)...)
	texts = append(texts, doc["cert"].([]string)...)
	norm := func(s string) string { return strings.ToLower(string(analysis.WidthFold{}.Filter([]byte(s)))) }
	bare := func(s string) string { return analysis.Marks.ReplaceAllString(s, "") }
	for _, w := range strings.Fields(norm(q)) {
		ok := strings.HasPrefix(strings.ToLower(e.Code), w) && len(w) >= 6 ||
			bare(w) != "" && strings.Contains(bare(norm(e.Name)), bare(w))
		for _, s := range texts {
			ok = ok || strings.Contains(norm(s), w)
		}
		if !ok {
			return false
		}
	}
	return true
}

// hasFilters reports whether the enterprise has every filtered value.
func hasFilters(e *model.Enterprise, filters map[string]string) bool {
	doc := document.Of(e)
	for f, v := range filters {
		if !slices.Contains(doc[f].([]string), v) {
			return false
		}
	}
	return true
}

func gzSize(t *testing.T, path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return gzLen(data)
}

// gzMinified is the gzip size of a module of layouts/static/js/search as
// the site publishes it (internal/minify).
func gzMinified(t *testing.T, path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if data, err = minify.Asset("js/search/"+filepath.Base(path), data); err != nil {
		t.Fatal(err)
	}
	return gzLen(data)
}

func gzLen(data []byte) int {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return b.Len()
}
