// Package residentid recognises 公民身份号码, the resident identity
// numbers of GB 11643-1999, so that none is ever published: neither typed
// into a credit-code column nor inside free text.
package residentid

import (
	"time"

	"creditsite/internal/division"
)

// weights are GB 11643-1999's ISO 7064 MOD 11-2 weights for positions 1–17.
var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkChars maps the weighted sum mod 11 to the 18th character.
const checkChars = "10X98765432"

// Check returns the 18th (check) character for the first 17 digits of a
// number, or 0 when body is not 17 ASCII digits.
func Check(body string) byte {
	if len(body) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := body[i]
		if c < '0' || c > '9' {
			return 0
		}
		sum += int(c-'0') * weights[i]
	}
	return checkChars[sum%11]
}

// Valid reports whether s is an 18-character resident identity number
// that passes every check of GB 11643-1999: a GB/T 2260 province prefix,
// a birth date from 1900-01-01 to today, and the MOD 11-2 check character
// (digit or upper-case X).
func Valid(s string) bool {
	return len(s) == 18 && Plausible(s) && Check(s[:17]) == s[17]
}

// Plausible reports whether s has the shape of a resident identity number
// whether or not its check character is right (a mistyped number is still
// personal data): 18 characters (17 digits and a digit or X/x) with the
// birth date in positions 7–14, or the first-generation 15 digits with a
// six-digit birth date (YYMMDD, 19YY) in positions 7–12; both begin with
// a GB/T 2260 province code.
func Plausible(s string) bool {
	switch len(s) {
	case 18:
		last := s[17]
		return digits(s[:17]) && (last >= '0' && last <= '9' || last == 'X' || last == 'x') &&
			division.Valid(s[:6]) && birthDate(s[6:10], s[10:12], s[12:14])
	case 15:
		return digits(s) && division.Valid(s[:6]) && birthDate("19"+s[6:8], s[8:10], s[10:12])
	}
	return false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// birthDate reports whether the digit strings form a real date between
// 1900-01-01 and today.
func birthDate(y, m, d string) bool {
	year, month, day := atoi(y), atoi(m), atoi(d)
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	return year >= 1900 && t.Year() == year && int(t.Month()) == month && t.Day() == day && !t.After(time.Now())
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
