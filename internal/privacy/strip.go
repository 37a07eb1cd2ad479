package privacy

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// labelWords introduce personal data: 联系电话, 手机号码, 传真, 电子邮箱,
// 身份证号, Tel, E-mail …, each with the colon, "为" or "是" after it.
const labelWords = `(?:(?:联系|办公|固定|移动|值班)?(?:电话|手机|座机|固话)(?:号码|号)?` +
	`|传真(?:号码)?|联系方式|(?:电子)?(?:邮箱|邮件)(?:地址)?|电邮` +
	`|(?:公民)?身份(?:证)?(?:号码|号)?|证件号(?:码)?` +
	`|(?i:tel|phone|mobile|mob|cell|fax|e-?mail|mail)\.?)` +
	`[\s：:/、及]*(?:为|是)?[\s：:]*`

// labelsBefore matches, at the end of the text before a match, the labels
// that go with it, and a contact's name with its label before them
// (联系人：张三 电话：).
var labelsBefore = regexp.MustCompile(
	`(?:(?:联系人|填报人|经办人)[\s：:]*\p{Han}{0,4}[\s，,、；;]*)?(?:` + labelWords + `)*$`)

// Strip removes the personal data from a line that names the sender of
// a table (the 填报单位 line) and returns what is left and the matches
// Find reported in s. Each match goes together with the labels before
// it (联系电话：, 手机号, Tel: , 联系人：张三 …); separators at the cut are
// dropped, one kept where text goes on at both sides, and brackets left
// empty are dropped too:
//
//	西陵区发改局 电话13912340000        → 西陵区发改局
//	宜都市发改局（联系电话：0717-4822222） → 宜都市发改局
//	点军区发改局，手机13912340000，2018年   → 点军区发改局，2018年
func (d *Detector) Strip(s string) (string, []Match) {
	ms := d.Find(s)
	if ms == nil {
		return s, nil
	}
	cs := cuts(s, ms)
	out := s[:cs[0].start]
	for k, c := range cs {
		end := len(s)
		if k+1 < len(cs) {
			end = cs[k+1].start
		}
		out = joint(out, s[c.end:end])
	}
	return out, ms
}

// cut is a part of the text that Strip removes.
type cut struct{ start, end int }

// cuts returns the parts of s to remove for ms: each match with its
// labels, and one cut for matches with only separators between them
// (电话0717-6222222，手机13912340000).
func cuts(s string, ms []Match) []cut {
	var cs []cut
	from := 0
	for _, m := range ms {
		loc := labelsBefore.FindStringIndex(s[from:m.Start])
		start := from + loc[0]
		if n := len(cs); n > 0 && strings.TrimFunc(s[cs[n-1].end:start], isSeparator) == "" {
			cs[n-1].end = m.End
		} else {
			cs = append(cs, cut{start, m.End})
		}
		from = m.End
	}
	return cs
}

// isSeparator: what stands between the parts of a 填报单位 line.
func isSeparator(r rune) bool {
	return isSpace(r) || strings.ContainsRune("，,、；;：:/。", r)
}

var closing = map[rune]rune{'(': ')', '（': '）', '[': ']', '【': '】', '〔': '〕'}

// joint joins the text left and right of a cut: the separators at the
// cut are dropped, and the first of them kept when text goes on at both
// sides; a pair of brackets left empty is dropped as well.
func joint(l, r string) string {
	for {
		lt := strings.TrimRightFunc(l, isSeparator)
		rt := strings.TrimLeftFunc(r, isSeparator)
		open, n := utf8.DecodeLastRuneInString(lt)
		shut, m := utf8.DecodeRuneInString(rt)
		if c, ok := closing[open]; ok && c == shut {
			l, r = lt[:len(lt)-n], rt[m:]
			continue
		}
		if _, ok := closing[open]; ok || lt == "" || rt == "" || isClosing(shut) {
			return lt + rt
		}
		return lt + firstSeparator(l[len(lt):]+r[:len(r)-len(rt)]) + rt
	}
}

func isClosing(r rune) bool {
	for _, c := range closing {
		if c == r {
			return true
		}
	}
	return false
}

// firstSeparator returns the first separator in gap other than a space,
// else a space if gap has one, else "".
func firstSeparator(gap string) string {
	if i := strings.IndexFunc(gap, func(r rune) bool { return !isSpace(r) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(gap[i:])
		return string(r)
	}
	if gap != "" {
		return " "
	}
	return ""
}
