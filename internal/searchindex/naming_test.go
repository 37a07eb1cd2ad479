package searchindex

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"creditsite/internal/memfiles"
	"creditsite/internal/model"
	"creditsite/internal/searchindex/document"
)

// exportFiles builds the index of ds in memory.
func exportFiles(t *testing.T, ds *model.Dataset) (map[string][]byte, *Stats) {
	t.Helper()
	var files memfiles.Files // refuses a name written twice
	st, err := Build(ds, &files)
	if err != nil {
		t.Fatal(err)
	}
	return files.Map(), st
}

// checkNames checks that every file but meta.json is named by the hash of
// its bytes, and that meta.json and the dictionary shards name exactly
// the files written: Referenced lists them all and no other, and so does
// the tests' own decoder, which fails on a name that was not written.
func checkNames(t *testing.T, files map[string][]byte, st *Stats) *exported {
	t.Helper()
	var written []string
	for name, data := range files {
		if name == MetaName {
			continue
		}
		written = append(written, name)
		if !NamedBy(name, data) {
			t.Errorf("%s is not named by the SHA-256 of its bytes", name)
		}
	}
	slices.Sort(written)
	refs, err := Referenced(readFrom(files))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(refs, written) {
		t.Errorf("meta.json and the shards name %d files, %d were written", len(refs), len(written))
	}
	x := decodeExport(t, files)
	if len(x.named) != len(written) {
		t.Errorf("the decoder was led to %d files, %d were written", len(x.named), len(written))
	}
	if st.Files != len(files) {
		t.Errorf("stats count %d files, %d were written", st.Files, len(files))
	}
	return x
}

// readFrom reads exported files from memory, as Referenced asks.
func readFrom(files map[string][]byte) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		b, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("%s was not written", name)
		}
		return b, nil
	}
}

func TestNamedBy(t *testing.T) {
	data := []byte("91420500MA4F0001X\n")
	sum, other := sha256.Sum256(data), sha256.Sum256([]byte("91420500MA4F0002X\n"))
	h := hex.EncodeToString(sum[:hashLen])
	if !NamedBy("search/c/"+h+".txt", data) {
		t.Errorf("search/c/%s.txt is the name of its bytes", h)
	}
	for _, name := range []string{"search/c/" + h + ".bin", "search/x/" + h + ".txt", "c/" + h + ".txt", "search/meta.json",
		"search/c/" + hex.EncodeToString(other[:hashLen]) + ".txt", "search/c/" + strings.ToUpper(h) + ".txt", "search/c/" + hex.EncodeToString(sum[:]) + ".txt"} {
		if NamedBy(name, data) {
			t.Errorf("NamedBy(%s): true", name)
		}
	}
}

func TestReferencedRefusesBadFiles(t *testing.T) {
	files, _ := exportFiles(t, generate(300, 1000))
	var m meta
	if err := json.Unmarshal(files[MetaName], &m); err != nil {
		t.Fatal(err)
	}
	// A live index of format 7 or 8, which the first build after an
	// upgrade finds: its meta.json names its files as format 9's does,
	// the common shard aside, and its code files in c (here, format 9's
	// files relabelled, with two code files).
	want, err := Referenced(readFrom(files))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(files[MetaName], &raw); err != nil {
		t.Fatal(err)
	}
	raw["c"] = "0123456789abba9876543210"
	withCodes := append(slices.Clone(want), "search/c/0123456789ab.txt", "search/c/ba9876543210.txt")
	slices.Sort(withCodes)
	for _, v := range []int{7, 8} {
		raw["version"] = v
		old := maps.Clone(files)
		old[MetaName], _ = json.Marshal(raw)
		if got, err := Referenced(readFrom(old)); err != nil || !slices.Equal(got, withCodes) {
			t.Errorf("a meta.json of format %d: %d files, %v; want %d", v, len(got), err, len(withCodes))
		}
	}
	shard := fileName("t", hashAt(m.Shards, 0))
	for s := 1; len(files[shard]) == 0; s++ {
		shard = fileName("t", hashAt(m.Shards, s))
	}
	files[shard] = files[shard][:len(files[shard])-1] // the last record loses its last byte
	if _, err := Referenced(readFrom(files)); err == nil || !strings.Contains(err.Error(), shard) {
		t.Errorf("a cut shard: %v", err)
	}
	files[MetaName] = []byte(`{"version":3,"docs":1,"shards":1}`)
	if _, err := Referenced(readFrom(files)); !errors.Is(err, ErrVersion) {
		t.Errorf("a meta.json of version 3: %v", err)
	}
}

