package searchindex

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"creditsite/internal/model"
	"creditsite/internal/searchindex/document"
)

// formatVersion is the version of the files' format; search/format.js
// checks it: bump it with any change to the files.
const formatVersion = 9

// sizes are the sizes of the exported files, chosen from the number of
// enterprises by sizesFor; meta.json carries the browser the ones it
// needs (docBlock). Hosts limit a site's file count (issue
// 18: 2,000 search files at 10,000 disclosures + 50,000 commitments,
// 20,000 at 200,000 + 1,000,000), while a cold query's bytes grow with
// the files it reads: a display-table file per enterprise shown, a
// dictionary shard per term. So the files grow with the data, more
// slowly than it: their count grows with about the square root of it.
type sizes struct {
	docBlock int // enterprises per display-table file
	// exact: the exact query's fields (meta.json's shards); near: the
	// pinyin fields, read by near misses only (the near file's shards).
	exact, near postingSizes
}

// postingSizes are the sizes of a set of fields' dictionary shards and
// postings blocks.
type postingSizes struct {
	shard int // dictionary bytes aimed at per shard
	// inline is the most bytes of a posting list kept inside its
	// dictionary shard. A query reads a term's shard anyway: a list
	// that fits there costs no file of its own (a file per short list
	// was most of the files), and the shard no more bytes than its size.
	inline int
	// block: longer lists are cut into blocks that end after an anchor
	// posting once they hold block bytes (anchors come once every block
	// bytes on average), at 4×block bytes at the latest (splitBlocks):
	// about 2×block on average. A query whose candidates are few fetches
	// few of them, one that needs a whole list fetches few files, which
	// compress better (gzip of one 64 KB list is half the sum of its
	// 128-posting pieces).
	block int
}

// sizesFor returns the sizes for docs enterprises (FORMAT.md, "File
// count"). A display-table file holds the power of two of rows nearest
// √(docs/4), at least 16: a cold query fetches one per enterprise it
// shows (about 50 bytes gzip a row at 64 rows) and meta.json names them
// all (6 bytes gzip each), and for a query showing one to a few
// enterprises their sum is about least there (64 rows at 16,000
// enterprises, 256 at 320,000). A page of ten scattered enterprises (a
// single character's) pays for it: ten files of 3 KB gzip at 64 rows,
// where 32 rows would make 2,124 files at 10,000 disclosures, over the
// 2,000 the folder is allowed. u = docBlock/16 scales the rest: the
// postings blocks, fetched whole or for many candidates, where bigger
// blocks cost little; the
// exact fields' dictionary shards, a query's cost per term, only beyond
// u = 4 (1.5 KB below 32,768 enterprises). The pinyin fields' shards are
// twice as big, and their inline lists as long as the exact fields'
// shards: only a near miss reads them. Their blocks are the exact fields'
// size: a near miss fetches the blocks of its candidates, and at twice
// the size (32–128 KB at 10,000 disclosures) one whole name with a word
// missing fetched 28 KB of them.
func sizesFor(docs int) sizes {
	db := 16
	for db*db*2 < docs/4 { // the next power of two is nearer √(docs/4)
		db *= 2
	}
	u := db / 16
	shard := 1500 * max(1, u/4)
	exact := postingSizes{shard: shard, inline: shard / 4, block: 4096 * u}
	return sizes{
		docBlock: db, exact: exact,
		near: postingSizes{shard: 2 * shard, inline: shard, block: exact.block},
	}
}

