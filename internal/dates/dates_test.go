package dates

import (
	"fmt"
	"testing"
)

// The tables are package variables so that FuzzParse can seed from them.
var (
	parseGood = []struct{ in, want string }{
		{"2018-12-17", "2018-12-17"},
		{"2018/12/17", "2018-12-17"},
		{"2018/8/6", "2018-08-06"},
		{"2018.12.17", "2018-12-17"},
		{"2018. 12. 17", "2018-12-17"},
		{"2018年12月17日", "2018-12-17"},
		{"2018年2月4日", "2018-02-04"},
		{"2018年12月17", "2018-12-17"},
		{"2018年12月17号", "2018-12-17"},
		{"2018年 12月 17日", "2018-12-17"},
		{"20181217", "2018-12-17"},
		{"43451", "2018-12-17"},
		{"43451.75", "2018-12-17"},
		{"２０１８－１２－１７", "2018-12-17"},
		{"２０１８年１２月１７日", "2018-12-17"},
		{" 2018-12-17 ", "2018-12-17"},
		{"2018/12/17 0:00", "2018-12-17"},
		{"2018-12-17 08:30:00", "2018-12-17"},
		{"2018. 12. 17 0:00", "2018-12-17"},
		{"2020-02-29", "2020-02-29"},
		{"2000-02-29", "2000-02-29"},
		// Excel's 1900 system around its phantom leap day.
		{"10000", "1927-05-18"},

		// Chinese numerals, every zero spelling.
		{"二〇一八年十二月十七日", "2018-12-17"},
		{"二〇二四年元月二日", "2024-01-02"}, {"二〇二四年元月", "2024-01"},
		{"二零一八年十二月十七日", "2018-12-17"},
		{"二○一八年十二月十七日", "2018-12-17"},
		{"二O一八年十二月十七日", "2018-12-17"},
		{"二Ｏ一八年十二月十七日", "2018-12-17"},
		{"二〇一八年十二月十七", "2018-12-17"},
		{"二〇一八年十二月十七号", "2018-12-17"},
		{"二〇一八年 十二月 十七日", "2018-12-17"},
		{"一九九九年一月一日", "1999-01-01"},
		{"二〇〇〇年十月十日", "2000-10-10"},
		{"二〇二〇年二月二十九日", "2020-02-29"},
		{"二〇〇〇年二月二十九日", "2000-02-29"},
		{" 二〇一八年十二月十七日 0:00", "2018-12-17"},

		// Weekdays (2018-12-17 was a Monday).
		{"2018年12月17日星期一", "2018-12-17"},
		{"2018年12月17日 星期一", "2018-12-17"},
		{"2018年12月17日(周一)", "2018-12-17"},
		{"2018年12月17日 （周一）", "2018-12-17"},
		{"二〇一八年十二月十七日星期一", "2018-12-17"},
		{"2018-12-17 星期一", "2018-12-17"},
		{"2018/12/17 礼拜一 0:00", "2018-12-17"},
		{"20181217 周一", "2018-12-17"},
		{"2020-02-29 星期六", "2020-02-29"},
		{"二〇〇〇年二月二十九日星期二", "2000-02-29"},

		// Month precision.
		{"2018-12", "2018-12"},
		{"2018/12", "2018-12"},
		{"2018.12", "2018-12"},
		{"2018. 12", "2018-12"},
		{"2018年12月", "2018-12"},
		{"二〇一八年十二月", "2018-12"},
		{"2018-1", "2018-01"},
		{"2018/1", "2018-01"},
		{"2018.01", "2018-01"},
		{"2018.2", "2018-02"},
		{"2018年1月", "2018-01"},
		{"２０１８／１２", "2018-12"},
		{"２０１８．１２", "2018-12"},
	}
	parseBad = []string{
		"", "2018-13-45", "2019-02-29", "1900-02-29", "2100-02-29", "2018", "18-12-17", "2018-12/17",
		"2018年12-17", "12/17/2018", "2018-12-17日", "201812170", "4345", "abc",
		"2018-012-17", "2018-12-17 noon", "99999999", "—", "2018年2月30日", "0000-01-01",

		// Month precision: impossible, ambiguous, mixed or unfinished.
		"2018-13", "2018-00", "2018-0", "2018/13", "2018.13", "2018年13月", "2018年0月",
		"2018.1", // a number cell holding 2018.10
		"2018-12-", "2018年12", "2018-12月", "2018/12月", "2018年12-", "2018-012", "201812", "2018年",

		// Chinese numerals: impossible, malformed or mixed with digits.
		"二〇一八年十三月", "二〇一八年十三月一日", "二〇一八年二月三十日", "二〇一九年二月二十九日",
		"一九〇〇年二月二十九日", "二〇一八年十二月三十二日", "二〇一八年十二月四十日",
		"二〇一八年〇月一日", "二〇一八年零月", "二〇一八年十二月〇日", "二〇一八年十二月十〇日",
		"二〇一八年十二月二十〇日", "二〇一八年一十二月", "二〇一八年十二月一十日", "二〇一八年一二月",
		"二〇一八年十二月十七日日", "二〇一八年十二月十七日号", "二〇一八年十二月日", "二〇一八年月",
		"一八年十二月十七日", "二〇一八〇年十二月十七日", "〇〇〇〇年一月一日", "二〇一八年十十二月",
		"2018年十二月十七日", "二〇一八年12月17日", "二〇一八年十二月17日", "2O18年12月17日", "二0一八年十二月十七日",
		"二〇一八-十二-十七", "二〇一八年十二月十七日 十七", "年十二月十七日",

		// Weekdays: wrong, on a month, alone, malformed.
		"2018年12月17日星期二", "2018-12-17 周日", "二〇一八年十二月十七日星期天", "2018年12月星期一",
		"2018-12 周一", "星期一", "周一", "2018-12-17 星期八", "2018-12-17 星期", "2018-12-17 周",
		"2018-12-17 (星期一", "2018-12-17 星期一)", "2018-12-17 [星期一]", "2018-12-17 星期一星期一",
		"2018-12-17 Monday", "2019-02-29 星期五",
	}
	expiryGood = []struct{ in, want string }{
		{"长期", ""},
		{"长期有效", ""},
		{"永久", ""},
		{"", ""},
		{"—", ""},
		{"2019年3月8日", "2019-03-08"},
		{"2018.06.07-2023.06.06", "2023-06-06"},
		{"2016-03-01至2019-02-28", "2019-02-28"},
		{"2016-03-01-2019-02-28", "2019-02-28"},
		{"2016年3月1日至2019年2月28日", "2019-02-28"},
		{"有效期至2023年8月16日", "2023-08-16"},
		{"2018.06.07～2023.06.06", "2023-06-06"},
		{"2018.06.07－2023.06.06", "2023-06-06"},
		{"2018.06.07 — 2023.06.06", "2023-06-06"},
		{"2016-03-01至长期", ""},
		{"44000", "2020-06-18"},
		{"2016年3月1日星期二至2019年2月28日星期四", "2019-02-28"},
		{"二〇一八年六月七日至二〇二三年六月六日", "2023-06-06"},

		// A month-only end is the month's last day.
		{"2018.06-2023.06", "2023-06-30"},
		{"2018-06-2023-06", "2023-06-30"},
		{"2018.06.07-2023.06", "2023-06-30"},
		{"2018年6月-2023年6月", "2023-06-30"},
		{"至2023年6月", "2023-06-30"},
		{"有效期至2023年6月", "2023-06-30"},
		{"二〇一八年六月至二〇二三年六月", "2023-06-30"},
		{"2023年6月", "2023-06-30"},
		{"2023-06", "2023-06-30"},
		{"2023.01", "2023-01-31"},
		{"2018.03-2023.02", "2023-02-28"},
		{"至2024年2月", "2024-02-29"},
		{"二〇二四年二月", "2024-02-29"},
		{"2000/2", "2000-02-29"},
		{"2100-02", "2100-02-28"},
		{"2018.12 - 2023.12", "2023-12-31"},
	}
	expiryBad = []string{
		"五年", "2018.06.07-2023.13.06", "2016-03-01至", "至今以后",
		"2018.06-2023.13", "至2023年13月", "2018.06-2023.1", "至2018年12月17日星期二", "至二〇二三年十三月",
	}
)

