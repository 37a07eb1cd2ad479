package opendata

import (
	"bytes"
	"fmt"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/model"
	"creditsite/internal/schema"
)

// Sheet names of the workbooks: the columns' names on the site.
const (
	disclosureSheet = "企业亮信用"
	commitmentSheet = "信用承诺"
)

// ExcelCellChars is the most characters (UTF-16 code units) an Excel cell
// holds ("Total number of characters that a cell can contain", Excel
// specifications and limits). excelize would cut a longer value silently,
// so the workbook writers refuse one instead.
const ExcelCellChars = excelize.TotalCellChars

// fixedTime is the workbooks' creation and modification time. A fixed
// time makes the file a function of the data alone: unchanged data gives
// identical bytes, which the output keeps as a hard link and deploy does
// not upload again.
var fixedTime = time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)

// DisclosuresXLSX returns the disclosures as an Excel workbook: one sheet
// named 企业亮信用 with the CSV's header and rows (see WriteXLSX).
func DisclosuresXLSX(ds *model.Dataset) ([]byte, error) {
	return workbook(disclosureSheet, disclosureColumns, ds.Disclosures)
}

// CommitmentsXLSX returns the commitments as an Excel workbook with one
// sheet named 信用承诺, as DisclosuresXLSX.
func CommitmentsXLSX(ds *model.Dataset) ([]byte, error) {
	return workbook(commitmentSheet, commitmentColumns, ds.Commitments)
}

// workbook writes one sheet: the header row, frozen, then one row per
// record. Cells are typed by column kind so that Excel shows every value
// as published: Code and Alnum values (credit codes, certificate numbers,
// years) are text cells formatted as text ("@"), so that 914205005908193575
// is not shown as 9.14206E+17 and 0042050012345678 keeps its zeros; a
// Date value is a date cell shown as yyyy-mm-dd (yyyy-mm when only the
// month is known), or text as written when it is no date; free text wraps
// so that its line breaks show. Values are written as they are, without
// CSV's apostrophe guard: Excel never evaluates a text cell. The error
// reports a value longer than ExcelCellChars, or more rows than a sheet
// holds.
func workbook[R any](sheet string, cols []schema.Column[R], records []*R) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "creditsite", LastModifiedBy: "creditsite",
		Title: sheet + "公开数据", Language: "zh-CN", Created: fixedTime, Modified: fixedTime}); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	rows := make([][]string, len(records))
	for i, r := range records {
		rows[i] = values(cols, r)
	}
	if err := layout(sw, st, cols, rows); err != nil {
		return nil, err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: st.header, Value: c.Name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, err
	}
	for i, row := range rows {
		cells := make([]any, len(row))
		for j, v := range row {
			if cells[j], err = cell(st, cols[j].Kind, v); err != nil {
				return nil, fmt.Errorf("第 %d 条的“%s”：%v", i+1, cols[j].Name, err)
			}
		}
		at, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(at, cells); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// styles are the workbook's cell styles.
type styles struct{ header, text, wrap, date, month int }

func newStyles(f *excelize.File) (styles, error) {
	top := &excelize.Alignment{Vertical: "top"}
	var s styles
	for _, x := range []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}},
		{&s.text, excelize.Style{NumFmt: 49, Alignment: top}}, // 49 is the built-in "@": text
		{&s.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.date, excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: top}},
		{&s.month, excelize.Style{CustomNumFmt: ptr("yyyy-mm"), Alignment: top}},
	} {
		var err error
		if *x.dst, err = f.NewStyle(&x.style); err != nil {
			return s, err
		}
	}
	return s, nil
}

func ptr[T any](v T) *T { return &v }

// columnStyle is the style a column of kind k has, for its empty cells
// and what a reader types into them.
func (s styles) columnStyle(k schema.Kind) int {
	switch k {
	case schema.Code, schema.Alnum:
		return s.text
	case schema.Date:
		return s.date
	case schema.Text:
		return s.wrap
	}
	return 0
}

