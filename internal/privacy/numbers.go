package privacy

import (
	"strings"

	"creditsite/internal/residentid"
	"creditsite/internal/uscc"
)

// A number in text is read as groups: maximal runs of digits, joined by
// what stands between them. A group is never part of a longer run of
// digits, which is what keeps the digits inside credit codes, long
// certificate numbers and amounts from being read as a phone number.
type group struct {
	start, end int    // byte offsets of the run in the text
	digits     string // in ASCII; a check character X ends an identity number
	join       join   // how the group is joined to the one before
}

type join uint8

const (
	apart join = iota // anything else: two numbers
	sep               // one space or dash: 139 1234 0000, 0717-6222222
	paren             // a closing bracket and at most one space or dash: (0717)6222222
)

// scanner finds the numbers among the groups of one text.
type scanner struct {
	s         string
	gs        []group
	lastPhone int // where the last phone number found ends; -1 before any
}

// findNumbers appends the identity, mobile and landline numbers in s.
func findNumbers(ms []Match, s string) []Match {
	var buf [16]group
	sc := scanner{s: s, gs: groups(s, buf[:0]), lastPhone: -1}
	for i := 0; i < len(sc.gs); {
		m, last, ok := sc.match(i)
		if !ok {
			i++
			continue
		}
		ms = append(ms, m)
		i = last + 1
	}
	return ms
}

// match returns the number beginning at group i and the index of its
// last group.
func (sc *scanner) match(i int) (Match, int, bool) {
	if m, last, ok := sc.residentID(i); ok {
		return m, last, true
	}
	m, last, ok := sc.mobile(i)
	if !ok {
		m, last, ok = sc.landline(i)
	}
	if !ok {
		m, last, ok = sc.local(i)
	}
	if ok {
		sc.lastPhone = m.End
	}
	return m, last, ok
}

// groups appends the groups of s to gs.
func groups(s string, gs []group) []group {
	prevEnd := -1
	for i := digitAt(s, 0); i < len(s); i = digitAt(s, i) {
		g := group{start: i}
		for r, n := next(s, i); isDigit(r); r, n = next(s, i) {
			i += n
		}
		// A check character X (or x, Ｘ) is taken when no letter or digit
		// follows it.
		if r, n := next(s, i); r == 'X' || r == 'x' {
			if r2, _ := next(s, i+n); !isLetter(r2) && !isDigit(r2) {
				i += n
			}
		}
		g.end, g.digits = i, ascii(s[g.start:i])
		if prevEnd >= 0 {
			g.join = joinOf(s[prevEnd:g.start])
		}
		gs = append(gs, g)
		prevEnd = i
	}
	return gs
}

// digitAt returns the index of the first digit of s from i on, or
// len(s). It steps through bytes: no byte of another UTF-8 character is
// an ASCII digit or the lead byte EF of a full-width digit (EF BC 90–99).
func digitAt(s string, i int) int {
	for ; i < len(s); i++ {
		if c := s[i]; c-'0' < 10 || c == 0xEF && i+2 < len(s) && s[i+1] == 0xBC && s[i+2]-0x90 < 10 {
			return i
		}
	}
	return i
}

// ascii returns a group's text in ASCII: the text itself unless it has
// full-width digits.
func ascii(t string) string {
	for i := 0; i < len(t); i++ {
		if t[i] >= 0x80 {
			var b strings.Builder
			for j := 0; j < len(t); {
				r, n := next(t, j)
				b.WriteRune(r)
				j += n
			}
			return b.String()
		}
	}
	return t
}

// joinOf classifies the text between two groups.
func joinOf(gap string) join {
	r, n := next(gap, 0)
	switch {
	case n == len(gap) && (isSpace(r) || isDash(r)):
		return sep
	case r == ')':
		if r2, n2 := next(gap, n); n == len(gap) || n+n2 == len(gap) && (isSpace(r2) || isDash(r2)) {
			return paren
		}
	}
	return apart
}

// joined reports whether group j exists and continues the one before.
func (sc *scanner) joined(j int) bool { return j < len(sc.gs) && sc.gs[j].join != apart }

// collect appends to d the digits of the groups from first on whose
// lengths are shape, each joined to the one before by a space or dash;
// ok is false if the groups there have another shape.
func (sc *scanner) collect(first int, shape []int, d []byte) (_ []byte, last int, ok bool) {
	if first+len(shape) > len(sc.gs) {
		return d, 0, false
	}
	for k, n := range shape {
		g := sc.gs[first+k]
		if len(g.digits) != n || k > 0 && g.join != sep {
			return d, 0, false
		}
		d = append(d, g.digits...)
	}
	return d, first + len(shape) - 1, true
}

// registrationLabels introduce the 15-digit 注册号 of business licences
// before 2016, whose first digits may look like a first-generation
// identity number (a county code and a date).
var registrationLabels = []string{"注册号", "注册号码"}

