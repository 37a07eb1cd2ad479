package table

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// FuzzReader reads any bytes: no panic; records and refused lines come
// in ascending order of line; the accounting never fails, and at the end
// the lines handed out are all the lines of the text, counted apart.
func FuzzReader(f *testing.F) {
	for _, s := range []string{
		shaped,
		"企业名称,统一社会信用代码,其他\n甲公司,C1,\"备注\n乙公司,C2,x\n",
		"企业名称,统一社会信用代码,其他\n甲公司,C1,\"第一行\"\n第二行\"\n乙公司,C2,x\n",
		"企业名称\t统一社会信用代码\n\"甲\r\n公司\"\t=\"0123\"\r\n",
		"企业名称;统一社会信用代码\n\"a\"\"b\";\"\"\"\n;\"\r",
	} {
		f.Add([]byte(s), uint8(0))
	}
	for _, name := range []string{"testdata/stray-quote.csv", "testdata/tab-separated.csv"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b, uint8(0))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, cell uint8) {
		r, err := NewReaderOptions(bytes.NewReader(data), Options{MaxCellBytes: int(cell)})
		if err != nil {
			return
		}
		s := r.src.(*csvSource)
		last := 0
		for {
			_, _, line, _, err := s.next()
			var re *RowError
			switch {
			case err == io.EOF:
				if n := countLines(data); s.tally.done != n || s.read != n || len(s.q) != 0 {
					t.Fatalf("at the end: %d lines handed out, %d read, %d queued; the text has %d", s.tally.done, s.read, len(s.q), n)
				}
				return
			case errors.As(err, &re):
				line = re.Line
			case err != nil:
				t.Fatalf("%v", err)
			}
			if line <= last {
				t.Fatalf("line %d after line %d", line, last)
			}
			last = line
		}
	})
}

// countLines counts the lines of a text as the reader should: LF ends a
// line (no GB18030 character holds the byte 0x0A), and text after the
// last LF is one more line.
func countLines(data []byte) int {
	data = bytes.TrimPrefix(data, bom)
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}
