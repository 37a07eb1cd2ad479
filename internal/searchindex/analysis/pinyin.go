package analysis

import (
	"slices"
	"strings"
	"sync"
	"unicode"

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

// readable reports whether go-pinyin reads r: as Readings(r) != nil, from
// a bitmap by code point instead of the map, which a name's reading units
// look every character up in.
func readable(r rune) bool {
	bits := readableBits()
	w := uint(r) / 64
	return w < uint(len(bits)) && bits[w]&(1<<(uint(r)%64)) != 0
}

var readableBits = sync.OnceValue(func() []uint64 {
	var bits []uint64
	for r := range readings() {
		w := int(r) / 64
		if w >= len(bits) {
			bits = append(bits, make([]uint64, w+1-len(bits))...)
		}
		bits[w] |= 1 << (uint(r) % 64)
	}
	return bits
})

// readings is every character go-pinyin reads with its readings, made
// once: go-pinyin strips tones with regular expressions, too slow to run
// for every character of every name. Even once for each of its 40,000
// characters they took ~70 ms of every build, so each distinct dictionary
// value (8,600, such as "zhōng,zhòng") is converted once (~20 ms):
// go-pinyin's readings of a character follow from its value alone.
var readings = sync.OnceValue(func() map[rune][]string {
	m := make(map[rune][]string, len(pinyin.PinyinDict))
	byValue := map[string][]string{}
	for cp, value := range pinyin.PinyinDict {
		r := rune(cp)
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		rs, ok := byValue[value]
		if !ok {
			// A few readings are not plain letters (ê): no keyboard types them.
			rs = slices.DeleteFunc(pinyin.SinglePinyin(r, readingArgs), func(s string) bool {
				return s == "" || strings.IndexFunc(s, func(c rune) bool { return c < 'a' || c > 'z' }) >= 0
			})
			byValue[value] = rs
		}
		if len(rs) > 0 {
			m[r] = rs // shared by the characters of the value, read-only
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

// appendUnits appends text's reading units (see PinyinName) to out: per
// unit its ideograph, or 0 for a unit without readings, which breaks
// adjacency.
func appendUnits(out []rune, text string) []rune {
	inRun := false
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			if !readable(r) {
				r = 0
			}
			out = append(out, r)
			inRun = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inRun {
				out = append(out, 0)
			}
			inRun = true
		default:
			inRun = false
		}
	}
	return out
}

// readingTokenizer makes the tokens of PinyinName (initials false) or
// InitialsName. terms remembers the terms of each pair of adjacent read
// units ([2]rune{a, b}; b is 0 for a lone unit): names share most pairs
// (有限, 公司, 宜昌), and making their terms again for every name cost more
// than the rest of the pinyin fields' analysis.
type readingTokenizer struct {
	initials bool
	terms    *sync.Map // [2]rune → [][]byte, sorted and distinct; read-only once stored
}

func newReadingTokenizer(initials bool) readingTokenizer {
	return readingTokenizer{initials: initials, terms: new(sync.Map)}
}

// Tokenize returns one token per term of each slot. Tokens of a slot share
// their Term bytes with every other stream's: nothing after this tokenizer
// changes a term in place (the analyzers have no token filters).
func (t readingTokenizer) Tokenize(text []byte) analysis.TokenStream {
	us := appendUnits(nil, string(text))
	slots := make([][][]byte, len(us))
	n := 0
	for i := range us {
		if pair, ok := slotPair(us, i); ok {
			slots[i] = t.termsOf(pair[0], pair[1])
			n += len(slots[i])
		}
	}
	toks := make([]analysis.Token, 0, n)
	out := make(analysis.TokenStream, 0, n)
	for slot, terms := range slots {
		for _, term := range terms {
			toks = append(toks, analysis.Token{Term: term, Start: slot, End: slot + 1, Position: slot + 1, Type: analysis.AlphaNumeric})
			out = append(out, &toks[len(toks)-1])
		}
	}
	return out
}

// slotPair says what the slot of reading unit i (of us, see appendUnits)
// reads: the unit and the next when the next has readings, the unit
// alone when neither neighbour has, nothing (false) for a unit without
// readings or the end of the previous slot's pair.
func slotPair(us []rune, i int) ([2]rune, bool) {
	switch a := us[i]; {
	case a == 0:
		return [2]rune{}, false
	case i+1 < len(us) && us[i+1] != 0:
		return [2]rune{a, us[i+1]}, true
	case i > 0 && us[i-1] != 0:
		return [2]rune{}, false
	default:
		return [2]rune{a, 0}, true
	}
}

// termsOf returns the terms of read unit a followed by read unit b (every
// combination of their readings), or of a alone when b is 0.
func (t readingTokenizer) termsOf(a, b rune) [][]byte {
	key := [2]rune{a, b}
	if v, ok := t.terms.Load(key); ok {
		return v.([][]byte)
	}
	ra, sep := Readings(a), " "
	if t.initials {
		ra, sep = firstLetters(ra), ""
	}
	var terms []string
	if b == 0 {
		terms = slices.Clone(ra)
	} else {
		rb := Readings(b)
		if t.initials {
			rb = firstLetters(rb)
		}
		for _, x := range ra {
			for _, y := range rb {
				terms = append(terms, x+sep+y)
			}
		}
	}
	slices.Sort(terms)
	terms = slices.Compact(terms)
	out := make([][]byte, len(terms))
	for i, s := range terms {
		out[i] = []byte(s)
	}
	t.terms.Store(key, out)
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
			return newReadingTokenizer(initials), nil
		})
		if err != nil {
			panic(err)
		}
	}
}
