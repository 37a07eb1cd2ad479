package uscc

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"creditsite/internal/division"
	"creditsite/internal/residentid"
)

// kindOf returns the Kind of Validate's error, or 0 when code is valid.
func kindOf(t *testing.T, code string) (Kind, string) {
	t.Helper()
	err := Validate(code)
	if err == nil {
		return 0, ""
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Validate(%q) = %T, want *Error", code, err)
	}
	return e.Kind, e.Msg
}

func TestValidateRealCodes(t *testing.T) {
	for _, c := range []string{"91420582MA4F4R53XQ", "91420500744614179X", "914205821827241130", "91420581MA4970RN0Q"} {
		if err := Validate(c); err != nil {
			t.Errorf("Validate(%s) = %v, want nil", c, err)
		}
	}
}

func TestValidateKinds(t *testing.T) {
	for _, tc := range []struct {
		code string
		want Kind
	}{
		{"91420500870TF54J70", KindCheck},
		{"91420582MA4F4R53XR", KindCheck},
		{"91420582MA4F4R53X", KindLength},
		{"91420582MA4F4R53XQ1", KindLength},
		{"", KindLength},
		{"91420582MI4F4R53XQ", KindCharset},
		{"9142058２MA4F4R53XQ", KindCharset}, // full-width digit
		{"91420500744614178X", KindOrgCheck},
		{Complete("99420500MA4F4R53"), KindRegistration},
		{Complete("0142050074461417"), KindRegistration},
		{Complete("91990000MA4F4R53"), KindDivision},
		{Complete("91A20500MA4F4R53"), KindDivision},
		{Complete("91100000MA4F4R53"), 0}, // 国家级登记机关
		{"42050219780422211X", KindResidentID},
		{"124205197804220945", KindResidentID}, // fake ID that passes every code check too
		{"420502780422211", KindResidentID},    // first generation, 15 digits
		{"420502197804222110", KindResidentID}, // wrong check character
		{"420502197804222000", KindResidentID}, // through Excel
		{"914205001648089000", KindExcelNumber},
		{"9.14205E+17", KindExcelNumber},
		{"9.14205001648089E+17", KindExcelNumber},
		{"9E+17", KindExcelNumber},
		{"9.14205E+93", KindExcelNumber}, // "914205007446141E79" read as a number
		{"4.20502E+17", KindExcelNumber}, // only the division is left
		{"4.20502197804222E+17", KindResidentID},
		{"4.20502780422E+14", KindResidentID},
		{"9.E+17", KindLength},
		{"9.1E17", KindLength},
		{"9.1E+", KindLength},
		{"91.4E+17", KindLength},
	} {
		if got, msg := kindOf(t, tc.code); got != tc.want {
			t.Errorf("Validate(%q) kind %d (%s), want %d", tc.code, got, msg, tc.want)
		}
	}
}

// The messages staff read, verbatim.
func TestMessages(t *testing.T) {
	for code, want := range map[string]string{
		"91420582MA4F4R53X":    "统一社会信用代码“91420582MA4F4R53X”应为18位，实为17位",
		"91420582MI4F4R53XQ":   "统一社会信用代码“91420582MI4F4R53XQ”第10位“I”不是有效字符（不使用I、O、S、V、Z）",
		"99420500MA4F4R53XQ":   "统一社会信用代码“99420500MA4F4R53XQ”前两位“99”不是登记管理部门和机构类别代码，请向企业或在国家企业信用信息公示系统核实后重新填写",
		"91990000MA4F4R53XQ":   "统一社会信用代码“91990000MA4F4R53XQ”第3至8位“990000”不是行政区划代码，请向企业或在国家企业信用信息公示系统核实后重新填写",
		"91420500744614178X":   "统一社会信用代码“91420500744614178X”第9至17位（组织机构代码）未通过校验，至少有一位抄错，请向企业或在国家企业信用信息公示系统核实后重新填写，不要只改第17、18位",
		"91420500870TF54J70":   "统一社会信用代码“91420500870TF54J70”未通过校验，至少有一位抄错，请向企业或在国家企业信用信息公示系统核实后重新填写，不要只改最后一位",
		"42050219780422211X":   "统一社会信用代码一栏的“4205**************”疑似身份证号（个人信息，不得公布），请向企业或在国家企业信用信息公示系统核实后重新填写",
		"914205001648089000":   "统一社会信用代码“914205001648089000”疑被Excel当成数字保存，第16至18位已变成0，请向企业（营业执照）或在国家企业信用信息公示系统查得原代码，把该列设为“文本”格式后重新填写",
		"9.14205E+17":          "统一社会信用代码“9.14205E+17”已被Excel当成数字保存，部分数字已丢失，请向企业（营业执照）或在国家企业信用信息公示系统查得原代码，把该列设为“文本”格式后重新填写",
		"4.20502197804222E+17": "统一社会信用代码一栏的“4.20****************”疑似身份证号（个人信息，不得公布），请向企业或在国家企业信用信息公示系统核实后重新填写",
	} {
		if got := Validate(code); got == nil || got.Error() != want {
			t.Errorf("Validate(%s)\n got %v\nwant %s", code, got, want)
		}
	}
}