// meta is search/meta.json, the one file whose name stays the same from
// build to build. It names every other file by its hash, directly or
// through the dictionary shards, which name the postings blocks. Each
// list of hashes is one string of 12-digit hashes in file order: short
// to send, and cut into names without parsing.
type meta struct {
	Version     int         `json:"version"`
	Docs        int         `json:"docs"`
	Fields      []string    `json:"fields"`
	Boosts      []float64   `json:"boosts"`
	Analyzers   []string    `json:"analyzers"`      // per field, the analyzer that indexed it
	QueryAnal   []string    `json:"queryAnalyzers"` // per field, the analyzer of a query's words
	PosStride   int         `json:"posStride"`
	DocBlock    int         `json:"docBlock"`
	Shards      string      `json:"t"`                // search/t/: the dictionary shards, in shard order
	ASCIIShards int         `json:"asciiShards"`      // the first shards: terms with an ASCII character (see shardLayout)
	CharShards  int         `json:"charShards"`       // the next: terms of one character
	Common      []string    `json:"common,omitempty"` // the terms of the last shard, the common shard (see shardLayout)
	CodeKeys    []string    `json:"codeKeys"`         // per display-table file, a separator key of its codes (see codeKeys)
	DocFiles    string      `json:"d"`                // search/d/: the display-table files
	Facets      []facetMeta `json:"facets"`
	Near        string      `json:"n"` // search/n/: the near file (see near)
}

type facetMeta struct {
	Name   string   `json:"name"`
	Label  string   `json:"label"`
	Values []string `json:"values"`
	Labels []string `json:"labels"`
	Sets   string   `json:"f"` // search/f/: the bitset of each value, in value order
}

// hashLen is how many bytes of the SHA-256 of a file's bytes name it: 48
// bits, 12 hex digits. Two different files in one folder would get one
// name with a chance of about n²/2⁴⁹ (10⁻⁷ for the 6,307 files of
// 200,000 + 1,000,000 generated records); put refuses that rather than
// let a query read the wrong file.
const hashLen = 6

// fileHash names an exported file (all but meta.json): the first hashLen
// bytes of the SHA-256 of its bytes.
type fileHash [hashLen]byte

func (h fileHash) String() string { return hex.EncodeToString(h[:]) }

// hashList is the hashes of files in order, as meta.json lists them.
func hashList(hs []fileHash) string {
	var b strings.Builder
	for _, h := range hs {
		b.WriteString(h.String())
	}
	return b.String()
}

// MetaName is the one file whose name stays the same from build to build.
const MetaName = "search/meta.json"

// fileExts gives the folders of the files named by their hashes, and the
// extension of the files in each: dictionary shards, postings blocks,
// facet bitsets, code files (formats 7 and 8, which Referenced still
// lists), display-table files, the near file and the character-table
// files.
var fileExts = map[string]string{"t": "bin", "p": "bin", "f": "bin", "c": "txt", "d": "json", "n": "json", "k": "bin"}

// fileName is the name of the exported file of folder dir with hash h.
func fileName(dir, h string) string { return "search/" + dir + "/" + h + "." + fileExts[dir] }

// NamedBy reports whether name is the name the export gives data, a file
// of folder search/t/, p/, f/, c/ or d/ (every file but meta.json): a
// check that a published file is what its name says.
func NamedBy(name string, data []byte) bool {
	dir := path.Base(path.Dir(name))
	sum := sha256.Sum256(data)
	return fileExts[dir] != "" && name == fileName(dir, hex.EncodeToString(sum[:hashLen]))
}

// writer names the files by their contents, writes each content once and
// counts what it writes.
type writer struct {
	w     FileWriter
	stats Stats
	sums  map[string][sha256.Size]byte // file written → SHA-256 of its bytes
}

// put writes data as search/<dir>/<hash>.<ext> and returns the hash. A
// name depends only on the bytes, so a file that did not change keeps its
// name from build to build, and a meta.json can only name the bytes its
// build wrote. Identical contents (say, the empty bitsets of two unused
// facet values) are one file: the FileWriter refuses a name twice.
func (w *writer) put(dir string, data []byte) (fileHash, error) {
	sum := sha256.Sum256(data)
	h := fileHash(sum[:hashLen])
	name := fileName(dir, h.String())
	if had, ok := w.sums[name]; ok {
		if had != sum {
			return h, fmt.Errorf("建立搜索索引失败：两个内容不同的文件都名为 %s（SHA-256 的前 %d 位相同），请向开发人员报告", name, 8*hashLen)
		}
		return h, nil
	}
	w.sums[name] = sum
	return h, w.write(name, data)
}

