package table

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// genTable is a random table written as proper CSV, with where each row
// and each cell lies in the text.
type genTable struct {
	delim byte
	crlf  bool
	rows  [][]string // header first
	text  []byte     // UTF-8
	line  []int      // line each row starts on
	cont  []int      // lines that start inside a quoted cell
	cells [][2]int   // byte span of each cell in text, rows in order
}

// genPieces cells are made of: Chinese text, ASCII, the three delimiters,
// quotes and spaces. Line breaks are added between genPieces.
var genPieces = []string{
	"宜昌", "示范", "有限公司", "信用", "承诺", "（测试）", "猇亭", "，", "。", "西陵区",
	"A", "91420500", "2018-12-17", "x", " ", ",", ";", "\t", "\"", "\"\"", "=", "备注：见附件",
}

// genCell makes a random cell; lines inside it hold fewer than width−1
// delimiter characters, because a line inside a cell that holds a row's
// worth of them is refused by design (TestRowLikeContinuation).
func genCell(rng *rand.Rand, width int, delim byte) string {
	if rng.IntN(6) == 0 {
		return ""
	}
	if rng.IntN(20) == 0 {
		return fmt.Sprintf("=\"%04d\"", rng.IntN(10000))
	}
	var b strings.Builder
	lines := 1
	if rng.IntN(4) == 0 {
		lines += 1 + rng.IntN(3)
	}
	for l := range lines {
		if l > 0 {
			b.WriteByte('\n')
		}
		delims := 0
		for range 1 + rng.IntN(4) {
			p := genPieces[rng.IntN(len(genPieces))]
			if n := strings.Count(p, string(delim)); n > 0 {
				if lines > 1 && delims+n > width-2 {
					continue
				}
				delims += n
			}
			b.WriteString(p)
		}
	}
	return b.String()
}

func genRandomTable(rng *rand.Rand, delim byte, crlf bool) *genTable {
	width := 2 + rng.IntN(8)
	header := make([]string, width)
	for i := range header {
		header[i] = fmt.Sprintf("列%d", i+1)
	}
	header[0], header[width-1] = "企业名称", "统一社会信用代码"
	t := &genTable{delim: delim, crlf: crlf, rows: [][]string{header}}
	for range 1 + rng.IntN(12) {
		row := make([]string, width)
		for i := range row {
			row[i] = genCell(rng, width, delim)
		}
		if strings.Trim(strings.Join(row, ""), "") == "" {
			row[0] = "甲"
		}
		t.rows = append(t.rows, row)
	}
	t.write(rng)
	if t.rowLikeContinuation() {
		return genRandomTable(rng, delim, crlf)
	}
	return t
}

// rowLikeContinuation reports whether a line inside a cell reads as a
// whole row on its own. Such a cell is refused by design (see
// TestRowLikeContinuation), so the properties leave these tables out.
func (t *genTable) rowLikeContinuation() bool {
	s := newCSVSource(nil, t.delim, len(t.rows[0]), DefaultMaxCellBytes)
	lines := bytes.Split(bytes.ReplaceAll(t.text, []byte("\r\n"), []byte("\n")), []byte("\n"))
	for _, l := range t.cont {
		if s.rowLike(lines[l-1]) {
			return true
		}
	}
	return false
}

// write writes the rows as RFC 4180 text: a cell is quoted if it must be
// (delimiter, quote, line break) and at random otherwise; ="…" cells are
// written unquoted, as tools write them.
func (t *genTable) write(rng *rand.Rand) {
	var b bytes.Buffer
	eol := "\n"
	if t.crlf {
		eol = "\r\n"
	}
	line := 1
	for _, row := range t.rows {
		t.line = append(t.line, line)
		for i, c := range row {
			if i > 0 {
				b.WriteByte(t.delim)
			}
			start := b.Len()
			switch {
			case isFormulaText([]byte(c)) && !strings.ContainsAny(c, "\n"+string(t.delim)):
				b.WriteString(c)
			case strings.ContainsAny(c, "\"\n"+string(t.delim)) || rng.IntN(8) == 0:
				b.WriteString(`"` + strings.ReplaceAll(strings.ReplaceAll(c, `"`, `""`), "\n", eol) + `"`)
			default:
				b.WriteString(c)
			}
			t.cells = append(t.cells, [2]int{start, b.Len()})
			for range strings.Count(c, "\n") {
				line++
				t.cont = append(t.cont, line)
			}
		}
		b.WriteString(eol)
		line++
	}
	t.text = b.Bytes()
}

