package report

import (
	"cmp"
	"slices"
	"strconv"

	"creditsite/internal/model"
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

// Header texts and titles exactly as the notice's tables.
var (
	disclosureHeader = []string{"序号", "企业名称", "法定代表人", "统一社会信用代码", "企业资质证书名称", "发证机关", "资质证书编号",
		"资质等级", "发证时间", "证书有效期", "信用报告名称", "信用报告年度", "评定机构名称", "其他补充公示信息"}
	commitmentHeader = []string{"序号", "企业名称", "法定代表人", "统一社会信用代码", "信用承诺类型", "信用承诺事项", "做出信用承诺时间", "其他"}
)

const (
	disclosureTitle = "宜昌市企业补充公示信息填报表"
	commitmentTitle = "宜昌市企业信用承诺情况列表"
)

func disclosureTable(ds *model.Dataset) *table {
	recs := slices.Clone(ds.Disclosures)
	slices.SortStableFunc(recs, func(a, b *model.Disclosure) int { return bySource(a.Source, b.Source) })
	t := newTable("附件2", disclosureTitle, disclosureHeader,
		"备注：企业资质证书扫描件及电子版信用报告均以附件形式与填报表一并提供至国家公共信用信息中心")
	for _, d := range recs {
		t.add(d.Source, d.Name, d.LegalRep, d.Code, d.CertName, d.CertIssuer, d.CertNumber, d.CertGrade,
			d.CertIssued.String(), d.CertValidity, d.ReportName, d.ReportYear, d.ReportAgency, d.Other)
	}
	return t.finish()
}

func commitmentTable(ds *model.Dataset) *table {
	recs := slices.Clone(ds.Commitments)
	slices.SortStableFunc(recs, func(a, b *model.Commitment) int { return bySource(a.Source, b.Source) })
	t := newTable("附件3", commitmentTitle, commitmentHeader,
		"备注：信用承诺书扫描件以附件形式与统计表一并提供至国家公共信用信息中心")
	for _, c := range recs {
		t.add(c.Source, c.Name, c.LegalRep, c.Code, string(c.Type), c.Item, c.Date.String(), c.Other)
	}
	return t.finish()
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

func newTable(name, title string, header []string, note string) *table {
	return &table{name: name, title: title, header: header, note: note, byUnit: map[string][][]string{}}
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
