package table

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gb18030Bytes(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// commitmentRows are the cells of a commitments table as a county sends
// it: every cell at least two characters, so that a quote can go in the
// middle of any of them.
func commitmentRows(n int) [][]string {
	rows := [][]string{{"序号", "企业名称", "法定代表人", "统一社会信用代码", "信用承诺类型", "信用承诺事项", "做出信用承诺时间", "其他"}}
	for i := range n {
		rows = append(rows, []string{
			fmt.Sprint(101 + i), fmt.Sprintf("宜昌示范%d有限公司", i+1), "张文静", fmt.Sprintf("91420500%02dMA4F0C%02d", i, i),
			"信用修复型", "遵守宜昌市餐饮行业协会食品安全自律承诺", "2018-12-17", "备注：无",
		})
	}
	return rows
}

// tableText joins rows below a title and a 填报单位 line and above a footer;
// the header is on line 3, row i (1-based) on line 3+i.
func tableText(rows [][]string, delim, eol string) string {
	lines := []string{"宜昌市企业信用承诺情况列表", "填报单位：西陵区"}
	for _, r := range rows {
		lines = append(lines, strings.Join(r, delim))
	}
	lines = append(lines, "填报人：张三", "")
	return strings.Join(lines, eol)
}

// encodeAs returns text in the named encoding.
func encodeAs(tb testing.TB, text, enc string) []byte {
	if enc == GB18030 {
		return gb18030Bytes(tb, text)
	}
	return []byte(text)
}

// readTable reads data through the Reader as ingest does and returns the
// rows as "line:cell|cell" and the errors as "line:message".
func readTable(tb testing.TB, data []byte, o Options) (r *Reader, rows, errs []string) {
	tb.Helper()
	r, err := NewReaderOptions(bytes.NewReader(data), o)
	if err != nil {
		tb.Fatalf("NewReaderOptions: %v", err)
	}
	if _, _, err := r.Header("企业名称", "统一社会信用代码"); err != nil {
		tb.Fatalf("Header: %v\n%s", err, data)
	}
	for {
		row, err := r.Next()
		var re *RowError
		switch {
		case err == io.EOF:
			return r, rows, errs
		case errors.As(err, &re):
			errs = append(errs, fmt.Sprintf("%d:%s", re.Line, re.Msg))
		case err != nil:
			tb.Fatalf("Next: %v", err)
		default:
			rows = append(rows, fmt.Sprintf("%d:%s", row.Line, strings.Join(row.Cells, "|")))
		}
	}
}

func rowStrings(rows [][]string, skip int) []string {
	var out []string
	for i, r := range rows[1:] {
		if i+1 != skip {
			out = append(out, fmt.Sprintf("%d:%s", 4+i, strings.Join(r, "|")))
		}
	}
	return out
}

var (
	allDelims = []string{",", "\t", ";"}
	allEOLs   = []string{"\n", "\r\n"}
	allEncs   = []string{UTF8, GB18030}
)

// strayCase is a table of rows rows with a quote typed at pos (start,
// middle, end) of the cell in column col of row bad.
type strayCase struct {
	rows, bad, col       int
	pos, delim, eol, enc string
}

func strayCases() []strayCase {
	var cases []strayCase
	for _, n := range []int{1, 2, 6} {
		for _, bad := range slices.Compact([]int{1, (n + 1) / 2, n}) {
			for _, col := range []int{0, 3, 7} {
				for _, pos := range []string{"start", "middle", "end"} {
					for _, delim := range allDelims {
						for _, eol := range allEOLs {
							for _, enc := range allEncs {
								cases = append(cases, strayCase{n, bad, col, pos, delim, eol, enc})
							}
						}
					}
				}
			}
		}
	}
	return cases
}

// A stray quote at the start, in the middle or at the end of a cell, in
// the first, a middle or the last column, of the first, a middle or the
// last row of tables of 1, 2 and 6 rows, in every shape of file: the
// damaged line is refused with its line and column, and every other row
// comes back exactly as written, on its own line.
func TestStrayQuote(t *testing.T) {
	for _, c := range strayCases() {
		name := fmt.Sprintf("%+v", c)
		rows := commitmentRows(c.rows)
		damaged := append([][]string(nil), rows...)
		damaged[c.bad] = append([]string(nil), rows[c.bad]...)
		cell := []rune(rows[c.bad][c.col])
		at := map[string]int{"start": 0, "middle": len(cell) / 2, "end": len(cell)}[c.pos]
		damaged[c.bad][c.col] = string(cell[:at]) + `"` + string(cell[at:])
		r, got, errs := readTable(t, encodeAs(t, tableText(damaged, c.delim, c.eol), c.enc), Options{})
		if want := rowStrings(rows, c.bad); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: rows\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if prefix := fmt.Sprintf("%d:“%s”（第%d列）", 3+c.bad, rows[0][c.col], c.col+1); len(errs) != 1 || !strings.HasPrefix(errs[0], prefix) || !strings.Contains(errs[0], "英文引号") {
			t.Errorf("%s: errors %q, want one about the quote, starting %q", name, errs, prefix)
		}
		if r.Unit() != "西陵区" || r.Delimiter() != rune(c.delim[0]) {
			t.Errorf("%s: unit %q, delimiter %q", name, r.Unit(), r.Delimiter())
		}
	}
}

// The messages, verbatim.
func TestStrayQuoteMessages(t *testing.T) {
	rows := commitmentRows(3)
	for _, tc := range []struct {
		cell string // the new 其他 of row 2 (line 5)
		want string
	}{
		{`"备注：见附件`, `5:“其他”（第8列）开头的英文引号（"）没有配对：第6行本身像是完整的一行，不会是这一格的续行（请删去多余的引号，或在 Excel 中改正后重新另存为 CSV）`},
		{`备注"见附件`, `5:“其他”（第8列）含有多余的英文引号（"）（请删去多余的引号，或在 Excel 中改正后重新另存为 CSV）`},
		{`"备注"见附件`, `5:“其他”（第8列）的英文引号（"）没有包住整格，结束引号后面还有文字（请删去多余的引号，或在 Excel 中改正后重新另存为 CSV）`},
	} {
		damaged := append([][]string(nil), rows...)
		damaged[2] = append(append([]string(nil), rows[2][:7]...), tc.cell)
		_, got, errs := readTable(t, []byte(tableText(damaged, ",", "\n")), Options{})
		if len(errs) != 1 || errs[0] != tc.want {
			t.Errorf("%s: errors %q, want %q", tc.cell, errs, tc.want)
		}
		if len(got) != 2 {
			t.Errorf("%s: rows %q", tc.cell, got)
		}
	}
}

// The case from issue 14: 其他 typed as "备注：见附件 on line 6, no closing
// quote; the 11 other rows come back, each on its own line.
func TestStrayQuoteCase(t *testing.T) {
	data, err := os.ReadFile("testdata/stray-quote.csv")
	if err != nil {
		t.Fatal(err)
	}
	r, rows, errs := readTable(t, data, Options{})
	want := `6:“其他”（第8列）开头的英文引号（"）没有配对：第7行本身像是完整的一行，不会是这一格的续行（请删去多余的引号，或在 Excel 中改正后重新另存为 CSV）`
	if len(errs) != 1 || errs[0] != want {
		t.Errorf("errors %q, want %q", errs, want)
	}
	if len(rows) != 11 || r.Unit() != "西陵区" {
		t.Fatalf("%d rows, unit %q", len(rows), r.Unit())
	}
	for i, row := range rows {
		line := 4 + i
		if i >= 2 {
			line++
		}
		cells := strings.Split(row, "|")
		if !strings.HasPrefix(row, fmt.Sprintf("%d:%d|", line, line-3)) || len(cells) != 7 || strings.Contains(row, "备注") {
			t.Errorf("row %q, want line %d, 7 cells, nothing of line 6", row, line)
		}
	}
}

// Two stray quotes that would pair up across lines: "备注 on line 6 and
// 见附件" at the end of line 9. Lines 7 and 8 are rows of their own, not
// part of a cell.
func TestPairedStrayQuotes(t *testing.T) {
	for _, delim := range allDelims {
		rows := commitmentRows(8)
		damaged := append([][]string(nil), rows...)
		damaged[3] = append(append([]string(nil), rows[3][:7]...), `"备注`)
		damaged[6] = append(append([]string(nil), rows[6][:7]...), `见附件"`)
		_, got, errs := readTable(t, []byte(tableText(damaged, delim, "\r\n")), Options{})
		var want []string
		for _, r := range rowStrings(rows, 3) {
			if !strings.HasPrefix(r, "9:") {
				want = append(want, r)
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%q: rows\n%s\nwant\n%s", delim, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(errs) != 2 || !strings.HasPrefix(errs[0], "6:") || !strings.HasPrefix(errs[1], "9:“其他”（第8列）含有多余的英文引号") {
			t.Errorf("%q: errors %q", delim, errs)
		}
	}
}

// A cell broken over lines with Alt+Enter, in any column, is one record;
// it may hold quotes and delimiters too.
func TestMultiLineCell(t *testing.T) {
	for col := range 8 {
		for _, delim := range allDelims {
			for _, eol := range allEOLs {
				for _, enc := range allEncs {
					rows := commitmentRows(3)
					rows[2][col] = "宜昌（测试）\n第二行" + delim + "含“分隔符”和\"引号\"\n第三行"
					written := append([][]string(nil), rows...)
					written[2] = append([]string(nil), rows[2]...)
					written[2][col] = `"` + strings.ReplaceAll(strings.ReplaceAll(rows[2][col], `"`, `""`), "\n", eol) + `"`
					_, got, errs := readTable(t, encodeAs(t, tableText(written, delim, eol), enc), Options{})
					want := rowStrings(rows, 0)
					want[2] = strings.Replace(want[2], "6:", "8:", 1)
					if len(errs) != 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
						t.Errorf("col %d %q %q %s: rows\n%s\nwant\n%s\nerrors %q", col+1, delim, eol, enc, strings.Join(got, "\n"), strings.Join(want, "\n"), errs)
					}
				}
			}
		}
	}
}

// A cell that runs on over a line holding a whole row's worth of
// delimiters is taken for a stray quote: that line is read as a row, by
// design (it is what tells a stray quote from a line break in a cell).
// The first line of the cell and its last line are refused.
func TestRowLikeContinuation(t *testing.T) {
	data := "企业名称,统一社会信用代码,其他\n" +
		"甲公司,C1,\"第一行\n" +
		"a,b,c\n" +
		"末行\"\n" +
		"乙公司,C2,x\n"
	_, rows, errs := readTable(t, []byte(data), Options{})
	if strings.Join(rows, ";") != "3:a|b|c;5:乙公司|C2|x" || len(errs) != 2 || !strings.HasPrefix(errs[0], "2:“其他”（第3列）开头的英文引号（\"）没有配对：第3行本身像是完整的一行") || !strings.HasPrefix(errs[1], "4:") {
		t.Errorf("rows %q, errors %q", rows, errs)
	}
}

// A quote typed just before a line break inside a cell closes the cell
// there, and the record still reads; so does the reading without that
// quote. Both lines are refused, and the line after is read.
func TestTwoReadings(t *testing.T) {
	data := "企业名称,统一社会信用代码,其他\n" +
		"甲公司,C1,\"第一行\"\n" + // written "第一行\n第二行", a quote typed before the line break
		"第二行\"\n" +
		"乙公司,C2,x\n"
	_, rows, errs := readTable(t, []byte(data), Options{})
	want := []string{
		`2:第2至3行的英文引号（"）可以有两种配对方式，无法确定这几行怎样分成记录（请删去多余的引号，或在 Excel 中改正后重新另存为 CSV）`,
		`3:这一行在第2至3行之间，那里的英文引号（"）可以有两种配对方式，无法确定它是不是独立的一行（请删去多余的引号，或在 Excel 中改正后重新另存为 CSV）`,
	}
	if strings.Join(rows, ";") != "4:乙公司|C2|x" || strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows %q, errors\n%s", rows, strings.Join(errs, "\n"))
	}
}

