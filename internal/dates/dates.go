// Package dates parses the dates staff type into Excel exports: ISO and
// slash/dot forms (2018-12-17, 2018/12/17, 2018.12.17), 2018年12月17日,
// Excel's long Chinese form 二〇一八年十二月十七日, 20181217 and Excel serial
// numbers, optionally followed by a weekday (星期一, 礼拜天, (周一)) that
// must match the date; months without a day (2018-12, 2018年12月,
// 二〇一八年十二月); and the 证书有效期 forms (a date, a range, 长期).
package dates

import (
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"

	"creditsite/internal/model"
)

// Parse reads one date: 2018-12-17, 2018/12/17, 2018.12.17 (one separator
// throughout), 2018年12月17日 (日 or 号 may be left out), 二〇一八年十二月十七日,
// 20181217 or an Excel serial number such as 43451. 2018-12, 2018/12,
// 2018.12, 2018年12月 and 二〇一八年十二月 give a month-only date
// (model.Date.MonthOnly). Full-width digits and punctuation are accepted,
// as is a trailing time of day (Excel writes "2018/12/17 0:00" for
// date-time cells), which is ignored, and a weekday after the date
// (2018年12月17日星期一, 2018-12-17 周一, 2018年12月17日(礼拜一)). ok is false
// unless s is a real calendar date or month; when a weekday is given that
// is not the date's (the clerk mistyped one of them) or comes after a
// month; for 2018.1, which is also how Excel shows a number cell holding
// 2018.10; and for Chinese numerals mixed with digits.
func Parse(s string) (d model.Date, ok bool) {
	s = strings.TrimSpace(narrow(s))
	if i := strings.LastIndexByte(s, ' '); i > 0 && isTime(s[i+1:]) {
		s = strings.TrimRight(s[:i], " ")
	}
	s, wd, hasWeekday := cutWeekday(s)
	switch {
	case s == "":
		return model.Date{}, false
	case allDigits(s) || isSerial(s):
		d, ok = compact(s)
	case s[0] >= '0' && s[0] <= '9':
		d, ok = separated(s)
	default:
		d, ok = chinese(s)
	}
	if !ok || hasWeekday && (d.MonthOnly() || d.Time().Weekday() != wd) {
		return model.Date{}, false
	}
	return d, true
}

// compact reads 20181217 or an Excel serial number such as 43451 (a cell
// formatted as a number instead of a date), optionally with a fraction.
func compact(s string) (model.Date, bool) {
	if len(s) == 8 && allDigits(s) {
		return model.NewDate(atoi(s[:4]), time.Month(atoi(s[4:6])), atoi(s[6:]))
	}
	s, _, _ = strings.Cut(s, ".")
	if len(s) != 5 { // 10000–99999 is 1927–2173; shorter numbers are more likely typos than dates
		return model.Date{}, false
	}
	return FromSerial(atoi(s))
}

// FromSerial converts an Excel serial day number in the 1900 date system.
// Excel counts 1900-02-29, which does not exist (serial 60), so serials
// from 61 on are one day ahead of a plain count from 1899-12-31.
func FromSerial(n int) (model.Date, bool) {
	if n < 1 || n == 60 || n > 2958465 {
		return model.Date{}, false
	}
	base := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	if n > 60 {
		base = base.AddDate(0, 0, -1)
	}
	t := base.AddDate(0, 0, n)
	return model.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, true
}

// separated reads a year, a month and an optional day separated
// consistently by - / . or written as 2018年12月17日 (日 or 号 may be left
// out); without a day it is a month-only date.
func separated(s string) (model.Date, bool) {
	if len(s) < 4 || !allDigits(s[:4]) {
		return model.Date{}, false
	}
	y, s := atoi(s[:4]), s[4:]
	var sep string
	switch {
	case strings.HasPrefix(s, "年"):
		sep = "年"
	case s != "" && strings.IndexByte("-/.", s[0]) >= 0:
		sep = s[:1]
	default:
		return model.Date{}, false
	}
	s = strings.TrimLeft(s[len(sep):], " ")
	n := leadingDigits(s)
	if n == 0 || n > 2 {
		return model.Date{}, false
	}
	m, s := atoi(s[:n]), s[n:]
	var ok bool
	if sep == "年" {
		if s, ok = strings.CutPrefix(s, "月"); !ok {
			return model.Date{}, false
		}
		if s = strings.TrimLeft(s, " "); s == "" {
			return model.NewMonth(y, time.Month(m))
		}
		s = trimDaySuffix(s)
	} else {
		if s == "" {
			if sep == "." && n == 1 && m == 1 {
				// Ambiguous: Excel shows a number cell holding 2018.10
				// (October) as 2018.1.
				return model.Date{}, false
			}
			return model.NewMonth(y, time.Month(m))
		}
		if s, ok = strings.CutPrefix(s, sep); !ok {
			return model.Date{}, false
		}
		s = strings.TrimLeft(s, " ")
	}
	if n = leadingDigits(s); n == 0 || n > 2 || n != len(s) {
		return model.Date{}, false
	}
	return model.NewDate(y, time.Month(m), atoi(s))
}