func (w *writer) write(name string, data []byte) error {
	w.stats.Files++
	w.stats.Bytes += int64(len(data))
	return w.w.WriteFile(name, data)
}

// export writes the index read back from bleve (text fields, codes,
// facets) and the enterprises' display rows.
func export(rb *document.ReadBack, ents []*model.Enterprise, fw FileWriter) (*Stats, error) {
	var entries, pinyin []*document.TermEntry
	for fi, f := range rb.Fields {
		if fi < len(document.TextFields) {
			entries = append(entries, f...)
		} else {
			pinyin = append(pinyin, f...)
		}
	}
	codes := make([]string, len(ents))
	for code, ords := range rb.Keywords[0] {
		for _, o := range ords {
			codes[o] = code
		}
	}
	w := &writer{w: fw, sums: map[string][sha256.Size]byte{}}
	sz := sizesFor(len(ents))
	shards, layout, err := writePostings(w, entries, sz.exact)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(ents))
	for i, e := range ents {
		names[i] = e.Name
	}
	nearFile, err := writeNear(w, pinyin, sz.near, names)
	if err != nil {
		return nil, err
	}
	facets, err := writeFacets(w, rb.Keywords[1:], len(ents))
	if err != nil {
		return nil, err
	}
	docFiles, err := writeDocs(w, ents, sz.docBlock)
	if err != nil {
		return nil, err
	}
	m := meta{
		Version: formatVersion, Docs: len(codes), Fields: document.TextFields, Boosts: document.Boosts,
		Analyzers: document.Analyzers, QueryAnal: document.QueryAnalyzers,
		PosStride: rb.Stride, DocBlock: sz.docBlock,
		Shards: hashList(shards), ASCIIShards: layout.ascii, CharShards: layout.chars, Common: layout.commonTerms(), CodeKeys: codeKeys(codes, sz.docBlock), DocFiles: hashList(docFiles),
		Facets: facets, Near: nearFile.String(),
	}
	if err := w.write(MetaName, marshal(m)); err != nil {
		return nil, err
	}
	w.stats.Documents, w.stats.Terms, w.stats.Shards = len(codes), len(entries)+len(pinyin), len(shards)
	return &w.stats, nil
}

// encodePostings writes postings as unsigned varints: per document the
// ordinal gap (from -1 for the first), frequency, field length in tokens
// (bleve's norm is 1/sqrt of it) and the frequency's positions, gap-coded
// from 0.
func encodePostings(l *document.PostingList) []byte {
	var b []byte
	prev := -1
	l.Each(func(d document.DocPosting, pos []uint32) {
		b = appendPosting(b, d, pos, prev)
		prev = int(d.Ord)
	})
	return b
}

