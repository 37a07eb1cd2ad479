package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/config"
	"creditsite/internal/model"
	"creditsite/internal/progress"
)

func date(y, m, d int) model.Date { x, _ := model.NewDate(y, time.Month(m), d); return x }

var testUnits = []string{"西陵区", "宜都市", "市发展改革委"}

func dataset() *model.Dataset {
	var ds []*model.Disclosure
	var cs []*model.Commitment
	for i := range 25 {
		u := testUnits[i%3]
		name := fmt.Sprintf("企业%02d有限公司", i)
		if i == 7 {
			name = `=HYPERLINK("http://x","点我")`
		}
		ds = append(ds, &model.Disclosure{Name: name, LegalRep: "张三", Code: fmt.Sprintf("91420500MA0000D%03d", i),
			CertName: "安全生产许可证", CertIssuer: "湖北省住房和城乡建设厅", CertNumber: fmt.Sprintf("(鄂)JZ安许证字[2016]%06d", i),
			CertGrade: "—", CertIssued: date(2016, 3, 1+i), CertValidity: "2016-03-01至2019-02-28", ReportYear: "2018",
			Other: "2018年度守合同重信用企业", Source: model.Source{File: "data/disclosures/" + u + ".csv", Line: 30 - i, Unit: u}})
	}
	// A 发证时间 that is no date is reported as the county wrote it.
	ds[5].CertIssued, ds[5].CertIssuedAs = model.Date{}, "2016年上半年"
	for i := range 40 {
		u := testUnits[i%2]
		cs = append(cs, &model.Commitment{Name: fmt.Sprintf("承诺企业%02d", i), LegalRep: "李四", Code: fmt.Sprintf("91420500MA0000C%03d", i%30),
			Type: model.CommitmentTypes[i%4], Item: "依法诚信经营", Date: date(2018, 1+i%12, 1+i%28),
			Source: model.Source{File: "data/commitments/" + u + ".csv", Line: 2 + i, Unit: u}})
	}
	return model.NewDataset(ds, cs)
}

func writeReport(t *testing.T, ds *model.Dataset, focus []model.FocusEntity) (string, *Summary) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "报表")
	var log bytes.Buffer
	sum, err := Write(ds, focus, nil, config.Default(), out, progress.NewPlain(&log))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "写出报表文件") {
		t.Errorf("no progress shown: %q", log.String())
	}
	return out, sum
}

