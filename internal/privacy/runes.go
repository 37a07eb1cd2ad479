package privacy

import (
	"strings"
	"unicode/utf8"
)

// Chinese input methods in full-width mode type digits, letters and
// punctuation as U+FF01–U+FF5E (１３９, ＠, （, －); the scanners see
// them as their ASCII forms, so that byte offsets stay those of the text.

// fold maps a full-width ASCII form to ASCII.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

// next returns the folded rune at i and its width; 0, 0 at the end.
func next(s string, i int) (rune, int) {
	if i >= len(s) {
		return 0, 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return fold(r), n
}

// prev returns the folded rune before i and its width; 0, 0 at the start.
func prev(s string, i int) (rune, int) {
	if i <= 0 {
		return 0, 0
	}
	r, n := utf8.DecodeLastRuneInString(s[:i])
	return fold(r), n
}

func isDigit(r rune) bool  { return r >= '0' && r <= '9' }
func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// isSpace: the spaces people type between groups of digits.
func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u3000' }

// isDash: hyphen-minus and the dashes Word and IMEs put in its place.
func isDash(r rune) bool { return r == '-' || r >= '\u2010' && r <= '\u2015' || r == '\u2212' }

func allDigits[T string | []byte](d T) bool {
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

// labelled reports whether the text before p ends with one of labels
// (whose ASCII letters are lower-case and match either case), allowing
// a colon, space or opening bracket in between: 电话：, Tel: , 注册号（.
func labelled(s string, p int, labels []string) bool {
	t := strings.TrimRight(s[:p], " :：(（\u3000\u00a0")
	for _, l := range labels {
		if len(t) >= len(l) && equalLower(t[len(t)-len(l):], l) {
			return true
		}
	}
	return false
}

// isWord reports whether s is one of words (see equalLower).
func isWord(s string, words []string) bool {
	for _, w := range words {
		if len(s) == len(w) && equalLower(s, w) {
			return true
		}
	}
	return false
}

// equalLower reports whether s is lower, with its ASCII letters in
// either case.
func equalLower(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