// chinese reads the long date forms of Chinese Excel, 二〇一八年十二月十七日
// and 二〇一八年十二月: the year digit by digit (zero as 〇, 零, ○ or O), the
// month and day as numbers (十七, 二十, 三十一). 日 or 号 may be left out, as
// in separated. Arabic digits are not mixed in (2018年十二月): no Excel
// format writes that, so it is more likely a typo than a date.
func chinese(s string) (model.Date, bool) {
	ys, s, ok := strings.Cut(s, "年")
	if !ok || utf8.RuneCountInString(ys) != 4 {
		return model.Date{}, false
	}
	y := 0
	for _, r := range ys {
		n, ok := chineseDigits[r]
		if !ok {
			return model.Date{}, false
		}
		y = y*10 + n
	}
	ms, s, ok := strings.Cut(strings.TrimLeft(s, " "), "月")
	if !ok {
		return model.Date{}, false
	}
	m := chineseNumber(ms)
	if ms == "元" { // 元月 is January in official writing (not 正月, a lunar month)
		m = 1
	}
	if m == 0 {
		return model.Date{}, false
	}
	if s = strings.TrimLeft(s, " "); s == "" {
		return model.NewMonth(y, time.Month(m))
	}
	d := chineseNumber(trimDaySuffix(s))
	if d == 0 {
		return model.Date{}, false
	}
	return model.NewDate(y, time.Month(m), d)
}

// chineseDigits are the digits of a year such as 二〇一八. ○ (U+25CB)
// arrives as U+FFEE, the half-width form narrow folds it to.
var chineseDigits = map[rune]int{
	'〇': 0, '零': 0, '\uFFEE': 0, 'O': 0,
	'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

// chineseNumber reads a month or day written 一 to 九, 十, 十一 to 十九 or
// 二十 to 九十九 (the caller checks the range), or returns 0. Zeros never
// appear in these numbers, and 一十 is not how dates are written.
func chineseNumber(s string) int {
	tens, units, found := strings.Cut(s, "十")
	if !found {
		return nonzeroDigit(s)
	}
	t := 1
	if tens != "" {
		if t = nonzeroDigit(tens); t < 2 {
			return 0
		}
	}
	if units == "" {
		return t * 10
	}
	if u := nonzeroDigit(units); u > 0 {
		return t*10 + u
	}
	return 0
}

// nonzeroDigit returns the value of s if it is a single Chinese digit
// 一 to 九, or 0.
func nonzeroDigit(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if n != len(s) {
		return 0
	}
	return chineseDigits[r] // 0 for a zero form or any other rune
}

// trimDaySuffix removes one 日 or 号 from the end of s.
func trimDaySuffix(s string) string {
	if t, ok := strings.CutSuffix(s, "日"); ok {
		return t
	}
	return strings.TrimSuffix(s, "号")
}

var weekdays = map[rune]time.Weekday{
	'日': time.Sunday, '天': time.Sunday, '一': time.Monday, '二': time.Tuesday,
	'三': time.Wednesday, '四': time.Thursday, '五': time.Friday, '六': time.Saturday,
}

// cutWeekday splits a trailing weekday (星期一, 礼拜天, 周日, …) off s, as
// Excel's aaaa format writes it after a date: directly, after spaces or in
// brackets. Without one, s is returned as it is.
func cutWeekday(s string) (date string, wd time.Weekday, ok bool) {
	t, bracketed := strings.CutSuffix(s, ")")
	r, n := utf8.DecodeLastRuneInString(t)
	wd, ok = weekdays[r]
	if !ok {
		return s, 0, false
	}
	t = t[:len(t)-n]
	for _, prefix := range []string{"星期", "礼拜", "周"} {
		rest, found := strings.CutSuffix(t, prefix)
		if !found {
			continue
		}
		rest, open := strings.CutSuffix(rest, "(")
		if open != bracketed {
			break
		}
		return strings.TrimRight(rest, " "), wd, true
	}
	return s, 0, false
}

// Expiry reads a 证书有效期 and returns its end date. A single date is the
// end date; a range ("2018.06.07-2023.06.06", "2016-03-01至2019-02-28",
// "有效期至2023年8月16日") ends at its second date; 长期 and 永久 have no end
// (zero date, ok). An end of month precision ("2023年6月", "2018.06-2023.06",
// "至2023年6月") is the last day of that month, so end is always a full date
// or zero. ok is false when the text cannot be understood.
func Expiry(s string) (end model.Date, ok bool) {
	s = strings.TrimSpace(narrow(s))
	if IsBlank(s) {
		return model.Date{}, true
	}
	if forever(s) {
		return model.Date{}, true
	}
	if d, ok := Parse(s); ok {
		return throughMonth(d), true
	}
	for _, sep := range rangeSeps {
		if i := strings.LastIndex(s, sep); i >= 0 {
			return rangeEnd(s[i+len(sep):])
		}
	}
	// "2018.06.07-2023.06.06": the dash also appears inside ISO dates, so
	// try every dash until both halves are dates.
	for i := 0; i < len(s); i++ {
		if s[i] != '-' {
			continue
		}
		if _, ok := Parse(s[:i]); ok {
			if d, ok := Parse(s[i+1:]); ok {
				return throughMonth(d), true
			}
		}
	}
	return model.Date{}, false
}

// Validity reads a 证书有效期 whole, for showing it in one form: a range
// ("2019年3月5日至2024年3月4日", "2018.11.20-2023.11.19", "自2016年3月1日起至
// 2019年2月28日", "2020-01-01至长期") gives its start and end as written (either
// may be month-only); a single date or "有效期至2023年8月16日" an end without a
// start; 长期 and 永久 (with or without 有效) Forever. ok is false when any part
// of s is not understood, such as a start that is no date or an end of 至今:
// such text is shown as written. Expiry, not this, decides whether a
// certificate has expired.
func Validity(s string) (p model.Period, ok bool) {
	s = strings.TrimSpace(narrow(s))
	for _, w := range []string{"有效期限", "有效期"} {
		if t, found := strings.CutPrefix(s, w); found {
			s = strings.TrimLeft(t, ": ")
			break
		}
	}
	if IsBlank(s) {
		return model.Period{}, false
	}
	if forever(s) {
		return model.Period{Forever: true}, true
	}
	if d, ok := Parse(s); ok {
		return model.Period{To: d}, true
	}
	for _, sep := range rangeSeps {
		if i := strings.LastIndex(s, sep); i >= 0 {
			return period(s[:i], s[i+len(sep):])
		}
	}
	for i := 0; i < len(s); i++ { // 2018.11.20-2023.11.19: see Expiry
		if s[i] == '-' {
			if p, ok := period(s[:i], s[i+1:]); ok && !p.From.IsZero() {
				return p, true
			}
		}
	}
	return model.Period{}, false
}

// period reads the two halves of a range: a start (empty, or a date with
// 自 before or 起 after it) and an end (a date, 长期 or 永久).
func period(from, to string) (p model.Period, ok bool) {
	from = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(from), "自")), "起"))
	if from != "" {
		if p.From, ok = Parse(from); !ok {
			return model.Period{}, false
		}
	}
	to = strings.TrimSpace(to)
	if forever(to) {
		p.Forever = true
		return p, true
	}
	if p.To, ok = Parse(to); !ok {
		return model.Period{}, false
	}
	return p, true
}

