package table

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readAll reads a table and returns its header, unit and rows as "line:cell|cell".
func readAll(t *testing.T, data []byte) (enc string, header []string, hline int, unit string, rows []string) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	header, hline, err = r.Header("企业名称", "统一社会信用代码")
	if err != nil {
		t.Fatalf("Header: %v", err)
	}
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		rows = append(rows, strings.Join(append([]string{fmt.Sprintf("%02d", row.Line)}, row.Cells...), "|"))
	}
	return r.Encoding(), header, hline, r.Unit(), rows
}

const shaped = "宜昌市企业补充公示信息填报表,,,\n" +
	"填报单位：宜都市发展和改革局,,,\n" +
	"序号,\"企业\n名称\",\"统一社会 信用代码\",\"信用承诺类型( 审批替代型、行业自律型 )\",\n" +
	"1, 甲公司 ,CODE1,主动公示型,,\n" +
	",,,\n" +
	"2,\"乙\n公司\",CODE2,审批替代型\n" +
	"序号,\"企业\n名称\",\"统一社会 信用代码\",\"信用承诺类型( 审批替代型、行业自律型 )\",\n" +
	"\n" +
	"填报人：张三,,,\n" +
	"填报日期：2018年12月18日,,,\n"

func TestShapes(t *testing.T) {
	for name, data := range map[string][]byte{
		"utf8":         []byte(shaped),
		"utf8-bom":     append([]byte{0xEF, 0xBB, 0xBF}, shaped...),
		"crlf":         []byte(strings.ReplaceAll(shaped, "\n", "\r\n")),
		"gb18030":      gb18030(t, shaped),
		"gb18030-crlf": gb18030(t, strings.ReplaceAll(shaped, "\n", "\r\n")),
	} {
		t.Run(name, func(t *testing.T) {
			enc, header, hline, unit, rows := readAll(t, data)
			wantEnc := UTF8
			if strings.HasPrefix(name, "gb") {
				wantEnc = GB18030
			}
			if enc != wantEnc {
				t.Errorf("encoding %s, want %s", enc, wantEnc)
			}
			if got := strings.Join(header, ","); got != "序号,企业名称,统一社会信用代码,信用承诺类型," {
				t.Errorf("header %q", got)
			}
			if hline != 3 {
				t.Errorf("header line %d, want 3", hline)
			}
			if unit != "宜都市发展和改革局" {
				t.Errorf("unit %q", unit)
			}
			nl := "\n"
			want := []string{"05|1|甲公司|CODE1|主动公示型", "07|2|乙" + nl + "公司|CODE2|审批替代型"}
			if strings.Join(rows, ";") != strings.Join(want, ";") {
				t.Errorf("rows %q, want %q", rows, want)
			}
		})
	}
}

func TestUnitLines(t *testing.T) {
	for in, want := range map[string]string{
		"填报单位：西陵区发改局,,":                  "西陵区发改局",
		"填报单位:西陵区发改局,,":                  "西陵区发改局",
		"填报单位（盖章）：西陵区发改局,,":              "西陵区发改局",
		"填报单位：,西陵区发改局,":                  "西陵区发改局",
		"填报单位：西陵区发改局    填报日期：2018年12月,,": "西陵区发改局",
		"报送单位： 西陵区发改局 ,,":                "西陵区发改局",
		"填报单位,,":                         "",
	} {
		data := "标题,,\n" + in + "\n企业名称,统一社会信用代码\n甲,C1\n"
		if _, _, _, unit, _ := readAll(t, []byte(data)); unit != want {
			t.Errorf("%q: unit %q, want %q", in, unit, want)
		}
	}
	// A 填报单位 line in the footer counts too.
	data := "企业名称,统一社会信用代码\n甲,C1\n填报单位（盖章）：点军区发改局,\n"
	if _, _, _, unit, rows := readAll(t, []byte(data)); unit != "点军区发改局" || len(rows) != 1 {
		t.Errorf("footer unit %q, rows %q", unit, rows)
	}
}

func TestNormalizeHeader(t *testing.T) {
	for in, want := range map[string]string{
		"统一社会\n信用代码":     "统一社会信用代码",
		"统一社会\r\n信用代码":   "统一社会信用代码",
		" 统一社会 信用代码 ":    "统一社会信用代码",
		"统一社会\u3000信用代码": "统一社会信用代码",
		"信用承诺类型( 审批替代型、行业自律型、信用修复型 )": "信用承诺类型",
		"信用承诺类型（审批替代型、行业自律型、信用修复型）":   "信用承诺类型",
		"信用承诺类型【必填】":                  "信用承诺类型",
		"*企业名称":                       "企业名称",
		"企业名称：":                       "企业名称",
		"联系电话(手机)":                    "联系电话",
		"信用承诺类型（主动公示型":                "信用承诺类型",
		"Ｅ－ｍａｉｌ":                      "E-mail",
	} {
		if got := NormalizeHeader(in); got != want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNoHeader(t *testing.T) {
	for _, data := range []string{
		"",
		"序号,名称,代码\n1,甲,C1\n",
		strings.Repeat("标题,,\n", headerSearchRows) + "企业名称,统一社会信用代码\n",
	} {
		r, err := NewReader(strings.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := r.Header("企业名称", "统一社会信用代码"); !errors.Is(err, ErrNoHeader) {
			t.Errorf("%q: err %v, want ErrNoHeader", data, err)
		}
	}
}

func TestEncodingErrors(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE, '1', 0, ',', 0}
	for name, data := range map[string][]byte{
		"xlsx":    []byte("PK\x03\x04\x14\x00\x06\x00"),
		"xls":     {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1},
		"utf16":   utf16,
		"binary":  []byte("abc\x00def"),
		"garbage": {0x81, 0x20, 0xFF, 0xFE, 0x80, 0x80},
	} {
		_, err := NewReader(bytes.NewReader(data))
		var ee *EncodingError
		if !errors.As(err, &ee) {
			t.Errorf("%s: err %v, want *EncodingError", name, err)
		}
	}
}

// A file whose first 64 KiB are UTF-8 but that later switches encoding
// marks the rows it cannot read as Bad instead of garbling them.
func TestMixedEncoding(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("企业名称,统一社会信用代码\n")
	for b.Len() < sniffSize+10 {
		b.WriteString("甲公司,C1\n")
	}
	b.Write(gb18030(t, "乙公司,C2\n"))
	r, err := NewReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Header("企业名称", "统一社会信用代码"); err != nil {
		t.Fatal(err)
	}
	bad, good := 0, 0
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if row.Bad {
			bad++
			if row.Cells[1] != "C2" {
				t.Errorf("bad row %q", row.Cells)
			}
		} else {
			good++
		}
	}
	if bad != 1 || good == 0 {
		t.Errorf("bad %d good %d", bad, good)
	}
}

// The sniffed prefix may end in the middle of a multi-byte character.
func TestSniffBoundary(t *testing.T) {
	for pad := range 3 {
		var b bytes.Buffer
		b.WriteString("企业名称,统一社会信用代码\n")
		b.WriteString(strings.Repeat("a", pad))
		for b.Len() < 2*sniffSize {
			b.WriteString("甲公司,C1\n")
		}
		r, err := NewReader(bytes.NewReader(b.Bytes()))
		if err != nil || r.Encoding() != UTF8 {
			t.Fatalf("pad %d: %v %v", pad, err, r)
		}
	}
}
