package document

import (
	"fmt"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"

	"creditsite/internal/model"
	sia "creditsite/internal/searchindex/analysis"
)

// TestReadBackChecksTheAnalysis changes one document's analysis of its
// name after indexing: the read-back, which takes positions from the
// analysis, must notice that bleve indexed other terms.
func TestReadBackChecksTheAnalysis(t *testing.T) {
	ents := enterprises(50)
	const doc = 7
	name := ents[doc].Name
	for _, c := range []struct {
		what   string
		change func(ts analysis.TokenStream) analysis.TokenStream
	}{
		// Names have distinct bigrams: every count still agrees, only
		// the terms differ.
		{"another term", func(ts analysis.TokenStream) analysis.TokenStream {
			ts[1].Term = []byte("zz")
			return ts
		}},
		{"a term more", func(ts analysis.TokenStream) analysis.TokenStream {
			return append(ts, &analysis.Token{Term: []byte("zz"), Start: len(name)})
		}},
		{"a term less", func(ts analysis.TokenStream) analysis.TokenStream { return ts[1:] }},
		{"a term twice", func(ts analysis.TokenStream) analysis.TokenStream {
			return append(ts, &analysis.Token{Term: ts[0].Term, Start: len(name)})
		}},
	} {
		idx, err := newRangeIndex()
		if err != nil {
			t.Fatal(err)
		}
		a, err := indexDocs(idx, ents, 0, len(ents), strideOf(ents))
		if err != nil {
			t.Fatal(err)
		}
		ts := a.text[0].Text(name, false).Tokens
		if len(ts) < 3 {
			t.Fatalf("name %q has %d tokens", name, len(ts))
		}
		a.fwd[0][doc] = sia.ForwardOf(c.change(ts))
		_, err = readRange(idx, a)
		idx.Close()
		if err == nil || !strings.Contains(err.Error(), "与分析结果不一致") {
			t.Errorf("%s: read back with %v", c.what, err)
		}
	}
}

// enterprises makes n enterprises named 宜昌<two characters>商贸有限公司,
// each with its own name, whose bigrams are all distinct, and with a
// commitment item shared by all.
func enterprises(n int) []*model.Enterprise {
	chars := []rune("宏图清江三峡楚天鑫源华信长金盛恒达明珠缘世永")
	var ents []*model.Enterprise
	for i := range n {
		brand := string([]rune{chars[i%len(chars)], chars[(i/len(chars)+5)%len(chars)]})
		ents = append(ents, &model.Enterprise{
			Code:        fmt.Sprintf("91420500MA49%06d", i),
			Name:        "宜昌" + brand + "商贸有限公司",
			Commitments: []*model.Commitment{{Item: "依法诚信经营承诺"}},
		})
	}
	return ents
}
