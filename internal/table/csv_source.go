package table

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// csvSource reads the records of delimited text strictly (see
// NewReaderOptions) and decides, for a record it cannot take as written,
// where reading goes on.
//
// A record is read greedily from its first line: a quoted cell that does
// not close on that line takes the next lines, but only while they do not
// look like rows of their own (rowLike), up to the limits, and if the
// finished record is no wider than the header. When that fails, the first
// line is refused and reading restarts on the next line: a stray quote
// that opened a cell is taken for what it most often is, a typo on that
// line.
//
// One stray quote can also make a record that reads well: a quote typed
// into a cell that runs on over lines closes it early, or a stray opening
// quote pairs with a quote rows further down. So around a record that
// has quotes the reader also tries the readings in which one of them is
// not there (see ambiguous). If such a reading gets through the same lines
// without a fault, the lines cannot be told apart, and all lines up to
// where the two readings meet again are refused. Lines without quotes
// never need this and take a fast path.
type csvSource struct {
	in        *bufio.Reader
	delim     byte
	width     int      // significant width of the header area's widest record; 0 while unknown
	names     []string // the header's column names, once found
	maxCell   int
	maxRecord int

	q    []csvLine // lines read and not yet handed out; q[0] is the next record's first line
	free [][]byte  // text buffers of lines handed out, for lines to come
	read int       // lines read from in
	long []byte    // a line longer than in's buffer
	cut  []byte    // a line with one quote left out, for a trial reading

	tally  lineTally
	failed error // a *CountError or I/O error, returned from then on

	// Lines doubtFrom to doubtTo can be read two ways: every record or
	// refused line starting there is refused, line by line.
	doubtFrom, doubtTo int
	refuseLeft         int // lines of a record in doubt still to refuse

	main   csvCells    // the record being read
	sim    [2]csvCells // the two readings a trial compares
	probe  csvCells    // a line read on its own, for rowLike
	quotes []quoteAt   // candidates for the stray quote
	rec    []string
}

// swallowed reports whether the record just read over several lines looks
// like a quote that took in rows: it has fewer cells than the header
// (Excel writes every cell of the used range), or a cell over several
// lines holds a line with a row's worth of delimiters.
func (s *csvSource) swallowed() bool {
	if len(s.main.ends) < s.width {
		return true
	}
	s.rec = s.main.strings(s.rec)
	for _, cell := range s.rec {
		if !strings.Contains(cell, "\n") {
			continue
		}
		for line := range strings.SplitSeq(cell, "\n") {
			if strings.Count(line, string(s.delim)) >= s.width-1 {
				return true
			}
		}
	}
	return false
}

// setHeader gives the header once found: its names, for messages, and its
// width, which replaces the width sniffed from the first records (a
// damaged record among them can widen that).
func (s *csvSource) setHeader(names []string, width int) { s.names, s.width = names, width }

// column names the n-th column (1-based) in a message: by its header as
// the clerk typed it and its number, “其他”（第8列）, so that it can be
// found in Excel and in Notepad alike; by its number alone above the
// header or past its end.
func (s *csvSource) column(n int) string {
	if n <= len(s.names) && s.names[n-1] != "" {
		return fmt.Sprintf("“%s”（第%d列）", s.names[n-1], n)
	}
	return fmt.Sprintf("第%d列", n)
}

func newCSVSource(in *bufio.Reader, delim byte, width, maxCell int) *csvSource {
	return &csvSource{in: in, delim: delim, width: width, maxCell: maxCell, maxRecord: recordCells * maxCell}
}

// csvLine is one line of the decoded text without its line end.
type csvLine struct {
	no    int // 1-based
	text  []byte
	long  bool // longer than the record limit: text is its start only
	shape int8 // rowLike(text): 1 yes, -1 no, 0 not known yet
}

func (l csvLine) blank() bool { return !l.long && len(l.text) == 0 }

// quoteAt is a quote character: the queue index of its line and its
// offset there.
type quoteAt struct{ line, off int }

