// Package table reads one table that staff exported from Excel or WPS as
// CSV: it detects the text encoding, skips the title rows above the
// header, finds the header row, picks up the 填报单位 line, and returns the
// data rows with the line each starts on, leaving out blank and footer
// rows (填报人, 填报日期, 备注 …). It knows nothing about the columns'
// meaning; callers match the normalised header names.
package table

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
	"golang.org/x/text/width"
)

// sniffSize is how much of a file decides its encoding.
const sniffSize = 64 << 10

// headerSearchRows is how many rows may come before the header: enough for
// titles, notes and a 填报单位 line, few enough to fail fast on a file
// without a header.
const headerSearchRows = 30

// Encoding names reported by Reader.Encoding.
const (
	UTF8    = "UTF-8"
	GB18030 = "GB18030"
)

// ErrNoHeader means no row within the first rows carried the required
// column names.
var ErrNoHeader = errors.New("no header row")

// EncodingError says why a file is not text in a supported encoding.
type EncodingError struct{ Msg string }

func (e *EncodingError) Error() string { return e.Msg }

// Row is one data row. Cells are trimmed; the slice is reused by the next
// call to Next, the strings are not.
type Row struct {
	Cells []string
	Line  int  // 1-based line the row starts on
	Bad   bool // some cell is not valid text in the file's encoding
}

// Reader reads the rows of one table.
type Reader struct {
	csv      *csv.Reader
	encoding string
	unit     string
	header   []string // normalised header, to skip it where it repeats
	first    string   // the header's first cell as written
	row      Row
}

// NewReader detects the encoding of r (UTF-8 with or without BOM, else
// GB18030, which includes GBK) and returns a reader positioned at the
// first row. Files that are not text in these encodings give an
// *EncodingError.
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	prefix, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	enc, err := detect(prefix, len(prefix) < sniffSize)
	if err != nil {
		return nil, err
	}
	var text io.Reader = br
	switch enc {
	case UTF8:
		if bytes.HasPrefix(prefix, bom) {
			br.Discard(len(bom))
		}
	case GB18030:
		text = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	c := csv.NewReader(text)
	c.FieldsPerRecord = -1
	c.LazyQuotes = true
	c.ReuseRecord = true
	return &Reader{csv: c, encoding: enc}, nil
}

var bom = []byte{0xEF, 0xBB, 0xBF}

func detect(prefix []byte, whole bool) (string, error) {
	switch {
	case bytes.HasPrefix(prefix, bom):
		return UTF8, nil
	case bytes.HasPrefix(prefix, []byte("PK\x03\x04")), bytes.HasPrefix(prefix, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", &EncodingError{"这是 Excel 工作簿而不是 CSV 文件，请在 Excel 中“另存为”CSV 格式"}
	case bytes.HasPrefix(prefix, []byte{0xFF, 0xFE}), bytes.HasPrefix(prefix, []byte{0xFE, 0xFF}):
		return "", &EncodingError{"文件是 UTF-16（Unicode 文本）编码，请另存为“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”"}
	case bytes.IndexByte(prefix, 0) >= 0:
		return "", &EncodingError{"文件不是文本文件，请导出为 CSV 格式"}
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

// Encoding returns the detected encoding, UTF8 or GB18030.
func (r *Reader) Encoding() string { return r.encoding }

// Unit returns the 填报单位 read so far (title area or footer), or "".
func (r *Reader) Unit() string { return r.unit }

// Header reads up to the header row: the first row whose normalised cells
// include every name in required. It returns the normalised names of all
// columns and the header's line. Rows above it are titles; a 填报单位 line
// among them sets Unit.
func (r *Reader) Header(required ...string) (names []string, line int, err error) {
	for range headerSearchRows {
		rec, err := r.csv.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		line, _ = r.csv.FieldPos(0)
		names = make([]string, len(rec))
		for i, c := range rec {
			names[i] = NormalizeHeader(c)
		}
		if containsAll(names, required) {
			r.header, r.first = names, strings.TrimSpace(rec[0])
			return names, line, nil
		}
		r.noteUnit(rec)
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
// returns io.EOF at the end and *csv.ParseError for malformed CSV.
func (r *Reader) Next() (*Row, error) {
	for {
		rec, err := r.csv.Read()
		if err != nil {
			return nil, err
		}
		r.row.Line, _ = r.csv.FieldPos(0)
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
			continue // blank row
		case isFooter(first):
			r.noteUnit(rec)
			continue
		case r.repeatsHeader(rec):
			continue // the header again, e.g. on each printed page
		}
		// Excel pads short rows with empty cells; drop the trailing ones.
		n := len(rec)
		for n > 0 && rec[n-1] == "" {
			n--
		}
		r.row.Cells = rec[:n]
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
// the next cell, or be followed by 填报日期 in the same cell).
func (r *Reader) noteUnit(rec []string) {
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
					v = strings.TrimSpace(v[:j])
				}
			}
			for j := i + 1; v == "" && j < len(rec); j++ {
				v = strings.TrimSpace(rec[j])
			}
			if v != "" {
				r.unit = v
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
