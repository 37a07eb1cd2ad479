package table

import (
	"bytes"
	"fmt"
)

// csvCells collects the cells of one record as its lines are scanned:
// their text back to back in buf, ends[i] the end of cell i in buf.
type csvCells struct {
	buf  []byte
	ends []int
	// starts holds where each cell that starts on the first line scanned
	// starts on it, so that a trial can resume there (resumeAt); roles
	// holds how each quote on it was read, up to a fault.
	starts []int
	roles  []quoteRole
	lines  int // lines scanned
	// open says the last cell is quoted and runs on past the end of the
	// line scanned last.
	open bool
	// closeAt is the offset, in the line scanned last, of the last quote
	// that closed a cell on it; -1 if none did.
	closeAt int
}

func (c *csvCells) reset() {
	c.buf, c.ends, c.starts, c.roles = c.buf[:0], c.ends[:0], c.starts[:0], c.roles[:0]
	c.lines, c.open, c.closeAt = 0, false, -1
}

// col is the 1-based column of the cell being scanned.
func (c *csvCells) col() int { return len(c.ends) + 1 }

// lineBreak adds the line break that a quoted cell running on holds: RFC
// 4180 keeps CRLF inside quotes, but Excel's cells hold LF, so it is LF
// whatever ended the line.
func (c *csvCells) lineBreak() { c.buf = append(c.buf, '\n') }

// scan adds the cells of one line (without its line end) to c, going on
// inside a quoted cell if c.open. It stops at the first fault: a quote
// inside an unquoted cell, text after a closing quote, or a cell longer
// than max bytes.
func (c *csvCells) scan(line []byte, delim byte, max int) csvFault {
	c.closeAt = -1
	i := 0
	defer func() { c.lines++ }()
	for {
		if c.open {
			j := bytes.IndexByte(line[i:], '"')
			if j < 0 {
				c.buf = append(c.buf, line[i:]...)
				return c.checkLen(max)
			}
			c.buf = append(c.buf, line[i:i+j]...)
			i += j + 1
			if i < len(line) && line[i] == '"' { // "" stands for one quote
				c.role(i-1, roleEscape)
				c.role(i, roleEscaped)
				c.buf = append(c.buf, '"')
				i++
				continue
			}
			c.role(i-1, roleClose)
			c.open, c.closeAt = false, i-1
			if f := c.checkLen(max); f.kind != faultNone {
				return f
			}
			if i < len(line) && line[i] != delim {
				return csvFault{kind: faultAfterClose, col: c.col()}
			}
			c.ends = append(c.ends, len(c.buf))
			if i == len(line) {
				return csvFault{}
			}
			i++ // past the delimiter: a cell starts
		}
		if c.lines == 0 {
			c.starts = append(c.starts, i)
		}
		if i < len(line) && line[i] == '"' {
			c.role(i, roleOpen)
			c.open = true
			i++
			continue
		}
		end := len(line)
		if j := bytes.IndexByte(line[i:], delim); j >= 0 {
			end = i + j
		}
		cell := line[i:end]
		if bytes.IndexByte(cell, '"') >= 0 {
			if !isFormulaText(cell) {
				return csvFault{kind: faultStray, col: c.col()}
			}
			c.role(i+1, roleFormula)
			c.role(end-1, roleFormula)
		}
		if len(cell) > max {
			return csvFault{kind: faultCellLong, col: c.col(), n: max}
		}
		c.buf = append(c.buf, cell...)
		c.ends = append(c.ends, len(c.buf))
		if end == len(line) {
			return csvFault{}
		}
		i = end + 1
	}
}

// role notes how the quote at off of the first line was read.
func (c *csvCells) role(off int, r roleKind) {
	if c.lines == 0 {
		c.roles = append(c.roles, quoteRole{off, r})
	}
}

// quoteRole is how a scan read a quote.
type quoteRole struct {
	off  int
	kind roleKind
}

type roleKind uint8

const (
	roleOpen    roleKind = iota // opened a quoted cell
	roleEscape                  // the first quote of a "" inside one
	roleEscaped                 // the second
	roleClose                   // closed one
	roleFormula                 // in an unquoted ="…" cell
)

