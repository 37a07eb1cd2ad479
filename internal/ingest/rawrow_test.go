package ingest

import (
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/schema"
)

// TestProblemsCarryTheirRow checks that a refused row's problem holds the
// row as typed (for the check report), both for problems found while
// reading (personal data) and for those found when publishing (a bad
// date), and that rows are counted per file.
func TestProblemsCarryTheirRow(t *testing.T) {
	res := load(t, map[string]string{"data/commitments/yidu.csv": strings.Join([]string{
		commitmentHeader,
		commitmentLine(1, 1, "2018-11-02"),
		commitmentLine(2, 2, "2018-13-45"),
		"3,宜昌测试3有限公司,张3," + code(3) + ",主动公示型,依法诚信经营,2018-11-02,电话13912345678",
	}, "\n") + "\n"})
	rows := map[int]*RawRow{}
	for _, p := range res.Problems {
		rows[p.Line] = p.Row
	}
	for line, want := range map[int]string{3: "2018-13-45", 4: "电话13912345678"} {
		r := rows[line]
		if r == nil {
			t.Fatalf("problem on line %d has no row: %v", line, res.Problems)
		}
		if !slices.Contains(r.Cells, want) || !slices.Contains(r.Header, "做出信用承诺时间") {
			t.Errorf("line %d: row %q, header %q", line, r.Cells, r.Header)
		}
	}
	if got := res.FileRows["data/commitments/yidu.csv"]; got != 3 {
		t.Errorf("FileRows = %v, want 3 rows for yidu.csv", res.FileRows)
	}
}

// problemAt returns the one problem at where whose message holds frag.
func problemAt(t *testing.T, res *Result, where, frag string) Problem {
	t.Helper()
	for _, p := range res.Problems {
		if p.Where() == where && strings.Contains(p.Msg, frag) {
			return p
		}
	}
	t.Fatalf("no problem at %s with %q:\n%s", where, frag, problemList(res.Problems))
	return Problem{}
}

// TestProblemsWithoutRowGetContext checks every kind of problem ingest
// reports without a row of its own: a line a stray quote keeps from
// being read (its physical lines as typed, in GB18030 too), a duplicate
// and a differing name (both rows with their places), a header of the
// wrong table (the header row), a file without a header or a 填报单位 line
// (its first lines), sample data beside real data (the file's title line
// and config.yaml's sampleData line).
func TestProblemsWithoutRowGetContext(t *testing.T) {
	dir := t.TempDir()
	quoted := "2,宜昌测试2\"有限公司,张2," + code(2) + ",主动公示型,依法\"诚信\"经营,2018-11-02,"
	writeFiles(t, dir, map[string]string{
		"config.yaml": "title: 测试\nsampleData: true\n",
		"data/commitments/a.csv": strings.Join([]string{
			"填报单位：宜都市", commitmentHeader,
			commitmentLine(1, 1, "2018-11-01"),
			quoted,
			commitmentLine(3, 3, "2018-11-03"),
			commitmentLine(4, 1, "2018-11-01"), // repeats line 3
			"5,宜昌另一个名字有限公司,张5," + code(5) + ",主动公示型,依法诚信经营,2018-11-05,",
		}, "\n") + "\n",
		"data/commitments/b.csv": gb18030(t, "填报单位：西陵区\n"+commitmentHeader+"\n"+quoted+"\n"+
			"6,宜昌测试5有限公司,张5,"+code(5)+",主动公示型,依法诚信经营,2018-12-01,\n"),
		"data/commitments/c.csv":   "宜昌市企业信用承诺情况\n企业,代码\n甲,乙\n",
		"data/commitments/d.csv":   commitmentHeader + "\n" + commitmentLine(1, 7, "2018-11-01") + "\n",
		"data/disclosures/e.csv":   commitmentHeader + "\n" + commitmentLine(1, 8, "2018-11-01") + "\n",
		"data/disclosures/gen.csv": "企业亮信用示例数据（" + schema.SampleMark + "）\n序号,企业名称,统一社会信用代码,其他\n1,宜昌示例有限公司," + code(9) + ",守信\n",
	})
	res, err := Load(dir, Options{Units: map[string]string{"a": "宜都市", "b": "西陵区", "e": "e"}, SampleData: true})
	if err != nil {
		t.Fatal(err)
	}

	// A stray quote: the line as typed between its neighbours, marked.
	for _, where := range []string{"data/commitments/a.csv:4", "data/commitments/b.csv:3"} {
		p := problemAt(t, res, where, "引号")
		var bad []Line
		for _, l := range p.Lines {
			if l.Bad {
				bad = append(bad, l)
			}
		}
		if p.Row != nil || len(p.Lines) != 3 || len(bad) != 1 || bad[0].N != p.Line || bad[0].Text != quoted {
			t.Errorf("%s: lines %+v", where, p.Lines)
		}
	}

	// A duplicate: the repeat and the row it repeats, each with its place.
	dup := problemAt(t, res, "data/commitments/a.csv:6", "完全相同")
	if dup.Row == nil || dup.Other == nil || dup.Other.At.Line != 3 || !slices.Equal(dup.Row.Cells[1:], dup.Other.Cells[1:]) ||
		dup.Row.Cells[0] != "4" || !slices.Contains(dup.Other.Header, "做出信用承诺时间") {
		t.Errorf("duplicate: row %+v, other %+v", dup.Row, dup.Other)
	}
	// A differing name: the row and the newest record that names the enterprise.
	name := problemAt(t, res, "data/commitments/a.csv:7", "不一致")
	if name.Other == nil || name.Other.At.File != "data/commitments/b.csv" || name.Other.At.Line != 4 || name.Other.Cells[1] != "宜昌测试5有限公司" ||
		name.Row == nil || name.Row.Cells[1] != "宜昌另一个名字有限公司" {
		t.Errorf("name conflict: row %+v, other %+v", name.Row, name.Other)
	}

	// A file without a header: its first lines as typed.
	noHeader := problemAt(t, res, "data/commitments/c.csv", "找不到表头")
	if len(noHeader.Lines) != 3 || noHeader.Lines[1].Text != "企业,代码" {
		t.Errorf("no header: lines %+v", noHeader.Lines)
	}
	// A file without 填报单位: its first lines, where the line goes.
	if p := problemAt(t, res, "data/commitments/d.csv", "填报单位"); len(p.Lines) != 2 || p.Lines[0].Text != commitmentHeader {
		t.Errorf("no sender: lines %+v", p.Lines)
	}
	// The wrong table's header: the header row, as typed.
	wrong := problemAt(t, res, "data/disclosures/e.csv:1", "附件3")
	if wrong.Row == nil || wrong.Row.Header != nil || !slices.Contains(wrong.Row.Cells, "信用承诺类型") {
		t.Errorf("wrong table: row %+v", wrong.Row)
	}
	// Sample data: the file's title line with gen's mark; config.yaml's line.
	if p := problemAt(t, res, "data/disclosures/gen.csv", "示例数据"); len(p.Lines) == 0 || !strings.Contains(p.Lines[0].Text, schema.SampleMark) {
		t.Errorf("sample file: lines %+v", p.Lines)
	}
	if p := problemAt(t, res, "config.yaml", "sampleData"); len(p.Lines) != 1 || p.Lines[0] != (Line{N: 2, Text: "sampleData: true", Bad: true}) {
		t.Errorf("config: lines %+v", p.Lines)
	}
}

