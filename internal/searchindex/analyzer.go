package searchindex

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
)

// analyzerName is bleve's cjk analyzer (unicode tokenizer → cjk_width →
// lowercase → cjk_bigram) with widthFoldName in front.
const analyzerName = "creditsite_cjk"

// widthFoldName folds full-width ASCII before tokenizing: the unicode
// tokenizer drops full-width digits, so cjk_width alone comes too late for
// credit codes and years typed on a Chinese keyboard.
const widthFoldName = "creditsite_width_fold"

// analyzerConfig defines analyzerName for an index mapping.
var analyzerConfig = map[string]interface{}{
	"type":          memoName,
	"char_filters":  []string{widthFoldName},
	"tokenizer":     unicode.Name,
	"token_filters": []string{cjk.WidthName, lowercase.Name, cjk.BigramName},
}

type widthFold struct{}

// Filter maps U+FF01–U+FF5E to ASCII and the ideographic space to a space.
// search.js's foldWidth does the same to queries.
func (widthFold) Filter(input []byte) []byte {
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
		return widthFold{}, nil
	})
	if err != nil {
		panic(err)
	}
}

// memoName is the analyzer type of analyzerName: bleve's custom analyzer
// (configured by analyzerConfig) that remembers its token stream for each
// distinct text. Commitment items are mostly standard wordings shared by
// thousands of enterprises, so most of them are analyzed once per index.
const memoName = "creditsite_memo"

type memoAnalyzer struct {
	analysis.Analyzer
	positions bool     // make forward lists: text fields, not keywords
	streams   sync.Map // text → *analysed, read-only once stored
	lists     lists
}

// analysed is a text's token stream and, if the analyzer keeps
// positions, its terms in byte order with their tokens' byte offsets.
type analysed struct {
	tokens analysis.TokenStream
	fwd    forward
}

func (m *memoAnalyzer) Analyze(text []byte) analysis.TokenStream {
	return m.analyze(string(text), true).tokens
}

// analyze returns the analysis of text, remembered if remember is set.
func (m *memoAnalyzer) analyze(text string, remember bool) *analysed {
	if remember {
		if a, ok := m.streams.Load(text); ok {
			return a.(*analysed)
		}
	}
	tokens := m.Analyzer.Analyze([]byte(text))
	a := &analysed{tokens: tokens}
	if m.positions {
		a.fwd = forwardOf(tokens)
	}
	if remember {
		m.streams.Store(text, a)
	}
	return a
}

// forget drops what the analyzer remembers: once a range's documents are
// indexed, only the forward lists they hold are still needed.
func (m *memoAnalyzer) forget() {
	m.streams.Clear()
	m.lists.mu.Lock()
	m.lists.m, m.lists.seen = nil, nil
	m.lists.mu.Unlock()
}

func init() {
	err := registry.RegisterAnalyzer(memoName, func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		a, err := custom.AnalyzerConstructor(config, cache)
		if err != nil {
			return nil, err
		}
		return &memoAnalyzer{Analyzer: a, positions: true}, nil
	})
	if err != nil {
		panic(err)
	}
}

// lists remembers the token frequencies of whole multi-valued fields
// (see field.Analyze): enterprises share lists of commitment items,
// certificates and facet values, and the segment builder only reads a
// field's frequencies, so documents with the same list can share them.
// A list is remembered the second time it is met: most lists of several
// commitment items belong to one enterprise, and their frequencies would
// only hold memory while the range is indexed. It holds at most listsSize
// lists and rangeSize keys of lists met once, forgetting all when either
// is full, so that memory stays bounded whatever the data.
type lists struct {
	mu   sync.Mutex
	seen map[string]bool // lists met once
	m    map[string]fieldAnalysis
}

const listsSize = 4096

// fieldAnalysis is what field.Analyze computes.
type fieldAnalysis struct {
	length int
	freqs  index.TokenFrequencies
	fwd    forward
}

func (l *lists) get(key string) (fieldAnalysis, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fa, ok := l.m[key]
	return fa, ok
}

func (l *lists) put(key string, fa fieldAnalysis) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil || len(l.m) >= listsSize || len(l.seen) >= rangeSize {
		l.m, l.seen = make(map[string]fieldAnalysis), make(map[string]bool)
	}
	if !l.seen[key] {
		l.seen[key] = true
		return
	}
	delete(l.seen, key)
	l.m[key] = fa
}
