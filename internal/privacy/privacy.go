// Package privacy finds personal data in the free text that counties
// publish, so that none of it reaches the portal (issue 14, item 5):
// resident identity numbers, mobile and landline numbers, e-mail
// addresses, and whatever the configuration's privatePatterns add.
//
// The 2018 notice's tables are published verbatim, and their free-text
// cells (企业名称, 法定代表人, 信用承诺事项, 其他补充公示信息, the names of
// certificates and reports, the 填报单位 line) are typed by hand: now and
// then a legal representative's identity number or a contact's mobile
// number ends up in them. Under 《个人信息保护法》 these are personal
// information (information about an identified or identifiable natural
// person, Art. 4), and a credit disclosure is no ground for publishing
// them.
//
// Detection is tuned to miss nothing of those shapes while leaving alone
// the numbers such texts are full of: credit codes, certificate and
// report numbers, dates, years, amounts and standard numbers. Identity
// numbers are recognised by the structure GB 11643-1999 gives them
// (package residentid), mobile numbers by the mainland's 1[3-9] prefixes,
// landlines by their long-distance area code.
package privacy

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Kind is the kind of personal data a Match is.
type Kind uint8

const (
	ResidentID Kind = iota + 1 // 公民身份号码 (GB 11643), 18 or 15 characters
	Mobile                     // mainland mobile number
	Landline                   // fixed-line number with its area code, or labelled as a telephone
	Email                      // e-mail address
	Custom                     // a configured privatePatterns expression
	Contact                    // a number or name after a label such as 身份证、手机、微信、联系人
)

var kindNames = [...]string{
	ResidentID: "身份证号",
	Mobile:     "手机号码",
	Landline:   "固定电话",
	Email:      "电子邮箱",
	Custom:     "自定义敏感信息",
	Contact:    "证件号码或联系方式",
}

// String returns the Chinese name used in messages to counties.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Match is one piece of personal data: s[Start:End] of the text searched.
type Match struct {
	Kind       Kind
	Start, End int // byte offsets
}

// Detector finds personal data in text. The zero Detector finds the
// built-in kinds; New adds configured patterns. It is safe for
// concurrent use.
type Detector struct {
	custom *regexp.Regexp // the configured patterns as one alternation; nil if none
}

// New returns a Detector that also finds the regular expressions extra
// (the configuration's privatePatterns, in Go's RE2 syntax). The error, in
// Chinese, names the first pattern that does not compile or that matches
// empty text.
func New(extra []string) (*Detector, error) {
	if len(extra) == 0 {
		return &Detector{}, nil
	}
	parts := make([]string, len(extra))
	for i, p := range extra {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("privatePatterns 第%d条“%s”不是有效的正则表达式：%v", i+1, p, err)
		}
		if re.MatchString("") {
			return nil, fmt.Errorf("privatePatterns 第%d条“%s”能匹配空文本，会把每一格都当作敏感信息", i+1, p)
		}
		parts[i] = "(?:" + p + ")"
	}
	// Each part compiled on its own, so their alternation compiles too.
	return &Detector{custom: regexp.MustCompile(strings.Join(parts, "|"))}, nil
}

// minDigits is the fewest digits any built-in number has: a labelled
// local landline (电话：6222222).
const minDigits = 7

// Find returns the personal data in s in order, without overlaps (where
// two overlap, they are reported as one), or nil when there is none.
// Text with fewer than minDigits digits and no at sign costs one pass
// over its bytes unless configured patterns must be tried.
func (d *Detector) Find(s string) []Match {
	var ms []Match
	digits, at := census(s)
	if digits >= minDigits {
		ms = findNumbers(ms, s)
	}
	if at {
		ms = findEmails(ms, s)
	}
	if d != nil && d.custom != nil {
		for _, loc := range d.custom.FindAllStringIndex(s, -1) {
			if loc[0] < loc[1] { // \b and the like match nothing
				ms = append(ms, Match{Custom, loc[0], loc[1]})
			}
		}
	}
	return disjoint(findLabelled(ms, s))
}

// census counts the digits of s (ASCII and full-width) and reports an at
// sign ('@' or '＠') in one pass over its bytes.
func census(s string) (digits int, at bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c-'0' < 10:
			digits++
		case c == '@':
			at = true
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBC:
			// U+FF10–U+FF19 (０–９) are EF BC 90–99, U+FF20 (＠) is EF BC A0.
			if t := s[i+2]; t >= 0x90 && t <= 0x99 {
				digits++
			} else if t == 0xA0 {
				at = true
			}
		}
	}
	return digits, at
}

// disjoint sorts ms and merges the matches that overlap into the first
// of them.
func disjoint(ms []Match) []Match {
	if len(ms) < 2 {
		return ms
	}
	slices.SortFunc(ms, func(a, b Match) int { return cmp.Or(a.Start-b.Start, b.End-a.End) })
	out := ms[:1]
	for _, m := range ms[1:] {
		last := &out[len(out)-1]
		if m.Start < last.End {
			last.End = max(last.End, m.End)
			continue
		}
		out = append(out, m)
	}
	return out
}
