// Package searchindex indexes the enterprises with bleve (scorch, CJK
// analyzer, tf-idf) and exports that index, read back through bleve's
// IndexReader, as static files under search/, which the browser queries
// (layouts/static/js/search/): a query downloads only the shards of its
// own terms, the postings blocks its candidates fall in, and the document
// table rows it displays. The format is described in FORMAT.md.
//
// The work is split along bleve's seams: package analysis is the
// analyzers (creditsite_cjk; creditsite_name for names; the pinyin
// analyzers of near misses), package document the documents, their
// mapping and the bleve index build with its read-back, and this package
// the export (files named by their bytes, meta.json, the near file of
// near misses) and what a deploy reads back from it (Referenced, NamedBy).
package searchindex

import (
	"fmt"

	"creditsite/internal/model"
	"creditsite/internal/searchindex/document"
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

// Build indexes the dataset and writes the exported index under search/.
// The same dataset always gives byte-identical files.
func Build(ds *model.Dataset, w FileWriter) (*Stats, error) {
	for i := 1; i < len(ds.Enterprises); i++ {
		if ds.Enterprises[i-1].Code >= ds.Enterprises[i].Code {
			return nil, fmt.Errorf("建立搜索索引失败：企业未按统一社会信用代码排序（%s）", ds.Enterprises[i].Code)
		}
	}
	rb, err := document.Index(ds.Enterprises)
	if err != nil {
		return nil, fmt.Errorf("建立搜索索引失败：%v", err)
	}
	return export(rb, ds.Enterprises, w)
}