// cell returns the cell for value v of a column of kind k: nil for "".
func cell(s styles, k schema.Kind, v string) (any, error) {
	if v == "" {
		return nil, nil
	}
	if n := len(utf16.Encode([]rune(v))); n > ExcelCellChars {
		return nil, fmt.Errorf("有 %d 个字符，超过 Excel 每格 %d 个字符的上限", n, ExcelCellChars)
	}
	if k == schema.Date {
		if d, err := schema.ParseDate(v); err == nil {
			style := s.date
			if d.MonthOnly() {
				style = s.month
			}
			return excelize.Cell{StyleID: style, Value: d.Time()}, nil
		}
		// Not a date (a 发证时间 published as written): text, wrapped.
		return excelize.Cell{StyleID: s.wrap, Value: v}, nil
	}
	return excelize.Cell{StyleID: s.columnStyle(k), Value: v}, nil
}

// layout sets what must precede the rows: the column styles and widths
// and the frozen header row.
func layout[R any](sw *excelize.StreamWriter, st styles, cols []schema.Column[R], rows [][]string) error {
	for i, c := range cols {
		w := textWidth(c.Name)
		for _, r := range rows {
			w = max(w, textWidth(r[i]))
		}
		if err := sw.SetColWidth(i+1, i+1, columnWidth(c.Kind, w)); err != nil {
			return err
		}
		if s := st.columnStyle(c.Kind); s != 0 {
			if err := sw.SetColStyle(i+1, i+1, s); err != nil {
				return err
			}
		}
	}
	return sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
}

// Column widths, in Excel's units (about one digit or half a Chinese
// character each): a column fits its longest line plus a margin, within
// these bounds; free text wider than maxTextWidth wraps.
const (
	minWidth     = 8
	maxWidth     = 60
	maxTextWidth = 50
	dateWidth    = 12 // 2018-07-01
)

func columnWidth(k schema.Kind, w int) float64 {
	switch k {
	case schema.Date:
		return float64(max(w+2, dateWidth))
	case schema.Text:
		return float64(min(max(w+2, minWidth), maxTextWidth))
	}
	return float64(min(max(w+2, minWidth), maxWidth))
}

// textWidth is the width of s's longest line, counting a character
// outside ASCII (Chinese, full-width) as two.
func textWidth(s string) int {
	longest, w := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			w = 0
		case r < 0x80:
			w++
		default:
			w += 2
		}
		longest = max(longest, w)
	}
	return longest
}

// ParseDisclosuresXLSX reads a workbook written by DisclosuresXLSX.
func ParseDisclosuresXLSX(b []byte) ([]*model.Disclosure, error) {
	return parseXLSX(disclosureSheet, disclosureColumns, b)
}

// ParseCommitmentsXLSX reads a workbook written by CommitmentsXLSX.
func ParseCommitmentsXLSX(b []byte) ([]*model.Commitment, error) {
	return parseXLSX(commitmentSheet, commitmentColumns, b)
}

// parseXLSX reads the sheet's values as Excel shows them: date cells
// through their yyyy-mm-dd or yyyy-mm format, which is how Get publishes
// a date.
func parseXLSX[R any](sheet string, cols []schema.Column[R], b []byte) ([]*R, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, err
	}
	want := headers(cols)
	if len(rows) == 0 || !sameCells(rows[0], want) {
		return nil, fmt.Errorf("表头应为：%v", want)
	}
	out := make([]*R, len(rows)-1)
	for i, row := range rows[1:] {
		if out[i], err = record(cols, func(j int) string { return at(row, j) }); err != nil {
			return nil, fmt.Errorf("第 %d 行：%v", i+2, err)
		}
	}
	return out, nil
}

// sameCells reports whether row is want, ignoring trailing empty cells.
func sameCells(row, want []string) bool {
	for i := range max(len(row), len(want)) {
		if at(row, i) != at(want, i) {
			return false
		}
	}
	return true
}

// at is row[i], or "" past the end: GetRows drops trailing empty cells.
func at(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}
