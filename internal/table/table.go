// Package table reads one table that staff exported from Excel or WPS as
// CSV: it detects the text encoding, skips the title rows above the
// header, finds the header row, picks up the 填报单位 line, and returns the
// data rows with the line each starts on, leaving out blank and footer
// rows (填报人, 填报日期, 备注 …). It knows nothing about the columns'
// meaning; callers match the normalised header names.
package table

import (
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// headerSearchRows is how many rows may come before the header: enough for
// titles, notes and a 填报单位 line, few enough to fail fast on a file
// without a header.
const headerSearchRows = 30

// ErrNoHeader means no row within the first rows carried the required
// column names.
var ErrNoHeader = errors.New("no header row")

// Row is one data row. Cells are trimmed; the slices are reused by the
// next call to Next, the strings are not.
type Row struct {
	Cells  []string
	Kinds  []CellKind // parallel to Cells for worksheets; nil for CSV
	Line   int        // 1-based line (CSV) or row number (worksheet) the row starts on
	Bad    bool       // some cell is not valid text in the file's encoding
	Hidden bool       // a hidden worksheet row
	Width  int        // cells as written, trailing empty ones included
	// AfterGap is set when blank, footer or repeated header rows, or a
	// record that could not be read, came right before this row.
	AfterGap bool
}

// Reader reads the rows of one table, from a CSV file (NewReader) or a
// worksheet (Workbook.Reader).
type Reader struct {
	src      source
	encoding string
	unit     string
	unitLine int      // the line (row) unit was read from
	header   []string // normalised header, to skip it where it repeats
	first    string   // the header's first cell as written
	row      Row
	gap      bool // rows were passed over since the last row returned
}

// source gives a table's records one by one.
type source interface {
	// next returns the next record and the line (CSV) or row number
	// (worksheet) it starts on. It returns io.EOF at the end and a
	// *RowError for a record it could not read, after which it can go
	// on. The record is valid until the next call. kinds is nil for CSV.
	next() (rec []string, kinds []CellKind, line int, hidden bool, err error)
}

// headerSetter is a source that is told the header once found: CSV checks
// records against its width (a quote that runs on over lines must not make
// a record wider or, over several lines, narrower than the header) and
// names columns by it in messages.
type headerSetter interface {
	setHeader(names []string, width int)
}

// RowError is a record that could not be read; the reader goes on with
// the next one.
type RowError struct {
	Line int    // 1-based line or worksheet row where the record starts
	Msg  string // what is wrong, in Chinese
}

func (e *RowError) Error() string { return e.Msg }

// CellKind is what a worksheet cell held. Cells of CSV files are all
// Text.
type CellKind uint8

// Cell kinds.
const (
	Text   CellKind = iota
	Number          // a numeric cell shown without a date format
	Date            // a numeric cell with a date format, given as YYYY-MM-DD
	Bool
	FormulaError // a formula that failed, such as #N/A
)

// Encoding returns the detected encoding, UTF8 or GB18030.
func (r *Reader) Encoding() string { return r.encoding }

// Unit returns the 填报单位 read so far (title area or footer), or "".
func (r *Reader) Unit() string { return r.unit }

// UnitLine returns the line (a worksheet's row) Unit was read from, for
// messages about it; 0 when there is none.
func (r *Reader) UnitLine() int { return r.unitLine }

// Header reads up to the header row: the first row whose normalised cells
// include every name in required. It returns the normalised names of all
// columns and the header's line. Rows above it are titles; a 填报单位 line
// among them sets Unit.
func (r *Reader) Header(required ...string) (names []string, line int, err error) {
	for range headerSearchRows {
		rec, _, l, _, err := r.src.next()
		var rowErr *RowError
		switch {
		case err == io.EOF:
			return nil, 0, ErrNoHeader
		case errors.As(err, &rowErr):
			continue // a title line that cannot be read is no header either
		case err != nil:
			return nil, 0, err
		}
		line = l
		names = make([]string, len(rec))
		for i, c := range rec {
			names[i] = NormalizeHeader(c)
		}
		if containsAll(names, required) {
			r.header, r.first = names, strings.TrimSpace(rec[0])
			if h, ok := r.src.(headerSetter); ok {
				h.setHeader(names, significantWidth(rec))
			}
			return names, line, nil
		}
		r.noteUnit(rec, l)
	}
	return nil, 0, ErrNoHeader
}

func containsAll(names, required []string) bool {
	for _, q := range required {
		found := false
		for _, n := range names {
			if n == q {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Next returns the next data row, skipping blank rows and footer rows. It
// returns io.EOF at the end and a *RowError for a record that could not
// be read (reading can go on); other errors are I/O failures.
func (r *Reader) Next() (*Row, error) {
	for {
		rec, kinds, line, hidden, err := r.src.next()
		if err != nil {
			r.gap = true // a refused record is a gap too
			return nil, err
		}
		r.row.Line, r.row.Hidden, r.row.Kinds = line, hidden, kinds
		r.row.Bad = false
		r.row.Cells = rec
		first := ""
		for i, c := range rec {
			c = strings.TrimSpace(c)
			rec[i] = c
			if first == "" {
				first = c
			}
			if !utf8.ValidString(c) || strings.ContainsRune(c, utf8.RuneError) {
				r.row.Bad = true
			}
		}
		switch {
		case first == "":
			r.gap = true
			continue // blank row
		case isFooter(first):
			r.noteUnit(rec, line)
			r.gap = true
			continue
		case r.repeatsHeader(rec):
			r.gap = true
			continue // the header again, e.g. on each printed page
		}
		r.row.AfterGap, r.gap = r.gap, false
		// Excel pads short rows with empty cells; drop the trailing ones.
		r.row.Width = len(rec)
		n := len(rec)
		for n > 0 && rec[n-1] == "" {
			n--
		}
		r.row.Cells = rec[:n]
		if kinds != nil {
			r.row.Kinds = kinds[:n]
		}
		return &r.row, nil
	}
}

func (r *Reader) repeatsHeader(rec []string) bool {
	if len(rec) < len(r.header) || rec[0] != r.first {
		return false
	}
	for i, h := range r.header {
		if NormalizeHeader(rec[i]) != h {
			return false
		}
	}
	return true
}

// footerLabels start the rows below a table that are not data.
var footerLabels = []string{
	"填报人", "填表人", "填报日期", "填表日期", "填报时间", "报送日期", "备注", "说明", "注：", "注:",
	"审核人", "负责人", "单位负责人", "制表", "统计人", "联系人", "联系电话", "填报单位", "报送单位", "合计", "总计",
}

func isFooter(first string) bool {
	for _, l := range footerLabels {
		if strings.HasPrefix(first, l) {
			return true
		}
	}
	return false
}

// unitLabels introduce the 报送单位 in the title or footer area.
var unitLabels = []string{"填报单位", "报送单位"}

// noteUnit picks up "填报单位：宜都市发展和改革局" (the value may also be in
// the next cell, or be followed by 填报日期 in the same cell) on line.
func (r *Reader) noteUnit(rec []string, line int) {
	for i, c := range rec {
		c = strings.TrimSpace(c)
		for _, l := range unitLabels {
			if !strings.HasPrefix(c, l) {
				continue
			}
			v := strings.TrimSpace(c[len(l):])
			v = strings.TrimSpace(dropBracketed(v, true))
			v = strings.TrimSpace(strings.TrimLeft(v, ":："))
			for _, stop := range []string{"填报日期", "填报时间", "填报人", "日期：", "日期:", "联系人", "  ", "\u3000"} {
				if j := strings.Index(v, stop); j >= 0 {
					// what the cut leaves hanging: "宜都市发改局（联系人：…）"
					v = strings.TrimRight(v[:j], " ，,、；;：:（(【[")
				}
			}
			for j := i + 1; v == "" && j < len(rec); j++ {
				v = strings.TrimSpace(rec[j])
			}
			if v != "" {
				r.unit, r.unitLine = v, line
			}
			return
		}
	}
}

// NormalizeHeader reduces a header cell to its column name: notes in half-
// or full-width brackets are dropped ("信用承诺类型( 审批替代型… )"), as are
// all spaces and line breaks ("统一社会\n信用代码"), required-field stars
// and trailing colons; full-width letters and digits become ASCII.
func NormalizeHeader(s string) string {
	s = dropBracketed(width.Narrow.String(s), false)
	var b strings.Builder
	for _, c := range s {
		if unicode.IsSpace(c) || c == '*' || c == ':' || unicode.Is(unicode.Cf, c) {
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

var brackets = map[rune]rune{'(': ')', '（': '）', '[': ']', '【': '】', '〔': '〕'}

// dropBracketed removes bracketed notes (an unclosed bracket runs to the
// end). With leadingOnly it removes only a note at the start, e.g. the
// （盖章） in 填报单位（盖章）：….
func dropBracketed(s string, leadingOnly bool) string {
	var b strings.Builder
	var closer rune
	for i, c := range s {
		switch {
		case closer != 0:
			if c == closer {
				closer = 0
				if leadingOnly {
					return b.String() + s[i+utf8.RuneLen(c):]
				}
			}
		case brackets[c] != 0 && (!leadingOnly || strings.TrimSpace(b.String()) == ""):
			closer = brackets[c]
		default:
			if leadingOnly {
				return s
			}
			b.WriteRune(c)
		}
	}
	return b.String()
}
