package document

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"creditsite/internal/searchindex/analysis"
)

// NewMapping is the bleve mapping of the enterprise documents: the text
// fields with their Analyzers and term vectors for positions (the
// QueryAnalyzers defined too, for queries), keywords for the code and
// facets. Build indexes documents it makes itself (bleveDocument), which
// take the positions from the analysis instead of term vectors; the
// tests' reference index is built through this mapping.
func NewMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	for name, c := range analysis.Configs {
		if err := im.AddCustomAnalyzer(name, c); err != nil {
			panic(err) // the configurations are constants
		}
	}
	for name, c := range map[string]map[string]interface{}{analysis.PinyinName: analysis.PinyinConfig, analysis.InitialsName: analysis.InitialsConfig} {
		if err := im.AddCustomAnalyzer(name, c); err != nil {
			panic(err) // the configurations are constants
		}
	}
	im.DefaultAnalyzer = analysis.Name
	doc := bleve.NewDocumentStaticMapping()
	for i, f := range AllTextFields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = AllAnalyzers[i]
		fm.Store, fm.IncludeInAll, fm.DocValues = false, false, false
		fm.IncludeTermVectors = true // positions, for phrase matching in the browser
		doc.AddFieldMappingsAt(f, fm)
	}
	for _, f := range append([]string{"code"}, FacetFields...) {
		fm := bleve.NewKeywordFieldMapping()
		fm.Store, fm.IncludeInAll, fm.IncludeTermVectors = false, false, false
		fm.DocValues = false
		doc.AddFieldMappingsAt(f, fm)
	}
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	im.DefaultMapping = doc
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	return im
}
