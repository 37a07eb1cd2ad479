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
	rng := rand.New(rand.NewPCG(1, 2))
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

func analyzerVectors() []byte {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(Name, Config); err != nil {
		panic(err)
	}
	a := im.AnalyzerNamed(Name)
	var vs []vector
	for _, s := range vectorInputs() {
		v := vector{Input: s, Tokens: []string{}}
		for _, t := range a.Analyze([]byte(s)) {
			v.Tokens = append(v.Tokens, string(t.Term)+"@"+itoa(t.Position)+"/"+itoa(t.Start))
		}
		vs = append(vs, v)
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
// checks search/analysis.js against, equal to what bleve's analyzer gives now.
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