// A stray opening quote that pairs with a quote rows below, with no line
// in between that looks like a row (each row below breaks a cell over
// lines), makes a record that reads well: the reading without it reads
// too, so every line up to where the readings meet is refused.
func TestStrayQuotePairsFarBelow(t *testing.T) {
	data := "企业名称,统一社会信用代码,其他\n" +
		"甲公司,C1,\"备注\n" + // the stray quote
		"乙公司,\"\n" + // a code cell that starts with a line break
		"C2\",x\n" +
		"丙公司,C3,y\n"
	_, rows, errs := readTable(t, []byte(data), Options{})
	if strings.Join(rows, ";") != "5:丙公司|C3|y" || len(errs) != 3 || !strings.HasPrefix(errs[0], "2:第2至4行的英文引号") {
		t.Errorf("rows %q, errors\n%s", rows, strings.Join(errs, "\n"))
	}
}

// Unclosed quote at the end of the file, text after a closing quote, a
// cell over the limit (unquoted, or quoted over lines), a line over the
// record limit.
func TestRecordErrors(t *testing.T) {
	long := strings.Repeat("长", 30) // 90 bytes
	for _, tc := range []struct {
		name, text string
		rows, errs []string
	}{{
		"unclosed at EOF",
		"企业名称,统一社会信用代码,其他\n甲公司,C1,x\n乙公司,C2,\"备注",
		[]string{"2:甲公司|C1|x"},
		[]string{`3:“其他”（第3列）开头的英文引号（"）没有配对：直到文件末尾都没有结束引号（请删去多余的引号，或在 Excel 中改正后重新另存为 CSV）`},
	}, {
		"after closing quote",
		"企业名称,统一社会信用代码,其他\n甲公司,\"C1\"2,x\n乙公司,C2,y\n",
		[]string{"3:乙公司|C2|y"},
		[]string{`2:“统一社会信用代码”（第2列）的英文引号（"）没有包住整格，结束引号后面还有文字（请删去多余的引号，或在 Excel 中改正后重新另存为 CSV）`},
	}, {
		"long cell",
		"企业名称,统一社会信用代码,其他\n甲公司,C1," + long + "\n乙公司,C2,y\n",
		[]string{"3:乙公司|C2|y"},
		[]string{"2:“其他”（第3列）超过每格64字节的长度上限"},
	}, {
		"long cell over lines",
		"企业名称,统一社会信用代码,其他\n甲公司,C1,\"" + long[:45] + "\n" + long[:45] + "\"\n乙公司,C2,y\n",
		[]string{"4:乙公司|C2|y"},
		[]string{`2:“其他”（第3列）从这一行到第3行超过每格64字节的长度上限（若其中有多余的英文引号（"），是它把后面的行也算进了这一格）`, `3:“企业名称”（第1列）含有多余的英文引号（"）（请删去多余的引号，或在 Excel 中改正后重新另存为 CSV）`},
	}, {
		"long line",
		"企业名称,统一社会信用代码,其他\n甲公司,C1" + strings.Repeat(",长", 64*64/4) + "\n乙公司,C2,y\n",
		[]string{"3:乙公司|C2|y"},
		[]string{"2:这一行超过4096字节的长度上限"},
	}} {
		_, rows, errs := readTable(t, []byte(tc.text), Options{MaxCellBytes: 64})
		if strings.Join(rows, "\n") != strings.Join(tc.rows, "\n") || strings.Join(errs, "\n") != strings.Join(tc.errs, "\n") {
			t.Errorf("%s: rows %q errors\n%s\nwant %q\n%s", tc.name, rows, strings.Join(errs, "\n"), tc.rows, strings.Join(tc.errs, "\n"))
		}
	}
}

