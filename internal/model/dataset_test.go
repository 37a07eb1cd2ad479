package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"
)

// referenceDataset is the plain statement of NewDataset's contract: a
// stable sort by newer, and each enterprise named by its newest record,
// disclosures winning ties.
func referenceDataset(ds []*Disclosure, cs []*Commitment) *Dataset {
	ds, cs = slices.Clone(ds), slices.Clone(cs)
	sort.SliceStable(ds, func(i, j int) bool { return newer(ds[i].CertIssued, ds[i].Source, ds[j].CertIssued, ds[j].Source) })
	sort.SliceStable(cs, func(i, j int) bool { return newer(cs[i].Date, cs[i].Source, cs[j].Date, cs[j].Source) })
	byCode := map[string]*Enterprise{}
	type rec struct {
		d   Date
		src Source
	}
	newest := map[string]rec{}
	add := func(code, name, rep string, d Date, src Source) *Enterprise {
		e := byCode[code]
		if e == nil {
			e = &Enterprise{Code: code}
			byCode[code] = e
		}
		if r, ok := newest[code]; !ok || newer(d, src, r.d, r.src) {
			newest[code] = rec{d, src}
			e.Name, e.LegalRep = name, rep
		}
		return e
	}
	for _, d := range ds {
		e := add(d.Code, d.Name, d.LegalRep, d.CertIssued, d.Source)
		e.Disclosures = append(e.Disclosures, d)
	}
	for _, c := range cs {
		e := add(c.Code, c.Name, c.LegalRep, c.Date, c.Source)
		e.Commitments = append(e.Commitments, c)
	}
	out := &Dataset{Disclosures: ds, Commitments: cs}
	for _, e := range byCode {
		out.Enterprises = append(out.Enterprises, e)
	}
	sort.Slice(out.Enterprises, func(i, j int) bool { return out.Enterprises[i].Code < out.Enterprises[j].Code })
	return out
}

// TestNewDatasetOrder checks NewDataset against the reference on records
// with many equal dates, files and lines, missing and month-only dates and
// missing sources.
func TestNewDatasetOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	date := func() Date {
		switch r.IntN(10) {
		case 0:
			return Date{}
		case 1:
			d, _ := NewMonth(2024+r.IntN(3), time.Month(1+r.IntN(12)))
			return d
		}
		d, _ := NewDate(2024+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		return d
	}
	src := func() Source {
		if r.IntN(10) == 0 {
			return Source{}
		}
		return Source{File: fmt.Sprintf("data/x/%c.csv", 'a'+r.IntN(4)), Line: r.IntN(50)}
	}
	for round := range 20 {
		var ds []*Disclosure
		var cs []*Commitment
		for i := range 300 {
			code := fmt.Sprint("C", r.IntN(60))
			name := fmt.Sprint("N", round, "-", i)
			if r.IntN(3) == 0 {
				ds = append(ds, &Disclosure{Code: code, Name: name, LegalRep: name, CertIssued: date(), Source: src()})
			} else {
				cs = append(cs, &Commitment{Code: code, Name: name, LegalRep: name, Date: date(), Source: src()})
			}
		}
		want := referenceDataset(ds, cs)
		got := NewDataset(ds, cs)
		if !slices.Equal(got.Disclosures, want.Disclosures) || !slices.Equal(got.Commitments, want.Commitments) {
			t.Fatalf("round %d: records in a different order", round)
		}
		if len(got.Enterprises) != len(want.Enterprises) {
			t.Fatalf("round %d: %d enterprises, want %d", round, len(got.Enterprises), len(want.Enterprises))
		}
		for i, e := range got.Enterprises {
			w := want.Enterprises[i]
			if e.Code != w.Code || e.Name != w.Name || e.LegalRep != w.LegalRep ||
				!slices.Equal(e.Disclosures, w.Disclosures) || !slices.Equal(e.Commitments, w.Commitments) {
				t.Fatalf("round %d: enterprise %s differs: %s, want %s", round, e.Code, e.Name, w.Name)
			}
		}
	}
}

func BenchmarkNewDataset(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	cs := make([]*Commitment, 500000)
	for i := range cs {
		d, _ := NewDate(2024+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		cs[i] = &Commitment{Code: fmt.Sprint(r.IntN(100000)), Date: d, Source: Source{File: fmt.Sprintf("data/commitments/unit%02d.csv", i%14), Line: i}}
	}
	b.ReportAllocs()
	for b.Loop() {
		NewDataset(nil, slices.Clone(cs))
	}
}