// encode returns the text in an encoding the reader detects.
func (t *genTable) encode(tb testing.TB, enc string) []byte {
	switch enc {
	case "utf8-bom":
		return append([]byte{0xEF, 0xBB, 0xBF}, t.text...)
	case GB18030:
		return gb18030Bytes(tb, string(t.text))
	}
	return t.text
}

// srcEvent is one thing the source handed out.
type srcEvent struct {
	line  int
	cells []string // nil for a refused line
	msg   string
}

// readEvents reads all records and refused lines straight from the source
// (cells as written, blank lines left out).
func readEvents(tb testing.TB, data []byte, o Options) (events []srcEvent, r *Reader) {
	tb.Helper()
	r, err := NewReaderOptions(bytes.NewReader(data), o)
	if err != nil {
		tb.Fatalf("NewReaderOptions: %v", err)
	}
	last := 0
	for {
		rec, _, line, _, err := r.src.next()
		if err == io.EOF {
			return events, r
		}
		var re *RowError
		switch {
		case errors.As(err, &re):
			events = append(events, srcEvent{line: re.Line, msg: re.Msg})
			line = re.Line
		case err != nil:
			tb.Fatalf("next: %v", err)
		default:
			events = append(events, srcEvent{line: line, cells: append([]string(nil), rec...)})
		}
		if line <= last {
			tb.Fatalf("line %d after line %d", line, last)
		}
		last = line
	}
}

var propertyShapes = []struct {
	delim byte
	crlf  bool
	enc   string
}{
	{',', false, UTF8}, {',', true, "utf8-bom"}, {',', true, GB18030},
	{'\t', false, GB18030}, {'\t', true, UTF8}, {';', false, UTF8}, {';', true, GB18030},
}

// Proper CSV reads back exactly: every row, at its line, and nothing else.
func TestPropertyRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		sh := propertyShapes[i%len(propertyShapes)]
		tab := genRandomTable(rng, sh.delim, sh.crlf)
		events, r := readEvents(t, tab.encode(t, sh.enc), Options{})
		if r.Delimiter() != rune(sh.delim) {
			t.Fatalf("table %d: delimiter %q, want %q\n%s", i, r.Delimiter(), sh.delim, tab.text)
		}
		if len(events) != len(tab.rows) {
			t.Fatalf("table %d: %d events for %d rows\n%s\n%v", i, len(events), len(tab.rows), tab.text, events)
		}
		for j, e := range events {
			if e.line != tab.line[j] || !equalCells(e.cells, tab.rows[j]) {
				t.Fatalf("table %d row %d: got line %d %q (%s), want line %d %q\n%s", i, j, e.line, e.cells, e.msg, tab.line[j], tab.rows[j], tab.text)
			}
		}
	}
}

