package analysis

import (
	"regexp"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	regexpchar "github.com/blevesearch/bleve/v2/analysis/char/regexp"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
)

// NameIndex analyses enterprise names as people type them: the width
// fold, then every punctuation mark, symbol, separator and control or
// format character dropped (Unicode categories P*, S*, Z*, Cc, Cf:
// brackets of either width, 《》, dashes, ·, &, spaces…), then every
// remaining character a token of its own (Han, Latin and digits alike),
// cjk_width, lowercase, and cjk_bigram with unigrams: overlapping
// bigrams plus each character alone, for one-character queries. Offsets
// are byte offsets in the text without the dropped characters, so
// "中铁示范（宜昌）建设" and "中铁示范宜昌建设" have the same terms at the
// same offsets, and "3D打印" has 3d, d打 and 打印.
//
// NameQuery analyses a query for the name field: the same, with bigrams
// only (a word of one character gives that character). A phrase of a
// word's bigrams finds it inside a name; the unigrams of the index only
// serve one-character words.
const (
	NameIndex = "creditsite_name"
	NameQuery = "creditsite_name_query"
)

// Names of the pieces of NameIndex and NameQuery in bleve's registry.
const (
	stripMarksName = "creditsite_strip_marks"
	charsName      = "creditsite_chars"
	bigramsUniName = "creditsite_bigram_unigram"
)

// Marks matches what NameIndex drops: search/analysis.js's MARKS is the
// same class.
var Marks = regexp.MustCompile(`[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}]`)

// NameIndexConfig and NameQueryConfig define NameIndex and NameQuery for
// an index mapping (mapping.IndexMappingImpl.AddCustomAnalyzer).
var (
	NameIndexConfig = map[string]interface{}{
		"type":          memoName,
		"char_filters":  []string{widthFoldName, stripMarksName},
		"tokenizer":     charsName,
		"token_filters": []string{cjk.WidthName, lowercase.Name, bigramsUniName},
	}
	NameQueryConfig = map[string]interface{}{
		"type":          custom.Name,
		"char_filters":  []string{widthFoldName, stripMarksName},
		"tokenizer":     charsName,
		"token_filters": []string{cjk.WidthName, lowercase.Name, cjk.BigramName},
	}
)

// Configs are the analyzers of the text fields and their queries, by
// name, for an index mapping.
var Configs = map[string]map[string]interface{}{Name: Config, NameIndex: NameIndexConfig, NameQuery: NameQueryConfig}

// Chars is the tokenizer charsName: each character a token, typed
// Ideographic so that cjk_bigram pairs letters and digits as it pairs
// ideographs.
type Chars struct{}

// Tokenize allocates the tokens at once: a name has a few dozen.
func (Chars) Tokenize(input []byte) analysis.TokenStream {
	n := utf8.RuneCount(input)
	toks := make([]analysis.Token, 0, n)
	out := make(analysis.TokenStream, 0, n)
	for i := 0; i < len(input); {
		_, n := utf8.DecodeRune(input[i:])
		toks = append(toks, analysis.Token{Term: input[i : i+n], Start: i, End: i + n, Position: len(out) + 1, Type: analysis.Ideographic})
		out = append(out, &toks[len(toks)-1])
		i += n
	}
	return out
}

func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterCharFilter(stripMarksName, func(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
		return regexpchar.New(Marks, nil), nil
	}))
	must(registry.RegisterTokenizer(charsName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return Chars{}, nil
	}))
	must(registry.RegisterTokenFilter(bigramsUniName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return cjk.NewCJKBigramFilter(true), nil
	}))
}
