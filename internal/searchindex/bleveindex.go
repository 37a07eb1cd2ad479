package searchindex

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"creditsite/internal/model"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
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
// A posting's position is value index × stride + bleve's term vector
// Start (the token's byte offset in the value after the width-folding
// char filter), stride being one more than the most bytes of any value,
// so the values of a multi-valued field (items, certificates) never look
// adjacent. Byte offsets, unlike token positions, tell whether two terms
// are really next to each other in the text: the browser can then check a
// long phrase with only some of its bigrams.
func indexAndRead(ents []*model.Enterprise) (*readBack, error) {
	stride := strideOf(ents)
	parts := (len(ents) + rangeSize - 1) / rangeSize
	read := make([]*partition, parts)
	errs := make([]error, parts)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(parts, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				lo, hi := p*rangeSize, min((p+1)*rangeSize, len(ents))
				read[p], errs[p] = indexRange(ents, lo, hi, stride)
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
	return join(read, stride), nil
}

// strideOf returns one more than the most bytes of any text value of the
// documents (width folding only shortens a value): a token starts before
// the value's end.
func strideOf(ents []*model.Enterprise) int {
	most := 0
	count := func(v string) { most = max(most, len(v)) }
	for _, e := range ents {
		count(e.Name)
		count(e.LegalRep)
		for _, c := range e.Commitments {
			count(c.Item)
		}
		for _, d := range e.Disclosures {
			count(d.CertName)
		}
	}
	return most + 1
}

// readBack is the whole index as read back from bleve.
type readBack struct {
	fields   [][]*termEntry     // per text field, terms in dictionary order
	stride   int                // see indexAndRead
	keywords []map[string][]int // per keyword field, value → ordinals ascending
}

// termEntry is one term of one text field with its postings.
type termEntry struct {
	field int
	term  string
	list  postingList
}

// postingList holds a term's postings in ordinal order. It has no
// pointers, so the garbage collector never scans the millions of postings
// of a large site.
type postingList struct {
	docs []docPosting
	pos  []uint32 // the documents' positions in turn, freq of them each
}

// docPosting is one document of a posting list: its ordinal, the term's
// frequency in the field, and the field's length in tokens.
type docPosting struct {
	ord, freq, length uint32
}

// each calls f for every document with its positions.
func (l *postingList) each(f func(d docPosting, pos []uint32)) {
	at := 0
	for _, d := range l.docs {
		f(d, l.pos[at:at+int(d.freq)])
		at += int(d.freq)
	}
}

// partition is one range's index read back: per text field, term →
// postings; per keyword field (code, then the facets), value → ordinals
// of its documents.
type partition struct {
	fields   []map[string]*postingList
	keywords []map[string][]int
}

// keywordFields are read back as value → documents.
var keywordFields = append([]string{"code"}, facetFields...)

// indexRange indexes the documents of ents[lo:hi] into a new in-memory
// scorch index, with the ordinal as document ID, and reads it back.
func indexRange(ents []*model.Enterprise, lo, hi, stride int) (*partition, error) {
	idx, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	text, ok := idx.Mapping().AnalyzerNamed(analyzerName).(*memoAnalyzer)
	if !ok {
		return nil, fmt.Errorf("分析器 %s 未注册", analyzerName)
	}
	kw := &memoAnalyzer{Analyzer: idx.Mapping().AnalyzerNamed(keyword.Name)}
	for start := lo; start < hi; start += batchSize {
		b := idx.NewBatch()
		for ord := start; ord < min(start+batchSize, hi); ord++ {
			if err := b.IndexAdvanced(bleveDocument(strconv.Itoa(ord), document(ents[ord]), text, kw)); err != nil {
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
	rd := &reader{r: r, ords: map[string]int{}, stride: stride}
	for _, field := range textFields {
		terms, err := rd.field(field)
		if err != nil {
			return nil, fmt.Errorf("读取索引字段 %s：%w", field, err)
		}
		part.fields = append(part.fields, terms)
	}
	for _, field := range keywordFields {
		values, err := rd.keywords(field)
		if err != nil {
			return nil, fmt.Errorf("读取索引字段 %s：%w", field, err)
		}
		part.keywords = append(part.keywords, values)
	}
	return part, nil
}

// reader reads a range's scorch index back.
type reader struct {
	r      index.IndexReader
	ords   map[string]int // internal ID → ordinal, so ExternalID runs once per document
	stride int
}

// keywords walks a keyword field's dictionary: each value and the
// documents that have it, ascending.
func (rd *reader) keywords(field string) (map[string][]int, error) {
	dict, err := rd.r.FieldDict(field)
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
		tfr, err := rd.r.TermFieldReader(context.Background(), []byte(de.Term), field, false, false, false)
		if err != nil {
			return nil, err
		}
		for tfd := new(index.TermFieldDoc); ; tfd.Reset() {
			doc, err := tfr.Next(tfd)
			if err == nil && doc != nil {
				var ord int
				if ord, err = rd.ordinal(doc.ID); err == nil {
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
		slices.Sort(values[de.Term])
	}
}

// field walks a text field's dictionary and every term's postings with
// frequencies, norms and term vectors.
func (rd *reader) field(field string) (map[string]*postingList, error) {
	dict, err := rd.r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	terms := map[string]*postingList{}
	for {
		de, err := dict.Next()
		if err != nil || de == nil {
			return terms, err
		}
		tfr, err := rd.r.TermFieldReader(context.Background(), []byte(de.Term), field, true, true, true)
		if err != nil {
			return nil, err
		}
		l := &postingList{docs: make([]docPosting, 0, de.Count)}
		for tfd := new(index.TermFieldDoc); ; tfd.Reset() {
			doc, err := tfr.Next(tfd)
			if err == nil && doc != nil {
				err = rd.add(l, doc)
			}
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if doc == nil {
				break
			}
		}
		tfr.Close()
		l.sort()
		terms[de.Term] = l
	}
}

// add appends one document of a term field reader to l.
func (rd *reader) add(l *postingList, doc *index.TermFieldDoc) error {
	ord, err := rd.ordinal(doc.ID)
	if err != nil {
		return err
	}
	// bleve's norm is 1/sqrt(tokens in the field): the length back.
	length := math.Round(1 / float64(doc.Norm*doc.Norm))
	if int(doc.Freq) != len(doc.Vectors) {
		return fmt.Errorf("词频 %d 与词位置数 %d 不一致", doc.Freq, len(doc.Vectors))
	}
	l.docs = append(l.docs, docPosting{ord: uint32(ord), freq: uint32(doc.Freq), length: uint32(length)})
	first := len(l.pos)
	for _, v := range doc.Vectors {
		at := 0
		if len(v.ArrayPositions) > 0 {
			at = int(v.ArrayPositions[0])
		}
		if int(v.Start) >= rd.stride {
			return fmt.Errorf("词位置 %d 超出预计范围 %d", v.Start, rd.stride)
		}
		l.pos = append(l.pos, uint32(at*rd.stride+int(v.Start)))
	}
	slices.Sort(l.pos[first:])
	return nil
}

// sort puts the documents in ordinal order: bleve numbers the documents
// of a batch in the order their analysis finished.
func (l *postingList) sort() {
	if slices.IsSortedFunc(l.docs, byOrd) {
		return
	}
	type span struct {
		d  docPosting
		at uint32 // where its positions start in l.pos
	}
	spans := make([]span, len(l.docs))
	at := uint32(0)
	for i, d := range l.docs {
		spans[i] = span{d, at}
		at += d.freq
	}
	slices.SortFunc(spans, func(a, b span) int { return byOrd(a.d, b.d) })
	pos := make([]uint32, 0, len(l.pos))
	for i, s := range spans {
		l.docs[i] = s.d
		pos = append(pos, l.pos[s.at:s.at+s.d.freq]...)
	}
	l.pos = pos
}

func byOrd(a, b docPosting) int { return cmp.Compare(a.ord, b.ord) }

func (rd *reader) ordinal(id index.IndexInternalID) (int, error) {
	if ord, ok := rd.ords[string(id)]; ok {
		return ord, nil
	}
	ext, err := rd.r.ExternalID(id)
	if err != nil {
		return 0, err
	}
	ord, err := strconv.Atoi(ext)
	if err != nil {
		return 0, fmt.Errorf("索引中的文档编号 %q 无效", ext)
	}
	rd.ords[string(id)] = ord
	return ord, nil
}

// join merges the partitions into one dictionary per field, terms sorted,
// postings in ordinal order.
func join(parts []*partition, stride int) *readBack {
	fields := make([][]*termEntry, len(textFields))
	for fi := range textFields {
		byTerm := map[string]*termEntry{}
		for _, p := range parts { // ranges in ordinal order: appends stay sorted
			for term, l := range p.fields[fi] {
				if e := byTerm[term]; e != nil {
					e.list.docs = append(e.list.docs, l.docs...)
					e.list.pos = append(e.list.pos, l.pos...)
				} else {
					byTerm[term] = &termEntry{field: fi, term: term, list: *l}
				}
			}
			p.fields[fi] = nil // let the partition's copy go as we join
		}
		for _, e := range byTerm {
			fields[fi] = append(fields[fi], e)
		}
		slices.SortFunc(fields[fi], func(a, b *termEntry) int { return strings.Compare(a.term, b.term) })
	}
	keywords := make([]map[string][]int, len(keywordFields))
	for ki := range keywordFields {
		keywords[ki] = map[string][]int{}
		for _, p := range parts {
			for v, ords := range p.keywords[ki] {
				keywords[ki][v] = append(keywords[ki][v], ords...)
			}
		}
	}
	return &readBack{fields: fields, stride: stride, keywords: keywords}
}
