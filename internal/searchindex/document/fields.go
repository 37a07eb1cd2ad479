package document

import (
	"fmt"
	"strings"
	"sync"

	blevedoc "github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"creditsite/internal/searchindex/analysis"
)

// indexing is what the fields of one range's documents are analysed
// with, and where their text fields leave their terms' positions.
type indexing struct {
	text         []*analysis.Memo // per text field (AllTextFields), its analyzer
	keyword      *analysis.Memo
	textLists    []lists // per text field (TextFields)
	keywordLists lists
	stride       int                       // see Index
	lo, hi       int                       // the range's ordinals
	fwd          [][]analysis.Forward      // per text field (TextFields), per document of the range (ordinal − lo)
	pinyin       []map[string]*PostingList // per pinyin field (PinyinFields), term → postings

	mu  sync.Mutex
	err error // the first analysis that broke an assumption of the export
}

// fail records err unless an earlier error was recorded. Analyze cannot
// return errors; indexRange checks after each batch.
func (a *indexing) fail(err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err == nil {
		a.err = err
	}
}

// bleveDocument turns Of(e), given as its values (valuesOf), into the
// bleve document that the index mapping would make of it, with one field
// per name (see field) instead
// of one per value: text fields analysed by their analyzers in text,
// keyword fields by keyword. The pinyin fields are left out: their
// postings are made from their analysis alone (see pinyinRange). Text fields are indexed without term
// vectors: the positions bleve would store there are the analysis's own
// token offsets, which Analyze leaves in a.fwd, where the read-back takes
// them (see reader.field). TestExportMatchesBleve checks the index,
// positions included, against one built through the mapping with term
// vectors.
func bleveDocument(ord int, values []interface{}, a *indexing) *blevedoc.Document {
	d := blevedoc.NewDocument(ordinalID(ord))
	fs := make([]field, len(docFields)) // one allocation for all
	d.Fields = make([]blevedoc.Field, 0, len(fs))
	for i, name := range docFields {
		if i < len(TextFields) {
			fs[i] = field{name: name, analyzer: a.text[i], lists: &a.textLists[i], ix: a, fwd: &a.fwd[i][ord-a.lo]}
		} else {
			fs[i] = field{name: name, analyzer: a.keyword, lists: &a.keywordLists}
		}
		addField(d, &fs[i], values[i])
	}
	d.SetIndexed()
	return d
}

func addField(d *blevedoc.Document, f *field, v interface{}) {
	switch v := v.(type) {
	case string: // name, legal representative, code: rarely repeated
		f.values, f.once = []string{v}, true
	case []string:
		if len(v) == 0 {
			return // the mapping adds no field for an empty array
		}
		f.values, f.array = v, true
	}
	d.AddField(f)
}

// field is a document field with all its values. bleve's mapping finds
// the values by reflection and makes a field of each, whose token
// frequencies the segment builder then merges again per document; a
// field of all values saves most of the indexing allocations. Analysis
// and frequencies are bleve's: the same analyzer, the same counts.
type field struct {
	name     string
	values   []string
	array    bool // multi-valued: its analysis is shared with documents of the same list
	once     bool // not worth remembering the analysis of
	analyzer *analysis.Memo
	lists    *lists            // the analyses of whole lists of values of analyzer
	ix       *indexing         // text fields: the range's stride, and where to report a token past it
	fwd      *analysis.Forward // text fields: where Analyze puts the positions
	length   int
	freqs    index.TokenFrequencies
}

func (f *field) Name() string                                     { return f.name }
func (f *field) ArrayPositions() []uint64                         { return nil }
func (f *field) Options() index.FieldIndexingOptions              { return index.IndexField }
func (f *field) Value() []byte                                    { return nil } // neither stored nor doc values
func (f *field) EncodedFieldType() byte                           { return 't' }
func (f *field) AnalyzedLength() int                              { return f.length }
func (f *field) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

func (f *field) NumPlainTextBytes() uint64 {
	n := 0
	for _, v := range f.values {
		n += len(v)
	}
	return uint64(n)
}

func (f *field) Size() int { return 64 + int(f.NumPlainTextBytes()) }

