package table

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a file decides its encoding, and how much of
// its decoded text decides its delimiter.
const sniffSize = 64 << 10

// DefaultMaxCellBytes is the longest cell NewReader accepts, in bytes of
// UTF-8 text. The free-text columns of these tables (信用承诺事项, 处罚事由,
// 其他) run to a few hundred characters; 16 KiB holds over 5,000 Chinese
// characters, ten times that. The limit is what finally stops a stray
// quote that no other rule caught from swallowing the rows after it, and
// it bounds the memory one record can take, so it should not be larger
// than a real cell needs.
const DefaultMaxCellBytes = 16 << 10

// recordCells is how many full cells one record may hold: the limit on a
// record's (and a line's) bytes is recordCells × MaxCellBytes, far above
// any real row of these tables (at most a few dozen columns).
const recordCells = 64

// Encoding names reported by Reader.Encoding.
const (
	UTF8    = "UTF-8"
	GB18030 = "GB18030"
)

// EncodingError says why a file is not text in a supported encoding.
type EncodingError struct{ Msg string }

func (e *EncodingError) Error() string { return e.Msg }

// Options tune NewReaderOptions. The zero value gives the defaults.
type Options struct {
	// MaxCellBytes is the longest cell, in bytes of UTF-8 text; a longer
	// cell makes its record a *RowError. 0 or less means
	// DefaultMaxCellBytes.
	MaxCellBytes int
}

// NewReader is NewReaderOptions with the default options.
func NewReader(r io.Reader) (*Reader, error) { return NewReaderOptions(r, Options{}) }

// NewReaderOptions reads a table exported as delimited text: it detects
// the encoding of r (UTF-8 with or without BOM, else GB18030, which
// includes GBK) and, from the first records, the delimiter (comma, tab or
// semicolon; see Reader.Delimiter) and the header's width, and returns a
// reader positioned at the first row. Files that are not text in these
// encodings give an *EncodingError.
//
// Records follow RFC 4180 as Excel writes it, strictly. A line ends at LF
// or CRLF; lines are numbered from 1. A quoted cell runs from a quote at
// its start to a quote followed by a delimiter or the line end; "" in it
// stands for one quote, and its line breaks (Alt+Enter) are kept, as LF.
// An unquoted cell holds no quote, except a whole ="…" cell, which is
// kept as written. Nothing is bent to make a record; instead of one, Next
// returns
//   - a *RowError naming a line that has a stray quote (in an unquoted
//     cell, after a closing quote, or opening a cell that cannot be
//     closed: not before the end of the text, not without taking in a
//     line that reads as a row of its own, not within the limits, not
//     without making the record wider than the header), a cell over
//     Options.MaxCellBytes, or more than 64 times that in all; reading
//     goes on at the next line, so the rows below come back on their own;
//   - a *RowError for each line of a stretch that one stray quote lets be
//     read two ways, each way without a fault (see csvSource);
//   - a *CountError if the reader lost count of the lines: a bug in this
//     package, after which nothing read from the file can be trusted.
//
// Every line thus ends up in a record, as a blank line, or named by a
// *RowError.
func NewReaderOptions(r io.Reader, o Options) (*Reader, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	prefix, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	enc, err := detect(prefix, len(prefix) < sniffSize)
	if err != nil {
		return nil, err
	}
	text := br
	switch enc {
	case UTF8:
		if bytes.HasPrefix(prefix, bom) {
			br.Discard(len(bom))
		}
	case GB18030:
		text = bufio.NewReaderSize(transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), sniffSize)
	}
	maxCell := o.MaxCellBytes
	if maxCell <= 0 {
		maxCell = DefaultMaxCellBytes
	}
	window, err := text.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	delim, width := sniffDelimiter(window, len(window) < sniffSize, maxCell)
	return &Reader{src: newCSVSource(text, delim, width, maxCell), encoding: enc}, nil
}

// Delimiter returns the cell delimiter of a table read from text: ',',
// '\t' or ';'. It is 0 for a worksheet.
func (r *Reader) Delimiter() rune {
	if s, ok := r.src.(*csvSource); ok {
		return rune(s.delim)
	}
	return 0
}

// delimiters are the candidates, in order of preference on a tie: Excel
// writes commas ("CSV（逗号分隔）"), tabs ("文本文件（制表符分隔）") and,
// under European regional settings, semicolons.
var delimiters = []byte{',', '\t', ';'}