// pairs are the registration pairs the issue lists from GB 32100-2015 and
// its amendment, then the four allocated later.
var pairs = strings.Fields("11 12 13 19 21 29 31 32 33 34 35 39 41 49 51 52 53 59 61 62 69 71 72 79 81 89 91 92 93 A1 A9 N1 N2 N3 N9 Y1  54 55 G1 J1")

func TestRegistrationPairs(t *testing.T) {
	if len(registrations) != len(pairs) {
		t.Errorf("%d registration pairs, want %d", len(registrations), len(pairs))
	}
	for _, a := range alphabet {
		for _, b := range alphabet {
			pair := string(a) + string(b)
			// Division 420502 puts "02" in positions 7–8: no birth year,
			// so no code here is also a resident ID.
			code := Complete(pair + "420502MA4F4R53")
			got, msg := kindOf(t, code)
			switch {
			case slices.Contains(pairs, pair) && got != 0:
				t.Errorf("%s refused: %s", code, msg)
			case !slices.Contains(pairs, pair) && got != KindRegistration:
				t.Errorf("%s: kind %d (%s), want KindRegistration", code, got, msg)
			}
		}
	}
}

func TestDivisions(t *testing.T) {
	provinces := 0
	for n := range 100 {
		d := fmt.Sprintf("%02d0502", n)
		code := Complete("91" + d + "MA4F4R53")
		got, msg := kindOf(t, code)
		if division.Province(d) != "" {
			provinces++
			if got != 0 {
				t.Errorf("%s refused: %s", code, msg)
			}
		} else if got != KindDivision {
			t.Errorf("%s: kind %d (%s), want KindDivision", code, got, msg)
		}
	}
	if provinces != 35 {
		t.Errorf("%d provinces accepted, want 35 (34 and the 兵团's 66)", provinces)
	}
	for d, ok := range map[string]bool{"100000": true, "110000": true, "420500": true, "000000": false, "100001": false, "660000": true, "4205A0": false} {
		if got, msg := kindOf(t, Complete("91"+d+"MA4F4R53")); (got == 0) != ok || !ok && got != KindDivision {
			t.Errorf("division %s: kind %d (%s), want accepted %v", d, got, msg, ok)
		}
	}
}

// randomResidentID builds a valid 18-character resident ID; the province
// comes from the list of division, so every GB/T 2260 province occurs.
func randomResidentID(r *rand.Rand) string {
	var provinces []string
	for n := range 100 {
		if p := fmt.Sprintf("%02d", n); division.Province(p) != "" {
			provinces = append(provinces, p)
		}
	}
	born := fmt.Sprintf("%04d%02d%02d", 1900+r.IntN(120), 1+r.IntN(12), 1+r.IntN(28))
	body := fmt.Sprintf("%s%04d%s%03d", provinces[r.IntN(len(provinces))], r.IntN(10000), born, r.IntN(1000))
	return body + string(residentid.Check(body))
}

// Resident IDs, whole or as Excel left them, are refused without
// repeating them.
func TestResidentIDs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		id := randomResidentID(r)
		for _, v := range []string{
			id,
			id[:6] + id[8:17], // first generation: 15 digits, YYMMDD
			id[:17] + string("0123456789X"[r.IntN(11)]), // maybe a wrong check character
			id[:15] + "000",                  // Excel's 15 digits
			id[:1] + "." + id[1:15] + "E+17", // scientific, 15 digits
		} {
			got, msg := kindOf(t, v)
			if got != KindResidentID {
				if v != id && got == 0 {
					continue // a changed ID can be a valid code
				}
				t.Fatalf("Validate(%s) kind %d (%s), want KindResidentID", v, got, msg)
			}
			if !strings.Contains(msg, "疑似身份证号") || strings.Contains(msg, v[4:]) || strings.Contains(msg, id[4:15]) {
				t.Fatalf("message for %s: %s", v, msg)
			}
		}
	}
}

