package searchindex

import (
	"cmp"
	"encoding/binary"
	"maps"
	"slices"
	"strings"

	"creditsite/internal/searchindex/analysis"
	"creditsite/internal/searchindex/document"
)

// near is search/n/<h>.json, which meta.json names by its hash ("n"):
// what the near-miss sections of the search page need and normal queries
// do not, so that their cold transfer stays as it was. It is loaded only
// when the exact query finds few enterprises.
type near struct {
	Fields []string `json:"fields"` // the pinyin fields (document.PinyinFields)
	First  int      `json:"first"`  // the field index of Fields[0] in the shards
	// Shards holds, per pinyin field, the hashes of the dictionary
	// shards of its light terms (inline postings), search/t/ like the
	// exact fields', a term in shard FNV-1a-32(term) mod their number
	// (all pinyin terms are ASCII). Each field has shards of its own: a
	// query in characters or syllables reads py's, initials pyi's, whose
	// 270 light terms at 10,000 disclosures have long lists.
	Shards []string `json:"t"`
	// Heavy lists, per pinyin field, its heavy terms (those whose
	// postings are in blocks), grouped by their first unit:
	// "bin:wei,you cheng:gu" for bin wei, bin you, cheng gu (initials:
	// "b:jk" for bj, bk); a lone unit's term is an empty second. Their
	// records are in the heavy shards, search/t/ too, HeavyShards, a term
	// in shard FNV-1a-32(term) mod their number. A heavy term's record is
	// a few bytes, a light term's mostly its postings: the common pairs
	// (you xian, gong si) and nearly all initials would otherwise each
	// fetch a shard of other terms' postings.
	Heavy       []string `json:"h"`
	HeavyShards string   `json:"th"`
	Syllables   string   `json:"s"` // every toneless syllable go-pinyin gives, sorted, space-separated
	// Common is search/k/<h>.bin, the characters' readings: a first
	// line of the hashes of the character table's files (a file per
	// 2^charBits code points from charLo to charHi), then the
	// commonChars commonest characters of the names and their readings.
	// Only a query with ideographs reads it, a rarer character the
	// table's file too; a query in pinyin reads neither.
	Common string `json:"kc"`
}

// The character table covers the ideographs of the Basic Multilingual
// Plane (U+3400–U+9FFF, what Chinese keyboards type), a file per 2^charBits
// code points, charLo's first (54 files): names' rarer characters are
// read all the same in the index. Most characters a query types are
// those of the names, though: the commonChars commonest of them (in how
// many names) are in one small file, which spares a long name's query
// a file per distinct block of its characters (10 files of 0.7 KB gzip
// for 三峡世江机电设备有限公司).
const (
	charBits       = 9
	charLo, charHi = 0x3400, 0xA000
	commonChars    = 1024
)

// writeNear writes the pinyin fields' dictionary shards (with their
// postings blocks) of sizes sz, the character tables for names and the
// near file, and returns the near file's hash.
func writeNear(w *writer, entries []*document.TermEntry, sz postingSizes, names []string) (fileHash, error) {
	heads, heavy, err := termHeads(w, entries, sz)
	if err != nil {
		return fileHash{}, err
	}
	n := near{Fields: document.PinyinFields, First: len(document.TextFields)}
	light := make([]hashed, len(n.Fields))
	var weighty hashed
	heavyTerms := make([][]string, len(n.Fields))
	for i, e := range entries {
		f := e.Field - n.First
		if heavy[i] {
			weighty.add(e.Term, heads[i])
			heavyTerms[f] = append(heavyTerms[f], e.Term)
		} else {
			light[f].add(e.Term, heads[i])
		}
	}
	for _, g := range light {
		shards, err := g.write(w, sz.shard)
		if err != nil {
			return fileHash{}, err
		}
		n.Shards = append(n.Shards, hashList(shards))
	}
	heavyShards, err := weighty.write(w, sz.shard/8)
	if err != nil {
		return fileHash{}, err
	}
	n.HeavyShards = hashList(heavyShards)
	for f, ts := range heavyTerms {
		n.Heavy = append(n.Heavy, groupTerms(ts, n.Fields[f] == document.PinyinFields[0]))
	}
	index, syllables := map[string]int{}, []string(nil)
	analysis.ReadChars(func(_ rune, rs []string) {
		for _, s := range rs {
			index[s] = 0
		}
	})
	for s := range index {
		syllables = append(syllables, s)
	}
	slices.Sort(syllables)
	for i, s := range syllables {
		index[s] = i
	}
	n.Syllables = strings.Join(syllables, " ")
	files, err := writeChars(w, index)
	if err != nil {
		return fileHash{}, err
	}
	common, err := w.put("k", append([]byte(hashList(files)+"\n"), commonTable(names, syllables)...))
	if err != nil {
		return fileHash{}, err
	}
	n.Common = common.String()
	return w.put("n", marshal(n))
}

