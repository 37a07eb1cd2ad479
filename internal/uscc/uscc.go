// Package uscc validates and completes 统一社会信用代码 (unified social credit
// codes) and tells staff, in one Chinese sentence, why a value is not one.
//
// A code is valid when it has the structure of GB 32100-2015 (with its
// amendment No. 1, GB 32100-2015/XG1-2016): 18 characters of the code
// alphabet (digits and upper-case letters without I, O, S, V, Z); positions
// 1–2 a registration-authority and organisation-category pair; positions 3–8
// the GB/T 2260 administrative-division code of the registering authority;
// positions 9–17 the organisation code of GB 11714-1997, whose 9th character
// is its own MOD 11 check; and position 18 the MOD 31 check of GB 32100
// (after GB/T 17710).
//
// Two kinds of value pass the checksums or look like codes yet must never be
// published: resident identity numbers of GB 11643-1999 (personal data) and
// codes Excel stored as numbers (digits lost, see excelDamaged).
package uscc

import (
	"fmt"
	"strings"

	"creditsite/internal/division"
	"creditsite/internal/residentid"
)

// alphabet is GB 32100's 31-character set; a character's value is its index.
const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// weights are 3^(i-1) mod 31 for positions 1–17.
var weights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are GB 11714's weights for the 8 body characters.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// registrations are the pairs allowed in positions 1–2: registration
// authority (登记管理部门代码) and organisation category (机构类别代码).
// The first 36 are the table of GB 32100-2015 as amended by XG1-2016 (both
// published by 全国组织机构统一社会信用代码数据服务中心, cods.org.cn).
// The last 4 were allocated after the amendment, to organisations that got
// codes later, and are not in the standard's text; they are accepted
// because several independent bank account-opening and validation tables
// list them, and refusing a genuine code loses a record while an extra pair
// still needs both checksums to pass.
var registrations = map[string]bool{
	// 1 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
	"11": true, "12": true, "13": true, "19": true,
	// 2 外交: 外国常驻新闻机构, 其他
	"21": true, "29": true,
	// 3 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
	"31": true, "32": true, "33": true, "34": true, "35": true, "39": true,
	// 4 文化: 外国在华文化中心, 其他
	"41": true, "49": true,
	// 5 民政: 社会团体, 民办非企业单位, 基金会, 其他
	"51": true, "52": true, "53": true, "59": true,
	// 6 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地（大陆）代表机构, 其他
	"61": true, "62": true, "69": true,
	// 7 宗教: 宗教活动场所, 宗教院校, 其他
	"71": true, "72": true, "79": true,
	// 8 工会: 基层工会, 其他
	"81": true, "89": true,
	// 9 工商: 企业, 个体工商户, 农民专业合作社 (no 其他)
	"91": true, "92": true, "93": true,
	// A 中央军委改革和编制办公室: 军队事业单位, 其他
	"A1": true, "A9": true,
	// N 农业: 组级, 村级, 乡镇级集体经济组织, 其他
	"N1": true, "N2": true, "N3": true, "N9": true,
	// Y 其他 (one category)
	"Y1": true,

	// After the standard: 民政 村民委员会 and 居民委员会 (基层群众性自治组织
	// 特别法人, 民法总则 2017 art. 101), 公安 境外非政府组织代表机构 (境外非政府
	// 组织境内活动管理法 2017), 住房城乡建设 业主大会.
	"54": true, "55": true, "G1": true, "J1": true,
}

// Kind says which rule a value broke, so callers can act on it.
type Kind int

// The kinds. Validate tests the first six in this order, position by
// position; a resident ID or a number in scientific notation is reported
// as such whatever else is wrong with it.
const (
	KindLength       Kind = iota + 1 // not 18 characters
	KindCharset                      // a character outside the GB 32100 alphabet
	KindRegistration                 // positions 1–2 are no registration pair
	KindDivision                     // positions 3–8 are no GB/T 2260 code
	KindOrgCheck                     // positions 9–17 fail GB 11714's check
	KindCheck                        // position 18 fails GB 32100's check
	KindResidentID                   // a GB 11643 resident identity number
	KindExcelNumber                  // Excel stored the code as a number
)