func equalCells(a, b []string) bool {
	return a != nil && strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// One stray quote anywhere in a cell: every record returned is an
// original row at its own line; every original row is returned or its
// line refused; nothing else is returned.
func TestPropertyStray(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	wrongDelim := 0
	defer func() { t.Logf("%d tables with a wrong delimiter (header not found)", wrongDelim) }()
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i := range n {
		sh := propertyShapes[i%len(propertyShapes)]
		tab := genRandomTable(rng, sh.delim, sh.crlf)
		// a data cell, not the header, so that the header is still found
		span := tab.cells[len(tab.rows[0])+rng.IntN(len(tab.cells)-len(tab.rows[0]))]
		at := span[0] + rng.IntN(span[1]-span[0]+1)
		for at < len(tab.text) && !utf8.RuneStart(tab.text[at]) {
			at--
		}
		orig := tab.text
		tab.text = append(append(append([]byte(nil), orig[:at]...), '"'), orig[at:]...)
		data := tab.encode(t, sh.enc)
		events, r := readEvents(t, data, Options{})
		name := fmt.Sprintf("table %d, quote at %d", i, at)
		if r.Delimiter() != rune(sh.delim) {
			// A damaged table of a row or two can mislead the sniffing;
			// then the header must not be found, or nothing is read.
			r, _ := NewReader(bytes.NewReader(data))
			if _, _, err := r.Header("企业名称", "统一社会信用代码"); err == nil {
				t.Fatalf("%s: delimiter %q, want %q, and the header was found\n%s", name, r.Delimiter(), sh.delim, tab.text)
			}
			wrongDelim++
			continue
		}
		checkAgainstRows(t, name, tab, events)
	}
}

// checkAgainstRows checks events, read from tab.text, against tab.rows,
// which that text was made from before it was damaged.
func checkAgainstRows(t *testing.T, name string, tab *genTable, events []srcEvent) {
	t.Helper()
	byLine := map[int][]string{}
	for j, l := range tab.line {
		byLine[l] = tab.rows[j]
	}
	seen := map[int]bool{}
	for _, e := range events {
		seen[e.line] = true
		if e.cells == nil {
			continue
		}
		if want, ok := byLine[e.line]; !ok || !equalCells(e.cells, want) {
			t.Fatalf("%s: line %d read as %q, want %q\n%s\nevents %v", name, e.line, e.cells, want, tab.text, events)
		}
	}
	for _, l := range tab.line {
		if !seen[l] {
			t.Fatalf("%s: row at line %d neither read nor refused\n%s\nevents %v", name, l, tab.text, events)
		}
	}
}

func (e srcEvent) String() string {
	if e.cells == nil {
		return fmt.Sprintf("%d: refused: %s", e.line, e.msg)
	}
	return fmt.Sprintf("%d: %q", e.line, e.cells)
}

// A quote that mayPair passes over is one whose absence makes the first
// line fail: checked against a full trial reading, on the lines of random
// tables with and without a stray quote.
func TestMayPair(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	checked := 0
	for i := range 3000 {
		sh := propertyShapes[i%len(propertyShapes)]
		tab := genRandomTable(rng, sh.delim, sh.crlf)
		text := tab.text
		if i%2 == 1 {
			at := rng.IntN(len(text) + 1)
			for at < len(text) && !utf8.RuneStart(text[at]) {
				at--
			}
			text = append(append(append([]byte(nil), text[:at]...), '"'), text[at:]...)
		}
		lines := bytes.Split(text, []byte(eolOf(sh.crlf)))
		for l := range lines {
			s := newCSVSource(bufio.NewReader(bytes.NewReader(bytes.Join(lines[l:], []byte("\n")))), sh.delim, len(tab.rows[0]), DefaultMaxCellBytes)
			if _, err := s.attempt(&s.main, 0, noQuote, nil); err != nil {
				t.Fatal(err)
			}
			for _, r := range s.main.roles {
				if mayPair(s.q[0].text, r, sh.delim) {
					continue
				}
				checked++
				if a, _ := s.attempt(&s.sim[1], 0, quoteAt{0, r.off}, nil); a.ok || a.last != 0 {
					t.Fatalf("without the quote at %d (%d), %q reads (to line %d)", r.off, r.kind, s.q[0].text, a.last)
				}
			}
		}
	}
	t.Logf("%d quotes passed over", checked)
}

func eolOf(crlf bool) string {
	if crlf {
		return "\r\n"
	}
	return "\n"
}
