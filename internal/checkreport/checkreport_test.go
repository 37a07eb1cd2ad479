package checkreport

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"creditsite/internal/browsertest"
	"creditsite/internal/ingest"
	"creditsite/internal/privacy"
)

// exports loads testdata/exports: the shared sample exports (a GBK file
// with a two-line header, bad codes, dates and types) plus dangyang.csv,
// whose rows hold an ID number in the code column, a mobile number, a
// lost character, a stray quote and an unquoted comma.
func exports(t *testing.T) *ingest.Result {
	t.Helper()
	res, err := ingest.Load("testdata/exports", ingest.Options{Units: map[string]string{"dangyang": "当阳市", "xiling": "西陵区", "yidu": "宜都市"}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func report(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, exports(t), &privacy.Detector{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Personal data never reaches the page: the report may be mailed around.
func TestMasksPersonalData(t *testing.T) {
	html := report(t)
	for _, secret := range []string{"420582199003151234", "13972012345"} {
		if strings.Contains(html, secret) {
			t.Errorf("report shows %s unmasked", secret)
		}
	}
	for _, masked := range []string{"4205**********1234", "联系电话139****2345"} {
		if !strings.Contains(html, masked) {
			t.Errorf("report lacks the masked cell %s", masked)
		}
	}
	for in, want := range map[string]string{
		"a.b@example.com":        "a***@example.com",
		"身份证 42058219900315123X": "身份证 4205**********123X",
		"91420500MA4F4R53X0":     "91420500MA4F4R53X0", // a credit code is public
	} {
		if got := mask(in, &privacy.Detector{}); got != want {
			t.Errorf("mask(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGroupsByFileErrorsFirst(t *testing.T) {
	p := NewPage(exports(t), &privacy.Detector{})
	if p.Files[0].Errors == 0 {
		t.Fatalf("first file %s has no errors", p.Files[0].Name)
	}
	for _, f := range p.Files {
		seenWarning := false
		for _, it := range f.Problems {
			if it.Error && seenWarning {
				t.Errorf("%s: error %s after a warning", f.Name, it.Where)
			}
			seenWarning = seenWarning || !it.Error
		}
		if f.Rows != f.Published+f.LeftOut {
			t.Errorf("%s: %d rows ≠ %d published + %d left out", f.Name, f.Rows, f.Published, f.LeftOut)
		}
	}
	x := file(t, p, "commitments/xiaoting-errors.csv")
	if x.Rows != 5 || x.Published != 1 || x.LeftOut != 4 {
		t.Errorf("xiaoting-errors.csv counts %d/%d/%d, want 5 read, 1 published, 4 left out", x.Rows, x.Published, x.LeftOut)
	}
	// The bad date's cell is the one marked, under the template's header.
	it := problem(t, x, "commitments/xiaoting-errors.csv:5")
	if bad := marked(it); len(bad) != 1 || bad[0] != (Cell{"做出信用承诺时间", "2018-13-45", true}) {
		t.Errorf("marked %v", bad)
	}
	if !strings.Contains(it.Fix, "2018年12月17日") {
		t.Errorf("no fix for a bad date: %q", it.Fix)
	}
	// The type column's header carries a hint in brackets; the cell is
	// still found by its name.
	if bad := marked(problem(t, x, "commitments/xiaoting-errors.csv:6")); len(bad) != 1 || bad[0].Value != "其他型" {
		t.Errorf("marked %v", bad)
	}
}

func file(t *testing.T, p *Page, name string) File {
	t.Helper()
	for _, f := range p.Files {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no file %s", name)
	return File{}
}

func problem(t *testing.T, f File, where string) Item {
	t.Helper()
	for _, it := range f.Problems {
		if it.Where == where && it.Error {
			return it
		}
	}
	t.Fatalf("no error at %s", where)
	return Item{}
}

func marked(it Item) []Cell {
	var bad []Cell
	for _, c := range it.Cells {
		if c.Bad {
			bad = append(bad, c)
		}
	}
	return bad
}

// The report is read in a browser by staff on a desktop (1366 px) and on
// a phone (390 px): every problem row and its marked cell must show, and
// nothing may stick out sideways.
func TestReportInBrowser(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(report(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	base := browsertest.Serve(t, dir, "/")
	browser := browsertest.Start(t)
	for _, width := range []int64{1366, 390} {
		tab := browsertest.Tab(t, browser, 30*time.Second)
		err := chromedp.Do(tab, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base), chromedp.WaitReady("main"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(tab, chromedp.Evaluate[[3]any](`[document.querySelector("main").innerText,
			document.querySelectorAll("dd.mark").length,
			document.documentElement.scrollWidth - document.documentElement.clientWidth]`))
		if err != nil {
			t.Fatal(err)
		}
		text, marks, overflow := got[0].(string), got[1].(float64), got[2].(float64)
		for _, want := range []string{"commitments/xiaoting-errors.csv:5", "2018-13-45", "commitments/dangyang.csv:3", "4205**********1234", "怎么改", "未发布 9 行"} {
			if !strings.Contains(text, want) {
				t.Errorf("%d px: page lacks %q", width, want)
			}
		}
		if marks < 6 {
			t.Errorf("%d px: %v marked cells, want one per refused row with a known cell", width, marks)
		}
		if overflow > 0 {
			t.Errorf("%d px: the page is %v px wider than the window", width, overflow)
		}
		browsertest.Screenshot(t, tab, "check-report-"+map[int64]string{1366: "1366", 390: "390"}[width])
	}
}

// A workbook's problem is placed as FILE:SHEET!ROW, like the text report,
// and its row shows the worksheet's cells with the bad one marked.
func TestWorkbookRow(t *testing.T) {
	src := t.TempDir()
	dir := filepath.Join(src, "data", "commitments")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "西陵区")
	f.SetSheetRow("西陵区", "A1", &[]any{"序号", "企业名称", "法定代表人", "统一社会信用代码", "信用承诺类型", "信用承诺事项", "做出信用承诺时间", "其他"})
	f.SetSheetRow("西陵区", "A2", &[]any{"1", "宜昌测试有限公司", "张三", "91420500MA4F4R53X0", "其他型", "依法诚信经营", "2018-12-17", ""})
	if err := f.SaveAs(filepath.Join(dir, "xiling.xlsx")); err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Load(src, ingest.Options{Units: map[string]string{"xiling": "西陵区"}})
	if err != nil {
		t.Fatal(err)
	}
	it := problem(t, file(t, NewPage(res, &privacy.Detector{}), "data/commitments/xiling.xlsx"), "data/commitments/xiling.xlsx:西陵区!2")
	if bad := marked(it); len(bad) != 1 || bad[0] != (Cell{"信用承诺类型", "其他型", true}) {
		t.Errorf("marked %v", bad)
	}
}
