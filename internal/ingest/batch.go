package ingest

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"creditsite/internal/cleantext"
	"creditsite/internal/model"
	"creditsite/internal/schema"
	"creditsite/internal/table"
)

// batch collects the cleaned rows of one table and hands them to the
// kind's publish in chunks.
type batch struct {
	l    *loader
	k    *kind
	lay  layout
	id   []int      // lay.identity()
	rows [][]string // header of column keys, then the rows
	srcs []model.Source
	raw  [][]string // the queued rows' cells as written, for problems found when they are published
	// header is the table's header as written, shown with a problem row.
	header []string
	// prev is the last row that named its enterprise, for rows whose
	// identity cells were merged in the workbook.
	prev    []string
	prevSrc model.Source
}

// add cleans one data row and queues it; rows refused here are counted.
func (b *batch) add(src model.Source, row *table.Row) error {
	vals := make([]string, len(b.lay.index))
	for i, j := range b.lay.index {
		if j < len(row.Cells) {
			vals[i] = row.Cells[j]
		}
	}
	clean := b.l.clean(src, b.lay, vals)
	if row.AfterGap || row.Kinds != nil {
		// A row continues only the row right above it, and only in CSV:
		// a workbook's merges are explicit and already filled in.
		b.prev = nil
	}
	b.continuation(src, vals)
	if !b.l.check(src, b.lay, vals, row) || !clean {
		b.l.res.Skipped++
		return nil
	}
	b.rows = append(b.rows, vals)
	b.srcs = append(b.srcs, src)
	b.raw = append(b.raw, slices.Clone(row.Cells))
	if len(b.srcs) == chunkRows {
		return b.flush()
	}
	return nil
}

func (b *batch) flush() error {
	if len(b.srcs) > 0 {
		seen := len(b.l.res.Problems)
		if err := b.k.publish(b.l, b.rows, b.srcs); err != nil {
			return err
		}
		b.attachRaw(b.l.res.Problems[seen:])
	}
	clear(b.raw)
	b.rows, b.srcs, b.raw = b.rows[:1], b.srcs[:0], b.raw[:0]
	return nil
}

// attachRaw gives the problems publishing the queued rows found their
// row as written.
func (b *batch) attachRaw(ps []Problem) {
	if len(ps) == 0 {
		return
	}
	rows := make(map[int]*RawRow, len(ps))
	for i, src := range b.srcs {
		rows[src.Line] = &RawRow{At: src, Header: b.header, Cells: b.raw[i]}
	}
	for i := range ps {
		if ps[i].Row == nil {
			ps[i].Row = rows[ps[i].Line]
		}
	}
}

// continuation fills the identity cells (企业名称, 法定代表人, 统一社会信用代码)
// of a row that has them all empty right after a row that has them: the
// layout of one enterprise with several certificates whose identity
// cells were merged in the workbook and came out empty in the CSV. The
// warning names both rows, so a row that really lost its enterprise is
// seen.
func (b *batch) continuation(src model.Source, vals []string) {
	id := b.id
	empty := true
	for _, i := range id {
		if strings.TrimSpace(vals[i]) != "" {
			empty = false
		}
	}
	if !empty {
		b.prev, b.prevSrc = vals, src
		return
	}
	if b.prev == nil || !b.hasContent(vals) {
		return
	}
	var names []string
	for _, i := range id {
		vals[i] = b.prev[i]
		names = append(names, b.lay.cols[i].name)
	}
	b.l.addAt(src, Warning, "%s为空，按合并单元格处理，视为第%d行“%s”的续行；如不是同一企业，请补全后重新报送",
		strings.Join(names, "、"), b.prevSrc.Line, b.prev[nameIndex(b.lay)])
}

// hasContent reports whether a row with empty identity cells continues
// the enterprise above: its 序号 is empty too (a row numbered on its own
// is its own record, missing its name) and some other cell has a value.
func (b *batch) hasContent(vals []string) bool {
	content := false
	for i, v := range vals {
		switch c := b.lay.cols[i]; {
		case v == "" || slices.Contains(b.id, i):
		case c.kind == schema.Serial:
			return false
		default:
			content = true
		}
	}
	return content
}

