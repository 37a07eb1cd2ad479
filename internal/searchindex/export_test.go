package searchindex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"creditsite/internal/memfiles"
	"creditsite/internal/model"
	"creditsite/internal/searchindex/analysis"
	"creditsite/internal/searchindex/document"
	"creditsite/internal/uscc"
)

// smallDataset is a few hand-made enterprises sharing name fragments, plus
// enough generated ones that common terms are cut into several blocks.
func smallDataset() *model.Dataset {
	gen := generate(1200, 8000)
	d := func(y, m, dd int) model.Date { return model.Date{Year: y, Month: time.Month(m), Day: dd} }
	src := func(unit string, line int) model.Source {
		return model.Source{File: "data/test.csv", Line: line, Unit: unit}
	}
	c1, c2, c3 := uscc.Complete("914205000000001A"), uscc.Complete("9142052500000002"), uscc.Complete("914205810000003B")
	ds := append(gen.Disclosures,
		&model.Disclosure{Name: "宜昌宏图餐饮管理有限公司", LegalRep: "张伟", Code: c1, CertName: "食品经营许可证", CertIssued: d(2018, 3, 1), Source: src("宜昌市发展和改革委员会", 2)},
		&model.Disclosure{Name: "宏图建筑工程有限公司", LegalRep: "王芳", Code: c3, CertName: "建筑业企业资质证书", CertIssued: d(2017, 6, 1), Source: src("宜都发展和改革局", 3)},
	)
	// Names with marks, letters and digits, and a rare character; names
	// with runs of letters and digits, whose terms fill several of the
	// dictionary shards for terms with ASCII.
	names := []string{"中铁示范（宜昌）建设有限公司", "《三峡示范报》社有限公司", "一汽—示范汽车销售有限公司", "宜昌3D打印科技有限公司",
		"宜昌鑫垚商贸有限公司", "宜昌·3D（打印）", "中铁示范宜昌建设集团有限公司"}
	for i := range 80 {
		names = append(names, fmt.Sprintf("宜昌%c%c%d%c科技有限公司", 'A'+i%26, 'Z'-i%7, i, 'a'+i%5))
	}
	for i, name := range names {
		code := uscc.Complete(fmt.Sprintf("91420500000001%02d", i))
		ds = append(ds, &model.Disclosure{Name: name, LegalRep: "赵国强", Code: code, CertName: "营业执照（副本）", CertIssued: d(2019, 1, 2), Source: src("宜昌市发展和改革委员会", 10+i)})
	}
	cs := append(gen.Commitments,
		&model.Commitment{Name: "宜昌宏图餐饮管理有限公司", LegalRep: "张伟", Code: c1, Type: model.Voluntary, Item: "食品安全承诺", Date: d(2019, 5, 1), Source: src("宜昌市发展和改革委员会", 2)},
		&model.Commitment{Name: "宜昌宏图餐饮管理有限公司", LegalRep: "张伟", Code: c1, Type: model.Repair, Item: "信用修复承诺", Date: d(2020, 1, 2), Source: src("宜昌市发展和改革委员会", 3)},
		&model.Commitment{Name: "远安宏图餐饮管理有限公司", LegalRep: "李娜", Code: c2, Type: model.Approval, Item: "安全生产承诺", Date: d(2021, 7, 8), Source: src("远安发展和改革局", 2)},
		// Every other bigram of 依法诚信经营承诺 one token apart: a phrase
		// checked on token positions with only those bigrams would match.
		&model.Commitment{Name: "宏图建筑工程有限公司", LegalRep: "王芳", Code: c3, Type: model.Voluntary, Item: "依法，合规，诚信，守约，经营承诺", Date: d(2021, 7, 9), Source: src("宜都发展和改革局", 4)},
		&model.Commitment{Name: "远安宏图餐饮管理有限公司", LegalRep: "李娜", Code: c2, Type: model.Voluntary, Item: "（补充）依法诚信经营承诺书", Date: d(2021, 7, 9), Source: src("远安发展和改革局", 3)},
	)
	return model.NewDataset(ds, cs)
}

