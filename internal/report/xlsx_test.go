package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/config"
	"creditsite/internal/ingest"
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

// TestSummaryWorkbook: 汇总说明.xlsx opens on the 汇总说明 with its
// figures as numbers, then lists the rows left out (errors only), as
// 未纳入的记录.csv does; the .txt opens in Notepad.
func TestSummaryWorkbook(t *testing.T) {
	problems := []ingest.Problem{
		{File: "data/commitments/yidu.csv", Line: 7, Severity: ingest.Error, Msg: "统一社会信用代码未通过校验，此行未发布"},
		{File: "data/disclosures/xiling.xlsx", Sheet: "Sheet1", Line: 4, Severity: ingest.Warning, Msg: "只是警告"},
		{File: "data/focus/bad.csv", Severity: ingest.Error, Msg: "整表未计入"},
	}
	out := filepath.Join(t.TempDir(), "报表")
	sum, err := Write(knownDataset(), nil, problems, config.Default(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.LeftOut != 2 {
		t.Errorf("LeftOut %d, want 2", sum.LeftOut)
	}
	f := openXLSX(t, filepath.Join(out, SummaryXLSX))
	if got := f.GetSheetList(); !slices.Equal(got, []string{summarySheet, leftOutSheet}) {
		t.Errorf("sheets %v", got)
	}
	rows, err := f.GetRows(summarySheet)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for i, r := range rows {
		if len(r) > 0 && r[0] == "合计" {
			total = i + 1
		}
	}
	if total == 0 {
		t.Fatal("汇总说明 has no 合计 row")
	}
	cellIs(t, f, summarySheet, "A"+itoa(total), false, "合计", "合计")
	cellIs(t, f, summarySheet, "D"+itoa(total), true, "4", "4")
	if !strings.Contains(rows[1][0], "另有 2 处错误") {
		t.Errorf("intro does not say rows were left out: %q", rows[1][0])
	}

	cellIs(t, f, leftOutSheet, "A1", false, "文件", "文件")
	cellIs(t, f, leftOutSheet, "A2", false, "data/commitments/yidu.csv", "data/commitments/yidu.csv")
	cellIs(t, f, leftOutSheet, "C2", true, "7", "7")
	cellIs(t, f, leftOutSheet, "D2", false, problems[0].Msg, problems[0].Msg)
	cellIs(t, f, leftOutSheet, "A3", false, "data/focus/bad.csv", "data/focus/bad.csv")
	if n, _ := f.GetRows(leftOutSheet); len(n) != 3 {
		t.Errorf("%d rows in %s, want header and 2 errors", len(n), leftOutSheet)
	}

	csv, err := os.ReadFile(filepath.Join(out, LeftOutFile))
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeff文件,工作表,行,问题\r\ndata/commitments/yidu.csv,,7," + problems[0].Msg + "\r\ndata/focus/bad.csv,,,整表未计入\r\n"
	if string(csv) != want {
		t.Errorf("%s:\n%q\nwant\n%q", LeftOutFile, csv, want)
	}

	txt, err := os.ReadFile(filepath.Join(out, SummaryText))
	if err != nil {
		t.Fatal(err)
	}
	s := string(txt)
	if !strings.HasPrefix(s, "\ufeff"+summaryTitle+"\r\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") {
		t.Errorf("%s is not BOM + CRLF text: %q", SummaryText, s[:min(len(s), 200)])
	}
	if !strings.Contains(s, "\r\n合计\t") {
		t.Errorf("%s has no tab-separated 合计 row", SummaryText)
	}
	text := string(plainText([]section{{heading: "标题", table: [][]string{{"企业名称", "类型"}, {"两行\n的\t名称", "A"}}}}))
	if !strings.HasSuffix(text, "\r\n两行 的 名称\tA\r\n\r\n") {
		t.Errorf("a cell with a line break or tab breaks the columns: %q", text)
	}
}