// Tab- and semicolon-separated tables, with quotes and in GBK, read like
// comma-separated ones.
func TestDelimiters(t *testing.T) {
	for _, delim := range allDelims {
		for _, enc := range allEncs {
			text := "宜昌市企业信用承诺情况列表\n填报单位：猇亭区\n" +
				strings.Join([]string{"序号", "企业名称", "统一社会信用代码", "其他"}, delim) + "\n" +
				strings.Join([]string{"1", `"宜昌示范,;	有限公司"`, "C1", `"说""明"`}, delim) + "\n" +
				strings.Join([]string{"2", "宜昌示范乙有限公司", `="0123"`, ""}, delim) + "\n"
			r, rows, errs := readTable(t, encodeAs(t, text, enc), Options{})
			want := "4:1|宜昌示范,;\t有限公司|C1|说\"明;5:2|宜昌示范乙有限公司|=\"0123\""
			if strings.Join(rows, ";") != want || len(errs) != 0 || r.Unit() != "猇亭区" || r.Delimiter() != rune(delim[0]) || r.Encoding() != enc {
				t.Errorf("%q %s: rows %q errors %q unit %q delimiter %q encoding %s", delim, enc, rows, errs, r.Unit(), r.Delimiter(), r.Encoding())
			}
		}
	}
}

