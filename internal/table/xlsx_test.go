package table

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

var updateXLSX = flag.Bool("update-xlsx", false, "rewrite testdata/xlsx/shaped.xlsx")

// xlKindMark shows a cell's kind in dumps; text has none.
var xlKindMark = map[CellKind]string{Number: "{N}", Date: "{D}", Bool: "{B}", FormulaError: "{E}"}

func xlShowRow(line int, hidden bool, cells []string, kinds []CellKind) string {
	s := fmt.Sprintf("%02d", line)
	if hidden {
		s += "h"
	}
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = c + xlKindMark[kinds[i]]
	}
	return s + ":" + strings.Join(parts, "|")
}

// xlDump reads every record of a worksheet straight from its source, without
// the Reader's header and footer logic: "05:a|1{N}" per row, "05h:" for a
// hidden one, "05!message" for a *RowError.
func xlDump(t testing.TB, w *Workbook, sheet string) []string {
	t.Helper()
	r, err := w.Reader(sheet)
	if err != nil {
		t.Fatalf("Reader(%q): %v", sheet, err)
	}
	var out []string
	for {
		rec, kinds, line, hidden, err := r.src.next()
		var re *RowError
		switch {
		case err == io.EOF:
			return out
		case errors.As(err, &re):
			out = append(out, fmt.Sprintf("%02d!%s", re.Line, re.Msg))
			continue
		case err != nil:
			t.Fatalf("next: %v", err)
		}
		if len(rec) != len(kinds) {
			t.Fatalf("row %d: %d cells, %d kinds", line, len(rec), len(kinds))
		}
		out = append(out, xlShowRow(line, hidden, rec, kinds))
	}
}

// xlReadSheet reads a worksheet through the Reader as ingest does.
func xlReadSheet(t testing.TB, w *Workbook, sheet string) (header []string, hline int, unit string, rows []string) {
	t.Helper()
	r, err := w.Reader(sheet)
	if err != nil {
		t.Fatal(err)
	}
	header, hline, err = r.Header("企业名称", "统一社会信用代码")
	if err != nil {
		t.Fatalf("Header: %v", err)
	}
	for {
		row, err := r.Next()
		if err == io.EOF {
			return header, hline, r.Unit(), rows
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		rows = append(rows, xlShowRow(row.Line, row.Hidden, row.Cells, row.Kinds))
	}
}

func xlMust(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func xlOpenBytes(t testing.TB, b []byte) *Workbook {
	t.Helper()
	w, err := NewWorkbook(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("NewWorkbook: %v", err)
	}
	return w
}

// xlOpenFile opens the workbook file at name as ingest does (NewWorkbook
// on the open file), closing the file when the test ends.
func xlOpenFile(tb testing.TB, name string) (*Workbook, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	tb.Cleanup(func() { f.Close() })
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return NewWorkbook(f, fi.Size())
}

func xlSave(t testing.TB, f *excelize.File, opts ...excelize.Options) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "book.xlsx")
	xlMust(t, f.SaveAs(p, opts...))
	xlMust(t, f.Close())
	return p
}

func xlStyle(t testing.TB, f *excelize.File, s *excelize.Style) int {
	t.Helper()
	id, err := f.NewStyle(s)
	xlMust(t, err)
	return id
}

// xlShapedBook builds a workbook laid out as clerks' lists are: a merged
// title, a 填报单位 line, a header with a line break, one enterprise's
// name, code and representative merged over the rows of its three
// certificates, dates in several formats, a code that Excel stored as a
// number, rich text, a hidden row, a footer, and a hidden second sheet.
// testdata/xlsx/shaped.xlsx was written by it (go test -run TestFixture
// -update-xlsx).
func xlShapedBook(t testing.TB) *excelize.File {
	f := excelize.NewFile()
	const s = "附件2"
	xlMust(t, f.SetSheetName("Sheet1", s))
	dateID := xlStyle(t, f, &excelize.Style{NumFmt: 14})
	yearMonthDay := `yyyy"年"m"月"d"日"`
	cjkID := xlStyle(t, f, &excelize.Style{CustomNumFmt: &yearMonthDay})
	dateTimeID := xlStyle(t, f, &excelize.Style{NumFmt: 22})
	set := func(cell string, v any, styleID int) {
		xlMust(t, f.SetCellValue(s, cell, v))
		if styleID != 0 {
			xlMust(t, f.SetCellStyle(s, cell, cell, styleID))
		}
	}
	merge := func(from, to string) { xlMust(t, f.MergeCell(s, from, to)) }

	set("A1", "宜昌市企业资质证书信息填报表", 0)
	merge("A1", "G1")
	set("A2", "填报单位：宜都市发展和改革局", 0)
	merge("A2", "G2")
	for i, h := range []string{"序号", "企业名称", "统一社会\n信用代码", "法定代表人", "资质证书名称", "发证日期", "有效期至"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		set(cell, h, 0)
	}
	set("A4", 1, 0)
	set("B4", " 甲公司 ", 0)
	set("C4", "914205005908193575", 0)
	set("D4", "张三", 0)
	for _, col := range "ABCD" {
		merge(string(col)+"4", string(col)+"6")
	}
	set("E4", "食品经营许可证", 0)
	set("F4", 43452, dateID)
	set("G4", "长期", 0)
	set("E5", "卫生许可证", 0)
	set("F5", 43453, cjkID)
	set("G5", 45000, dateID)
	set("E6", "排污许可证", 0)
	set("F6", 43454.75, dateTimeID)
	set("G6", 46000.5, cjkID)

	set("A7", 2, 0)
	xlMust(t, f.SetCellRichText(s, "B7", []excelize.RichTextRun{{Text: "乙", Font: &excelize.Font{Bold: true}}, {Text: "公司"}}))
	set("C7", 9.14205001648089e17, 0)
	set("D7", "李四", 0)
	set("E7", "建筑业企业资质证书", 0)
	set("F7", 43500, dateID)
	set("G7", 0.1+0.2, 0)

	set("A8", 3, 0)
	set("B8", "丙公司", 0)
	set("C8", "91420500MA4F0XXX1Y", 0)
	set("D8", "王五", 0)
	set("E8", "安全生产许可证", 0)
	xlMust(t, f.SetRowVisible(s, 8, false))

	set("A10", "填报人：赵六", 0)
	merge("A10", "C10")

	_, err := f.NewSheet("说明")
	xlMust(t, err)
	xlMust(t, f.SetCellValue("说明", "A1", "本表由各县市区发改局填写"))
	xlMust(t, f.SetSheetVisible("说明", false))
	return f
}

