package searchindex

import (
	"context"
	"math"
	"reflect"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"

	"creditsite/internal/memfiles"
	"creditsite/internal/model"
	"creditsite/internal/searchindex/document"
)

// bleveIndex indexes the documents Build indexes, all in one in-memory scorch
// index, document ID = credit code: the reference the export must equal.
func bleveIndex(t testing.TB, ds *model.Dataset) bleve.Index {
	t.Helper()
	idx, err := bleve.NewUsing("", document.NewMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	b := idx.NewBatch()
	for _, e := range ds.Enterprises {
		if err := b.Index(e.Code, document.Of(e)); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	return idx
}

// blevePostings reads every term of the text fields back from idx as
// "field\x00term" → postings in ordinal order, positions as exported.
func blevePostings(t testing.TB, idx bleve.Index, ds *model.Dataset, stride int) map[string][]posting {
	t.Helper()
	ai, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := map[string][]posting{}
	for _, field := range document.AllTextFields {
		d, err := r.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		for {
			de, err := d.Next()
			if err != nil {
				t.Fatal(err)
			}
			if de == nil {
				break
			}
			tfr, err := r.TermFieldReader(context.Background(), []byte(de.Term), field, true, true, true)
			if err != nil {
				t.Fatal(err)
			}
			var ps []posting
			for tfd := new(index.TermFieldDoc); ; tfd.Reset() {
				doc, err := tfr.Next(tfd)
				if err != nil {
					t.Fatal(err)
				}
				if doc == nil {
					break
				}
				code, err := r.ExternalID(doc.ID)
				if err != nil {
					t.Fatal(err)
				}
				p := posting{ord: ordOf(ds, code), freq: int(doc.Freq), length: int(math.Round(1 / (doc.Norm * doc.Norm)))}
				for _, v := range doc.Vectors {
					ap := 0
					if len(v.ArrayPositions) > 0 {
						ap = int(v.ArrayPositions[0])
					}
					if int(v.Start) >= stride {
						t.Fatalf("%s:%s: byte offset %d, stride %d", field, de.Term, v.Start, stride)
					}
					p.pos = append(p.pos, ap*stride+int(v.Start))
				}
				sort.Ints(p.pos)
				ps = append(ps, p)
			}
			tfr.Close()
			sort.Slice(ps, func(i, j int) bool { return ps[i].ord < ps[j].ord })
			out[field+"\x00"+de.Term] = ps
		}
		d.Close()
	}
	return out
}

func ordOf(ds *model.Dataset, code string) int {
	i := sort.Search(len(ds.Enterprises), func(i int) bool { return ds.Enterprises[i].Code >= code })
	if i == len(ds.Enterprises) || ds.Enterprises[i].Code != code {
		panic("unknown code " + code)
	}
	return i
}

// TestExportMatchesBleve checks the exported postings against one scorch
// index of all documents (Build indexes ranges in parallel):
// every term of every text field, with the same documents, frequencies,
// field lengths (bleve's norms) and positions.
func TestExportMatchesBleve(t *testing.T) {
	t.Run("small", func(t *testing.T) { exportMatchesBleve(t, smallDataset()) })
	// Enough documents for several ranges indexed in parallel and joined.
	t.Run("ranges", func(t *testing.T) {
		exportMatchesBleve(t, generate(document.RangeSize+document.RangeSize/2, 2*document.RangeSize))
	})
}

func exportMatchesBleve(t *testing.T, ds *model.Dataset) {
	var files memfiles.Files
	if _, err := Build(ds, &files); err != nil {
		t.Fatal(err)
	}
	x := decodeExport(t, files.Map())
	want := blevePostings(t, bleveIndex(t, ds), ds, x.meta.PosStride)
	if len(x.postings) != len(want) {
		t.Errorf("export has %d terms, bleve %d", len(x.postings), len(want))
	}
	bad := 0
	for key, ps := range want {
		got := x.postings[key]
		if x.df[key] != len(ps) || !reflect.DeepEqual(got, ps) {
			if bad++; bad <= 5 {
				t.Errorf("%q: df %d, postings %v; bleve %v", key, x.df[key], got, ps)
			}
		}
	}
}