var noQuote = quoteAt{-1, -1}

// maxTrials bounds the quotes tried as the stray one around one record.
// Past it the reader does not weigh readings but refuses every line the
// record took: only a pathological file has that many quotes in a record
// that is in doubt.
const maxTrials = 256

func (s *csvSource) next() ([]string, []CellKind, int, bool, error) {
	if s.failed != nil {
		return nil, nil, 0, false, s.failed
	}
	rec, line, err := s.advance()
	if _, refused := err.(*RowError); err != nil && err != io.EOF && !refused {
		s.failed = err
	}
	return rec, nil, line, false, err
}

// advance returns the next record, or the *RowError for a line refused.
func (s *csvSource) advance() ([]string, int, error) {
	for {
		if s.refuseLeft > 0 {
			if line, err := s.refuseNext(); line != 0 || err != nil {
				return nil, line, err
			}
			continue
		}
		if len(s.q) == 0 {
			text, long, err := s.readLine()
			if err == io.EOF {
				return nil, 0, s.tally.end(s.read)
			}
			if err != nil {
				return nil, 0, err
			}
			if !long && bytes.IndexByte(text, '"') < 0 {
				if len(text) == 0 {
					if err := s.tally.cover(s.read, s.read); err != nil {
						return nil, 0, err
					}
					continue
				}
				return s.plain(text, s.read)
			}
			s.hold(text, long)
		}
		if s.q[0].blank() {
			if err := s.handOut(0); err != nil {
				return nil, 0, err
			}
			continue
		}
		return s.quoted()
	}
}

// plain reads a line without quotes: one record, nothing to weigh.
func (s *csvSource) plain(text []byte, no int) ([]string, int, error) {
	if err := s.tally.cover(no, no); err != nil {
		return nil, 0, err
	}
	s.main.reset()
	if f := s.main.scan(text, s.delim, s.maxCell); f.kind != faultNone {
		return nil, no, &RowError{Line: no, Msg: f.msg(s.column)}
	}
	s.rec = s.main.strings(s.rec)
	return s.rec, no, nil
}

// quoted reads the record starting at q[0], a line that has quotes or
// follows one that had.
func (s *csvSource) quoted() ([]string, int, error) {
	first := s.q[0]
	a, err := s.attempt(&s.main, 0, noQuote, nil)
	if err != nil {
		return nil, 0, err
	}
	end, err := s.ambiguous(a)
	if err != nil {
		return nil, 0, err
	}
	inside := first.no <= s.doubtTo
	if end < 0 && a.ok && a.last > 0 && s.width > 0 && s.swallowed() {
		// Which of the lines are rows cannot be told, so all are refused.
		end = a.last
	}
	if end >= 0 {
		if !inside {
			s.doubtFrom = first.no
		}
		s.doubtTo = max(s.doubtTo, s.q[end].no)
	}
	var msg string
	switch {
	case inside:
		msg = s.doubtMsg()
	case end >= 0 && a.ok:
		msg = fmt.Sprintf("第%d至%d行的英文引号（\"）可以有两种配对方式，无法确定这几行怎样分成记录", first.no, s.doubtTo) + adviceQuote
	case !a.ok:
		msg = a.problem.msg(s.column)
	}
	if msg != "" {
		if a.ok {
			s.refuseLeft = a.last // all its lines: they are in doubt too
		}
		return nil, first.no, s.refuse(msg)
	}
	if err := s.handOut(a.last); err != nil {
		return nil, 0, err
	}
	s.rec = s.main.strings(s.rec)
	return s.rec, first.no, nil
}

func (s *csvSource) doubtMsg() string {
	return fmt.Sprintf("这一行在第%d至%d行之间，那里的英文引号（\"）可以有两种配对方式，无法确定它是不是独立的一行", s.doubtFrom, s.doubtTo) + adviceQuote
}

