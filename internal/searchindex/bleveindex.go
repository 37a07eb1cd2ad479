package searchindex

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// batchSize is the documents per bleve batch: large batches make few,
// large scorch segments, which index and read back fastest.
const batchSize = 2000

// rangeSize is the documents per scorch index. Each is read back and closed
// before the next starts on its core, so memory holds at most one index per
// core whatever the size of the site.
const rangeSize = 10 * batchSize

// indexAndRead indexes the documents with bleve (scorch, in memory) and
// reads every text field's term dictionary and postings back through
// bleve's IndexReader: what the browser searches is bleve's own index.
//
// The documents are split into contiguous ranges of ordinals, each indexed
// into its own scorch index, one range per core at a time, as bleve's
// IndexAlias would search them; term by term the ranges' postings join in
// ordinal order, and document frequencies add up to those of one index.
//
// A posting's position is value index × stride + token position, stride
// being one more than the highest token position of any value, so the
// values of a multi-valued field (items, certificates) never look adjacent.
func indexAndRead(docs []map[string]interface{}) (*readBack, error) {
	parts := (len(docs) + rangeSize - 1) / rangeSize
	read := make([]*partition, parts)
	errs := make([]error, parts)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(parts, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				lo, hi := p*rangeSize, min((p+1)*rangeSize, len(docs))
				read[p], errs[p] = indexRange(docs, lo, hi)
			}
		}()
	}
	for p := range parts {
		next <- p
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return join(read), nil
}

// readBack is the whole index as read back from bleve.
type readBack struct {
	fields   [][]*termEntry     // per text field, terms in dictionary order
	stride   int                // see indexAndRead
	keywords []map[string][]int // per keyword field, value → ordinals ascending
}

// partition is one range's index read back: per text field, term →
// postings whose positions are still value index << valueShift + token
// position (the stride is known only once every range is read); per keyword
// field (code, then the facets), value → ordinals of its documents.
type partition struct {
	fields   []map[string][]posting
	keywords []map[string][]int
	maxPos   int
}

// keywordFields are read back as value → documents.
var keywordFields = append([]string{"code"}, facetFields...)

// valueShift places the value index above the token position until join
// knows the stride.
const valueShift = 32

// indexRange indexes docs[lo:hi] into a new in-memory scorch index, with
// the ordinal as document ID, and reads it back.
func indexRange(docs []map[string]interface{}, lo, hi int) (*partition, error) {
	idx, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	for start := lo; start < hi; start += batchSize {
		b := idx.NewBatch()
		for ord := start; ord < min(start+batchSize, hi); ord++ {
			if err := b.Index(fmt.Sprint(ord), docs[ord]); err != nil {
				return nil, err
			}
		}
		if err := idx.Batch(b); err != nil {
			return nil, err
		}
	}
	ai, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	part := &partition{}
	ords := map[string]int{} // internal ID → ordinal, so ExternalID runs once per document
	for _, field := range textFields {
		terms, err := readField(r, field, ords, part)
		if err != nil {
			return nil, fmt.Errorf("读取索引字段 %s：%w", field, err)
		}
		part.fields = append(part.fields, terms)
	}
	for _, field := range keywordFields {
		values, err := readKeywords(r, field, ords)
		if err != nil {
			return nil, fmt.Errorf("读取索引字段 %s：%w", field, err)
		}
		part.keywords = append(part.keywords, values)
	}
	return part, nil
}

// readKeywords walks a keyword field's dictionary: each value and the
// documents that have it.
func readKeywords(r index.IndexReader, field string, ords map[string]int) (map[string][]int, error) {
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	values := map[string][]int{}
	for {
		de, err := dict.Next()
		if err != nil || de == nil {
			return values, err
		}
		tfr, err := r.TermFieldReader(context.Background(), []byte(de.Term), field, false, false, false)
		if err != nil {
			return nil, err
		}
		for tfd := new(index.TermFieldDoc); ; tfd.Reset() {
			doc, err := tfr.Next(tfd)
			if err == nil && doc != nil {
				var ord int
				if ord, err = ordinal(r, doc.ID, ords); err == nil {
					values[de.Term] = append(values[de.Term], ord)
					continue
				}
			}
			tfr.Close()
			if err != nil {
				return nil, err
			}
			break
		}
	}
}

