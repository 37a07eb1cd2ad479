package searchindex

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
)

// forward is a field's or a text's analysis as the read-back needs it:
// its distinct terms in byte order (bleve's dictionary order), each with
// the byte offsets of its tokens, ascending.
type forward []termPositions

type termPositions struct {
	term string
	pos  []uint32
}

// forwardOf groups a token stream by term. Tokens come in text order, so
// a stable sort by term leaves each term's offsets ascending. Streams are
// short (a name, a commitment wording): insertion sort.
func forwardOf(tokens analysis.TokenStream) forward {
	order := make([]int32, len(tokens))
	for i := range order {
		order[i] = int32(i)
		for j := i; j > 0 && bytes.Compare(tokens[order[j-1]].Term, tokens[i].Term) > 0; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	// Runs of equal terms; their terms as substrings of one string.
	var buf []byte
	var starts, ends []int
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && bytes.Equal(tokens[order[j]].Term, tokens[order[i]].Term) {
			j++
		}
		buf = append(buf, tokens[order[i]].Term...)
		starts, ends = append(starts, i), append(ends, len(buf))
		i = j
	}
	terms := string(buf)
	pos := make([]uint32, len(tokens))
	for i, k := range order {
		pos[i] = uint32(tokens[k].Start)
	}
	fwd := make(forward, len(starts))
	from := 0
	for t, i := range starts {
		j := len(order)
		if t+1 < len(starts) {
			j = starts[t+1]
		}
		fwd[t] = termPositions{terms[from:ends[t]], pos[i:j:j]}
		from = ends[t]
	}
	return fwd
}

// merge returns the forward list of a multi-valued field: the values'
// lists merged term by term, the positions of value i offset by i ×
// stride, which keeps them ascending and apart.
func merge(values []*analysed, stride int) forward {
	next := make([]int, len(values)) // per value, its next entry
	tokens, entries := 0, 0
	for _, a := range values {
		for _, tp := range a.fwd {
			tokens += len(tp.pos)
		}
		entries += len(a.fwd)
	}
	fwd := make(forward, 0, entries)
	pos := make([]uint32, 0, tokens)
	for {
		term, any := "", false
		for i, a := range values {
			if next[i] < len(a.fwd) && (!any || a.fwd[next[i]].term < term) {
				term, any = a.fwd[next[i]].term, true
			}
		}
		if !any {
			return fwd
		}
		at := len(pos)
		for i, a := range values {
			if next[i] < len(a.fwd) && a.fwd[next[i]].term == term {
				for _, p := range a.fwd[next[i]].pos {
					pos = append(pos, uint32(i*stride)+p)
				}
				next[i]++
			}
		}
		fwd = append(fwd, termPositions{term, pos[at:len(pos):len(pos)]})
	}
}