// refuse hands out q[0] as a *RowError with msg.
func (s *csvSource) refuse(msg string) error {
	no := s.q[0].no
	if err := s.handOut(0); err != nil {
		return err
	}
	return &RowError{Line: no, Msg: msg}
}

// refuseNext refuses the next line of a record in doubt. It returns line
// 0 for a blank line, which needs no report.
func (s *csvSource) refuseNext() (int, error) {
	s.refuseLeft--
	if s.q[0].blank() {
		return 0, s.handOut(0)
	}
	no := s.q[0].no
	return no, s.refuse(s.doubtMsg())
}

// handOut counts q[0] to q[last] as read and drops them.
func (s *csvSource) handOut(last int) error {
	if err := s.tally.cover(s.q[0].no, s.q[last].no); err != nil {
		return err
	}
	for _, l := range s.q[:last+1] {
		if cap(l.text) <= s.maxCell { // a long line's buffer is left to the collector
			s.free = append(s.free, l.text[:0])
		}
	}
	n := copy(s.q, s.q[last+1:])
	clear(s.q[n:])
	s.q = s.q[:n]
	return nil
}

// hold queues a copy of the line just read.
func (s *csvSource) hold(text []byte, long bool) {
	var buf []byte
	if n := len(s.free); n > 0 {
		buf, s.free = s.free[n-1], s.free[:n-1]
	}
	s.q = append(s.q, csvLine{no: s.read, text: append(buf, text...), long: long})
}

// readLine reads the next line from in; its text is valid until the next
// read. A line ends at LF or CRLF (a lone CR is text, except right before
// the end of the file, as in encoding/csv); a last line without line end
// counts. A line over the record limit is returned cut, as long.
func (s *csvSource) readLine() (text []byte, long bool, err error) {
	text, err = s.in.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		s.long = append(s.long[:0], text...)
		for err == bufio.ErrBufferFull {
			text, err = s.in.ReadSlice('\n')
			if len(s.long) <= s.maxRecord {
				s.long = append(s.long, text...)
			}
		}
		text = s.long
	}
	if err != nil && (err != io.EOF || len(text) == 0) {
		return nil, false, err
	}
	s.read++
	n := len(text)
	if n > 0 && text[n-1] == '\n' {
		n--
	}
	if n > 0 && text[n-1] == '\r' {
		n--
	}
	if n > s.maxRecord {
		return text[:s.maxRecord], true, nil
	}
	return text[:n], false, nil
}

// lineAt returns q[i], reading lines into the queue up to it; ok is false
// past the end of the text.
func (s *csvSource) lineAt(i int) (l csvLine, ok bool, err error) {
	for len(s.q) <= i {
		text, long, err := s.readLine()
		if err == io.EOF {
			return l, false, nil
		}
		if err != nil {
			return l, false, err
		}
		s.hold(text, long)
	}
	return s.q[i], true, nil
}

// textOf is the text of q[i] from offset from as a reading sees it:
// without the quote cut if it is on that line (at or after from).
func (s *csvSource) textOf(l csvLine, i int, cut quoteAt, from int) []byte {
	if cut.line != i {
		return l.text[from:]
	}
	s.cut = append(append(s.cut[:0], l.text[from:cut.off]...), l.text[cut.off+1:]...)
	return s.cut
}

// rowLike reports whether a line, read on its own, reads without a fault
// and has at least width−1 delimiters outside quoted cells (a last cell
// that runs on to the next line counts): the shape of a whole row. A line
// inside a quoted cell does not have it: read on its own, the quote that
// closes the cell is a fault, unless the text before it is all a row's
// worth of cells. Below two columns every line would look like a row, so
// the rule is off.
func (s *csvSource) rowLike(line []byte) bool {
	if s.width < 2 {
		return false
	}
	c := &s.probe
	c.reset()
	if c.scan(line, s.delim, s.maxCell).kind != faultNone {
		// A line with a stray quote of its own still reads as a row when
		// it has a row's worth of delimiters, so that two stray quotes do
		// not pair up across it ("备注 … 见附件"). Not when its first quote
		// comes before any delimiter: that is how the last line of a cell
		// in the first column ends (第三行",乙公司,…).
		first := bytes.IndexByte(line, '"')
		return first >= 0 && bytes.IndexByte(line[:first], s.delim) >= 0 && looseDelims(line, s.delim) >= s.width-1
	}
	delims := len(c.ends) // the cells before the open one
	if !c.open {
		delims-- // a whole line: one more cell than delimiters
	}
	return delims >= s.width-1
}

