package ingest

import (
	"bytes"
	"strings"
	"testing"

	"creditsite/internal/config"
	"creditsite/internal/model"
)

// TestExports loads the sample exports exactly as counties sent them.
func TestExports(t *testing.T) {
	r, err := Load("../../testdata/exports", Options{Units: config.Default().Units})
	if err != nil {
		t.Fatal(err)
	}
	// xiaoting-errors.csv: line 2 is valid; lines 3–6 each have one fault.
	wantProblems(t, r.Problems,
		"commitments/all-counties.csv: 警告（--strict 时为错误）：文件中没有“填报单位：××”一行",
		"commitments/xiaoting-errors.csv: 警告（--strict 时为错误）：文件中没有“填报单位：××”一行",
		"commitments/xiaoting-errors.csv:3: 错误：…91420500870TF54J70…未通过校验",
		"commitments/xiaoting-errors.csv:4: 错误：缺少企业名称",
		"commitments/xiaoting-errors.csv:5: 错误：做出信用承诺时间“2018-13-45”不是有效日期",
		"commitments/xiaoting-errors.csv:6: 错误：信用承诺类型“其他型”无效",
	)
	if r.Files != 4 || r.Rows != 405 || r.Records != 401 || r.Skipped != 4 {
		t.Errorf("files %d rows %d records %d skipped %d, want 4 405 401 4", r.Files, r.Rows, r.Records, r.Skipped)
	}

	perFile := map[string]int{}
	units := map[string]map[string]bool{}
	note := func(src model.Source) {
		perFile[src.File]++
		if units[src.File] == nil {
			units[src.File] = map[string]bool{}
		}
		units[src.File][src.Unit] = true
	}
	byLine := map[string]*model.Disclosure{}
	for _, d := range r.Dataset.Disclosures {
		note(d.Source)
		byLine[d.Source.File+":"+itoa(d.Source.Line)] = d
		if strings.HasPrefix(d.Name, "填报") || d.Name == "" {
			t.Errorf("footer or blank row became a record: %+v", d)
		}
	}
	cByLine := map[string]*model.Commitment{}
	for _, c := range r.Dataset.Commitments {
		note(c.Source)
		cByLine[c.Source.File+":"+itoa(c.Source.Line)] = c
	}
	for file, want := range map[string]int{
		"disclosures/yidu.csv": 60, "disclosures/xiling.csv": 40,
		"commitments/all-counties.csv": 300, "commitments/xiaoting-errors.csv": 1,
	} {
		if perFile[file] != want {
			t.Errorf("%s: %d records, want %d", file, perFile[file], want)
		}
	}
	for file, want := range map[string]string{
		"disclosures/yidu.csv":            "宜都市发展和改革局",       // its 填报单位 line
		"disclosures/xiling.csv":          "西陵区",             // config units by file name
		"commitments/xiaoting-errors.csv": "xiaoting-errors", // not a configured name
		"commitments/all-counties.csv":    "all-counties",    // the file name itself
	} {
		if len(units[file]) != 1 || !units[file][want] {
			t.Errorf("%s: units %v, want %s", file, units[file], want)
		}
	}

	// yidu.csv is GB18030 with a title, a 填报单位 line and header cells
	// broken over lines (header on lines 3–11, first record on line 12).
	check(t, byLine["disclosures/yidu.csv:12"], "Code=91420500870TF54J74 Name=夷陵宏远建筑工程集团有限公司 CertName=安全生产许可证 CertIssued=2014-03-08 CertValidity=2019年3月8日 CertExpires=2019-03-08 ReportYear=2018")
	// An Excel serial number whose date matches the start of the validity range.
	check(t, byLine["disclosures/yidu.csv:15"], "Name=五峰和信化工股份有限公司 CertIssued=2016-09-15 CertValidity=2016.09.15-2021.09.15 CertExpires=2021-09-15")
	check(t, byLine["disclosures/yidu.csv:13"], "CertIssued=2015-10-10 CertValidity=长期 CertExpires=")
	check(t, byLine["disclosures/yidu.csv:71"], "Seq=60 Name=湖北德润劳务集团有限公司 CertGrade=施工总承包壹级")
	// xiling.csv is UTF-8 with BOM, headers padded with spaces, names padded
	// and one code in full-width characters.
	check(t, byLine["disclosures/xiling.csv:2"], "Seq=1 Name=长阳宏远电力工程有限责任公司 CertNumber=(鄂)JZ安许证字[2016]000001 CertIssued=2016-03-01 CertValidity=2016-03-01至2019-02-28 CertExpires=2019-02-28 Other=2018年度守合同重信用企业")
	check(t, byLine["disclosures/xiling.csv:8"], "Code=9142058285JBHR4N13 Name=长阳诚信物流集团有限公司")
	// all-counties.csv: a <script> in 其他 is data, kept as written;
	// a type with a leading space is accepted; serial 43394 is 2018-10-21.
	checkC(t, cByLine["commitments/all-counties.csv:6"], "Date=2018-10-21 Type=主动公示型 Other=<script>alert('亮信用')</script>")
	checkC(t, cByLine["commitments/all-counties.csv:9"], "Type=信用修复型 Date=2018-11-11")
	checkC(t, cByLine["commitments/all-counties.csv:3"], "Seq=1 Date=2018-07-04 Item=办理环评审批告知承诺，严格落实环保措施")
	checkC(t, cByLine["commitments/all-counties.csv:302"], "Seq=300 Date=2018-11-24")
	checkC(t, cByLine["commitments/xiaoting-errors.csv:2"], "Code=91420500870TF54J74 Date=2018-11-02")

	// The enterprise in both yidu.csv and xiaoting-errors.csv.
	e := r.Dataset.Enterprise("91420500870TF54J74")
	if e == nil || len(e.Disclosures) != 1 || len(e.Commitments) != 1 || e.Name != "夷陵宏远建筑工程集团有限公司" {
		t.Errorf("enterprise 91420500870TF54J74 = %+v", e)
	}

	var report bytes.Buffer
	r.WriteReport(&report)
	lines := strings.Split(strings.TrimSpace(report.String()), "\n")
	if len(lines) != 7 || lines[6] != "共读取 4 个文件、405 行数据，发布 401 条记录，未发布 4 行；错误 4 个，警告 2 个。" {
		t.Errorf("report:\n%s", report.String())
	}
	if !r.HasErrors() {
		t.Error("HasErrors = false")
	}
}

