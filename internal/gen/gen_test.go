package gen

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"creditsite/internal/schema"
	"creditsite/internal/uscc"
)

func TestGenerateIsDeterministicAndValid(t *testing.T) {
	a := Generate(Options{Enterprises: 150, Commitments: 2000, Seed: 7})
	b := Generate(Options{Enterprises: 150, Commitments: 2000, Seed: 7})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same options gave different data")
	}
	ds := a.Dataset()
	if len(ds.Disclosures) != 150 || len(ds.Commitments) != 2000 {
		t.Fatalf("got %d disclosures, %d commitments", len(ds.Disclosures), len(ds.Commitments))
	}
	types := map[string]int{}
	for _, c := range ds.Commitments {
		types[string(c.Type)]++
	}
	if len(types) != 4 {
		t.Errorf("commitment types: %v, want all four", types)
	}
	names := map[string]string{}
	for _, e := range ds.Enterprises {
		if err := uscc.Validate(e.Code); err != nil {
			t.Errorf("invalid code: %v", err)
		}
		if other, dup := names[e.Name]; dup {
			t.Errorf("name %s used by %s and %s", e.Name, other, e.Code)
		}
		names[e.Name] = e.Code
	}
	if units := ds.Units(); len(units) != 0 {
		t.Errorf("units before Write: %v", units)
	}
}

func TestWriteSetsSources(t *testing.T) {
	d := Generate(Options{Enterprises: 20, Commitments: 100, Seed: 1})
	if err := d.Write(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	ds := d.Dataset()
	if got := len(ds.Units()); got < 5 {
		t.Errorf("only %d units", got)
	}
	for _, c := range ds.Commitments {
		if c.Source.File == "" || c.Source.Line < 4 || c.Source.Unit == "" {
			t.Fatalf("source not set: %+v", c.Source)
		}
	}
}

// TestWriteShapesExports checks an export's title, header and the varied
// date spellings of consecutive rows.
func TestWriteShapesExports(t *testing.T) {
	d := Generate(Options{Commitments: 300, Seed: 3})
	dir := t.TempDir()
	if err := d.Write(dir); err != nil {
		t.Fatal(err)
	}
	stem := d.Stems()[0]
	f, err := os.Open(filepath.Join(dir, schema.Commitments.Folder, stem+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != schema.Commitments.Title+schema.SampleMark || !slices.Equal(rows[2], schema.Commitments.Names()) {
		t.Errorf("title %q, header %q", rows[0][0], rows[2])
	}
	date := slices.Index(schema.Commitments.Names(), "做出信用承诺时间")
	recs := d.Commitments[stem]
	for i, sep := range []string{"-", "/", "年"} {
		if got := rows[3+i][date]; !strings.Contains(got, sep) || rows[3+i][0] != strconv.Itoa(i+1) {
			t.Errorf("row %d: 序号 %q, date %q (%s), want spelled with %q", i+1, rows[3+i][0], got, recs[i].Date, sep)
		}
	}
}
