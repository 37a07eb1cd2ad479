package ingest

import (
	"archive/zip"
	"bytes"
	"flag"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/model"
)

var updateCellText = flag.Bool("update-cell-text", false, "rewrite testdata/cases/cell-text/data/disclosures/xiling.xlsx")

const cellTextWorkbook = "testdata/cases/cell-text/data/disclosures/xiling.xlsx"

// crWorkbook is a 附件2 workbook whose 其他补充公示信息 is stored as Excel
// stores a CR LF inside a cell: "_x000D_" and a line feed. excelize
// escapes a "_x000D_" it is given as text, so the stored string is
// patched in the package afterwards.
func crWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	const s = "Sheet1"
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	must(err)
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	for i, row := range [][]any{
		{"宜昌市企业补充公示信息填报表"},
		{"填报单位：西陵区"},
		{"序号", "企业名称", "法定代表人", "统一社会信用代码", "企业资质证书名称", "发证机关", "资质证书编号",
			"资质等级", "发证时间", "证书有效期", "信用报告名称", "信用报告年度", "评定机构名称", "其他补充公示信息"},
		{1, "宜昌换行测试有限公司", "张一", "914205005908193575", "安全生产许可证", "湖北省住房和城乡建设厅", "0042050012345678",
			"", 43258, "2018-06-07至2021-06-06", "", "", "", "第一行@CR@\n第二行"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(f.SetSheetRow(s, cell, &row))
	}
	must(f.SetCellStyle(s, "D4", "D4", text))
	must(f.SetCellStyle(s, "G4", "G4", text))
	must(f.SetCellStyle(s, "I4", "I4", date))
	var b bytes.Buffer
	must(f.Write(&b))
	return patchZip(t, b.Bytes(), "xl/sharedStrings.xml", "@CR@", "_x000D_")
}

// patchZip returns the package with old replaced by new in one part.
func patchZip(t *testing.T, pkg []byte, part, old, new string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	patched := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part && bytes.Contains(data, []byte(old)) {
			data, patched = bytes.ReplaceAll(data, []byte(old), []byte(new)), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil || !patched {
		t.Fatalf("patching %s: %v (patched %v)", part, err, patched)
	}
	return out.Bytes()
}

// TestCaseCellText: line breaks typed in cells are kept as "\n", control,
// invisible and bidi characters never reach the model (a bidi override in
// a name refuses the row), over-long text is a warning and, over the cell
// limit, an error; every problem is named by FILE:LINE.
func TestCaseCellText(t *testing.T) {
	if *updateCellText {
		if err := os.WriteFile(cellTextWorkbook, crWorkbook(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := loadCase(t, "cell-text")
	const f = "data/commitments/xiling.csv:"
	wantProblems(t, r.Problems,
		f+"7: 警告：“企业名称”中的控制字符已去除",
		f+"7: 警告：“信用承诺事项”中的控制字符已去除",
		f+"8: 错误：“企业名称”中有改变文字显示方向的控制字符…此行未发布",
		f+"9: 警告：“信用承诺事项”中的改变文字显示方向的控制字符已去除",
		f+"10: 警告：“信用承诺事项”有600个字，超过500个字…列表中只显示前500个字，全文见企业页面",
		f+"11: 错误：含有无法识别的文字…此行未发布",
		f+"12: 错误：“信用承诺事项”（第6列）超过每格16384字节的长度上限",
		f+"13: 警告：“信用承诺事项”中的零宽或不可见字符已去除",
		f+"13: 警告：“其他”中的控制字符、特殊换行符已去除",
	)
	cs := commitmentsByLine(r)
	want := map[int][2]string{ // line → 信用承诺事项, 其他
		4:  {"一、依法诚信经营\n二、按时足额纳税", "第一行\n第二行"},
		7:  {"依法经营守信", ""},
		9:  {"依法经营信守", ""},
		13: {"依法经营", "备\n注"},
	}
	for line, w := range want {
		c := cs[f+itoa(line)]
		if c == nil || c.Item != w[0] || c.Other != w[1] {
			t.Errorf("line %d: %+v, want item %q, other %q", line, c, w[0], w[1])
		}
	}
	if c := cs[f+"7"]; c == nil || c.Name != "宜昌控制字符有限公司" {
		t.Errorf("line 6 name: %+v", c)
	}
	if c := cs[f+"4"]; c == nil || c.Code != "914205005908193575" {
		t.Errorf("line 4 code: %+v", c)
	}
	if c := cs[f+"10"]; c == nil || len([]rune(c.Item)) != 600 {
		t.Errorf("line 9 not published whole: %+v", c)
	}
	for _, at := range []string{f + "8", f + "11", f + "12"} {
		if cs[at] != nil {
			t.Errorf("%s published", at)
		}
	}
	for _, c := range r.Dataset.Commitments {
		assertPrintable(t, c.Source, c.Name, c.LegalRep, c.Item, c.Other)
	}
	if len(r.Dataset.Disclosures) != 1 {
		t.Fatalf("disclosures %+v", r.Dataset.Disclosures)
	}
	d := r.Dataset.Disclosures[0]
	if d.Other != "第一行\n第二行" || d.Code != "914205005908193575" || d.CertNumber != "0042050012345678" || d.Issued() != "2018-06-07" {
		t.Errorf("workbook row: %+v", d)
	}
}

// assertPrintable fails for a value holding a character no page may
// show: a control character but "\n", a format character, a noncharacter.
func assertPrintable(t *testing.T, src model.Source, vals ...string) {
	t.Helper()
	for _, v := range vals {
		if i := strings.IndexFunc(v, func(r rune) bool {
			return r < ' ' && r != '\n' || r >= 0x7f && r < 0xa0 || r >= 0x200b && r <= 0x200f || r >= 0x202a && r <= 0x202e ||
				r >= 0x2066 && r <= 0x2069 || r == 0xfeff || r >= 0xfdd0 && r <= 0xfdef
		}); i >= 0 {
			t.Errorf("%s:%d: %+q keeps %U", src.File, src.Line, v, []rune(v[i:])[0])
		}
	}
}
