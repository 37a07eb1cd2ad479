package analysis

import (
	"bytes"
	"hash/maphash"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Forward is a field's or a text's analysis as the read-back needs it:
// its distinct terms in byte order (bleve's dictionary order), each with
// the byte offsets of its tokens, ascending. A range holds one per text
// field and document until it is read back, so it is kept compact: two
// allocations and no pointers inside, whatever the number of terms.
type Forward struct {
	terms string   // the terms back to back
	ends  []uint32 // per term: the end of its bytes in terms, then of its offsets in pos
	pos   []uint32 // the terms' offsets in turn; right after ends in memory
	sum   uint64   // the sum of the terms' TermHash
}

// termSeed seeds TermHash for the whole process: forward lists and the
// read-back must hash alike.
var termSeed = maphash.MakeSeed()

// TermHash is the hash the read-back checks a document's terms with.
func TermHash(term string) uint64 { return maphash.String(termSeed, term) }

// Len returns the number of distinct terms.
func (f *Forward) Len() int { return len(f.ends) / 2 }

// Term returns the i-th term.
func (f *Forward) Term(i int) string {
	from, to := f.TermBytes(i)
	return f.terms[from:to]
}

// TermBytes returns where the i-th term is in Terms.
func (f *Forward) TermBytes(i int) (from, to uint32) {
	if i > 0 {
		from = f.ends[2*i-2]
	}
	return from, f.ends[2*i]
}

// Positions returns the i-th term's offsets.
func (f *Forward) Positions(i int) []uint32 {
	from := uint32(0)
	if i > 0 {
		from = f.ends[2*i-1]
	}
	return f.pos[from:f.ends[2*i+1]]
}

// Terms returns the terms back to back.
func (f *Forward) Terms() string { return f.terms }

// Tokens returns the number of tokens: the field length bleve counts.
func (f *Forward) Tokens() int { return len(f.pos) }

// Sum returns the sum of the terms' TermHash.
func (f *Forward) Sum() uint64 { return f.sum }

// forwardBuilder makes a forward list: for each term in byte order, the
// caller writes it to terms, calls next, and appends its offsets to f.pos.
type forwardBuilder struct {
	terms strings.Builder
	f     Forward
}

// init sizes a builder for at most terms terms of size bytes in all, and
// tokens offsets. A builder is a local variable of its caller: one object
// less per forward list.
func (b *forwardBuilder) init(terms, size, tokens int) {
	ends := make([]uint32, 2*terms+tokens) // ends and offsets in one allocation, read together
	b.f = Forward{ends: ends[: 0 : 2*terms], pos: ends[2*terms : 2*terms : len(ends)]}
	b.terms.Grow(size)
}

// next ends the term just written to terms.
func (b *forwardBuilder) next() {
	b.closeOffsets()
	b.f.ends = append(b.f.ends, uint32(b.terms.Len()), 0)
}

// closeOffsets records where the last term's offsets end.
func (b *forwardBuilder) closeOffsets() {
	if n := len(b.f.ends); n > 0 {
		b.f.ends[n-1] = uint32(len(b.f.pos))
	}
}

// done returns the list built.
func (b *forwardBuilder) done() Forward {
	b.closeOffsets()
	b.f.terms = b.terms.String()
	for i := range b.f.Len() {
		b.f.sum += TermHash(b.f.Term(i))
	}
	return b.f
}

// ForwardOf groups a token stream by term. Tokens come in text order, so
// a stable sort by term leaves each term's offsets ascending. Streams are
// short (a name, a commitment wording): insertion sort.
func ForwardOf(tokens analysis.TokenStream) Forward {
	order := make([]int32, len(tokens))
	size, distinct := 0, 0 // of the distinct terms
	for i := range order {
		order[i] = int32(i)
		for j := i; j > 0 && bytes.Compare(tokens[order[j-1]].Term, tokens[i].Term) > 0; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	for i, k := range order {
		if i == 0 || !bytes.Equal(tokens[k].Term, tokens[order[i-1]].Term) {
			size += len(tokens[k].Term)
			distinct++
		}
	}
	var b forwardBuilder
	b.init(distinct, size, len(tokens))
	for i, k := range order {
		t := tokens[k]
		if i == 0 || !bytes.Equal(t.Term, tokens[order[i-1]].Term) {
			b.terms.Write(t.Term)
			b.next()
		}
		b.f.pos = append(b.f.pos, uint32(t.Start))
	}
	return b.done()
}

// Merge returns the forward list of a multi-valued field: the values'
// lists merged term by term, the offsets of value i moved by i × stride,
// which keeps them ascending and apart.
func Merge(values []*Analysed, stride int) Forward {
	next := make([]int, len(values)) // per value, its next term
	terms, size, tokens := 0, 0, 0   // at most: values share terms
	for _, a := range values {
		terms += a.Fwd.Len()
		size += len(a.Fwd.terms)
		tokens += len(a.Fwd.pos)
	}
	var b forwardBuilder
	b.init(terms, size, tokens)
	for {
		term, any := "", false
		for i, a := range values {
			if next[i] < a.Fwd.Len() {
				if t := a.Fwd.Term(next[i]); !any || t < term {
					term, any = t, true
				}
			}
		}
		if !any {
			return b.done()
		}
		b.terms.WriteString(term)
		b.next()
		for i, a := range values {
			if next[i] < a.Fwd.Len() && a.Fwd.Term(next[i]) == term {
				for _, p := range a.Fwd.Positions(next[i]) {
					b.f.pos = append(b.f.pos, uint32(i*stride)+p)
				}
				next[i]++
			}
		}
	}
}
