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
	ds = append(ds, &model.Disclosure{Name: "无日期", Code: "X"})
	return model.NewDataset(ds, cs)
}

func sameDisclosure(t *testing.T, i int, got, want *model.Disclosure) {
	t.Helper()
	pairs := [][2]string{{got.Name, want.Name}, {got.LegalRep, want.LegalRep}, {got.Code, want.Code},
		{got.CertName, want.CertName}, {got.CertIssuer, want.CertIssuer}, {got.CertNumber, want.CertNumber},
		{got.CertGrade, want.CertGrade}, {got.CertIssued.String(), want.CertIssued.String()},
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
	want := []string{"企业名称", "法定代表人", "统一社会信用代码", "信用承诺类型", "信用承诺事项", "做出信用承诺时间", "其他", "报送单位"}
	if !slices.Equal(rows[0], want) {
		t.Errorf("header %v", rows[0])
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

func TestDisclosureHeaders(t *testing.T) {
	want := []string{"企业名称", "法定代表人", "统一社会信用代码", "企业资质证书名称", "发证机关", "资质证书编号", "资质等级",
		"发证时间", "证书有效期", "信用报告名称", "信用报告年度", "评定机构名称", "其他补充公示信息", "报送单位"}
	if got := headers(DisclosureFields()); !slices.Equal(got, want) {
		t.Errorf("headers %v", got)
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
	for _, f := range DisclosureFields() {
		if _, ok := raw[0][f.Key]; !ok {
			t.Errorf("key %s missing", f.Key)
		}
	}
	if len(raw[0]) != len(DisclosureFields()) {
		t.Errorf("%d keys, want only the shown fields", len(raw[0]))
	}
	if raw[0]["certificate_issued"] != "2016-03-11" {
		t.Errorf("newest first with ISO dates, got %v", raw[0]["certificate_issued"])
	}
}

func TestReadmeDocumentsEveryKey(t *testing.T) {
	doc, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(DisclosureFields(), CommitmentFields()...) {
		if !strings.Contains(string(doc), "| `"+f.Key+"` | "+f.Header+" |") {
			t.Errorf("README.md lacks the row for %s / %s", f.Key, f.Header)
		}
	}
}

func TestBadInput(t *testing.T) {
	if _, err := ParseCommitmentsCSV([]byte("a,b\n1,2\n")); err == nil || !strings.Contains(err.Error(), "表头应为") {
		t.Errorf("wrong header: %v", err)
	}
	if _, err := ParseCommitmentsJSON([]byte(`[{"commitment_date":"2018/7/1"}]`)); err == nil {
		t.Error("bad date accepted")
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
