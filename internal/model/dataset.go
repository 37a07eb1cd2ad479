package model

import (
	"maps"
	"slices"
	"sort"
	"strings"
)

// NewDataset sorts the records newest first and groups them by credit code
// into enterprises. An enterprise shows the name and legal representative
// of its newest record (enterprises rename; the newest filing is the
// current one). The order is fully determined by the records, so the same
// input always gives the same dataset.
func NewDataset(ds []*Disclosure, cs []*Commitment) *Dataset {
	sortNewestFirst(ds, func(d *Disclosure) (Date, Source) { return d.CertIssued, d.Source })
	sortNewestFirst(cs, func(c *Commitment) (Date, Source) { return c.Date, c.Source })

	byCode := map[string]*Enterprise{}
	out := &Dataset{Disclosures: ds, Commitments: cs}
	get := func(code string) *Enterprise {
		e := byCode[code]
		if e == nil {
			e = &Enterprise{Code: code}
			byCode[code] = e
			out.Enterprises = append(out.Enterprises, e)
		}
		return e
	}
	for _, d := range ds {
		e := get(d.Code)
		e.Disclosures = append(e.Disclosures, d)
	}
	for _, c := range cs {
		e := get(c.Code)
		e.Commitments = append(e.Commitments, c)
	}
	for _, e := range out.Enterprises {
		// Each list is newest first, so the newest record is one of the heads.
		switch {
		case len(e.Commitments) == 0:
			e.Name, e.LegalRep = e.Disclosures[0].Name, e.Disclosures[0].LegalRep
		case len(e.Disclosures) == 0 || newer(e.Commitments[0].Date, e.Commitments[0].Source, e.Disclosures[0].CertIssued, e.Disclosures[0].Source):
			e.Name, e.LegalRep = e.Commitments[0].Name, e.Commitments[0].LegalRep
		default:
			e.Name, e.LegalRep = e.Disclosures[0].Name, e.Disclosures[0].LegalRep
		}
	}
	slices.SortFunc(out.Enterprises, func(a, b *Enterprise) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// sortNewestFirst sorts records as newer orders them, stably. Comparing
// file names hundreds of thousands of times dominated loading large data,
// so each record's date, file and line become integers first.
func sortNewestFirst[R any](recs []*R, key func(*R) (Date, Source)) {
	type sortKey struct {
		date, file, line, pos int
		rec                   *R
	}
	keys := make([]sortKey, len(recs))
	files := map[string]int{}
	for i, r := range recs {
		d, src := key(r)
		files[src.File] = 0
		keys[i] = sortKey{date: d.Year<<9 | int(d.Month)<<5 | d.Day, line: src.Line, pos: i, rec: r}
	}
	names := slices.Sorted(maps.Keys(files))
	for i, n := range names {
		files[n] = i
	}
	for i, r := range recs {
		_, src := key(r)
		keys[i].file = files[src.File]
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		switch {
		case a.date != b.date:
			return cmp(b.date, a.date)
		case a.file != b.file:
			return cmp(a.file, b.file)
		case a.line != b.line:
			return cmp(a.line, b.line)
		}
		return cmp(a.pos, b.pos)
	})
	for i, k := range keys {
		recs[i] = k.rec
	}
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
