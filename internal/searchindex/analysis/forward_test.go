package analysis

import (
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

// stream makes a token stream of term@start pairs.
func stream(tokens ...any) analysis.TokenStream {
	var ts analysis.TokenStream
	for i := 0; i < len(tokens); i += 2 {
		ts = append(ts, &analysis.Token{Term: []byte(tokens[i].(string)), Start: tokens[i+1].(int)})
	}
	return ts
}

// String lists each term with its offsets: "a[0 6] b[3]".
func (f Forward) String() string {
	s := ""
	for i := range f.Len() {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprint(f.Term(i), f.Positions(i))
	}
	return s
}

func TestForwardOf(t *testing.T) {
	for _, c := range []struct {
		tokens analysis.TokenStream
		want   string
	}{
		{stream(), ""},
		{stream("宏图", 0), "宏图[0]"},
		{stream("宏图", 0, "图餐", 3, "餐饮", 6, "饮宏", 9, "宏图", 12), "图餐[3] 宏图[0 12] 餐饮[6] 饮宏[9]"},
		{stream("b", 0, "a", 2, "b", 4, "a", 6, "c", 8), "a[2 6] b[0 4] c[8]"},
	} {
		if got := ForwardOf(c.tokens).String(); got != c.want {
			t.Errorf("ForwardOf: %s, want %s", got, c.want)
		}
	}
}

func TestMerge(t *testing.T) {
	values := []*Analysed{
		{Fwd: ForwardOf(stream("b", 0, "a", 2, "b", 4))},
		{Fwd: ForwardOf(stream())},
		{Fwd: ForwardOf(stream("c", 0, "a", 3))},
	}
	if got, want := Merge(values, 100).String(), "a[2 203] b[0 4] c[200]"; got != want {
		t.Errorf("Merge: %s, want %s", got, want)
	}
}