// hashed is dictionary records to be written as shards of their own, a
// term in shard FNV-1a-32(term) mod their number.
type hashed struct {
	terms []string
	heads [][]byte
}

func (h *hashed) add(term string, head []byte) {
	h.terms, h.heads = append(h.terms, term), append(h.heads, head)
}

// write writes the records as shards of about size bytes, a power of two
// of them, and returns their hashes.
func (h *hashed) write(w *writer, size int) ([]fileHash, error) {
	total := 0
	for _, b := range h.heads {
		total += len(b)
	}
	n := shardCount(total, size)
	bufs := make([][]byte, n)
	for i, term := range h.terms {
		s := fnv32(term) % uint32(n)
		bufs[s] = append(bufs[s], h.heads[i]...)
	}
	return putAll(w, "t", bufs)
}

// groupTerms writes pinyin terms grouped by their first unit, sorted
// (near.Heavy): a syllable before a space (syllables), else a letter.
func groupTerms(terms []string, syllables bool) string {
	groups := map[string][]string{}
	for _, t := range terms {
		first, rest := t[:1], t[1:]
		if syllables {
			first, rest, _ = strings.Cut(t, " ")
		}
		groups[first] = append(groups[first], rest)
	}
	var out []string
	for _, first := range slices.Sorted(maps.Keys(groups)) {
		slices.Sort(groups[first])
		out = append(out, first+":"+strings.Join(groups[first], ","))
	}
	return strings.Join(out, " ")
}

// commonTable returns the commonest reading of the commonChars ideographs
// that go-pinyin reads and most names hold (ties: the lower code point), as
// UTF-8 text: each reading of syllables that has some, in order, followed
// by its characters in code-point order ("chang昌常…yi宜…").
func commonTable(names []string, syllables []string) []byte {
	count := map[rune]int{}
	for _, name := range names {
		seen := map[rune]bool{}
		for _, r := range name {
			if !seen[r] && len(analysis.Readings(r)) > 0 {
				seen[r] = true
				count[r]++
			}
		}
	}
	chars := make([]rune, 0, len(count))
	for r := range count {
		chars = append(chars, r)
	}
	slices.SortFunc(chars, func(a, b rune) int { return cmp.Or(count[b]-count[a], int(a-b)) })
	chars = chars[:min(len(chars), commonChars)]
	slices.Sort(chars)
	by := map[string][]rune{}
	for _, r := range chars {
		s := analysis.Readings(r)[0]
		by[s] = append(by[s], r)
	}
	var b strings.Builder
	for _, s := range syllables {
		if rs := by[s]; len(rs) > 0 {
			b.WriteString(s)
			b.WriteString(string(rs))
		}
	}
	return []byte(b.String())
}

// writeChars writes the character table, search/k/<h>.bin, a file per
// 2^charBits code points from charLo to charHi: per code point, in order,
// an unsigned varint, 0 for a character go-pinyin cannot read, else one
// more than the index (index) in the syllable list of its commonest
// reading (a query's ideographs are read with that one, see
// analysis.PinyinName).
func writeChars(w *writer, index map[string]int) ([]fileHash, error) {
	tables := make([][]uint64, (charHi-charLo)>>charBits)
	for k := range tables {
		tables[k] = make([]uint64, 1<<charBits)
	}
	analysis.ReadChars(func(r rune, rs []string) {
		if r >= charLo && r < charHi {
			tables[(r-charLo)>>charBits][r&(1<<charBits-1)] = uint64(index[rs[0]] + 1)
		}
	})
	files := make([][]byte, len(tables))
	for k, t := range tables {
		for len(t) > 0 && t[len(t)-1] == 0 { // trailing unread code points say nothing
			t = t[:len(t)-1]
		}
		for _, x := range t {
			files[k] = binary.AppendUvarint(files[k], x)
		}
	}
	return putAll(w, "k", files)
}
