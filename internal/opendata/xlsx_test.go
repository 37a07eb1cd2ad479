package opendata

import (
	"archive/zip"
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/model"
	"creditsite/internal/uscc"
)

// digitCode is a valid credit code whose organisation part is all digits.
var digitCode = uscc.Complete("9142050059081905")

// digitsDataset holds what a CSV opened in Excel gets wrong: an all-digit
// credit code (shown as 9.14206E+17, digits 16–18 zeroed), certificate
// numbers with leading zeros and in scientific-looking form, a year, and
// line breaks typed in a cell.
func digitsDataset(t *testing.T) *model.Dataset {
	if len(digitCode) != 18 || strings.ContainsFunc(digitCode, func(r rune) bool { return r < '0' || r > '9' }) {
		t.Fatalf("%s is no all-digit code", digitCode)
	}
	digits := digitCode
	ds := dataset()
	ds.Disclosures = append(ds.Disclosures,
		&model.Disclosure{Name: "数字代码公司", Code: digits, CertName: "安全生产许可证", CertNumber: "0042050012345678",
			CertIssued: date(2018, 7, 1), CertValidity: "2018-07-01至2021-06-30", ReportYear: "2018",
			Other: "第一行\n第二行", Source: model.Source{Unit: "西陵区"}},
		&model.Disclosure{Name: "科学计数公司", Code: "91420500MA0000000Q", CertNumber: "1E5", ReportYear: "00123"})
	ds.Commitments = append(ds.Commitments, &model.Commitment{Name: "数字代码公司", Code: digits,
		Type: model.Voluntary, Item: "依法诚信经营\n按时纳税", Date: date(2019, 3, 5), Other: "0042"})
	return ds
}

func TestXLSXRoundTrip(t *testing.T) {
	ds := digitsDataset(t)
	dx, err := DisclosuresXLSX(ds)
	if err != nil {
		t.Fatal(err)
	}
	gotD, err := ParseDisclosuresXLSX(dx)
	if err != nil {
		t.Fatal(err)
	}
	if len(gotD) != len(ds.Disclosures) {
		t.Fatalf("%d disclosures, want %d", len(gotD), len(ds.Disclosures))
	}
	for i := range gotD {
		sameDisclosure(t, i, gotD[i], ds.Disclosures[i])
	}
	cx, err := CommitmentsXLSX(ds)
	if err != nil {
		t.Fatal(err)
	}
	gotC, err := ParseCommitmentsXLSX(cx)
	if err != nil {
		t.Fatal(err)
	}
	if len(gotC) != len(ds.Commitments) {
		t.Fatalf("%d commitments, want %d", len(gotC), len(ds.Commitments))
	}
	for i := range gotC {
		sameCommitment(t, i, gotC[i], ds.Commitments[i])
	}
}

// sheetCell is one cell of a workbook as Excel sees it.
type sheetCell struct {
	raw    string // the stored value: text, or a date's serial number
	typ    excelize.CellType
	numFmt string // "@", "yyyy-mm-dd", …; "" for General
}

// readCells returns the cells of the workbook's only sheet, by column
// header, one map per data row, and the sheet's name.
func readCells(t *testing.T, b []byte) (string, []map[string]sheetCell, *excelize.File) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	sheets := f.GetSheetList()
	if len(sheets) != 1 {
		t.Fatalf("sheets %v, want one", sheets)
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]sheetCell
	for r := 2; r <= len(rows); r++ {
		m := map[string]sheetCell{}
		for c, head := range rows[0] {
			ref, _ := excelize.CoordinatesToCellName(c+1, r)
			raw, _ := f.GetCellValue(sheets[0], ref, excelize.Options{RawCellValue: true})
			typ, _ := f.GetCellType(sheets[0], ref)
			m[head] = sheetCell{raw: raw, typ: typ, numFmt: numFmt(t, f, sheets[0], ref)}
		}
		out = append(out, m)
	}
	return sheets[0], out, f
}

// numFmt returns the number format code of a cell's style.
func numFmt(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case st.CustomNumFmt != nil:
		return *st.CustomNumFmt
	case st.NumFmt == 49:
		return "@"
	case st.NumFmt == 0:
		return ""
	}
	return "builtin " + strconv.Itoa(st.NumFmt)
}

func isText(c sheetCell) bool {
	return c.typ == excelize.CellTypeInlineString || c.typ == excelize.CellTypeSharedString
}