// "文本文件（制表符分隔）" saved with a .csv name, in GBK (issue 14).
func TestTabSeparatedCase(t *testing.T) {
	data, err := os.ReadFile("testdata/tab-separated.csv")
	if err != nil {
		t.Fatal(err)
	}
	r, rows, errs := readTable(t, data, Options{})
	if len(rows) != 2 || len(errs) != 0 || r.Unit() != "猇亭区" || r.Delimiter() != '\t' || r.Encoding() != GB18030 {
		t.Errorf("rows %q errors %q unit %q delimiter %q encoding %s", rows, errs, r.Unit(), r.Delimiter(), r.Encoding())
	}
	if !strings.HasPrefix(rows[0], "4:1|宜昌示范农业开发有限公司|") || !strings.HasPrefix(rows[1], "5:2|宜昌示范药业有限公司|") {
		t.Errorf("rows %q", rows)
	}
}

// Line ends: LF, CRLF, a lone CR (text), a CR right before the end of the
// file (dropped), a last line without line end; a CRLF inside a quoted
// cell is a line break (LF) in the cell.
func TestLineEnds(t *testing.T) {
	data := "企业名称,统一社会信用代码\r\n甲\r公司,C1\n\"乙\r\n公司\",C2\r\n丙公司,C3\r"
	_, rows, errs := readTable(t, []byte(data), Options{})
	if strings.Join(rows, ";") != "2:甲\r公司|C1;3:乙\n公司|C2;5:丙公司|C3" || len(errs) != 0 {
		t.Errorf("rows %q errors %q", rows, errs)
	}
}

