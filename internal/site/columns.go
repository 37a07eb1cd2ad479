package site

import "creditsite/internal/model"

// Columns says which optional columns of a table have a value in at least
// one row of the page: a column empty in every row is left out of the
// table rather than shown as a blank column (issue 19). Columns every row
// fills (企业名称, 统一社会信用代码, required fields, 报送单位) are always shown.
type Columns struct {
	Content  bool // disclosures: 资质证书 / 信用报告 (or 其他补充公示信息 when neither)
	Issued   bool // disclosures: 发证时间
	Validity bool // disclosures: 证书有效期
	LegalRep bool // enterprises: 法定代表人
	Other    bool // an enterprise's commitments: 其他
}

// DisclosureRow is what the cached disclosure-row partial gets as .Data:
// the record, with the columns of the table it lands in. Both are
// comparable, so a row is still rendered once per record and column set.
type DisclosureRow struct {
	*model.Disclosure
	Show Columns
}

// EnterpriseData is what enterprise.html gets: the enterprise, with the
// columns its commitments table shows.
type EnterpriseData struct {
	*model.Enterprise
	Show Columns
}

// some reports whether has is true for at least one row.
func some[T any](rows []T, has func(T) bool) bool {
	for _, r := range rows {
		if has(r) {
			return true
		}
	}
	return false
}

// hasContent reports whether a disclosure's 资质证书 / 信用报告 cell shows anything.
func hasContent(d *model.Disclosure) bool {
	return d.CertName != "" || d.CertGrade != "" || d.ReportName != "" || d.Other != ""
}

func disclosureColumns(ds []*model.Disclosure) Columns {
	return Columns{
		Content:  some(ds, hasContent),
		Issued:   some(ds, func(d *model.Disclosure) bool { return d.Issued() != "" }),
		Validity: some(ds, func(d *model.Disclosure) bool { return d.Validity() != "" }),
	}
}

// disclosureRows returns the columns of a page's disclosures table and its
// rows.
func disclosureRows(ds []*model.Disclosure) (Columns, []DisclosureRow) {
	show := disclosureColumns(ds)
	out := make([]DisclosureRow, len(ds))
	for i, d := range ds {
		out[i] = DisclosureRow{d, show}
	}
	return show, out
}

func enterpriseData(e *model.Enterprise) *EnterpriseData {
	return &EnterpriseData{e, Columns{Other: some(e.Commitments, func(c *model.Commitment) bool { return c.Other != "" })}}
}
