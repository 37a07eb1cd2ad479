package searchindex

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"creditsite/internal/searchindex/document"
)

// posting is one decoded posting: what the browser reads.
type posting struct {
	ord, freq, length int
	pos               []int
}

// exported is an index decoded from its files, as the tests see it.
type exported struct {
	meta     meta
	near     near
	chars    map[rune]int         // the character table: code point → syllable index
	common   map[rune]string      // the common characters' file: character → reading
	postings map[string][]posting // "field\x00term" → postings
	df       map[string]int
	blocks   map[string][]string // "field\x00term" → its postings blocks' files (none: inline)
	facets   [][][]int           // ordinal → facet → value indexes
	docs     [][]interface{}
	named    map[string]bool // the files meta.json and the shards name
}

type byteReader struct {
	b []byte
	i int
}

func (r *byteReader) uint(t *testing.T) int {
	x, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		t.Fatalf("bad varint at %d", r.i)
	}
	r.i += n
	return int(x)
}

func decodeList(t *testing.T, b []byte) []posting {
	r := &byteReader{b: b}
	var out []posting
	ord := -1
	for r.i < len(b) {
		ord += r.uint(t)
		p := posting{ord: ord, freq: r.uint(t), length: r.uint(t)}
		x := 0
		for k := 0; k < p.freq; k++ {
			x += r.uint(t)
			p.pos = append(p.pos, x)
		}
		out = append(out, p)
	}
	return out
}

// layoutOf is the shard layout meta.json gives.
func layoutOf(m meta) shardLayout {
	l := shardLayout{ascii: m.ASCIIShards, chars: m.CharShards, rest: hashCount(m.Shards) - m.ASCIIShards - m.CharShards}
	if len(m.Common) > 0 {
		l.rest--
		l.common = map[string]bool{}
		for _, t := range m.Common {
			l.common[t] = true
		}
	}
	return l
}

// hashAt returns the i-th hash of a list of hashes in meta.json, and
// hashCount how many it has.
func hashAt(list string, i int) string { return list[2*hashLen*i : 2*hashLen*(i+1)] }
func hashCount(list string) int        { return len(list) / (2 * hashLen) }

func decodeExport(t *testing.T, files map[string][]byte) *exported {
	t.Helper()
	x := &exported{postings: map[string][]posting{}, df: map[string]int{}, blocks: map[string][]string{}, named: map[string]bool{}}
	get := func(dir, hash, ext string) []byte {
		name := "search/" + dir + "/" + hash + "." + ext
		b, ok := files[name]
		if !ok {
			t.Fatalf("missing %s", name)
		}
		x.named[name] = true
		return b
	}
	if err := json.Unmarshal(files["search/meta.json"], &x.meta); err != nil {
		t.Fatalf("search/meta.json: %v", err)
	}
	m := x.meta
	if err := json.Unmarshal(get("n", m.Near, "json"), &x.near); err != nil {
		t.Fatalf("near file: %v", err)
	}
	x.decodeShards(t, m.Shards, layoutOf(m), get)
	for _, hs := range x.near.Shards { // pinyin terms are ASCII: FNV-1a mod their shards
		x.decodeShards(t, hs, shardLayout{ascii: hashCount(hs)}, get)
	}
	x.decodeHeavy(t, get)
	x.decodeChars(t, get)
	x.decodeRest(t, get)
	return x
}

// decodeChars decodes the character table (code point → index of its
// reading in the near file's syllables) and checks the common
// characters' file against it.
func (x *exported) decodeChars(t *testing.T, get func(dir, hash, ext string) []byte) {
	x.chars = map[rune]int{}
	files, table, _ := strings.Cut(string(get("k", x.near.Common, "bin")), "\n")
	if want := (charHi - charLo) >> charBits; hashCount(files) != want {
		t.Fatalf("%d character-table files, want %d", hashCount(files), want)
	}
	for k := range hashCount(files) {
		r := &byteReader{b: get("k", hashAt(files, k), "bin")}
		for i := 0; r.i < len(r.b); i++ {
			if v := r.uint(t); v > 0 {
				x.chars[rune(charLo+k<<charBits+i)] = v - 1
			}
		}
	}
	x.common = map[rune]string{}
	reading, letters := "", false
	for _, r := range table {
		isLetter := r >= 'a' && r <= 'z'
		if isLetter && !letters {
			reading = ""
		}
		if letters = isLetter; letters {
			reading += string(r)
		} else {
			x.common[r] = reading
		}
	}
}

