package table

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// benchRows writes n rows of a commitments table. plain: cells as Excel
// writes them (quoted only when they must be: one row in ten has a cell
// with a comma, one in a hundred a line break); quoted: every cell
// quoted, as some systems export.
func benchRows(w io.Writer, n int, quoted bool) {
	bw := bufio.NewWriter(w)
	q := func(s string) string {
		if quoted || strings.ContainsAny(s, ",\"\n") {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		return s
	}
	fmt.Fprintln(bw, "宜昌市企业信用承诺情况列表\n填报单位：西陵区\n序号,企业名称,法定代表人,统一社会信用代码,信用承诺类型,信用承诺事项,做出信用承诺时间,其他")
	for i := range n {
		matter := "遵守宜昌市餐饮行业协会食品安全自律承诺"
		switch {
		case i%100 == 7:
			matter = "不制售假冒伪劣产品\n不进行虚假宣传"
		case i%10 == 3:
			matter = "不制售假冒伪劣产品, 不进行虚假宣传, 保障消费者合法权益"
		}
		cells := []string{fmt.Sprint(i + 1), fmt.Sprintf("宜昌示范%d有限公司", i), "张文静", fmt.Sprintf("91420500%010d", i), "信用修复型", matter, "2018-12-17", ""}
		for j, c := range cells {
			cells[j] = q(c)
		}
		fmt.Fprintln(bw, strings.Join(cells, ","))
	}
	bw.Flush()
}

// lazySource is the reader this package had before strict quoting
// (encoding/csv with LazyQuotes), kept here only to compare speed.
type lazySource struct{ r *csv.Reader }

func (s *lazySource) next() ([]string, []CellKind, int, bool, error) {
	rec, err := s.r.Read()
	if err != nil {
		return nil, nil, 0, false, err
	}
	line, _ := s.r.FieldPos(0)
	return rec, nil, line, false, nil
}

// newLazyReader is NewReader as it was, for UTF-8 text.
func newLazyReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	prefix, _ := br.Peek(sniffSize)
	enc, err := detect(prefix, len(prefix) < sniffSize)
	if err != nil {
		return nil, err
	}
	c := csv.NewReader(br)
	c.FieldsPerRecord = -1
	c.LazyQuotes = true
	c.ReuseRecord = true
	return &Reader{src: &lazySource{c}, encoding: enc}, nil
}

func readAllRows(tb testing.TB, r *Reader) int {
	if _, _, err := r.Header("企业名称", "统一社会信用代码"); err != nil {
		tb.Fatal(err)
	}
	n := 0
	for {
		_, err := r.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			tb.Fatal(err)
		}
		n++
	}
}

// BenchmarkReadCSV reads a table of 100,000 rows with this reader
// (strict) and with the one it replaced (lazy).
func BenchmarkReadCSV(b *testing.B) {
	for _, quoted := range []bool{false, true} {
		var buf bytes.Buffer
		benchRows(&buf, 100_000, quoted)
		data := buf.Bytes()
		for _, impl := range []struct {
			name string
			open func(io.Reader) (*Reader, error)
		}{{"strict", NewReader}, {"lazy", newLazyReader}} {
			b.Run(fmt.Sprintf("quoted=%v/%s", quoted, impl.name), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					r, err := impl.open(bytes.NewReader(data))
					if err != nil {
						b.Fatal(err)
					}
					if n := readAllRows(b, r); n != 100_000 {
						b.Fatalf("%d rows", n)
					}
				}
			})
		}
	}
}

// Reading streams: a table of 300,000 rows (about 45 MB) is read with the
// heap staying small.
func TestReadStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 45 MB")
	}
	pr, pw := io.Pipe()
	go func() {
		benchRows(pw, 300_000, false)
		pw.Close()
	}()
	r, err := NewReader(pr)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Header("企业名称", "统一社会信用代码"); err != nil {
		t.Fatal(err)
	}
	var peak uint64
	var ms runtime.MemStats
	for n := 0; ; n++ {
		if _, err := r.Next(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if n%20_000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	if peak > 8<<20 {
		t.Errorf("heap reached %d bytes", peak)
	}
}
