package searchindex

import (
	"bytes"
	"compress/gzip"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"creditsite/internal/model"
)

// TestSearchQuality is the benchmark of the issue: on generated data
// (10,000 disclosures + 50,000 commitments; a tenth of that with -short)
// it runs the query kinds through search.js, cold, and checks the top-10
// recall and precision targets. It logs the index build time and size and
// the gzip bytes each cold query transfers (search.js included).
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

	sets := querySets(ds)
	kinds := []string{"full name", "unique fragment", "code", "two words", "legal rep", "shared fragment"}
	var all []jsQuery
	for _, k := range kinds {
		for _, q := range sets[k] {
			all = append(all, jsQuery{Q: q.q})
		}
	}
	res := runJS(t, dir, 10, true, all)

	jsGz := gzSize(t, "../../layouts/static/js/search.js")
	sizes := map[string]int{}
	size := func(f string) int {
		if n, ok := sizes[f]; ok {
			return n
		}
		sizes[f] = gzSize(t, filepath.Join(dir, f))
		return sizes[f]
	}
	targets := map[string]float64{"full name": 1, "unique fragment": 1, "code": 1, "two words": 0.95}
	var relevant, returned int
	i := 0
	for _, k := range kinds {
		found := 0
		var bytes []int
		for _, q := range sets[k] {
			r := res[i]
			i++
			for rank, o := range r.Ords {
				if ds.Enterprises[o].Code == q.code {
					found++
					if k == "full name" || k == "code" {
						if rank != 0 {
							t.Errorf("%s %q: ranked %d", k, q.q, rank+1)
						}
					}
				}
				returned++
				if matches(ds.Enterprises[o], q.q) {
					relevant++
				} else {
					t.Errorf("%s %q: result %s does not match", k, q.q, ds.Enterprises[o].Name)
				}
			}
			n := jsGz
			for _, f := range r.Files {
				n += size(f)
			}
			bytes = append(bytes, n)
		}
		sort.Ints(bytes)
		recall := float64(found) / float64(len(sets[k]))
		t.Logf("%-15s %4d queries: target in top 10 %.1f%%; cold gzip bytes median %.1f KB, max %.1f KB",
			k, len(sets[k]), 100*recall, float64(bytes[len(bytes)/2])/1024, float64(bytes[len(bytes)-1])/1024)
		if want, ok := targets[k]; ok {
			if recall < want {
				t.Errorf("%s: top-10 recall %.3f, want ≥ %.2f", k, recall, want)
			}
			if max := bytes[len(bytes)-1]; max > 100*1024 {
				t.Errorf("%s: a cold query transfers %d gzip bytes, budget 100 KB", k, max)
			}
		}
	}
	precision := float64(relevant) / float64(returned)
	t.Logf("precision of the top 10: %.4f (search.js alone: %.1f KB gzip)", precision, float64(jsGz)/1024)
	if precision < 0.95 {
		t.Errorf("precision %.3f, want ≥ 0.95", precision)
	}
}

type benchQuery struct{ q, code string }

// querySets draws, deterministically, 200 queries of each kind with the
// enterprise each should find.
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
			sets["full name"] = append(sets["full name"], benchQuery{e.Name, e.Code})
			code := e.Code
			if rng.IntN(2) == 0 {
				code = strings.ToLower(code)
			}
			if rng.IntN(2) == 0 {
				code = fullWidth(code)
			}
			sets["code"] = append(sets["code"], benchQuery{code, e.Code})
			sets["legal rep"] = append(sets["legal rep"], benchQuery{e.LegalRep, e.Code})
		}
		n := 4 + rng.IntN(3)
		if len(rs) < n+2 {
			continue
		}
		at := rng.IntN(len(rs) - n + 1)
		frag := string(rs[at : at+n])
		switch c := count(frag); {
		case c == 1 && len(sets["unique fragment"]) < per:
			sets["unique fragment"] = append(sets["unique fragment"], benchQuery{frag, e.Code})
		case c > 1 && len(sets["shared fragment"]) < per:
			sets["shared fragment"] = append(sets["shared fragment"], benchQuery{frag, e.Code})
		}
		// Two words: the region the name starts with and the 4–6
		// characters after it, as "远安 宏图餐饮管理".
		for _, r := range regions {
			region := []rune(r.name)
			if strings.HasPrefix(e.Name, r.name) && len(rs) >= len(region)+n && len(sets["two words"]) < per {
				second := string(rs[len(region) : len(region)+n])
				sets["two words"] = append(sets["two words"], benchQuery{r.name + " " + second, e.Code})
			}
		}
	}
	return sets
}

// matches reports whether every word of q occurs in one of the
// enterprise's searched texts, or, for a code-like word, starts its code.
func matches(e *model.Enterprise, q string) bool {
	doc := document(e)
	texts := append([]string{e.Name, e.LegalRep}, doc["item"].([]string)...)
	texts = append(texts, doc["cert"].([]string)...)
	norm := func(s string) string { return strings.ToLower(string(widthFold{}.Filter([]byte(s)))) }
	for _, w := range strings.Fields(norm(q)) {
		ok := strings.HasPrefix(strings.ToLower(e.Code), w) && len(w) >= 6
		for _, s := range texts {
			ok = ok || strings.Contains(norm(s), w)
		}
		if !ok {
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
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return b.Len()
}