// residentID matches a resident identity number at group i: one run of
// 18 (the last may be X) or 15 digits, or groups joined by single spaces
// or dashes as people type them (420502 19900101 0044). The shape
// residentid.Plausible checks (a province, a real birth date) keeps
// other numbers out; a wrong check character does not, since a mistyped
// number is still someone's. As in package uscc, a valid credit code of
// that shape (a 机关 or 事业单位 code, 11… or 12…, of a county whose
// code ends in 19 or 20) is no identity number. Letters around it are
// allowed (ID:…, 身份证No…), unlike around phone numbers: the shape
// check is strong enough on its own.
func (sc *scanner) residentID(i int) (Match, int, bool) {
	if c := sc.gs[i].digits[0]; c < '1' || c > '8' {
		return Match{}, 0, false // no province code 11–82
	}
	var buf [18]byte
	d, best := buf[:0], -1
	for j := i; j < len(sc.gs); j++ {
		g := sc.gs[j]
		if j > i && g.join != sep || len(d)+len(g.digits) > len(buf) {
			break
		}
		d = append(d, g.digits...)
		if len(d) == 15 && labelled(sc.s, sc.gs[i].start, registrationLabels) {
			continue
		}
		if (len(d) == 18 || len(d) == 15) && residentid.Plausible(string(d)) && !creditCode(d) {
			best = j
		}
	}
	if best < 0 {
		return Match{}, 0, false
	}
	return Match{ResidentID, sc.gs[i].start, sc.gs[best].end}, best, true
}

// creditCode reports a valid credit code; uscc.Validate refuses a valid
// identity number.
func creditCode(d []byte) bool { return len(d) == 18 && uscc.Validate(string(d)) == nil }

// mobileShapes are the ways mobile numbers are grouped: 13912340000,
// with a glued country code (8613912340000, 008613912340000),
// 139 1234 0000, 139 12340000, 1391234 0000.
var mobileShapes = [][]int{{11}, {13}, {15}, {3, 4, 4}, {3, 8}, {7, 4}}

// mobile matches a mainland mobile number at group i, with an optional
// country code +86, 86 or 0086, which may be bracketed: (+86)139….
func (sc *scanner) mobile(i int) (Match, int, bool) {
	if c := sc.gs[i].digits[0]; c != '1' && c != '8' && c != '0' {
		return Match{}, 0, false // neither 1… nor a country code 86, 0086
	}
	body := i
	if country(sc.gs[i].digits) && sc.joined(i+1) {
		body = i + 1
	}
	var buf [15]byte
	for _, shape := range mobileShapes {
		if d, last, ok := sc.collect(body, shape, buf[:0]); ok && isMobile(d) {
			return sc.bounded(Mobile, sc.lead(i), sc.gs[last].end, last)
		}
	}
	return Match{}, 0, false
}

func country(d string) bool { return d == "86" || d == "0086" }

// isMobile reports 1[3-9] and nine digits, after a glued country code.
func isMobile(d []byte) bool {
	switch {
	case len(d) == 13 && string(d[:2]) == "86":
		d = d[2:]
	case len(d) == 15 && string(d[:4]) == "0086":
		d = d[4:]
	}
	return len(d) == 11 && d[0] == '1' && d[1] >= '3' && allDigits(d)
}

// landline matches a fixed-line number with its area code at group i:
// 0717-6222222, (0717)6222222, 0717 622 2222, 07176222222, 010-62222222,
// +86 717 6222222, with an optional extension (转123, -123).
func (sc *scanner) landline(i int) (Match, int, bool) {
	area, trunk := i, true
	if country(sc.gs[i].digits) && sc.joined(i+1) {
		area, trunk = i+1, false // after +86 the trunk prefix 0 is left out
	}
	a := sc.gs[area].digits
	if len(a) > 12 { // 0, a three-digit area code and eight digits at most
		return Match{}, 0, false
	}
	var buf [13]byte
	d := buf[:0]
	if !trunk && !strings.HasPrefix(a, "0") {
		d = append(d, '0')
	}
	d = append(d, a...)
	n := areaLen(d)
	if n == 0 {
		return Match{}, 0, false
	}
	last := area
	if len(d) > n { // area code and number in one run
		if !isLocal(d[n:]) {
			return Match{}, 0, false
		}
	} else {
		l, ok := sc.localAt(area + 1)
		if !ok || !sc.joined(area+1) {
			return Match{}, 0, false
		}
		last = l
	}
	last = sc.extension(last)
	return sc.bounded(Landline, sc.lead(i), sc.gs[last].end, last)
}

// areaLen returns the length of the long-distance area code that d
// begins with, its trunk 0 included: 010 and 020–029 (3), 0 and three
// digits beginning 3–9 (4); 0 for none.
func areaLen(d []byte) int {
	switch {
	case len(d) < 3 || d[0] != '0' || !allDigits(d):
		return 0
	case d[1] == '1' && d[2] == '0' || d[1] == '2':
		return 3
	case d[1] >= '3' && len(d) >= 4:
		return 4
	}
	return 0
}

