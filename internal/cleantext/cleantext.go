// Package cleantext repairs the invisible damage that copying between web
// pages, Word, WeChat and Excel does to table cells, before any cell is
// validated or published.
//
// The 2018 notice's tables are published verbatim (issue 14, item 6), so
// what a reader sees and searches for must be what the county typed: a
// zero-width space inside a name keeps it from being found, a bidi
// override (U+202E) makes a name or code read differently from what it
// is, a no-break or ideographic space makes two spellings of one unit
// differ, and control characters break pages and exports. Clean removes
// or normalises exactly these and leaves everything else as typed: line
// breaks (Alt+Enter) are shown on pages, and repeated spaces are kept.
//
// Decisions, for every cell of every table:
//   - removed, reported: C0 and C1 controls but tab and line breaks, DEL,
//     noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF …: not allowed in XML,
//     so never in a workbook or feed), format characters (zero-width
//     space and joiners, soft hyphen, BOM, bidi marks) and the other
//     default-ignorable code points;
//   - removed, reported apart (Bidi): the bidi embeddings, overrides and
//     isolates U+202A–U+202E and U+2066–U+2069, which make a cell read in
//     Excel otherwise than it is stored; the caller decides whether the
//     value can still be trusted (ingest refuses the row unless the column
//     is free text);
//   - kept: U+FFFD, which marks a character lost before the file reached
//     us; dropping it would make a damaged value look whole (LostCharacter
//     reports it; ingest refuses the row, see table.Row.Bad). Private-use characters are kept too: some GBK
//     conversions put rare characters of names there.
//   - line breaks: CR LF, CR and Excel's escaped carriage return "_x000D_"
//     (left in text by tools that export a workbook's cells) become "\n";
//     VT, FF, U+0085, U+2028 and U+2029 too, reported.
//
// Length is no business of this package: see Cut, and package schema for
// the limits.
package cleantext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/rangetable"
)

// Fix is the set of repairs Clean made that are worth telling the
// county about. Trimming a value's ends, turning a tab into a space and
// CR LF into LF are made silently: Excel and CSV do them all the time.
type Fix uint8

const (
	// Invisible: a zero-width or other invisible format character (Unicode
	// category Cf, or default-ignorable like the Hangul fillers) removed.
	Invisible Fix = 1 << iota
	// Space: a no-break, ideographic (U+3000) or other Unicode space
	// turned into a plain space.
	Space
	// Control: a control character (C0 other than tab and line breaks,
	// DEL, C1) removed.
	Control
	// LineBreak: a vertical tab, form feed, U+0085, U+2028 or U+2029 turned
	// into an ordinary line break.
	LineBreak
	// Bidi: a bidi embedding, override or isolate (U+202A–U+202E,
	// U+2066–U+2069) removed. Unlike the other format characters these
	// change what a reader sees: "\u202E1234" shows as 4321.
	Bidi
)

var fixNames = []struct {
	fix  Fix
	name string
}{
	{Invisible, "零宽或不可见字符"},
	{Space, "不间断空格或全角空格"},
	{Control, "控制字符"},
	{LineBreak, "特殊换行符"},
	{Bidi, "改变文字显示方向的控制字符"},
}

// String names the repairs in Chinese, joined with "、"; "" for none.
func (f Fix) String() string {
	var names []string
	for _, n := range fixNames {
		if f&n.fix != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, "、")
}

// Clean returns s with invisible and control characters and noncharacters
// removed, Unicode spaces and tabs turned into plain spaces, line breaks
// (and "_x000D_") normalised to "\n", invalid UTF-8 replaced by U+FFFD
// (which LostCharacter reports) and spaces and line breaks trimmed from
// both ends. A clean s is returned as it is, without allocating.
func Clean(s string) (string, Fix) {
	if isClean(s) {
		return s, 0
	}
	var b strings.Builder
	b.Grow(len(s))
	var fix Fix
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '\r' && strings.HasPrefix(s[i+1:], "\n") {
			i++ // CR LF: the LF is written next
			continue
		}
		out, f := repair(r, n)
		fix |= f
		if out >= 0 {
			b.WriteRune(out)
		}
		i += n
	}
	out := b.String()
	if strings.Contains(out, escapedCR) { // after the pass, which may have joined one
		out = strings.ReplaceAll(strings.ReplaceAll(out, escapedCR+"\n", "\n"), escapedCR, "\n")
	}
	return strings.Trim(out, " \n"), fix
}

// escapedCR is how a workbook stores a carriage return inside a cell
// (ECMA-376 ST_Xstring escape). excelize decodes it; text exported from a
// workbook by other tools (pandas, openpyxl) can carry it as written.
const escapedCR = "_x000D_"