// Error describes why a value is not a valid code. Msg is one Chinese
// sentence for staff; for KindResidentID it shows only the first four
// characters, since the value is personal data.
type Error struct {
	Kind Kind
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// verify is the advice for a value that is a mistyped code: only the
// register or the enterprise knows the right one, and changing characters
// until the checks pass fabricates a valid but wrong code.
const verify = "请向企业或在国家企业信用信息公示系统核实后重新填写"

// excelAdvice is the advice for a code Excel damaged: the lost digits
// cannot be recovered from the file.
const excelAdvice = "请向企业（营业执照）或在国家企业信用信息公示系统查得原代码，把该列设为“文本”格式后重新填写"

// Validate reports whether code (already normalised: trimmed, ASCII,
// upper-case) is a valid credit code; if not, the error is an *Error.
func Validate(code string) error {
	if residentid.Valid(code) {
		return residentID(code)
	}
	if digits, exp, ok := scientific(code); ok {
		if n := exp + 1; n >= len(digits) && n <= 18 && residentid.Plausible(digits+strings.Repeat("0", n-len(digits))) {
			return residentID(code)
		}
		return &Error{KindExcelNumber, fmt.Sprintf("统一社会信用代码“%s”已被Excel当成数字保存，部分数字已丢失，%s", code, excelAdvice)}
	}
	if err := validate(code); err != nil {
		if residentid.Plausible(code) {
			// A resident ID with a wrong check character or Excel's zeros
			// is still personal data: the message must not repeat it.
			return residentID(code)
		}
		return err
	}
	return nil
}

// validate applies GB 32100's rules in the order of the positions.
func validate(code string) *Error {
	runes := []rune(code)
	if len(runes) != 18 {
		return &Error{KindLength, fmt.Sprintf("统一社会信用代码“%s”应为18位，实为%d位", code, len(runes))}
	}
	for i, r := range runes {
		if r > 0x7f || strings.IndexByte(alphabet, byte(r)) < 0 {
			return &Error{KindCharset, fmt.Sprintf("统一社会信用代码“%s”第%d位“%c”不是有效字符（不使用I、O、S、V、Z）", code, i+1, r)}
		}
	}
	// From here code is 18 ASCII bytes.
	if !registrations[code[:2]] {
		return &Error{KindRegistration, fmt.Sprintf("统一社会信用代码“%s”前两位“%s”不是登记管理部门和机构类别代码，%s", code, code[:2], verify)}
	}
	if d := code[2:8]; !division.Valid(d) && d != "100000" {
		return &Error{KindDivision, fmt.Sprintf("统一社会信用代码“%s”第3至8位“%s”不是行政区划代码，%s", code, d, verify)}
	}
	orgOK := orgCheck(code[8:16]) == code[16]
	if orgOK && Check(code[:17]) == code[17] {
		return nil
	}
	if excelDamaged(code) {
		return &Error{KindExcelNumber, fmt.Sprintf("统一社会信用代码“%s”疑被Excel当成数字保存，第16至18位已变成0，%s", code, excelAdvice)}
	}
	// Neither message names the expected check character: staff given one
	// change the last character and publish a valid but wrong code.
	if !orgOK {
		return &Error{KindOrgCheck, fmt.Sprintf("统一社会信用代码“%s”第9至17位（组织机构代码）未通过校验，至少有一位抄错，%s，不要只改第17、18位", code, verify)}
	}
	return &Error{KindCheck, fmt.Sprintf("统一社会信用代码“%s”未通过校验，至少有一位抄错，%s，不要只改最后一位", code, verify)}
}

// excelDamaged reports whether an 18-character code that fails a checksum
// looks like the number Excel made of it. Excel keeps 15 significant
// digits, so an 18-digit code typed into a number cell comes back with
// digits 16–18 set to 0. Excel also drops leading zeros, but no code
// starts with 0 (no registration authority is 0), so a shortened 17-digit
// variant does not occur.
func excelDamaged(code string) bool {
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return strings.HasSuffix(code, "000")
}

// scientific parses the scientific notation Excel (and WPS) write for a
// number too wide for its cell, "9.14205E+17", or pandas after
// upper-casing, "9.14205001648089E+17": it returns the mantissa's digits
// ("914205") and the exponent (17). No code has a '.' or '+', so the form
// is never a code; even a code with letters becomes one when its only
// letter is an E with at most 3 digits after it ("914205007446141E79"
// shows as "9.14205E+93"). Exponents have at most 3 digits (doubles end
// near 1E+308).
func scientific(s string) (digits string, exp int, ok bool) {
	mant, e, found := strings.Cut(s, "E+")
	if !found || len(e) == 0 || len(e) > 3 || len(mant) == 0 || len(mant) == 2 {
		return "", 0, false
	}
	for i := 0; i < len(e); i++ {
		if e[i] < '0' || e[i] > '9' {
			return "", 0, false
		}
		exp = exp*10 + int(e[i]-'0')
	}
	// One digit, then optionally '.' and more digits.
	if len(mant) > 1 && mant[1] != '.' {
		return "", 0, false
	}
	digits = mant[:1]
	if len(mant) > 2 {
		digits += mant[2:]
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return "", 0, false
		}
	}
	return digits, exp, true
}

// residentID is the error for a resident identity number. It shows the
// first four characters (province and prefecture, not personal) so staff
// can find the row, and masks the rest.
func residentID(s string) *Error {
	return &Error{KindResidentID, fmt.Sprintf("统一社会信用代码一栏的“%s%s”疑似身份证号（个人信息，不得公布），%s", s[:4], strings.Repeat("*", len(s)-4), verify)}
}

// Check returns the 18th (check) character of GB 32100 for the first 17
// characters of a code. It panics if body is shorter than 17 characters:
// callers validate input first or generate it.
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

// Complete returns a code from a 16-character prefix (registration
// authority, category, region code and the 8-character organisation body)
// by appending both check characters. Used by the sample data generators.
func Complete(prefix16 string) string {
	withOrg := prefix16 + string(orgCheck(prefix16[8:16]))
	return withOrg + string(Check(withOrg))
}
