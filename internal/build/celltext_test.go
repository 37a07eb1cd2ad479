package build

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// publishedText returns what a published file says: the file itself, or
// for a workbook the text of its parts (a zip's compressed bytes would
// hide any value from a search). binary is true for the search index's
// binary files, whose bytes hold terms among numbers.
func publishedText(t *testing.T, p string) (text string, binary bool) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Ext(p) != ".xlsx" {
		ext := filepath.Ext(p)
		return strings.TrimPrefix(string(b), "\ufeff"), ext == ".bin" || ext == ".png"
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	var all strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		all.Write(part)
	}
	return all.String(), false
}

// unprintable reports a character no published file may hold: a control
// character but tab and line breaks, a zero-width or bidi control, a
// byte order mark inside the text, a noncharacter.
func unprintable(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < ' ' || r >= 0x7f && r < 0xa0:
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0xfeff:
		return true
	}
	return r >= 0xfdd0 && r <= 0xfdef || r&0xfffe == 0xfffe
}

// TestCellTextSite builds the site from the ingest case of line breaks,
// control characters and over-long cells, and from its all-digit credit
// code and 0042… certificate number, and reads the output: no control,
// zero-width or bidi character in any file (workbooks included), line
// breaks kept on pages and in every download, over-long text whole on the
// enterprise page, refused rows nowhere, and the workbooks' codes and
// numbers text cells byte-identical to the source, their dates date cells.
func TestCellTextSite(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "ingest", "testdata", "cases", "cell-text"))); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(Options{Source: src, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ingest.Records != 6 {
		t.Fatalf("%d records published, want 5 commitments and 1 disclosure: %v", rep.Ingest.Records, rep.Ingest.Problems)
	}
	out := live(t, filepath.Join(src, "public"))
	files := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, binary := publishedText(t, p)
		files++
		if i := strings.IndexFunc(text, unprintable); i >= 0 && !binary {
			r, _ := utf8.DecodeRuneInString(text[i:])
			t.Errorf("%s holds %U near %q", p, r, text[max(0, i-30):i])
		}
		for _, refused := range []string{"宜昌司公限有", "宜昌超长有限公司", "宜昌乱码有限公司"} {
			if strings.Contains(text, refused) {
				t.Errorf("%s holds %s, whose row was refused", p, refused)
			}
		}
		return nil
	})
	if files < 20 {
		t.Fatalf("only %d files read", files)
	}
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const digits, item = "914205005908193575", "一、依法诚信经营\n二、按时足额纳税"

	// Pages: the line break reaches the HTML as a line break, the
	// 600-character item is whole on its enterprise's page.
	if page := read("enterprises/" + digits + "/index.html"); !strings.Contains(page, item) || !strings.Contains(page, "第一行\n第二行") {
		t.Error("enterprise page lost a line break typed in a cell")
	}
	long := strings.Repeat("本企业承诺依法诚信经营，自觉接受监督。", 40)[:len("本")*600]
	if !strings.Contains(read("enterprises/91420500MA4F10046H/index.html"), long) {
		t.Error("enterprise page does not show the over-long item whole")
	}
	// Lists show it cut at 500 characters, linked to the whole text.
	list := read("commitments/index.html")
	cut := []rune(long)[:500]
	if strings.Contains(list, long) || !strings.Contains(list, string(cut)+`…<a href="../enterprises/91420500MA4F10046H/">查看全文</a>`) {
		t.Error("commitments list: the over-long item is not cut at 500 characters with a link to the enterprise page")
	}

	// Downloads: the workbook is linked as the one for Excel, the CSV no
	// longer claims Excel opens it right; CSV and JSON keep the line break.
	if !strings.Contains(list, `opendata/commitments.xlsx"`) || strings.Contains(list, "Excel 可直接打开") {
		t.Error("commitments page: no .xlsx download, or the CSV still labelled for Excel")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(read("opendata/commitments.csv"), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var recs []map[string]string
	if err := json.Unmarshal([]byte(read("opendata/commitments.json")), &recs); err != nil {
		t.Fatal(err)
	}
	if !containsRow(rows, item) || !containsValue(recs, "commitment_item", item) {
		t.Error("CSV or JSON download lost the line break")
	}

	cx := openBook(t, filepath.Join(out, "opendata", "commitments.xlsx"))
	if cell := find(t, cx, "统一社会信用代码", digits); !cell.text || cell.format != "@" {
		t.Errorf("commitments.xlsx: code %s is %+v, want a text cell formatted @", digits, cell)
	}
	if cell := find(t, cx, "信用承诺事项", item); !cell.text {
		t.Errorf("commitments.xlsx: item with a line break is %+v", cell)
	}
	dx := openBook(t, filepath.Join(out, "opendata", "disclosures.xlsx"))
	if cell := find(t, dx, "资质证书编号", "0042050012345678"); !cell.text || cell.format != "@" {
		t.Errorf("disclosures.xlsx: 0042050012345678 is %+v, want a text cell formatted @", cell)
	}
	if cell := find(t, dx, "发证时间", "2018-06-07"); cell.text || cell.format != "yyyy-mm-dd" {
		t.Errorf("disclosures.xlsx: 发证时间 is %+v, want a date cell formatted yyyy-mm-dd", cell)
	}
}

func containsRow(rows [][]string, v string) bool {
	for _, r := range rows {
		for _, c := range r {
			if c == v {
				return true
			}
		}
	}
	return false
}

func containsValue(recs []map[string]string, key, v string) bool {
	for _, r := range recs {
		if r[key] == v {
			return true
		}
	}
	return false
}

type book struct {
	f     *excelize.File
	sheet string
}

func openBook(t *testing.T, p string) book {
	t.Helper()
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return book{f, f.GetSheetList()[0]}
}

// foundCell is a workbook cell as Excel shows it.
type foundCell struct {
	text   bool   // a string cell (shared or inline), never read as a number
	format string // "@", a custom format code, or "" for General
}

// find returns the cell of column header whose shown value is v; the
// test fails when there is none.
func find(t *testing.T, b book, header, v string) foundCell {
	t.Helper()
	rows, err := b.f.GetRows(b.sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %v", b.sheet, err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == header {
			col = i
		}
	}
	for r, row := range rows[1:] {
		if col < 0 || col >= len(row) || row[col] != v {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(col+1, r+2)
		typ, _ := b.f.GetCellType(b.sheet, ref)
		id, _ := b.f.GetCellStyle(b.sheet, ref)
		st, err := b.f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		c := foundCell{text: typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString}
		switch {
		case st.CustomNumFmt != nil:
			c.format = *st.CustomNumFmt
		case st.NumFmt == 49:
			c.format = "@"
		}
		return c
	}
	t.Fatalf("%s: no %s %q", b.sheet, header, v)
	return foundCell{}
}
