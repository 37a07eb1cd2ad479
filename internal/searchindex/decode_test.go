package searchindex

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// posting is one decoded posting: what the browser reads.
type posting struct {
	ord, freq, length int
	pos               []int
}

// exported is an index decoded from its files, as the tests see it.
type exported struct {
	meta     meta
	postings map[string][]posting // "field\x00term" → postings
	df       map[string]int
	blocks   map[string]int // "field\x00term" → postings blocks (0: inline)
	facets   [][][]int      // ordinal → facet → value indexes
	codes    []string
	docs     [][]interface{}
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

func decodeExport(t *testing.T, files map[string][]byte) *exported {
	t.Helper()
	get := func(name string) []byte {
		b, ok := files[name]
		if !ok {
			t.Fatalf("missing %s", name)
		}
		return b
	}
	x := &exported{postings: map[string][]posting{}, df: map[string]int{}, blocks: map[string]int{}}
	if err := json.Unmarshal(get("search/meta.json"), &x.meta); err != nil {
		t.Fatal(err)
	}
	m := x.meta
	for s := 0; s < m.Shards; s++ {
		b := get(fmt.Sprintf("search/t/%d.bin", s))
		r := &byteReader{b: b}
		for r.i < len(b) {
			field := r.uint(t)
			n := r.uint(t)
			term := string(b[r.i : r.i+n])
			r.i += n
			if got := shardOf(term, m.Shards); got != s {
				t.Errorf("term %q in shard %d, hashes to %d", term, s, got)
			}
			key := m.Fields[field] + "\x00" + term
			x.df[key] = r.uint(t)
			blocks := r.uint(t)
			x.blocks[key] = blocks
			if blocks == 0 {
				n := r.uint(t)
				x.postings[key] = decodeList(t, b[r.i:r.i+n])
				r.i += n
				continue
			}
			list, first := r.uint(t), 0
			for k := 0; k < blocks; k++ {
				first += r.uint(t)
				ps := decodeList(t, get(fmt.Sprintf("search/p/%d-%d.bin", list, k)))
				if ps[0].ord != first {
					t.Errorf("%s block %d starts at %d, dictionary says %d", key, k, ps[0].ord, first)
				}
				x.postings[key] = append(x.postings[key], ps...)
			}
		}
	}
	x.facets = make([][][]int, m.Docs)
	for o := range x.facets {
		x.facets[o] = make([][]int, len(m.Facets))
	}
	for fi, f := range m.Facets {
		for vi := range f.Values {
			set := get(fmt.Sprintf("search/f/%d-%d.bin", fi, vi))
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
	for k := range m.Codes {
		cs := strings.Split(string(get(fmt.Sprintf("search/c/%d.txt", k))), "\n")
		if cs[0] != m.Codes[k] {
			t.Errorf("code block %d starts with %s, meta says %s", k, cs[0], m.Codes[k])
		}
		x.codes = append(x.codes, cs...)
	}
	for k := 0; k*m.DocBlock < m.Docs; k++ {
		var rows [][]interface{}
		if err := json.Unmarshal(get(fmt.Sprintf("search/d/%d.json", k)), &rows); err != nil {
			t.Fatal(err)
		}
		x.docs = append(x.docs, rows...)
	}
	return x
}
