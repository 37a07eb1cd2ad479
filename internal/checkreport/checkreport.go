// Package checkreport writes the data check as one self-contained HTML
// page for staff: problems grouped by file, errors first, each with its
// place (FILE:LINE or FILE:SHEET!ROW, as in the text report), the row as
// typed with the bad cell marked, and what to do about it. The page may
// be mailed around, so personal data in cells and messages is masked.
package checkreport

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"

	"creditsite/internal/ingest"
	"creditsite/internal/privacy"
)

// Page is what the template shows.
type Page struct {
	Files                    []File
	Rows, Records, Skipped   int
	Errors, Warnings, Strict int
}

// File is one source file's counts and problems.
type File struct {
	Name                     string
	Rows, Published, LeftOut int
	Errors, Warnings         int // problems, not places: one row may have several
	Problems                 []Item
}

// Item is one place of a file (a row, a line, a sheet or the whole file)
// with every problem found there: a row with two bad cells is one item
// with both cells marked and both problems listed.
type Item struct {
	Where  string
	Error  bool // some problem here left data out
	Notes  []Note
	Row    *Row   // the row as typed; nil when the problem is not about one row
	Other  *Row   // the other row a problem is about: the one a duplicate repeats, or the record whose name the site shows
	Lines  []Line // physical lines as typed, for problems no row shows
	OfFile bool   // the problems are about the whole file: Lines are its first lines
}

// Note is one problem: what is wrong, the rule behind it and the fix.
type Note struct {
	Msg, Fix      string
	Error, Strict bool
}

// Row is a row of a table as typed, masked.
type Row struct {
	Where  string // FILE:LINE or FILE:SHEET!ROW
	Header bool   // the table's header row: cells are labelled by column letter
	Cells  []Cell
	// Numbered is set when the row's item has several notes: a marked
	// cell then says which.
	Numbered bool
}

// Cell is one cell of a row, masked, with its column's header.
type Cell struct {
	Header, Value string
	Bad           []int // the 1-based numbers of the item's notes about this cell
}

// Line is one physical line of a file as typed, or the first rows of a
// worksheet, masked.
type Line struct {
	Sheet string
	N     int
	Text  string
	Bad   bool
}

// Place is the line's number as the clerk looks it up: N, or SHEET!N.
func (l Line) Place() string {
	if l.Sheet != "" {
		return l.Sheet + "!" + strconv.Itoa(l.N)
	}
	return strconv.Itoa(l.N)
}

// Write writes the report of res. d finds the personal data to mask: the
// site's detector, so configured privatePatterns are masked too.
func Write(w io.Writer, res *ingest.Result, d *privacy.Detector) error {
	return page.Execute(w, NewPage(res, d))
}

// NewPage groups res's problems by file, errors before warnings, and
// within a file by place.
func NewPage(res *ingest.Result, d *privacy.Detector) *Page {
	p := &Page{Rows: res.Rows, Records: res.Records, Skipped: res.Skipped}
	files := map[string]*File{}
	get := func(name string) *File {
		if files[name] == nil {
			files[name] = &File{Name: name}
		}
		return files[name]
	}
	for name, n := range res.FileRows {
		get(name).Rows = n
	}
	for name, n := range res.FilePublished {
		get(name).Published = n
	}
	// Within a place, errors first: an item's notes are numbered in this order.
	ps := slices.Clone(res.Problems)
	slices.SortStableFunc(ps, func(a, b ingest.Problem) int {
		return cmp.Or(strings.Compare(a.File, b.File), strings.Compare(a.Sheet, b.Sheet), a.Line-b.Line, int(b.Severity)-int(a.Severity))
	})
	at := map[string]int{} // Where → index of its item in its file
	for _, pr := range ps {
		f := get(pr.File)
		i, ok := at[pr.Where()]
		if !ok {
			i = len(f.Problems)
			at[pr.Where()] = i
			f.Problems = append(f.Problems, Item{Where: mask(pr.Where(), d)})
		}
		f.Problems[i].add(pr, d)
		switch {
		case pr.Severity == ingest.Error:
			f.Errors++
			p.Errors++
		default:
			f.Warnings++
			p.Warnings++
			if pr.Strict {
				p.Strict++
			}
		}
	}
	for _, f := range files {
		f.LeftOut = max(f.Rows-f.Published, 0)
		// Stable: within a severity, places keep ingest's file order.
		slices.SortStableFunc(f.Problems, func(a, b Item) int { return rank(a) - rank(b) })
		p.Files = append(p.Files, *f)
	}
	// Files with errors first, then with warnings, then clean ones.
	slices.SortFunc(p.Files, func(a, b File) int {
		return cmp.Or(cmp.Compare(fileRank(a), fileRank(b)), strings.Compare(a.Name, b.Name))
	})
	return p
}

func rank(it Item) int {
	if it.Error {
		return 0
	}
	return 1
}

func fileRank(f File) int {
	switch {
	case f.Errors > 0:
		return 0
	case f.Warnings > 0:
		return 1
	}
	return 2
}

