package cleantext

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// invisibles are the characters the issue names, and a few more of
// category Cf and default-ignorable code points.
var invisibles = []rune{
	0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E,
	0x2061, 0x2062, 0x2063, 0x2064,
	0x206A, 0x206B, 0x206C, 0x206D, 0x206E, 0x206F,
	0x200E, 0x200F, 0x061C, 0xFFF9, 0xFFFA, 0xFFFB, 0xE0001, 0xE0041, 0xE007F,
	0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0,
}

func TestInvisible(t *testing.T) {
	for _, r := range invisibles {
		c := string(r)
		for _, in := range []string{c + "宜都市发改局", "宜都市" + c + "发改局", "宜都市发改局" + c, c + c + "宜都市发改局" + c} {
			got, fix := Clean(in)
			if got != "宜都市发改局" || fix != Invisible {
				t.Errorf("Clean(%+q) = %+q, %v", in, got, fix)
			}
		}
	}
}

// bidis are the embeddings, overrides and isolates of UAX #9.
var bidis = []rune{0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}

// A bidi override is removed and reported apart from invisible
// characters: it changes what Excel shows, so ingest refuses it where the
// value must be exact.
func TestBidi(t *testing.T) {
	for _, r := range bidis {
		for _, in := range []string{string(r) + "9142050077XPPULP6E", "91420500" + string(r) + "77XPPULP6E‬"} {
			if got, fix := Clean(in); got != "9142050077XPPULP6E" || fix != Bidi {
				t.Errorf("Clean(%+q) = %+q, %v; want Bidi", in, got, fix)
			}
		}
	}
	if _, fix := Clean("​宜‮昌"); fix != Invisible|Bidi || fix.String() != "零宽或不可见字符、改变文字显示方向的控制字符" {
		t.Errorf("both: %v", fix)
	}
}

// Every format character (category Cf) is removed, whichever the issue
// lists by name.
func TestEveryFormatCharacter(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.Is(unicode.Cf, r) {
			continue
		}
		want := Invisible
		if slices.Contains(bidis, r) {
			want = Bidi
		}
		in := "A" + string(r) + "B"
		if got, fix := Clean(in); got != "AB" || fix != want {
			t.Errorf("Clean(%+q) = %+q, %v", in, got, fix)
		}
	}
}

// Noncharacters (not allowed in XML: a workbook or feed holding one is
// broken) are removed as control characters.
func TestNoncharacters(t *testing.T) {
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.Is(unicode.Noncharacter_Code_Point, r) {
			continue
		}
		n++
		if got, fix := Clean("宜昌" + string(r) + "公司"); got != "宜昌公司" || fix != Control {
			t.Errorf("%U → %+q, %v", r, got, fix)
		}
	}
	if n != 66 { // U+FDD0–U+FDEF and the last two of each of the 17 planes
		t.Errorf("%d noncharacters tried, want 66", n)
	}
}

// Excel's escape of a carriage return, left as text by tools that export
// a workbook, is a line break like CR itself, silently.
func TestEscapedCR(t *testing.T) {
	for in, want := range map[string]string{
		"第一行_x000D_\n第二行":       "第一行\n第二行",
		"第一行_x000D_第二行_x000D_":  "第一行\n第二行",
		"_x000\u200bD_第一行":      "第一行", // joined by a removal: still a line break
		"x000D_ _x000d_ _x000D": "x000D_ _x000d_ _x000D",
	} {
		if got, _ := Clean(in); got != want {
			t.Errorf("Clean(%+q) = %+q, want %+q", in, got, want)
		}
	}
}

func TestCut(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want Excerpt
	}{
		{"", 3, Excerpt{}},
		{"宜昌市", 3, Excerpt{Text: "宜昌市"}},
		{"宜昌市西陵区", 3, Excerpt{Text: "宜昌市", Cut: true}},
		{"宜昌 \n西陵区", 3, Excerpt{Text: "宜昌", Cut: true}},
		{"邊\U000E0100邊", 1, Excerpt{Text: "邊\U000E0100", Cut: true}}, // the variation selector stays with its character
		{"e\u0301e\u0301", 1, Excerpt{Text: "e\u0301", Cut: true}},
		{"e\u0301", 1, Excerpt{Text: "e\u0301"}},
	} {
		if got := Cut(c.in, c.n); got != c.want {
			t.Errorf("Cut(%+q, %d) = %+v, want %+v", c.in, c.n, got, c.want)
		}
	}
}

