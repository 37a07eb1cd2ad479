package searchindex

import (
	"cmp"
	"encoding/binary"
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
	Fields []string `json:"fields"`      // the pinyin fields (document.PinyinFields)
	First  int      `json:"first"`       // the field index of Fields[0] in the shards
	Shards string   `json:"t"`           // search/t/: the dictionary shards of the pinyin fields' light terms
	ASCII  int      `json:"asciiShards"` // their layout (shardLayout), as in meta.json
	Chars  int      `json:"charShards"`
	// Heavy lists, per pinyin field, its heavy terms (those whose
	// postings are in blocks), sorted and comma-separated; their records
	// are in the heavy shards, search/t/ too, HeavyShards, a term in
	// shard FNV-1a-32(term) mod their number (all pinyin terms are
	// ASCII). A heavy term's record is a few bytes, a light term's
	// mostly its postings: the common pairs (you xian, gong si) and
	// nearly all initials would otherwise each fetch a shard of other
	// terms' postings.
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
	var light, weighty []*document.TermEntry
	var lightHeads, heavyHeads [][]byte
	heavyTerms := make([][]string, len(n.Fields))
	for i, e := range entries {
		if heavy[i] {
			weighty, heavyHeads = append(weighty, e), append(heavyHeads, heads[i])
			heavyTerms[e.Field-n.First] = append(heavyTerms[e.Field-n.First], e.Term)
		} else {
			light, lightHeads = append(light, e), append(lightHeads, heads[i])
		}
	}
	shards, layout, err := writeShards(w, light, lightHeads, sz.shard)
	if err != nil {
		return fileHash{}, err
	}
	n.Shards, n.ASCII, n.Chars = hashList(shards), layout.ascii, layout.chars
	heavyShards, err := writeHeavy(w, weighty, heavyHeads, sz.shard/16)
	if err != nil {
		return fileHash{}, err
	}
	n.HeavyShards = hashList(heavyShards)
	for _, ts := range heavyTerms {
		slices.Sort(ts)
		n.Heavy = append(n.Heavy, strings.Join(ts, ","))
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

// writeHeavy writes the records heads of the heavy pinyin terms entries
// as shards of about size bytes, a power of two of them, a term in shard
// FNV-1a-32(term) mod their number, and returns their hashes.
func writeHeavy(w *writer, entries []*document.TermEntry, heads [][]byte, size int) ([]fileHash, error) {
	total := 0
	for _, h := range heads {
		total += len(h)
	}
	l := shardLayout{ascii: shardCount(total, size)}
	bufs := make([][]byte, l.ascii)
	for i, e := range entries {
		s := l.of(e.Term) // ASCII: FNV-1a mod l.ascii
		bufs[s] = append(bufs[s], heads[i]...)
	}
	return putAll(w, "t", bufs)
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