// check compares "Field=value" pairs with a disclosure's fields.
func check(t *testing.T, d *model.Disclosure, want string) {
	t.Helper()
	if d == nil {
		t.Errorf("no record for %s", want)
		return
	}
	compare(t, map[string]string{
		"Seq": d.Seq, "Name": d.Name, "LegalRep": d.LegalRep, "Code": d.Code, "CertName": d.CertName,
		"CertIssuer": d.CertIssuer, "CertNumber": d.CertNumber, "CertGrade": d.CertGrade,
		"CertIssued": d.CertIssued.String(), "CertValidity": d.CertValidity, "CertExpires": d.CertExpires.String(),
		"ReportName": d.ReportName, "ReportYear": d.ReportYear, "ReportAgency": d.ReportAgency, "Other": d.Other,
	}, want)
}

func checkC(t *testing.T, c *model.Commitment, want string) {
	t.Helper()
	if c == nil {
		t.Errorf("no record for %s", want)
		return
	}
	compare(t, map[string]string{
		"Seq": c.Seq, "Name": c.Name, "LegalRep": c.LegalRep, "Code": c.Code, "Type": string(c.Type),
		"Item": c.Item, "Date": c.Date.String(), "Other": c.Other,
	}, want)
}

func compare(t *testing.T, got map[string]string, want string) {
	t.Helper()
	for _, pair := range strings.Split(want, " ") {
		k, v, _ := strings.Cut(pair, "=")
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}
