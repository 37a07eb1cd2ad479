package analysis

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2/registry"
	"github.com/mozillazg/go-pinyin"
)

func tokens(initials bool, text string) string {
	var out []string
	for _, t := range newReadingTokenizer(initials).Tokenize([]byte(text)) {
		out = append(out, fmt.Sprintf("%s@%d", t.Term, t.Start))
	}
	return strings.Join(out, ",")
}

func TestReadingTokenizer(t *testing.T) {
	for _, c := range []struct {
		text, syllables, initials string
	}{
		{"宏源物流", "hong yuan@0,yuan wu@1,wu liu@2", "hy@0,yw@1,wl@2"},
		// Brackets are no unit: the name reads as if written without them.
		{"中铁（宜昌）建设", "zhong tie@0,tie yi@1,yi chang@2,chang jian@3,jian she@4", "zt@0,ty@1,yc@2,cj@3,js@4"},
		// A letter or digit run breaks adjacency; a lone ideograph is a unigram.
		{"宜昌3D打", "yi chang@0,da@3", "yc@0,d@3"},
		{"A宏B", "hong@1", "h@1"},
		// Heteronyms (go-pinyin's: 长 zhang, chang; 绿 lü, lu): every
		// combination at one slot, ü typed as v.
		{"长阳绿", "chang yang@0,zhang yang@0,yang lu@1,yang lv@1", "cy@0,zy@0,yl@1"},
		{"", "", ""},
	} {
		if got := tokens(false, c.text); got != c.syllables {
			t.Errorf("%s: syllables %s, want %s", c.text, got, c.syllables)
		}
		if got := tokens(true, c.text); got != c.initials {
			t.Errorf("%s: initials %s, want %s", c.text, got, c.initials)
		}
	}
}

func TestReadings(t *testing.T) {
	for r, want := range map[rune]string{'宏': "hong", '华': "hua", '化': "hua", '长': "zhang", '绿': "lv", 'a': ""} {
		got := ""
		if rs := Readings(r); len(rs) > 0 {
			got = rs[0]
		}
		if got != want {
			t.Errorf("%c: %q, want %q", r, got, want)
		}
	}
	n := 0
	ReadChars(func(r rune, rs []string) {
		n++
		for _, s := range rs {
			if s == "" || strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") != "" {
				t.Errorf("%c: reading %q", r, s)
			}
		}
	})
	if n < 20000 {
		t.Errorf("%d characters read", n)
	}
}

// TestNumberedReadings checks the reading analyzers' Numbered, which
// reads units straight, against their token streams, name by name
// through one Numbered as the build does.
func TestNumberedReadings(t *testing.T) {
	names := []string{
		"宏源物流", "中铁示范（宜昌）建设有限公司", "宜昌3D打印科技有限公司", "A宏B", "长阳绿",
		"宏", "", "《三峡示范报》社", "宜昌\x80长阳", "𠀀宏源", "宏源物流有限公司", "长长长",
	}
	cache := registry.NewCache()
	for name, config := range map[string]map[string]interface{}{PinyinName: PinyinConfig, InitialsName: InitialsConfig} {
		a, err := cache.DefineAnalyzer(name, config)
		if err != nil {
			t.Fatal(err)
		}
		fast, slow := a.(*Memo).Numbered(), a.(*Memo).Numbered()
		if fast.reading == nil {
			t.Fatalf("%s: not read from its units", name)
		}
		slow.reading = nil // through the token stream
		for _, text := range names {
			if got, want := numberedString(fast, text), numberedString(slow, text); got != want {
				t.Errorf("%s %q: %s, want %s", name, text, got, want)
			}
		}
	}
}

func numberedString(n *Numbered, text string) string {
	var out []string
	for _, t := range n.Append(nil, text) {
		out = append(out, fmt.Sprintf("%s@%d", n.Term(t.Term), t.Start))
	}
	return strings.Join(out, ",")
}

// TestReadingsAreGoPinyins checks the readings made once per dictionary
// value against go-pinyin's for every character it reads.
func TestReadingsAreGoPinyins(t *testing.T) {
	for cp := range pinyin.PinyinDict {
		r := rune(cp)
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		want := slices.DeleteFunc(pinyin.SinglePinyin(r, readingArgs), func(s string) bool {
			return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") != "" || s == ""
		})
		if got := Readings(r); !slices.Equal(got, want) {
			t.Errorf("%c: %q, want %q", r, got, want)
		}
	}
	for r := range rune(0x40000) {
		if readable(r) != (Readings(r) != nil) {
			t.Errorf("%U: readable %v, readings %q", r, readable(r), Readings(r))
		}
	}
}