// add adds one problem at the item's place: its note, the row (the
// first problem's; every problem marks its cells in it), the other row
// and the lines.
func (it *Item) add(pr ingest.Problem, d *privacy.Detector) {
	it.Notes = append(it.Notes, Note{Msg: mask(pr.Msg, d), Fix: advice(pr.Msg), Error: pr.Severity == ingest.Error, Strict: pr.Strict})
	it.Error = it.Error || pr.Severity == ingest.Error
	it.OfFile = pr.Line == 0
	n := len(it.Notes)
	if pr.Row != nil && pr.Row.Cells != nil {
		if it.Row == nil {
			it.Row = row(pr.Row, d)
		}
		markCells(it.Row, pr.Msg, pr.Row, n)
	}
	if pr.Other != nil && pr.Other.Cells != nil && it.Other == nil {
		it.Other = row(pr.Other, d) // shown for comparison: nothing in it is marked
	}
	for _, l := range pr.Lines {
		if !slices.ContainsFunc(it.Lines, func(m Line) bool { return m.Sheet == l.Sheet && m.N == l.N }) {
			it.Lines = append(it.Lines, Line{Sheet: mask(l.Sheet, d), N: l.N, Text: mask(l.Text, d), Bad: l.Bad})
		}
	}
	if !it.InWorkbook() { // a workbook's rows come in sheet order already
		slices.SortFunc(it.Lines, func(a, b Line) int { return a.N - b.N })
	}
	if it.Row != nil {
		it.Row.Numbered = n > 1
	}
}

// row is r as shown: masked cells under their column names (the header
// row under column letters), empty columns without a header left out.
func row(r *ingest.RawRow, d *privacy.Detector) *Row {
	at := ingest.Problem{File: r.At.File, Sheet: r.At.Sheet, Line: r.At.Line}
	out := &Row{Where: mask(at.Where(), d), Header: r.Header == nil}
	for i, v := range r.Cells {
		h := ""
		switch {
		case r.Header == nil:
			h = columnLetter(i) + "列"
		case i < len(r.Header):
			h = columnName(r.Header[i])
		}
		out.Cells = append(out.Cells, Cell{Header: h, Value: mask(v, d)})
	}
	return out
}

// markCells marks in shown the cells note n (about raw) is about. A
// duplicate is about no one cell: its message names 序号 only to say it
// was not compared.
func markCells(shown *Row, msg string, raw *ingest.RawRow, n int) {
	if strings.Contains(msg, "完全相同") {
		return
	}
	for i := range badColumns(msg, raw) {
		if i < len(shown.Cells) {
			shown.Cells[i].Bad = append(shown.Cells[i].Bad, n)
		}
	}
}

// Shown drops the empty cells of columns without a header (Excel leaves
// them at the end of rows) and of the header row.
func (r *Row) Shown() []Cell {
	var out []Cell
	for _, c := range r.Cells {
		if c.Value != "" || len(c.Bad) > 0 || !r.Header && c.Header != "" {
			out = append(out, c)
		}
	}
	return out
}

// columnLetter is Excel's name of the 0-based column i: A … Z, AA ….
func columnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// Numbered reports whether the item's notes are numbered: it has more
// than one, so each marked cell says which it belongs to.
func (it Item) Numbered() bool { return len(it.Notes) > 1 }

// InWorkbook reports whether the item's lines are worksheet rows.
func (it Item) InWorkbook() bool { return len(it.Lines) > 0 && it.Lines[0].Sheet != "" }

// IsDuplicate reports whether the other row is the one a duplicate repeats.
func (it Item) IsDuplicate() bool {
	return slices.ContainsFunc(it.Notes, func(n Note) bool { return strings.Contains(n.Msg, "完全相同") })
}

// badColumns marks the cells a message is about. ingest names the
// column: quoted (“其他”中含有个人信息) or followed by the quoted value
// (企业名称“…”与统一社会信用代码 … 不一致), which names it more surely than
// a column merely mentioned (缺少企业名称); failing both, the cells whose
// value it quotes.
func badColumns(msg string, row *ingest.RawRow) map[int]bool {
	sure, named := map[int]bool{}, map[int]bool{}
	for i, h := range row.Header {
		n := columnName(h)
		switch {
		case n == "":
		case strings.Contains(msg, "“"+n+"”"), strings.Contains(msg, n+"“"):
			sure[i] = true
		case strings.Contains(msg, n):
			named[i] = true
		}
	}
	if len(sure) > 0 {
		return sure
	}
	if len(named) > 0 {
		return named
	}
	for i, v := range row.Cells {
		if v != "" && strings.Contains(msg, "“"+v+"”") {
			named[i] = true
		}
	}
	return named
}

// columnName is a header cell without its line breaks, spaces and the
// hint templates put in brackets (信用承诺类型( 审批替代型、… ) is 信用承诺类型).
func columnName(h string) string {
	h = strings.Join(strings.Fields(h), "")
	if i := strings.IndexAny(h, "(（"); i > 0 {
		h = h[:i]
	}
	return h
}
