package ingest

import (
	"hash/maphash"

	"creditsite/internal/model"
)

// dedupe drops rows that repeat an earlier row in every field but 序号,
// position (the same row sent twice, or by two units) and how a date was
// typed (2018年12月17日 and 2018-12-17 say the same), keeping the first.
func (l *loader) dedupe() {
	l.ds = dedupe(l, l.ds, func(d *model.Disclosure) (model.Disclosure, model.Source) {
		k := *d
		k.Seq, k.Source, k.CertIssuedTyped = "", model.Source{}, ""
		return k, d.Source
	})
	l.cs = dedupe(l, l.cs, func(c *model.Commitment) (model.Commitment, model.Source) {
		k := *c
		k.Seq, k.Source, k.DateTyped = "", model.Source{}, ""
		return k, c.Source
	})
}

// dedupe keeps the first of equal records. It indexes records by a 64-bit
// hash of their key rather than the key itself to keep the index small
// for large folders; equal hashes are confirmed by comparing keys.
func dedupe[R any, K comparable](l *loader, recs []*R, key func(*R) (K, model.Source)) []*R {
	seed := maphash.MakeSeed()
	first := make(map[uint64]*R, len(recs))
	kept := recs[:0]
	for _, r := range recs {
		k, src := key(r)
		h := maphash.Comparable(seed, k)
		if f, ok := first[h]; ok {
			if fk, fsrc := key(f); fk == k {
				first := Problem{File: fsrc.File, Sheet: fsrc.Sheet, Line: fsrc.Line}
				l.addAt(src, Warning, "与 %s 的记录完全相同（序号除外），只发布一次", first.Where())
				l.pairRows(src, fsrc)
				l.res.Skipped++
				continue
			}
		} else {
			first[h] = r
		}
		kept = append(kept, r)
	}
	clear(recs[len(kept):]) // let dropped records be collected
	return kept
}

// reportNameConflicts warns about records whose 企业名称 differs from the
// name model.NewDataset chose for their credit code (the newest record's).
func (l *loader) reportNameConflicts(ds *model.Dataset) {
	for _, e := range ds.Enterprises {
		newest := namedBy(e)
		warn := func(name string, src model.Source) {
			if name != e.Name {
				l.addAt(src, Warning, "企业名称“%s”与统一社会信用代码 %s 最新一条记录中的“%s”不一致，网站显示为“%s”",
					name, e.Code, e.Name, e.Name)
				l.pairRows(src, newest)
			}
		}
		for _, d := range e.Disclosures {
			warn(d.Name, d.Source)
		}
		for _, c := range e.Commitments {
			warn(c.Name, c.Source)
		}
	}
}

// namedBy is the source of the record whose name e shows: the head (the
// newest) of its commitments or of its disclosures.
func namedBy(e *model.Enterprise) model.Source {
	if len(e.Commitments) > 0 && e.Commitments[0].Name == e.Name {
		return e.Commitments[0].Source
	}
	if len(e.Disclosures) > 0 {
		return e.Disclosures[0].Source
	}
	return model.Source{}
}

// pairRows names the rows of the problem just added, the row at src and
// the other row it is about, for addContext to read as written.
func (l *loader) pairRows(src, other model.Source) {
	p := &l.res.Problems[len(l.res.Problems)-1]
	p.Row = &RawRow{At: place(src)}
	p.Other = &RawRow{At: place(other)}
}
