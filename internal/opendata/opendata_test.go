package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"creditsite/internal/model"
	"creditsite/internal/schema"
)

func date(y, m, d int) model.Date { x, _ := model.NewDate(y, time.Month(m), d); return x }

// tricky holds values that break naive CSV, JSON or HTML handling.
var tricky = []string{
	`<script>alert("x")</script>`, `宜昌"清江",有限公司`, `=HYPERLINK("http://evil","点我")`, `+86 717`, `-1`, `@SUM(A1)`,
	"'已加引号", "多行\n备注", "\t制表符开头", "—", "",
}

func dataset() *model.Dataset {
	var ds []*model.Disclosure
	var cs []*model.Commitment
	for i, s := range tricky {
		ds = append(ds, &model.Disclosure{Name: s + "公司", LegalRep: s, Code: "91420500MA0000000" + string(rune('A'+i)),
			CertName: s, CertIssuer: "湖北省住房和城乡建设厅", CertNumber: s, CertGrade: "—", CertIssued: date(2016, 3, 1+i),
			CertValidity: "2016-03-01至2019-02-28", CertExpires: date(2019, 2, 28), ReportName: s, ReportYear: "2018",
			ReportAgency: s, Other: s, Source: model.Source{File: "x.csv", Line: i + 2, Unit: "西陵区"}})
		cs = append(cs, &model.Commitment{Name: s + "公司", LegalRep: s, Code: "91420500MA0000000" + string(rune('A'+i)),
			Type: model.CommitmentTypes[i%4], Item: s, Date: date(2018, 7, 1+i), Other: s,
			Source: model.Source{File: "y.csv", Line: i + 2, Unit: s}})
	}
	month, _ := model.NewMonth(2015, 6)
	ds = append(ds, &model.Disclosure{Name: "无日期", Code: "X"},
		&model.Disclosure{Name: "只有月份", Code: "Y", CertIssued: month},
		&model.Disclosure{Name: "发证时间不是日期", Code: "Z", CertIssuedAs: "2016年上半年"})
	cs = append(cs, &model.Commitment{Name: "只有月份", Code: "Y", Type: model.Voluntary, Item: "事项", Date: month})
	return model.NewDataset(ds, cs)
}

func sameDisclosure(t *testing.T, i int, got, want *model.Disclosure) {
	t.Helper()
	pairs := [][2]string{{got.Name, want.Name}, {got.LegalRep, want.LegalRep}, {got.Code, want.Code},
		{got.CertName, want.CertName}, {got.CertIssuer, want.CertIssuer}, {got.CertNumber, want.CertNumber},
		{got.CertGrade, want.CertGrade}, {got.CertIssued.String(), want.CertIssued.String()},
		{got.CertIssuedAs, want.CertIssuedAs},
		{got.CertValidity, want.CertValidity}, {got.ReportName, want.ReportName}, {got.ReportYear, want.ReportYear},
		{got.ReportAgency, want.ReportAgency}, {got.Other, want.Other}, {got.Source.Unit, want.Source.Unit}}
	for f, p := range pairs {
		if p[0] != p[1] {
			t.Errorf("disclosure %d field %d: got %q, want %q", i, f, p[0], p[1])
		}
	}
}

func sameCommitment(t *testing.T, i int, got, want *model.Commitment) {
	t.Helper()
	pairs := [][2]string{{got.Name, want.Name}, {got.LegalRep, want.LegalRep}, {got.Code, want.Code},
		{string(got.Type), string(want.Type)}, {got.Item, want.Item}, {got.Date.String(), want.Date.String()},
		{got.Other, want.Other}, {got.Source.Unit, want.Source.Unit}}
	for f, p := range pairs {
		if p[0] != p[1] {
			t.Errorf("commitment %d field %d: got %q, want %q", i, f, p[0], p[1])
		}
	}
}

