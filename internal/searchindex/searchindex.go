// Package searchindex indexes the enterprises with bleve (scorch, CJK
// analyzer, tf-idf) and exports that index, read back through bleve's
// IndexReader, as static files under
// search/, which layouts/static/js/search.js
// queries in the browser: a query downloads only the shards of its own
// terms, the postings blocks its candidates fall in, and the document
// table rows it displays. The format is described in FORMAT.md.
package searchindex

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"creditsite/internal/model"
)

// FileWriter receives each exported file; name is slash-separated, relative
// to the site root, e.g. "search/meta.json".
type FileWriter interface {
	WriteFile(name string, data []byte) error
}

// Stats describes an exported index.
type Stats struct {
	Documents, Terms, Shards, Files int
	Bytes                           int64
}

// Text fields in export order, with the boosts the browser's query gives
// their phrase matches. A name match outweighs the same words in a legal
// representative, and both outweigh commitment items and certificates.
var (
	textFields = []string{"name", "rep", "item", "cert"}
	boosts     = []float64{3, 2, 1, 1}
)

// facetFields are keyword fields whose values the result page counts and
// filters by.
var facetFields = []string{"column", "type", "unit", "year"}

// Build indexes the dataset and writes the exported index under search/.
// The same dataset always gives byte-identical files.
func Build(ds *model.Dataset, w FileWriter) (*Stats, error) {
	for i := 1; i < len(ds.Enterprises); i++ {
		if ds.Enterprises[i-1].Code >= ds.Enterprises[i].Code {
			return nil, fmt.Errorf("建立搜索索引失败：企业未按统一社会信用代码排序（%s）", ds.Enterprises[i].Code)
		}
	}
	rb, err := indexAndRead(ds.Enterprises)
	if err != nil {
		return nil, fmt.Errorf("建立搜索索引失败：%v", err)
	}
	return export(rb, ds.Enterprises, w)
}

// newMapping is the bleve mapping of the enterprise documents: the CJK
// analyzer (after width folding) on text fields with term vectors for
// positions, keywords for the code and facets. Build indexes documents
// it makes itself (bleveDocument), which take the positions from the
// analysis instead of term vectors; the tests' reference index is built
// through this mapping.
func newMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(analyzerName, analyzerConfig); err != nil {
		panic(err) // the configuration is a constant
	}
	im.DefaultAnalyzer = analyzerName
	doc := bleve.NewDocumentStaticMapping()
	for _, f := range textFields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzerName
		fm.Store, fm.IncludeInAll, fm.DocValues = false, false, false
		fm.IncludeTermVectors = true // positions, for phrase matching in the browser
		doc.AddFieldMappingsAt(f, fm)
	}
	for _, f := range append([]string{"code"}, facetFields...) {
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

// document is what bleve indexes for an enterprise.
func document(e *model.Enterprise) map[string]interface{} {
	var columns, types, units, years []string
	var kinds []model.CommitmentType
	if len(e.Disclosures) > 0 {
		columns = append(columns, columnSlugs[0])
	}
	if len(e.Commitments) > 0 {
		columns = append(columns, columnSlugs[1])
	}
	for _, d := range e.Disclosures {
		years = appendYear(years, d.CertIssued)
	}
	for _, c := range e.Commitments {
		if !slices.Contains(kinds, c.Type) {
			kinds = append(kinds, c.Type)
		}
		years = appendYear(years, c.Date)
	}
	for _, k := range kinds {
		if slug := k.Slug(); slug != "" {
			types = append(types, slug)
		}
	}
	units = e.Units()
	return map[string]interface{}{
		"name":   e.Name,
		"rep":    e.LegalRep,
		"item":   itemsOf(e),
		"cert":   certsOf(e),
		"code":   e.Code,
		"column": columns,
		"type":   types,
		"unit":   units,
		"year":   distinct(years),
	}
}

// itemsOf returns the enterprise's distinct commitment items, newest first.
func itemsOf(e *model.Enterprise) []string {
	vs := make([]string, len(e.Commitments))
	for i, c := range e.Commitments {
		vs[i] = c.Item
	}
	return distinct(vs)
}

// certsOf returns the enterprise's distinct certificate names, newest first.
func certsOf(e *model.Enterprise) []string {
	vs := make([]string, len(e.Disclosures))
	for i, d := range e.Disclosures {
		vs[i] = d.CertName
	}
	return distinct(vs)
}

// columnSlugs are the two columns an enterprise can appear in, with the
// labels the result page shows.
var (
	columnSlugs  = []string{"disclosures", "commitments"}
	columnLabels = []string{"企业亮信用", "信用承诺"}
)

func appendYear(ys []string, d model.Date) []string {
	if d.IsZero() {
		return ys
	}
	return append(ys, strconv.Itoa(d.Year))
}

// distinct returns the non-empty values of vs, each once, in first-seen
// order (newest record first). It reuses vs, which the callers build for
// it. An enterprise has a few values of each kind: a linear search finds
// repeats faster than a map until there are many.
func distinct(vs []string) []string {
	out := vs[:0]
	var seen map[string]bool
	for _, v := range vs {
		if v == "" {
			continue
		}
		if len(out) == 16 && seen == nil {
			seen = make(map[string]bool, len(vs))
			for _, o := range out {
				seen[o] = true
			}
		}
		if seen != nil {
			if seen[v] {
				continue
			}
			seen[v] = true
		} else if slices.Contains(out, v) {
			continue
		}
		out = append(out, v)
	}
	return out
}

// facetValues lists the values a facet can take, in display order: the
// columns and commitment types in the notice's order, units and years
// sorted (years newest first).
func facetValues(field string, dict []string) (values, labels []string) {
	switch field {
	case "column":
		return columnSlugs, columnLabels
	case "type":
		for _, t := range model.CommitmentTypes {
			values = append(values, t.Slug())
			labels = append(labels, string(t))
		}
		return values, labels
	case "year":
		values = append([]string{}, dict...)
		sort.Sort(sort.Reverse(sort.StringSlice(values)))
		return values, values
	}
	// A facet no document has (e.g. no 报送单位 at all) is an empty list,
	// never JSON null, which the page script could not iterate.
	values = append([]string{}, dict...)
	return values, values
}