// repair returns what replaces r (n bytes wide) in the output, -1 for
// nothing, and the repair made.
func repair(r rune, n int) (rune, Fix) {
	switch {
	case r == utf8.RuneError && n == 1:
		return utf8.RuneError, 0 // an invalid byte: keep it visible as U+FFFD
	case r == '\n' || r == '\r':
		return '\n', 0
	case r == '\t':
		return ' ', 0
	case r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
		return '\n', LineBreak
	case unicode.Is(unicode.Cc, r):
		return -1, Control
	case r != ' ' && unicode.Is(unicode.Zs, r):
		return ' ', Space
	case unicode.Is(unicode.Noncharacter_Code_Point, r):
		return -1, Control
	case isBidi(r):
		return -1, Bidi
	case invisible(r):
		return -1, Invisible
	}
	return r, 0
}

// invisible reports a character that renders as nothing: format
// characters (Cf: zero-width space and joiners, soft hyphen, BOM, bidi
// controls, word joiner, invisible operators, tags) and the other
// default-ignorable code points (Hangul fillers, the combining grapheme
// joiner). Variation selectors are kept: they pick a glyph of a CJK
// character, for instance in a person's or place's name.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}

// isBidi reports the bidi embeddings, overrides and isolates: LRE, RLE,
// PDF, LRO, RLO and LRI, RLI, FSI, PDI (Unicode Bidirectional Algorithm,
// UAX #9, table 4). The marks LRM, RLM and ALM only nudge neutral
// characters and count as invisible.
func isBidi(r rune) bool { return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 }

// isClean reports whether Clean would return s unchanged.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if edge(s[0]) || edge(s[len(s)-1]) || strings.Contains(s, escapedCR) {
		return false
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if dirty(r, n) {
			return false
		}
		i += n
	}
	return true
}

func edge(c byte) bool { return c == ' ' || c == '\n' }

// special holds every non-ASCII character repair may change, so that
// clean text costs one table look-up per character.
var special = rangetable.Merge(unicode.Cc, unicode.Cf, unicode.Zs, unicode.Zl, unicode.Zp,
	unicode.Other_Default_Ignorable_Code_Point, unicode.Noncharacter_Code_Point)

// dirty reports whether repair changes the non-ASCII rune r, decoded
// from n bytes (one for an invalid byte). Kana, CJK ideographs and
// punctuation, Hangul and full-width forms (U+3001–U+FF9F), the bulk of
// any table, need no look-up at all: the only characters there that
// repair changes are the Hangul filler U+3164, the noncharacters
// U+FDD0–U+FDEF and the byte-order mark U+FEFF (TestDirtyShortcut).
func dirty(r rune, n int) bool {
	if r > 0x3000 && r < 0xFFA0 {
		return r == 0x3164 || r >= 0xFDD0 && r <= 0xFDEF || r == 0xFEFF
	}
	return n == 1 || unicode.Is(special, r)
}

// LostCharacter reports whether s shows a character lost on the way: a
// U+FFFD or invalid UTF-8, or a '?' outside a web address. Excel's
// "CSV（逗号分隔）" export writes GBK and puts '?' for every character
// GBK lacks (rare characters in names, many symbols); Chinese text writes
// its question mark full-width (？), so an ASCII '?' is almost always such
// a loss.
func LostCharacter(s string) bool {
	if strings.ContainsRune(s, utf8.RuneError) {
		return true
	}
	for i := strings.IndexByte(s, '?'); i >= 0; {
		if !inAddress(s, i) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '?')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// inAddress reports whether the '?' at i is in a web address (the
// query part of http://…?id=1 or www.…?id=1): the ASCII word it ends
// contains "://" or starts with "www.".
func inAddress(s string, i int) bool {
	start := i
	for start > 0 && s[start-1] > ' ' && s[start-1] < utf8.RuneSelf {
		start--
	}
	word := s[start:i]
	return strings.Contains(word, "://") || len(word) > 4 && strings.EqualFold(word[:4], "www.")
}

// Excerpt is the start of a long text, for a list that links to the page
// showing it whole.
type Excerpt struct {
	Text string // the whole text, or its first characters
	Cut  bool   // Text is only the start: show a mark and a link to the rest
}

// Cut returns s whole when it has at most n characters (runes), else its
// first n characters without trailing spaces and line breaks, marked Cut.
// The cut never separates a character from the combining marks or
// variation selectors after it, so a CJK variant keeps its glyph.
func Cut(s string, n int) Excerpt {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !unicode.Is(unicode.M, r) {
			break
		}
		i += w
	}
	if i >= len(s) {
		return Excerpt{Text: s}
	}
	return Excerpt{Text: strings.TrimRight(s[:i], " \n"), Cut: true}
}
