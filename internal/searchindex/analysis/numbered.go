package analysis

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
)

// TermAt is a token as Numbered gives it: its term's number and its Start.
type TermAt struct {
	Term, Start int32
}

// Numbered analyses texts with a Memo's analyzer into numbered tokens: each
// term gets a number the first time a text of the Numbered has it. The
// pinyin fields' postings are made from it: their analysis is all that
// bleve would hold of them, and a name's reading tokens (a few dozen with
// heteronyms) made as bleve tokens, then as a forward list per name, cost
// a build more than the rest of their analysis. Not safe for concurrent
// use.
type Numbered struct {
	analyzer analysis.Analyzer
	terms    []string         // per number, its term
	numbers  map[string]int32 // term → number

	// A reading analyzer alone (PinyinName, InitialsName) is read straight
	// from its tokenizer's units, with each pair of units' terms numbered
	// once: the same tokens, in the same order, as its token stream.
	reading *readingTokenizer
	pairs   map[[2]rune][]int32 // see readingTokenizer.termsOf
	units   []rune              // scratch
}

// Numbered returns a Numbered of m's analyzer.
func (m *Memo) Numbered() *Numbered {
	n := &Numbered{analyzer: m.Analyzer, numbers: map[string]int32{}}
	if d, ok := m.Analyzer.(*analysis.DefaultAnalyzer); ok && len(d.CharFilters) == 0 && len(d.TokenFilters) == 0 {
		if t, ok := d.Tokenizer.(readingTokenizer); ok {
			n.reading, n.pairs = &t, map[[2]rune][]int32{}
		}
	}
	return n
}

// Term returns the term of a number.
func (n *Numbered) Term(number int32) string { return n.terms[number] }

// Terms returns how many terms have a number.
func (n *Numbered) Terms() int { return len(n.terms) }

// Append appends the tokens of text's analysis to dst, in the order of
// its token stream.
func (n *Numbered) Append(dst []TermAt, text string) []TermAt {
	if n.reading != nil {
		return n.appendReading(dst, text)
	}
	for _, t := range n.analyzer.Analyze([]byte(text)) {
		dst = append(dst, TermAt{Term: n.number(t.Term), Start: int32(t.Start)})
	}
	return dst
}

// number returns the number of term, giving it one if it has none.
func (n *Numbered) number(term []byte) int32 {
	if k, ok := n.numbers[string(term)]; ok {
		return k
	}
	k := int32(len(n.terms))
	s := strings.Clone(string(term))
	n.terms = append(n.terms, s)
	n.numbers[s] = k
	return k
}

// appendReading is Append for a reading analyzer: what its Tokenize
// makes, slot by slot, each slot's terms in byte order.
func (n *Numbered) appendReading(dst []TermAt, text string) []TermAt {
	n.units = appendUnits(n.units[:0], text)
	for i := range n.units {
		pair, ok := slotPair(n.units, i)
		if !ok {
			continue
		}
		for _, k := range n.pairNumbers(pair) {
			dst = append(dst, TermAt{Term: k, Start: int32(i)})
		}
	}
	return dst
}

// pairNumbers returns the numbers of the terms of a pair of read units,
// in byte order.
func (n *Numbered) pairNumbers(pair [2]rune) []int32 {
	if ks, ok := n.pairs[pair]; ok {
		return ks
	}
	terms := n.reading.termsOf(pair[0], pair[1])
	ks := make([]int32, len(terms))
	for i, t := range terms {
		ks[i] = n.number(t)
	}
	n.pairs[pair] = ks
	return ks
}
