package searchindex

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// ErrVersion is the error of Referenced for a meta.json of another format
// version, such as one of version 3, whose files had fixed names and no
// hashes to follow.
var ErrVersion = errors.New("搜索索引格式版本不同")

// oldestReferenced is the oldest format whose files Referenced lists:
// format 8 only added the common shard, which meta.json's t names with
// the others, and format 9 dropped the code files, which 7 and 8 list in
// c; so the first build after an upgrade from 7 or 8 still keeps the live
// index's files for the visitors whose page holds it.
const oldestReferenced = 7

// Referenced lists, each once and sorted, the files that an exported
// index's search/meta.json names, directly or through its near file and
// dictionary shards: every file of its build but meta.json. read returns a file's
// bytes by its name as exported ("search/t/3fa9c2d1e0b4.bin"). A deploy
// keeps these files as long as a visitor may still hold that meta.json.
func Referenced(read func(name string) ([]byte, error)) ([]string, error) {
	b, err := read(MetaName)
	if err != nil {
		return nil, err
	}
	var m meta
	var old struct {
		CodeFiles string `json:"c"` // search/c/: the code files of formats 7 and 8
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s：%v", MetaName, err)
	}
	json.Unmarshal(b, &old) // it parsed as m
	if m.Version < oldestReferenced || m.Version > formatVersion {
		return nil, fmt.Errorf("%s：%w（%d，本程序读取 %d）", MetaName, ErrVersion, m.Version, formatVersion)
	}
	if len(m.Near) != 2*hashLen {
		return nil, fmt.Errorf("%s：缺少近似匹配文件的散列", MetaName)
	}
	nearName := fileName("n", m.Near)
	b, err = read(nearName)
	if err != nil {
		return nil, err
	}
	var n near
	if err := json.Unmarshal(b, &n); err != nil {
		return nil, fmt.Errorf("%s：%v", nearName, err)
	}
	commonName := fileName("k", n.Common)
	b, err = read(commonName)
	if err != nil {
		return nil, err
	}
	charFiles, _, _ := strings.Cut(string(b), "\n")
	lists := []struct{ dir, hashes string }{{"t", m.Shards}, {"c", old.CodeFiles}, {"d", m.DocFiles}, {"t", n.HeavyShards}, {"k", charFiles}}
	for _, hs := range n.Shards {
		lists = append(lists, struct{ dir, hashes string }{"t", hs})
	}
	for _, f := range m.Facets {
		lists = append(lists, struct{ dir, hashes string }{"f", f.Sets})
	}
	names := map[string]bool{nearName: true, commonName: true}
	for _, l := range lists {
		if len(l.hashes)%(2*hashLen) != 0 {
			return nil, fmt.Errorf("%s：search/%s/ 的散列列表长 %d 个字符，不是 %d 的倍数", MetaName, l.dir, len(l.hashes), 2*hashLen)
		}
		for i := 0; i < len(l.hashes); i += 2 * hashLen {
			names[fileName(l.dir, l.hashes[i:i+2*hashLen])] = true
		}
	}
	shards := m.Shards + strings.Join(n.Shards, "") + n.HeavyShards
	for i := 0; i < len(shards); i += 2 * hashLen {
		shard := fileName("t", shards[i:i+2*hashLen])
		b, err := read(shard)
		if err != nil {
			return nil, err
		}
		blocks, err := shardBlocks(b)
		if err != nil {
			return nil, fmt.Errorf("%s：%v", shard, err)
		}
		for _, name := range blocks {
			names[name] = true
		}
	}
	out := make([]string, 0, len(names))
	for name := range names {
		out = append(out, name)
	}
	sort.Strings(out)
	return out, nil
}

// shardBlocks returns the names of the postings blocks a dictionary shard
// names (its records are described at writePostings).
func shardBlocks(b []byte) ([]string, error) {
	var names []string
	r := &varintReader{b: b}
	for r.i < len(b) && r.err == nil {
		r.uint()          // field
		r.bytes(r.uint()) // term
		r.uint()          // document frequency
		if n := r.uint(); n == 0 {
			r.bytes(r.uint()) // inline postings
		} else {
			for k := 0; k < n && r.err == nil; k++ {
				r.uint() // first ordinal, gap-coded
				if h := r.bytes(hashLen); r.err == nil {
					names = append(names, fileName("p", hex.EncodeToString(h)))
				}
			}
		}
	}
	return names, r.err
}

// varintReader reads unsigned varints and byte strings, keeping the first
// error.
type varintReader struct {
	b   []byte
	i   int
	err error
}

func (r *varintReader) uint() int {
	x, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 || x > math.MaxInt32 {
		r.fail()
		return 0
	}
	r.i += n
	return int(x)
}

func (r *varintReader) bytes(n int) []byte {
	if n < 0 || n > len(r.b)-r.i {
		r.fail()
		return nil
	}
	r.i += n
	return r.b[r.i-n : r.i]
}

func (r *varintReader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("第 %d 字节处的记录不完整", r.i)
	}
	r.i = len(r.b)
}
