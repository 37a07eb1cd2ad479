package searchindex

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"

	"creditsite/internal/model"
)

// Layout parameters of the export; meta.json carries them to the browser.
const (
	formatVersion = 1
	// inlineMax is the largest posting list kept inside its dictionary
	// shard; longer lists are cut into blocks of blockPostings postings, so
	// that a query whose candidates are few fetches few of them.
	inlineMax     = 32
	blockPostings = 128
	// shardTarget is the dictionary bytes aimed at per shard.
	shardTarget = 3000
	// posStride separates the values of a multi-valued field in exported
	// positions: position = array index × posStride + token position, so
	// adjacent positions are always in the same value, as in bleve.
	posStride  = 1024
	docBlock   = 8   // documents per display-table file
	facetBlock = 256 // documents per facet file
	codeBlock  = 256 // codes per code-dictionary file
)

type posting struct {
	ord, freq, length int
	pos               []int
}

type termEntry struct {
	field    int
	term     string
	postings []posting
}

type meta struct {
	Version    int         `json:"version"`
	Docs       int         `json:"docs"`
	Fields     []string    `json:"fields"`
	Boosts     []float64   `json:"boosts"`
	Shards     int         `json:"shards"`
	PosStride  int         `json:"posStride"`
	DocBlock   int         `json:"docBlock"`
	FacetBlock int         `json:"facetBlock"`
	CodeBlock  int         `json:"codeBlock"`
	Codes      []string    `json:"codes"` // first code of each code file
	Facets     []facetMeta `json:"facets"`
}

type facetMeta struct {
	Name   string   `json:"name"`
	Label  string   `json:"label"`
	Values []string `json:"values"`
	Labels []string `json:"labels"`
}

var facetLabels = map[string]string{"column": "栏目", "type": "承诺类型", "unit": "报送单位", "year": "年度"}

// writer counts what it writes.
type writer struct {
	w     FileWriter
	stats Stats
}

func (w *writer) write(name string, data []byte) error {
	w.stats.Files++
	w.stats.Bytes += int64(len(data))
	return w.w.WriteFile(name, data)
}

