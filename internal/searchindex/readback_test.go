package searchindex

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

// TestReadBackChecksTheAnalysis changes one document's analysis of its
// name after indexing: the read-back, which takes positions from the
// analysis, must notice that bleve indexed other terms.
func TestReadBackChecksTheAnalysis(t *testing.T) {
	ents := generate(50, 200).Enterprises
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
		ts := a.text.analyze(name, false).tokens
		if len(ts) < 3 {
			t.Fatalf("name %q has %d tokens", name, len(ts))
		}
		a.fwd[0][doc] = forwardOf(c.change(ts))
		_, err = readRange(idx, a)
		idx.Close()
		if err == nil || !strings.Contains(err.Error(), "与分析结果不一致") {
			t.Errorf("%s: read back with %v", c.what, err)
		}
	}
}
