package privacy

import "strings"

// findEmails appends the e-mail addresses in s: a local part of letters,
// digits and ._%+-, an at sign ('@' or the '＠' of Chinese input
// methods), and a domain of two labels or more whose last begins with
// two letters (163.com, hbcredit.gov.cn; the dot may be typed '．' or
// '。'). An @ without such a domain (@某单位) is no address.
func findEmails(ms []Match, s string) []Match {
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], "@＠")
		if j < 0 {
			break
		}
		at := i + j
		_, w := next(s, at)
		start, end := localStart(s, at), domainEnd(s, at+w)
		if start < at && end > at+w {
			ms = append(ms, Match{Email, start, end})
			i = end
		} else {
			i = at + w
		}
	}
	return ms
}

func isLocalChar(r rune) bool {
	return isLetter(r) || isDigit(r) || strings.ContainsRune("._%+-", r)
}

// localStart returns where the local part ending at the at sign begins;
// at itself when there is none.
func localStart(s string, at int) int {
	p := at
	for r, n := prev(s, p); isLocalChar(r); r, n = prev(s, p) {
		p -= n
	}
	for r, n := next(s, p); p < at && r == '.'; r, n = next(s, p) {
		p += n // a local part does not begin with a dot
	}
	return p
}

// domainEnd returns where the domain beginning at p ends: after the
// leading letters of its last label; p when there is none.
func domainEnd(s string, p int) int {
	end, labels := p, 0
	for q := p; ; {
		start := q
		for r, n := next(s, q); isLetter(r) || isDigit(r) || r == '-'; r, n = next(s, q) {
			q += n
		}
		if q == start {
			return end
		}
		if labels++; labels >= 2 {
			if w := leadingLetters(s[start:q]); w > 0 {
				end = start + w
			}
		}
		r, n := next(s, q)
		if r2, _ := next(s, q+n); r != '.' && r != '。' || !isLetter(r2) && !isDigit(r2) {
			return end
		}
		q += n
	}
}

// leadingLetters returns the byte length of the letters label begins
// with, when there are two or more (a top-level domain: com, cn); else 0.
func leadingLetters(label string) int {
	w, count := 0, 0
	for r, n := next(label, 0); isLetter(r); r, n = next(label, w) {
		w += n
		count++
	}
	if count < 2 {
		return 0
	}
	return w
}