// Analyze does what analysis.TokenFrequency does for each value, into
// one map, and for a text field sorts its tokens' positions by term. The
// result for a list of values is shared with other documents that have
// the same list (see lists).
func (f *field) Analyze() {
	if !f.array {
		f.analyze()
		return
	}
	key := strings.Join(f.values, "\x00")
	if fa, ok := f.lists.get(key); ok {
		f.length, f.freqs = fa.length, fa.freqs
		if f.fwd != nil {
			*f.fwd = fa.fwd
		}
		return
	}
	f.analyze()
	fa := fieldAnalysis{length: f.length, freqs: f.freqs}
	if f.fwd != nil {
		fa.fwd = *f.fwd
	}
	f.lists.put(key, fa)
}

// analyze counts the field's terms and, for a text field, lists each
// term's positions (see analysis.Forward and analysis.Merge).
func (f *field) analyze() {
	values := make([]*analysis.Analysed, len(f.values))
	for i, v := range f.values {
		values[i] = f.analyzer.Text(v, !f.once)
	}
	if f.fwd == nil {
		f.count(values)
		return
	}
	for _, a := range values {
		// Tokens come in text order: the last starts last. Width folding
		// only shortens a value, so this never happens (see strideOf).
		if n := len(a.Tokens); n > 0 && a.Tokens[n-1].Start >= f.ix.stride {
			f.ix.fail(fmt.Errorf("词位置 %d 超出预计范围 %d", a.Tokens[n-1].Start, f.ix.stride))
		}
	}
	fwd := values[0].Fwd
	if len(values) > 1 {
		fwd = analysis.Merge(values, f.ix.stride)
	}
	n := fwd.Len()
	f.freqs = make(index.TokenFrequencies, n)
	tfs := make([]index.TokenFreq, n)
	terms := []byte(fwd.Terms()) // TokenFreq's terms are bytes: one copy for all
	for i := range n {
		from, to := fwd.TermBytes(i)
		tfs[i].Term = terms[from:to:to]
		tfs[i].SetFrequency(len(fwd.Positions(i)))
		f.freqs[fwd.Terms()[from:to]] = &tfs[i]
	}
	f.length = fwd.Tokens()
	*f.fwd = fwd
}

// count counts the terms of a keyword field.
func (f *field) count(values []*analysis.Analysed) {
	tokens := 0
	for _, a := range values {
		tokens += len(a.Tokens)
	}
	f.freqs = make(index.TokenFrequencies, tokens)
	tfs := make([]index.TokenFreq, 0, tokens) // never grows: the map points into it
	for _, a := range values {
		for _, t := range a.Tokens {
			f.length++
			if tf := f.freqs[string(t.Term)]; tf != nil {
				tf.SetFrequency(tf.Frequency() + 1)
				continue
			}
			tfs = append(tfs, index.TokenFreq{Term: t.Term})
			tfs[len(tfs)-1].SetFrequency(1)
			f.freqs[string(t.Term)] = &tfs[len(tfs)-1]
		}
	}
}

// lists remembers the token frequencies of whole multi-valued fields
// (see field.Analyze): enterprises share lists of commitment items,
// certificates and facet values, and the segment builder only reads a
// field's frequencies, so documents with the same list can share them.
// A list is remembered the second time it is met: most lists of several
// commitment items belong to one enterprise, and their frequencies would
// only hold memory while the range is indexed. It holds at most listsSize
// lists and RangeSize keys of lists met once, forgetting all when either
// is full, so that memory stays bounded whatever the data.
type lists struct {
	mu   sync.Mutex
	seen map[string]bool // lists met once
	m    map[string]fieldAnalysis
}

const listsSize = 4096

// fieldAnalysis is what field.Analyze computes.
type fieldAnalysis struct {
	length int
	freqs  index.TokenFrequencies
	fwd    analysis.Forward
}

// forget drops the lists remembered.
func (l *lists) forget() {
	l.mu.Lock()
	l.m, l.seen = nil, nil
	l.mu.Unlock()
}

func (l *lists) get(key string) (fieldAnalysis, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fa, ok := l.m[key]
	return fa, ok
}

func (l *lists) put(key string, fa fieldAnalysis) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil || len(l.m) >= listsSize || len(l.seen) >= RangeSize {
		l.m, l.seen = make(map[string]fieldAnalysis), make(map[string]bool)
	}
	if !l.seen[key] {
		l.seen[key] = true
		return
	}
	delete(l.seen, key)
	l.m[key] = fa
}