func TestFilesAreNamedByTheirBytes(t *testing.T) {
	files, st := exportFiles(t, smallDataset())
	checkNames(t, files, st)

	// Without commitments the four commitment types and the column
	// 信用承诺 have the same empty bitset: one file, named five times.
	files, st = exportFiles(t, generate(300, 0))
	x := checkNames(t, files, st)
	var empty []string
	for _, f := range x.meta.Facets {
		for vi := range f.Values {
			if set := files["search/f/"+hashAt(f.Sets, vi)+".bin"]; !slices.ContainsFunc(set, func(b byte) bool { return b != 0 }) {
				empty = append(empty, hashAt(f.Sets, vi))
			}
		}
	}
	if len(empty) != 5 || len(slices.Compact(empty)) != 1 {
		t.Errorf("empty bitsets %v, want the same file 5 times", empty)
	}
}

// TestRebuildKeepsNames gives an enterprise its first commitment and
// rebuilds: a file keeps its name unless its bytes changed, and only the
// files that hold the enterprise change: its display-table file, the
// bitsets of the facet values it gained, one postings block of each term
// whose postings changed (or two, when the change moves the block's end)
// and the shards of those terms.
func TestRebuildKeepsNames(t *testing.T) {
	ds := generate(2000, 20000)
	// Early in the ordinals, so that the lists of common terms such as
	// 承诺 have several blocks after its own.
	o := len(ds.Enterprises) / 10
	for len(ds.Enterprises[o].Commitments) > 0 {
		o++
	}
	e := ds.Enterprises[o]
	c := &model.Commitment{Name: e.Name, LegalRep: e.LegalRep, Code: e.Code, Type: model.Voluntary, Item: "依法诚信经营承诺",
		Date: model.Date{Year: 2020, Month: 5, Day: 1}, Source: e.Disclosures[0].Source}
	changed := model.NewDataset(slices.Clone(ds.Disclosures), append(slices.Clone(ds.Commitments), c))
	filesA, stA := exportFiles(t, ds)
	filesB, stB := exportFiles(t, changed)
	a, b := checkNames(t, filesA, stA), checkNames(t, filesB, stB)

	if !slices.Equal(a.meta.CodeKeys, b.meta.CodeKeys) {
		t.Errorf("the display-table files' code keys changed; the codes did not")
	}
	for k := 0; k < hashCount(b.meta.DocFiles); k++ {
		if renamed := hashAt(a.meta.DocFiles, k) != hashAt(b.meta.DocFiles, k); renamed != (k == o/b.meta.DocBlock) {
			t.Errorf("display-table file %d renamed: %v; the enterprise is in file %d", k, renamed, o/b.meta.DocBlock)
		}
	}
	for fi, f := range b.meta.Facets {
		if !slices.Equal(a.meta.Facets[fi].Values, f.Values) {
			t.Fatalf("facet %s: values %v, then %v", f.Name, a.meta.Facets[fi].Values, f.Values)
		}
		had, has := document.Of(ds.Enterprises[o])[f.Name].([]string), document.Of(changed.Enterprises[o])[f.Name].([]string)
		for vi, v := range f.Values {
			gained := slices.Contains(had, v) != slices.Contains(has, v)
			if renamed := hashAt(a.meta.Facets[fi].Sets, vi) != hashAt(f.Sets, vi); renamed != gained {
				t.Errorf("bitset of %s=%s renamed: %v; its set changed: %v", f.Name, v, renamed, gained)
			}
		}
	}
	shards := map[int]bool{} // of the terms whose postings changed
	terms, longest := 0, 0
	for key, ps := range b.postings {
		if reflect.DeepEqual(ps, a.postings[key]) {
			if !slices.Equal(a.blocks[key], b.blocks[key]) {
				t.Errorf("%q: blocks renamed, postings the same", key)
			}
			continue
		}
		terms++
		shards[layoutOf(b.meta).of(key[strings.IndexByte(key, 0)+1:])] = true
		renamed := 0
		for _, name := range b.blocks[key] {
			if !slices.Contains(a.blocks[key], name) {
				renamed++
			}
		}
		longest = max(longest, len(b.blocks[key]))
		if renamed > 2 {
			t.Errorf("%q: %d of %d blocks renamed; one document changed", key, renamed, len(b.blocks[key]))
		}
	}
	if longest < 4 {
		t.Errorf("the changed terms have at most %d blocks: the test shows nothing about later blocks", longest)
	}
	for s := 0; s < hashCount(b.meta.Shards); s++ {
		if renamed := hashAt(a.meta.Shards, s) != hashAt(b.meta.Shards, s); renamed && !shards[s] {
			t.Errorf("shard %d renamed; none of its terms changed", s)
		}
	}
	n := 0
	for name := range filesB {
		if _, ok := filesA[name]; !ok {
			n++
		}
	}
	t.Logf("one enterprise changed: %d of %d files new; postings of %d terms changed, the longest in %d blocks", n, len(filesB), terms, longest)
}
