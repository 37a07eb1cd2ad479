package ingest

import (
	"encoding/csv"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/gocarina/gocsv"

	"creditsite/internal/model"
	"creditsite/internal/table"
)

// chunkRows is how many rows are handed to gocsv at once: large enough
// that its per-call reflection setup does not matter, small enough that a
// huge file is never held in memory as rows.
const chunkRows = 4096

// kind is one of the two published tables and where its files live.
type kind struct {
	folder string
	schema *schema
	// publish decodes a chunk (header row first) and keeps the valid
	// records, one Source per data row.
	publish func(l *loader, rows [][]string, srcs []model.Source) error
	// count returns how many records are kept so far; setUnit fills
	// Source.Unit of the records kept from index from on.
	count   func(l *loader) int
	setUnit func(l *loader, from int, unit string)
}

var (
	disclosures = &kind{
		folder:  "disclosures",
		schema:  disclosureSchema,
		publish: publishDisclosures,
		count:   func(l *loader) int { return len(l.ds) },
		setUnit: func(l *loader, from int, unit string) {
			for _, d := range l.ds[from:] {
				d.Source.Unit = unit
			}
		},
	}
	commitments = &kind{
		folder:  "commitments",
		schema:  commitmentSchema,
		publish: publishCommitments,
		count:   func(l *loader) int { return len(l.cs) },
		setUnit: func(l *loader, from int, unit string) {
			for _, c := range l.cs[from:] {
				c.Source.Unit = unit
			}
		},
	}
)

// chunk hands rows to gocsv.
type chunk [][]string

func (c chunk) GetCSVRows() ([][]string, error) { return c, nil }

// decode maps rows (canonical header first) into typed row structs.
func decode[T any](rows [][]string) ([]*T, error) {
	var out []*T
	err := gocsv.UnmarshalDecoder(chunk(rows), &out)
	return out, err
}

// layout says which raw columns are read, under which canonical names.
type layout struct {
	names []string // canonical header handed to gocsv
	index []int    // raw column of each name
}

// readFile reads one CSV file of kind k. file names it in problems. Only
// I/O failures are returned; everything else becomes a problem.
func (l *loader) readFile(file string, r io.Reader, k *kind) error {
	tr, err := table.NewReader(r)
	var encErr *table.EncodingError
	if errors.As(err, &encErr) {
		l.add(file, 0, Error, "%s，整个文件未读取", encErr.Msg)
		return nil
	}
	if err != nil {
		return err
	}
	header, hline, err := tr.Header(colName, colCode)
	switch {
	case errors.Is(err, table.ErrNoHeader):
		l.add(file, 0, Error, "找不到表头：文件开头没有同时包含“%s”和“%s”的行，整个文件未读取", colName, colCode)
		return nil
	case err != nil:
		return l.csvError(file, err)
	}
	lay, ok := l.layout(file, hline, header, k.schema)
	from := k.count(l)
	rows := [][]string{lay.names}
	var srcs []model.Source
	flush := func() error {
		if len(srcs) > 0 {
			if err := k.publish(l, rows, srcs); err != nil {
				return err
			}
		}
		rows, srcs = rows[:1], srcs[:0]
		return nil
	}
	for {
		row, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if cerr := l.csvError(file, err); cerr != nil {
				return cerr
			}
			break
		}
		l.res.Rows++
		switch {
		case !ok:
			l.res.Skipped++
			continue
		case row.Bad:
			l.add(file, row.Line, Error, "含有无法识别的文字（文件中混用了不同编码？请整表另存为“CSV UTF-8”），此行未发布")
			l.res.Skipped++
			continue
		}
		vals := make([]string, len(lay.index))
		for i, j := range lay.index {
			if j < len(row.Cells) {
				vals[i] = row.Cells[j]
			}
		}
		rows = append(rows, vals)
		srcs = append(srcs, model.Source{File: file, Line: row.Line})
		if len(srcs) == chunkRows {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	k.setUnit(l, from, l.unit(file, tr.Unit()))
	return nil
}

// csvError reports malformed CSV as a problem; other errors are I/O
// failures and are returned.
func (l *loader) csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		l.add(file, pe.Line, Error, "CSV 格式错误（%v），此后的内容未读取", pe.Err)
		return nil
	}
	return err
}

// unit is the 报送单位 of a file: its 填报单位 line, else the configured
// unit for its name, else its name.
func (l *loader) unit(file, fromFile string) string {
	if fromFile != "" {
		return fromFile
	}
	stem := strings.TrimSuffix(path.Base(file), path.Ext(file))
	if u := l.opt.Units[stem]; u != "" {
		return u
	}
	return stem
}

// layout matches the header against the schema. Unknown columns are
// reported once and ignored; personal contact columns are dropped
// silently. ok is false when the file cannot give valid rows.
func (l *loader) layout(file string, line int, header []string, s *schema) (lay layout, ok bool) {
	for _, h := range header {
		if name := canonical(h); contains(s.foreign, name) {
			l.add(file, line, Error, "表头含有“%s”，不是%s，请检查文件是否放错了文件夹；整个文件未读取", name, s.title)
			return lay, false
		}
	}
	seen := map[string]bool{}
	for i, h := range header {
		name := canonical(h)
		switch {
		case name == "":
		case contains(s.columns, name):
			if seen[name] {
				l.add(file, line, Warning, "“%s”列出现了不止一次，只读取第一列", name)
				continue
			}
			seen[name] = true
			lay.names = append(lay.names, name)
			lay.index = append(lay.index, i)
		case isPrivate(name):
			// personal data: never read
		case !s.quiet:
			l.add(file, line, Warning, "不认识的列“%s”，已忽略", h)
		}
	}
	var missing []string
	for _, c := range s.required {
		if !seen[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		l.add(file, line, Error, "表头缺少“%s”列，整个文件未读取", strings.Join(missing, "”“"))
		return lay, false
	}
	return lay, true
}