// isLocal reports a local number: seven or eight digits, not beginning
// with 0 or 1 (the trunk and service prefixes).
func isLocal(d []byte) bool {
	return (len(d) == 7 || len(d) == 8) && d[0] >= '2' && allDigits(d)
}

// localShapes are the ways local numbers are grouped: 6222222,
// 62222222, 622 2222, 6222 2222.
var localShapes = [][]int{{7}, {8}, {3, 4}, {4, 4}}

// localAt matches a local number at group j and returns its last group.
func (sc *scanner) localAt(j int) (int, bool) {
	var buf [8]byte
	for _, shape := range localShapes {
		if d, last, ok := sc.collect(j, shape, buf[:0]); ok && isLocal(d) {
			return last, true
		}
	}
	return 0, false
}

// extension returns the last group of a landline ending at group last,
// taking an extension of up to five digits after 转, 分机, ext or a dash.
func (sc *scanner) extension(last int) int {
	x := last + 1
	if x >= len(sc.gs) || len(sc.gs[x].digits) > 5 || !allDigits(sc.gs[x].digits) || !rightFree(sc.s, sc.gs[x].end) {
		return last
	}
	gap := strings.Trim(sc.s[sc.gs[last].end:sc.gs[x].start], " \u3000\u00a0")
	if r, n := next(gap, 0); n > 0 && n == len(gap) && isDash(r) {
		return x
	}
	if isWord(gap, []string{"转", "分机", "转分机", "ext", "ext."}) {
		return x
	}
	return last
}

// phoneLabels say that the number after them is a telephone number.
var phoneLabels = []string{"电话", "电话号码", "电话号", "固话", "座机", "传真", "联系方式", "tel", "tel.", "phone", "fax"}

// local matches a local number without its area code (6222222, 622 2222)
// where a label says it is a telephone number (电话：6222222) or it
// follows one in a list (0717-6222222/6222223, 0717-6222222、6333333).
func (sc *scanner) local(i int) (Match, int, bool) {
	if sc.gs[i].digits[0] < '2' {
		return Match{}, 0, false
	}
	last, ok := sc.localAt(i)
	if !ok || !labelled(sc.s, sc.gs[i].start, phoneLabels) && !sc.follows(i) {
		return Match{}, 0, false
	}
	return sc.bounded(Landline, sc.gs[i].start, sc.gs[last].end, last)
}

// follows reports whether group i comes right after the last phone
// number found, separated by one list mark.
func (sc *scanner) follows(i int) bool {
	if sc.lastPhone < 0 {
		return false
	}
	gap := strings.Trim(sc.s[sc.lastPhone:sc.gs[i].start], " \u3000\u00a0")
	r, n := next(gap, 0)
	return n > 0 && n == len(gap) && strings.ContainsRune("/、,;或", r)
}

// lead returns where the number beginning at group i begins, taking in a
// "+" before a country code and the opening bracket of (0717) or (+86).
func (sc *scanner) lead(i int) int {
	p := sc.gs[i].start
	if r, n := prev(sc.s, p); r == '+' {
		p -= n
	}
	if i+1 < len(sc.gs) && sc.gs[i+1].join == paren {
		if r, n := prev(sc.s, p); r == '(' {
			p -= n
		}
	}
	return p
}

// bounded returns a phone number from start to end if it stands free at
// both ends.
func (sc *scanner) bounded(k Kind, start, end, last int) (Match, int, bool) {
	if !leftFree(sc.s, start) || !rightFree(sc.s, end) {
		return Match{}, 0, false
	}
	return Match{k, start, end}, last, true
}

// telWords may be glued to a phone number: Tel13912340000.
var telWords = []string{"tel", "phone", "mobile", "mob", "cell", "fax"}

// leftFree reports whether a phone number may begin at p: not right
// after a digit, nor after the decimal point of a number (3.13912340000),
// nor after letters (a code or certificate number such as JZ13912340000)
// unless they are Tel or the like.
func leftFree(s string, p int) bool {
	r, n := prev(s, p)
	switch {
	case isLetter(r):
		q := p
		for r, n := prev(s, q); isLetter(r); r, n = prev(s, q) {
			q -= n
		}
		return isWord(s[q:p], telWords)
	case r == '.':
		return !isDigit(prevRune(s, p-n))
	}
	return !isDigit(r)
}

func prevRune(s string, p int) rune {
	r, _ := prev(s, p)
	return r
}

// units follow amounts and counts, never a phone number:
// 注册资本15000000000元, 13500000000万.
const units = "元万亿千百%‰个件人次台套吨米股户家辆"

// rightFree reports whether a phone number may end at p: not before a
// letter or digit, the decimals of a number or a unit.
func rightFree(s string, p int) bool {
	r, n := next(s, p)
	switch {
	case isLetter(r) || isDigit(r):
		return false
	case r == '.':
		r2, _ := next(s, p+n)
		return !isDigit(r2)
	}
	return !strings.ContainsRune(units, r)
}
