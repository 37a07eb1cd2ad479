package model

import (
	"sort"
	"strings"
)

// NewDataset sorts the records newest first and groups them by credit code
// into enterprises. An enterprise shows the name and legal representative
// of its newest record (enterprises rename; the newest filing is the
// current one). The order is fully determined by the records, so the same
// input always gives the same dataset.
func NewDataset(ds []*Disclosure, cs []*Commitment) *Dataset {
	sort.SliceStable(ds, func(i, j int) bool { return newer(ds[i].CertIssued, ds[i].Source, ds[j].CertIssued, ds[j].Source) })
	sort.SliceStable(cs, func(i, j int) bool { return newer(cs[i].Date, cs[i].Source, cs[j].Date, cs[j].Source) })

	byCode := map[string]*Enterprise{}
	newest := map[string]record{}
	get := func(code string) *Enterprise {
		e := byCode[code]
		if e == nil {
			e = &Enterprise{Code: code}
			byCode[code] = e
		}
		return e
	}
	consider := func(code, name, rep string, date Date, src Source) {
		r, ok := newest[code]
		if !ok || newer(date, src, r.date, r.src) {
			newest[code] = record{name, rep, date, src}
		}
	}
	for _, d := range ds {
		e := get(d.Code)
		e.Disclosures = append(e.Disclosures, d)
		consider(d.Code, d.Name, d.LegalRep, d.CertIssued, d.Source)
	}
	for _, c := range cs {
		e := get(c.Code)
		e.Commitments = append(e.Commitments, c)
		consider(c.Code, c.Name, c.LegalRep, c.Date, c.Source)
	}
	out := &Dataset{Disclosures: ds, Commitments: cs}
	for code, e := range byCode {
		e.Name, e.LegalRep = newest[code].name, newest[code].rep
		out.Enterprises = append(out.Enterprises, e)
	}
	sort.Slice(out.Enterprises, func(i, j int) bool { return out.Enterprises[i].Code < out.Enterprises[j].Code })
	return out
}

type record struct {
	name, rep string
	date      Date
	src       Source
}

// newer orders records newest first; records of the same date keep file
// and line order so that output is deterministic.
func newer(d1 Date, s1 Source, d2 Date, s2 Source) bool {
	if c := d1.Compare(d2); c != 0 {
		return c > 0
	}
	if c := strings.Compare(s1.File, s2.File); c != 0 {
		return c < 0
	}
	return s1.Line < s2.Line
}

// Enterprise returns the enterprise with the given code, or nil.
func (d *Dataset) Enterprise(code string) *Enterprise {
	i := sort.Search(len(d.Enterprises), func(i int) bool { return d.Enterprises[i].Code >= code })
	if i < len(d.Enterprises) && d.Enterprises[i].Code == code {
		return d.Enterprises[i]
	}
	return nil
}

// Units lists every 报送单位 that sent at least one record, sorted.
func (d *Dataset) Units() []string {
	seen := map[string]bool{}
	for _, r := range d.Disclosures {
		seen[r.Source.Unit] = true
	}
	for _, r := range d.Commitments {
		seen[r.Source.Unit] = true
	}
	delete(seen, "")
	out := make([]string, 0, len(seen))
	for u := range seen {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}