func appendPosting(b []byte, d document.DocPosting, pos []uint32, prev int) []byte {
	b = binary.AppendUvarint(b, uint64(int(d.Ord)-prev))
	b = binary.AppendUvarint(b, uint64(d.Freq))
	b = binary.AppendUvarint(b, uint64(d.Length))
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

// splitBlocks encodes postings as blocks, each starting its ordinal gaps
// afresh. A block ends after an anchor posting once it holds size bytes,
// or at 4×size. Whether a posting is an anchor depends on it
// alone, not on where its block began: when one document's posting
// changes, its block ends at the same anchor as before or a neighbouring
// one, and the blocks after that keep their bytes and so their names. A
// block that ended after a fixed number of bytes would instead move the
// end of every later block, and a rebuild would upload the rest of the
// list.
//
// A block is encoded in buf, which the caller passes on from one list to
// the next (the buffer is returned, grown), and copied out at its size:
// appending to each block's own slice grew it several times over, a fifth
// of what the export allocated.
func splitBlocks(l *document.PostingList, size int, buf []byte) ([]block, []byte) {
	var out []block
	data := buf[:0] // the block being encoded
	prev, i := -1, 0
	l.Each(func(d document.DocPosting, pos []uint32) {
		if len(data) == 0 {
			out = append(out, block{first: int(d.Ord)})
			prev = -1
		}
		n := len(data)
		data = appendPosting(data, d, pos, prev)
		prev = int(d.Ord)
		i++
		if i == len(l.Docs) || len(data) >= 4*size || len(data) >= size && isAnchor(d.Ord, len(data)-n, size) {
			out[len(out)-1].data = bytes.Clone(data)
			data = data[:0]
		}
	})
	return out, data
}

// isAnchor reports whether the posting of ordinal ord, n bytes long, is an
// anchor: with chance n/spacing, by a hash of ord (murmur3's
// finaliser). Weighing by bytes gives the blocks of every term the same
// average size, whatever its postings' size.
func isAnchor(ord uint32, n, spacing int) bool {
	h := ord
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return uint64(h)*uint64(spacing) < uint64(n)<<32
}

// shardLayout is how the dictionary shards are shared among three kinds
// of term, each kind in shards of its own, in this order: terms with an
// ASCII character (ascii shards), terms of one character (chars), and the
// rest. A word with letters or digits (a credit code or its prefix,
// ISO9001) has many terms with ASCII, its bigrams in the name field: they
// are in few shards, which a query fetches instead of one per bigram. The
// unigrams of the name field serve words of one character alone: the
// shards of the other words' terms do not carry them.
//
// The exact fields add a last shard, the common shard, of the bigrams in
// the most names (有限, 公司, place names, trades: see chooseCommon), which
// meta.json lists: a full company name's dozen bigrams are otherwise a
// dozen shards, two waves of requests on a browser's six connections.
type shardLayout struct {
	ascii, chars, rest int
	common             map[string]bool // the common shard's terms, if any
}

// of is the shard of a term, as in search/format.js: the common shard
// for its terms, or FNV-1a of its UTF-8 bytes modulo the shards of its
// kind.
func (l shardLayout) of(term string) int {
	if l.common[term] {
		return l.ascii + l.chars + l.rest
	}
	sum := fnv32(term)
	switch termKind(term) {
	case 0:
		return int(sum % uint32(l.ascii))
	case 1:
		return l.ascii + int(sum%uint32(l.chars))
	}
	return l.ascii + l.chars + int(sum%uint32(l.rest))
}

// fnv32 is the FNV-1a-32 hash of a term's UTF-8 bytes, which places it
// in its shard.
func fnv32(term string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(term))
	return h.Sum32()
}

// termKind is 0 for a term with an ASCII character, 1 for a term of one
// character, 2 for the rest.
func termKind(term string) int {
	switch {
	case strings.IndexFunc(term, func(r rune) bool { return r < utf8.RuneSelf }) >= 0:
		return 0
	case utf8.RuneCountInString(term) == 1:
		return 1
	}
	return 2
}

// commonTerms lists the common shard's terms in order (meta.json's
// common), or nil.
func (l shardLayout) commonTerms() []string {
	if len(l.common) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(l.common))
}

// commonShards is how many shards' worth of records the common shard
// holds: at 10,000 + 50,000 generated records 115 bigrams, which leave a
// full name's 12 bigrams in 5 shards rather than 12. Twice as many
// (TestSearchQuality) fetched no fewer for full names and 2 KB gzip more
// for fragments, whose other bigrams need their shards all the same.
const commonShards = 2