func TestExportFormat(t *testing.T) {
	ds := smallDataset()
	var files memfiles.Files
	st, err := Build(ds, &files)
	if err != nil {
		t.Fatal(err)
	}
	x := decodeExport(t, files.Map())
	if st.Documents != len(ds.Enterprises) || x.meta.Docs != st.Documents || st.Files != len(files.Map()) || st.Terms != len(x.df) {
		t.Fatalf("stats %+v, meta docs %d, %d enterprises, %d files, %d terms", st, x.meta.Docs, len(ds.Enterprises), len(files.Map()), len(x.df))
	}
	if n := len(x.blocks["item\x00承诺"]); n < 2 {
		t.Errorf("承诺 is in %d blocks, want several", n)
	}
	if l := layoutOf(x.meta); l.ascii < 2 || l.chars < 2 || l.rest < 2 {
		t.Errorf("shards: %d for terms with ASCII, %d for terms of one character, %d for the rest; want several of each", l.ascii, l.chars, l.rest)
	}

	// The character tables read an ideograph by its commonest reading; the
	// common characters' file holds those of the names (all of them here).
	if len(x.chars) < 20000 {
		t.Errorf("the character table reads %d characters, want the ideographs of the BMP", len(x.chars))
	}
	syllables := strings.Fields(x.near.Syllables)
	for r, i := range x.chars {
		if syllables[i] != analysis.Readings(r)[0] {
			t.Fatalf("the character table reads %c as %s, go-pinyin first as %s", r, syllables[i], analysis.Readings(r)[0])
		}
	}
	inNames := map[rune]bool{}
	for _, e := range ds.Enterprises {
		for _, r := range e.Name {
			if rd := analysis.Readings(r); len(rd) > 0 {
				inNames[r] = true
				if x.common[r] != rd[0] {
					t.Errorf("the common characters read %c of %s as %q, want %s", r, e.Name, x.common[r], rd[0])
				}
			}
		}
	}
	for r := range x.common {
		if !inNames[r] {
			t.Errorf("%c among the common characters, in no name", r)
		}
	}

	ord := func(name string) int {
		for i, e := range ds.Enterprises {
			if e.Name == name {
				return i
			}
		}
		t.Fatalf("no %s", name)
		return -1
	}
	yc := ord("宜昌宏图餐饮管理有限公司")
	var want []int
	for i, e := range ds.Enterprises {
		if strings.Contains(e.Name, "宏图") {
			want = append(want, i)
		}
	}
	var got []int
	for _, p := range x.postings["name\x00宏图"] {
		got = append(got, p.ord)
		if p.ord == yc && (p.freq != 1 || p.length != 23 || !reflect.DeepEqual(p.pos, []int{6})) {
			t.Errorf("宏图 in %s: %+v, want freq 1, length 23 (11 bigrams, 12 characters), position 6 (its byte offset)", ds.Enterprises[yc].Name, p)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("name:宏图 postings %v, want %v", got, want)
	}
	// Items are newest first; the second item's positions are offset by
	// the stride so that phrases never span two items.
	for _, p := range x.postings["item\x00承诺"] {
		if p.ord == yc && (p.freq != 2 || p.length != 10 || !reflect.DeepEqual(p.pos, []int{12, x.meta.PosStride + 12})) {
			t.Errorf("承诺 in items of %s: %+v", ds.Enterprises[yc].Name, p)
		}
	}

	// Facets, codes and the display table follow the model.
	for i, e := range ds.Enterprises {
		doc := document.Of(e)
		for fi, f := range x.meta.Facets {
			var vals []string
			for _, v := range x.facets[i][fi] {
				vals = append(vals, f.Values[v])
			}
			want := append([]string(nil), doc[f.Name].([]string)...)
			sort.Strings(want)
			sort.Strings(vals)
			if len(want) == 0 && len(vals) == 0 {
				continue
			}
			if !reflect.DeepEqual(vals, want) {
				t.Errorf("%s %s: %v, want %v", e.Code, f.Name, vals, want)
			}
		}
		if x.docs[i][0] != e.Code || x.docs[i][1] != e.Name || x.docs[i][2] != e.LegalRep {
			t.Errorf("ordinal %d: row %v; want %s %s", i, x.docs[i][:3], e.Code, e.Name)
		}
		// After the code, a row holds the values of the text fields in
		// meta's order, as bleve indexed them: engine.js verifies
		// candidates by analysing them.
		for fi, f := range x.meta.Fields {
			got, _ := json.Marshal(x.docs[i][1+fi])
			want, _ := json.Marshal(doc[f])
			if !bytes.Equal(got, want) {
				t.Errorf("ordinal %d: row has %s %s, bleve's document %s", i, f, got, want)
			}
		}
	}
	if got := x.meta.Facets[1].Labels; !reflect.DeepEqual(got, []string{"主动公示型", "审批替代型", "行业自律型", "信用修复型"}) {
		t.Errorf("type labels %v", got)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	var a, b memfiles.Files
	if _, err := Build(smallDataset(), &a); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(smallDataset(), &b); err != nil {
		t.Fatal(err)
	}
	if len(a.Map()) != len(b.Map()) {
		t.Fatalf("%d files, then %d", len(a.Map()), len(b.Map()))
	}
	for name, data := range a.Map() {
		if !bytes.Equal(data, b.Map()[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// needNode skips a test when node is missing, except in CI.
func needNode(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is required in CI")
		}
		t.Skip("node not installed")
	}
}

type jsQuery struct {
	Q       string            `json:"q"`
	Filters map[string]string `json:"filters,omitempty"`
}

type jsResult struct {
	Total  int       `json:"total"`
	Ords   []int     `json:"ords"`
	Scores []float64 `json:"scores"`
	Exact  []bool    `json:"exact"`
	Counts [][]int   `json:"counts"`
	Files  []string  `json:"files"`
	Panel  []string  `json:"panelFiles"`
	// Skipped counts the terms whose postings the query engine left out (see
	// cover in search/engine.js): their scores are estimated.
	Skipped int `json:"skipped"`
	// Verified counts the phrases whose candidates the query engine
	// verified against their display rows (see byRows in search/engine.js).
	Verified int `json:"verified"`
	// The near misses, with "near" (see testdata/run-queries.js).
	Partial   []int    `json:"partial"`
	Sounds    []int    `json:"sounds"`
	NearFiles []string `json:"nearFiles"`
	// Every match of the query's pinyin phrases, with "sounds".
	Phrases []struct {
		Field int `json:"field"`
		Terms []struct {
			Term string `json:"term"`
			Rel  int    `json:"rel"`
		} `json:"terms"`
	} `json:"phrases"`
	SoundOrds   []int     `json:"soundOrds"`
	SoundScores []float64 `json:"soundScores"`
}

// runJS runs queries through the query engine on the index exported to dir.
func runJS(t *testing.T, dir string, top int, cold bool, qs []jsQuery) []jsResult {
	t.Helper()
	return runJSWith(t, dir, top, cold, nil, qs)
}

// runJSWith is runJS with the options of testdata/run-queries.js for the
// near misses: "near", "sounds".
func runJSWith(t *testing.T, dir string, top int, cold bool, opts map[string]bool, qs []jsQuery) []jsResult {
	t.Helper()
	needNode(t)
	req := map[string]interface{}{"dir": dir, "top": top, "cold": cold, "queries": qs}
	for k, v := range opts {
		req[k] = v
	}
	in, _ := json.Marshal(req)
	cmd := exec.Command("node", "testdata/run-queries.js")
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var rs []jsResult
	if err := json.Unmarshal(out, &rs); err != nil {
		t.Fatal(err)
	}
	return rs
}

// bleveQuery is the query the query engine evaluates, built from bleve's own
// query types: every word must match; a word matches as a phrase in any
// text field, analysed by the field's query analyzer, with the field's
// boost. A word no analyzer has terms for is left out.
func bleveQuery(q string) query.Query {
	var conj []query.Query
	m := document.NewMapping()
	for _, w := range strings.Fields(string(analysis.WidthFold{}.Filter([]byte(q)))) {
		var dis []query.Query
		terms := 0
		for i, f := range document.TextFields {
			terms += len(m.AnalyzerNamed(document.QueryAnalyzers[i]).Analyze([]byte(w)))
			mp := bleve.NewMatchPhraseQuery(w)
			mp.SetField(f)
			mp.Analyzer = document.QueryAnalyzers[i]
			mp.SetBoost(document.Boosts[i])
			dis = append(dis, mp)
		}
		if terms > 0 {
			conj = append(conj, bleve.NewDisjunctionQuery(dis...))
		}
	}
	return bleve.NewConjunctionQuery(conj...)
}

// TestQueriesMatchBleve runs text queries through the query engine on the export
// and through bleve on the index it came from: same matches, same scores,
// same order.
func TestQueriesMatchBleve(t *testing.T) {
	needNode(t)
	ds := smallDataset()
	idx := bleveIndex(t, ds)
	dir := t.TempDir()
	if _, err := Build(ds, dirFiles(dir)); err != nil {
		t.Fatal(err)
	}
	ordOf := map[string]int{}
	for i, e := range ds.Enterprises {
		ordOf[e.Code] = i
	}
	qs := []string{"宏图", "宏图餐饮", "宏图餐饮管理", "远安 宏图", "餐饮 张伟", "张伟", "安全生产", "承诺", "许可证",
		"食品 承诺", "管理有限", "宜昌宏图餐饮管理有限公司", "信用修复 宜昌", "建筑工程", "ISO9001", "有限公司", "ｉｓｏ９００１ 认证",
		"依法诚信经营承诺", "工程质量终身责任承诺", "不拖欠农民工工资承诺", "道路运输经营许可证", "远安 依法诚信经营承诺",
		// Names as people type them: marks ignored, letters and digits
		// paired with ideographs, one character.
		"中铁示范宜昌建设", "中铁示范(宜昌)建设", "宜昌）建设", "三峡示范报社", "报》社有限", "一汽-示范汽车", "汽—示",
		"D打印", "昌3D", "３ｄ打印", "垚", "宏", "公", "宜昌3D打印科技有限公司", "《三峡示范报》社有限公司", "(宜昌) 依法",
		"z1", "y3", "c", "CU54e科技", "宜昌 4e", "（补充）依法诚信经营承诺书", "宏图餐饮管理 有限公司"}
	// Long wordings shared by hundreds of enterprises: the query engine loads
	// only some of their bigrams' postings.
	covered := map[string]bool{"依法诚信经营承诺": true, "工程质量终身责任承诺": true, "不拖欠农民工工资承诺": true}
	// Rare terms with common ones (有限, 公司, 承诺): engine.js verifies the
	// few candidates against their display rows, every term scored from
	// the row (the item wording's enterprise has 承诺 twice, in two items;
	// 有限公司's candidates are those of 宏图餐饮管理).
	byRows := map[string]bool{"宜昌宏图餐饮管理有限公司": true, "宜昌3D打印科技有限公司": true, "《三峡示范报》社有限公司": true,
		"报》社有限": true, "CU54e科技": true, "（补充）依法诚信经营承诺书": true, "宏图餐饮管理 有限公司": true}
	var jq []jsQuery
	for _, q := range qs {
		jq = append(jq, jsQuery{Q: q})
	}
	const top = 1000
	js := runJS(t, dir, top, false, jq)
	for i, q := range qs {
		req := bleve.NewSearchRequestOptions(bleveQuery(q), top, 0, false)
		req.SortBy([]string{"-_score", "_id"})
		res, err := idx.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		got := js[i]
		if covered[q] && (got.Skipped == 0 || got.Verified > 0) {
			t.Errorf("%q: engine.js left out %d terms, verified %d phrases by rows; the test wants some terms left out, no rows", q, got.Skipped, got.Verified)
		}
		if byRows[q] && (got.Verified == 0 || got.Skipped > 0) {
			t.Errorf("%q: engine.js verified %d phrases by rows, left out %d terms; the test wants rows, every term", q, got.Verified, got.Skipped)
		}
		if int(res.Total) != got.Total {
			t.Errorf("%q: bleve %d matches, engine.js %d", q, res.Total, got.Total)
			continue
		}
		// Scores are bleve's to float rounding; with terms left out, an
		// estimate no higher than bleve's and close to it.
		same := func(js, bleve float64) bool {
			if got.Skipped == 0 {
				return math.Abs(js-bleve) <= 1e-9*bleve
			}
			return js <= bleve*(1+1e-9) && js >= 0.9*bleve
		}
		// engine.js ranks an exact name first, then by score; ties of
		// score (within rounding or the estimate) may be ordered either way.
		hits := res.Hits
		sort.SliceStable(hits, func(a, b int) bool {
			return exactName(ds, hits[a].ID, q) && !exactName(ds, hits[b].ID, q)
		})
		jsScore := map[string]float64{}
		for k, o := range got.Ords {
			jsScore[ds.Enterprises[o].Code] = got.Scores[k]
		}
		for k, h := range hits {
			o := got.Ords[k]
			if s, ok := jsScore[h.ID]; !ok || !same(s, h.Score) {
				t.Errorf("%q: %s: engine.js score %v, bleve %v", q, h.ID, s, h.Score)
			}
			if o != ordOf[h.ID] && !same(got.Scores[k], h.Score) {
				t.Errorf("%q #%d: engine.js %s, bleve %s", q, k, ds.Enterprises[o].Code, h.ID)
			}
		}
		if res.Total == 0 {
			t.Errorf("%q: no matches; the test query should match", q)
		}
	}
}

// TestPinyinQueriesMatchBleve runs pinyin, initials and homophone queries
// through near.js on the export and, as bleve phrase queries of the same
// terms on the pinyin fields (a conjunction over words), through bleve on
// the index it came from: the same matches, scores in the same
// proportion (near.js leaves out queryNorm, a constant of the query;
// with implied bigrams left out, within 10 %).
func TestPinyinQueriesMatchBleve(t *testing.T) {
	ds := smallDataset()
	idx := bleveIndex(t, ds)
	dir := t.TempDir()
	if _, err := Build(ds, dirFiles(dir)); err != nil {
		t.Fatal(err)
	}
	qs := []string{"yichang hongtu", "hongtucanyin", "ychtcy", "yuanan", "宜昌宏途", "jianzhu gongcheng", "yahtcy",
		"changyang", "zhangyang", "红图 参饮", "youxian gongsi"}
	var jq []jsQuery
	for _, q := range qs {
		jq = append(jq, jsQuery{Q: q})
	}
	js := runJSWith(t, dir, 0, false, map[string]bool{"sounds": true}, jq)
	for i, q := range qs {
		got := js[i]
		if got.Total > 0 || len(got.Phrases) == 0 {
			t.Errorf("%q: %d exact matches, %d pinyin phrases; the test wants none and some", q, got.Total, len(got.Phrases))
			continue
		}
		var conj []query.Query
		for _, ph := range got.Phrases {
			var terms []string
			for k, tm := range ph.Terms {
				if tm.Rel != ph.Terms[0].Rel+k {
					t.Fatalf("%q: phrase %v has a gap", q, ph.Terms)
				}
				terms = append(terms, tm.Term)
			}
			conj = append(conj, bleve.NewPhraseQuery(terms, document.AllTextFields[ph.Field]))
		}
		req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(conj...), 100000, 0, false)
		res, err := idx.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]float64{}
		for _, h := range res.Hits {
			want[ordOf(ds, h.ID)] = h.Score
		}
		if len(want) == 0 || len(want) != len(got.SoundOrds) {
			t.Errorf("%q: bleve %d matches, near.js %d", q, len(want), len(got.SoundOrds))
			continue
		}
		t.Logf("%q: %d matches", q, len(want))
		ratio := got.SoundScores[0] / want[got.SoundOrds[0]]
		for k, o := range got.SoundOrds {
			b, ok := want[o]
			if r := got.SoundScores[k] / b; !ok || math.Abs(r-ratio) > 0.1*ratio {
				t.Errorf("%q: %s: near.js score %v, bleve %v (ratio %v, first %v)", q, ds.Enterprises[o].Name, got.SoundScores[k], b, r, ratio)
			}
		}
	}
}

// exactName reports whether q is the name of the enterprise, marks, width
// and case aside: what the name's index analyzer makes of both is the same.
func exactName(ds *model.Dataset, code, q string) bool {
	a := document.NewMapping().AnalyzerNamed(analysis.NameIndex)
	return reflect.DeepEqual(a.Analyze([]byte(ds.Enterprise(code).Name)), a.Analyze([]byte(q)))
}

// TestFacetCounts runs queries with and without filters through the query engine
// and checks the totals and the facet panel's counts against the data: a
// facet counts the matches that pass the other facets' filters.
func TestFacetCounts(t *testing.T) {
	needNode(t)
	ds := smallDataset()
	dir := t.TempDir()
	if _, err := Build(ds, dirFiles(dir)); err != nil {
		t.Fatal(err)
	}
	qs := []jsQuery{{Q: "宏图"}, {Q: "公司", Filters: map[string]string{"type": "repair"}},
		{Q: "有限公司", Filters: map[string]string{"year": "2020", "column": "commitments"}},
		{Q: "承诺", Filters: map[string]string{"unit": "远安发展和改革局"}}}
	res := runJS(t, dir, 0, false, qs)
	for i, q := range qs {
		var m meta
		b, _ := os.ReadFile(filepath.Join(dir, "search/meta.json"))
		json.Unmarshal(b, &m)
		total := 0
		for fi, f := range m.Facets {
			for vi, v := range f.Values {
				want := 0
				for _, e := range ds.Enterprises {
					others := map[string]string{}
					for k, x := range q.Filters {
						if k != f.Name {
							others[k] = x
						}
					}
					if matches(e, q.Q) && hasFilters(e, others) && slices.Contains(document.Of(e)[f.Name].([]string), v) {
						want++
					}
				}
				if got := res[i].Counts[fi][vi]; got != want {
					t.Errorf("%q %v: %s=%s counts %d, want %d", q.Q, q.Filters, f.Name, v, got, want)
				}
			}
		}
		for _, e := range ds.Enterprises {
			if matches(e, q.Q) && hasFilters(e, q.Filters) {
				total++
			}
		}
		if res[i].Total != total || total == 0 {
			t.Errorf("%q %v: %d matches, want %d (> 0)", q.Q, q.Filters, res[i].Total, total)
		}
	}
}