func nameIndex(lay layout) int {
	for i, c := range lay.cols {
		if c.name == schema.Name {
			return i
		}
	}
	return 0
}

// clean removes invisible and control characters from every value of a
// row in place, with a warning naming the column. ok is false when a bidi
// control was removed from a column other than free text: in a name,
// code, number or date the clerk saw in Excel a value other than the one
// stored ("\u202E1234" shows as 4321), and which one is meant cannot be
// known, so the row is refused.
func (l *loader) clean(src model.Source, lay layout, vals []string) (ok bool) {
	ok = true
	for i, c := range lay.cols {
		v, fix := cleantext.Clean(vals[i])
		switch {
		case fix&cleantext.Bidi != 0 && c.kind != schema.Text:
			l.addAt(src, Error, "“%s”中有改变文字显示方向的控制字符（如 U+202E），在 Excel 中看到的文字与实际保存的不同，无法确定哪一种正确，此行未发布；请删去该字符，核对后重新报送", c.name)
			ok = false
		case fix != 0:
			l.addAt(src, Warning, "“%s”中的%s已去除", c.name, fix)
		}
		vals[i] = v
	}
	return ok
}

// check looks for what no column may publish: a cell over the length
// limit, personal data in any text column and a numeric workbook cell in
// the code column are errors; a character probably lost by an ANSI export
// is a warning (an error with --strict), and so is a value longer than
// its kind's schema.Kind.MaxChars. ok is false when the row must not be
// published.
func (l *loader) check(src model.Source, lay layout, vals []string, row *table.Row) (ok bool) {
	ok = true
	limit := l.maxCellBytes()
	for i, c := range lay.cols {
		v := vals[i]
		if v == "" {
			continue
		}
		if len(v) > limit { // CSV cells are held to it by the reader; worksheet cells here
			l.addAt(src, Error, "“%s”有%d个字（%d字节），超过每格%d字节的长度上限，此行未发布；请精简后重新报送，篇幅长的材料可作为附件提供",
				c.name, utf8.RuneCountInString(v), len(v), limit)
			ok = false
			continue
		}
		if n, most := utf8.RuneCountInString(v), c.kind.MaxChars(); most > 0 && n > most {
			l.addAt(src, Warning, "“%s”有%d个字，超过%d个字，请核对是否填错了列或粘贴了多余内容%s", c.name, n, most, cutNote(c.kind, most))
		}
		if c.kind == schema.Code && row.Kinds != nil && row.Kinds[lay.index[i]] == table.Number {
			// The value is not shown: it may be a resident ID number.
			l.addAt(src, Error, "统一社会信用代码单元格是数字格式（Excel 只保留 15 位有效数字，第16–18位已变成0）；请把该列设为“文本”格式，按营业执照重新填写，此行未发布")
			ok = false
			continue
		}
		if (c.kind == schema.Line || c.name == "信用承诺事项") && cleantext.LostCharacter(v) {
			l.addStrictAt(src, "“%s”中有“?”，可能是另存为“CSV（逗号分隔）”时丢失了生僻字；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或直接使用 .xlsx 工作簿后重新报送", c.name)
		}
		if c.kind == schema.Text || c.kind == schema.Line || c.kind == schema.Alnum {
			if ms := l.privacy.Find(v); len(ms) > 0 {
				l.addAt(src, Error, "“%s”中含有个人信息（%s），不能公开，此行未发布；请删去后重新报送", c.name, ms[0].Kind)
				ok = false
			}
		}
	}
	return ok
}

// maxCellBytes is the longest cell a row may hold: Options.MaxCellBytes,
// and never more than an Excel cell holds (excelize.TotalCellChars
// characters; a character is at least one byte), so that every published
// value fits the open-data workbook whole.
func (l *loader) maxCellBytes() int {
	limit := l.opt.MaxCellBytes
	if limit <= 0 {
		limit = table.DefaultMaxCellBytes
	}
	return min(limit, excelize.TotalCellChars)
}

// cutNote says where a free-text value over its limit is shown whole.
func cutNote(k schema.Kind, most int) string {
	if k != schema.Text {
		return ""
	}
	return fmt.Sprintf("；列表中只显示前%d个字，全文见企业页面", most)
}
