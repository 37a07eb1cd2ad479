package document

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"creditsite/internal/model"
	"creditsite/internal/searchindex/analysis"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// batchSize is the documents per bleve batch: large batches make few,
// large scorch segments, which index and read back fastest.
const batchSize = 2000

// RangeSize is the documents per scorch index. Each is read back and closed
// before the next starts on its core, so memory holds at most one index per
// core whatever the size of the site.
const RangeSize = 10 * batchSize

// Index indexes the documents with bleve (scorch, in memory) and
// reads every text field's term dictionary and postings back through
// bleve's IndexReader: what the browser searches is bleve's own index.
//
// The documents are split into contiguous ranges of ordinals, each indexed
// into its own scorch index, one range per core at a time, as bleve's
// IndexAlias would search them; term by term the ranges' postings join in
// ordinal order, and document frequencies add up to those of one index.
//
// A posting's position is value index × stride + the token's Start, what
// bleve keeps as a term vector (the byte offset in the value after the
// width-folding char filter), stride being one more than the most bytes
// of any value,
// so the values of a multi-valued field (items, certificates) never look
// adjacent. Byte offsets, unlike token positions, tell whether two terms
// are really next to each other in the text: the browser can then check a
// long phrase with only some of its bigrams.
func Index(ents []*model.Enterprise) (*ReadBack, error) {
	stride := strideOf(ents)
	parts := (len(ents) + RangeSize - 1) / RangeSize
	read := make([]*partition, parts)
	errs := make([]error, parts)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(parts, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				lo, hi := p*RangeSize, min((p+1)*RangeSize, len(ents))
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

// ReadBack is the whole index as read back from bleve.
type ReadBack struct {
	Fields   [][]*TermEntry     // per text field (AllTextFields), terms in dictionary order
	Stride   int                // see Index
	Keywords []map[string][]int // per keyword field (the code, then FacetFields), value → ordinals ascending
}

// TermEntry is one term of one text field with its postings.
type TermEntry struct {
	Field int // index in AllTextFields
	Term  string
	List  PostingList
}

// PostingList holds a term's postings in ordinal order. It has no
// pointers, so the garbage collector never scans the millions of postings
// of a large site.
type PostingList struct {
	Docs []DocPosting
	Pos  []uint32 // the documents' positions in turn, Freq of them each
}

// DocPosting is one document of a posting list: its ordinal, the term's
// frequency in the field, and the field's length in tokens.
type DocPosting struct {
	Ord, Freq, Length uint32
}

// positions returns how many positions the documents have.
func (l *PostingList) positions() int {
	n := 0
	for _, d := range l.Docs {
		n += int(d.Freq)
	}
	return n
}

// Each calls f for every document with its positions.
func (l *PostingList) Each(f func(d DocPosting, pos []uint32)) {
	at := 0
	for _, d := range l.Docs {
		f(d, l.Pos[at:at+int(d.Freq)])
		at += int(d.Freq)
	}
}

// partition is one range's index read back: per text field, term →
// postings; per keyword field (code, then the facets), value → ordinals
// of its documents.
type partition struct {
	fields   []map[string]*PostingList
	keywords []map[string][]int
}

// keywordFields are read back as value → documents.
var keywordFields = append([]string{"code"}, FacetFields...)

// indexRange indexes the documents of ents[lo:hi] into a new in-memory
// scorch index, with the ordinal as document ID, and reads it back.
func indexRange(ents []*model.Enterprise, lo, hi, stride int) (*partition, error) {
	idx, err := newRangeIndex()
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	a, err := indexDocs(idx, ents, lo, hi, stride)
	if err != nil {
		return nil, err
	}
	return readRange(idx, a)
}

// newRangeIndex returns a new in-memory scorch index of the mapping. The
// read-back uses one term reader of a field at a time: bleve may recycle it.
func newRangeIndex() (bleve.Index, error) {
	return bleve.NewUsing("", NewMapping(), scorch.Name, scorch.Name, map[string]interface{}{"fieldTFRCacheThreshold": 1})
}

// indexDocs indexes ents[lo:hi] into idx in batches and returns the
// analysis's forward lists for the read-back.
func indexDocs(idx bleve.Index, ents []*model.Enterprise, lo, hi, stride int) (*indexing, error) {
	a := &indexing{keyword: analysis.NewMemo(idx.Mapping().AnalyzerNamed(keyword.Name)), stride: stride, lo: lo, hi: hi}
	a.textLists = make([]lists, len(TextFields))
	for i, name := range AllAnalyzers {
		text, ok := idx.Mapping().AnalyzerNamed(name).(*analysis.Memo)
		if !ok {
			return nil, fmt.Errorf("分析器 %s 未注册", name)
		}
		a.text = append(a.text, text)
		if i < len(TextFields) {
			a.fwd = append(a.fwd, make([]analysis.Forward, hi-lo))
		}
	}
	pinyin := make(chan struct{})
	go func() { // beside bleve's own analysis workers
		defer close(pinyin)
		pinyinRange(ents, a)
	}()
	defer func() { <-pinyin }()
	for start := lo; start < hi; start += batchSize {
		b := idx.NewBatch()
		for ord := start; ord < min(start+batchSize, hi); ord++ {
			if err := b.IndexAdvanced(bleveDocument(ord, valuesOf(ents[ord]), a)); err != nil {
				return nil, err
			}
		}
		if err := idx.Batch(b); err != nil {
			return nil, err
		}
		if a.err != nil {
			return nil, a.err
		}
	}
	<-pinyin
	// The read-back that follows holds the range's postings too.
	for i := range a.text {
		a.text[i].Forget()
	}
	for i := range a.textLists {
		a.textLists[i].forget()
	}
	a.keyword.Forget()
	a.keywordLists.forget()
	return a, nil
}

// readRange reads back what indexDocs indexed.
func readRange(idx bleve.Index, a *indexing) (*partition, error) {
	ai, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	part := &partition{}
	rd := &reader{r: r, lo: a.lo, ords: make([]int32, n), slot: make([]DocPosting, n), seen: make([]uint64, (n+63)/64)}
	for fi, field := range TextFields {
		terms, err := rd.field(field, a.fwd[fi], a.lo)
		if err != nil {
			return nil, fmt.Errorf("读取索引字段 %s：%w", field, err)
		}
		a.fwd[fi] = nil
		part.fields = append(part.fields, terms)
	}
	part.fields = append(part.fields, a.pinyin...)
	a.pinyin = nil
	for _, field := range keywordFields {
		values, err := rd.keywords(field)
		if err != nil {
			return nil, fmt.Errorf("读取索引字段 %s：%w", field, err)
		}
		part.keywords = append(part.keywords, values)
	}
	return part, nil
}

// pinyinRange makes the postings of the pinyin fields (PinyinFields: the
// name, read) of the range's documents into a.pinyin. Scorch does not
// index them: they doubled the postings a build makes (a name has about
// as many reading tokens per field as name tokens) and made the index
// half as costly again, for fields only near misses read. What bleve would
// hold for them follows from their analysis alone, the analyzers being
// bleve's (registered, in the mapping): TestExportMatchesBleve checks the
// export against an index of the mapping that has them.
func pinyinRange(ents []*model.Enterprise, a *indexing) {
	a.pinyin = make([]map[string]*PostingList, len(PinyinFields))
	for i := range PinyinFields {
		a.pinyin[i] = postingsOf(a.text[len(TextFields)+i].Numbered(), ents[a.lo:a.hi], a.lo)
	}
}

// postingsOf makes a pinyin field's postings from its documents' names
// (ents, the ordinals from lo) analysed by num, in ordinal order: what
// bleve's TermFieldReader gives, frequencies and field lengths (a norm's
// tokens) included.
//
// A first pass analyses the names, keeping their tokens, and counts each
// term's documents and positions, so that the lists are cut from one
// array of postings and one of positions, each list at its final size;
// a second fills them from the tokens kept. The tokens are kept in
// chunks: arrays of the whole range's tokens grown as they came cost
// more in copies than the analysis itself.
func postingsOf(num *analysis.Numbered, ents []*model.Enterprise, lo int) map[string]*PostingList {
	var (
		sc              readingScratch
		kept            tokenChunks
		lengths         = make([]uint32, len(ents)) // per document, its tokens
		docs, positions []int                       // per term number
		postings        int
	)
	for i, e := range ents {
		keys := sc.sorted(num, e.Name)
		kept.add(keys)
		lengths[i] = uint32(len(keys))
		for k, key := range keys {
			t := int(key >> 32)
			for t >= len(docs) {
				docs, positions = append(docs, 0), append(positions, 0)
			}
			if k == 0 || key>>32 != keys[k-1]>>32 {
				docs[t]++
				postings++
			}
			positions[t]++
		}
	}
	lists := make([]PostingList, len(docs))
	allDocs, allPos := make([]DocPosting, postings), make([]uint32, kept.n)
	d, p := 0, 0
	for t := range lists {
		lists[t] = PostingList{Docs: allDocs[d : d : d+docs[t]], Pos: allPos[p : p : p+positions[t]]}
		d, p = d+docs[t], p+positions[t]
	}
	for i := range ents {
		keys := kept.next(int(lengths[i]))
		for k, key := range keys {
			l := &lists[key>>32]
			if k == 0 || key>>32 != keys[k-1]>>32 {
				l.Docs = append(l.Docs, DocPosting{Ord: uint32(lo + i), Length: uint32(len(keys))})
			}
			l.Docs[len(l.Docs)-1].Freq++
			l.Pos = append(l.Pos, uint32(key))
		}
	}
	terms := make(map[string]*PostingList, len(lists))
	for t := range lists {
		terms[num.Term(int32(t))] = &lists[t]
	}
	return terms
}

// readingScratch is what postingsOf analyses a name into.
type readingScratch struct {
	toks []analysis.TermAt
	keys []uint64
}

// sorted returns the tokens of text as term number << 32 | start,
// sorted: grouped by term, a term's positions ascending.
func (sc *readingScratch) sorted(num *analysis.Numbered, text string) []uint64 {
	sc.toks = num.Append(sc.toks[:0], text)
	sc.keys = sc.keys[:0]
	for _, t := range sc.toks {
		sc.keys = append(sc.keys, uint64(t.Term)<<32|uint64(t.Start))
	}
	slices.Sort(sc.keys)
	return sc.keys
}

// tokenChunks keeps the documents' tokens in turn, each document's in
// one chunk, and gives them back in the same order.
type tokenChunks struct {
	chunks [][]uint64
	n      int // tokens kept
	at     int // the chunk next reads from
}

const tokenChunk = 1 << 16

func (c *tokenChunks) add(keys []uint64) {
	last := len(c.chunks) - 1
	if last < 0 || len(c.chunks[last])+len(keys) > cap(c.chunks[last]) {
		c.chunks = append(c.chunks, make([]uint64, 0, max(tokenChunk, len(keys))))
		last++
	}
	c.chunks[last] = append(c.chunks[last], keys...)
	c.n += len(keys)
}

// next returns the next document's n tokens.
func (c *tokenChunks) next(n int) []uint64 {
	if n == 0 {
		return nil
	}
	for len(c.chunks[c.at]) < n {
		c.at++
	}
	keys := c.chunks[c.at][:n:n]
	c.chunks[c.at] = c.chunks[c.at][n:]
	return keys
}

// ordinalID is the document ID bleve keeps for an ordinal (see ordinal).
func ordinalID(ord int) string { return strconv.Itoa(ord) }

// reader reads a range's scorch index back.
type reader struct {
	r    index.IndexReader
	lo   int     // the range's first ordinal
	ords []int32 // internal document number → ordinal + 1, so ExternalID runs once per document

	// Scratch for sortByOrdinal, per document of the range (ordinal − lo).
	slot []DocPosting
	seen []uint64 // bitmap of the slots in use
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
		var ords []int
		for tfd := new(index.TermFieldDoc); ; tfd.Reset() {
			doc, err := tfr.Next(tfd)
			if err == nil && doc != nil {
				var ord int
				if ord, err = rd.ordinal(doc.ID); err == nil {
					ords = append(ords, ord)
					continue
				}
			}
			tfr.Close()
			if err != nil {
				return nil, err
			}
			break
		}
		slices.Sort(ords)
		values[de.Term] = ords
	}
}

// field walks a text field's dictionary and every term's postings with
// frequencies and norms. The positions come from fwd, the documents'
// analyses (ordinal − lo): the dictionary is walked in byte order, so
// each document's terms are met in the order fwd lists them. That bleve
// has the same terms as the analysis is checked per document, not per
// posting, which would read every term's bytes again out of cache: the
// counts must agree term by term and the terms' hashes must add up to
// the forward list's (see analysis.Forward.Sum).
func (rd *reader) field(field string, fwd []analysis.Forward, lo int) (map[string]*PostingList, error) {
	dict, err := rd.r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	next := make([]int32, len(fwd))  // per document, its next term in fwd
	sums := make([]uint64, len(fwd)) // per document, termHash of the terms met
	terms := map[string]*PostingList{}
	for {
		de, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if de == nil {
			break
		}
		l, err := rd.postings(field, de)
		if err != nil {
			return nil, err
		}
		h := analysis.TermHash(de.Term)
		l.Pos = make([]uint32, 0, l.positions())
		for _, d := range l.Docs {
			i := int(d.Ord) - lo
			f, at := &fwd[i], int(next[i])
			if at == f.Len() || len(f.Positions(at)) != int(d.Freq) {
				return nil, fmt.Errorf("文档 %d 的词 %q 与分析结果不一致", d.Ord, de.Term)
			}
			l.Pos = append(l.Pos, f.Positions(at)...)
			next[i]++
			sums[i] += h
		}
		terms[de.Term] = l
	}
	for i := range fwd {
		if int(next[i]) != fwd[i].Len() || sums[i] != fwd[i].Sum() {
			return nil, fmt.Errorf("文档 %d 的词与分析结果不一致", lo+i)
		}
	}
	return terms, nil
}

// postings reads a term's documents with frequencies and field lengths,
// in ordinal order (bleve numbers the documents of a batch in the order
// their analysis finished).
func (rd *reader) postings(field string, de *index.DictEntry) (*PostingList, error) {
	tfr, err := rd.r.TermFieldReader(context.Background(), []byte(de.Term), field, true, true, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	l := &PostingList{Docs: make([]DocPosting, 0, de.Count)}
	for tfd := new(index.TermFieldDoc); ; tfd.Reset() {
		doc, err := tfr.Next(tfd)
		if err != nil {
			return nil, err
		}
		if doc == nil {
			break
		}
		ord, err := rd.ordinal(doc.ID)
		if err != nil {
			return nil, err
		}
		// bleve's norm is 1/sqrt(tokens in the field): the length back.
		length := math.Round(1 / float64(doc.Norm*doc.Norm))
		l.Docs = append(l.Docs, DocPosting{Ord: uint32(ord), Freq: uint32(doc.Freq), Length: uint32(length)})
	}
	if err := rd.sortByOrdinal(l.Docs); err != nil {
		return nil, fmt.Errorf("词 %q：%w", de.Term, err)
	}
	return l, nil
}

// sortByOrdinal puts a term's postings in ordinal order. scorch numbers
// the documents of a batch in the order their analysis finished, so each
// segment's postings come shuffled. A term has each document at most
// once: long lists are placed by ordinal (linear), short ones sorted by
// insertion.
func (rd *reader) sortByOrdinal(docs []DocPosting) error {
	if len(docs) <= 32 {
		for i := 1; i < len(docs); i++ {
			for j := i; j > 0 && docs[j].Ord < docs[j-1].Ord; j-- {
				docs[j], docs[j-1] = docs[j-1], docs[j]
			}
		}
		for i := 1; i < len(docs); i++ {
			if docs[i].Ord == docs[i-1].Ord {
				return fmt.Errorf("文档 %d 出现两次", docs[i].Ord)
			}
		}
		return nil
	}
	first, last := len(rd.seen), 0
	for _, d := range docs {
		i := int(d.Ord) - rd.lo
		w, bit := i/64, uint64(1)<<(i%64)
		if rd.seen[w]&bit != 0 {
			clear(rd.seen)
			return fmt.Errorf("文档 %d 出现两次", d.Ord)
		}
		rd.seen[w] |= bit
		rd.slot[i] = d
		first, last = min(first, w), max(last, w)
	}
	n := 0
	for w := first; w <= last; w++ {
		for set := rd.seen[w]; set != 0; set &= set - 1 {
			docs[n] = rd.slot[w*64+bits.TrailingZeros64(set)]
			n++
		}
		rd.seen[w] = 0
	}
	return nil
}

// ordinal returns the ordinal of the document with internal ID id.
func (rd *reader) ordinal(id index.IndexInternalID) (int, error) {
	num := id.Value()
	if num >= uint64(len(rd.ords)) {
		return 0, fmt.Errorf("索引中的内部文档编号 %d 超出文档数 %d", num, len(rd.ords))
	}
	if ord := rd.ords[num]; ord > 0 {
		return int(ord) - 1, nil
	}
	ext, err := rd.r.ExternalID(id)
	if err != nil {
		return 0, err
	}
	ord, err := strconv.Atoi(ext)
	if err != nil || ord < rd.lo || ord >= rd.lo+len(rd.ords) {
		return 0, fmt.Errorf("索引中的文档编号 %q 无效", ext)
	}
	rd.ords[num] = int32(ord) + 1
	return ord, nil
}

// join merges the partitions into one dictionary per field, terms sorted,
// postings in ordinal order.
func join(parts []*partition, stride int) *ReadBack {
	fields := make([][]*TermEntry, len(AllTextFields))
	for fi := range AllTextFields {
		most := 0
		for _, p := range parts {
			most += len(p.fields[fi])
		}
		byTerm := make(map[string]*TermEntry, most)
		entries := make([]TermEntry, 0, most) // one object, not one per term
		for _, p := range parts {             // ranges in ordinal order: appends stay sorted
			for term, l := range p.fields[fi] {
				if e := byTerm[term]; e != nil {
					e.List.Docs = append(e.List.Docs, l.Docs...)
					e.List.Pos = append(e.List.Pos, l.Pos...)
				} else {
					entries = append(entries, TermEntry{Field: fi, Term: term, List: *l})
					byTerm[term] = &entries[len(entries)-1]
				}
			}
			p.fields[fi] = nil // let the partition's copy go as we join
		}
		fields[fi] = make([]*TermEntry, len(entries))
		for i := range entries {
			fields[fi][i] = &entries[i]
		}
		slices.SortFunc(fields[fi], func(a, b *TermEntry) int { return strings.Compare(a.Term, b.Term) })
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
	return &ReadBack{Fields: fields, Stride: stride, Keywords: keywords}
}