// readField walks a field's dictionary and every term's postings with
// frequencies, norms and term vectors.
func readField(r index.IndexReader, field string, ords map[string]int, part *partition) (map[string][]posting, error) {
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	terms := map[string][]posting{}
	for {
		de, err := dict.Next()
		if err != nil || de == nil {
			return terms, err
		}
		tfr, err := r.TermFieldReader(context.Background(), []byte(de.Term), field, true, true, true)
		if err != nil {
			return nil, err
		}
		ps := make([]posting, 0, de.Count)
		for tfd := new(index.TermFieldDoc); ; tfd.Reset() {
			doc, err := tfr.Next(tfd)
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if doc == nil {
				break
			}
			ord, err := ordinal(r, doc.ID, ords)
			if err != nil {
				tfr.Close()
				return nil, err
			}
			// bleve's norm is 1/sqrt(tokens in the field): the length back.
			p := posting{ord: ord, freq: int(doc.Freq), length: int(math.Round(1 / (doc.Norm * doc.Norm)))}
			p.pos = make([]int, len(doc.Vectors))
			for i, v := range doc.Vectors {
				ap := 0
				if len(v.ArrayPositions) > 0 {
					ap = int(v.ArrayPositions[0])
				}
				p.pos[i] = ap<<valueShift + int(v.Pos)
				part.maxPos = max(part.maxPos, int(v.Pos))
			}
			ps = append(ps, p)
		}
		tfr.Close()
		terms[de.Term] = ps
	}
}

func ordinal(r index.IndexReader, id index.IndexInternalID, ords map[string]int) (int, error) {
	if ord, ok := ords[string(id)]; ok {
		return ord, nil
	}
	ext, err := r.ExternalID(id)
	if err != nil {
		return 0, err
	}
	var ord int
	if _, err := fmt.Sscan(ext, &ord); err != nil {
		return 0, fmt.Errorf("索引中的文档编号 %q 无效", ext)
	}
	ords[string(id)] = ord
	return ord, nil
}

// join merges the partitions into one dictionary per field, terms sorted,
// postings in ordinal order, positions as value index × stride + position.
func join(parts []*partition) *readBack {
	stride := 1
	for _, p := range parts {
		stride = max(stride, p.maxPos+1)
	}
	fields := make([][]*termEntry, len(textFields))
	for fi := range textFields {
		byTerm := map[string]*termEntry{}
		for _, p := range parts { // ranges in ordinal order
			for term, raws := range p.fields[fi] {
				e := byTerm[term]
				if e == nil {
					e = &termEntry{field: fi, term: term}
					byTerm[term] = e
				}
				for _, rp := range raws {
					e.postings = append(e.postings, cook(rp, stride))
				}
				delete(p.fields[fi], term) // let the partition's copy go as we join
			}
		}
		for _, e := range byTerm {
			slices.SortFunc(e.postings, func(a, b posting) int { return a.ord - b.ord })
			fields[fi] = append(fields[fi], e)
		}
		slices.SortFunc(fields[fi], func(a, b *termEntry) int { return strings.Compare(a.term, b.term) })
	}
	keywords := make([]map[string][]int, len(keywordFields))
	for ki := range keywordFields {
		keywords[ki] = map[string][]int{}
		for _, p := range parts { // ranges in ordinal order: appends stay sorted
			for v, ords := range p.keywords[ki] {
				slices.Sort(ords)
				keywords[ki][v] = append(keywords[ki][v], ords...)
			}
		}
	}
	return &readBack{fields: fields, stride: stride, keywords: keywords}
}

// cook turns a raw posting's positions into value index × stride +
// token position, in place.
func cook(p posting, stride int) posting {
	for i, x := range p.pos {
		p.pos[i] = x>>valueShift*stride + x&(1<<valueShift-1)
	}
	slices.Sort(p.pos)
	return p
}
