package searchindex

import (
	"strings"

	blevedoc "github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// bleveDocument turns document(e) into the bleve document that the index
// mapping would make of it, with one field per name (see field) instead
// of one per value: text fields analysed by text, keyword fields by
// keyword, with the options newMapping gives them.
// TestExportMatchesBleve checks the index against one built through the
// mapping.
func bleveDocument(id string, doc map[string]interface{}, text, keyword *memoAnalyzer) *blevedoc.Document {
	d := blevedoc.NewDocument(id)
	for _, name := range textFields {
		addField(d, name, doc[name], index.IndexField|index.IncludeTermVectors, text)
	}
	for _, name := range keywordFields {
		addField(d, name, doc[name], index.IndexField, keyword)
	}
	d.SetIndexed()
	return d
}

func addField(d *blevedoc.Document, name string, v interface{}, options index.FieldIndexingOptions, a *memoAnalyzer) {
	f := &field{name: name, options: options, analyzer: a}
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
// and frequencies are bleve's: the same analyzer, and locations with
// position, start, end and, for a multi-valued field, the value's index.
type field struct {
	name     string
	values   []string
	array    bool // multi-valued: locations carry the value's index
	once     bool // not worth remembering the analysis of
	options  index.FieldIndexingOptions
	analyzer *memoAnalyzer
	length   int
	freqs    index.TokenFrequencies
}

func (f *field) Name() string                                     { return f.name }
func (f *field) ArrayPositions() []uint64                         { return nil }
func (f *field) Options() index.FieldIndexingOptions              { return f.options }
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
// one map, with the frequencies and locations in a few allocations. The
// result for a list of values is shared with other documents that have
// the same list (see lists).
func (f *field) Analyze() {
	if !f.array {
		f.analyze()
		return
	}
	key := strings.Join(f.values, "\x00")
	if fa, ok := f.analyzer.lists.get(key); ok {
		f.length, f.freqs = fa.length, fa.freqs
		return
	}
	f.analyze()
	f.analyzer.lists.put(key, fieldAnalysis{f.length, f.freqs})
}

func (f *field) analyze() {
	values := make([]*analysed, len(f.values))
	total, distinct := 0, 0 // distinct: at least the field's distinct terms
	for i, v := range f.values {
		values[i] = f.analyzer.analyze(v, !f.once)
		total += len(values[i].tokens)
		distinct += values[i].distinct
	}
	f.length = total
	f.freqs = make(index.TokenFrequencies, distinct)
	tfs := make([]index.TokenFreq, 0, distinct)
	for _, a := range values {
		for k, term := range a.terms {
			tf := f.freqs[term]
			if tf == nil {
				tfs = append(tfs, index.TokenFreq{Term: a.tokens[k].Term})
				tf = &tfs[len(tfs)-1]
				f.freqs[term] = tf
			}
			tf.SetFrequency(tf.Frequency() + 1)
		}
	}
	if !f.options.IncludeTermVectors() {
		return
	}
	// Each term's locations: a slice of one array, as long as its frequency.
	ptrs := make([]*index.TokenLocation, total)
	for i := range tfs {
		n := tfs[i].Frequency()
		tfs[i].Locations, ptrs = ptrs[:0:n], ptrs[n:]
	}
	locs := make([]index.TokenLocation, 0, total)
	for i, a := range values {
		var at []uint64
		if f.array {
			at = []uint64{uint64(i)}
		}
		for k, t := range a.tokens {
			locs = append(locs, index.TokenLocation{ArrayPositions: at, Start: t.Start, End: t.End, Position: t.Position})
			tf := f.freqs[a.terms[k]]
			tf.Locations = append(tf.Locations, &locs[len(locs)-1])
		}
	}
}