// TestXLSXCells reads the workbooks back cell by cell: every code and
// certificate number byte-identical to the source as a text cell
// formatted "@", every date a number cell formatted yyyy-mm-dd (yyyy-mm
// for a month), a 发证时间 that is no date as text.
func TestXLSXCells(t *testing.T) {
	ds := digitsDataset(t)
	dx, err := DisclosuresXLSX(ds)
	if err != nil {
		t.Fatal(err)
	}
	sheet, rows, _ := readCells(t, dx)
	if sheet != "企业亮信用" {
		t.Errorf("sheet %q", sheet)
	}
	if len(rows) != len(ds.Disclosures) {
		t.Fatalf("%d rows, want %d", len(rows), len(ds.Disclosures))
	}
	for i, d := range ds.Disclosures {
		row := rows[i]
		for head, want := range map[string]string{"统一社会信用代码": d.Code, "资质证书编号": d.CertNumber, "信用报告年度": d.ReportYear} {
			c := row[head]
			if want == "" {
				continue
			}
			if c.raw != want || !isText(c) || c.numFmt != "@" {
				t.Errorf("row %d %s: %+v, want text %q formatted @", i+2, head, c, want)
			}
		}
		issued := row["发证时间"]
		switch {
		case !d.CertIssued.IsZero():
			want := "yyyy-mm-dd"
			if d.CertIssued.MonthOnly() {
				want = "yyyy-mm"
			}
			if isText(issued) || issued.numFmt != want {
				t.Errorf("row %d 发证时间: %+v, want a date cell formatted %s", i+2, issued, want)
			}
			if got, err := excelize.ExcelDateToTime(atof(t, issued.raw), false); err != nil || !got.Equal(d.CertIssued.Time()) {
				t.Errorf("row %d 发证时间 serial %s is %v, want %v", i+2, issued.raw, got, d.CertIssued.Time())
			}
		case d.CertIssuedAs != "":
			if issued.raw != d.CertIssuedAs || !isText(issued) {
				t.Errorf("row %d 发证时间: %+v, want text %q", i+2, issued, d.CertIssuedAs)
			}
		}
		if d.Other != "" && (row["其他补充公示信息"].raw != d.Other || !isText(row["其他补充公示信息"])) {
			t.Errorf("row %d 其他补充公示信息: %+v, want text %q", i+2, row["其他补充公示信息"], d.Other)
		}
	}
	// The cells that motivated the workbook, found by value.
	found := 0
	for _, row := range rows {
		if c := row["资质证书编号"]; c.raw == "0042050012345678" && isText(c) {
			found++
		}
		if c := row["统一社会信用代码"]; c.raw == digitCode && isText(c) {
			found++
		}
	}
	if found != 2 {
		t.Errorf("found %d of the all-digit code and the 0042… number as text", found)
	}
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is no number: %v", s, err)
	}
	return f
}

// TestXLSXLayout checks what a reader sees on opening: the header row
// frozen, every column sized to its content, the commitments' sheet named
// in Chinese, and the same bytes for the same data.
func TestXLSXLayout(t *testing.T) {
	ds := digitsDataset(t)
	cx, err := CommitmentsXLSX(ds)
	if err != nil {
		t.Fatal(err)
	}
	sheet, rows, f := readCells(t, cx)
	if sheet != "信用承诺" || len(rows) != len(ds.Commitments) {
		t.Fatalf("sheet %q with %d rows", sheet, len(rows))
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v (%v), want the header row frozen", panes, err)
	}
	widths := map[string]float64{}
	for i, c := range commitmentColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w, err := f.GetColWidth(sheet, col)
		if err != nil {
			t.Fatal(err)
		}
		widths[c.Name] = w
	}
	// 企业名称 fits its longest value; 信用承诺事项 its longest line;
	// 做出信用承诺时间 (a date) at least 2018-07-01.
	longestName := 0
	for _, c := range ds.Commitments {
		longestName = max(longestName, textWidth(c.Name))
	}
	if w := widths["企业名称"]; w < float64(longestName) || w > maxWidth {
		t.Errorf("企业名称 width %v, want ≥ %d and ≤ %d", w, longestName, maxWidth)
	}
	if w := widths["做出信用承诺时间"]; w < dateWidth {
		t.Errorf("date column width %v", w)
	}
	if w := widths["信用承诺事项"]; w > maxTextWidth {
		t.Errorf("信用承诺事项 width %v, want wrapped at %d", w, maxTextWidth)
	}
	again, _ := CommitmentsXLSX(digitsDataset(t))
	if !bytes.Equal(cx, again) {
		t.Error("two workbooks of the same data differ")
	}
	// Nothing in the package depends on when it was written: two builds
	// a second apart must agree too.
	zr, err := zip.NewReader(bytes.NewReader(cx), int64(len(cx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.ModifiedDate != 0 || f.ModifiedTime != 0 {
			t.Errorf("%s stamped %v", f.Name, f.Modified)
		}
	}
	ds.Commitments[0].Item += "。"
	changed, _ := CommitmentsXLSX(ds)
	if bytes.Equal(cx, changed) {
		t.Error("a changed record gives the same workbook")
	}
	props, err := f.GetDocProps()
	if err != nil || props.Created != fixedTime || props.Modified != fixedTime {
		t.Errorf("doc properties %+v (%v), want the fixed time", props, err)
	}
}

func TestXLSXTooLong(t *testing.T) {
	ds := model.NewDataset(nil, []*model.Commitment{{Name: "长", Code: "X", Type: model.Voluntary,
		Item: strings.Repeat("x", ExcelCellChars+1)}})
	_, err := CommitmentsXLSX(ds)
	if err == nil || !strings.Contains(err.Error(), "第 1 条的“信用承诺事项”") {
		t.Errorf("over-long cell: %v", err)
	}
	ds.Commitments[0].Item = strings.Repeat("x", ExcelCellChars)
	b, err := CommitmentsXLSX(ds)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseCommitmentsXLSX(b)
	if err != nil || got[0].Item != ds.Commitments[0].Item {
		t.Errorf("a cell at the limit did not come back whole (%v)", err)
	}
}

// BenchmarkCommitmentsXLSX writes a workbook of 20,000 commitments, about
// a year of a city's records.
func BenchmarkCommitmentsXLSX(b *testing.B) {
	var cs []*model.Commitment
	for i := range 20000 {
		cs = append(cs, &model.Commitment{Name: "宜昌示范建设工程有限公司" + strconv.Itoa(i), LegalRep: "张三", Code: digitCode,
			Type: model.Voluntary, Item: "本企业承诺依法诚信经营，自觉接受政府、行业组织、社会公众、新闻舆论的监督。\n如违背承诺，愿意承担相应的法律责任。",
			Date: date(2018, 7, 1+i%28), Source: model.Source{Unit: "西陵区"}})
	}
	ds := model.NewDataset(nil, cs)
	var size int
	for b.Loop() {
		x, err := CommitmentsXLSX(ds)
		if err != nil {
			b.Fatal(err)
		}
		size = len(x)
	}
	b.ReportMetric(float64(size), "bytes")
}
