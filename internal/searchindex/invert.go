package searchindex

import (
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"

	"creditsite/internal/model"
)

// invert builds, for each text field, the inverted index bleve's scorch
// would hold for the documents of ds: the same analyzer, one posting per
// document and term with bleve's frequency, field length (tokens over all
// values of the field, whose 1/sqrt is bleve's norm) and positions.
// TestInvertMatchesBleve checks it against a scorch index, term by term.
//
// A position is value index × stride + token position, stride being one
// more than the most tokens of any value: the values of a multi-valued
// field (items, certificates) never look adjacent, and positions stay
// small numbers, short as varints.
//
// Building it directly costs a fraction of indexing into scorch and reading
// the segments back: values shared by many enterprises (commitment items,
// certificate names) are analysed once, and nothing is encoded twice.
func invert(ds *model.Dataset) (fields [][]*termEntry, stride int) {
	a := newMapping().AnalyzerNamed(analyzerName)
	docs := make([]map[string]interface{}, len(ds.Enterprises))
	for i, e := range ds.Enterprises {
		docs[i] = document(e)
	}
	fields = make([][]*termEntry, len(textFields))
	longest := make([]int, len(textFields))
	var wg sync.WaitGroup
	for fi := range textFields {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fields[fi], longest[fi] = invertField(a, docs, fi)
		}()
	}
	wg.Wait()
	stride = slices.Max(longest) + 1
	for _, es := range fields {
		for _, e := range es {
			for _, p := range e.postings {
				for i, x := range p.pos {
					p.pos[i] = x>>valueShift*stride + x&(1<<valueShift-1)
				}
			}
		}
	}
	return fields, stride
}

// valueShift places the value index above the token position while
// inverting, before the stride is known.
const valueShift = 32

// token is an analysed term and its position in its value.
type token struct {
	term string
	pos  int
}

// invertField inverts one text field and returns its terms in dictionary
// order and the most tokens of any one value.
func invertField(a analysis.Analyzer, docs []map[string]interface{}, fi int) ([]*termEntry, int) {
	field := textFields[fi]
	cache := map[string][]token{}
	analyse := func(v string) []token {
		if ts, ok := cache[v]; ok {
			return ts
		}
		var ts []token
		for _, t := range a.Analyze([]byte(v)) {
			ts = append(ts, token{string(t.Term), t.Position})
		}
		cache[v] = ts
		return ts
	}
	terms := map[string]*termEntry{}
	var order []string // terms of the current document, first-seen order
	cur := map[string]*posting{}
	longest := 0
	for ord, doc := range docs {
		var values []string
		switch v := doc[field].(type) {
		case string:
			values = []string{v}
		case []string:
			values = v
		}
		length := 0
		for ai, v := range values {
			ts := analyse(v)
			length += len(ts)
			longest = max(longest, len(ts))
			for _, t := range ts {
				p := cur[t.term]
				if p == nil {
					p = &posting{ord: ord}
					cur[t.term] = p
					order = append(order, t.term)
				}
				p.freq++
				p.pos = append(p.pos, ai<<valueShift+t.pos)
			}
		}
		for _, term := range order {
			p := cur[term]
			p.length = length
			e := terms[term]
			if e == nil {
				e = &termEntry{field: fi, term: term}
				terms[term] = e
			}
			e.postings = append(e.postings, *p)
		}
		clear(cur)
		order = order[:0]
	}
	out := make([]*termEntry, 0, len(terms))
	for _, e := range terms {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].term < out[j].term })
	return out, longest
}
