// Package checkreport writes the data check as one self-contained HTML
// page for staff: problems grouped by file, errors first, each with its
// place (FILE:LINE or FILE:SHEET!ROW, as in the text report), the row as
// typed with the bad cell marked, and what to do about it. The page may
// be mailed around, so personal data in cells and messages is masked.
package checkreport

import (
	"cmp"
	"io"
	"slices"
	"strings"

	"creditsite/internal/ingest"
	"creditsite/internal/privacy"
)

// Page is what the template shows.
type Page struct {
	Files                    []File
	Rows, Records, Skipped   int
	Errors, Warnings, Strict int
}

// File is one source file's counts and problems.
type File struct {
	Name                     string
	Rows, Published, LeftOut int
	Errors, Warnings         int
	Problems                 []Item
}

// Item is one problem as shown.
type Item struct {
	Where, Msg, Fix string
	Error, Strict   bool
	Cells           []Cell // the row as typed; nil when the problem is not about one row
}

// Cell is one cell of a problem row, masked, with its column's header.
type Cell struct {
	Header, Value string
	Bad           bool // the cell the problem is about
}

// Write writes the report of res. d finds the personal data to mask: the
// site's detector, so configured privatePatterns are masked too.
func Write(w io.Writer, res *ingest.Result, d *privacy.Detector) error {
	return page.Execute(w, NewPage(res, d))
}

// NewPage groups res's problems by file, errors before warnings.
func NewPage(res *ingest.Result, d *privacy.Detector) *Page {
	p := &Page{Rows: res.Rows, Records: res.Records, Skipped: res.Skipped}
	files := map[string]*File{}
	get := func(name string) *File {
		if files[name] == nil {
			files[name] = &File{Name: name}
		}
		return files[name]
	}
	for name, n := range res.FileRows {
		get(name).Rows = n
	}
	for _, n := range published(res) {
		get(n).Published++
	}
	for _, pr := range res.Problems {
		f := get(pr.File)
		f.Problems = append(f.Problems, item(pr, d))
		switch {
		case pr.Severity == ingest.Error:
			f.Errors++
			p.Errors++
		default:
			f.Warnings++
			p.Warnings++
			if pr.Strict {
				p.Strict++
			}
		}
	}
	for _, f := range files {
		f.LeftOut = max(f.Rows-f.Published, 0)
		// Stable: within a severity, problems keep ingest's file order.
		slices.SortStableFunc(f.Problems, func(a, b Item) int { return rank(a) - rank(b) })
		p.Files = append(p.Files, *f)
	}
	// Files with errors first, then with warnings, then clean ones.
	slices.SortFunc(p.Files, func(a, b File) int {
		return cmp.Or(cmp.Compare(fileRank(a), fileRank(b)), strings.Compare(a.Name, b.Name))
	})
	return p
}

func rank(it Item) int {
	if it.Error {
		return 0
	}
	return 1
}

func fileRank(f File) int {
	switch {
	case f.Errors > 0:
		return 0
	case f.Warnings > 0:
		return 1
	}
	return 2
}

// published lists the source file of every published record.
func published(res *ingest.Result) []string {
	if res.Dataset == nil {
		return nil
	}
	var files []string
	for _, r := range res.Dataset.Disclosures {
		files = append(files, r.Source.File)
	}
	for _, r := range res.Dataset.Commitments {
		files = append(files, r.Source.File)
	}
	return files
}

func item(pr ingest.Problem, d *privacy.Detector) Item {
	it := Item{Where: mask(pr.Where(), d), Msg: mask(pr.Msg, d), Fix: advice(pr.Msg),
		Error: pr.Severity == ingest.Error, Strict: pr.Strict}
	if pr.Row == nil {
		return it
	}
	bad := badColumns(pr.Msg, pr.Row)
	for i, v := range pr.Row.Cells {
		h := ""
		if i < len(pr.Row.Header) {
			h = pr.Row.Header[i]
		}
		if h == "" && v == "" {
			continue
		}
		it.Cells = append(it.Cells, Cell{Header: columnName(h), Value: mask(v, d), Bad: bad[i]})
	}
	return it
}

// badColumns marks the cells a message is about: those whose column name
// it mentions (ingest names the column, as in “其他”中含有个人信息), else
// those whose value it quotes.
func badColumns(msg string, row *ingest.RawRow) map[int]bool {
	bad := map[int]bool{}
	for i, h := range row.Header {
		if n := columnName(h); n != "" && strings.Contains(msg, n) {
			bad[i] = true
		}
	}
	if len(bad) > 0 {
		return bad
	}
	for i, v := range row.Cells {
		if v != "" && strings.Contains(msg, "“"+v+"”") {
			bad[i] = true
		}
	}
	return bad
}

// columnName is a header cell without its line breaks, spaces and the
// hint templates put in brackets (信用承诺类型( 审批替代型、… ) is 信用承诺类型).
func columnName(h string) string {
	h = strings.Join(strings.Fields(h), "")
	if i := strings.IndexAny(h, "(（"); i > 0 {
		h = h[:i]
	}
	return h
}