func export(idx bleve.Index, ds *model.Dataset, fw FileWriter) (*Stats, error) {
	ai, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()

	codes, ords, err := readCodes(r, ds)
	if err != nil {
		return nil, err
	}
	fields := make([][]*termEntry, len(textFields))
	errs := make([]error, len(textFields))
	var wg sync.WaitGroup
	for i := range textFields {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fields[i], errs[i] = readField(r, i, ords)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	var entries []*termEntry
	for _, f := range fields {
		entries = append(entries, f...)
	}
	facets, docFacets, err := readFacets(r, ords, len(codes))
	if err != nil {
		return nil, err
	}

	w := &writer{w: fw}
	shards, err := writePostings(w, entries)
	if err != nil {
		return nil, err
	}
	if err := writeFacets(w, docFacets); err != nil {
		return nil, err
	}
	firsts, err := writeCodes(w, codes)
	if err != nil {
		return nil, err
	}
	if err := writeDocs(w, ds); err != nil {
		return nil, err
	}
	m := meta{
		Version: formatVersion, Docs: len(codes), Fields: textFields, Boosts: boosts,
		Shards: shards, PosStride: posStride, DocBlock: docBlock, FacetBlock: facetBlock,
		CodeBlock: codeBlock, Codes: firsts, Facets: facets,
	}
	if err := w.write("search/meta.json", marshal(m)); err != nil {
		return nil, err
	}
	w.stats.Documents, w.stats.Terms, w.stats.Shards = len(codes), len(entries), shards
	return &w.stats, nil
}

// readCodes walks the code field's dictionary, which is sorted like
// ds.Enterprises, and maps bleve's internal IDs to those ordinals.
func readCodes(r index.IndexReader, ds *model.Dataset) ([]string, map[string]int, error) {
	d, err := r.FieldDict(codeField)
	if err != nil {
		return nil, nil, err
	}
	defer d.Close()
	var codes []string
	ords := map[string]int{}
	for {
		de, err := d.Next()
		if err != nil {
			return nil, nil, err
		}
		if de == nil {
			break
		}
		ord := len(codes)
		if ord >= len(ds.Enterprises) || ds.Enterprises[ord].Code != de.Term {
			return nil, nil, fmt.Errorf("信用代码 %s 在索引中的顺序与数据不一致", de.Term)
		}
		codes = append(codes, de.Term)
		err = eachPosting(r, codeField, de.Term, false, func(d *index.TermFieldDoc) {
			ords[string(d.ID)] = ord
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if len(codes) != len(ds.Enterprises) {
		return nil, nil, fmt.Errorf("索引中有 %d 家企业，数据中有 %d 家", len(codes), len(ds.Enterprises))
	}
	return codes, ords, nil
}

func eachPosting(r index.IndexReader, field, term string, full bool, fn func(*index.TermFieldDoc)) error {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, full, full, full)
	if err != nil {
		return err
	}
	defer tfr.Close()
	for tfd := new(index.TermFieldDoc); ; tfd.Reset() {
		d, err := tfr.Next(tfd)
		if err != nil {
			return err
		}
		if d == nil {
			return nil
		}
		fn(d)
	}
}

// readField reads every term of a text field with its postings, in
// dictionary order, postings in ordinal order.
func readField(r index.IndexReader, fi int, ords map[string]int) ([]*termEntry, error) {
	field := textFields[fi]
	d, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var out []*termEntry
	for {
		de, err := d.Next()
		if err != nil {
			return nil, err
		}
		if de == nil {
			return out, nil
		}
		e := &termEntry{field: fi, term: de.Term}
		err = eachPosting(r, field, de.Term, true, func(d *index.TermFieldDoc) {
			p := posting{ord: ords[string(d.ID)], freq: int(d.Freq), length: int(math.Round(1 / (d.Norm * d.Norm)))}
			for _, v := range d.Vectors {
				ap := 0
				if len(v.ArrayPositions) > 0 {
					ap = int(v.ArrayPositions[0])
				}
				p.pos = append(p.pos, ap*posStride+min(int(v.Pos), posStride-1))
			}
			sort.Ints(p.pos)
			e.postings = append(e.postings, p)
		})
		if err != nil {
			return nil, err
		}
		sort.Slice(e.postings, func(i, j int) bool { return e.postings[i].ord < e.postings[j].ord })
		out = append(out, e)
	}
}

// encodePostings writes postings as unsigned varints: per document the
// ordinal gap (from -1 for the first), frequency, field length in tokens
// (bleve's norm is 1/sqrt of it) and the positions, gap-coded from 0.
func encodePostings(ps []posting) []byte {
	var b []byte
	prev := -1
	for _, p := range ps {
		b = binary.AppendUvarint(b, uint64(p.ord-prev))
		b = binary.AppendUvarint(b, uint64(p.freq))
		b = binary.AppendUvarint(b, uint64(p.length))
		b = binary.AppendUvarint(b, uint64(len(p.pos)))
		last := 0
		for _, x := range p.pos {
			b = binary.AppendUvarint(b, uint64(x-last))
			last = x
		}
		prev = p.ord
	}
	return b
}

// shardOf is FNV-1a of the term's UTF-8 bytes modulo the shard count, as
// in search.js.
func shardOf(term string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() % uint32(shards))
}

// writePostings writes the dictionary shards search/t/<shard>.bin and the
// postings blocks search/p/<list>-<block>.bin, and returns the shard count.
//
// A shard holds, for each of its terms and each field the term occurs in:
// field index, term length and bytes, document frequency, block count;
// then either the inline postings (byte length and bytes) or the list
// number and the first ordinal of each block, gap-coded.
func writePostings(w *writer, entries []*termEntry) (int, error) {
	heads := make([][]byte, len(entries))
	total := 0
	lists := 0
	for i, e := range entries {
		var b []byte
		b = binary.AppendUvarint(b, uint64(e.field))
		b = binary.AppendUvarint(b, uint64(len(e.term)))
		b = append(b, e.term...)
		b = binary.AppendUvarint(b, uint64(len(e.postings)))
		if len(e.postings) <= inlineMax {
			b = binary.AppendUvarint(b, 0)
			enc := encodePostings(e.postings)
			b = binary.AppendUvarint(b, uint64(len(enc)))
			b = append(b, enc...)
		} else {
			blocks := (len(e.postings) + blockPostings - 1) / blockPostings
			b = binary.AppendUvarint(b, uint64(blocks))
			b = binary.AppendUvarint(b, uint64(lists))
			prev := 0
			for k := 0; k < blocks; k++ {
				ps := e.postings[k*blockPostings : min((k+1)*blockPostings, len(e.postings))]
				b = binary.AppendUvarint(b, uint64(ps[0].ord-prev))
				prev = ps[0].ord
				if err := w.write(fmt.Sprintf("search/p/%d-%d.bin", lists, k), encodePostings(ps)); err != nil {
					return 0, err
				}
			}
			lists++
		}
		heads[i] = b
		total += len(b)
	}
	shards := 1
	for shards*shardTarget < total {
		shards *= 2
	}
	bufs := make([][]byte, shards)
	for i, e := range entries {
		s := shardOf(e.term, shards)
		bufs[s] = append(bufs[s], heads[i]...)
	}
	for s, b := range bufs {
		if err := w.write(fmt.Sprintf("search/t/%d.bin", s), b); err != nil {
			return 0, err
		}
	}
	return shards, nil
}

// readFacets reads each facet field's values and their documents.
// docFacets[ord][facet] lists the indexes of the document's values.
func readFacets(r index.IndexReader, ords map[string]int, n int) ([]facetMeta, [][][]int, error) {
	docFacets := make([][][]int, n)
	for i := range docFacets {
		docFacets[i] = make([][]int, len(facetFields))
	}
	var metas []facetMeta
	for fi, field := range facetFields {
		dict, err := dictTerms(r, field)
		if err != nil {
			return nil, nil, err
		}
		values, labels := facetValues(field, dict)
		for vi, v := range values {
			err := eachPosting(r, field, v, false, func(d *index.TermFieldDoc) {
				o := ords[string(d.ID)]
				docFacets[o][fi] = append(docFacets[o][fi], vi)
			})
			if err != nil {
				return nil, nil, err
			}
		}
		metas = append(metas, facetMeta{Name: field, Label: facetLabels[field], Values: values, Labels: labels})
	}
	return metas, docFacets, nil
}

func dictTerms(r index.IndexReader, field string) ([]string, error) {
	d, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var out []string
	for {
		de, err := d.Next()
		if err != nil || de == nil {
			return out, err
		}
		out = append(out, de.Term)
	}
}

// writeFacets writes search/f/<block>.bin: per document and facet, the
// number of values and their indexes into meta.json's value list.
func writeFacets(w *writer, docFacets [][][]int) error {
	for k := 0; k*facetBlock < len(docFacets); k++ {
		var b []byte
		for _, fs := range docFacets[k*facetBlock : min((k+1)*facetBlock, len(docFacets))] {
			for _, vs := range fs {
				b = binary.AppendUvarint(b, uint64(len(vs)))
				for _, v := range vs {
					b = binary.AppendUvarint(b, uint64(v))
				}
			}
		}
		if err := w.write(fmt.Sprintf("search/f/%d.bin", k), b); err != nil {
			return err
		}
	}
	return nil
}

// writeCodes writes the code dictionary as search/c/<block>.txt, one code
// a line, and returns each block's first code. Ordinals follow code order,
// so a code prefix is a range of ordinals.
func writeCodes(w *writer, codes []string) ([]string, error) {
	var firsts []string
	for k := 0; k*codeBlock < len(codes); k++ {
		cs := codes[k*codeBlock : min((k+1)*codeBlock, len(codes))]
		firsts = append(firsts, cs[0])
		if err := w.write(fmt.Sprintf("search/c/%d.txt", k), []byte(strings.Join(cs, "\n"))); err != nil {
			return nil, err
		}
	}
	return firsts, nil
}

// writeDocs writes the display table search/d/<block>.json: per enterprise
// [code, name, legal representative, commitment items, certificate names].
func writeDocs(w *writer, ds *model.Dataset) error {
	for k := 0; k*docBlock < len(ds.Enterprises); k++ {
		var rows [][]interface{}
		for _, e := range ds.Enterprises[k*docBlock : min((k+1)*docBlock, len(ds.Enterprises))] {
			doc := document(e)
			rows = append(rows, []interface{}{e.Code, e.Name, e.LegalRep, doc["item"], doc["cert"]})
		}
		if err := w.write(fmt.Sprintf("search/d/%d.json", k), marshal(rows)); err != nil {
			return err
		}
	}
	return nil
}

// marshal encodes JSON without HTML escaping (the files are fetched, never
// inlined in pages) and without a trailing newline.
func marshal(v interface{}) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only plain strings, numbers and slices
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