// mayPair reports whether the reading of line without the quote r
// could get past it. Up to the run of quotes r is in, that reading is
// the one that gave r; what it meets next is known from the line alone
// in most cases, and then it is a fault:
//   - without an opening quote the cell is unquoted (unless a quote
//     follows), and a quote in it before the next delimiter is a fault
//     (unless the cell is ="…");
//   - without half of a "", the other half closes the cell and must be
//     followed by a delimiter, the line end or another quote;
//   - without a closing quote the cell runs on to the next quote, which
//     again must be followed by one of these (or the line ends first,
//     and the cell runs on to the next line);
//   - without a quote of ="…" the cell is unquoted and holds a quote.
func mayPair(line []byte, r quoteRole, delim byte) bool {
	switch r.kind {
	case roleOpen:
		rest := line[r.off+1:]
		if d := bytes.IndexByte(rest, delim); d >= 0 {
			rest = rest[:d]
		}
		return bytes.IndexByte(rest, '"') < 0 || rest[0] == '"' || rest[0] == '='
	case roleEscape:
		return endsCell(line, r.off+1, delim)
	case roleEscaped:
		return endsCell(line, r.off, delim)
	case roleClose:
		j := bytes.IndexByte(line[r.off+1:], '"')
		return j < 0 || endsCell(line, r.off+1+j, delim)
	}
	return false
}

// firstQuoteFaults reports whether a line that goes on inside a quoted
// cell meets a fault at its first quote.
func firstQuoteFaults(line []byte, delim byte) bool {
	j := bytes.IndexByte(line, '"')
	return j >= 0 && !endsCell(line, j, delim)
}

// endsCell reports whether the quote at i, met inside a quoted cell, can
// be read without a fault: it is followed by a delimiter or the line end
// (it closes the cell) or by another quote (the two are one quote).
func endsCell(line []byte, i int, delim byte) bool {
	return i+1 == len(line) || line[i+1] == delim || line[i+1] == '"'
}

// resumeAt makes c what scanning the first line of src without the quote
// at off gives up to the cell that holds it, and returns where that cell
// starts: the cells before it cannot change. src must have been scanned
// from offset 0 of that line.
func (c *csvCells) resumeAt(src *csvCells, off int) int {
	k := len(src.starts) - 1
	for src.starts[k] > off {
		k--
	}
	c.reset()
	c.buf = append(c.buf, src.buf[:src.start(k)]...)
	c.ends = append(c.ends, src.ends[:k]...)
	c.starts = append(c.starts, src.starts[:k]...)
	return src.starts[k]
}

func (c *csvCells) checkLen(max int) csvFault {
	if len(c.buf)-c.start(len(c.ends)) > max {
		return csvFault{kind: faultCellLong, col: c.col(), n: max}
	}
	return csvFault{}
}

// isFormulaText reports whether an unquoted cell is ="…" with no other
// quote: the form that keeps Excel from reading a code as a number. It is
// a cell as written (the caller unwraps it), not a stray quote.
func isFormulaText(cell []byte) bool {
	n := len(cell)
	return n >= 3 && cell[0] == '=' && cell[1] == '"' && cell[n-1] == '"' && bytes.IndexByte(cell[2:n-1], '"') < 0
}

// width is the number of cells up to the last non-blank one: Excel leaves
// out trailing empty cells, so only these count against the header.
func (c *csvCells) width() int {
	n := len(c.ends)
	for n > 0 && len(bytes.TrimSpace(c.buf[c.start(n-1):c.ends[n-1]])) == 0 {
		n--
	}
	return n
}

// start is where cell i starts in buf.
func (c *csvCells) start(i int) int {
	if i == 0 {
		return 0
	}
	return c.ends[i-1]
}

// strings returns the cells as strings (one allocation for the record),
// reusing dst.
func (c *csvCells) strings(dst []string) []string {
	s := string(c.buf)
	dst = dst[:0]
	prev := 0
	for _, e := range c.ends {
		dst = append(dst, s[prev:e])
		prev = e
	}
	return dst
}

// csvFault is what stops the scan of a line; the zero value is none.
type csvFault struct {
	kind faultKind
	col  int // 1-based column
	n    int // the limit, for faultCellLong
}

type faultKind uint8

const (
	faultNone       faultKind = iota
	faultStray                // a quote inside an unquoted cell
	faultAfterClose           // text after a closing quote
	faultCellLong             // a cell over the limit
)

// adviceQuote ends messages about quotes: what the clerk can do.
const adviceQuote = "（请删去多余的引号，或在 Excel 中改正后重新另存为 CSV）"

// text says what is wrong, without the advice; column names a column
// (csvSource.column).
func (f csvFault) text(column func(int) string) string {
	switch f.kind {
	case faultStray:
		return column(f.col) + "含有多余的英文引号（\"）"
	case faultAfterClose:
		return column(f.col) + "的英文引号（\"）没有包住整格，结束引号后面还有文字"
	default:
		return fmt.Sprintf("%s超过每格%d字节的长度上限", column(f.col), f.n)
	}
}

func (f csvFault) msg(column func(int) string) string {
	if f.kind == faultCellLong {
		return f.text(column)
	}
	return f.text(column) + adviceQuote
}
