package checkreport

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	if bad := marked(it); len(bad) != 1 || bad[0].Header != "做出信用承诺时间" || bad[0].Value != "2018-13-45" {
		t.Errorf("marked %v", bad)
	}
	if !strings.Contains(it.Notes[0].Fix, "2018年12月17日") {
		t.Errorf("no fix for a bad date: %q", it.Notes[0].Fix)
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
	if it.Row == nil {
		return nil
	}
	for _, c := range it.Row.Cells {
		if len(c.Bad) > 0 {
			bad = append(bad, c)
		}
	}
	return bad
}

// The report is read in a browser by staff on a desktop (1366 px) and on
// a phone (390 px): every problem row and its marked cell must show,
// nothing may stick out sideways, and the per-file counts must read as
// words and numbers, not one character per line.
func TestReportInBrowser(t *testing.T) {
	res := exports(t)
	var html bytes.Buffer
	if err := Write(&html, res, &privacy.Detector{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), html.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	base := browsertest.Serve(t, dir, "/")
	browser := browsertest.Start(t)
	for _, width := range []int64{1366, 390} {
		tab := browsertest.Tab(t, browser, 2*time.Minute)
		err := chromedp.Do(tab, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base), chromedp.WaitReady("main"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(tab, chromedp.Evaluate[[4]any](`[document.querySelector("main").innerText,
			document.querySelectorAll("dd.mark").length,
			document.documentElement.scrollWidth - document.documentElement.clientWidth,
			// The most lines a count (or its column heading) of the per-file table takes.
			Math.max(...[...document.querySelectorAll("table.files td, table.files thead th")]
				.filter(e => e.getBoundingClientRect().width > 1)
				.map(e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)))]`))
		if err != nil {
			t.Fatal(err)
		}
		text, marks, overflow, lines := got[0].(string), got[1].(float64), got[2].(float64), got[3].(float64)
		for _, want := range []string{"commitments/xiaoting-errors.csv:5", "2018-13-45", "commitments/dangyang.csv:3", "4205**********1234", "怎么改",
			fmt.Sprintf("未发布 %d 行", res.Skipped), `远安县"鸣凤"茶业有限公司`, "它重复的那一行", "文件开头几行", "表头行"} {
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
		if lines >= 2 {
			t.Errorf("%d px: a count of the per-file table wraps over %.1f lines", width, lines)
		}
		browsertest.Screenshot(t, tab, fmt.Sprintf("check-report-%d", width))
		sectionShots(t, tab, width)
	}
}

// sectionShots saves each file's section of the report as its own PNG
// beside the full-page screenshot (a whole page at 390 px is too tall to
// look at), when SCREENSHOTS names a folder.
func sectionShots(t *testing.T, tab context.Context, width int64) {
	t.Helper()
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		return
	}
	ids, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll("section.file")].map(s => s.id)`))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range append([]string{"files-table"}, ids...) {
		sel := chromedp.CSS("#" + id)
		if id == "files-table" {
			sel = "table.files"
		}
		png, err := chromedp.Run(tab, chromedp.Screenshot(sel))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("check-report-%d-%s.png", width, id)), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Every problem in the sample exports is shown with what a clerk needs
// to find it: its row, its physical lines or the file's first lines; two
// problems on one row make one item with both cells marked and numbered.
func TestEveryProblemHasContext(t *testing.T) {
	res := exports(t)
	p := NewPage(res, &privacy.Detector{})
	items := 0
	for _, f := range p.Files {
		for _, it := range f.Problems {
			items++
			if (it.Row == nil || len(it.Row.Cells) == 0) && len(it.Lines) == 0 {
				t.Errorf("%s: no row and no lines: %+v", it.Where, it.Notes)
			}
			for i, n := range it.Notes {
				if n.Fix == "" {
					t.Errorf("%s: no fix for %q", it.Where, n.Msg)
				}
				if i > 0 && n.Error && !it.Notes[i-1].Error {
					t.Errorf("%s: error %q listed after a warning", it.Where, n.Msg)
				}
			}
		}
	}
	if items >= len(res.Problems) {
		t.Errorf("%d items for %d problems: no two problems share a row", items, len(res.Problems))
	}
	z := file(t, p, "commitments/zhijiang.csv")
	two := problem(t, z, "commitments/zhijiang.csv:4")
	bad := marked(two)
	if len(two.Notes) != 2 || len(bad) != 2 || !two.Row.Numbered {
		t.Fatalf("zhijiang.csv:4: %d notes, marked %+v", len(two.Notes), bad)
	}
	for _, c := range bad {
		if len(c.Bad) != 1 || !strings.Contains(two.Notes[c.Bad[0]-1].Msg, c.Value) {
			t.Errorf("cell %+v is not marked with the note about it: %+v", c, two.Notes)
		}
	}
	dup := item(t, z, "commitments/zhijiang.csv:5")
	if dup.Other == nil || dup.Other.Where != "commitments/zhijiang.csv:3" || len(marked(dup)) != 0 ||
		!slices.Equal(values(dup.Other)[1:], values(dup.Row)[1:]) {
		t.Errorf("duplicate: row %+v, other %+v", dup.Row, dup.Other)
	}
	// A row wider than its header: a delimiter left unquoted, not a stray quote.
	if wide := problem(t, file(t, p, "commitments/dangyang.csv"), "commitments/dangyang.csv:7"); !strings.Contains(wide.Notes[0].Fix, "逗号") {
		t.Errorf("dangyang.csv:7 fix: %q", wide.Notes[0].Fix)
	}
	// The GB18030 line a stray quote refused, decoded and marked, with its neighbours.
	q := problem(t, file(t, p, "commitments/yuanan.csv"), "commitments/yuanan.csv:4")
	if len(q.Lines) != 2 || !q.Lines[1].Bad || !strings.Contains(q.Lines[1].Text, `远安县"鸣凤"茶业有限公司`) {
		t.Errorf("yuanan.csv:4 lines %+v", q.Lines)
	}
	// The file without a header: its first lines; the wrong table: its header, the telling column marked.
	if h := problem(t, file(t, p, "commitments/changyang.csv"), "commitments/changyang.csv"); len(h.Lines) != 4 || h.Lines[2].Text != "单位名称,社会代码,承诺日期" {
		t.Errorf("changyang.csv lines %+v", h.Lines)
	}
	w := problem(t, file(t, p, "disclosures/wufeng.csv"), "disclosures/wufeng.csv:3")
	if bad := marked(w); !w.Row.Header || len(bad) != 1 || bad[0].Value != "信用承诺类型" || bad[0].Header != "E列" {
		t.Errorf("wufeng.csv header row %+v", w.Row)
	}
}

func item(t *testing.T, f File, where string) Item {
	t.Helper()
	for _, it := range f.Problems {
		if it.Where == where {
			return it
		}
	}
	t.Fatalf("nothing at %s", where)
	return Item{}
}

func values(r *Row) []string {
	var out []string
	for _, c := range r.Cells {
		out = append(out, c.Value)
	}
	return out
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
	notes := excelize.NewFile()
	notes.SetSheetName("Sheet1", "说明")
	notes.SetSheetRow("说明", "A2", &[]any{"填表说明：代码填 18 位", "电话 13907171234"})
	if err := notes.SaveAs(filepath.Join(dir, "notes.xlsx")); err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Load(src, ingest.Options{Units: map[string]string{"xiling": "西陵区"}})
	if err != nil {
		t.Fatal(err)
	}
	page := NewPage(res, &privacy.Detector{})
	// A workbook without a header: its sheets' first rows, masked, by Excel row.
	head := problem(t, file(t, page, "data/commitments/notes.xlsx"), "data/commitments/notes.xlsx")
	if len(head.Lines) != 1 || head.Lines[0].Place() != "说明!2" || head.Lines[0].Text != "填表说明：代码填 18 位 | 电话 139****1234" || !head.InWorkbook() {
		t.Errorf("notes.xlsx lines %+v", head.Lines)
	}
	it := problem(t, file(t, page, "data/commitments/xiling.xlsx"), "data/commitments/xiling.xlsx:西陵区!2")
	if bad := marked(it); len(bad) != 1 || bad[0].Header != "信用承诺类型" || bad[0].Value != "其他型" {
		t.Errorf("marked %v", bad)
	}
}

// Every problem the cell-text case raises (control, bidi, over-long and
// too-long cells, lost characters) gets advice that fits it, not another
// kind's or none.
func TestCellTextProblemsHaveAdvice(t *testing.T) {
	res, err := ingest.Load(filepath.Join("..", "ingest", "testdata", "cases", "cell-text", "data"), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"此行未发布；请删去该字符":     "不要粘贴",
		"改变文字显示方向的控制字符已去除": "已自动去除，文字照常发布",
		"控制字符已去除":          "显示为方框",
		"长度上限":             "超过网站每格的长度上限",
		"填错了列":             "已照常发布",
	}
	seen := map[string]bool{}
	for _, p := range res.Problems {
		for sign, text := range want {
			if strings.Contains(p.Msg, sign) && (sign != "控制字符已去除" || !strings.Contains(p.Msg, "方向")) {
				seen[sign] = true
				if got := advice(p.Msg); !strings.Contains(got, text) {
					t.Errorf("%s: advice %q, want one saying %q", p.Msg, got, text)
				}
			}
		}
	}
	for sign := range want {
		if !seen[sign] {
			t.Errorf("no problem of the case says %q: the case or the message changed", sign)
		}
	}
}

// TestSenderLineAdvice: a 填报单位 line refused for a bidi control gets
// its own advice (the unit falls back to the file's name), not a cell's.
func TestSenderLineAdvice(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "commitments", "a.csv")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	text := "填报单位：\u202e局改发市都宜\n序号,企业名称,统一社会信用代码,信用承诺类型,信用承诺事项,做出信用承诺时间\n1,宜昌测试有限公司,91420500000000001X,主动公示型,依法经营,2018-12-17\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Load(dir, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		if strings.Contains(p.Msg, "填报单位") {
			if got := advice(p.Msg); !strings.Contains(got, "报送单位按文件名确定") {
				t.Errorf("%s: advice %q", p.Msg, got)
			}
			return
		}
	}
	t.Errorf("no problem about the 填报单位 line: %v", res.Problems)
}
