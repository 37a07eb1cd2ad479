package searchindex

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"creditsite/internal/model"
)

// Layout parameters of the export; meta.json carries them to the browser.
const (
	formatVersion = 3 // search.js checks it: bump with any change to the files
	// inlineMax is the largest posting list kept inside its dictionary
	// shard. Longer lists are cut into blocks of about blockBytes, so that
	// a query whose candidates are few fetches few of them, while one that
	// needs a whole list fetches few files, which compress better (gzip
	// of one 64 KB list is half the sum of its 128-posting pieces).
	inlineMax  = 32
	blockBytes = 8192
	// shardTarget is the dictionary bytes aimed at per shard.
	shardTarget = 1500
	docBlock    = 16  // documents per display-table file
	codeBlock   = 256 // codes per code-dictionary file
)

type meta struct {
	Version   int         `json:"version"`
	Build     string      `json:"build"` // digest of the other files: search.js asks for them with ?v=build
	Docs      int         `json:"docs"`
	Fields    []string    `json:"fields"`
	Boosts    []float64   `json:"boosts"`
	Shards    int         `json:"shards"`
	PosStride int         `json:"posStride"`
	DocBlock  int         `json:"docBlock"`
	CodeBlock int         `json:"codeBlock"`
	Codes     []string    `json:"codes"` // first code of each code file
	Facets    []facetMeta `json:"facets"`
}

type facetMeta struct {
	Name   string   `json:"name"`
	Label  string   `json:"label"`
	Values []string `json:"values"`
	Labels []string `json:"labels"`
}

var facetLabels = map[string]string{"column": "栏目", "type": "承诺类型", "unit": "报送单位", "year": "年度"}

// writer counts what it writes and digests it.
type writer struct {
	w      FileWriter
	stats  Stats
	digest [sha256.Size]byte // XOR of the files' digests: any order gives the same
}

func (w *writer) write(name string, data []byte) error {
	w.stats.Files++
	w.stats.Bytes += int64(len(data))
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	for i, b := range h.Sum(nil) {
		w.digest[i] ^= b
	}
	return w.w.WriteFile(name, data)
}

// export writes the index read back from bleve (text fields, codes,
// facets) and the enterprises' display rows.
func export(rb *readBack, ents []*model.Enterprise, fw FileWriter) (*Stats, error) {
	var entries []*termEntry
	for _, f := range rb.fields {
		entries = append(entries, f...)
	}
	codes := make([]string, len(ents))
	for code, ords := range rb.keywords[0] {
		for _, o := range ords {
			codes[o] = code
		}
	}
	w := &writer{w: fw}
	shards, err := writePostings(w, entries)
	if err != nil {
		return nil, err
	}
	facets, err := writeFacets(w, rb.keywords[1:], len(ents))
	if err != nil {
		return nil, err
	}
	firsts, err := writeCodes(w, codes)
	if err != nil {
		return nil, err
	}
	if err := writeDocs(w, ents); err != nil {
		return nil, err
	}
	// The files' names stay the same from build to build while their
	// contents change; fetching them with the build's digest in the query
	// keeps a browser from mixing this meta.json with files it cached
	// from an earlier build.
	m := meta{
		Version: formatVersion, Build: hex.EncodeToString(w.digest[:8]), Docs: len(codes), Fields: textFields, Boosts: boosts,
		Shards: shards, PosStride: rb.stride, DocBlock: docBlock,
		CodeBlock: codeBlock, Codes: firsts, Facets: facets,
	}
	if err := w.write("search/meta.json", marshal(m)); err != nil {
		return nil, err
	}
	w.stats.Documents, w.stats.Terms, w.stats.Shards = len(codes), len(entries), shards
	return &w.stats, nil
}

// encodePostings writes postings as unsigned varints: per document the
// ordinal gap (from -1 for the first), frequency, field length in tokens
// (bleve's norm is 1/sqrt of it) and the frequency's positions, gap-coded
// from 0.
func encodePostings(l *postingList) []byte {
	var b []byte
	prev := -1
	l.each(func(d docPosting, pos []uint32) {
		b = appendPosting(b, d, pos, prev)
		prev = int(d.ord)
	})
	return b
}

func appendPosting(b []byte, d docPosting, pos []uint32, prev int) []byte {
	b = binary.AppendUvarint(b, uint64(int(d.ord)-prev))
	b = binary.AppendUvarint(b, uint64(d.freq))
	b = binary.AppendUvarint(b, uint64(d.length))
	last := uint32(0)
	for _, x := range pos {
		b = binary.AppendUvarint(b, uint64(x-last))
		last = x
	}
	return b
}

type block struct {
	first int // ordinal of the first posting
	data  []byte
}

// splitBlocks encodes postings as blocks of at least blockBytes (the last
// may be shorter), each starting its ordinal gaps afresh.
func splitBlocks(l *postingList) []block {
	var out []block
	var data []byte
	prev, i := -1, 0
	l.each(func(d docPosting, pos []uint32) {
		if len(data) == 0 {
			out = append(out, block{first: int(d.ord)})
			prev = -1
		}
		data = appendPosting(data, d, pos, prev)
		prev = int(d.ord)
		if i++; len(data) >= blockBytes || i == len(l.docs) {
			out[len(out)-1].data = data
			data = nil
		}
	})
	return out
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
		b = binary.AppendUvarint(b, uint64(len(e.list.docs)))
		if len(e.list.docs) <= inlineMax {
			b = binary.AppendUvarint(b, 0)
			enc := encodePostings(&e.list)
			b = binary.AppendUvarint(b, uint64(len(enc)))
			b = append(b, enc...)
		} else {
			blocks := splitBlocks(&e.list)
			b = binary.AppendUvarint(b, uint64(len(blocks)))
			b = binary.AppendUvarint(b, uint64(lists))
			prev := 0
			for k, blk := range blocks {
				b = binary.AppendUvarint(b, uint64(blk.first-prev))
				prev = blk.first
				if err := w.write(fmt.Sprintf("search/p/%d-%d.bin", lists, k), blk.data); err != nil {
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

// writeFacets writes, for each value of each facet, the set of documents
// that have it as a bitset, search/f/<facet>-<value>.bin: bit o%8 of byte
// o/8 is set when document o has the value. Filtering by a value loads one
// small file; the counts of the facet panel load them all, once a session.
func writeFacets(w *writer, facets []map[string][]int, ndocs int) ([]facetMeta, error) {
	var metas []facetMeta
	for fi, field := range facetFields {
		dict := make([]string, 0, len(facets[fi]))
		for v := range facets[fi] {
			dict = append(dict, v)
		}
		sort.Strings(dict)
		values, labels := facetValues(field, dict)
		sets := make([][]byte, len(values))
		for vi, v := range values {
			sets[vi] = make([]byte, (ndocs+7)/8)
			for _, o := range facets[fi][v] {
				sets[vi][o/8] |= 1 << (o % 8)
			}
		}
		for vi, set := range sets {
			if err := w.write(fmt.Sprintf("search/f/%d-%d.bin", fi, vi), set); err != nil {
				return nil, err
			}
		}
		metas = append(metas, facetMeta{Name: field, Label: facetLabels[field], Values: values, Labels: labels})
	}
	return metas, nil
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
func writeDocs(w *writer, ents []*model.Enterprise) error {
	for k := 0; k*docBlock < len(ents); k++ {
		var rows [][]interface{}
		for i := k * docBlock; i < min((k+1)*docBlock, len(ents)); i++ {
			e := ents[i]
			rows = append(rows, []interface{}{e.Code, e.Name, e.LegalRep, itemsOf(e), certsOf(e)})
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