// looseDelims counts the delimiters of line outside quoted cells, taking
// a quote anywhere but at the start of a cell as text.
func looseDelims(line []byte, delim byte) int {
	n, quoted, start := 0, false, true
	for i := 0; i < len(line); i++ {
		b := line[i]
		switch {
		case quoted && b == '"' && i+1 < len(line) && line[i+1] == '"':
			i++
		case quoted && b == '"':
			quoted = false
		case quoted:
		case start && b == '"':
			quoted = true
		case b == delim:
			n++
			start = true
			continue
		}
		start = false
	}
	return n
}

// rowLikeAt is rowLike for text, q[i] as a reading sees it; for the line
// as read it is worked out once, as trials ask it again and again.
func (s *csvSource) rowLikeAt(i int, text []byte, cut quoteAt) bool {
	if cut.line == i {
		return s.rowLike(text)
	}
	l := &s.q[i]
	if l.shape == 0 {
		l.shape = -1
		if s.rowLike(text) {
			l.shape = 1
		}
	}
	return l.shape > 0
}

// csvAttempt is the outcome of reading one record from a line of the
// queue.
type csvAttempt struct {
	last    int // queue index of the last line taken
	ok      bool
	problem csvProblem // why not, if !ok
	// close is the record's last quote if it closes a cell: left out,
	// the cell would run on into the next line.
	close quoteAt
}

// attempt reads one record into c from q[start], the quote cut left out.
// It never reads past a fault: the caller decides where reading goes on.
// If like holds the first line read without the cut, the scan resumes
// at the cell the cut is in.
func (s *csvSource) attempt(c *csvCells, start int, cut quoteAt, like *csvCells) (a csvAttempt, err error) {
	l, _, err := s.lineAt(start)
	a = csvAttempt{last: start, close: noQuote}
	c.reset()
	if err != nil || l.long {
		a.problem = csvProblem{lineLong: true, n: s.maxRecord}
		return a, err
	}
	from := 0
	if like != nil && cut.line == start {
		from = c.resumeAt(like, cut.off)
	}
	text := s.textOf(l, start, cut, from)
	if f := c.scan(text, s.delim, s.maxCell); f.kind != faultNone {
		a.problem = csvProblem{fault: f}
		return a, nil
	}
	col, size := c.col(), len(l.text)
	for c.open {
		l, ok, err := s.lineAt(a.last + 1)
		if err != nil || !ok {
			a.problem = csvProblem{unpaired: true, col: col, reason: reasonEOF}
			return a, err
		}
		a.last++
		text = s.textOf(l, a.last, cut, 0)
		size += 1 + len(text)
		switch {
		case l.long || size > s.maxRecord:
			a.problem = csvProblem{unpaired: true, col: col, reason: reasonLong, at: l.no, n: s.maxRecord}
			return a, nil
		case c != &s.main && firstQuoteFaults(text, s.delim):
			// A trial only needs to know that it fails: the scan below
			// would, and rowLike, which costs a scan of its own, can wait
			// for a reading whose message says why.
			a.problem = csvProblem{unpaired: true, col: col, reason: reasonFault, at: l.no}
			return a, nil
		case s.rowLikeAt(a.last, text, cut):
			a.problem = csvProblem{unpaired: true, col: col, reason: reasonRowLike, at: l.no}
			return a, nil
		}
		c.lineBreak()
		if f := c.scan(text, s.delim, s.maxCell); f.kind != faultNone {
			a.problem = csvProblem{unpaired: true, col: col, reason: reasonFault, at: l.no, fault: f}
			return a, nil
		}
	}
	if w := c.width(); a.last > start && s.width > 0 && w > s.width {
		a.problem = csvProblem{unpaired: true, col: col, reason: reasonWide, n: w}
		return a, nil
	}
	a.ok = true
	if c.closeAt >= 0 && bytes.LastIndexByte(text, '"') == c.closeAt {
		a.close = quoteAt{a.last, c.closeAt}
	}
	return a, nil
}

