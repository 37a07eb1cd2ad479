package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"creditsite/internal/model"
	"creditsite/internal/schema"
	"creditsite/internal/table"
)

// Line is one physical line of a text file as typed, shown with a problem
// that no row can show.
type Line struct {
	Sheet string // the worksheet of a workbook's row; "" for a text file's line
	N     int    // 1-based, as Notepad counts lines (Excel's row number in a worksheet)
	Text  string // decoded, without its line end (a worksheet row's cells joined by " | "); cut after maxLineRunes characters
	Bad   bool   // the line the problem is about
}

const (
	maxLineRunes = 500 // a line is shown to be found, not read in full
	headLines    = 6   // first lines shown for a problem about a whole file
	aroundLines  = 1   // lines shown above and below a line that is not a row
)

// addContext gives each problem that has no row as typed what a clerk
// needs to find and fix it, by reading again the few files concerned:
//   - a row named only by its place (a duplicate and the row it repeats, a
//     name that differs from the newest record's) gets its cells;
//   - a CSV line that could not be read as a row (a stray quote) gets the
//     physical lines around it as typed;
//   - a problem about a whole CSV file (no header, wrong encoding, no
//     填报单位 line, generated sample data) gets the file's first lines, one
//     about a whole workbook or worksheet the first rows of its sheets;
//   - config.yaml's sampleData warning gets that line.
//
// A file that cannot be read again (removed meanwhile) leaves its
// problems as they are: their messages still say what is wrong.
func (l *loader) addContext() {
	byFile := map[string][]*Problem{}
	var files []string
	for i := range l.res.Problems {
		p := &l.res.Problems[i]
		for _, f := range []string{p.File, otherFile(p)} {
			if f != "" && !slices.Contains(files, f) {
				files = append(files, f)
			}
			if f != "" && (len(byFile[f]) == 0 || byFile[f][len(byFile[f])-1] != p) {
				byFile[f] = append(byFile[f], p)
			}
		}
	}
	for _, f := range files {
		if f == "config.yaml" {
			l.configLines(byFile[f])
			continue
		}
		l.fileContext(f, byFile[f])
	}
}

func otherFile(p *Problem) string {
	if p.Other != nil {
		return p.Other.At.File
	}
	return ""
}

// fileContext fills the rows and lines of ps that file holds.
func (l *loader) fileContext(file string, ps []*Problem) {
	want := map[model.Source]bool{} // rows wanted by place (Line 0 never)
	var lines []int                 // physical lines wanted
	head, sheets := false, false
	workbook := format(file) == formatWorkbook
	for _, p := range ps {
		for _, r := range []*RawRow{p.Row, p.Other} {
			if r != nil && r.Cells == nil && r.At.File == file {
				want[place(r.At)] = true
			}
		}
		switch {
		case p.File != file || p.Row != nil:
		case p.Line > 0 && p.Sheet == "":
			for n := max(p.Line-aroundLines, 1); n <= p.Line+aroundLines; n++ {
				lines = append(lines, n)
			}
		case p.Line == 0 && workbook:
			sheets = true
		case p.Line == 0 && p.Sheet == "" && format(file) == formatCSV:
			head = true
		}
	}
	if sheets {
		l.sheetContext(file, ps)
	}
	if len(want) > 0 {
		rows := l.readRows(file, want)
		for _, p := range ps {
			for _, r := range []*RawRow{p.Row, p.Other} {
				if r == nil || r.Cells != nil {
					continue
				}
				if got := rows[place(r.At)]; got != nil {
					r.Header, r.Cells = got.Header, got.Cells
				}
			}
		}
	}
	if len(lines) == 0 && !head {
		return
	}
	if head {
		lines = append(lines, seq(1, headLines)...)
	}
	text := l.readLines(file, lines)
	for _, p := range ps {
		switch {
		case p.File != file || p.Row != nil || p.Sheet != "":
		case p.Line > 0:
			p.Lines = pick(text, p.Line-aroundLines, p.Line+aroundLines, p.Line)
		case head:
			p.Lines = pick(text, 1, headLines, 0)
		}
	}
}

// place is a row's place without the unit, as a map key.
func place(s model.Source) model.Source {
	return model.Source{File: s.File, Sheet: s.Sheet, Line: s.Line}
}

func seq(from, to int) []int {
	var out []int
	for n := from; n <= to; n++ {
		out = append(out, n)
	}
	return out
}

// pick returns the lines from..to that text holds, marking line bad.
func pick(text map[int]string, from, to, bad int) []Line {
	var out []Line
	for n := max(from, 1); n <= to; n++ {
		if t, ok := text[n]; ok {
			out = append(out, Line{N: n, Text: t, Bad: n == bad})
		}
	}
	return out
}

