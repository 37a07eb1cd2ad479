// Package division knows the administrative-division codes of GB/T 2260
// as far as creditsite needs them: the two-digit province level, which
// is the part of a six-digit code that never changes when counties and
// cities are merged or renamed.
package division

// provinces are GB/T 2260's province-level codes (省、自治区、直辖市,
// 台湾、香港、澳门).
var provinces = map[string]string{
	"11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
	"21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
	"31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
	"41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
	"50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
	"61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
	"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
	// Not a province of GB/T 2260, but the prefix under which registration
	// authorities of the 新疆生产建设兵团 issue credit codes (66xxxx).
	"66": "新疆生产建设兵团",
}

// Province returns the province-level name of a code's first two digits
// ("42…" → 湖北省), or "" when they are no GB/T 2260 province.
func Province(code string) string {
	if len(code) < 2 {
		return ""
	}
	return provinces[code[:2]]
}

// Valid reports whether code is six digits beginning with a GB/T 2260
// province code. It does not check the prefecture and county parts on
// purpose: codes of abolished or renamed counties stay in use in older
// registrations and identity numbers.
func Valid(code string) bool {
	if len(code) != 6 {
		return false
	}
	for i := 0; i < 6; i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return Province(code) != ""
}
