package searchindex

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"creditsite/internal/gen"
	"creditsite/internal/model"
)

// countFiles is a FileWriter that counts the files per folder of
// search/ and keeps meta.json.
type countFiles struct {
	dirs map[string]int
	meta []byte
}

func (c *countFiles) WriteFile(name string, data []byte) error {
	if name == MetaName {
		c.meta = data
	}
	dir, _, _ := strings.Cut(strings.TrimPrefix(name, "search/"), "/")
	c.dirs[dir]++
	return nil
}

// TestFileCount guards issue 18's budget of the search folder's files on
// the data of `creditsite gen -enterprises 10000 -commitments 50000`:
// at most 2,000 (hosts limit a site's files). It is 1,961 with the sizes
// of sizesFor; 3,430 with format 6's fixed sizes.
func TestFileCount(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 60,000 generated records")
	}
	d := gen.Generate(gen.Options{Enterprises: 10000, Commitments: 50000, Seed: 2018}) // gen's default seed
	var ds []*model.Disclosure
	var cs []*model.Commitment
	for _, u := range gen.Units { // as ingest reads them: the submitting unit is a facet
		for _, r := range d.Disclosures[u.Stem] {
			r.Source.Unit = u.Name
			ds = append(ds, r)
		}
		for _, r := range d.Commitments[u.Stem] {
			r.Source.Unit = u.Name
			cs = append(cs, r)
		}
	}
	files := &countFiles{dirs: map[string]int{}}
	st, err := Build(model.NewDataset(ds, cs), files)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for dir, n := range files.dirs {
		dirs = append(dirs, fmt.Sprint(dir, " ", n))
	}
	slices.Sort(dirs)
	t.Logf("%d enterprises: %d files (%s), meta.json %d bytes", st.Documents, st.Files, strings.Join(dirs, ", "), len(files.meta))
	if st.Files > 2000 {
		t.Errorf("%d files in search/, budget 2,000", st.Files)
	}
}

// TestSizesFor checks the sizes FORMAT.md's file-count table gives for
// the data of `creditsite gen` (enterprises indexed at 1,000 + 5,000,
// 10,000 + 50,000 and 200,000 + 1,000,000 records): the display-table
// files' rows follow √(docs/4), and the shards a query reads per term
// keep their size up to the 10,000 + 50,000 site.
func TestSizesFor(t *testing.T) {
	for _, c := range []struct {
		docs            int
		docBlock, shard int
	}{
		{1595, 16, 1500},
		{15958, 64, 1500},
		{319318, 256, 6000},
	} {
		sz := sizesFor(c.docs)
		if sz.docBlock != c.docBlock || sz.exact.shard != c.shard {
			t.Errorf("%d enterprises: %d rows a display-table file, %d-byte shards; want %d, %d",
				c.docs, sz.docBlock, sz.exact.shard, c.docBlock, c.shard)
		}
	}
}