// sniffDelimiter reads the first records of window (the start of the
// decoded text; whole if it is all of it) with each candidate delimiter
// and picks the one under which the records of two or more non-blank
// cells have the most non-blank cells in all: titles and 填报单位 lines
// have one cell whatever the delimiter, the header and data rows have
// many only with the right one, while a wrong delimiter that a few cells
// hold splits them into a few genPieces. On a tie the one whose first such
// record comes first wins: under the right delimiter that is the header. width is the significant width (trailing blank cells
// dropped) of the record with the most non-blank cells under the
// delimiter chosen: the header, as far as the reader can tell without
// knowing the column names.
func sniffDelimiter(window []byte, whole bool, maxCell int) (delim byte, width int) {
	if i := bytes.LastIndexByte(window, '\n'); !whole && i >= 0 {
		window = window[:i+1] // leave out the line cut off by the window
	}
	bestCells, bestFirst := -1, 0
	for _, d := range delimiters {
		cells, first, w := sniffRecords(window, d, maxCell)
		if cells > bestCells || cells == bestCells && first < bestFirst {
			bestCells, bestFirst, delim, width = cells, first, d, w
		}
	}
	return delim, width
}

// sniffRecords reads the records of the header area of window with
// delimiter d. It returns the number of non-blank cells in those with two
// or more, the line of the first of them, and the significant width of the one with
// the most non-blank cells. It reads without a width, so records are
// taken as written (see csvSource.ambiguous).
func sniffRecords(window []byte, d byte, maxCell int) (cells, first, width int) {
	src := newCSVSource(bufio.NewReader(bytes.NewReader(window)), d, 0, maxCell)
	most := 0
	for range headerSearchRows {
		rec, _, line, _, err := src.next()
		var re *RowError
		switch {
		case errors.As(err, &re):
			continue
		case err != nil:
			return cells, first, width
		}
		n := nonBlankCells(rec)
		if n >= 2 {
			if cells == 0 {
				first = line
			}
			cells += n
		}
		if n > most {
			most, width = n, significantWidth(rec)
		}
	}
	return cells, first, width
}

func nonBlankCells(rec []string) int {
	n := 0
	for _, c := range rec {
		if !isBlankCell(c) {
			n++
		}
	}
	return n
}

func significantWidth(rec []string) int {
	n := len(rec)
	for n > 0 && isBlankCell(rec[n-1]) {
		n--
	}
	return n
}

func isBlankCell(s string) bool { return strings.TrimSpace(s) == "" }

var bom = []byte{0xEF, 0xBB, 0xBF}

func detect(prefix []byte, whole bool) (string, error) {
	switch {
	case bytes.HasPrefix(prefix, bom):
		return UTF8, nil
	case bytes.HasPrefix(prefix, []byte("PK\x03\x04")), bytes.HasPrefix(prefix, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", &EncodingError{"这是 Excel 工作簿，扩展名却是 .csv；请在 Excel 中“另存为”Excel 工作簿（.xlsx）后放进文件夹"}
	case bytes.HasPrefix(prefix, []byte{0xFF, 0xFE}), bytes.HasPrefix(prefix, []byte{0xFE, 0xFF}):
		return "", &EncodingError{"文件是 UTF-16（Unicode 文本）编码，请另存为 Excel 工作簿（.xlsx）或“CSV UTF-8（逗号分隔）”"}
	case bytes.IndexByte(prefix, 0) >= 0:
		return "", &EncodingError{"文件不是文本文件，请另存为 Excel 工作簿（.xlsx）或“CSV UTF-8（逗号分隔）”"}
	}
	if !whole {
		prefix = trimPartialUTF8(prefix) // the sniffed prefix may end inside a character
	}
	if utf8.Valid(prefix) {
		return UTF8, nil
	}
	dst := make([]byte, 4*len(prefix))
	n, _, err := simplifiedchinese.GB18030.NewDecoder().Transform(dst, prefix, whole)
	if (err == nil || err == transform.ErrShortSrc) && !bytes.ContainsRune(dst[:n], utf8.RuneError) {
		return GB18030, nil
	}
	return "", &EncodingError{"无法识别文件编码（应为 UTF-8 或 GB18030/GBK），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"}
}

// trimPartialUTF8 drops an incomplete UTF-8 sequence at the end of b.
func trimPartialUTF8(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}
