package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestMissingSource(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope"), Options{})
	if err == nil || !strings.Contains(err.Error(), "源文件夹") || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("err = %v", err)
	}
	if _, _, err := LoadFocus(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("LoadFocus: no error for a missing folder")
	}
}

func TestEmptySource(t *testing.T) {
	r := load(t, map[string]string{"content/index.md": "# hi"})
	if r.Files != 0 || r.Records != 0 || len(r.Problems) != 0 || r.Dataset == nil {
		t.Errorf("%+v", r)
	}
}

// Files under data/ are named data/… in problems and sources.
func TestDataFolder(t *testing.T) {
	r := load(t, map[string]string{
		"data/commitments/dianjun.csv": commitmentHeader + "\n" + commitmentLine(1, 1, "2018-12-17") + "\n1,,,,,,,\n",
		"commitments/ignored.csv":      commitmentHeader + "\n" + commitmentLine(1, 2, "2018-12-17") + "\n",
	})
	if len(r.Dataset.Commitments) != 1 || r.Dataset.Commitments[0].Source.File != "data/commitments/dianjun.csv" {
		t.Fatalf("commitments %+v", r.Dataset.Commitments)
	}
	wantProblems(t, r.Problems, "data/commitments/dianjun.csv:3: 错误：缺少企业名称，此行未发布", "data/commitments/dianjun.csv:3: 错误：缺少统一社会信用代码",
		"data/commitments/dianjun.csv:3: 错误：缺少做出信用承诺时间", "data/commitments/dianjun.csv:3: 错误：缺少信用承诺类型",
		"data/commitments/dianjun.csv:3: 错误：缺少信用承诺事项")
	if r.Rows != 2 || r.Records != 1 || r.Skipped != 1 {
		t.Errorf("rows %d records %d skipped %d", r.Rows, r.Records, r.Skipped)
	}
}