// ambiguous weighs the record attempt a, read from q[0], against the
// readings in which one quote is not there, since one stray quote is the
// fault this reader meets. Every quote on the lines a took is tried: one
// typed into a cell that runs on over lines can close it early, next to
// a "" it can shift how quotes pair, and on the line that stopped a by
// looking like a row it can be what made it look so. (On the first line,
// quotes whose absence is a fault at once are passed over: see mayPair.
// That is most of them, and it keeps files that quote every cell fast.)
// A trial that reads through without a fault until it meets a's reading
// again shows that the lines in between can be read two ways. ambiguous
// returns the queue index of the last of them, or -1 if a's reading
// stands (for a failed a, its first line alone is then refused). Without
// the header's width, the rules that make most trial readings fail are
// off, so weighing would only refuse good records: it is left out, and
// records are taken as written.
func (s *csvSource) ambiguous(a csvAttempt) (end int, err error) {
	if s.width == 0 {
		return -1, nil
	}
	s.quotes = s.quotes[:0]
	for i := 0; i <= a.last; i++ {
		l := s.q[i]
		if l.long {
			continue
		}
		off := 0
		if i == 0 {
			for _, r := range s.main.roles {
				if mayPair(l.text, r, s.delim) {
					s.quotes = append(s.quotes, quoteAt{0, r.off})
				}
				off = r.off + 1
			}
		}
		for {
			j := bytes.IndexByte(l.text[off:], '"')
			if j < 0 {
				break
			}
			s.quotes = append(s.quotes, quoteAt{i, off + j})
			off += j + 1
		}
	}
	if len(s.quotes) > maxTrials {
		return a.last, nil
	}
	end = -1
	for _, q := range s.quotes {
		e, viable, err := s.trial(a, q)
		if err != nil {
			return -1, err
		}
		if viable && (e > 0 || a.ok) {
			end = max(end, e)
		}
	}
	return end, nil
}

// trial reads from q[0] with quote cut left out (reading r1) and, in step,
// as the source would (reading r0, whose first record attempt is a),
// until both end a record or refused line on the same line. viable says
// r1 got there without a fault; end is the queue index of that line. Two
// readings that part for more than a record's worth of bytes are taken as
// viable: the lines are in doubt.
func (s *csvSource) trial(a csvAttempt, cut quoteAt) (end int, viable bool, err error) {
	if cut == a.close {
		// The cell would run on into the next line: the end of the text,
		// a first quote there that cannot end a cell, or a row, ends the
		// trial without reading the record again.
		l, ok, err := s.lineAt(a.last + 1)
		if err != nil || !ok {
			return 0, false, err
		}
		if firstQuoteFaults(l.text, s.delim) || s.rowLikeAt(a.last+1, l.text, noQuote) {
			return 0, false, nil
		}
	}
	r1, err := s.attempt(&s.sim[1], 0, cut, &s.main)
	if err != nil || !r1.ok {
		return 0, false, err
	}
	e0, e1 := a.last, r1.last
	if !a.ok {
		e0 = 0 // r0 refuses the first line and goes on with the next
	}
	size, counted := 0, 0
	for e0 != e1 {
		if e0 < e1 {
			r, err := s.attempt(&s.sim[0], e0+1, noQuote, nil)
			if err != nil {
				return 0, false, err
			}
			e0++
			if r.ok {
				e0 = r.last
			}
		} else {
			r, err := s.attempt(&s.sim[1], e1+1, cut, nil)
			if err != nil || !r.ok {
				return 0, false, err
			}
			e1 = r.last
		}
		for ; counted <= max(e0, e1); counted++ {
			size += len(s.q[counted].text) + 1
		}
		if size > s.maxRecord {
			return max(e0, e1), true, nil
		}
	}
	return e0, true, nil
}

