package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/ingest"
)

// Sheet names.
const (
	totalSheet   = "汇总"
	summarySheet = "汇总说明"
)

// workbook lays one table out as the notice prints it: the title row, a
// 填报单位 row, the header row, the records, then the 备注, 填报人 and
// 填报日期 lines; one sheet for the whole city and one per 报送单位, and
// the 汇总说明 last.
func workbook(t *table, office string, summary []section) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", totalSheet); err != nil {
		return nil, err
	}
	if err := writeTable(f, st, totalSheet, t, office, t.total); err != nil {
		return nil, err
	}
	names := map[string]bool{totalSheet: true, summarySheet: true}
	for _, u := range t.units {
		name := sheetName(u, names)
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		if err := writeTable(f, st, name, t, u, t.byUnit[u]); err != nil {
			return nil, err
		}
	}
	if _, err := f.NewSheet(summarySheet); err != nil {
		return nil, err
	}
	if err := writeSummary(f, st, summary); err != nil {
		return nil, err
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// summaryWorkbook is 汇总说明.xlsx: the 汇总说明 first, for staff who
// open it to read the figures, then the rows the report left out.
func summaryWorkbook(summary []section, leftOut []ingest.Problem) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	steps := []func() error{
		func() error { return f.SetSheetName("Sheet1", summarySheet) },
		func() error { return writeSummary(f, st, summary) },
		func() error { _, err := f.NewSheet(leftOutSheet); return err },
		func() error { return writeLeftOut(f, st, leftOut) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type styles struct{ title, header, cell, heading, count, percent int }

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	var s styles
	var err error
	for _, x := range []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.cell, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&s.heading, excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}},
		{&s.count, excelize.Style{NumFmt: 3}}, // #,##0
		{&s.percent, excelize.Style{CustomNumFmt: &percentFormat}},
	} {
		if *x.dst, err = f.NewStyle(&x.style); err != nil {
			return s, err
		}
	}
	return s, nil
}

// percentFormat shows a share with one decimal, as PercentText does.
var percentFormat = "0.0%"

// Rows of a table sheet.
const (
	titleRow  = 1
	unitRow   = 2
	headerRow = 3
)

func writeTable(f *excelize.File, st styles, sheet string, t *table, unit string, rows [][]string) error {
	last, _ := excelize.ColumnNumberToName(len(t.header))
	cell := func(col, row int) string { c, _ := excelize.CoordinatesToCellName(col, row); return c }
	steps := []func() error{
		func() error { return f.SetCellStr(sheet, cell(1, titleRow), t.title) },
		func() error { return f.MergeCell(sheet, cell(1, titleRow), fmt.Sprintf("%s%d", last, titleRow)) },
		func() error { return f.SetCellStyle(sheet, cell(1, titleRow), cell(1, titleRow), st.title) },
		func() error { return f.SetRowHeight(sheet, titleRow, 30) },
		func() error { return f.SetCellStr(sheet, cell(1, unitRow), "填报单位："+unit) },
		func() error { return setRow(f, sheet, headerRow, t.header) },
		func() error {
			return f.SetCellStyle(sheet, cell(1, headerRow), cell(len(t.header), headerRow), st.header)
		},
		func() error {
			return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: cell(1, headerRow+1), ActivePane: "bottomLeft"})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	for i, r := range rows {
		if err := setRow(f, sheet, headerRow+1+i, r); err != nil {
			return err
		}
		if err := setSeq(f, sheet, headerRow+1+i, i+1); err != nil {
			return err
		}
	}
	if len(rows) > 0 {
		if err := f.SetCellStyle(sheet, cell(1, headerRow+1), cell(len(t.header), headerRow+len(rows)), st.cell); err != nil {
			return err
		}
	}
	foot := headerRow + len(rows) + 2
	for i, line := range []string{t.note, "填报人：", "填报日期："} {
		if err := f.SetCellStr(sheet, cell(1, foot+i), line); err != nil {
			return err
		}
	}
	return setWidths(f, sheet, t.header, rows)
}