// The same table in every encoding and line ending Excel and WPS write
// loads to the same records.
func TestEncodings(t *testing.T) {
	text := "宜昌企业信用承诺情况列表,,,,,,,\n填报单位：伍家岗区发改局,,,,,,,\n" + commitmentHeader + "\n" +
		commitmentLine(1, 1, "2018年12月17日") + "\n" +
		"2,\"宜昌（测试）\n物流有限公司\",李四," + code(2) + ",行业自律型,遵守行业公约,43451,备注\n" +
		commitmentLine(3, 3, "2018/1/2") + "\n填报人：王五,,,,,,,\n"
	crlf := strings.ReplaceAll(text, "\n", "\r\n")
	variants := map[string]string{
		"utf8":         text,
		"utf8-bom":     "\uFEFF" + text,
		"utf8-crlf":    crlf,
		"gb18030":      gb18030(t, text),
		"gb18030-crlf": gb18030(t, crlf),
	}
	var want []string
	for name, content := range variants {
		r := load(t, map[string]string{"commitments/" + name + ".csv": content})
		if len(r.Problems) != 0 {
			t.Errorf("%s: %s", name, problems(r))
		}
		var got []string
		for _, c := range r.Dataset.Commitments {
			got = append(got, strings.Join([]string{itoa(c.Source.Line), c.Source.Unit, c.Seq, c.Name, c.LegalRep, c.Code, string(c.Type), c.Item, c.Date.String(), c.Other}, "|"))
		}
		if want == nil {
			want = got
			if len(want) != 3 || !strings.Contains(strings.Join(want, "\n"), "5|伍家岗区发改局|2|宜昌（测试）物流有限公司|李四|"+code(2)+"|行业自律型|遵守行业公约|2018-12-17|备注") {
				t.Fatalf("%s: records\n%s", name, strings.Join(got, "\n"))
			}
		} else if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: records\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	// The third record starts on line 7: the name broken over lines 5–6 counts.
	var lines []string
	for _, w := range want {
		lines = append(lines, w[:strings.IndexByte(w, '|')])
	}
	sort.Strings(lines)
	if strings.Join(lines, ",") != "4,5,7" {
		t.Errorf("record lines %v, want 4,5,7", lines)
	}
}

func TestUnreadableEncodings(t *testing.T) {
	utf16 := "\xFF\xFE" + "1\x00,\x00"
	r := load(t, map[string]string{
		"commitments/utf16.csv": utf16,
		"commitments/book.csv":  "PK\x03\x04\x14\x00\x06\x00",
		"commitments/ok.csv":    commitmentHeader + "\n" + commitmentLine(1, 1, "2018-12-17") + "\n",
	})
	wantProblems(t, r.Problems,
		"commitments/book.csv: 错误：文件不是 Excel 工作簿（.xlsx）或已损坏", // read as the workbook it starts like
		"commitments/utf16.csv: 错误：…UTF-16…整个文件未读取")
	if r.Files != 3 || r.Records != 1 {
		t.Errorf("files %d records %d", r.Files, r.Records)
	}
}

func TestShapes(t *testing.T) {
	r := load(t, map[string]string{
		// Columns in another order, notes and padding in the header,
		// unknown columns, trailing empty cells, blank and footer rows.
		"commitments/a.csv": "宜昌企业信用承诺情况列表\n\n" +
			"\"做出信用承诺\n时间\",统一社会 信用代码,企业名称（全称）,信用承诺类型（主动公示型、审批替代型、行业自律型、信用修复型）,信用承诺事项,备用列,序号,其他,经办人\n" +
			"2018-12-17," + code(1) + ",甲公司,主动公示型,事项一,x,1,,\n" +
			",,,,,,,,\n" +
			"2018-12-18," + code(2) + ",乙公司,审批替代型,事项二,y,2\n" +
			"备注：本表由…填写,,,,,\n",
		// No header at all.
		"commitments/b.csv": "1,甲公司," + code(1) + "\n",
		// A required column missing: every row is left out.
		"commitments/c.csv": "序号,企业名称,统一社会信用代码,信用承诺事项,做出信用承诺时间\n1,丙公司," + code(3) + ",事项,2018-12-17\n",
		// 附件2 put into the commitments folder.
		"commitments/d.csv": "序号,企业名称,统一社会信用代码,企业资质证书名称\n1,丁公司," + code(4) + ",许可证\n",
		// A column given twice.
		"commitments/e.csv": "企业名称,统一社会信用代码,企业名称,信用承诺类型,信用承诺事项,做出信用承诺时间\n戊公司," + code(5) + ",别名,行业自律型,事项,2018-12-17\n",
		// Not CSV.
		"commitments/f.xlsx":          "PK",
		"commitments/~$a.csv":         "lock",
		"disclosures/only-header.csv": "企业名称,统一社会信用代码\n",
		"disclosures/misplaced.csv":   commitmentHeader + "\n" + commitmentLine(1, 6, "2018-12-17") + "\n",
	})
	wantProblems(t, r.Problems,
		"commitments/a.csv:3: 警告：不认识的列“备用列”",
		"commitments/a.csv:3: 警告：不认识的列“经办人”",
		"commitments/b.csv: 错误：找不到表头",
		"commitments/c.csv:1: 错误：表头缺少“信用承诺类型”列",
		"commitments/d.csv:1: 错误：表头含有“企业资质证书名称”，这是附件2《宜昌市企业补充公示信息填报表》，不是附件3…应放在 data/disclosures/",
		"commitments/e.csv:1: 警告：“企业名称”列出现了不止一次",
		"commitments/f.xlsx: 错误：文件不是 Excel 工作簿（.xlsx）或已损坏",
		"disclosures/misplaced.csv:1: 错误：表头含有“信用承诺类型”，这是附件3《宜昌市企业信用承诺情况列表》，不是附件2",
		"disclosures/only-header.csv:1: 错误：表头没有附件2《宜昌市企业补充公示信息填报表》的任何内容列",
	)
	var got []string
	for _, c := range r.Dataset.Commitments {
		got = append(got, c.Source.File+":"+itoa(c.Source.Line)+" "+c.Seq+" "+c.Name+" "+c.Item+" "+c.Date.String())
	}
	// Newest first; the header's first cell spans lines 3–4.
	want := []string{
		"commitments/a.csv:7 2 乙公司 事项二 2018-12-18",
		"commitments/a.csv:5 1 甲公司 事项一 2018-12-17",
		"commitments/e.csv:2  戊公司 事项 2018-12-17",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("records\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Files != 8 || r.Rows != 6 || r.Records != 3 || r.Skipped != 3 {
		t.Errorf("files %d rows %d records %d skipped %d", r.Files, r.Rows, r.Records, r.Skipped)
	}
}

func TestDateForms(t *testing.T) {
	forms := map[string]string{
		"2018-12-17": "2018-12-17", "2018/12/17": "2018-12-17", "2018.12.17": "2018-12-17",
		"2018年12月17日": "2018-12-17", "20181217": "2018-12-17", "43451": "2018-12-17",
		"２０１８－１２－１７": "2018-12-17", "2018/2/3": "2018-02-03", "43101": "2018-01-01",
	}
	var lines []string
	var order []string
	for in, want := range forms {
		lines = append(lines, commitmentLine(len(lines)+1, len(lines)+1, in))
		order = append(order, want)
	}
	r := load(t, map[string]string{"commitments/a.csv": commitmentHeader + "\n" + strings.Join(lines, "\n")})
	if len(r.Problems) != 0 {
		t.Fatal(problems(r))
	}
	for _, c := range r.Dataset.Commitments {
		if want := order[c.Source.Line-2]; c.Date.String() != want {
			t.Errorf("line %d: date %s, want %s", c.Source.Line, c.Date, want)
		}
		// A page's title shows the date as typed when it was rewritten;
		// an Excel serial was never typed.
		typed := strings.Split(lines[c.Source.Line-2], ",")[6]
		if typed == c.Date.String() || isSerial(typed) {
			typed = ""
		}
		if got := c.DateAsWritten(); got != typed {
			t.Errorf("line %d: as written %q, want %q", c.Source.Line, got, typed)
		}
	}
}

func TestValidation(t *testing.T) {
	bad := code(7)
	bad = bad[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", bad[17])+1)%31])
	r := load(t, map[string]string{
		"commitments/a.csv": commitmentHeader + "\n" +
			"1,甲公司,张三," + bad + ",主动公示型,事项,2018-12-17,\n" +
			"2,乙公司,张三,9142050,主动公示型,事项,2018-12-17,\n" +
			"3,丙公司,张三," + strings.ToLower(code(3)) + ",主动 公示型,事项,2019-02-29,\n" +
			"4,丁公司,张三," + code(4) + ",其他型,事项,2018-12-17,\n" +
			"5,戊公司,张三," + code(5) + ",主动公示型,,—,\n" +
			"6,己公司,张三,\"" + code(6)[:9] + " " + code(6)[9:] + "\",\" 信用 修复型 \",事项,2018-12-17,\n" +
			"7,庚公司,张三,9.14205E+17,主动公示型,事项,2018-12-17,\n" +
			"8,\"辛\n公司\",张三,\"=\"\"" + code(8) + "\"\"\",行业自律型,事项,2018-12-17,\n" +
			"9,壬公司,张三,'" + code(9) + ",行业自律型,事项,2018-12-17,\n",
		"disclosures/b.csv": "企业名称,统一社会信用代码,发证时间,证书有效期\n" +
			"甲公司," + code(1) + ",,\n" +
			"乙公司," + code(2) + ",2018-02-30,长期\n" +
			"丙公司," + code(3) + ",—,五年\n" +
			"丁公司," + code(4) + ",2018-01-01,2018-01-01至2023-01-01\n" +
			"戊公司," + code(5) + ",43101,44927\n",
	})
	wantProblems(t, r.Problems,
		"commitments/a.csv:2: 错误：统一社会信用代码“"+bad+"”未通过校验，至少有一位抄错",
		"commitments/a.csv:3: 错误：统一社会信用代码“9142050”应为18位",
		"commitments/a.csv:4: 错误：做出信用承诺时间“2019-02-29”不是有效日期",
		"commitments/a.csv:5: 错误：信用承诺类型“其他型”无效",
		"commitments/a.csv:6: 错误：缺少做出信用承诺时间",
		"commitments/a.csv:6: 错误：缺少信用承诺事项",
		"commitments/a.csv:8: 错误：统一社会信用代码“9.14205E+17”已被Excel当成数字保存",
		"disclosures/b.csv:2: 错误：没有任何补充公示内容",
		"disclosures/b.csv:3: 警告：发证时间“2018-02-30”不是可识别的日期，按原文显示",
		"disclosures/b.csv:4: 警告：证书有效期“五年”中找不到截止日期",
	)
	var got []string
	for _, c := range r.Dataset.Commitments {
		got = append(got, c.Code+" "+string(c.Type))
		if c.Code == code(8) && c.Name != "辛公司" {
			t.Errorf("name broken over lines: %q", c.Name)
		}
	}
	if want := []string{code(6) + " 信用修复型", code(8) + " 行业自律型", code(9) + " 行业自律型"}; !reflect.DeepEqual(got, want) {
		t.Errorf("commitments %q, want %q", got, want)
	}
	got = nil
	for _, d := range r.Dataset.Disclosures {
		got = append(got, d.Name+" "+d.Issued()+" "+d.CertExpires.String()+" "+d.CertValidity)
	}
	// 甲公司 discloses nothing; 乙公司's unreadable 发证时间 is shown as written.
	if want := []string{"丁公司 2018-01-01 2023-01-01 2018-01-01至2023-01-01", "戊公司 2018-01-01 2023-01-01 2023-01-01", "乙公司 2018-02-30  长期", "丙公司   五年"}; !reflect.DeepEqual(got, want) {
		t.Errorf("disclosures %q, want %q", got, want)
	}
}

func TestDuplicates(t *testing.T) {
	row := func(seq int) string { return commitmentLine(seq, 1, "2018-12-17") }
	r := load(t, map[string]string{
		// a date typed in another form is the same date
		"commitments/a.csv": commitmentHeader + "\n" + row(1) + "\n" + commitmentLine(2, 2, "2018-12-17") + "\n" + commitmentLine(3, 1, "2018年12月17日") + "\n",
		"commitments/b.csv": commitmentHeader + "\n" + row(9) + "\n" +
			// differs in one field only: not a duplicate
			strings.Replace(row(10), "依法诚信经营", "依法经营", 1) + "\n",
		"disclosures/c.csv": "序号,企业名称,统一社会信用代码,发证时间\n1,宜昌测试1有限公司," + code(1) + ",2018-01-01\n2,宜昌测试1有限公司," + code(1) + ",2018/1/1\n",
	})
	wantProblems(t, r.Problems,
		"commitments/a.csv:4: 警告：与 commitments/a.csv:2 的记录完全相同（序号除外），只发布一次",
		"commitments/b.csv:2: 警告：与 commitments/a.csv:2 的记录完全相同",
		"disclosures/c.csv:3: 警告：与 disclosures/c.csv:2 的记录完全相同",
	)
	if len(r.Dataset.Commitments) != 3 || len(r.Dataset.Disclosures) != 1 || r.Records != 4 || r.Skipped != 3 || r.Rows != 7 {
		t.Errorf("commitments %d disclosures %d records %d skipped %d rows %d", len(r.Dataset.Commitments), len(r.Dataset.Disclosures), r.Records, r.Skipped, r.Rows)
	}
	if e := r.Dataset.Enterprise(code(1)); len(e.Commitments) != 2 {
		t.Errorf("enterprise has %d commitments, want 2", len(e.Commitments))
	}
}

func TestNameConflicts(t *testing.T) {
	c := code(1)
	r := load(t, map[string]string{
		"commitments/a.csv":  commitmentHeader + "\n1,宜昌老名称有限公司,张三," + c + ",主动公示型,事项,2018-01-01,\n",
		"commitments/b.csv":  commitmentHeader + "\n1,宜昌新名称有限公司,张三," + c + ",主动公示型,事项,2018-06-01,\n",
		"disclosures/d.csv":  "企业名称,统一社会信用代码,发证时间\n宜昌老名称有限公司," + c + ",2017-01-01\n",
		"disclosures/e.csv":  "企业名称,统一社会信用代码,其他补充公示信息\n宜昌（新）名称有限公司," + c + ",守合同重信用\n",
		"disclosures/ok.csv": "企业名称,统一社会信用代码,其他补充公示信息\n宜昌其他有限公司," + code(2) + ",守合同重信用\n",
	})
	e := r.Dataset.Enterprise(c)
	if e.Name != "宜昌新名称有限公司" {
		t.Fatalf("NewDataset chose %q", e.Name)
	}
	wantProblems(t, r.Problems,
		"commitments/a.csv:2: 警告：企业名称“宜昌老名称有限公司”与统一社会信用代码 "+c+" 最新一条记录中的“宜昌新名称有限公司”不一致，网站显示为“宜昌新名称有限公司”",
		"disclosures/d.csv:2: 警告：企业名称“宜昌老名称有限公司”…显示为“宜昌新名称有限公司”",
		"disclosures/e.csv:2: 警告：企业名称“宜昌（新）名称有限公司”…显示为“宜昌新名称有限公司”",
	)
}

// Personal contact columns are dropped when the header is read: none of
// their values reach the dataset, and they are not even reported.
func TestPrivacy(t *testing.T) {
	secrets := []string{"王联系", "13800001111", "wang@example.cn", "13900002222", "420500199001011234", "027-1234567"}
	r := load(t, map[string]string{
		"commitments/a.csv": "序号,企业名称,联系人,法定代表人,统一社会信用代码,\"联系电话\n（座机）\",信用承诺类型,信用承诺事项,做出信用承诺时间,电子邮箱,手机,身份证号(法人),其他\n" +
			"1,甲公司," + secrets[0] + ",张三," + code(1) + "," + secrets[5] + ",主动公示型,事项,2018-12-17," + secrets[2] + "," + secrets[3] + "," + secrets[4] + ",\n",
		"disclosures/b.csv": "企业名称,统一社会信用代码,资质等级,联系人,联系电话\n乙公司," + code(2) + ",壹级," + secrets[0] + "," + secrets[1] + "\n",
	})
	if len(r.Problems) != 0 || r.Records != 2 {
		t.Fatalf("records %d, problems:\n%s", r.Records, problems(r))
	}
	assertNoSecrets(t, r.Dataset, secrets)
}

// assertNoSecrets walks every string reachable from v.
func assertNoSecrets(t *testing.T, v any, secrets []string) {
	t.Helper()
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.String:
			for _, s := range secrets {
				if strings.Contains(v.String(), s) {
					t.Errorf("secret %q reached the model in %q", s, v.String())
				}
			}
		}
	}
	walk(reflect.ValueOf(v))
}

func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read any file")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"commitments/a.csv": commitmentHeader + "\n"})
	if err := os.Chmod(filepath.Join(dir, "commitments/a.csv"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, Options{}); err == nil || !strings.Contains(err.Error(), "a.csv") {
		t.Errorf("err = %v", err)
	}
}

func TestProblemString(t *testing.T) {
	for _, c := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "data/commitments/x.csv", Line: 5, Severity: Error, Msg: "缺少企业名称"}, "data/commitments/x.csv:5: 错误：缺少企业名称"},
		{Problem{File: "data/commitments/x.csv", Severity: Warning, Msg: "只读取 .csv 文件"}, "data/commitments/x.csv: 警告：只读取 .csv 文件"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

// A stray quote in the title rows above the header does not refuse the
// file: titles are not data.
func TestStrayQuoteInTitle(t *testing.T) {
	r := load(t, map[string]string{
		"commitments/a.csv": "\"宜昌市企业信用承诺情况列表,,,,,,,\n填报单位：西陵区\n" + commitmentHeader + "\n" + commitmentLine(1, 1, "2018-12-17") + "\n",
	})
	wantProblems(t, r.Problems)
	if len(r.Dataset.Commitments) != 1 || r.Dataset.Commitments[0].Source.Unit != "西陵区" {
		t.Errorf("commitments %+v", r.Dataset.Commitments)
	}
}

// A cell longer than the configured limit refuses its row only.
func TestMaxCellBytes(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("长", 100)
	writeFiles(t, dir, map[string]string{"commitments/xiling.csv": commitmentHeader + "\n" +
		commitmentLine(1, 1, "2018-12-17") + long + "\n" + commitmentLine(2, 2, "2018-12-17") + "\n"})
	r, err := Load(dir, Options{MaxCellBytes: 200, Units: map[string]string{"xiling": "西陵区"}})
	if err != nil {
		t.Fatal(err)
	}
	wantProblems(t, r.Problems, "commitments/xiling.csv:2: 错误：“其他”（第8列）超过每格200字节的长度上限，此行未发布")
	if len(r.Dataset.Commitments) != 1 {
		t.Errorf("%d commitments, want 1", len(r.Dataset.Commitments))
	}
}

// A CSV row with more cells than the header (a delimiter typed into a cell
// without quotes shifts every later column) is refused, and so is every
// row under a second header that is another table's.
func TestShiftedAndStackedRows(t *testing.T) {
	r := load(t, map[string]string{
		"commitments/a.csv": commitmentHeader + "\n" +
			commitmentLine(1, 1, "2018-12-17") + "\n" +
			"2,宜昌测试2有限公司,张2," + code(2) + ",主动公示型,依法诚信经营,守合同,2018-12-17,\n" +
			commitmentLine(3, 3, "2018-12-17") + "\n\n附件1 宜昌市重点关注对象表\n" +
			"编号,企业名称,统一社会信用代码,重点关注类型,联系人\n1,宜昌失信有限公司," + code(4) + ",黑名单对象,王五\n",
	})
	wantProblems(t, r.Problems,
		"commitments/a.csv:3: 错误：这一行有9列，比表头的8列多",
		"commitments/a.csv:6: 错误：缺少企业名称", // the second table's title row
		"commitments/a.csv:6: 错误：缺少统一社会信用代码",
		"commitments/a.csv:6: 错误：缺少做出信用承诺时间",
		"commitments/a.csv:6: 错误：缺少信用承诺类型",
		"commitments/a.csv:6: 错误：缺少信用承诺事项",
		"commitments/a.csv:7: 错误：第7行起是另一张表：表头含有“重点关注类型”，这是附件1",
		"commitments/a.csv:8: 错误：第7行起是另一张表")
	if len(r.Dataset.Commitments) != 2 {
		t.Errorf("%d commitments, want 2", len(r.Dataset.Commitments))
	}
}

// A folder inside a data folder is not read, and says so as an error: its
// rows would be missing from the site. A value with a line break quoted
// in a message keeps the message on one line.
func TestSubfolderAndOneLineMessages(t *testing.T) {
	r := load(t, map[string]string{
		"disclosures/2024/yidu.csv": "企业名称,统一社会信用代码,证书有效期\n甲公司," + code(1) + ",长期\n",
		"disclosures/xiling.csv":    "企业名称,统一社会信用代码,证书有效期\n乙公司," + code(2) + ",\"2020至\n2030\"\n",
	})
	wantProblems(t, r.Problems,
		"disclosures/2024: 错误：是文件夹，其中的文件都未读取",
		"disclosures/xiling.csv:2: 警告：证书有效期“2020至 2030”中找不到截止日期")
	if !r.HasErrors() {
		t.Error("a skipped folder is no error")
	}
}

// The 填报单位 line keeps only the unit's name: contact notes with
// personal data are cut without leaving a bracket or comma hanging.
func TestSenderLine(t *testing.T) {
	for line, want := range map[string]string{
		"填报单位：宜都市发改局（联系人：李四 13912340000）": "宜都市发改局",
		"填报单位：宜都市发改局，联系人李四，电话13912340000": "宜都市发改局",
		"填报单位：宜都市发改局（李四，13912340000）":     "宜都市发改局",
		"填报单位：宜都市发改局 电话13912340000":       "宜都市发改局",
		"填报单位（盖章）：宜都市发展和改革局":              "宜都市发展和改革局",
	} {
		r := load(t, map[string]string{"commitments/a.csv": line + "\n" + commitmentHeader + "\n" + commitmentLine(1, 1, "2018-12-17") + "\n"})
		if got := r.Dataset.Commitments[0].Source.Unit; got != want {
			t.Errorf("%s: unit %q, want %q", line, got, want)
		}
		if strings.Contains(problems(r), "1391234") {
			t.Errorf("%s: a message repeats the phone number", line)
		}
	}
}

// The 填报单位 line is cleaned as cells are, and said so with its FILE:LINE
// (title area or footer): invisible and control characters are removed
// with a warning; a bidi control refuses the line (which name is meant
// cannot be known), and the unit comes from the file's name.
func TestSenderLineCleaned(t *testing.T) {
	row := commitmentLine(1, 1, "2018-12-17")
	for _, tc := range []struct {
		text, unit string
		want       []string
	}{
		{"填报单位：宜都市\u200b发改局\n" + commitmentHeader + "\n" + row + "\n", "宜都市发改局",
			[]string{"a.csv:1: 警告：“填报单位”一行中的零宽或不可见字符已去除"}},
		{"宜昌市企业信用承诺情况列表\n" + commitmentHeader + "\n" + row + "\n填报单位：宜都市\x07发改局\n", "宜都市发改局",
			[]string{"a.csv:4: 警告：“填报单位”一行中的控制字符已去除"}},
		{"填报单位：\u202e局改发市都宜\n" + commitmentHeader + "\n" + row + "\n", "a",
			[]string{"a.csv:1: 错误：“填报单位”一行中有改变文字显示方向的控制字符…未采用这一行"}},
	} {
		r := load(t, map[string]string{"commitments/a.csv": tc.text})
		wantProblems(t, r.Problems, tc.want...)
		if len(r.Dataset.Commitments) != 1 || r.Dataset.Commitments[0].Source.Unit != tc.unit {
			t.Errorf("%q: commitments %+v, want one from %q", tc.text, r.Dataset.Commitments, tc.unit)
		}
	}
}