func TestSpaces(t *testing.T) {
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.Is(unicode.Zs, r) || r == ' ' {
			continue
		}
		n++
		c := string(r)
		if got, fix := Clean("宜都市" + c + "发改局"); got != "宜都市 发改局" || fix != Space {
			t.Errorf("inside: %U → %+q, %v", r, got, fix)
		}
		if got, fix := Clean(c + "宜都市发改局" + c + c); got != "宜都市发改局" || fix != Space {
			t.Errorf("ends: %U → %+q, %v", r, got, fix)
		}
	}
	if n != 16 { // U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000
		t.Errorf("%d Zs spaces tried, want 16", n)
	}
}

// Plain spaces are trimmed at the ends but never collapsed; tabs become
// spaces; none of it is reported.
func TestSilent(t *testing.T) {
	for in, want := range map[string]string{
		"  宜都市  发改局 ":         "宜都市  发改局",
		"宜都市\t发改局\t":          "宜都市 发改局",
		"第一行\r\n第二行\r第三行\r\n": "第一行\n第二行\n第三行",
		"\n\n第一行\n\n第二行\n":    "第一行\n\n第二行",
		" \u00a0 ":            "",
	} {
		got, fix := Clean(in)
		if got != want {
			t.Errorf("Clean(%+q) = %+q, want %+q", in, got, want)
		}
		if fix != 0 && !strings.Contains(in, "\u00a0") {
			t.Errorf("Clean(%+q) reported %v", in, fix)
		}
	}
}

func TestControls(t *testing.T) {
	for r := rune(0); r < 0xA0; r++ {
		if r >= ' ' && r < 0x7f {
			continue
		}
		in := "A" + string(r) + "B"
		got, fix := Clean(in)
		var want string
		var wantFix Fix
		switch r {
		case '\n', '\r':
			want = "A\nB"
		case '\t':
			want = "A B"
		case '\v', '\f', 0x85:
			want, wantFix = "A\nB", LineBreak
		default:
			want, wantFix = "AB", Control
		}
		if got != want || fix != wantFix {
			t.Errorf("Clean(%+q) = %+q, %v; want %+q, %v", in, got, fix, want, wantFix)
		}
	}
	for _, r := range []rune{0x2028, 0x2029} {
		if got, fix := Clean("A" + string(r) + "B"); got != "A\nB" || fix != LineBreak {
			t.Errorf("%U → %+q, %v", r, got, fix)
		}
	}
}

func TestSeveral(t *testing.T) {
	got, fix := Clean("\ufeff宜都市\u00a0发改局\u200b\x07")
	if got != "宜都市 发改局" || fix != Invisible|Space|Control {
		t.Errorf("got %+q, %v", got, fix)
	}
	if s := fix.String(); s != "零宽或不可见字符、不间断空格或全角空格、控制字符" {
		t.Errorf("String() = %q", s)
	}
	if Fix(0).String() != "" || LineBreak.String() != "特殊换行符" {
		t.Error("String of none or LineBreak wrong")
	}
}

// Text that needs no repair, in many scripts and with the characters
// that are kept on purpose.
var cleanTexts = []string{
	"",
	"宜昌市西陵区发展和改革局",
	"湖北宜化集团有限责任公司",
	"本企业承诺：严格遵守国家法律法规，依法诚信经营，自觉接受政府、行业组织、社会公众、新闻舆论的监督。\n如违背承诺，愿意承担相应的法律责任。",
	"质量管理体系认证证书（GB/T 19001-2016/ISO 9001:2015）",
	"ＡＢＣ１２３，全角标点！？",
	"葛洲坝㐂集团\U00020BB7",
	"邊\U000E0100", // variation selector: a glyph variant, kept
	"❤\uFE0F",
	"Ünïcödé façade — “quotes” …",
	"\uFFFD", // a lost character stays visible
	"ئۇيغۇرچە",
	"ᠮᠣᠩᠭᠣᠯ",
}