func TestRoundTrip(t *testing.T) {
	ds := dataset()
	dj, err := DisclosuresJSON(ds)
	if err != nil {
		t.Fatal(err)
	}
	cj, err := CommitmentsJSON(ds)
	if err != nil {
		t.Fatal(err)
	}
	decodeD := map[string]func([]byte) ([]*model.Disclosure, error){"csv": ParseDisclosuresCSV, "json": ParseDisclosuresJSON}
	encD := map[string][]byte{"csv": DisclosuresCSV(ds), "json": dj}
	for format, dec := range decodeD {
		got, err := dec(encD[format])
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if len(got) != len(ds.Disclosures) {
			t.Fatalf("%s: %d disclosures, want %d", format, len(got), len(ds.Disclosures))
		}
		for i := range got {
			sameDisclosure(t, i, got[i], ds.Disclosures[i])
		}
	}
	decodeC := map[string]func([]byte) ([]*model.Commitment, error){"csv": ParseCommitmentsCSV, "json": ParseCommitmentsJSON}
	encC := map[string][]byte{"csv": CommitmentsCSV(ds), "json": cj}
	for format, dec := range decodeC {
		got, err := dec(encC[format])
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if len(got) != len(ds.Commitments) {
			t.Fatalf("%s: %d commitments, want %d", format, len(got), len(ds.Commitments))
		}
		for i := range got {
			sameCommitment(t, i, got[i], ds.Commitments[i])
		}
	}
}

func TestCSVForExcel(t *testing.T) {
	b := CommitmentsCSV(dataset())
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula in Excel", cell)
			}
		}
	}
	if !bytes.Contains(b, []byte(`'=HYPERLINK(""http://evil"",""点我"")`)) {
		t.Error("formula cell not guarded and quoted as expected")
	}
	if !bytes.Contains(b, []byte("\r\n")) {
		t.Error("rows should end in CRLF")
	}
}

// The downloads' keys and headers, pinned: consumers of the open data
// rely on them, so a change to schema that changes them must be deliberate.
var pinned = map[string][][2]string{
	"disclosures": {{"name", "企业名称"}, {"legal_representative", "法定代表人"}, {"credit_code", "统一社会信用代码"},
		{"certificate_name", "企业资质证书名称"}, {"certificate_issuer", "发证机关"}, {"certificate_number", "资质证书编号"},
		{"certificate_grade", "资质等级"}, {"certificate_issued", "发证时间"}, {"certificate_validity", "证书有效期"},
		{"credit_report_name", "信用报告名称"}, {"credit_report_year", "信用报告年度"}, {"rating_agency", "评定机构名称"},
		{"other_information", "其他补充公示信息"}, {"reporting_unit", "报送单位"}},
	"commitments": {{"name", "企业名称"}, {"legal_representative", "法定代表人"}, {"credit_code", "统一社会信用代码"},
		{"commitment_type", "信用承诺类型"}, {"commitment_item", "信用承诺事项"}, {"commitment_date", "做出信用承诺时间"},
		{"other", "其他"}, {"reporting_unit", "报送单位"}},
}

func keyHeaders[R any](cols []schema.Column[R]) [][2]string {
	var out [][2]string
	for _, c := range cols {
		out = append(out, [2]string{c.Key, c.Name})
	}
	return out
}

// TestPinnedFields checks the columns and the files actually written:
// JSON keys in order and the CSV header.
func TestPinnedFields(t *testing.T) {
	ds := dataset()
	dj, _ := DisclosuresJSON(ds)
	cj, _ := CommitmentsJSON(ds)
	files := map[string]struct {
		cols      [][2]string
		json, csv []byte
	}{
		"disclosures": {keyHeaders(disclosureColumns), dj, DisclosuresCSV(ds)},
		"commitments": {keyHeaders(commitmentColumns), cj, CommitmentsCSV(ds)},
	}
	for name, f := range files {
		want := pinned[name]
		if !slices.Equal(f.cols, want) {
			t.Errorf("%s: columns %v, want %v", name, f.cols, want)
		}
		var keys, heads []string
		for _, kh := range want {
			keys, heads = append(keys, kh[0]), append(heads, kh[1])
		}
		if got := firstObjectKeys(t, f.json); !slices.Equal(got, keys) {
			t.Errorf("%s.json keys %v, want %v", name, got, keys)
		}
		rows, err := csv.NewReader(bytes.NewReader(trimBOM(f.csv))).ReadAll()
		if err != nil || !slices.Equal(rows[0], heads) {
			t.Errorf("%s.csv header %v (%v), want %v", name, rows[0], err, heads)
		}
	}
}

