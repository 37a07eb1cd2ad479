// Package analysis is the analyzers of the search index, defined for
// bleve (Configs): creditsite_cjk (Name), bleve's cjk analyzer behind a
// char filter that folds full-width ASCII; creditsite_name (NameIndex) and
// its query analyzer (NameQuery), which read names as people type them;
// the pinyin analyzers of near misses (PinyinName, InitialsName, see
// pinyin.go), which the browser does not reproduce: it reads a query from
// the exported character table; and a memo of the token stream of each distinct text with its forward
// list (the text's terms in byte order with their tokens' byte offsets,
// see Forward). layouts/static/js/search/analysis.js reproduces the
// analyzers in the browser; testdata/analyzer-vectors.json holds the
// vectors both are checked against.
package analysis

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Name is bleve's cjk analyzer (unicode tokenizer → cjk_width →
// lowercase → cjk_bigram) with widthFoldName in front; Config defines it
// for an index mapping (mapping.IndexMappingImpl.AddCustomAnalyzer).
const Name = "creditsite_cjk"

// widthFoldName folds full-width ASCII before tokenizing: the unicode
// tokenizer drops full-width digits, so cjk_width alone comes too late for
// credit codes and years typed on a Chinese keyboard.
const widthFoldName = "creditsite_width_fold"

// Config defines Name for an index mapping.
var Config = map[string]interface{}{
	"type":          memoName,
	"char_filters":  []string{widthFoldName},
	"tokenizer":     unicode.Name,
	"token_filters": []string{cjk.WidthName, lowercase.Name, cjk.BigramName},
}

// WidthFold is the char filter widthFoldName.
type WidthFold struct{}

// Filter maps U+FF01–U+FF5E to ASCII and the ideographic space to a space.
// search/analysis.js's foldWidth does the same to queries.
func (WidthFold) Filter(input []byte) []byte {
	out := make([]byte, 0, len(input))
	for i := 0; i < len(input); {
		r, n := utf8.DecodeRune(input[i:])
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			out = append(out, byte(r-0xFEE0))
		case r == 0x3000:
			out = append(out, ' ')
		default:
			out = append(out, input[i:i+n]...)
		}
		i += n
	}
	return out
}

func init() {
	err := registry.RegisterCharFilter(widthFoldName, func(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
		return WidthFold{}, nil
	})
	if err != nil {
		panic(err)
	}
}

// memoName is the analyzer type of Name: bleve's custom analyzer
// (configured by Config), a *Memo that remembers its token stream for each
// distinct text. Commitment items are mostly standard wordings shared by
// thousands of enterprises, so most of them are analyzed once per index.
const memoName = "creditsite_memo"

// Memo is an analyzer that remembers the analysis of each distinct text
// until Forget.
type Memo struct {
	analysis.Analyzer
	positions bool     // make forward lists: text fields, not keywords
	streams   sync.Map // text → *Analysed, read-only once stored
}

// NewMemo returns a Memo of a, without forward lists (for keywords).
func NewMemo(a analysis.Analyzer) *Memo { return &Memo{Analyzer: a} }

// Analysed is a text's token stream and, if the analyzer keeps
// positions (Name does), its forward list.
type Analysed struct {
	Tokens analysis.TokenStream
	Fwd    Forward
}

func (m *Memo) Analyze(text []byte) analysis.TokenStream {
	return m.Text(string(text), true).Tokens
}

// Text returns the analysis of text, remembered if remember is set.
func (m *Memo) Text(text string, remember bool) *Analysed {
	if remember {
		if a, ok := m.streams.Load(text); ok {
			return a.(*Analysed)
		}
	}
	tokens := m.Analyzer.Analyze([]byte(text))
	a := &Analysed{Tokens: tokens}
	if m.positions {
		a.Fwd = ForwardOf(tokens)
	}
	if remember {
		m.streams.Store(text, a)
	}
	return a
}

// Forget drops what the analyzer remembers: once a range's documents are
// indexed, only the forward lists they hold are still needed.
func (m *Memo) Forget() { m.streams.Clear() }

func init() {
	err := registry.RegisterAnalyzer(memoName, func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		a, err := custom.AnalyzerConstructor(config, cache)
		if err != nil {
			return nil, err
		}
		return &Memo{Analyzer: a, positions: true}, nil
	})
	if err != nil {
		panic(err)
	}
}