// Every line is handed out once, in order; the check fails when the
// scanner loses or invents a line.
func TestLineAccounting(t *testing.T) {
	data := "企业名称,统一社会信用代码,其他\n甲公司,C1,\"备注\n乙公司,C2,x\n丙公司,C3,y\n\n"
	src := func() *csvSource {
		r, err := NewReader(strings.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		return r.src.(*csvSource)
	}
	var ce *CountError
	// As it is: every line accounted for.
	s := src()
	for {
		_, _, _, _, err := s.next()
		if err == io.EOF {
			break
		}
		if errors.As(err, &ce) {
			t.Fatal(err)
		}
	}
	// A line lost from the queue: the next record does not start where
	// the last one ended.
	s = src()
	s.next() // the header
	if _, _, _, _, err := s.next(); err == nil || !strings.HasPrefix(err.Error(), "第3列") {
		t.Fatalf("line 2: %v", err)
	}
	s.q = s.q[1:] // 乙公司 (line 3), read when line 2 was weighed
	if _, _, _, _, err := s.next(); !errors.As(err, &ce) || ce.Want != 3 || ce.Got != 4 {
		t.Errorf("after a lost line: %v", err)
	}
	if _, _, _, _, err := s.next(); !errors.As(err, &ce) {
		t.Errorf("the error does not stay: %v", err)
	}
	// A line read but never handed out shows at the end.
	s = src()
	for {
		if _, _, _, _, err := s.next(); err == io.EOF {
			break
		}
	}
	s.read++
	if _, _, _, _, err := s.next(); !errors.As(err, &ce) || ce.Want != 6 || ce.Got != 7 {
		t.Errorf("at the end: %v", err)
	}
	if got := (&CountError{Want: 3, Got: 4}).Error(); got != "内部错误：CSV 行数核对不符（应从第3行接着读，实际是第4行），这个文件读出的内容不可信，请联系维护人员" {
		t.Errorf("message %q", got)
	}
}

// Sniffing: a title with commas above a tab-separated table, a table of
// one row, and a file without a header area.
func TestSniffDelimiter(t *testing.T) {
	for _, tc := range []struct {
		text  string
		delim byte
		width int
	}{
		{"说明：a,b,c,d\n企业名称\t统一社会信用代码\t其他\n甲\tC1\tx\n乙\tC2\ty\n", '\t', 3},
		{"企业名称;统一社会信用代码\n甲;C1\n", ';', 2},
		{"标题\n\n", ',', 1},
		{"", ',', 0},
	} {
		if d, w := sniffDelimiter([]byte(tc.text), true, DefaultMaxCellBytes); d != tc.delim || w != tc.width {
			t.Errorf("%q: %q %d, want %q %d", tc.text, d, w, tc.delim, tc.width)
		}
	}
}

// Two stray quotes on neighbouring rows, an opening one at the start of
// a cell and a closing one at the end of a cell of the next row, must
// never pair up into one record holding both rows: each returned row is
// a row of the table, every damaged row is refused at its line, and no
// row is lost without an error.
func TestNeighbouringStrayQuotes(t *testing.T) {
	for open := range 8 {
		for close := range 8 {
			for _, delim := range allDelims {
				rows := commitmentRows(4)
				written := make([][]string, len(rows))
				for i := range rows {
					written[i] = append([]string(nil), rows[i]...)
				}
				written[2][open] = `"` + written[2][open]
				written[3][close] += `"`
				_, got, errs := readTable(t, []byte(tableText(written, delim, "\n")), Options{})
				want := map[string]bool{}
				for _, r := range rowStrings(rows, 0) {
					want[r] = true
				}
				seen := map[string]bool{}
				for _, g := range got {
					if !want[g] {
						t.Fatalf("open %d close %d %q: row %q is no row of the table (errors %q)", open, close, delim, g, errs)
					}
					seen[g[:strings.IndexByte(g, ':')]] = true
				}
				for _, e := range errs {
					seen[e[:strings.IndexByte(e, ':')]] = true
				}
				for line := 4; line <= 7; line++ {
					if !seen[fmt.Sprint(line)] {
						t.Fatalf("open %d close %d %q: line %d neither read nor refused (rows %q errors %q)", open, close, delim, line, got, errs)
					}
				}
			}
		}
	}
}