// decodeHeavy decodes the heavy pinyin terms' shards and checks that
// they hold the terms the near file lists, and no other.
func (x *exported) decodeHeavy(t *testing.T, get func(dir, hash, ext string) []byte) {
	before := map[string]bool{}
	for k := range x.df {
		before[k] = true
	}
	x.decodeShards(t, x.near.HeavyShards, shardLayout{ascii: hashCount(x.near.HeavyShards)}, get)
	want := map[string]bool{}
	for f, list := range x.near.Heavy {
		sep := map[bool]string{true: " ", false: ""}[f == 0] // py's units are syllables, pyi's letters
		for _, group := range strings.Fields(list) {
			first, rest, _ := strings.Cut(group, ":")
			for _, second := range strings.Split(rest, ",") {
				term := first
				if second != "" {
					term += sep + second
				}
				want[x.near.Fields[f]+"\x00"+term] = true
			}
		}
	}
	for k := range x.df {
		if !before[k] && !want[k] {
			t.Errorf("%q in a heavy shard, not in the near file's heavy terms", k)
		}
		if !before[k] && len(x.blocks[k]) == 0 {
			t.Errorf("%q in a heavy shard has its postings inline", k)
		}
		delete(want, k)
	}
	for k := range want {
		t.Errorf("heavy term %q not in the heavy shards", k)
	}
}

// decodeShards decodes a list of dictionary shards and the blocks they name.
func (x *exported) decodeShards(t *testing.T, list string, l shardLayout, get func(dir, hash, ext string) []byte) {
	shards := hashCount(list)
	for s := 0; s < shards; s++ {
		b := get("t", hashAt(list, s), "bin")
		r := &byteReader{b: b}
		for r.i < len(b) {
			field := r.uint(t)
			n := r.uint(t)
			term := string(b[r.i : r.i+n])
			r.i += n
			if got := l.of(term); got != s {
				t.Errorf("term %q in shard %d, hashes to %d", term, s, got)
			}
			key := document.AllTextFields[field] + "\x00" + term
			x.df[key] = r.uint(t)
			blocks := r.uint(t)
			if blocks == 0 {
				n := r.uint(t)
				x.postings[key] = decodeList(t, b[r.i:r.i+n])
				r.i += n
				continue
			}
			first := 0
			for k := 0; k < blocks; k++ {
				first += r.uint(t)
				hash := hex.EncodeToString(b[r.i : r.i+hashLen])
				r.i += hashLen
				x.blocks[key] = append(x.blocks[key], "search/p/"+hash+".bin")
				ps := decodeList(t, get("p", hash, "bin"))
				if ps[0].ord != first {
					t.Errorf("%s block %d starts at %d, dictionary says %d", key, k, ps[0].ord, first)
				}
				x.postings[key] = append(x.postings[key], ps...)
			}
		}
	}
}

// decodeRest decodes the facets, codes and display table.
func (x *exported) decodeRest(t *testing.T, get func(dir, hash, ext string) []byte) {
	m := x.meta
	x.facets = make([][][]int, m.Docs)
	for o := range x.facets {
		x.facets[o] = make([][]int, len(m.Facets))
	}
	for fi, f := range m.Facets {
		if hashCount(f.Sets) != len(f.Values) {
			t.Errorf("facet %s: %d bitsets for %d values", f.Name, hashCount(f.Sets), len(f.Values))
		}
		for vi := range f.Values {
			set := get("f", hashAt(f.Sets, vi), "bin")
			if len(set) != (m.Docs+7)/8 {
				t.Errorf("facet %s=%s: %d bytes for %d documents", f.Name, f.Values[vi], len(set), m.Docs)
			}
			for o := 0; o < m.Docs && o/8 < len(set); o++ {
				if set[o/8]&(1<<(o%8)) != 0 {
					x.facets[o][fi] = append(x.facets[o][fi], vi)
				}
			}
		}
	}
	if want := (m.Docs + m.DocBlock - 1) / m.DocBlock; hashCount(m.DocFiles) != want {
		t.Errorf("%d display-table files for %d documents, want %d", hashCount(m.DocFiles), m.Docs, want)
	}
	for k := 0; k < hashCount(m.DocFiles); k++ {
		var rows [][]interface{}
		if err := json.Unmarshal(get("d", hashAt(m.DocFiles, k), "json"), &rows); err != nil {
			t.Fatal(err)
		}
		if len(m.CodeKeys) != hashCount(m.DocFiles) || len(rows) == 0 {
			t.Fatalf("display-table file %d: %d rows; meta.json has %d code keys for %d files", k, len(rows), len(m.CodeKeys), hashCount(m.DocFiles))
		}
		// Its key: the shortest prefix of its first code greater than the
		// code before it ("" for the first file).
		key, first := m.CodeKeys[k], rows[0][0].(string)
		if k == 0 && key != "" || k > 0 && (!strings.HasPrefix(first, key) || key <= x.docs[len(x.docs)-1][0].(string) || key[:len(key)-1] > x.docs[len(x.docs)-1][0].(string)) {
			t.Errorf("display-table file %d, first code %s: code key %q", k, first, key)
		}
		x.docs = append(x.docs, rows...)
	}
}