func TestParse(t *testing.T) {
	for _, tc := range parseGood {
		d, ok := Parse(tc.in)
		if !ok || d.String() != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %s", tc.in, d, ok, tc.want)
		}
	}
	for _, bad := range parseBad {
		if d, ok := Parse(bad); ok {
			t.Errorf("Parse(%q) = %v, want invalid", bad, d)
		}
	}
}

// Chinese month and day names, written out rather than generated so that
// the test does not share the parser's reading of them.
var (
	chineseMonths = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"}
	chineseDays   = []string{
		"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
		"十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
		"二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九", "三十",
		"三十一",
	}
)

func TestParseChineseMonthsAndDays(t *testing.T) {
	for i, m := range chineseMonths {
		for _, y := range []string{"二〇一八", "二零一八"} {
			check(t, y+"年"+m+"月", fmt.Sprintf("2018-%02d", i+1))
			check(t, y+"年"+m+"月一日", fmt.Sprintf("2018-%02d-01", i+1))
		}
	}
	for i, d := range chineseDays {
		check(t, "二〇一九年一月"+d+"日", fmt.Sprintf("2019-01-%02d", i+1))
		check(t, "二〇一九年十二月"+d+"号", fmt.Sprintf("2019-12-%02d", i+1))
	}
	// Days a month does not have.
	for _, bad := range []string{"二〇一九年四月三十一日", "二〇一九年二月二十九日", "二〇一九年二月三十日", "二〇一九年十一月三十一日"} {
		if d, ok := Parse(bad); ok {
			t.Errorf("Parse(%q) = %v, want invalid", bad, d)
		}
	}
}

