// Package uscc validates and completes 统一社会信用代码 (unified social credit
// codes) as defined by GB 32100-2015, including the GB 11714 organisation
// code embedded in positions 9–17.
package uscc

import (
	"fmt"
	"strings"
)

// alphabet is GB 32100's 31-character set; a character's value is its index.
const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// weights are 3^(i-1) mod 31 for positions 1–17.
var weights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are GB 11714's weights for the 8 body characters.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// Error describes why a code is invalid, in words staff can act on.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// Validate reports whether code (already normalised: trimmed, ASCII,
// upper-case) is a valid 18-character credit code.
func Validate(code string) error {
	if n := len([]rune(code)); n != 18 {
		return &Error{fmt.Sprintf("统一社会信用代码“%s”应为18位，实为%d位", code, n)}
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(alphabet, code[i]) < 0 {
			return &Error{fmt.Sprintf("统一社会信用代码“%s”第%d位“%c”不是有效字符（不使用I、O、S、V、Z）", code, i+1, code[i])}
		}
	}
	if want := orgCheck(code[8:16]); want != 0 && code[16] != want {
		return &Error{fmt.Sprintf("统一社会信用代码“%s”中的组织机构代码校验位应为“%c”，实为“%c”", code, want, code[16])}
	}
	if want := Check(code[:17]); code[17] != want {
		return &Error{fmt.Sprintf("统一社会信用代码“%s”校验位应为“%c”，实为“%c”", code, want, code[17])}
	}
	return nil
}

// Check returns the 18th (check) character for the first 17 characters of
// a code. It panics if body is not 17 characters of the alphabet: callers
// validate input first or generate it.
func Check(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(alphabet, body[i]) * weights[i]
	}
	return alphabet[(31-sum%31)%31]
}

// OrgCheck returns the GB 11714 check character for an 8-character
// organisation code body, or 0 if the body has characters GB 11714 does
// not allow (digits and letters only; A=10 … Z=35).
func OrgCheck(body string) byte { return orgCheck(body) }

func orgCheck(body string) byte {
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return 0
		}
		sum += v * orgWeights[i]
	}
	switch r := 11 - sum%11; r {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + r)
	}
}

// Complete returns a valid code from a 16-character prefix (registration
// authority, category, region code and the 8-character organisation body)
// by appending both check characters. Used by the sample data generator.
func Complete(prefix16 string) string {
	withOrg := prefix16 + string(orgCheck(prefix16[8:16]))
	return withOrg + string(Check(withOrg))
}
