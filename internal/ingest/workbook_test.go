package ingest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/config"
)

var updateWorkbook = flag.Bool("update-workbook", false, "rewrite testdata/workbook/data/disclosures/xiling.xlsx")

const workbookFile = "testdata/workbook/data/disclosures/xiling.xlsx"

// countyWorkbook is a 附件2 workbook as a county keeps it: a merged title
// and 填报单位 line; one enterprise's name, representative and text-typed
// code merged over the rows of its three certificates; date cells; a code
// Excel stored as a number; a hidden row; a second sheet named after
// another unit; a hidden notes sheet without a table.
func countyWorkbook(t *testing.T) *excelize.File {
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	const s = "西陵区"
	must(f.SetSheetName("Sheet1", s))
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	must(err)
	row := func(sheet string, n int, vals ...any) {
		cell, _ := excelize.CoordinatesToCellName(1, n)
		must(f.SetSheetRow(sheet, cell, &vals))
	}
	header := []any{"序号", "企业名称", "法定代表人", "统一社会信用代码", "企业资质证书名称", "发证机关", "资质证书编号",
		"资质等级", "发证时间", "证书有效期", "信用报告名称", "信用报告年度", "评定机构名称", "其他补充公示信息"}
	row(s, 1, "宜昌市企业补充公示信息填报表")
	must(f.MergeCell(s, "A1", "N1"))
	row(s, 2, "填报单位：西陵区发改局")
	row(s, 3, header...)
	row(s, 4, 1, "宜昌示范建工集团有限公司", "徐志刚", code(1), "安全生产许可证", "湖北省住房和城乡建设厅", "(鄂)JZ安许证字7435818", "专业承包叁级", 43258, "2018.06.07-2023.06.06")
	row(s, 5, nil, nil, nil, nil, "食品经营许可证", "宜昌市市场监督管理局", "JY14205020012345", "", 43259, "长期")
	row(s, 6, nil, nil, nil, nil, "道路运输经营许可证", "宜昌市交通运输局", "鄂交运管许可宜字420502000123号", "", 43260, "2019年6月9日")
	for _, col := range "ABCD" {
		must(f.MergeCell(s, string(col)+"4", string(col)+"6"))
	}
	must(f.SetCellStyle(s, "D4", "D4", text))
	must(f.SetCellStyle(s, "I4", "I6", date))
	row(s, 7, 2, "宜昌示范电力工程有限公司", "周建军", 9.14205001648089e17, "电力业务许可证", "国家能源局华中监管局", "1052416-00123", "", 43261, "长期")
	must(f.SetCellStyle(s, "I7", "I7", date))
	row(s, 8, 3, "宜昌示范环保科技有限公司", "朱秀英", code(3), "排污许可证", "宜昌市生态环境局", "91420500MA0001", "", "2018-06-07", "长期")
	must(f.SetRowVisible(s, 8, false))
	row(s, 10, "填报人：王五")

	const s2 = "伍家岗区"
	_, err = f.NewSheet(s2)
	must(err)
	row(s2, 1, header...)
	row(s2, 2, 1, "宜昌示范物流有限公司", "李四", code(4), "", "", "", "", "", "", "宜昌示范物流有限公司信用报告", 2018, "东方金诚国际信用评估有限公司")

	_, err = f.NewSheet("填表说明")
	must(err)
	row("填表说明", 1, "企业名称须与营业执照一致")
	must(f.SetSheetVisible("填表说明", false))
	return f
}

// TestWorkbook reads a county workbook as check does and compares every
// line of the report, then the records: every certificate under its
// enterprise, the unit of each sheet, dates read from date cells.
func TestWorkbook(t *testing.T) {
	if *updateWorkbook {
		f := countyWorkbook(t)
		if err := os.MkdirAll(filepath.Dir(workbookFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := f.SaveAs(workbookFile); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Load(filepath.Join("testdata", "workbook"), OptionsFor(config.Default()))
	if err != nil {
		t.Fatal(err)
	}
	var report bytes.Buffer
	r.WriteReport(&report)
	want := "data/disclosures/xiling.xlsx:西陵区!7: 错误：统一社会信用代码单元格是数字格式（Excel 只保留 15 位有效数字，第16–18位已变成0）；请把该列设为“文本”格式，按营业执照重新填写，此行未发布\n" +
		"data/disclosures/xiling.xlsx:西陵区!8: 警告：此行在 Excel 中被隐藏，仍照常发布；不应发布的行请删除而不是隐藏\n" +
		"共读取 1 个文件、6 行数据，发布 5 条记录，未发布 1 行；错误 1 个，警告 1 个。\n"
	if report.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", report.String(), want)
	}
	e := r.Dataset.Enterprise(code(1))
	if e == nil || len(e.Disclosures) != 3 {
		t.Fatalf("enterprise %+v, want three certificates", e)
	}
	got := map[string]string{}
	for _, d := range e.Disclosures {
		got[d.CertName] = d.Source.Sheet + "!" + itoa(d.Source.Line) + " " + d.Issued() + " " + d.Source.Unit + " " + d.Name + " " + d.LegalRep
	}
	for cert, w := range map[string]string{
		"安全生产许可证":   "西陵区!4 2018-06-07 西陵区发改局 宜昌示范建工集团有限公司 徐志刚",
		"食品经营许可证":   "西陵区!5 2018-06-08 西陵区发改局 宜昌示范建工集团有限公司 徐志刚",
		"道路运输经营许可证": "西陵区!6 2018-06-09 西陵区发改局 宜昌示范建工集团有限公司 徐志刚",
	} {
		if got[cert] != w {
			t.Errorf("%s: %q, want %q", cert, got[cert], w)
		}
	}
	if e := r.Dataset.Enterprise(code(4)); e == nil || e.Disclosures[0].Source.Unit != "伍家岗区" || e.Disclosures[0].ReportYear != "2018" {
		t.Errorf("second sheet: %+v", e)
	}
	if e := r.Dataset.Enterprise(code(3)); e == nil {
		t.Error("hidden row not published")
	}
}

// A workbook saved with a .csv name is read as the workbook it is.
func TestWorkbookNamedCSV(t *testing.T) {
	book, err := os.ReadFile(workbookFile)
	if err != nil {
		t.Fatal(err)
	}
	r := load(t, map[string]string{"disclosures/xiling.csv": string(book)})
	if len(r.Dataset.Disclosures) != 5 {
		t.Errorf("%d disclosures, want 5:\n%s", len(r.Dataset.Disclosures), problems(r))
	}
}

// A worksheet cell over the cell limit refuses its row (the CSV reader
// holds CSV cells to the same limit).
func TestWorkbookLongCell(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"企业名称", "统一社会信用代码", "其他补充公示信息"},
		{"甲公司", code(1), string(bytes.Repeat([]byte("长"), 200))},
		{"乙公司", code(2), "守合同重信用"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"disclosures/xiling.xlsx": buf.String()})
	r, err := Load(dir, Options{MaxCellBytes: 300, Units: map[string]string{"xiling": "西陵区"}})
	if err != nil {
		t.Fatal(err)
	}
	wantProblems(t, r.Problems, "disclosures/xiling.xlsx:Sheet1!2: 错误：“其他补充公示信息”有200个字（600字节），超过每格300字节的长度上限，此行未发布")
	if len(r.Dataset.Disclosures) != 1 {
		t.Errorf("%d disclosures, want 1", len(r.Dataset.Disclosures))
	}
}
