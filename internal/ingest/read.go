package ingest

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"

	"creditsite/internal/cleantext"
	"creditsite/internal/model"
	"creditsite/internal/schema"
	"creditsite/internal/table"
)

// chunkRows is how many rows are handed to gocsv at once: large enough
// that its per-call reflection setup does not matter, small enough that a
// huge file is never held in memory as rows.
const chunkRows = 4096

// kind is one of the tables read from a folder and what becomes of its rows.
type kind struct {
	spec *spec
	// publish decodes a chunk (header of column keys first) and keeps the
	// valid records, one Source per data row.
	publish func(l *loader, rows [][]string, srcs []model.Source) error
	// count returns how many records are kept so far; setUnit fills
	// Source.Unit of the records kept from index from on.
	count   func(l *loader) int
	setUnit func(l *loader, from int, unit string)
}

var (
	disclosures = &kind{
		spec:    disclosureSpec,
		publish: publishDisclosures,
		count:   func(l *loader) int { return len(l.ds) },
		setUnit: func(l *loader, from int, unit string) {
			for _, d := range l.ds[from:] {
				d.Source.Unit = unit
			}
		},
	}
	commitments = &kind{
		spec:    commitmentSpec,
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

// decode maps rows (column keys first) into typed row structs.
func decode[T any](rows [][]string) ([]*T, error) {
	var out []*T
	err := gocsv.UnmarshalDecoder(chunk(rows), &out)
	return out, err
}

// layout says which raw columns are read, as which schema columns.
type layout struct {
	cols  []column // schema column of each read cell
	index []int    // raw column of each
	keys  []string // cols' keys: the header handed to gocsv
}

// identity reports the raw columns of 企业名称, 法定代表人 and 统一社会信用代码.
func (lay *layout) identity() []int {
	var out []int
	for i, c := range lay.cols {
		if c.name == schema.Name || c.name == schema.LegalRep || c.name == schema.CodeName {
			out = append(out, i)
		}
	}
	return out
}

// readFile reads one CSV file of kind k. file names it in problems. Only
// I/O failures are returned; everything else becomes a problem.
func (l *loader) readFile(file string, r io.Reader, k *kind) error {
	tr, err := table.NewReaderOptions(r, table.Options{MaxCellBytes: l.opt.MaxCellBytes})
	var encErr *table.EncodingError
	if errors.As(err, &encErr) {
		l.add(file, 0, Error, "%s，整个文件未读取", encErr.Msg)
		return nil
	}
	if err != nil {
		return err
	}
	found, err := l.readTable(model.Source{File: file}, tr, k)
	if err == nil && !found {
		l.add(file, 0, Error, "找不到表头：开头没有同时包含“%s”和“%s”的行，整个文件未读取", schema.Name, schema.CodeName)
	}
	return err
}

// readWorkbook reads every worksheet of an .xlsx workbook that holds a
// table; worksheets without a header (notes, instructions) are passed
// over, and a workbook with none is an error.
func (l *loader) readWorkbook(file string, f *os.File, k *kind) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	wb, err := table.NewWorkbook(f, st.Size())
	var encErr *table.EncodingError
	if errors.As(err, &encErr) {
		l.add(file, 0, Error, "%s，整个文件未读取", encErr.Msg)
		return nil
	}
	if err != nil {
		return err
	}
	defer wb.Close()
	tables := 0
	for _, sh := range wb.Sheets() {
		at := model.Source{File: file, Sheet: sh.Name}
		tr, err := wb.Reader(sh.Name)
		if errors.As(err, &encErr) {
			l.addAt(at, Error, "%s，此工作表未读取", encErr.Msg)
			continue
		}
		if err != nil {
			return err
		}
		found, err := l.readTable(at, tr, k)
		if err != nil {
			return err
		}
		if found {
			tables++
			if sh.Hidden {
				l.addAt(at, Warning, "工作表“%s”是隐藏的，其中的表格仍照常读取和发布；不应发布的表请删除而不是隐藏", sh.Name)
			}
		}
	}
	if tables == 0 {
		l.add(file, 0, Error, "找不到表头：没有一个工作表含有同时包含“%s”和“%s”的行，整个文件未读取", schema.Name, schema.CodeName)
	}
	return nil
}

// readTable reads one table (a CSV file or a worksheet) of kind k; at
// names the file and sheet. found is false when no header was found.
func (l *loader) readTable(at model.Source, tr *table.Reader, k *kind) (found bool, err error) {
	header, hline, err := tr.Header(schema.Name, schema.CodeName)
	switch {
	case errors.Is(err, table.ErrNoHeader):
		return false, nil
	case err != nil:
		return true, err
	}
	at.Line = hline
	seen := len(l.res.Problems)
	lay, ok := l.layout(at, header, k.spec)
	headerRow(l.res.Problems[seen:], at, header)
	from := k.count(l)
	b := &batch{l: l, k: k, lay: lay, id: lay.identity(), rows: [][]string{lay.keys}, header: slices.Clone(header)}
	var rowErr *table.RowError
	other := "" // set once a header of another table is met: every row below belongs to it
	for {
		row, err := tr.Next()
		if err == io.EOF {
			break
		}
		if errors.As(err, &rowErr) {
			l.res.Rows++
			l.res.Skipped++
			l.addAt(model.Source{File: at.File, Sheet: at.Sheet, Line: rowErr.Line}, Error, "%s，此行未发布", rowErr.Msg)
			continue
		}
		if err != nil {
			return true, err
		}
		l.res.Rows++
		seen = len(l.res.Problems)
		src := model.Source{File: at.File, Sheet: at.Sheet, Line: row.Line}
		if err := b.readRow(src, row, ok, &other); err != nil {
			return true, err
		}
		attachRow(l.res.Problems[seen:], src, b.header, row.Cells)
	}
	if err := b.flush(); err != nil {
		return true, err
	}
	k.setUnit(l, from, l.unit(at, tr.Unit(), tr.UnitLine(), k.count(l) > from && k != focusKind))
	return true, nil
}

// readRow checks one data row of a table and queues it in b; other
// becomes the explanation for every row once a second table starts.
func (b *batch) readRow(src model.Source, row *table.Row, ok bool, other *string) error {
	l, k := b.l, b.k
	if *other == "" && isHeader(row.Cells) {
		if msg := wrongTable(normalized(row.Cells), k.spec); msg != "" {
			*other = fmt.Sprintf("第%d行起是另一张表：%s", row.Line, msg)
		}
	}
	switch {
	case *other != "":
		l.addAt(src, Error, "%s，此行未发布", *other)
		l.res.Skipped++
		return nil
	case !ok:
		l.res.Skipped++
		return nil
	case row.Kinds == nil && row.Width > len(b.header):
		l.addAt(src, Error, "这一行有%d列，比表头的%d列多（多半是某格中的分隔符没有加引号，使后面各列错位），此行未发布", row.Width, len(b.header))
		l.res.Skipped++
		return nil
	case row.Bad:
		l.addAt(src, Error, "含有无法识别的文字（文件中混用了不同编码？请整表另存为“CSV UTF-8”或直接使用 .xlsx 工作簿），此行未发布")
		l.res.Skipped++
		return nil
	case row.Hidden:
		l.addAt(src, Warning, "此行在 Excel 中被隐藏，仍照常发布；不应发布的行请删除而不是隐藏")
	}
	return b.add(src, row)
}

// attachRow gives the problems about the row at src that have no row yet
// the row's cells as written, copied: the reader reuses its cell slice.
func attachRow(ps []Problem, src model.Source, header, cells []string) {
	var raw *RawRow
	for i := range ps {
		if ps[i].Line != src.Line || ps[i].Row != nil {
			continue
		}
		if raw == nil {
			raw = &RawRow{At: src, Header: header, Cells: slices.Clone(cells)}
		}
		ps[i].Row = raw
	}
}

// headerRow gives the problems found in a table's header (another
// table's, missing, unknown or repeated columns) the header row as
// written.
func headerRow(ps []Problem, at model.Source, header []string) {
	raw := &RawRow{At: at, Cells: slices.Clone(header)}
	for i := range ps {
		if ps[i].Line == at.Line && ps[i].Row == nil {
			ps[i].Row = raw
		}
	}
}

// whole says what a refused table is: the whole file, or one worksheet.
func whole(at model.Source) string {
	if at.Sheet != "" {
		return "此工作表未读取"
	}
	return "整个文件未读取"
}

// isHeader reports whether a row holds the two columns every table's
// header has: a second table stacked under the first.
func isHeader(cells []string) bool {
	// Normalising runs on every row; first check cheaply that some cells
	// hold the names' characters, as a header cell must (normalising only
	// drops spaces, marks and bracketed notes, and narrows full width).
	if !slices.ContainsFunc(cells, func(c string) bool { return holdsRunes(c, schema.Name) }) ||
		!slices.ContainsFunc(cells, func(c string) bool { return holdsRunes(c, schema.CodeName) }) {
		return false
	}
	names := normalized(cells)
	return slices.Contains(names, schema.Name) && slices.Contains(names, schema.CodeName)
}

// holdsRunes reports whether every character of name occurs in s.
func holdsRunes(s, name string) bool {
	for _, r := range name {
		if !strings.ContainsRune(s, r) {
			return false
		}
	}
	return true
}

func normalized(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = table.NormalizeHeader(c)
	}
	return out
}

