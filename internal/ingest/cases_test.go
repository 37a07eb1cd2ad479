package ingest

import (
	"path/filepath"
	"strings"
	"testing"

	"creditsite/internal/config"
	"creditsite/internal/model"
)

// loadCase loads one of testdata/cases (copied from the small
// failing inputs; each folder's README.md says what a user expects).
func loadCase(t *testing.T, name string) *Result {
	t.Helper()
	r, err := Load(filepath.Join("testdata", "cases", name), OptionsFor(config.Default()))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// commitmentsByLine indexes the published commitments by "FILE:LINE".
func commitmentsByLine(r *Result) map[string]*model.Commitment {
	m := map[string]*model.Commitment{}
	for _, c := range r.Dataset.Commitments {
		m[c.Source.File+":"+itoa(c.Source.Line)] = c
	}
	return m
}

func TestCaseDateForms(t *testing.T) {
	r := loadCase(t, "date-forms")
	wantProblems(t, r.Problems,
		"data/disclosures/yidu.csv:4: 警告：发证时间“不详”不是可识别的日期，按原文显示")
	cs := commitmentsByLine(r)
	for _, at := range []string{"data/commitments/yidu.csv:4", "data/commitments/yidu.csv:5"} {
		if c := cs[at]; c == nil || c.Date.String() != "2018-12-17" {
			t.Errorf("%s: %+v, want published on 2018-12-17", at, c)
		}
	}
	if len(r.Dataset.Disclosures) != 1 || r.Dataset.Disclosures[0].Issued() != "不详" {
		t.Errorf("disclosures %+v, want one with 发证时间 as written", r.Dataset.Disclosures)
	}
}

func TestCaseExcelZeroedCode(t *testing.T) {
	r := loadCase(t, "excel-zeroed-code")
	wantProblems(t, r.Problems,
		"data/disclosures/xiling.csv:4: 错误：统一社会信用代码“914205001648089000”疑被Excel当成数字保存，第16至18位已变成0…国家企业信用信息公示系统…此行未发布")
	if strings.Contains(problems(r), "应为") {
		t.Errorf("a message hints at a character: %s", problems(r))
	}
	if len(r.Dataset.Disclosures) != 1 || r.Dataset.Disclosures[0].Source.Line != 5 {
		t.Errorf("disclosures %+v, want line 5 only", r.Dataset.Disclosures)
	}
}

func TestCaseFocusInWrongFolder(t *testing.T) {
	r := loadCase(t, "focus-in-wrong-folder")
	wantProblems(t, r.Problems,
		"data/disclosures/zhongdian.csv:3: 错误：表头含有“重点关注类型”，这是附件1《宜昌市重点关注对象表》（只用于上报，从不公开），应放在 data/focus/ 文件夹…整个文件未读取")
	for _, d := range r.Dataset.Disclosures {
		if d.Source.File != "data/disclosures/xiling.csv" {
			t.Errorf("published from the focus list: %+v", d)
		}
	}
	if len(r.Dataset.Disclosures) == 0 {
		t.Error("xiling.csv not published")
	}
}

func TestCaseIDNumberAsCode(t *testing.T) {
	r := loadCase(t, "id-number-as-code")
	wantProblems(t, r.Problems, "data/commitments/xiling.csv:4: 错误：…疑似身份证号…此行未发布")
	if strings.Contains(problems(r), "42050219780422211X") || strings.Contains(problems(r), "19780422") {
		t.Errorf("the ID number is repeated: %s", problems(r))
	}
	if cs := commitmentsByLine(r); len(cs) != 1 || cs["data/commitments/xiling.csv:5"] == nil {
		t.Errorf("commitments %v, want line 5 only", cs)
	}
}

func TestCaseInvisibleCharacters(t *testing.T) {
	r := loadCase(t, "invisible-characters")
	wantProblems(t, r.Problems,
		"data/commitments/dianjun.csv:4: 警告：“统一社会信用代码”中的零宽或不可见字符已去除",
		"data/commitments/dianjun.csv:5: 警告：“企业名称”中的零宽或不可见字符已去除",
		"data/commitments/dianjun.csv:6: 警告：“企业名称”中的零宽或不可见字符已去除")
	cs := commitmentsByLine(r)
	a, b := cs["data/commitments/dianjun.csv:4"], cs["data/commitments/dianjun.csv:5"]
	if a == nil || b == nil || a.Code != b.Code || a.Name != b.Name {
		t.Fatalf("lines 4 and 5: %+v %+v, want one enterprise with one name", a, b)
	}
	for _, c := range r.Dataset.Commitments {
		if strings.ContainsAny(c.Name+c.Code+c.LegalRep+c.Item, "\u200b\ufeff") {
			t.Errorf("invisible character published: %q", c.Name)
		}
	}
}

func TestCaseLostCharacters(t *testing.T) {
	r := loadCase(t, "lost-characters")
	wantProblems(t, r.Problems,
		"data/commitments/yuanan.csv:4: 警告（--strict 时为错误）：“企业名称”中有“?”…CSV UTF-8…",
		"data/commitments/yuanan.csv:4: 警告（--strict 时为错误）：“法定代表人”中有“?”…")
	if !r.HasStrictErrors() || r.HasErrors() {
		t.Errorf("strict %v errors %v, want a strict-only problem", r.HasStrictErrors(), r.HasErrors())
	}
}

func TestCaseMergedCells(t *testing.T) {
	r := loadCase(t, "merged-cells")
	wantProblems(t, r.Problems,
		"data/disclosures/wujiagang.csv:5: 警告：企业名称、法定代表人、统一社会信用代码为空，按合并单元格处理，视为第4行“宜昌示范建工集团有限公司”的续行",
		"data/disclosures/wujiagang.csv:6: 警告：企业名称、法定代表人、统一社会信用代码为空，按合并单元格处理，视为第4行“宜昌示范建工集团有限公司”的续行")
	e := r.Dataset.Enterprise("9142050033GT07UH85")
	if e == nil || len(e.Disclosures) != 3 || e.Name != "宜昌示范建工集团有限公司" {
		t.Fatalf("enterprise %+v, want three disclosures", e)
	}
	var certs []string
	for _, d := range e.Disclosures {
		certs = append(certs, d.CertName)
	}
	if got := strings.Join(certs, ","); !strings.Contains(got, "安全生产许可证") || !strings.Contains(got, "食品经营许可证") || !strings.Contains(got, "道路运输经营许可证") {
		t.Errorf("certificates %s", got)
	}
	if len(r.Dataset.Disclosures) != 4 {
		t.Errorf("%d disclosures, want 4 (line 7 too)", len(r.Dataset.Disclosures))
	}
}

func TestCasePersonalDataInText(t *testing.T) {
	r := loadCase(t, "personal-data-in-text")
	wantProblems(t, r.Problems,
		"data/commitments/xiling.csv:2: 警告：“填报单位”一行含有手机号码，不能公开，已去掉；报送单位显示为“西陵区发改局”",
		"data/commitments/xiling.csv:4: 错误：“其他”中含有个人信息（身份证号），不能公开，此行未发布")
	cs := commitmentsByLine(r)
	if len(cs) != 1 || cs["data/commitments/xiling.csv:5"] == nil || cs["data/commitments/xiling.csv:5"].Source.Unit != "西陵区发改局" {
		t.Errorf("commitments %v, want line 5 from 西陵区发改局", cs)
	}
	for _, v := range []string{"420502199001010044", "13900000006", "13912340000"} {
		if strings.Contains(problems(r), v) {
			t.Errorf("a message repeats %s", v)
		}
	}
}

func TestCaseStrayQuote(t *testing.T) {
	r := loadCase(t, "stray-quote")
	if len(r.Problems) != 1 || r.Problems[0].Line != 6 || r.Problems[0].Severity != Error || !strings.Contains(r.Problems[0].Msg, "引号") {
		t.Fatalf("problems:\n%s want one error on line 6 naming the quote", problems(r))
	}
	cs := commitmentsByLine(r)
	if len(cs) != 11 {
		t.Errorf("%d commitments, want 11", len(cs))
	}
	for line := 4; line <= 15; line++ {
		c := cs["data/commitments/xiling.csv:"+itoa(line)]
		if (c == nil) != (line == 6) {
			t.Errorf("line %d: %+v", line, c)
		}
		if c != nil && (strings.Contains(c.Other, "\n") || strings.Contains(c.Other, "示范") || strings.Contains(c.Item, ",")) {
			t.Errorf("line %d holds another row's text: %+v", line, c)
		}
	}
	if r.Rows != 12 || r.Skipped != 1 {
		t.Errorf("rows %d skipped %d, want 12 and 1", r.Rows, r.Skipped)
	}
}

func TestCaseTabSeparated(t *testing.T) {
	r := loadCase(t, "tab-separated")
	wantProblems(t, r.Problems)
	if len(r.Dataset.Commitments) != 2 {
		t.Fatalf("%d commitments, want 2", len(r.Dataset.Commitments))
	}
	for _, c := range r.Dataset.Commitments {
		if c.Source.Unit != "猇亭区" || c.Item == "" || !c.Type.Valid() {
			t.Errorf("%+v", c)
		}
	}
}

func TestCaseUnknownSender(t *testing.T) {
	r := loadCase(t, "unknown-sender")
	wantProblems(t, r.Problems,
		"data/commitments/新建 Microsoft Excel 工作表.csv: 警告（--strict 时为错误）：文件中没有“填报单位：××”一行，文件名“新建 Microsoft Excel 工作表”也不是 config.yaml 中 units 列出的单位…请把文件改名为单位的拼音")
	if !r.HasStrictErrors() || len(r.Dataset.Commitments) == 0 {
		t.Errorf("strict %v, %d commitments", r.HasStrictErrors(), len(r.Dataset.Commitments))
	}
}
