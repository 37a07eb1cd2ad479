// Package document is the enterprises as bleve sees them: the document
// of a model.Enterprise (its text fields with their boosts, the credit
// code and the facets), the bleve index mapping, and the bleve index
// build (scorch, in memory, one index per range of ordinals) with its
// read-back through bleve's IndexReader (Index), which the root package
// exports as static files.
package document

import (
	"slices"
	"sort"
	"strconv"

	"creditsite/internal/model"
	"creditsite/internal/searchindex/analysis"
)

// TextFields are the text fields in export order, with the boosts the browser's query gives
// their phrase matches, the analyzers that index them and those that
// analyse a query's words for them. A name match outweighs the same words
// in a legal representative, and both outweigh commitment items and
// certificates. Names are matched as people type them (analysis.NameIndex:
// marks ignored, letters and digits paired like ideographs, single
// characters); the other fields by bleve's cjk analysis.
var (
	TextFields     = []string{"name", "rep", "item", "cert"}
	Boosts         = []float64{3, 2, 1, 1}
	Analyzers      = []string{analysis.NameIndex, analysis.Name, analysis.Name, analysis.Name}
	QueryAnalyzers = []string{analysis.NameQuery, analysis.Name, analysis.Name, analysis.Name}
)

// PinyinFields are the name's readings, searched only for near misses,
// never by the exact query: syllables (py) and their first letters (pyi),
// analysed by analysis.PinyinName and analysis.InitialsName.
var PinyinFields = []string{"py", "pyi"}

// AllTextFields are the text fields bleve indexes with positions, and
// AllAnalyzers their analyzers: the exact query's, then the pinyin fields.
// A TermEntry's Field indexes them.
var (
	AllTextFields = append(append([]string{}, TextFields...), PinyinFields...)
	AllAnalyzers  = append(append([]string{}, Analyzers...), analysis.PinyinName, analysis.InitialsName)
)

// FacetFields are keyword fields whose values the result page counts and
// filters by.
var FacetFields = []string{"column", "type", "unit", "year"}

// FacetLabels are the facets' labels on the result page.
var FacetLabels = map[string]string{"column": "栏目", "type": "承诺类型", "unit": "报送单位", "year": "年度"}

// Of is what bleve indexes for an enterprise: field name → a string or
// []string.
func Of(e *model.Enterprise) map[string]interface{} {
	doc := map[string]interface{}{}
	for i, v := range valuesOf(e) {
		doc[docFields[i]] = v
	}
	for _, f := range PinyinFields {
		doc[f] = e.Name // the name's readings
	}
	return doc
}

// docFields are the fields of Of that scorch indexes, in the order of
// valuesOf: the text fields, then the keyword fields.
var docFields = append(append([]string{}, TextFields...), keywordFields...)

// valuesOf returns the values of an enterprise's docFields, a string or
// []string each: Of without the map, which the index build has no use
// for (a map per document was a tenth of the objects it allocated).
func valuesOf(e *model.Enterprise) []interface{} {
	var columns, types, years []string
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
	// In the order of docFields.
	return []interface{}{
		e.Name, e.LegalRep, ItemsOf(e), CertsOf(e),
		e.Code, columns, types, e.Units(), distinct(years),
	}
}

// ItemsOf returns the enterprise's distinct commitment items, newest first.
func ItemsOf(e *model.Enterprise) []string {
	vs := make([]string, len(e.Commitments))
	for i, c := range e.Commitments {
		vs[i] = c.Item
	}
	return distinct(vs)
}

// CertsOf returns the enterprise's distinct certificate names, newest first.
func CertsOf(e *model.Enterprise) []string {
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

// FacetValues lists the values a facet can take, in display order: the
// columns and commitment types in the notice's order, units and years
// sorted (years newest first).
func FacetValues(field string, dict []string) (values, labels []string) {
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