func TestParseWeekdays(t *testing.T) {
	// The week of 2018-12-16 (a Sunday), every spelling of each day.
	week := []struct {
		day     int
		chinese string
		names   []string
	}{
		{16, "十六", []string{"星期日", "星期天", "礼拜日", "礼拜天", "周日", "周天"}},
		{17, "十七", []string{"星期一", "礼拜一", "周一"}},
		{18, "十八", []string{"星期二", "礼拜二", "周二"}},
		{19, "十九", []string{"星期三", "礼拜三", "周三"}},
		{20, "二十", []string{"星期四", "礼拜四", "周四"}},
		{21, "二十一", []string{"星期五", "礼拜五", "周五"}},
		{22, "二十二", []string{"星期六", "礼拜六", "周六"}},
	}
	for _, d := range week {
		want := fmt.Sprintf("2018-12-%d", d.day)
		for _, name := range d.names {
			for _, in := range []string{
				fmt.Sprintf("2018年12月%d日%s", d.day, name),
				fmt.Sprintf("2018年12月%d日 %s", d.day, name),
				fmt.Sprintf("2018年12月%d日(%s)", d.day, name),
				fmt.Sprintf("2018年12月%d日 （%s）", d.day, name),
				fmt.Sprintf("2018-12-%d %s", d.day, name),
				fmt.Sprintf("2018/12/%d%s", d.day, name),
				fmt.Sprintf("2018.12.%d %s 0:00", d.day, name),
				"二〇一八年十二月" + d.chinese + "日" + name,
			} {
				check(t, in, want)
			}
		}
		// Any other day's name is a mistake.
		for _, other := range week {
			if other.day == d.day {
				continue
			}
			for _, name := range other.names {
				for _, in := range []string{
					fmt.Sprintf("2018年12月%d日%s", d.day, name),
					"二〇一八年十二月" + d.chinese + "日(" + name + ")",
				} {
					if got, ok := Parse(in); ok {
						t.Errorf("Parse(%q) = %v, want invalid (wrong weekday)", in, got)
					}
				}
			}
		}
	}
}

func check(t *testing.T, in, want string) {
	t.Helper()
	if d, ok := Parse(in); !ok || d.String() != want {
		t.Errorf("Parse(%q) = %v, %v; want %s", in, d, ok, want)
	}
}

func TestFromSerial(t *testing.T) {
	for n, want := range map[int]string{
		1: "1900-01-01", 59: "1900-02-28", 61: "1900-03-01", 43451: "2018-12-17",
		43101: "2018-01-01", 2958465: "9999-12-31",
	} {
		if d, ok := FromSerial(n); !ok || d.String() != want {
			t.Errorf("FromSerial(%d) = %v, %v; want %s", n, d, ok, want)
		}
	}
	for _, n := range []int{0, 60, -1, 2958466} {
		if d, ok := FromSerial(n); ok {
			t.Errorf("FromSerial(%d) = %v, want invalid", n, d)
		}
	}
}

func TestExpiry(t *testing.T) {
	for _, tc := range expiryGood {
		d, ok := Expiry(tc.in)
		if !ok || d.String() != tc.want {
			t.Errorf("Expiry(%q) = %v, %v; want %q", tc.in, d, ok, tc.want)
		}
	}
	for _, bad := range expiryBad {
		if d, ok := Expiry(bad); ok {
			t.Errorf("Expiry(%q) = %v, want not understood", bad, d)
		}
	}
}

