package table

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a file decides its encoding.
const sniffSize = 64 << 10

// Encoding names reported by Reader.Encoding.
const (
	UTF8    = "UTF-8"
	GB18030 = "GB18030"
)

// EncodingError says why a file is not text in a supported encoding.
type EncodingError struct{ Msg string }

func (e *EncodingError) Error() string { return e.Msg }

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
	return &Reader{src: &csvSource{c}, encoding: enc}, nil
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

// csvSource reads records with encoding/csv.
type csvSource struct{ r *csv.Reader }

func (s *csvSource) next() ([]string, []CellKind, int, bool, error) {
	rec, err := s.r.Read()
	if err != nil {
		return nil, nil, 0, false, err
	}
	line, _ := s.r.FieldPos(0)
	return rec, nil, line, false, nil
}
