package analysis

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

var update = flag.Bool("update", false, "rewrite testdata/analyzer-vectors.json")

const vectorsFile = "testdata/analyzer-vectors.json"

// vectorInputs are the texts whose analysis search/analysis.js must reproduce:
// names, codes, years, punctuation, full-width forms, mixed scripts, and
// random strings over the characters of such texts.
func vectorInputs() []string {
	in := []string{
		"", " ", "宜", "宜昌", "宜昌市三峡建筑工程有限公司", "湖北宜昌 ABC科技 2018", "91420500MA4921XK3Q",
		"９１４２０５００ＭＡ４９２１ＸＫ３Ｑ", "ｍａ４９２１", "Ａ公司１２", "2018年成立", "远安　宏图餐饮管理",
		"宜昌 市", "宏 图", "宏,图", "张三", "王 伟", "a.b.c", "3.14", "1,000.5", "a.1", "can't", "x_y_1", "_",
		"ISO9001质量管理体系认证证书", "（宜昌）鑫源商贸有限公司", "“诚信”经营", "宜昌市《信用》", "abc123def",
		"AbC", "Ｈｅｌｌｏ，Ｗｏｒｌｄ！", "第1期", "１２３４５６", "e-mail", "a:b", "1:2", "a;b", "1;2", "〇一二",
		"々", "、。！？", "宜昌\n猇亭", "\t远安\t", "ｶﾀｶﾅ", "ｶﾞｷﾞﾊﾟｳﾞｦﾞ", "カタカナ", "ひらがな", "한국어", "Ωmega",
	}
	pool := []rune("宜昌猇亭远安宏图餐饮管理有限公司建筑工程张王伟abcXYZ0189 ．，、。（）()-_:;'\"！？　ＡＢｃ０９《》“”·/&")
	return append(in, randomInputs(pool, 1)...)
}

// nameInputs are more texts for the name analyzers: names with marks,
// letters and digits as registers spell them, the characters whose case
// folding bleve and JavaScript do differently, format characters, and
// random strings over more marks. (creditsite_cjk in the browser differs
// from bleve on some of them: it is not checked on these.)
func nameInputs() []string {
	in := []string{
		"中铁示范（宜昌）建设有限公司", "中铁示范(宜昌)建设", "宜昌）建设", "《三峡示范报》社有限公司", "报》社有限",
		"一汽—示范汽车销售有限公司", "一汽-示范汽车", "宜昌3D打印科技有限公司", "D打印", "昌3D", "3d打印", "垚", "A",
		"【宜昌】鑫源·商贸", "宜昌市A&B科技", "U.S.A.", "宜昌 ＡＢ　公司", "e\u0301t\u00e9", "İstanbul", "ΑΣ", "Σ", "ȺȾ",
		"\u200b宜\u200d昌", "宜昌\u00ad市", "①②", "½", "Ⅻ期", "𠀀𪚥", "〇", "＿宜昌＿", "ﾞ", "ｶﾞ", "ＫＫ", "\u212a",
	}
	pool := []rune("宜昌猇亭远安宏图餐饮管理有限公司建筑工程张王伟abcXYZ0189 ．，、。（）()-_:;'\"！？　ＡＢｃ０９《》“”·/&—–【】<>•\u200bΣİ𠀀ȺｶﾞＫ\u212a")
	return append(in, randomInputs(pool, 3)...)
}

// randomInputs returns 300 strings of 1–14 characters of pool.
func randomInputs(pool []rune, seed uint64) []string {
	var in []string
	rng := rand.New(rand.NewPCG(seed, 2))
	for i := 0; i < 300; i++ {
		n := 1 + rng.IntN(14)
		rs := make([]rune, n)
		for j := range rs {
			rs[j] = pool[rng.IntN(len(pool))]
		}
		in = append(in, string(rs))
	}
	return in
}

type vector struct {
	Input  string   `json:"input"`
	Tokens []string `json:"tokens"` // term@position/start byte, as exported
}

// analyzerVectors returns, per analyzer of Configs, the analysis of every
// input.
func analyzerVectors() []byte {
	im := bleve.NewIndexMapping()
	for name, c := range Configs {
		if err := im.AddCustomAnalyzer(name, c); err != nil {
			panic(err)
		}
	}
	vs := map[string][]vector{}
	for name := range Configs {
		a, in := im.AnalyzerNamed(name), vectorInputs()
		if name != Name {
			in = append(in, nameInputs()...)
		}
		for _, s := range in {
			v := vector{Input: s, Tokens: []string{}}
			for _, t := range a.Analyze([]byte(s)) {
				v.Tokens = append(v.Tokens, string(t.Term)+"@"+itoa(t.Position)+"/"+itoa(t.Start))
			}
			vs[name] = append(vs[name], v)
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(vs); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestAnalyzerVectors keeps the committed vectors, which the node test
// checks search/analysis.js against, equal to what bleve's analyzers give now.
func TestAnalyzerVectors(t *testing.T) {
	want := analyzerVectors()
	if *update {
		if err := os.WriteFile(vectorsFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go test ./internal/searchindex/analysis -run AnalyzerVectors -update", vectorsFile)
	}
}
