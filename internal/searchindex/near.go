package searchindex

import (
	"encoding/binary"
	"slices"

	"creditsite/internal/searchindex/analysis"
	"creditsite/internal/searchindex/document"
)

// near is search/n/<h>.json, which meta.json names by its hash ("n"):
// what the near-miss sections of the search page need and normal queries
// do not, so that their cold transfer stays as it was. It is loaded only
// when the exact query finds few enterprises.
type near struct {
	Fields    []string `json:"fields"`      // the pinyin fields (document.PinyinFields)
	First     int      `json:"first"`       // the field index of Fields[0] in the shards
	Shards    string   `json:"t"`           // search/t/: the pinyin fields' own dictionary shards
	ASCII     int      `json:"asciiShards"` // their layout (shardLayout), as in meta.json
	Chars     int      `json:"charShards"`
	Syllables []string `json:"s"`  // every toneless syllable go-pinyin gives, sorted
	CharKeys  []int    `json:"kc"` // per character-table file, its code points' high bits (code point >> charBits)
	CharFiles string   `json:"k"`  // search/k/: the character-table files
}

// charBits: a character-table file covers the 2^charBits code points
// sharing their high bits, so a query fetches one small file per
// distinct block of its ideographs. The table covers the ideographs of
// the Basic Multilingual Plane (U+3400–U+9FFF, what Chinese keyboards
// type; 54 files): names' rarer characters are read all the same in the
// index.
const (
	charBits       = 9
	charLo, charHi = 0x3400, 0xA000
)

// writeNear writes the pinyin fields' dictionary shards (with their
// postings blocks) of sizes sz, the character table and the near file,
// and returns the near file's hash.
func writeNear(w *writer, entries []*document.TermEntry, sz postingSizes) (fileHash, error) {
	shards, layout, err := writePostings(w, entries, sz)
	if err != nil {
		return fileHash{}, err
	}
	n := near{Fields: document.PinyinFields, First: len(document.TextFields), Shards: hashList(shards), ASCII: layout.ascii, Chars: layout.chars}
	index := map[string]int{}
	analysis.ReadChars(func(_ rune, rs []string) {
		for _, s := range rs {
			index[s] = 0
		}
	})
	for s := range index {
		n.Syllables = append(n.Syllables, s)
	}
	slices.Sort(n.Syllables)
	for i, s := range n.Syllables {
		index[s] = i
	}
	files, err := writeChars(w, index, &n)
	if err != nil {
		return fileHash{}, err
	}
	n.CharFiles = hashList(files)
	return w.put("n", marshal(n))
}

// writeChars writes the character table, search/k/<h>.bin: per code point
// of the file's block, in order, an unsigned varint, 0 for a character
// go-pinyin cannot read, else one more than the index in the syllable
// list of its commonest reading (a query's ideographs are read with that
// one, see analysis.PinyinName). It records the blocks' keys in n.
func writeChars(w *writer, index map[string]int, n *near) ([]fileHash, error) {
	var files [][]byte
	var cur []uint64
	key := -1
	flush := func() {
		if key >= 0 {
			var b []byte
			for _, x := range cur {
				b = binary.AppendUvarint(b, x)
			}
			files = append(files, b)
			n.CharKeys = append(n.CharKeys, key)
		}
	}
	analysis.ReadChars(func(r rune, rs []string) {
		if r < charLo || r >= charHi {
			return
		}
		if k := int(r) >> charBits; k != key {
			flush()
			key, cur = k, make([]uint64, 1<<charBits)
		}
		cur[int(r)&(1<<charBits-1)] = uint64(index[rs[0]] + 1)
	})
	flush()
	for i, b := range files { // trailing unread code points say nothing
		for len(b) > 0 && b[len(b)-1] == 0 {
			b = b[:len(b)-1]
		}
		files[i] = b
	}
	return putAll(w, "k", files)
}
