package report

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// cellIs checks one cell read back from the workbook: whether Excel holds
// it as a number or as text, its raw value and what Excel shows.
func cellIs(t *testing.T, f *excelize.File, sheet, cell string, number bool, raw, shown string) {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	isNumber := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber
	gotRaw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	gotShown, _ := f.GetCellValue(sheet, cell)
	if isNumber != number || gotRaw != raw || gotShown != shown {
		t.Errorf("%s!%s: number %v, raw %q, shown %q; want number %v, raw %q, shown %q", sheet, cell, isNumber, gotRaw, gotShown, number, raw, shown)
	}
}

// TestNumericCells: 序号, counts and shares are numbers Excel can add up
// and sort, shown as 1,234 and 12.3%; codes, years and 合计 stay text.
func TestNumericCells(t *testing.T) {
	out, _ := writeReport(t, knownDataset(), nil)
	f := openXLSX(t, filepath.Join(out, "附件3_宜昌市企业信用承诺情况列表.xlsx"))
	cellIs(t, f, "汇总", "A4", true, "1", "1")
	cellIs(t, f, "汇总", "A11", true, "8", "8")
	cellIs(t, f, "宜都市", "A6", true, "3", "3")
	cellIs(t, f, "汇总", "D4", false, "A", "A")

	rows, err := f.GetRows(summarySheet)
	if err != nil {
		t.Fatal(err)
	}
	find := func(first string) int {
		for i, r := range rows {
			if len(r) > 0 && r[0] == first {
				return i + 1
			}
		}
		t.Fatalf("汇总说明 has no row %q", first)
		return 0
	}
	row := func(first, col string) string { return col + itoa(find(first)) }
	cellIs(t, f, summarySheet, row("承诺企业", "B"), true, "2", "2")
	cellIs(t, f, summarySheet, row("承诺企业", "C"), true, "5000", "5,000")
	cellIs(t, f, summarySheet, row("亮信用企业", "D"), true, "0.02", "2.0%")
	cellIs(t, f, summarySheet, row("亮信用企业", "E"), false, "未完成", "未完成")
	cellIs(t, f, summarySheet, row("2026", "A"), false, "2026", "2026")
	cellIs(t, f, summarySheet, row("2026", "C"), true, "5", "5")
	cellIs(t, f, summarySheet, row("未填写日期", "B"), false, "—", "—")
	cellIs(t, f, summarySheet, row("合计", "A"), false, "合计", "合计")
	cellIs(t, f, summarySheet, row("合计", "D"), true, "4", "4")
	cellIs(t, f, summarySheet, row("指标", "B"), false, "已完成（家）", "已完成（家）")
}
