package analysis

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/mozillazg/go-pinyin"
)

// PinyinName and InitialsName are the analyzers of the names' readings,
// for near misses (layouts/static/js/search/near.js): a name heard, not
// read (宏远 for 宏源), or typed in pinyin (yichang hongyuan, ychy).
//
// Both turn a text into reading units: each ideograph is one unit, read by
// go-pinyin without tones (ü as v, as pinyin keyboards type it); a run of
// other letters or digits, or an ideograph go-pinyin cannot read, is a
// unit without readings, which breaks adjacency; punctuation and spaces
// are no unit at all, so 中铁示范（宜昌）建设 reads as if written without
// its brackets. A token's Start is its first unit's index (a slot, not a
// byte offset) and its Position one more, so phrases are checked on slots,
// by the browser and by bleve's phrase query alike (the heteronyms' tokens
// of a slot share its position, as synonyms do). Like bleve's cjk_bigram,
// two adjacent read units give a bigram, a read unit without read
// neighbours a unigram. PinyinName's terms are syllables ("hong yuan",
// space-separated), InitialsName's their first letters ("hy").
//
// Heteronyms (多音字): a unit has all go-pinyin's readings, and a bigram
// is made of every combination (长阳: "chang yang" and "zhang yang" at
// one slot), so pinyin typed for any reading finds the name. A query's
// ideographs are read with their first, commonest reading only (see
// Readings): a homophone query finds names whose characters have that
// reading among theirs.
const (
	PinyinName   = "creditsite_pinyin"
	InitialsName = "creditsite_pinyin_initials"
)

// PinyinConfig and InitialsConfig define PinyinName and InitialsName for
// an index mapping.
var (
	PinyinConfig   = map[string]interface{}{"type": memoName, "tokenizer": pinyinTokenizer}
	InitialsConfig = map[string]interface{}{"type": memoName, "tokenizer": initialsTokenizer}
)

const (
	pinyinTokenizer   = "creditsite_pinyin_syllables"
	initialsTokenizer = "creditsite_pinyin_letters"
)

var readingArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Heteronym = true
	a.Fallback = func(rune, pinyin.Args) []string { return nil }
	return a
}()

// Readings returns the toneless readings go-pinyin gives an ideograph,
// the commonest first, or none.
func Readings(r rune) []string { return readings()[r] }

// readings is every character go-pinyin reads with its readings, made
// once: go-pinyin strips tones with regular expressions, too slow to run
// for every character of every name.
var readings = sync.OnceValue(func() map[rune][]string {
	m := make(map[rune][]string, len(pinyin.PinyinDict))
	for cp := range pinyin.PinyinDict {
		r := rune(cp)
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		// A few readings are not plain letters (ê): no keyboard types them.
		rs := slices.DeleteFunc(pinyin.SinglePinyin(r, readingArgs), func(s string) bool {
			return s == "" || strings.IndexFunc(s, func(c rune) bool { return c < 'a' || c > 'z' }) >= 0
		})
		if len(rs) > 0 {
			m[r] = rs
		}
	}
	return m
})

// ReadChars calls f for every character go-pinyin reads, in code point
// order, with its readings.
func ReadChars(f func(r rune, readings []string)) {
	m := readings()
	rs := make([]rune, 0, len(m))
	for r := range m {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	for _, r := range rs {
		f(r, m[r])
	}
}

// units splits text into reading units (see PinyinName): per unit its
// readings (nil for a unit that breaks adjacency).
func units(text []byte) [][]string {
	var out [][]string
	inRun := false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		i += n
		switch {
		case unicode.Is(unicode.Han, r):
			out = append(out, Readings(r))
			inRun = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inRun {
				out = append(out, nil)
			}
			inRun = true
		default:
			inRun = false
		}
	}
	return out
}

// readingTokenizer makes the tokens of PinyinName (initials false) or
// InitialsName.
type readingTokenizer struct{ initials bool }

func (t readingTokenizer) Tokenize(text []byte) analysis.TokenStream {
	us := units(text)
	if t.initials {
		for i, rs := range us {
			us[i] = firstLetters(rs)
		}
	}
	sep := " "
	if t.initials {
		sep = ""
	}
	var out analysis.TokenStream
	emit := func(terms []string, slot int) {
		slices.Sort(terms)
		for _, term := range slices.Compact(terms) {
			out = append(out, &analysis.Token{Term: []byte(term), Start: slot, End: slot + 1, Position: slot + 1, Type: analysis.AlphaNumeric})
		}
	}
	for i, rs := range us {
		if len(rs) == 0 {
			continue
		}
		next := i+1 < len(us) && len(us[i+1]) > 0
		prev := i > 0 && len(us[i-1]) > 0
		switch {
		case next:
			var terms []string
			for _, a := range rs {
				for _, b := range us[i+1] {
					terms = append(terms, a+sep+b)
				}
			}
			emit(terms, i)
		case !prev:
			emit(slices.Clone(rs), i)
		}
	}
	return out
}

// firstLetters returns the distinct first letters of readings.
func firstLetters(readings []string) []string {
	var out []string
	for _, r := range readings {
		if l := r[:1]; !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

func init() {
	for name, initials := range map[string]bool{pinyinTokenizer: false, initialsTokenizer: true} {
		err := registry.RegisterTokenizer(name, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return readingTokenizer{initials: initials}, nil
		})
		if err != nil {
			panic(err)
		}
	}
}
