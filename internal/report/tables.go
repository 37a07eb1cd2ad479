package report

import (
	"cmp"
	"slices"
	"strconv"

	"creditsite/internal/model"
	"creditsite/internal/schema"
	"creditsite/internal/stats"
)

// table is one of the notice's two upward tables, with its rows split by
// 报送单位.
type table struct {
	name    string // 附件2 or 附件3
	title   string // the title row of the notice's table
	header  []string
	note    string // the 备注 under the notice's table
	total   [][]string
	byUnit  map[string][][]string
	units   []string // sorted
	records int
}

func disclosureTable(ds *model.Dataset) *table {
	return tableOf(schema.Disclosures, ds.Disclosures, func(d *model.Disclosure) model.Source { return d.Source })
}

func commitmentTable(ds *model.Dataset) *table {
	return tableOf(schema.Commitments, ds.Commitments, func(c *model.Commitment) model.Source { return c.Source })
}

// tableOf lays the records out as the notice's table t: its title,
// header and 备注, and each record's published values in the order staff
// entered them. The notice's tables start with 序号, which the report
// numbers itself (add), so the values follow it.
func tableOf[R any](t *schema.Table[R], records []*R, src func(*R) model.Source) *table {
	recs := slices.Clone(records)
	slices.SortStableFunc(recs, func(a, b *R) int { return bySource(src(a), src(b)) })
	out := &table{name: t.ID, title: t.Title, header: t.Names(), note: t.Note, byUnit: map[string][][]string{}}
	for _, r := range recs {
		out.add(src(r), t.Values(r)...)
	}
	return out.finish()
}

// bySource keeps the order staff entered the records in: unit, file, line.
func bySource(a, b model.Source) int {
	return cmp.Or(cmp.Compare(unitName(a.Unit), unitName(b.Unit)), cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
}

func unitName(u string) string {
	if u == "" {
		return stats.NoUnit
	}
	return u
}

// add appends a record to the total and to its unit, each numbered 1..n.
func (t *table) add(src model.Source, cells ...string) {
	u := unitName(src.Unit)
	t.records++
	t.total = append(t.total, append([]string{strconv.Itoa(len(t.total) + 1)}, cells...))
	t.byUnit[u] = append(t.byUnit[u], append([]string{strconv.Itoa(len(t.byUnit[u]) + 1)}, cells...))
}

func (t *table) finish() *table {
	for u := range t.byUnit {
		t.units = append(t.units, u)
	}
	slices.Sort(t.units)
	return t
}