var xlShapedRows = []string{
	"04:1{N}|甲公司|914205005908193575|张三|食品经营许可证|2018-12-18{D}|长期",
	"05:1{N}|甲公司|914205005908193575|张三|卫生许可证|2018-12-19{D}|2023-03-15{D}",
	"06:1{N}|甲公司|914205005908193575|张三|排污许可证|2018-12-20{D}|2025-12-09{D}",
	"07:2{N}|乙公司|914205001648089000{N}|李四|建筑业企业资质证书|2019-02-04{D}|0.3{N}",
	"08h:3{N}|丙公司|91420500MA4F0XXX1Y|王五|安全生产许可证",
}

func xlCheckShaped(t *testing.T, w *Workbook) {
	t.Helper()
	if got, want := w.Sheets(), []Sheet{{"附件2", false}, {"说明", true}}; !slices.Equal(got, want) {
		t.Errorf("Sheets() = %v, want %v", got, want)
	}
	header, hline, unit, rows := xlReadSheet(t, w, "附件2")
	if got := strings.Join(header, ","); got != "序号,企业名称,统一社会信用代码,法定代表人,资质证书名称,发证日期,有效期至" {
		t.Errorf("header %q", got)
	}
	if hline != 3 || unit != "宜都市发展和改革局" {
		t.Errorf("header line %d, unit %q", hline, unit)
	}
	if !slices.Equal(rows, xlShapedRows) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(xlShapedRows, "\n"))
	}
	if got := xlDump(t, w, "说明"); !slices.Equal(got, []string{"01:本表由各县市区发改局填写"}) {
		t.Errorf("hidden sheet: %q", got)
	}
}

func TestWorkbookShaped(t *testing.T) {
	w, err := xlOpenFile(t, xlSave(t, xlShapedBook(t)))
	xlMust(t, err)
	defer w.Close()
	xlCheckShaped(t, w)
	if got := xlDump(t, w, "附件2")[0]; got != "01:宜昌市企业资质证书信息填报表" {
		t.Errorf("merged title row: %q", got)
	}
}

// TestFixture reads the committed fixture, written by an earlier excelize,
// as a fresh one is read.
func TestFixture(t *testing.T) {
	const p = "testdata/xlsx/shaped.xlsx"
	if *updateXLSX {
		f := xlShapedBook(t)
		xlMust(t, f.SaveAs(p))
		xlMust(t, f.Close())
	}
	w, err := xlOpenFile(t, p)
	xlMust(t, err)
	defer w.Close()
	xlCheckShaped(t, w)
}

const (
	xlNSMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	xlNSRels = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
	xlRelURI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// xlRawBook zips XML parts into a workbook, adding those not given: the
// package and workbook relationships (worksheet, styles and shared strings
// parts, present or not) and a workbook of one sheet, Sheet1, whose part is
// xl/worksheets/sheet1.xml. A part given as "" is left out.
func xlRawBook(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	all := map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels":         `<Relationships ` + xlNSRels + `><Relationship Id="rId1" Type="` + xlRelURI + `officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":     `<workbook ` + xlNSMain + `><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships ` + xlNSRels + `>` +
			`<Relationship Id="rId1" Type="` + xlRelURI + `worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + xlRelURI + `styles" Target="styles.xml"/>` +
			`<Relationship Id="rId3" Type="` + xlRelURI + `sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
	}
	for name, body := range parts {
		all[name] = body
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	slices.Sort(names)
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range names {
		if all[name] == "" {
			continue
		}
		fw, err := z.Create(name)
		xlMust(t, err)
		_, err = io.WriteString(fw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+all[name])
		xlMust(t, err)
	}
	xlMust(t, z.Close())
	return buf.Bytes()
}

// xlSheetXML is a worksheet part holding rows, with more (e.g. mergeCells)
// after the cells.
func xlSheetXML(rows, after string) string {
	return `<worksheet ` + xlNSMain + `><dimension ref="A1"/><sheetData>` + rows + `</sheetData>` + after + `</worksheet>`
}

// xlStylesXML is a styles part whose cell format i has number format ids[i];
// custom formats are given by id.
func xlStylesXML(custom map[int]string, ids ...int) string {
	var b strings.Builder
	b.WriteString(`<styleSheet ` + xlNSMain + `><numFmts>`)
	for id, code := range custom {
		fmt.Fprintf(&b, `<numFmt numFmtId="%d" formatCode="%s"/>`, id, strings.ReplaceAll(code, `"`, "&quot;"))
	}
	// cellStyleXfs and dxfs hold xf and numFmt elements that are not cell formats.
	b.WriteString(`</numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs>`)
	for _, id := range ids {
		fmt.Fprintf(&b, `<xf numFmtId="%d" applyNumberFormat="1"><alignment wrapText="1"/></xf>`, id)
	}
	b.WriteString(`</cellXfs><dxfs><dxf><numFmt numFmtId="164" formatCode="yyyy"/></dxf></dxfs></styleSheet>`)
	return b.String()
}

