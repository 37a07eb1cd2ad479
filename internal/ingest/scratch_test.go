package ingest

import (
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	r, err := Load("../../testdata/exports", Options{Units: map[string]string{"xiling": "西陵区"}})
	if err != nil {
		t.Fatal(err)
	}
	r.WriteReport(os.Stdout)
	for _, e := range r.Dataset.Enterprises[:3] {
		t.Logf("%+v", *e)
	}
	t.Logf("%+v", *r.Dataset.Disclosures[0])
	f, p, err := LoadFocus("../../testdata/exports")
	t.Log(f, p, err)
}