// writePostings writes the postings blocks search/p/<hash>.bin and the
// dictionary shards search/t/<hash>.bin of sizes sz, and returns the
// shards' hashes in shard order and their layout: per kind of term a
// power of two of shards, enough for about sz.shard bytes each, then the
// common shard.
func writePostings(w *writer, entries []*document.TermEntry, sz postingSizes) ([]fileHash, shardLayout, error) {
	heads, _, err := termHeads(w, entries, sz)
	if err != nil {
		return nil, shardLayout{}, err
	}
	return writeShards(w, entries, heads, sz.shard, chooseCommon(entries, heads, commonShards*sz.shard))
}

// chooseCommon chooses the common shard's terms: the bigrams (terms of
// more than one character, none ASCII) in the most names (the first text
// field, document.TextFields), ties by term, while the records of their
// every field fit in size bytes.
func chooseCommon(entries []*document.TermEntry, heads [][]byte, size int) map[string]bool {
	record := map[string]int{} // a term's records' bytes, over its fields
	var names []*document.TermEntry
	for i, e := range entries {
		if termKind(e.Term) != 2 {
			continue
		}
		record[e.Term] += len(heads[i])
		if e.Field == 0 {
			names = append(names, e)
		}
	}
	slices.SortFunc(names, func(a, b *document.TermEntry) int {
		return cmp.Or(cmp.Compare(len(b.List.Docs), len(a.List.Docs)), strings.Compare(a.Term, b.Term))
	})
	common, used := map[string]bool{}, 0
	for _, e := range names {
		if used+record[e.Term] > size {
			break
		}
		common[e.Term], used = true, used+record[e.Term]
	}
	return common
}

// termHeads writes the postings blocks of entries' lists longer than
// sz.inline bytes and returns each entry's dictionary record and whether
// its list has blocks (heavy).
//
// A record holds, for a term and a field the term occurs in: field
// index, term length and bytes, document frequency, block count; then
// either the inline postings (byte length and bytes) or, per block, its
// first ordinal (gap-coded) and its hash (hashLen raw bytes). The blocks
// are named here rather than in meta.json, which would otherwise grow
// with every heavy term.
func termHeads(w *writer, entries []*document.TermEntry, sz postingSizes) ([][]byte, []bool, error) {
	heads := make([][]byte, len(entries))
	heavy := make([]bool, len(entries))
	var buf []byte // splitBlocks's
	for i, e := range entries {
		var b []byte
		b = binary.AppendUvarint(b, uint64(e.Field))
		b = binary.AppendUvarint(b, uint64(len(e.Term)))
		b = append(b, e.Term...)
		b = binary.AppendUvarint(b, uint64(len(e.List.Docs)))
		// The inline postings, if they may fit: a posting takes 4 bytes
		// at least (gap, frequency, length, a position).
		var enc []byte
		if 4*len(e.List.Docs) <= sz.inline {
			enc = encodePostings(&e.List)
		}
		if enc != nil && len(enc) <= sz.inline {
			b = binary.AppendUvarint(b, 0)
			b = binary.AppendUvarint(b, uint64(len(enc)))
			b = append(b, enc...)
		} else {
			heavy[i] = true
			var blocks []block
			blocks, buf = splitBlocks(&e.List, sz.block, buf)
			b = binary.AppendUvarint(b, uint64(len(blocks)))
			prev := 0
			for _, blk := range blocks {
				h, err := w.put("p", blk.data)
				if err != nil {
					return nil, nil, err
				}
				b = binary.AppendUvarint(b, uint64(blk.first-prev))
				b = append(b, h[:]...)
				prev = blk.first
			}
		}
		heads[i] = b
	}
	return heads, heavy, nil
}

