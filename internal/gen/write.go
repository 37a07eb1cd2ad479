package gen

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"

	"creditsite/internal/model"
)

// Headers of the two tables, as in the notice.
var (
	DisclosureHeader = []string{"序号", "企业名称", "法定代表人", "统一社会信用代码", "企业资质证书名称", "发证机关", "资质证书编号", "资质等级", "发证时间", "证书有效期", "信用报告名称", "信用报告年度", "评定机构名称", "其他补充公示信息"}
	CommitmentHeader = []string{"序号", "企业名称", "法定代表人", "统一社会信用代码", "信用承诺类型", "信用承诺事项", "做出信用承诺时间", "其他"}
)

// Write writes one CSV per unit and table under dataDir/disclosures and
// dataDir/commitments, shaped as counties send them (title row, 填报单位
// row, header, rows, 填报人/填报日期 footer), and sets each record's
// Source to where it was written.
func (d *Data) Write(dataDir string) error {
	for _, stem := range d.Stems() {
		unit := unitName(stem)
		if recs := d.Disclosures[stem]; len(recs) > 0 {
			rows := make([][]string, len(recs))
			for i, r := range recs {
				rows[i] = disclosureRow(i, r)
			}
			if err := writeTable(dataDir, "disclosures", stem, "宜昌市企业补充公示信息填报表", unit, DisclosureHeader, rows, func(i, line int) {
				recs[i].Source = model.Source{File: "data/disclosures/" + stem + ".csv", Line: line, Unit: unit}
			}); err != nil {
				return err
			}
		}
		if recs := d.Commitments[stem]; len(recs) > 0 {
			rows := make([][]string, len(recs))
			for i, r := range recs {
				rows[i] = commitmentRow(i, r)
			}
			if err := writeTable(dataDir, "commitments", stem, "宜昌市企业信用承诺情况列表", unit, CommitmentHeader, rows, func(i, line int) {
				recs[i].Source = model.Source{File: "data/commitments/" + stem + ".csv", Line: line, Unit: unit}
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

func unitName(stem string) string {
	for _, u := range Units {
		if u.Stem == stem {
			return u.Name
		}
	}
	return stem
}

// dateText writes dates the ways Excel users do, varied by row.
func dateText(i int, d model.Date) string {
	switch i % 3 {
	case 1:
		return fmt.Sprintf("%d/%d/%d", d.Year, int(d.Month), d.Day)
	case 2:
		return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
	}
	return d.String()
}

func disclosureRow(i int, r *model.Disclosure) []string {
	return []string{fmt.Sprint(i + 1), r.Name, r.LegalRep, r.Code, r.CertName, r.CertIssuer, r.CertNumber, r.CertGrade,
		dateText(i, r.CertIssued), r.CertValidity, r.ReportName, r.ReportYear, r.ReportAgency, r.Other}
}

func commitmentRow(i int, r *model.Commitment) []string {
	return []string{fmt.Sprint(i + 1), r.Name, r.LegalRep, r.Code, string(r.Type), r.Item, dateText(i, r.Date), r.Other}
}

// writeTable writes one export; at(i, line) learns the line of row i.
func writeTable(dataDir, table, stem, title, unit string, header []string, rows [][]string, at func(i, line int)) error {
	dir := filepath.Join(dataDir, table)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, stem+".csv"))
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.UseCRLF = true
	pad := func(first string) []string {
		row := make([]string, len(header))
		row[0] = first
		return row
	}
	w.Write(pad(title))
	w.Write(pad("填报单位：" + unit))
	w.Write(header)
	for i, row := range rows {
		at(i, i+4)
		w.Write(row)
	}
	w.Write(pad("填报人：" + unit + "信用办"))
	w.Write(pad("填报日期：2026年11月1日"))
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Dataset returns the generated records as a dataset, as ingest would
// read them back from the written files.
func (d *Data) Dataset() *model.Dataset {
	var ds []*model.Disclosure
	var cs []*model.Commitment
	for _, stem := range d.Stems() {
		ds = append(ds, d.Disclosures[stem]...)
		cs = append(cs, d.Commitments[stem]...)
	}
	return model.NewDataset(ds, cs)
}