func TestExpiryMonthEnds(t *testing.T) {
	for _, tc := range []struct {
		year    int
		chinese string
		last    []int // last day of each month
	}{
		{2023, "二〇二三", []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}},
		{2024, "二〇二四", []int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}},
	} {
		for i, last := range tc.last {
			want := fmt.Sprintf("%d-%02d-%02d", tc.year, i+1, last)
			for _, in := range []string{
				fmt.Sprintf("%d.%02d", tc.year, i+1),
				fmt.Sprintf("至%d年%d月", tc.year, i+1),
				fmt.Sprintf("2018/%d-%d/%d", i+1, tc.year, i+1),
				"二〇一八年一月至" + tc.chinese + "年" + chineseMonths[i] + "月",
			} {
				if d, ok := Expiry(in); !ok || d.String() != want {
					t.Errorf("Expiry(%q) = %v, %v; want %s", in, d, ok, want)
				}
			}
		}
	}
}

func TestValidity(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2019年3月5日至2024年3月4日", "2019-03-05 至 2024-03-04"},
		{"2018.11.20-2023.11.19", "2018-11-20 至 2023-11-19"},
		{"2016-03-01至2019-02-28", "2016-03-01 至 2019-02-28"},
		{"2016-03-01 ~ 2019-02-28", "2016-03-01 至 2019-02-28"},
		{"自2016年3月1日起至2019年2月28日", "2016-03-01 至 2019-02-28"},
		{"2018.06-2023.06", "2018-06 至 2023-06"},
		{"二〇一八年一月至二〇二三年六月", "2018-01 至 2023-06"},
		{"2020-01-01至长期", "2020-01-01 至 长期"},
		{"2020年1月1日至永久有效", "2020-01-01 至 长期"},
		{"长期", "长期"}, {"长期有效", "长期"}, {"永久", "长期"},
		{"有效期至2023年8月16日", "至 2023-08-16"},
		{"有效期：2019.1.1-2024.1.1", "2019-01-01 至 2024-01-01"},
		{"至2023年6月", "至 2023-06"},
		{"2023-08-16", "至 2023-08-16"},
		{"44000", "至 2020-06-18"},
		{"２０１９年３月５日至２０２４年３月４日", "2019-03-05 至 2024-03-04"},
	} {
		p, ok := Validity(tc.in)
		if !ok || p.String() != tc.want {
			t.Errorf("Validity(%q) = %q, %v; want %q", tc.in, p, ok, tc.want)
		}
	}
	// Not understood whole: shown as written, never with a part dropped.
	for _, bad := range []string{"", "—", "无", "见附件", "2016-03-01至今", "见证书至2023-08-16", "2016-03-01至不详",
		"2019年3月5日-2024年13月4日", "三年", "2019-03-05起"} {
		if p, ok := Validity(bad); ok || !p.IsZero() {
			t.Errorf("Validity(%q) = %#v, %v; want not understood", bad, p, ok)
		}
	}
}

// FuzzParse checks that no input panics, that Expiry always ends on a
// full date, and that a parsed date's String reads back as the same date.
func FuzzParse(f *testing.F) {
	for _, tc := range parseGood {
		f.Add(tc.in)
	}
	for _, s := range parseBad {
		f.Add(s)
	}
	for _, tc := range expiryGood {
		f.Add(tc.in)
	}
	for _, s := range expiryBad {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if end, ok := Expiry(s); ok && end.MonthOnly() || !ok && !end.IsZero() {
			t.Errorf("Expiry(%q) = %#v, %v", s, end, ok)
		}
		if p, ok := Validity(s); ok != !p.IsZero() || ok && p.String() == "" {
			t.Errorf("Validity(%q) = %#v, %v", s, p, ok)
		} else if ok && !p.Forever {
			// The period shown ends where the certificate expires.
			if end, eok := Expiry(s); !eok || end != throughMonth(p.To) {
				t.Errorf("Validity(%q) ends %v, but Expiry gives %v, %v", s, p.To, end, eok)
			}
		}
		d, ok := Parse(s)
		if ok != !d.IsZero() {
			t.Fatalf("Parse(%q) = %#v, %v", s, d, ok)
		}
		if !ok {
			return
		}
		if back, ok := Parse(d.String()); !ok || back != d {
			t.Errorf("Parse(%q) = %v, but Parse(%q) = %#v, %v", s, d, d.String(), back, ok)
		}
	})
}