// setRow writes strings as text cells: Excel never evaluates them, so a
// value starting with = stays a value.
func setRow(f *excelize.File, sheet string, row int, cells []string) error {
	for i, v := range cells {
		c, _ := excelize.CoordinatesToCellName(i+1, row)
		if err := f.SetCellStr(sheet, c, v); err != nil {
			return err
		}
	}
	return nil
}

// setSeq writes the 序号 as a number, so that Excel sorts and fills it as
// one. The rows of a sheet are numbered 1..n in order (table.add).
func setSeq(f *excelize.File, sheet string, row, seq int) error {
	c, _ := excelize.CoordinatesToCellName(1, row)
	return f.SetCellInt(sheet, c, int64(seq))
}

// setSummaryRow writes one body row of a 汇总说明 table: counts and
// shares as numbers with a number format, the rest (names, years, 合计,
// “—”) as text.
func setSummaryRow(f *excelize.File, st styles, row int, sec section, cells []string) error {
	for i, v := range cells {
		c, _ := excelize.CoordinatesToCellName(i+1, row)
		n, style, ok := summaryNumber(sec.kind(i), v, st)
		var err error
		if ok {
			if err = f.SetCellFloat(summarySheet, c, n, -1, 64); err == nil {
				err = f.SetCellStyle(summarySheet, c, c, style)
			}
		} else {
			err = f.SetCellStr(summarySheet, c, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// summaryNumber reads back a figure the 汇总说明 formatted as text, with
// the style that shows it the same way; ok is false for text cells.
func summaryNumber(kind cellKind, v string, st styles) (n float64, style int, ok bool) {
	switch kind {
	case countCell:
		i, err := strconv.Atoi(v)
		return float64(i), st.count, err == nil
	case percentCell:
		p, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		return p / 100, st.percent, err == nil && strings.HasSuffix(v, "%")
	}
	return 0, 0, false
}

// setWidths sizes each column to its longest value, within limits.
func setWidths(f *excelize.File, sheet string, header []string, rows [][]string) error {
	for col := range header {
		w := displayWidth(header[col])
		for _, r := range rows {
			w = max(w, displayWidth(r[col]))
		}
		name, _ := excelize.ColumnNumberToName(col + 1)
		if err := f.SetColWidth(sheet, name, name, min(max(w+2, 6), 40)); err != nil {
			return err
		}
	}
	return nil
}

// displayWidth counts CJK characters as two columns.
func displayWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if utf8.RuneLen(r) > 1 {
			w += 2
		} else {
			w++
		}
	}
	return w
}

func writeSummary(f *excelize.File, st styles, secs []section) error {
	row := 1
	for _, s := range secs {
		if err := f.SetCellStr(summarySheet, fmt.Sprintf("A%d", row), s.heading); err != nil {
			return err
		}
		if err := f.SetCellStyle(summarySheet, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), st.heading); err != nil {
			return err
		}
		row++
		for _, l := range s.lines {
			if err := f.SetCellStr(summarySheet, fmt.Sprintf("A%d", row), l); err != nil {
				return err
			}
			row++
		}
		for i, r := range s.table {
			var err error
			if i == 0 {
				err = setRow(f, summarySheet, row, r)
			} else {
				err = setSummaryRow(f, st, row, s, r)
			}
			if err != nil {
				return err
			}
			row++
		}
		row++
	}
	return f.SetColWidth(summarySheet, "A", "F", 22)
}

// sheetName makes a unit name a valid, unused worksheet name: Excel
// forbids : \ / ? * [ ] and more than 31 characters.
func sheetName(unit string, used map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, unit)
	name = strings.Trim(name, "'")
	if name == "" {
		name = "单位"
	}
	base := truncate(name, 31)
	name = base
	for i := 2; used[name]; i++ {
		suffix := fmt.Sprintf("(%d)", i)
		name = truncate(base, 31-len(suffix)) + suffix
	}
	used[name] = true
	return name
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}
