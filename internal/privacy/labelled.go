package privacy

import (
	"regexp"
	"strings"
)

// labelledRE finds what follows a label that says it is personal: after
// 身份证、证件、手机、电话、微信、QQ … any run of five or more digits
// (ASCII, full-width or Chinese numerals, with letters and separators
// as people type them: 139.1234.0000, 1391 234 0000, H12345678,
// 一三九一二三四〇〇〇〇) of at least minDigits digits, whatever its
// shape (service numbers such as 12345 are shorter); after 联系人 a name.
// The shapes the other finders check are not needed here: the label
// already says what the text is.
var labelledRE = regexp.MustCompile(`(?i)(?:(?:身份证|证件|护照|通行证|手机|电话|座机|传真|微信)|(?:^|[^a-z])(?:wechat|weixin|qq|tel|phone|mobile))` +
	`(?:号码|号)?\s*(?:[:：]|是|为)?\s*([0-9０-９A-Za-z〇○零一二三四五六七八九.．\-－—_ ]{7,})` +
	`|联系人\s*(?:[:：]|是|为)?\s*(\p{Han}{2,4})`)

// looseEmail finds addresses written around spam filters: li4 @ 163.com,
// li4(at)163.com.
var looseEmail = regexp.MustCompile(`(?i)[a-z0-9._%+-]+\s*(?:@|＠|\(at\)|（at）|\[at\])\s*[a-z0-9-]+(?:\s*[.．。]\s*[a-z0-9-]+)*\s*[.．。]\s*[a-z]{2,}`)

// labelHints are the labels and at-signs the expressions start from, to
// pass over most cells without running them (ASCII ones in lower case,
// compared without regard to case).
var labelHints = []string{"身份证", "证件", "通行证", "护照", "手机", "电话", "座机", "传真", "微信", "联系人", "＠", "@",
	"tel", "qq", "phone", "mobile", "wechat", "weixin", "(at)", "（at）", "[at]"}

func findLabelled(ms []Match, s string) []Match {
	if !hasHint(s) {
		return ms
	}
	if !labelledRE.MatchString(s) && !looseEmail.MatchString(s) {
		return ms // no allocation for the cells that have none
	}
	found := len(ms)
	add := func(m Match) {
		for _, o := range ms[:found] { // what the shape finders found stays as they found it
			if m.Start < o.End && o.Start < m.End {
				return
			}
		}
		ms = append(ms, m)
	}
	for _, loc := range labelledRE.FindAllStringSubmatchIndex(s, -1) {
		switch {
		case loc[2] >= 0 && digitCount(s[loc[2]:loc[3]]) >= minDigits:
			add(Match{Contact, loc[2], loc[3]})
		case loc[4] >= 0:
			add(Match{Contact, loc[4], loc[5]})
		}
	}
	for _, loc := range looseEmail.FindAllStringIndex(s, -1) {
		add(Match{Email, loc[0], loc[1]})
	}
	return ms
}

func hasHint(s string) bool {
	for _, h := range labelHints {
		if containsFold(s, h) {
			return true
		}
	}
	return false
}

// containsFold is strings.Contains ignoring ASCII case, without
// allocating: it only compares where sub's first byte, in either case,
// occurs.
func containsFold(s, sub string) bool {
	if !isLetter(rune(sub[0])) {
		return strings.Contains(s, sub)
	}
	for _, first := range [2]byte{sub[0], sub[0] ^ 0x20} {
		for i := 0; ; {
			j := strings.IndexByte(s[i:], first)
			if j < 0 {
				break
			}
			i += j
			if i+len(sub) <= len(s) && strings.EqualFold(s[i:i+len(sub)], sub) {
				return true
			}
			i++
		}
	}
	return false
}

// digitCount counts ASCII, full-width and Chinese-numeral digits.
func digitCount(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= '０' && r <= '９' || strings.ContainsRune("〇○零一二三四五六七八九", r) {
			n++
		}
	}
	return n
}
