package searchindex

import (
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
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
func invert(docs []map[string]interface{}) (fields [][]*termEntry, stride int) {
	a := newMapping().AnalyzerNamed(analyzerName)
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

// token is an analysed term, by its number in the field's dictionary,
// and its position: value index << valueShift + position in the value.
type token struct{ id, pos int }

// invertField inverts one text field and returns its terms in dictionary
// order and the most tokens of any one value.
func invertField(a analysis.Analyzer, docs []map[string]interface{}, fi int) ([]*termEntry, int) {
	field := textFields[fi]
	var entries []*termEntry
	ids := map[string]int{}
	cache := map[string][]token{} // value → its tokens, positions within it
	longest := 0
	analyse := func(v string) []token {
		if ts, ok := cache[v]; ok {
			return ts
		}
		var ts []token
		for _, t := range a.Analyze([]byte(v)) {
			id, ok := ids[string(t.Term)]
			if !ok {
				id = len(entries)
				ids[string(t.Term)] = id
				entries = append(entries, &termEntry{field: fi, term: string(t.Term)})
			}
			ts = append(ts, token{id, t.Position})
		}
		cache[v] = ts
		longest = max(longest, len(ts))
		return ts
	}
	var doc []token
	var arena []int // positions of all postings, each posting's in one run
	for ord, d := range docs {
		var values []string
		switch v := d[field].(type) {
		case string:
			values = []string{v}
		case []string:
			values = v
		}
		doc = doc[:0]
		for ai, v := range values {
			for _, t := range analyse(v) {
				doc = append(doc, token{t.id, ai<<valueShift + t.pos})
			}
		}
		// Group by term; positions stay ascending within a term.
		slices.SortStableFunc(doc, func(x, y token) int { return x.id - y.id })
		for i := 0; i < len(doc); {
			j, start := i, len(arena)
			for ; j < len(doc) && doc[j].id == doc[i].id; j++ {
				arena = append(arena, doc[j].pos)
			}
			e := entries[doc[i].id]
			e.postings = append(e.postings, posting{ord: ord, freq: j - i, length: len(doc), pos: arena[start:len(arena):len(arena)]})
			i = j
		}
	}
	slices.SortFunc(entries, func(x, y *termEntry) int { return strings.Compare(x.term, y.term) })
	return entries, longest
}