// layout matches the header against the table's schema. A header that is
// another table's, or lacks required columns, refuses the whole file (ok
// false). Unknown columns are reported once and ignored; personal
// contact columns are dropped silently.
func (l *loader) layout(at model.Source, header []string, s *spec) (lay layout, ok bool) {
	if msg := wrongTable(header, s); msg != "" {
		l.addAt(at, Error, "%s；%s", msg, whole(at))
		return lay, false
	}
	seen := map[string]bool{}
	for i, h := range header {
		name := s.canonical(h)
		c, known := s.column(name)
		switch {
		case h == "":
		case known && c.kind == schema.Private:
		case known:
			if seen[name] {
				l.addAt(at, Warning, "“%s”列出现了不止一次，只读取第一列", name)
				continue
			}
			seen[name] = true
			lay.cols = append(lay.cols, c)
			lay.index = append(lay.index, i)
			lay.keys = append(lay.keys, c.key)
		case isPrivate(h):
			// personal data: never read
		default:
			l.addAt(at, Warning, "不认识的列“%s”，已忽略", h)
		}
	}
	var missing []string
	for _, c := range s.columns {
		if c.required && !seen[c.name] {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		l.addAt(at, Error, "表头缺少“%s”列，%s", strings.Join(missing, "”“"), whole(at))
		return lay, false
	}
	return lay, true
}

// wrongTable says why a header is not table s ("" when it is): it has a
// column only another table has, or none of the columns only s has.
func wrongTable(header []string, s *spec) string {
	for _, o := range specs {
		if o == s {
			continue
		}
		for _, h := range header {
			name := o.canonical(h)
			if !slices.Contains(o.signature, name) {
				continue
			}
			if o == focusSpec {
				return "表头含有“" + name + "”，这是" + o.name + "（只用于上报，从不公开），应放在 data/" + o.folder + "/ 文件夹，不是" + s.name
			}
			return "表头含有“" + name + "”，这是" + o.name + "，不是" + s.name + "，请检查文件是否放错了文件夹（应放在 data/" + o.folder + "/）"
		}
	}
	for _, h := range header {
		if slices.Contains(s.signature, s.canonical(h)) {
			return ""
		}
	}
	if slices.ContainsFunc(header, isPrivate) {
		return "表头有联系人、电话等列，却没有" + s.name + "的任何内容列（" + strings.Join(s.signature, "、") + "），像是附件1《重点关注对象表》（应放在 data/focus/）"
	}
	return "表头没有" + s.name + "的任何内容列（" + strings.Join(s.signature, "、") + "），不是这张表"
}

// unit is the 报送单位 of a table: its 填报单位 line (fromFile, read on
// line), else the configured unit for its sheet's or file's name, else the
// file's name. That last one gets a warning (an error with --strict) when
// the table published something, since a name like 新建 Microsoft Excel
// 工作表 would be shown as the sender.
func (l *loader) unit(at model.Source, fromFile string, line int, published bool) string {
	at.Line = line
	u, refused := l.senderLine(at, fromFile)
	if u != "" {
		return u
	}
	at.Line = 0
	stem := strings.TrimSuffix(path.Base(at.File), path.Ext(at.File))
	for _, name := range []string{at.Sheet, stem} {
		if u := l.opt.Units[name]; u != "" {
			return u
		}
		if name != "" && slices.Contains(slices.Collect(maps.Values(l.opt.Units)), name) {
			return name
		}
	}
	if published && !refused {
		l.addStrictAt(at, "文件中没有“填报单位：××”一行，文件名“%s”也不是 config.yaml 中 units 列出的单位，网站上的报送单位将显示为“%s”；请把文件改名为单位的拼音（如 xiling.csv），或在表头上方加一行“填报单位：××”", stem, stem)
	}
	return stem
}

var bracketNote = regexp.MustCompile(`[（(][^（()）]*[）)]`)

// senderLine cleans the unit named on a 填报单位 line (at) as cells are
// cleaned (see loader.clean): invisible and control characters are removed
// with a warning, and a bidi control refuses the line, since which name
// is meant cannot be known (the table's unit then comes from its file's
// name). Personal data typed after the name (电话13912340000) is removed
// with a warning.
func (l *loader) senderLine(at model.Source, unit string) (clean string, refused bool) {
	unit, fix := cleantext.Clean(unit)
	switch {
	case fix&cleantext.Bidi != 0:
		l.addAt(at, Error, "“填报单位”一行中有改变文字显示方向的控制字符（如 U+202E），在 Excel 中看到的单位名称与实际保存的不同，无法确定哪一种正确，未采用这一行，报送单位按文件名确定；请删去该字符，核对后重新报送")
		return "", true
	case fix != 0:
		l.addAt(at, Warning, "“填报单位”一行中的%s已去除", fix)
	}
	clean, ms := l.privacy.Strip(unit)
	if len(ms) > 0 {
		// A note in brackets that held personal data is a contact note:
		// "宜都市发改局（李四，13912340000）" keeps only the unit.
		clean = strings.TrimSpace(bracketNote.ReplaceAllString(clean, ""))
		l.addAt(at, Warning, "“填报单位”一行含有%s，不能公开，已去掉；报送单位显示为“%s”", ms[0].Kind, clean)
	}
	return clean, false
}