func TestCleanUnchanged(t *testing.T) {
	for _, s := range cleanTexts {
		if got, fix := Clean(s); got != s || fix != 0 {
			t.Errorf("Clean(%+q) = %+q, %v", s, got, fix)
		}
		if n := testing.AllocsPerRun(100, func() { Clean(s) }); n != 0 {
			t.Errorf("Clean(%+q) allocates %v times", s, n)
		}
	}
}

// dirty's shortcut for U+3040–U+FEFE agrees with repair on every rune.
func TestDirtyShortcut(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		n := utf8.RuneLen(r)
		out, _ := repair(r, n)
		if want := out != r; dirty(r, n) != want {
			t.Fatalf("dirty(%U) = %v, repair says %v", r, !want, want)
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	got, _ := Clean("宜都\xff\xfe市")
	if got != "宜都\uFFFD\uFFFD市" || !LostCharacter(got) || !LostCharacter("宜都\xff市") {
		t.Errorf("got %+q", got)
	}
}

func TestLostCharacter(t *testing.T) {
	for _, s := range []string{"张?", "?华建筑有限公司", "宜昌??科技", "湖北\uFFFD公司", "ISO?9001", "a?b"} {
		if !LostCharacter(s) {
			t.Errorf("LostCharacter(%q) = false", s)
		}
	}
	for _, s := range []string{
		"宜昌市西陵区发展和改革局",
		"是否按期履约？是",
		"详见 https://www.creditchina.gov.cn/xinyongxinxi/index.html?keyword=湖北宜化",
		"详见www.hbcredit.gov.cn/list?id=12",
		"",
	} {
		if LostCharacter(s) {
			t.Errorf("LostCharacter(%q) = true", s)
		}
	}
	// A '?' after an address is still found.
	if !LostCharacter("见 https://x.cn/a?b=1 张?") {
		t.Error("second '?' missed")
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range cleanTexts {
		f.Add(s)
	}
	for _, r := range invisibles {
		f.Add("宜都" + string(r) + "市")
	}
	f.Add(" \u3000宜都\r\n市\u00a0\x00\x85\u2028\xff ")
	f.Add("_x000\u200bD_\uFFFF_x000D_\n\u202e")
	f.Fuzz(func(t *testing.T, s string) {
		got, fix := Clean(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Clean(%+q) = %+q: invalid UTF-8", s, got)
		}
		for _, r := range got {
			if r != '\n' && (unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Noncharacter_Code_Point, r)) {
				t.Fatalf("Clean(%+q) = %+q keeps %U", s, got, r)
			}
		}
		if strings.Contains(got, escapedCR) {
			t.Fatalf("Clean(%+q) = %+q keeps an escaped CR", s, got)
		}
		if again, fix2 := Clean(got); again != got || fix2 != 0 {
			t.Fatalf("Clean not idempotent: %+q → %+q → %+q (%v)", s, got, again, fix2)
		}
		if got == s && fix != 0 {
			t.Fatalf("Clean(%+q) unchanged but reported %v", s, fix)
		}
	})
}

// cells are typical clean cells of the two tables, one row's worth.
var cells = []string{
	"1", "湖北宜化集团有限责任公司", "王大山", "91420500179123456Y",
	"质量管理体系认证证书", "中国质量认证中心", "00118Q31234R2M", "AAA", "2018年12月17日", "2018年12月17日至2021年12月16日",
	"主动公示型",
	"本企业承诺：严格遵守国家法律法规，依法诚信经营，自觉接受政府、行业组织、社会公众、新闻舆论的监督。\n如违背承诺，愿意承担相应的法律责任。",
	"2018年度AAA级信用企业；注册资本5000万元",
}

func BenchmarkClean(b *testing.B) {
	var total int
	for _, s := range cells {
		total += len(s)
	}
	b.SetBytes(int64(total))
	for b.Loop() {
		for _, s := range cells {
			Clean(s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cells)), "ns/cell")
}

func ExampleClean() {
	s, fix := Clean("\u200b宜都市\u3000发改局 ")
	fmt.Printf("%q %s\n", s, fix)
	// Output: "宜都市 发改局" 零宽或不可见字符、不间断空格或全角空格
}