// csvProblem is why a record attempt failed.
type csvProblem struct {
	lineLong bool     // the first line is over the record limit
	fault    csvFault // a fault on the first line, or on line at (reasonFault)
	// unpaired: a quoted cell (column col) that ran on from the first
	// line could not be closed, for reason.
	unpaired bool
	col      int
	reason   csvReason
	at       int // the line the reason was found on
	n        int // the record limit or the record's width
}

type csvReason uint8

const (
	reasonEOF     csvReason = iota // the text ended inside the cell
	reasonRowLike                  // line at looks like a row of its own
	reasonLong                     // the record grew over the limit on line at
	reasonFault                    // the record ran into fault on line at
	reasonWide                     // the record is wider than the header
)

func (p csvProblem) msg(column func(int) string) string {
	switch {
	case p.lineLong:
		return fmt.Sprintf("这一行超过%d字节的长度上限", p.n)
	case !p.unpaired:
		return p.fault.msg(column)
	case p.reason == reasonLong:
		return fmt.Sprintf("从这一行到第%d行超过%d字节的长度上限", p.at, p.n) + adviceSwallow
	case p.reason == reasonFault && p.fault.kind == faultCellLong:
		return fmt.Sprintf("%s从这一行到第%d行超过每格%d字节的长度上限", column(p.fault.col), p.at, p.fault.n) + adviceSwallow
	}
	var why string
	switch p.reason {
	case reasonEOF:
		why = "直到文件末尾都没有结束引号"
	case reasonRowLike:
		why = fmt.Sprintf("第%d行本身像是完整的一行，不会是这一格的续行", p.at)
	case reasonFault:
		why = fmt.Sprintf("照它配对，第%d行%s", p.at, p.fault.text(column))
	case reasonWide:
		why = fmt.Sprintf("照它配对，这一行会有%d列，比表头多", p.n)
	}
	return fmt.Sprintf("%s开头的英文引号（\"）没有配对：%s", column(p.col), why) + adviceQuote
}

// adviceSwallow ends messages about records over a limit.
const adviceSwallow = "（若其中有多余的英文引号（\"），是它把后面的行也算进了这一格）"

// lineTally checks that what the source hands out — records, skipped
// blank lines, refused lines — covers the lines of the text in order,
// each once. It counts what is handed out, while csvSource.read counts
// what was read, so a line the queue loses or serves twice, or a record
// that claims lines it did not take, shows as a gap, an overlap or a
// difference at the end.
type lineTally struct{ done int } // lines covered so far

func (t *lineTally) cover(first, last int) error {
	if first != t.done+1 || last < first {
		return &CountError{Want: t.done + 1, Got: first}
	}
	t.done = last
	return nil
}

// end returns io.EOF if every line read was covered.
func (t *lineTally) end(read int) error {
	if t.done != read {
		return &CountError{Want: t.done + 1, Got: read + 1}
	}
	return io.EOF
}

// CountError means the reader lost count of the lines of a file: a
// record or refused line did not start right after the one before, or
// the file ended with lines not accounted for. It is a bug in this
// package, not a fault of the file, and rows already read from the file
// may be wrong.
type CountError struct {
	Want int // the line the next record or refused line should have started on
	Got  int // the line it started on; at the end of the file, the number of lines + 1
}

func (e *CountError) Error() string {
	return fmt.Sprintf("内部错误：CSV 行数核对不符（应从第%d行接着读，实际是第%d行），这个文件读出的内容不可信，请联系维护人员", e.Want, e.Got)
}