// readRows reads file's tables again, as readTable does, and returns the
// rows at the places wanted with their table's header as written.
func (l *loader) readRows(file string, want map[model.Source]bool) map[model.Source]*RawRow {
	out := map[model.Source]*RawRow{}
	f, err := l.src.Open(file)
	if err != nil {
		return out
	}
	defer f.Close()
	collect := func(at model.Source, tr *table.Reader) {
		header, _, err := tr.Header(schema.Name, schema.CodeName)
		if err != nil {
			return
		}
		header = slices.Clone(header)
		for {
			row, err := tr.Next()
			var rowErr *table.RowError
			if errors.As(err, &rowErr) {
				continue
			}
			if err != nil {
				return
			}
			at.Line = row.Line
			if want[at] {
				out[at] = &RawRow{At: at, Header: header, Cells: slices.Clone(row.Cells)}
			}
		}
	}
	if format(file) != formatWorkbook && !isZip(f) {
		if tr, err := table.NewReaderOptions(f, table.Options{MaxCellBytes: l.opt.MaxCellBytes}); err == nil {
			collect(model.Source{File: file}, tr)
		}
		return out
	}
	st, err := f.Stat()
	if err != nil {
		return out
	}
	wb, err := table.NewWorkbook(f, st.Size())
	if err != nil {
		return out
	}
	defer wb.Close()
	for _, sh := range wb.Sheets() {
		if tr, err := wb.Reader(sh.Name); err == nil {
			collect(model.Source{File: file, Sheet: sh.Name}, tr)
		}
	}
	return out
}

// readLines returns the wanted physical lines of a text file, decoded
// line by line (UTF-8, else GB18030, as a file may mix them; a UTF-16
// file by its byte order mark). A workbook or binary file gives none.
func (l *loader) readLines(file string, wanted []int) map[int]string {
	out := map[int]string{}
	f, err := l.src.Open(file)
	if err != nil {
		return out
	}
	defer f.Close()
	if !isText(f) {
		return out
	}
	last, want := 0, make(map[int]bool, len(wanted))
	for _, n := range wanted {
		last, want[n] = max(last, n), true
	}
	r := bufio.NewReader(transform.NewReader(f, unicode.BOMOverride(encoding.Nop.NewDecoder())))
	for n := 1; n <= last; n++ {
		b, err := r.ReadSlice('\n')
		line := b
		if errors.Is(err, bufio.ErrBufferFull) {
			line = bytes.Clone(b) // the next ReadSlice overwrites b
		}
		for errors.Is(err, bufio.ErrBufferFull) { // a long line: keep its start only
			b, err = r.ReadSlice('\n')
			if len(line) < 4*maxLineRunes {
				line = append(line, b...)
			}
		}
		if len(line) == 0 && err != nil {
			break
		}
		if want[n] {
			out[n] = shown(line)
		}
		if err != nil {
			break
		}
	}
	return out
}

// isText reports whether f looks like a text file: not a zip (.xlsx) or
// an old binary workbook, and without NUL bytes unless it is UTF-16.
func isText(f *os.File) bool {
	head := make([]byte, 512)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return true
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.IndexByte(head, 0) >= 0:
		return false
	}
	return true
}

// shown decodes one line as typed for the report, without its line end.
func shown(b []byte) string {
	b = bytes.TrimRight(b, "\r\n")
	s := string(b)
	if !utf8.Valid(b) {
		if d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b); err == nil {
			s = string(d)
		} else {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
	}
	if r := []rune(s); len(r) > maxLineRunes {
		s = string(r[:maxLineRunes]) + "…"
	}
	return s
}

// configLines shows config.yaml's sampleData line with its warning.
func (l *loader) configLines(ps []*Problem) {
	f, err := l.src.Open("config.yaml")
	if err != nil {
		return
	}
	defer f.Close()
	var found []Line
	s := bufio.NewScanner(io.LimitReader(f, 1<<20))
	for n := 1; s.Scan(); n++ {
		if strings.HasPrefix(strings.TrimSpace(s.Text()), "sampleData:") {
			found = append(found, Line{N: n, Text: s.Text(), Bad: true})
		}
	}
	for _, p := range ps {
		if p.Line == 0 && strings.Contains(p.Msg, "sampleData") {
			p.Lines = found
		}
	}
}

// sheetContext gives the problems about a whole workbook or one of its
// worksheets the first rows of the sheets concerned, as read (blank rows
// left out).
func (l *loader) sheetContext(file string, ps []*Problem) {
	f, err := l.src.Open(file)
	if err != nil {
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return
	}
	wb, err := table.NewWorkbook(f, st.Size())
	if err != nil {
		return
	}
	defer wb.Close()
	heads := map[string][]Line{}
	var all []Line
	for _, sh := range wb.Sheets() {
		tr, err := wb.Reader(sh.Name)
		if err != nil {
			continue
		}
		for range headLines {
			row, err := tr.Next()
			var rowErr *table.RowError
			if errors.As(err, &rowErr) {
				continue
			}
			if err != nil {
				break
			}
			heads[sh.Name] = append(heads[sh.Name], Line{Sheet: sh.Name, N: row.Line, Text: shown([]byte(strings.Join(row.Cells, " | ")))})
		}
		all = append(all, heads[sh.Name]...)
	}
	for _, p := range ps {
		switch {
		case p.File != file || p.Line != 0 || p.Row != nil:
		case p.Sheet == "":
			p.Lines = all
		default:
			p.Lines = heads[p.Sheet]
		}
	}
}