func openXLSX(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// expected rows, computed straight from the records: per unit in file and
// line order, numbered from 1.
func expectedDisclosures(ds *model.Dataset, unit string) [][]string {
	var recs []*model.Disclosure
	for _, d := range ds.Disclosures {
		if unit == "" || d.Source.Unit == unit {
			recs = append(recs, d)
		}
	}
	slices.SortFunc(recs, func(a, b *model.Disclosure) int {
		if a.Source.Unit != b.Source.Unit {
			return strings.Compare(a.Source.Unit, b.Source.Unit)
		}
		return a.Source.Line - b.Source.Line
	})
	var rows [][]string
	for i, d := range recs {
		rows = append(rows, []string{strconv.Itoa(i + 1), d.Name, d.LegalRep, d.Code, d.CertName, d.CertIssuer, d.CertNumber,
			d.CertGrade, d.Issued(), d.CertValidity, d.ReportName, d.ReportYear, d.ReportAgency, d.Other})
	}
	return rows
}

// row returns the cells of a sheet row padded to n columns.
func row(rows [][]string, i, n int) []string {
	r := []string{}
	if i < len(rows) {
		r = slices.Clone(rows[i])
	}
	for len(r) < n {
		r = append(r, "")
	}
	return r[:n]
}

func TestWorkbook附件2(t *testing.T) {
	ds := dataset()
	out, _ := writeReport(t, ds, nil)
	f := openXLSX(t, filepath.Join(out, "附件2_宜昌市企业补充公示信息填报表.xlsx"))

	units := slices.Clone(testUnits)
	slices.Sort(units)
	want := append(append([]string{"汇总"}, units...), "汇总说明")
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	header := []string{"序号", "企业名称", "法定代表人", "统一社会信用代码", "企业资质证书名称", "发证机关", "资质证书编号", "资质等级",
		"发证时间", "证书有效期", "信用报告名称", "信用报告年度", "评定机构名称", "其他补充公示信息"}
	for _, sheet := range want[:len(want)-1] {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "宜昌市企业补充公示信息填报表" {
			t.Errorf("%s: title %q", sheet, rows[0][0])
		}
		if got := row(rows, 2, len(header)); !slices.Equal(got, header) {
			t.Errorf("%s: header row %v", sheet, got)
		}
		unit := sheet
		if sheet == "汇总" {
			unit = ""
		}
		exp := expectedDisclosures(ds, unit)
		for i, w := range exp {
			if got := row(rows, 3+i, len(header)); !slices.Equal(got, w) {
				t.Errorf("%s row %d: %v, want %v", sheet, i+1, got, w)
			}
		}
		if got := row(rows, 3+len(exp)+1, 1)[0]; !strings.HasPrefix(got, "备注：") {
			t.Errorf("%s: 备注 line %q", sheet, got)
		}
	}
	// A name that looks like a formula stays text.
	rows, _ := f.GetRows("汇总")
	for i, r := range rows {
		if len(r) > 1 && strings.HasPrefix(r[1], "=") {
			cell := fmt.Sprintf("B%d", i+1)
			if formula, _ := f.GetCellFormula("汇总", cell); formula != "" {
				t.Errorf("%s holds a formula %q", cell, formula)
			}
		}
	}
}

func TestWorkbook附件3AndCSV(t *testing.T) {
	ds := dataset()
	out, sum := writeReport(t, ds, nil)
	f := openXLSX(t, filepath.Join(out, "附件3_宜昌市企业信用承诺情况列表.xlsx"))
	header := []string{"序号", "企业名称", "法定代表人", "统一社会信用代码", "信用承诺类型", "信用承诺事项", "做出信用承诺时间", "其他"}
	// Commitments come from two units only.
	if got := f.GetSheetList(); !slices.Equal(got, []string{"汇总", "宜都市", "西陵区", "汇总说明"}) {
		t.Fatalf("sheets %v", got)
	}
	perUnit := map[string]int{}
	for _, c := range ds.Commitments {
		perUnit[c.Source.Unit]++
	}
	for _, sheet := range []string{"汇总", "宜都市", "西陵区"} {
		rows, _ := f.GetRows(sheet)
		if got := row(rows, 0, 1)[0]; got != "宜昌市企业信用承诺情况列表" {
			t.Errorf("%s: title %q", sheet, got)
		}
		if got := row(rows, 2, len(header)); !slices.Equal(got, header) {
			t.Errorf("%s: header %v", sheet, got)
		}
		n := perUnit[sheet]
		if sheet == "汇总" {
			n = len(ds.Commitments)
		}
		for i := range n {
			if got := row(rows, 3+i, 1)[0]; got != strconv.Itoa(i+1) {
				t.Errorf("%s: 序号 %q at data row %d", sheet, got, i+1)
			}
		}
		if got := row(rows, 3+n, 1)[0]; got != "" {
			t.Errorf("%s: more rows than records: %q", sheet, got)
		}
	}

	b, err := os.ReadFile(filepath.Join(out, "附件3_宜昌市企业信用承诺情况列表.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Error("CSV lacks the byte order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], header) || len(recs) != len(ds.Commitments)+1 {
		t.Errorf("CSV header %v, %d rows", recs[0], len(recs))
	}
	for _, u := range []string{"宜都市", "西陵区"} {
		b, err := os.ReadFile(filepath.Join(out, UnitDir, "附件3_"+u+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		recs, _ := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
		if len(recs) != perUnit[u]+1 {
			t.Errorf("%s: %d CSV rows, want %d", u, len(recs)-1, perUnit[u])
		}
	}
	// The formula-like name is guarded in CSV.
	d, _ := os.ReadFile(filepath.Join(out, "附件2_宜昌市企业补充公示信息填报表.csv"))
	if !bytes.Contains(d, []byte(`"'=HYPERLINK(`)) {
		t.Error("formula-like cell not guarded in CSV")
	}
	for _, name := range sum.Files {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("listed file %s: %v", name, err)
		}
	}
	if len(sum.Files) != 8+3+2 {
		t.Errorf("%d files: %v", len(sum.Files), sum.Files)
	}
}

func TestSummaryTargets(t *testing.T) {
	ds := dataset()
	out, sum := writeReport(t, ds, nil)
	codes := map[string]bool{}
	for _, d := range ds.Disclosures {
		codes[d.Code] = true
	}
	if sum.Stats.DisclosureTarget.Count != len(codes) || sum.Focus != nil {
		t.Errorf("disclosing enterprises %d, want %d", sum.Stats.DisclosureTarget.Count, len(codes))
	}
	md, _ := os.ReadFile(filepath.Join(out, SummaryFile))
	line := fmt.Sprintf("| 亮信用企业 | %d | 100 | %.1f%% | 未完成 | %d |", len(codes), float64(len(codes)), len(ds.Disclosures))
	if !strings.Contains(string(md), line) || !strings.Contains(string(md), "未提供重点关注对象表") {
		t.Errorf("summary lacks %q:\n%s", line, md)
	}
}

func TestStaleUnitFilesRemoved(t *testing.T) {
	out := t.TempDir()
	if _, err := Write(dataset(), nil, nil, config.Default(), out, nil); err != nil {
		t.Fatal(err)
	}
	only := model.NewDataset(nil, []*model.Commitment{{Code: "A", Type: model.Repair, Source: model.Source{Unit: "夷陵区"}}})
	if _, err := Write(only, nil, nil, config.Default(), out, nil); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(out, UnitDir))
	if len(entries) != 1 || entries[0].Name() != "附件3_夷陵区.csv" {
		t.Errorf("unit folder holds %v", entries)
	}
	all, _ := os.ReadDir(out)
	for _, e := range all {
		if strings.HasPrefix(e.Name(), ".tmp") {
			t.Errorf("temporary %s left behind", e.Name())
		}
	}
}

func TestRefusesPublic(t *testing.T) {
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "public", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(site, "public"), filepath.Join(site, "link")); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{"public", "public/x", "public/new/deeper", "link/报表", "public/../public"} {
		err := CheckOutDir(site, filepath.Join(site, out))
		if err == nil || !strings.Contains(err.Error(), "报表不能写入网站发布文件夹") {
			t.Errorf("%s: %v", out, err)
		}
	}
	for _, out := range []string{"reports", "publicity", "."} {
		if err := CheckOutDir(site, filepath.Join(site, out)); err != nil {
			t.Errorf("%s refused: %v", out, err)
		}
	}
}

func TestSheetNames(t *testing.T) {
	used := map[string]bool{"汇总": true}
	if got := sheetName("汇总", used); got != "汇总(2)" {
		t.Errorf("clash: %q", got)
	}
	long := strings.Repeat("长", 40)
	if got := sheetName("a/b:"+long, used); got != "a_b_"+strings.Repeat("长", 27) {
		t.Errorf("long/bad: %q", got)
	}
}