// writeShards writes the records heads of entries as dictionary shards,
// search/t/<hash>.bin, per kind of term a power of two of them, enough
// for about size bytes each, then a shard of the common terms if any, and
// returns their hashes in shard order and their layout.
func writeShards(w *writer, entries []*document.TermEntry, heads [][]byte, size int, common map[string]bool) ([]fileHash, shardLayout, error) {
	var bytes [3]int // per kind of term
	for i, e := range entries {
		if !common[e.Term] {
			bytes[termKind(e.Term)] += len(heads[i])
		}
	}
	l := shardLayout{shardCount(bytes[0], size), shardCount(bytes[1], size), shardCount(bytes[2], size), common}
	n := l.ascii + l.chars + l.rest
	if len(common) > 0 {
		n++
	}
	bufs := make([][]byte, n)
	for i, e := range entries {
		s := l.of(e.Term)
		bufs[s] = append(bufs[s], heads[i]...)
	}
	hs, err := putAll(w, "t", bufs)
	return hs, l, err
}

// shardCount is the power of two of shards that holds bytes in shards of
// about size bytes.
func shardCount(bytes, size int) int {
	n := 1
	for n*size < bytes {
		n *= 2
	}
	return n
}

// putAll writes each of files under search/<dir>/ and returns their
// hashes in order.
func putAll(w *writer, dir string, files [][]byte) ([]fileHash, error) {
	hs := make([]fileHash, len(files))
	for i, data := range files {
		var err error
		if hs[i], err = w.put(dir, data); err != nil {
			return nil, err
		}
	}
	return hs, nil
}

// writeFacets writes, for each value of each facet, the set of documents
// that have it as a bitset, search/f/<hash>.bin: bit o%8 of byte o/8 is
// set when document o has the value. Filtering by a value loads one small
// file; the counts of the facet panel load them all, once a session.
func writeFacets(w *writer, facets []map[string][]int, ndocs int) ([]facetMeta, error) {
	var metas []facetMeta
	for fi, field := range document.FacetFields {
		dict := make([]string, 0, len(facets[fi]))
		for v := range facets[fi] {
			dict = append(dict, v)
		}
		sort.Strings(dict)
		values, labels := document.FacetValues(field, dict)
		sets := make([][]byte, len(values))
		for vi, v := range values {
			sets[vi] = make([]byte, (ndocs+7)/8)
			for _, o := range facets[fi][v] {
				sets[vi][o/8] |= 1 << (o % 8)
			}
		}
		hs, err := putAll(w, "f", sets)
		if err != nil {
			return nil, err
		}
		metas = append(metas, facetMeta{Name: field, Label: document.FacetLabels[field], Values: values, Labels: labels, Sets: hashList(hs)})
	}
	return metas, nil
}

// writeDocs writes the display table as search/d/<hash>.json, docBlock
// enterprises a file, per enterprise [code, name, legal representative,
// commitment items, certificate names], and returns the files' hashes.
func writeDocs(w *writer, ents []*model.Enterprise, docBlock int) ([]fileHash, error) {
	var hs []fileHash
	for k := 0; k*docBlock < len(ents); k++ {
		var rows [][]interface{}
		for i := k * docBlock; i < min((k+1)*docBlock, len(ents)); i++ {
			e := ents[i]
			rows = append(rows, []interface{}{e.Code, e.Name, e.LegalRep, document.ItemsOf(e), document.CertsOf(e)})
		}
		h, err := w.put("d", marshal(rows))
		if err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// codeKeys returns a separator key per display-table file of docBlock
// codes (sorted, distinct: ordinal order), as a B-tree's inner nodes
// hold them: the shortest prefix of the file's first code that is
// greater than the last code of the file before ("" for the first file).
// So the ordinals of the codes from any key on start in the last file
// whose separator is at most the key: a code query finds both bounds of
// its range in the display-table files it shows anyway, with no code
// files (format 9). The keys, 10 of a code's 18 characters on average,
// cost meta.json 1.1 KB gzip at 16,000 enterprises (the first codes
// whole 2.1 KB).
func codeKeys(codes []string, docBlock int) []string {
	keys := []string{""}
	for k := docBlock; k < len(codes); k += docBlock {
		first, prev := codes[k], codes[k-1]
		n := 1
		for n < len(first) && first[:n] <= prev {
			n++
		}
		keys = append(keys, first[:n])
	}
	return keys
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