// firstObjectKeys returns the keys of a JSON array's first object, in
// the order written.
func firstObjectKeys(t *testing.T, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	var keys []string
	for depth := 0; ; {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
			continue
		case json.Delim('}'):
			return keys
		}
		if s, ok := tok.(string); ok && depth == 2 {
			keys = append(keys, s)
			if _, err := dec.Token(); err != nil { // the value
				t.Fatal(err)
			}
		}
	}
}

func TestJSONIsSafeAndKeyed(t *testing.T) {
	b, err := DisclosuresJSON(dataset())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("<script")) {
		t.Error("< should be escaped in JSON")
	}
	var raw []map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw[0]) != len(disclosureColumns) {
		t.Errorf("%d keys, want only the shown fields", len(raw[0]))
	}
	if raw[0]["certificate_issued"] != "2016-03-11" {
		t.Errorf("newest first with ISO dates, got %v", raw[0]["certificate_issued"])
	}
	last := raw[len(raw)-1]["certificate_issued"]
	if last != "2016年上半年" {
		t.Errorf("an unreadable 发证时间 should be published as written, got %v", last)
	}
}

// TestReadme checks that README.md's field tables list exactly the
// columns, in order, so the documentation cannot drift from schema.
func TestReadme(t *testing.T) {
	doc, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][][2]string{}
	section := ""
	for line := range strings.Lines(string(doc)) {
		if strings.HasPrefix(line, "## ") {
			section = strings.TrimSuffix(line[strings.LastIndex(line, "(")+1:], ")\n")
			continue
		}
		cells := strings.Split(line, " | ")
		if len(cells) == 3 && strings.HasPrefix(cells[0], "| `") {
			got[section] = append(got[section], [2]string{strings.Trim(cells[0], "| `"), cells[1]})
		}
	}
	want := map[string][][2]string{"disclosures": keyHeaders(disclosureColumns), "commitments": keyHeaders(commitmentColumns)}
	for name, cols := range want {
		if !slices.Equal(got[name], cols) {
			t.Errorf("README.md, %s: rows %v, want %v", name, got[name], cols)
		}
	}
}

func TestBadInput(t *testing.T) {
	if _, err := ParseCommitmentsCSV([]byte("a,b\n1,2\n")); err == nil || !strings.Contains(err.Error(), "表头应为") {
		t.Errorf("wrong header: %v", err)
	}
	_, err := ParseCommitmentsJSON([]byte(`[{"commitment_date":"2018/7/1"}]`))
	if err == nil || !strings.Contains(err.Error(), "第 1 条：做出信用承诺时间") {
		t.Errorf("bad date: %v", err)
	}
	got, err := ParseCommitmentsJSON([]byte(`[{"commitment_date":"2018-07"}]`))
	if err != nil || !got[0].Date.MonthOnly() {
		t.Errorf("month-only date: %+v %v", got, err)
	}
	if _, err := ParseCommitmentsCSV([]byte(bom + strings.Join(headers(commitmentColumns), ",") + "\r\n1,2\r\n")); err == nil {
		t.Error("short row accepted")
	}
}

func TestEmpty(t *testing.T) {
	ds := model.NewDataset(nil, nil)
	b, _ := CommitmentsJSON(ds)
	got, err := ParseCommitmentsJSON(b)
	if err != nil || len(got) != 0 {
		t.Errorf("%q: %v %v", b, got, err)
	}
	if got, err := ParseDisclosuresCSV(DisclosuresCSV(ds)); err != nil || len(got) != 0 {
		t.Errorf("%v %v", got, err)
	}
}