func TestBuiltinFormats(t *testing.T) {
	dates := map[int]bool{}
	for _, r := range [][2]int{{14, 22}, {27, 36}, {45, 47}, {50, 58}} {
		for id := r[0]; id <= r[1]; id++ {
			dates[id] = true
		}
	}
	var ids []int
	var rows strings.Builder
	for id := 0; id <= 164; id++ { // 164, the first custom id, is defined only in a dxf: General
		ids = append(ids, id)
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" s="%d"><v>43452.75</v></c></row>`, id+1, id+1, id)
	}
	w := xlOpenBytes(t, xlRawBook(t, map[string]string{
		"xl/styles.xml":            xlStylesXML(nil, ids...),
		"xl/worksheets/sheet1.xml": xlSheetXML(rows.String(), ""),
	}))
	for i, got := range xlDump(t, w, "Sheet1") {
		want := fmt.Sprintf("%02d:43452.75{N}", i+1)
		if dates[i] {
			want = fmt.Sprintf("%02d:2018-12-18{D}", i+1)
		}
		if got != want {
			t.Errorf("format %d: %s, want %s", i, got, want)
		}
	}
}

func TestCustomFormats(t *testing.T) {
	for code, want := range map[string]numFormat{
		`yyyy"年"m"月"d"日"`:                        {date: true},
		`yyyy"年"m"月"d"日";@`:                      {date: true},
		`[$-804]yyyy年m月d日`:                       {date: true},
		`[DBNum1][$-804]yyyy"年"m"月"d"日"`:         {date: true},
		`yyyy/m/d;@`:                             {date: true},
		`yyyy-mm-dd`:                             {date: true},
		`YYYY.MM.DD`:                             {date: true},
		`m/d/yy h:mm`:                            {date: true},
		`[$-F800]dddd, mmmm dd, yyyy`:            {date: true},
		`ggge"年"m"月"d"日"`:                        {date: true},
		`年月日`:                                    {date: true},
		`[h]:mm:ss`:                              {date: true},
		`h"时"mm"分"ss"秒"`:                         {date: true},
		`上午/下午h"时"mm"分"`:                         {date: true},
		`mm:ss.0`:                                {date: true},
		`hh:mm:ss.000;@`:                         {date: true},
		`h:mm AM/PM`:                             {date: true},
		`0"年"`:                                   {},
		`0年`:                                     {},
		`0.0 "days"`:                             {},
		`#,##0.00_);[Red](#,##0.00)`:             {},
		`0.00E+00`:                               {},
		`[Red]0`:                                 {},
		`\d0`:                                    {},
		`*m0`:                                    {},
		`"yyyy"`:                                 {},
		`General`:                                {},
		`@`:                                      {},
		`000000`:                                 {zeros: 6},
		`00000000000000000;0`:                    {zeros: 17},
		`0`:                                      {},
		`"NO."000`:                               {},
		`000.00`:                                 {},
		`_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-`: {},
	} {
		if got := parseNumFormat(code); got != want {
			t.Errorf("parseNumFormat(%s) = %+v, want %+v", code, got, want)
		}
	}
}

func TestSerialDate(t *testing.T) {
	for _, c := range []struct {
		x        float64
		date1904 bool
		want     string
	}{
		{0, false, "1900-01-00"},
		{0.5, false, "1900-01-00"},
		{1, false, "1900-01-01"},
		{59, false, "1900-02-28"},
		{60, false, "1900-02-29"},
		{61, false, "1900-03-01"},
		{43452, false, "2018-12-18"},
		{43452.999, false, "2018-12-18"},
		{43451.99999999999, false, "2018-12-18"}, // float noise of a formula
		{2958465.9, false, "9999-12-31"},
		{2958466, false, ""},
		{-1, false, ""},
		{0, true, "1904-01-01"},
		{41990.25, true, "2018-12-18"},
		{2957003, true, "9999-12-31"},
		{2957004, true, ""},
	} {
		got, ok := serialDate(c.x, c.date1904)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("serialDate(%v, %v) = %q, %v; want %q", c.x, c.date1904, got, ok, c.want)
		}
	}
}

