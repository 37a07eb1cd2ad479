// Package dates parses the dates staff type into Excel exports: ISO and
// slash/dot forms, 2018年12月17日, 20181217 and Excel serial numbers, plus
// the 证书有效期 forms (a date, a range, 长期).
package dates

import (
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"

	"creditsite/internal/model"
)

// Parse reads one date. Full-width digits and punctuation are accepted, as
// is a trailing time of day (Excel writes "2018/12/17 0:00" for date-time
// cells), which is ignored. ok is false unless s is a real calendar date.
func Parse(s string) (d model.Date, ok bool) {
	s = strings.TrimSpace(narrow(s))
	if i := strings.IndexByte(s, ' '); i > 0 && isTime(strings.TrimSpace(s[i+1:])) {
		s = s[:i]
	}
	if s == "" {
		return model.Date{}, false
	}
	if allDigits(s) || isSerial(s) {
		return compact(s)
	}
	return separated(s)
}

// compact reads 20181217 or an Excel serial number such as 43451 (a cell
// formatted as a number instead of a date), optionally with a fraction.
func compact(s string) (model.Date, bool) {
	if len(s) == 8 && allDigits(s) {
		return model.NewDate(atoi(s[:4]), time.Month(atoi(s[4:6])), atoi(s[6:]))
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
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

// separated reads year, month and day separated consistently by - / . or
// written as 2018年12月17日 (the 日 may be left out).
func separated(s string) (model.Date, bool) {
	var nums [3]int
	var seps [2]string
	for i := range 3 {
		j := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == 0 || j > 4 || (i > 0 && j > 2) || (i == 0 && j != 4) {
			return model.Date{}, false
		}
		nums[i], s = atoi(s[:j]), s[j:]
		if i == 2 {
			break
		}
		k := 1
		if strings.HasPrefix(s, "年") || strings.HasPrefix(s, "月") {
			k = len("年")
		}
		if len(s) < k {
			return model.Date{}, false
		}
		seps[i], s = s[:k], strings.TrimLeft(s[k:], " ")
	}
	switch {
	case seps[0] == "年" && seps[1] == "月" && (s == "" || s == "日" || s == "号"):
	case seps[0] == seps[1] && s == "" && strings.Contains("-/.", seps[0]):
	default:
		return model.Date{}, false
	}
	return model.NewDate(nums[0], time.Month(nums[1]), nums[2])
}

// Expiry reads a 证书有效期 and returns its end date. A single date is the
// end date; a range ("2018.06.07-2023.06.06", "2016-03-01至2019-02-28",
// "有效期至2023年8月16日") ends at its second date; 长期 and 永久 have no end
// (zero date, ok). ok is false when the text cannot be understood.
func Expiry(s string) (end model.Date, ok bool) {
	s = strings.TrimSpace(narrow(s))
	if IsBlank(s) {
		return model.Date{}, true
	}
	switch strings.TrimSuffix(s, "有效") {
	case "长期", "永久":
		return model.Date{}, true
	}
	if d, ok := Parse(s); ok {
		return d, true
	}
	for _, sep := range []string{"至", "~", "—", "–", "到"} {
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
				return d, true
			}
		}
	}
	return model.Date{}, false
}

func rangeEnd(s string) (model.Date, bool) {
	s = strings.TrimSpace(s)
	switch strings.TrimSuffix(s, "有效") {
	case "长期", "永久", "今":
		return model.Date{}, true
	}
	return Parse(s)
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

func isSerial(s string) bool {
	i := strings.IndexByte(s, '.')
	return i > 0 && allDigits(s[:i]) && allDigits(s[i+1:]) && i < len(s)-1
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