// forever reports 长期 or 永久, with or without 有效 after it.
func forever(s string) bool {
	switch strings.TrimSuffix(s, "有效") {
	case "长期", "永久":
		return true
	}
	return false
}

// rangeSeps separate the start and the end of a 证书有效期 range, besides a
// dash between two dates.
var rangeSeps = []string{"至", "~", "—", "–", "到"}

func rangeEnd(s string) (model.Date, bool) {
	s = strings.TrimSpace(s)
	if forever(s) || s == "今" {
		return model.Date{}, true
	}
	d, ok := Parse(s)
	return throughMonth(d), ok
}

// throughMonth turns a month-only end into the month's last day: a
// certificate valid "to June 2023" is valid all of June.
func throughMonth(d model.Date) model.Date {
	if !d.MonthOnly() {
		return d
	}
	t := time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC) // day 0: the day before the 1st
	return model.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// IsBlank reports whether s says "no date": empty, or a placeholder such
// as —, -, / or 无 that Excel users type into cells that do not apply.
func IsBlank(s string) bool {
	s = strings.TrimSpace(s)
	if s == "无" {
		return true
	}
	return strings.Trim(s, "-—–－/／ ") == ""
}

// narrow folds full-width characters to ASCII; most cells are ASCII
// already and are returned as they are.
func narrow(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return width.Narrow.String(s)
		}
	}
	return s
}

func isTime(s string) bool {
	colons := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ':':
			colons++
		case c < '0' || c > '9':
			return false
		}
	}
	return colons >= 1 && colons <= 2
}

// isSerial reports a five-digit serial with a fraction (a date-time cell
// formatted as a number), such as 43451.75; 2018.12 is a month instead.
func isSerial(s string) bool {
	i := strings.IndexByte(s, '.')
	return i == 5 && allDigits(s[:i]) && allDigits(s[i+1:])
}

// leadingDigits counts the ASCII digits at the start of s.
func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi converts a short run of ASCII digits (callers check the length).
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