func Test1904(t *testing.T) {
	raw := xlOpenBytes(t, xlRawBook(t, map[string]string{
		"xl/workbook.xml":          `<workbook ` + xlNSMain + `><workbookPr date1904="1"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/styles.xml":            xlStylesXML(nil, 0, 14),
		"xl/worksheets/sheet1.xml": xlSheetXML(`<row r="1"><c r="A1" s="1"><v>41990</v></c><c r="B1"><v>41990</v></c></row>`, ""),
	}))
	if got := xlDump(t, raw, "Sheet1"); !slices.Equal(got, []string{"01:2018-12-18{D}|41990{N}"}) {
		t.Errorf("raw 1904 workbook: %q", got)
	}
	// excelize writes dates as 1904 serials in such a workbook.
	f := excelize.NewFile()
	yes := true
	xlMust(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
	xlMust(t, f.SetCellValue("Sheet1", "A1", time.Date(2018, 12, 18, 9, 30, 0, 0, time.UTC)))
	w, err := xlOpenFile(t, xlSave(t, f))
	xlMust(t, err)
	defer w.Close()
	if got := xlDump(t, w, "Sheet1"); !slices.Equal(got, []string{"01:2018-12-18{D}"}) {
		t.Errorf("excelize 1904 workbook: %q", got)
	}
}

func TestPlainNumber(t *testing.T) {
	for _, c := range []struct {
		x     float64
		zeros int
		want  string
	}{
		{1, 0, "1"},
		{43451, 0, "43451"},
		{0.1 + 0.2, 0, "0.3"},
		{9.14205001648089e17, 0, "914205001648089000"},
		{914205005908193575, 0, "914205005908194000"},
		{123456789012345678901234, 0, "123456789012346000000000"},
		{-1234.5, 0, "-1234.5"},
		{1e-7, 0, "0.0000001"},
		{2.0 / 3, 0, "0.666666666666667"},
		{0, 0, "0"},
		{math.Copysign(0, -1), 0, "0"},
		{44000, 6, "044000"},
		{44000.5, 6, "44000.5"},
		{1234567, 6, "1234567"},
		{0, 3, "000"},
	} {
		if got := plainNumber(c.x, c.zeros); got != c.want {
			t.Errorf("plainNumber(%v, %d) = %s, want %s", c.x, c.zeros, got, c.want)
		}
	}
}

// TestCellTypes covers each way a worksheet stores a value.
func TestCellTypes(t *testing.T) {
	sst := `<sst ` + xlNSMain + ` count="4" uniqueCount="4">` +
		`<si><t>甲公司</t></si>` +
		`<si><r><rPr><b/></rPr><t>乙</t></r><r><t xml:space="preserve">公司 </t></r><rPh sb="0" eb="1"><t>おつ</t></rPh><phoneticPr fontId="1"/></si>` +
		`<si><t>统一社会_x000D_
信用代码</t></si>` +
		`<si><t>a_x005F_x0041_b_xD83D__xDE00_</t></si>` +
		`</sst>`
	rows := `<row r="1">` +
		`<c r="A1" t="s"><v>0</v></c>` + // shared string
		`<c r="B1" t="s"><v>1</v></c>` + // rich text with a phonetic guide
		`<c r="C1" t="s"><v>2</v></c>` + // escaped carriage return
		`<c r="D1" t="s"><v>3</v></c>` + // escaped escape, surrogate pair
		`<c r="E1" t="inlineStr"><is><t>丙公司</t></is></c>` +
		`<c r="F1" t="inlineStr"><is><r><t>丁</t></r><r><rPr><i/></rPr><t>公司</t></r></is></c>` +
		`<c r="G1" t="str"><f>A1&amp;"x"</f><v>甲公司x</v></c>` + // formula, text result
		`<c r="H1" t="str"><f>""</f><v></v></c>` + // formula, empty result
		`</row>` +
		`<row r="2">` +
		`<c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c>` +
		`<c r="C2" t="e"><f>VLOOKUP(A1,Z:Z,2,0)</f><v>#N/A</v></c>` +
		`<c r="D2" t="e"><v>#REF!</v></c>` +
		`<c r="E2" s="1"><f>TODAY()</f><v>43452</v></c>` + // date formula
		`<c r="F2"><f>1+1</f></c>` + // never calculated
		`<c r="G2"><f t="shared" si="0"/></c>` +
		`<c r="H2" t="d"><v>2018-12-18T10:00:00Z</v></c>` +
		`<c r="I2" s="1"/>` + // formatted, empty
		`<c r="J2"><v>1E-3</v></c>` +
		`</row>` +
		// No r attributes: the next row and column.
		`<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>` +
		`<row r="5" spans="1:3"><c r="C5"><v>3</v></c></row>`
	w := xlOpenBytes(t, xlRawBook(t, map[string]string{
		"xl/sharedStrings.xml":     sst,
		"xl/styles.xml":            xlStylesXML(nil, 0, 14),
		"xl/worksheets/sheet1.xml": xlSheetXML(rows, ""),
	}))
	want := []string{
		"01:甲公司|乙公司 |统一社会\r\n信用代码|a_x0041_b😀|丙公司|丁公司|甲公司x|",
		"02:TRUE{B}|FALSE{B}|#N/A{E}|#REF!{E}|2018-12-18{D}|=1+1{E}|={E}|2018-12-18{D}||0.001{N}",
		"03:a|2{N}",
		"05:||3{N}",
	}
	if got := xlDump(t, w, "Sheet1"); !slices.Equal(got, want) {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
}

// TestBadCells: a cell that cannot be read makes its row a RowError; the
// rows after it are read.
func TestBadCells(t *testing.T) {
	for name, cell := range map[string]string{
		"shared string index": `<c r="B2" t="s"><v>7</v></c>`,
		"shared string text":  `<c r="B2" t="s"><v>x</v></c>`,
		"number":              `<c r="B2"><v>12abc</v></c>`,
		"hex number":          `<c r="B2"><v>0x1p3</v></c>`,
		"infinity":            `<c r="B2"><v>Inf</v></c>`,
		"bool":                `<c r="B2" t="b"><v>2</v></c>`,
		"iso date":            `<c r="B2" t="d"><v>18/12/2018</v></c>`,
		"error":               `<c r="B2" t="e"/>`,
		"type":                `<c r="B2" t="x"><v>1</v></c>`,
		"reference":           `<c r="B0"><v>1</v></c>`,
		"order":               `<c r="C2"><v>1</v></c><c r="B2"><v>1</v></c>`,
		"repeated":            `<c r="B2"><v>1</v></c><c r="B2"><v>1</v></c>`,
	} {
		t.Run(name, func(t *testing.T) {
			w := xlOpenBytes(t, xlRawBook(t, map[string]string{
				"xl/sharedStrings.xml":     `<sst ` + xlNSMain + `><si><t>x</t></si></sst>`,
				"xl/worksheets/sheet1.xml": xlSheetXML(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c>`+cell+`</row><row r="3"><c r="A3"><v>3</v></c></row>`, ""),
			}))
			got := xlDump(t, w, "Sheet1")
			if len(got) != 3 || got[0] != "01:1{N}" || got[2] != "03:3{N}" || !strings.HasPrefix(got[1], "02!单元格 B2 的内容无法读取") {
				t.Errorf("%q", got)
			}
		})
	}
}

// TestBrokenSheet: XML that breaks off, or rows out of order, end the
// sheet with a RowError where it happens.
func TestBrokenSheet(t *testing.T) {
	for name, c := range map[string]struct {
		part string
		want []string
	}{
		"cut": {
			`<worksheet ` + xlNSMain + `><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>`,
			[]string{"01:1{N}", "02!" + fmt.Sprintf(xlsxBrokenRows, 2)},
		},
		"syntax": {
			xlSheetXML(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3"><v>3&</v></c></row>`, ""),
			[]string{"01:1{N}", "02:2{N}", "03!" + fmt.Sprintf(xlsxBrokenRows, 3)},
		},
		"order": {
			xlSheetXML(`<row r="2"><c r="A2"><v>2</v></c></row><row r="1"><c r="A1"><v>1</v></c></row><row r="3"/>`, ""),
			[]string{"02:2{N}", "03!" + fmt.Sprintf(xlsxBrokenRows, 3)},
		},
		"row number": {
			xlSheetXML(`<row r="1"><c r="A1"><v>1</v></c></row><row r="x"/>`, ""),
			[]string{"01:1{N}", "02!" + fmt.Sprintf(xlsxBrokenRows, 2)},
		},
		"too many rows": {
			xlSheetXML(`<row r="1048577"/>`, ""),
			[]string{"01!" + fmt.Sprintf(xlsxBrokenRows, 1)},
		},
		"no sheetData": {`<worksheet ` + xlNSMain + `/>`, nil},
		"empty":        {xlSheetXML("", ""), nil},
	} {
		t.Run(name, func(t *testing.T) {
			w := xlOpenBytes(t, xlRawBook(t, map[string]string{"xl/worksheets/sheet1.xml": c.part}))
			if got := xlDump(t, w, "Sheet1"); !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestMerges: each row of a merged range reads its top-left value in the
// range's first column, and nothing in its other columns.
func TestMerges(t *testing.T) {
	f := excelize.NewFile()
	const s = "Sheet1"
	rows := [][]any{
		{"企业名称", "资质证书", nil, nil, "统一社会信用代码"}, // two-row header: A1:A2, B1:D1, E1:E2
		{nil, "名称", "编号", "日期"},
		{"甲公司", "许可证", 1, 43452, "91420500MA4F0XXX1Y"}, // A3:A5 and E3:E5; D3:D4 a date
		{nil, "卫生证", 2},
		{nil, "排污证", 3, 43500},
		{"乙公司", "甲级", nil, nil, "91420500MA4F0XXX2Y"}, // B6:D7 a block over a row the sheet lacks
		{},
		{"丙公司", "", "", "", "91420500MA4F0XXX3Y"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		xlMust(t, f.SetSheetRow(s, cell, &r))
	}
	xlMust(t, f.SetCellStyle(s, "D3", "D5", xlStyle(t, f, &excelize.Style{NumFmt: 14})))
	for _, m := range [][2]string{{"A1", "A2"}, {"B1", "D1"}, {"E1", "E2"}, {"A3", "A5"}, {"E3", "E5"}, {"D3", "D4"}, {"B6", "D7"}} {
		xlMust(t, f.MergeCell(s, m[0], m[1]))
	}
	w, err := xlOpenFile(t, xlSave(t, f))
	xlMust(t, err)
	defer w.Close()
	want := []string{
		"01:企业名称|资质证书|||统一社会信用代码",
		"02:企业名称|名称|编号|日期|统一社会信用代码",
		"03:甲公司|许可证|1{N}|2018-12-18{D}|91420500MA4F0XXX1Y",
		"04:甲公司|卫生证|2{N}|2018-12-18{D}|91420500MA4F0XXX1Y",
		"05:甲公司|排污证|3{N}|2019-02-04{D}|91420500MA4F0XXX1Y",
		"06:乙公司|甲级|||91420500MA4F0XXX2Y",
		"08:丙公司||||91420500MA4F0XXX3Y",
	}
	if got := xlDump(t, w, s); !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The Reader finds the header in the second header row, which the
	// merges complete.
	r, err := w.Reader(s)
	xlMust(t, err)
	header, line, err := r.Header("企业名称", "统一社会信用代码", "编号")
	if err != nil || line != 2 || strings.Join(header, ",") != "企业名称,名称,编号,日期,统一社会信用代码" {
		t.Errorf("Header = %q, %d, %v", header, line, err)
	}
}

// TestMergesRaw covers what excelize does not write: ranges given corner
// last, values hidden under a merge, ranges over rows absent from the
// sheet, prefixed element names, and merges found only by parsing (a
// comment in the part).
func TestMergesRaw(t *testing.T) {
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c><c r="B1"><v>9</v></c><c r="D1"><v>4</v></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>` +
		`<row r="6"><c r="B6"><v>1</v></c></row>`
	merges := `<mergeCells count="4"><mergeCell ref="C1:A1"/><mergeCell ref="A2:A4"/><mergeCell ref="B3"/><mergeCell ref="A5:B6"/><mergeCell ref="bad"/></mergeCells>`
	// A3 is in A2:A4, whose top-left cell is in a row the sheet lacks: it
	// shows that cell, empty; A5:B6 likewise.
	want := []string{"01:标题|||4{N}", "03:", "06:|"}
	for name, part := range map[string]string{
		"plain":    xlSheetXML(rows, merges),
		"comment":  xlSheetXML(rows+`<!-- <mergeCells><mergeCell ref="A1:Z9"/></mergeCells> -->`, merges),
		"prefixed": strings.ReplaceAll(strings.ReplaceAll(xlSheetXML(rows, merges), "<", "<x:"), "<x:/", "</x:"),
	} {
		t.Run(name, func(t *testing.T) {
			w := xlOpenBytes(t, xlRawBook(t, map[string]string{"xl/worksheets/sheet1.xml": part}))
			if got := xlDump(t, w, "Sheet1"); !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestHidden(t *testing.T) {
	f := excelize.NewFile()
	for i := 1; i <= 4; i++ {
		xlMust(t, f.SetCellValue("Sheet1", "A"+strconv.Itoa(i), i))
	}
	xlMust(t, f.SetRowVisible("Sheet1", 2, false))
	xlMust(t, f.SetRowHeight("Sheet1", 3, 0))
	for _, name := range []string{"隐藏", "深度隐藏", "可见"} {
		_, err := f.NewSheet(name)
		xlMust(t, err)
	}
	xlMust(t, f.SetSheetVisible("隐藏", false))
	xlMust(t, f.SetSheetVisible("深度隐藏", false, true))
	w, err := xlOpenFile(t, xlSave(t, f))
	xlMust(t, err)
	defer w.Close()
	if got, want := w.Sheets(), []Sheet{{"Sheet1", false}, {"隐藏", true}, {"深度隐藏", true}, {"可见", false}}; !slices.Equal(got, want) {
		t.Errorf("Sheets() = %v, want %v", got, want)
	}
	if got, want := xlDump(t, w, "Sheet1"), []string{"01:1{N}", "02h:2{N}", "03h:3{N}", "04:4{N}"}; !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
	if _, err := w.Reader("无此表"); err == nil {
		t.Error("Reader of a missing sheet: no error")
	}
}

// TestSheetParts: sheets are found through the relationships, whatever the
// part names' case; chart sheets are left out.
func TestSheetParts(t *testing.T) {
	w := xlOpenBytes(t, xlRawBook(t, map[string]string{
		"_rels/.rels": `<Relationships ` + xlNSRels + `><Relationship Id="rId1" Type="` + xlRelURI + `officeDocument" Target="/XL/Book.xml"/></Relationships>`,
		"XL/Book.xml": `<workbook ` + xlNSMain + `><sheets><sheet name="图" sheetId="1" r:id="c"/><sheet name="表" sheetId="2" r:id="s"/></sheets></workbook>`,
		"XL/_rels/Book.xml.rels": `<Relationships ` + xlNSRels + `>` +
			`<Relationship Id="c" Type="` + xlRelURI + `chartsheet" Target="chartsheets/sheet1.xml"/>` +
			`<Relationship Id="s" Type="` + xlRelURI + `worksheet" Target="Sheets/../worksheets/Data.xml"/>` +
			`<Relationship Id="x" Type="` + xlRelURI + `hyperlink" Target="http://example.com/" TargetMode="External"/></Relationships>`,
		`xl\worksheets\data.xml`: xlSheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`, ""),
	}))
	if got := w.Sheets(); !slices.Equal(got, []Sheet{{"表", false}}) {
		t.Errorf("Sheets() = %v", got)
	}
	if got := xlDump(t, w, "表"); !slices.Equal(got, []string{"01:1{N}"}) {
		t.Errorf("rows %q", got)
	}
}

// TestOpenErrors: files that are not readable workbooks give one Chinese
// sentence, never a panic.
func TestOpenErrors(t *testing.T) {
	good := xlRawBook(t, map[string]string{"xl/worksheets/sheet1.xml": xlSheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`, "")})
	encryptedBook := func() []byte {
		f := excelize.NewFile()
		xlMust(t, f.SetCellValue("Sheet1", "A1", "机密"))
		b, err := os.ReadFile(xlSave(t, f, excelize.Options{Password: "123456"}))
		xlMust(t, err)
		return b
	}
	legacy := append(append([]byte{}, oleMagic...), make([]byte, 4096)...)
	corrupt := func(b []byte) []byte { // flip a byte of the worksheet's data, keeping the zip's structure
		b = bytes.Clone(b)
		i := bytes.Index(b, []byte("xl/worksheets/sheet1.xml")) + len("xl/worksheets/sheet1.xml") + 10
		b[i] ^= 0xFF
		return b
	}
	missingSheet := xlRawBook(t, map[string]string{"xl/_rels/workbook.xml.rels": `<Relationships ` + xlNSRels + `/>`})
	var stored bytes.Buffer // a stored (uncompressed) worksheet, whose damage only the checksum shows
	z := zip.NewWriter(&stored)
	zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	for _, f := range zr.File {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		xlMust(t, err)
		rc, err := f.Open()
		xlMust(t, err)
		_, err = io.Copy(fw, rc)
		xlMust(t, err)
	}
	xlMust(t, z.Close())
	storedBad := bytes.Replace(stored.Bytes(), []byte("<v>1</v>"), []byte("<v>7</v>"), 1)

	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"empty":           {nil, xlsxEmpty},
		"xls":             {legacy, xlsxLegacy},
		"encrypted":       {encryptedBook(), xlsxPassword},
		"html":            {[]byte("\xEF\xBB\xBF\r\n<html><table><tr><td>甲公司</td></tr></table></html>"), xlsxMarkup},
		"xml spreadsheet": {[]byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>`), xlsxMarkup},
		"csv":             {[]byte("企业名称,统一社会信用代码\n"), xlsxNotWorkbook},
		"PK":              {[]byte("PK"), xlsxNotWorkbook},
		"truncated":       {good[:len(good)/2], xlsxNotWorkbook},
		"not a workbook":  {xlRawBook(t, map[string]string{"_rels/.rels": `<Relationships ` + xlNSRels + `/>`, "xl/workbook.xml": "", "word/document.xml": "<w/>"}), xlsxNotWorkbook},
		"bad workbook":    {xlRawBook(t, map[string]string{"xl/workbook.xml": "<workbook><sheets>"}), xlsxNotWorkbook},
		"bad rels":        {xlRawBook(t, map[string]string{"_rels/.rels": "<Relationships"}), xlsxNotWorkbook},
		"bad styles":      {xlRawBook(t, map[string]string{"xl/styles.xml": "<styleSheet><"}), xlsxNotWorkbook},
		"bad strings":     {xlRawBook(t, map[string]string{"xl/sharedStrings.xml": "<sst><si><t>a"}), xlsxNotWorkbook},
		"missing sheet":   {missingSheet, fmt.Sprintf(xlsxBrokenSheet, "Sheet1")},
		"damaged sheet":   {corrupt(good), fmt.Sprintf(xlsxBrokenSheet, "Sheet1")},
		"checksum":        {storedBad, fmt.Sprintf(xlsxBrokenSheet, "Sheet1")},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewWorkbook(bytes.NewReader(c.data), int64(len(c.data)))
			var ee *EncodingError
			if !errors.As(err, &ee) || ee.Msg != c.want {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if strings.ContainsAny(ee.Msg, "。\n") || !utf8.ValidString(ee.Msg) {
				t.Errorf("not one sentence: %q", ee.Msg)
			}
		})
	}
	// The same workbook, stored, reads.
	if got := xlDump(t, xlOpenBytes(t, stored.Bytes()), "Sheet1"); !slices.Equal(got, []string{"01:1{N}"}) {
		t.Errorf("stored workbook: %q", got)
	}
	if _, err := xlOpenFile(t, filepath.Join(t.TempDir(), "none.xlsx")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestClose: Close releases readers left unfinished.
func TestClose(t *testing.T) {
	w, err := xlOpenFile(t, xlSave(t, xlShapedBook(t)))
	xlMust(t, err)
	r, err := w.Reader("附件2")
	xlMust(t, err)
	if _, _, err := r.Header("企业名称"); err != nil {
		t.Fatal(err)
	}
	xlMust(t, w.Close())
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("Next after Close: %v", err)
	}
}

// FuzzWorkbook: no file makes the workbook reader panic or loop, and what
// it returns is well formed.
func FuzzWorkbook(f *testing.F) {
	fixture, err := os.ReadFile("testdata/xlsx/shaped.xlsx")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fixture)
	f.Add(xlRawBook(f, map[string]string{
		"xl/sharedStrings.xml":     xlFuzzStrings,
		"xl/styles.xml":            xlFuzzStyles,
		"xl/worksheets/sheet1.xml": xlFuzzSheet,
	}))
	f.Add(append(append([]byte{}, oleMagic...), "E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00"...))
	f.Fuzz(xlCheckWorkbook)
}

// FuzzWorksheet fuzzes the XML of a worksheet, its shared strings and its
// styles, which random bytes of a zip seldom reach past its checksums.
func FuzzWorksheet(f *testing.F) {
	f.Add(xlFuzzSheet, xlFuzzStrings, xlFuzzStyles)
	f.Add(xlSheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row><!-- x --><row r="3"><c r="B3"><v>1</v></c></row>`,
		`<mergeCells><mergeCell ref="C1:A1"/><mergeCell ref="A2:A4"/></mergeCells>`), "", xlStylesXML(nil, 0, 14))
	f.Fuzz(func(t *testing.T, sheet, sst, styles string) {
		xlCheckWorkbook(t, xlRawBook(t, map[string]string{
			"xl/worksheets/sheet1.xml": sheet,
			"xl/sharedStrings.xml":     sst,
			"xl/styles.xml":            styles,
		}))
	})
}

const (
	xlFuzzStrings = `<sst><si><t>a_x000D_</t></si><si><r><t>b</t></r><rPh><t>c</t></rPh></si></sst>`
	xlFuzzStyles  = `<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="000000"/></numFmts>` +
		`<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`
	xlFuzzSheet = `<worksheet><sheetData><row r="1" hidden="1"><c r="A1" t="s"><v>1</v></c><c r="B1" s="1"><v>43452.5</v></c><c r="C1" s="3"><v>42</v></c></row>` +
		`<row r="3"><c r="B3" t="e"><v>#N/A</v></c><c r="C3"><f>1</f></c><c t="b"><v>1</v></c><c t="d"><v>2018-12-18</v></c></row></sheetData>` +
		`<mergeCells><mergeCell ref="A1:B3"/></mergeCells></worksheet>`
)

// xlCheckWorkbook reads every sheet of a workbook: errors are fine, panics
// and malformed rows are not.
func xlCheckWorkbook(t *testing.T, b []byte) {
	w, err := NewWorkbook(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		var ee *EncodingError
		if !errors.As(err, &ee) {
			t.Fatalf("error not an EncodingError: %v", err)
		}
		return
	}
	defer w.Close()
	for _, sh := range w.Sheets() {
		r, err := w.Reader(sh.Name)
		if err != nil {
			continue
		}
		last := 0
		for {
			rec, kinds, line, _, err := r.src.next()
			var re *RowError
			if err == io.EOF {
				break
			}
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("next: %v", err)
			}
			if line <= last || line > sheetMaxRows+1 || len(rec) != len(kinds) || len(rec) > sheetMaxCols {
				t.Fatalf("row %d after %d: %d cells, %d kinds", line, last, len(rec), len(kinds))
			}
			last = line
			for i, k := range kinds {
				if k == Date && len(rec[i]) != len("2006-01-02") {
					t.Fatalf("date %q", rec[i])
				}
			}
		}
	}
}

// BenchmarkWorkbook reads a 100 000-row, 14-column worksheet as ingest
// does, reporting the live heap at its largest (sampled every 10 000 rows,
// after a collection) besides time and allocations.
func BenchmarkWorkbook(b *testing.B) {
	const n = 100_000
	p := filepath.Join(b.TempDir(), "big.xlsx")
	xlBigBook(b, p, n)
	var peak uint64
	b.ResetTimer()
	for b.Loop() {
		runtime.GC()
		runtime.GC() // and what finalizers freed, such as the generator's
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		base := m.HeapAlloc
		w, err := xlOpenFile(b, p)
		xlMust(b, err)
		r, err := w.Reader("Sheet1")
		xlMust(b, err)
		if _, _, err := r.Header("企业名称", "统一社会信用代码"); err != nil {
			b.Fatal(err)
		}
		rows := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			xlMust(b, err)
			if rows++; rows%10_000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc-min(base, m.HeapAlloc))
			}
		}
		xlMust(b, w.Close())
		if rows != n {
			b.Fatalf("%d rows", rows)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-live-MB")
}

// xlBigBook writes a workbook of n records under a header, as a clerk's
// list: text, numbers, dates, and merges. The text is in inline strings,
// as excelize's stream writer writes it; Excel's shared strings read
// faster.
func xlBigBook(b *testing.B, p string, n int) {
	f := excelize.NewFile()
	defer f.Close()
	date := xlStyle(b, f, &excelize.Style{NumFmt: 14})
	sw, err := f.NewStreamWriter("Sheet1")
	xlMust(b, err)
	header := []any{"序号", "企业名称", "统一社会信用代码", "法定代表人", "行政许可决定文书号", "许可类别", "许可证书名称", "许可编号", "许可内容", "许可决定日期", "有效期自", "有效期至", "许可机关", "备注"}
	xlMust(b, sw.SetRow("A1", header))
	for i := 1; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		xlMust(b, sw.SetRow(cell, []any{
			i, "宜都市某某商贸有限公司" + strconv.Itoa(i), fmt.Sprintf("91420581MA4F%06dX", i), "张三",
			"宜市监许字〔2018〕第" + strconv.Itoa(i) + "号", "普通", "食品经营许可证", "JY1420581" + strconv.Itoa(1000000+i),
			"预包装食品（不含冷藏冷冻食品）销售", excelize.Cell{StyleID: date, Value: 43452 + i%365},
			excelize.Cell{StyleID: date, Value: 43452}, excelize.Cell{StyleID: date, Value: 45278}, "宜都市市场监督管理局", "",
		}))
		if i%3 == 1 && i+2 <= n {
			top, _ := excelize.CoordinatesToCellName(4, i+1)
			bottom, _ := excelize.CoordinatesToCellName(4, i+3)
			xlMust(b, sw.MergeCell(top, bottom))
		}
	}
	xlMust(b, sw.Flush())
	xlMust(b, f.SaveAs(p))
}