// randomCode returns a valid code. With digitsOnly, it has no letters,
// as a code that Excel can turn into a number.
func randomCode(r *rand.Rand, digitsOnly bool) string {
	chars := alphabet
	if digitsOnly {
		chars = "0123456789"
	}
	for {
		pair := pairs[r.IntN(len(pairs))]
		d := fmt.Sprintf("%02d%04d", r.IntN(100), r.IntN(10000))
		body := make([]byte, 8)
		for i := range body {
			body[i] = chars[r.IntN(len(chars))]
		}
		code := Complete(pair + d + string(body))
		if strings.Trim(code, chars) == "" && Validate(code) == nil {
			return code
		}
	}
}

func TestExcelNumbers(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	passed := 0
	for range 5000 {
		code := randomCode(r, true)
		zeroed := code[:15] + "000"
		got, msg := kindOf(t, zeroed)
		switch {
		case zeroed == code:
		case got == 0:
			passed++ // both checks still pass: nothing can tell
		case got == KindResidentID && residentid.Plausible(zeroed):
		case got != KindExcelNumber:
			t.Fatalf("Validate(%s) from %s: kind %d (%s), want KindExcelNumber", zeroed, code, got, msg)
		}
		// Excel's General format shows 6 digits, a wider column up to 15.
		for _, sci := range []string{code[:1] + "." + code[1:6] + "E+17", code[:1] + "." + code[1:15] + "E+17"} {
			if got, msg := kindOf(t, sci); got != KindExcelNumber && (got != KindResidentID || !residentid.Plausible(zeroed)) {
				t.Fatalf("Validate(%s): kind %d (%s), want KindExcelNumber", sci, got, msg)
			}
		}
	}
	// About 1 in 341 (11 × 31) zeroed codes pass both checks.
	if passed > 50 {
		t.Errorf("%d of 5000 zeroed codes valid", passed)
	}
}

// No message for a mistyped code names a character that would make it
// pass: staff would type it in and publish a valid but wrong code.
func TestOneCharacterChanged(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		code := randomCode(r, r.IntN(4) == 0)
		i := r.IntN(18)
		c := alphabet[r.IntN(len(alphabet))]
		if c == code[i] {
			continue
		}
		typo := code[:i] + string(c) + code[i+1:]
		got, msg := kindOf(t, typo)
		if got == 0 {
			t.Fatalf("%s (from %s) accepted", typo, code)
		}
		if got == KindResidentID && residentid.Plausible(typo) {
			continue
		}
		if strings.Contains(msg, "应为") || strings.Contains(msg, "“"+string(code[i])+"”") {
			t.Fatalf("message for %s (from %s) suggests a character: %s", typo, code, msg)
		}
		if got != KindRegistration && got != KindDivision && got != KindOrgCheck && got != KindCheck && got != KindExcelNumber {
			t.Fatalf("%s: kind %d (%s)", typo, got, msg)
		}
	}
}

// internal/gen (gen.go, companies) and internal/searchindex's test data
// build codes as Complete("91" + region + body) with these regions and
// bodies of the code alphabet; every such code must pass.
func TestGeneratorPrefixes(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, region := range strings.Fields("420502 420503 420504 420505 420506 420525 420526 420527 420528 420529 420581 420582 420583 420500") {
		for range 2000 {
			body := make([]byte, 8)
			for i := range body {
				body[i] = alphabet[r.IntN(len(alphabet))]
			}
			if code := Complete("91" + region + string(body)); Validate(code) != nil {
				t.Fatalf("generated %s: %v", code, Validate(code))
			}
		}
	}
}

func TestCompleteRoundTrip(t *testing.T) {
	for _, c := range []string{"91420582MA4F4R53XQ", "91420500744614179X", "914205821827241130", "91420581MA4970RN0Q"} {
		if got := Complete(c[:16]); got != c {
			t.Errorf("Complete(%s) = %s, want %s", c[:16], got, c)
		}
	}
}

func FuzzValidate(f *testing.F) {
	for _, s := range []string{"91420582MA4F4R53XQ", "", "９１４２", "42050219780422211X", "420502780422211",
		"914205001648089000", "9.14205E+17", "4.20502197804222E+17", "91100000MA4F4R53X0", "1.E+999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := Validate(s)
		if err == nil {
			if len(s) != 18 || strings.Trim(s, alphabet) != "" || !registrations[s[:2]] ||
				!division.Valid(s[2:8]) && s[2:8] != "100000" ||
				OrgCheck(s[8:16]) != s[16] || Check(s[:17]) != s[17] || residentid.Valid(s) {
				t.Fatalf("accepted invalid %q", s)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind < KindLength || e.Kind > KindExcelNumber || e.Msg == "" {
			t.Fatalf("Validate(%q) = %#v", s, err)
		}
		if e.Kind == KindResidentID && (len(s) < 15 || strings.Contains(e.Msg, s[4:])) {
			t.Fatalf("message repeats %q: %s", s, e.Msg)
		}
	})
}
