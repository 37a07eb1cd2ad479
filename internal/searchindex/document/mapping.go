package document

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"creditsite/internal/searchindex/analysis"
)

// NewMapping is the bleve mapping of the enterprise documents: the CJK
// analyzer (after width folding) on text fields with term vectors for
// positions, keywords for the code and facets. Build indexes documents
// it makes itself (bleveDocument), which take the positions from the
// analysis instead of term vectors; the tests' reference index is built
// through this mapping.
func NewMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	for name, config := range map[string]map[string]interface{}{
		analysis.Name: analysis.Config, analysis.PinyinName: analysis.PinyinConfig, analysis.InitialsName: analysis.InitialsConfig,
	} {
		if err := im.AddCustomAnalyzer(name, config); err != nil {
			panic(err) // the configurations are constants
		}
	}
	im.DefaultAnalyzer = analysis.Name
	doc := bleve.NewDocumentStaticMapping()
	for _, f := range AllTextFields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = AnalyzerOf(f)
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