// A workbook refused as a whole, or a worksheet warned about, shows the
// first rows of its sheets with their Excel row numbers; a duplicate in a
// worksheet shows both rows at FILE:SHEET!ROW.
func TestWorkbookProblemsGetContext(t *testing.T) {
	book := func(sheets map[string][][]any) string {
		f := excelize.NewFile()
		defer f.Close()
		for name, rows := range sheets {
			f.NewSheet(name)
			for i, r := range rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				if err := f.SetSheetRow(name, cell, &r); err != nil {
					t.Fatal(err)
				}
			}
		}
		f.DeleteSheet("Sheet1")
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	row := func(seq, n int) []any {
		return []any{seq, "宜昌测试" + itoa(n) + "有限公司", "张" + itoa(n), code(n), "主动公示型", "依法诚信经营", "2018-11-0" + itoa(n), ""}
	}
	header := []any{"序号", "企业名称", "法定代表人", "统一社会信用代码", "信用承诺类型", "信用承诺事项", "做出信用承诺时间", "其他"}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"data/commitments/notes.xlsx": book(map[string][][]any{"说明": {{"填表说明"}, {"企业", "代码"}}}),
		"data/commitments/yidu.xlsx":  book(map[string][][]any{"宜都": {{"宜都市信用承诺"}, header, row(1, 1), row(2, 2), row(3, 1)}}),
	})
	res, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := problemAt(t, res, "data/commitments/notes.xlsx", "找不到表头")
	if len(p.Lines) != 2 || p.Lines[1] != (Line{Sheet: "说明", N: 2, Text: "企业 | 代码"}) {
		t.Errorf("no header: lines %+v", p.Lines)
	}
	p = problemAt(t, res, "data/commitments/yidu.xlsx:宜都", "填报单位")
	if len(p.Lines) == 0 || p.Lines[0] != (Line{Sheet: "宜都", N: 1, Text: "宜都市信用承诺"}) {
		t.Errorf("no sender: lines %+v", p.Lines)
	}
	dup := problemAt(t, res, "data/commitments/yidu.xlsx:宜都!5", "完全相同")
	if dup.Other == nil || dup.Other.At.Sheet != "宜都" || dup.Other.At.Line != 3 || len(dup.Other.Cells) == 0 || dup.Row == nil || dup.Row.Cells[0] != "3" {
		t.Errorf("duplicate: row %+v, other %+v", dup.Row, dup.Other)
	}
}
