package gen

import (
	"encoding/csv"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"creditsite/internal/model"
	"creditsite/internal/schema"
)

// Write writes one CSV per unit and table under dataDir/disclosures and
// dataDir/commitments, shaped as counties send them (title row, 填报单位
// row, header, rows, 填报人/填报日期 footer; the title ends with
// schema.SampleMark), and sets each record's Source to where it was
// written.
func (d *Data) Write(dataDir string) error {
	for _, stem := range d.Stems() {
		err := writeTable(dataDir, schema.Disclosures, stem, d.Disclosures[stem],
			func(r *model.Disclosure) *model.Source { return &r.Source })
		if err == nil {
			err = writeTable(dataDir, schema.Commitments, stem, d.Commitments[stem],
				func(r *model.Commitment) *model.Source { return &r.Source })
		}
		if err != nil {
			return err
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

// writeTable writes the unit's export of table t, if it has records, in
// t.Folder under dataDir, and points each record's Source at its line.
func writeTable[R any](dataDir string, t *schema.Table[R], stem string, recs []*R, src func(*R) *model.Source) error {
	if len(recs) == 0 {
		return nil
	}
	unit := unitName(stem)
	rows := make([][]string, len(recs))
	for i, r := range recs {
		rows[i] = row(t, i, r)
		// Lines 1–3 are the title, 填报单位 and the header.
		*src(r) = model.Source{File: path.Join("data", t.Folder, stem+".csv"), Line: i + 4, Unit: unit}
	}
	return writeCSV(filepath.Join(dataDir, t.Folder, stem+".csv"), t.Title+schema.SampleMark, unit, t.Names(), rows)
}

// row returns the cells of record r, the i-th of its file, in the
// notice's column order.
func row[R any](t *schema.Table[R], i int, r *R) []string {
	out := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		switch {
		case c.Kind == schema.Serial:
			out[j] = fmt.Sprint(i + 1)
		case c.Get == nil: // personal contact data: gen writes no such column
		case c.Kind == schema.Date:
			out[j] = dateText(i, c.Get(r))
		default:
			out[j] = c.Get(r)
		}
	}
	return out
}

// dateText respells a published date (YYYY-MM-DD) the ways Excel users
// type it, varied by row, so that ingest's date reading gets exercised.
// Anything else (no date, a month, text as written) stays as it is.
func dateText(i int, s string) string {
	d, err := schema.ParseDate(s)
	if err != nil || d.IsZero() || d.MonthOnly() {
		return s
	}
	switch i % 3 {
	case 1:
		return fmt.Sprintf("%d/%d/%d", d.Year, int(d.Month), d.Day)
	case 2:
		return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
	}
	return s
}

// writeCSV writes one export as counties send it.
func writeCSV(file, title, unit string, header []string, rows [][]string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.UseCRLF = true
	pad := func(first string) []string {
		cells := make([]string, len(header))
		cells[0] = first
		return cells
	}
	w.Write(pad(title))
	w.Write(pad("填报单位：" + unit))
	w.Write(header)
	w.WriteAll(rows)
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
