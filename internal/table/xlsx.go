package table

// Reading .xlsx workbooks (ECMA-376 Part 1 SpreadsheetML: a zip of XML
// parts). Cells are read as the clerk sees them in Excel, so that a
// worksheet gives the table a careful "save as CSV UTF-8" would, without
// what that export loses: codes typed as text keep all their digits,
// characters outside GBK survive, dates come out as dates whatever their
// number format, a merged cell's value is repeated down the rows it spans,
// hidden rows are flagged, and each cell says what it held (text, number,
// date…).
//
// The worksheet is parsed here with encoding/xml, row by row, rather than
// through excelize: excelize's streaming iterator (Rows.Columns) gives
// neither a cell's type nor its style, and its per-cell GetCellType,
// GetCellStyle and GetMergeCells load the whole worksheet into memory
// (measured on a 100 000 × 14 sheet: GetMergeCells 50 s and 670 MB of
// heap, the Rows iterator after it 31 s). Here memory is one row plus the
// workbook's shared strings and merged ranges.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Messages for staff, one sentence each; callers may add to them.
const (
	xlsxEmpty       = "文件是空的（0 字节），请重新保存或导出后再放进文件夹"
	xlsxPassword    = "工作簿设置了打开密码，请在 Excel/WPS 中打开、取消密码并保存后再放进文件夹"
	xlsxLegacy      = "这是旧版 Excel 97-2003 工作簿（.xls）或 WPS 表格（.et），请在 Excel/WPS 中“另存为”Excel 工作簿（.xlsx）后再放进文件夹"
	xlsxMarkup      = "这是网页或 XML 格式的表格（业务系统导出的“Excel”常是这种），不是真正的 Excel 工作簿，请在 Excel/WPS 中打开后“另存为”Excel 工作簿（.xlsx）"
	xlsxNotWorkbook = "文件不是 Excel 工作簿（.xlsx）或已损坏，请在 Excel/WPS 中打开后“另存为”Excel 工作簿（.xlsx）"
	xlsxBrokenSheet = "工作表“%s”已损坏，请在 Excel/WPS 中打开后重新保存"
	xlsxBrokenRows  = "工作表从第 %d 行起已损坏，以下各行都无法读取（请在 Excel/WPS 中打开后重新保存）"
	xlsxBadCell     = "单元格 %s 的内容无法读取（文件可能已损坏，请在 Excel/WPS 中打开后重新保存）"
)

// Worksheet limits (ECMA-376 Part 1 §18.3.1.73, Excel's specification).
const (
	sheetMaxRows = 1 << 20
	sheetMaxCols = 1 << 14
)

// Workbook is an .xlsx (or .xlsm) workbook opened for reading its
// worksheets. It is not safe for concurrent use.
type Workbook struct {
	parts    map[string]*zip.File // by lower-case part name: part names ignore case
	sheets   []worksheet
	strings  []string    // the shared string table
	formats  []numFormat // by cell format (cellXfs) index
	date1904 bool
	open     []*sheetSource // readers still holding a decompressor
}

// Sheet is a worksheet as listed in the workbook.
type Sheet struct {
	Name   string
	Hidden bool // hidden or "very hidden" (only visible from VBA)
}

type worksheet struct {
	Sheet
	part   *zip.File
	merges []mergeRange // sorted by top row
}

// NewWorkbook reads the workbook's structure, styles and shared strings
// from r, and checks every worksheet against its zip checksum, so that a
// damaged file is refused here rather than halfway through a table. A file
// that is not a readable workbook (empty, .xls/.et, password-protected, an
// HTML "xls", not a zip, damaged) gives an *EncodingError whose Msg says so
// in one Chinese sentence; other errors are I/O failures.
func NewWorkbook(r io.ReaderAt, size int64) (*Workbook, error) {
	if msg := sniffWorkbook(r, size); msg != "" {
		return nil, &EncodingError{msg}
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, &EncodingError{xlsxNotWorkbook}
	}
	w := &Workbook{parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		if w.parts[name] == nil {
			w.parts[name] = f
		}
	}
	if err := w.load(); err != nil {
		return nil, err
	}
	return w, nil
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// sniffWorkbook tells the files that are not zips apart by their first bytes.
func sniffWorkbook(r io.ReaderAt, size int64) string {
	if size == 0 {
		return xlsxEmpty
	}
	head := make([]byte, 512)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, oleMagic) && encryptedOLE(r, size):
		return xlsxPassword
	case bytes.HasPrefix(head, oleMagic):
		return xlsxLegacy
	case bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n"), []byte("<")):
		return xlsxMarkup
	}
	return ""
}

// encryptedOLE reports whether an OLE2 compound file is an encrypted OOXML
// workbook, which Excel stores in the stream EncryptedPackage
// (MS-OFFCRYPTO §2.3.4.4), unlike a .xls or .et. The stream's UTF-16 name
// is looked for anywhere rather than by walking the directory: a false
// match only changes which message staff get.
func encryptedOLE(r io.ReaderAt, size int64) bool {
	var name []byte
	for _, c := range "EncryptedPackage" {
		name = append(name, byte(c), 0)
	}
	buf := make([]byte, 1<<20)
	for off := int64(0); off < size; off += int64(len(buf) - len(name)) {
		n, _ := r.ReadAt(buf, off)
		if bytes.Contains(buf[:n], name) {
			return true
		}
		if n < len(buf) {
			break
		}
	}
	return false
}

// part returns the zip entry of a part name, or nil.
func (w *Workbook) part(name string) *zip.File {
	return w.parts[strings.ToLower(name)]
}

// load reads the workbook part, found through the package relationships
// (ECMA-376 Part 2 §9.3), its sheets and their merged ranges, the styles
// and the shared strings.
func (w *Workbook) load() error {
	book := "xl/workbook.xml"
	rels, err := w.relationships("")
	if err != nil {
		return &EncodingError{xlsxNotWorkbook}
	}
	for _, r := range rels {
		if r.kind == "officeDocument" {
			book = r.target
		}
	}
	if rels, err = w.relationships(book); err != nil {
		return &EncodingError{xlsxNotWorkbook}
	}
	byID := make(map[string]relationship, len(rels))
	for _, r := range rels {
		byID[r.id] = r
		switch r.kind {
		case "styles":
			err = errors.Join(err, w.readStyles(w.part(r.target)))
		case "sharedStrings":
			err = errors.Join(err, w.readStrings(w.part(r.target)))
		}
	}
	if err != nil || w.readBook(book, byID) != nil {
		return &EncodingError{xlsxNotWorkbook}
	}
	for i := range w.sheets {
		sh := &w.sheets[i]
		if sh.part == nil {
			return &EncodingError{fmt.Sprintf(xlsxBrokenSheet, sh.Name)}
		}
		if sh.merges, err = readMerges(sh.part); err != nil {
			return &EncodingError{fmt.Sprintf(xlsxBrokenSheet, sh.Name)}
		}
	}
	return nil
}

type relationship struct {
	id, kind, target string // kind is the Type URI's last segment, e.g. "worksheet"
}

// relationships reads the relationships of the part source ("" for the
// package), with targets resolved to part names. A missing .rels part
// gives none.
func (w *Workbook) relationships(source string) ([]relationship, error) {
	dir, file := path.Split(source)
	f := w.part(dir + "_rels/" + file + ".rels")
	if f == nil {
		return nil, nil
	}
	var rels []relationship
	err := walkPart(f, func(_ *xml.Decoder, se xml.StartElement, _ string) (bool, error) {
		if se.Name.Local == "Relationship" && xmlAttr(se, "TargetMode") != "External" {
			target, kind := xmlAttr(se, "Target"), xmlAttr(se, "Type")
			if strings.HasPrefix(target, "/") {
				target = target[1:]
			} else {
				target = path.Join(dir, target)
			}
			rels = append(rels, relationship{xmlAttr(se, "Id"), kind[strings.LastIndex(kind, "/")+1:], target})
		}
		return false, nil
	})
	return rels, err
}

// readBook reads the sheet list and the date system. Chart and macro
// sheets are left out: they hold no cells.
func (w *Workbook) readBook(book string, rels map[string]relationship) error {
	f := w.part(book)
	if f == nil {
		return os.ErrNotExist
	}
	root := false
	err := walkPart(f, func(_ *xml.Decoder, se xml.StartElement, parent string) (bool, error) {
		switch {
		case se.Name.Local == "workbook" && parent == "":
			root = true
		case se.Name.Local == "workbookPr":
			w.date1904 = xmlBool(xmlAttr(se, "date1904"))
		case se.Name.Local == "sheet" && parent == "sheets":
			r, ok := rels[xmlAttr(se, "id")] // r:id
			if ok && r.kind != "worksheet" {
				break
			}
			state := xmlAttr(se, "state")
			w.sheets = append(w.sheets, worksheet{
				Sheet: Sheet{Name: xmlAttr(se, "name"), Hidden: state == "hidden" || state == "veryHidden"},
				part:  w.part(r.target),
			})
		}
		return false, nil
	})
	if err == nil && !root {
		err = os.ErrNotExist
	}
	return err
}

// readStyles reads the number format of each cell format (cellXfs; the
// xf elements of cellStyleXfs and the numFmts of dxfs are other things).
func (w *Workbook) readStyles(f *zip.File) error {
	if f == nil {
		return nil
	}
	codes := map[int]string{}
	var ids []int
	err := walkPart(f, func(_ *xml.Decoder, se xml.StartElement, parent string) (bool, error) {
		id, _ := strconv.Atoi(xmlAttr(se, "numFmtId"))
		switch {
		case se.Name.Local == "numFmt" && parent == "numFmts":
			codes[id] = xmlAttr(se, "formatCode")
		case se.Name.Local == "xf" && parent == "cellXfs":
			ids = append(ids, id)
		}
		return false, nil
	})
	for _, id := range ids {
		code, custom := codes[id]
		w.formats = append(w.formats, numFormatOf(id, code, custom))
	}
	return err
}

// readStrings reads the shared string table.
func (w *Workbook) readStrings(f *zip.File) error {
	if f == nil {
		return nil
	}
	return walkPart(f, func(d *xml.Decoder, se xml.StartElement, _ string) (bool, error) {
		if se.Name.Local != "si" {
			return false, nil
		}
		s, err := richText(d, "si")
		w.strings = append(w.strings, s)
		return true, err
	})
}

// Sheets lists the worksheets in workbook order, hidden ones included.
func (w *Workbook) Sheets() []Sheet {
	out := make([]Sheet, len(w.sheets))
	for i, sh := range w.sheets {
		out[i] = sh.Sheet
	}
	return out
}

// Reader returns a table reader over the named worksheet; its Line is the
// worksheet row number. Rows come as Excel shows them: text as typed;
// numbers with at most 15 significant digits, as plain digits
// (914205001648089000, not 9.14205E+17) and kind Number; numbers with a
// date or time format as YYYY-MM-DD and kind Date; TRUE/FALSE as Bool; a
// formula's cached result, or its error value (#N/A) as FormulaError; the
// value of a merged range in each of its rows (see fillMerges); hidden
// rows with Hidden.
// A cell that cannot be read makes its row a *RowError; a worksheet whose
// XML breaks off gives a *RowError for the row where it does, then io.EOF.
// Only rows present in the worksheet are returned; the reader holds one
// row's cells and the decompressor until the end, or until Close.
func (w *Workbook) Reader(sheet string) (*Reader, error) {
	i := slices.IndexFunc(w.sheets, func(sh worksheet) bool { return sh.Name == sheet })
	if i < 0 {
		return nil, fmt.Errorf("table: no worksheet %q", sheet)
	}
	sh := &w.sheets[i]
	rc, err := sh.part.Open()
	if err != nil {
		return nil, &EncodingError{fmt.Sprintf(xlsxBrokenSheet, sh.Name)}
	}
	w.open = slices.DeleteFunc(w.open, func(s *sheetSource) bool { return s.d == nil })
	s := &sheetSource{
		w:       w,
		rc:      rc,
		d:       xml.NewDecoder(bufio.NewReaderSize(rc, 64<<10)),
		pending: slices.Clone(sh.merges),
	}
	w.open = append(w.open, s)
	return &Reader{src: s}, nil
}

// Close releases the readers still open; the caller closes the file.
func (w *Workbook) Close() error {
	for _, s := range w.open {
		s.close()
	}
	w.open = nil
	return nil
}

// mergeRange is a merged range of cells, 1-based and inclusive, and the
// value of its top-left cell once read.
type mergeRange struct {
	top, left, bottom, right int
	value                    string
	kind                     CellKind
}

// readMerges reads the merged ranges of a worksheet part, reading the whole
// part so that zip's checksum vouches for the cells read later. The ranges
// follow the cells (CT_Worksheet's element order), so the cells are passed
// over by looking for the mergeCells tag rather than parsed: a '<' always
// starts a tag, since text and attribute values escape it, except in
// comments, CDATA sections and processing instructions; a part holding any
// of those is parsed in full instead.
func readMerges(f *zip.File) ([]mergeRange, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	found, plain, err := findTag(br, "mergeCells")
	var ms []mergeRange
	collect := func(_ *xml.Decoder, se xml.StartElement, parent string) (bool, error) {
		if se.Name.Local == "mergeCell" && parent == "mergeCells" {
			if m, ok := parseMergeRange(xmlAttr(se, "ref")); ok {
				ms = append(ms, m)
			}
		}
		return false, nil
	}
	switch {
	case err != nil, plain && !found: // !found: read to the end, checksum included
	case plain:
		err = walkXML(xml.NewDecoder(io.MultiReader(strings.NewReader("<"), br)), collect)
	default:
		err = walkPart(f, collect)
	}
	slices.SortStableFunc(ms, func(a, b mergeRange) int { return a.top - b.top })
	return ms, err
}

// findTag reads br up to just after the '<' of the first tag named name
// (with any namespace prefix). plain is false, and reading stops, at the
// first comment, CDATA section or processing instruction after the XML
// declaration.
func findTag(br *bufio.Reader, name string) (found, plain bool, err error) {
	for first := true; ; first = false {
		_, err := br.ReadSlice('<')
		for err == bufio.ErrBufferFull {
			_, err = br.ReadSlice('<')
		}
		if err == io.EOF {
			return false, true, nil
		}
		if err != nil {
			return false, false, err
		}
		next, _ := br.Peek(len(name) + 32) // room for a prefix
		switch {
		case len(next) > 0 && (next[0] == '!' || next[0] == '?' && !first):
			return false, false, nil
		case isTag(next, name):
			return true, true, nil
		}
	}
}

// isTag reports whether b, which follows a '<', starts the tag name or
// prefix:name. It runs for every tag of a worksheet, hence the loop.
func isTag(b []byte, name string) bool {
	for i, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', '/', '>':
			tag := b[:i]
			n := len(tag) - len(name)
			return n >= 0 && string(tag[n:]) == name && (n == 0 || tag[n-1] == ':')
		}
	}
	return false
}

// parseMergeRange parses a range such as "A1:C3", in either corner order. A
// single cell is no merge.
func parseMergeRange(ref string) (mergeRange, bool) {
	a, b, ok := strings.Cut(ref, ":")
	c1, r1, ok1 := cellRef(a)
	c2, r2, ok2 := cellRef(b)
	if !ok || !ok1 || !ok2 || c1 == c2 && r1 == r2 {
		return mergeRange{}, false
	}
	return mergeRange{top: min(r1, r2), left: min(c1, c2), bottom: max(r1, r2), right: max(c1, c2)}, true
}

// cellRef parses a cell reference such as "AB12".
func cellRef(ref string) (col, row int, ok bool) {
	i := 0
	for ; i < len(ref) && i < 3; i++ {
		c := ref[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || 'Z' < c {
			break
		}
		col = col*26 + int(c-'A') + 1
	}
	row, err := strconv.Atoi(ref[i:])
	ok = err == nil && i > 0 && col <= sheetMaxCols && 1 <= row && row <= sheetMaxRows && ref[i] != '+'
	return col, row, ok
}

// cellName is the reference of a cell, e.g. "AB12", for messages.
func cellName(col, row int) string {
	var b []byte
	for ; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b) + strconv.Itoa(row)
}

// sheetSource reads a worksheet's rows (CT_SheetData, ECMA-376 Part 1
// §18.3.1.80) one by one.
type sheetSource struct {
	w       *Workbook
	rc      io.ReadCloser
	d       *xml.Decoder // nil once closed
	inData  bool         // inside sheetData
	row     int          // number of the last row read
	pending []mergeRange // merged ranges below the rows read, by top row
	active  []mergeRange // merged ranges over the current row
	rec     []string
	kinds   []CellKind
}

func (s *sheetSource) close() {
	if s.d != nil {
		s.rc.Close()
		s.rc, s.d, s.pending, s.active = nil, nil, nil, nil
	}
}

func (s *sheetSource) next() ([]string, []CellKind, int, bool, error) {
	if s.d == nil {
		return nil, nil, 0, false, io.EOF
	}
	line, hidden, bad, err := s.readRow()
	if err == io.EOF {
		s.close()
		return nil, nil, 0, false, io.EOF
	}
	if err != nil {
		s.close()
		return nil, nil, line, false, &RowError{Line: line, Msg: fmt.Sprintf(xlsxBrokenRows, line)}
	}
	s.fillMerges(line)
	if bad != 0 {
		return nil, nil, line, hidden, &RowError{Line: line, Msg: fmt.Sprintf(xlsxBadCell, cellName(bad, line))}
	}
	return s.rec, s.kinds, line, hidden, nil
}

// readRow reads the next row element into rec and kinds. bad is the
// column of the first cell that could not be read, or 0. err is io.EOF
// after the last row, and otherwise means the XML is broken.
func (s *sheetSource) readRow() (line int, hidden bool, bad int, err error) {
	line = s.row + 1
	start, err := s.rowTag()
	if err != nil {
		return line, false, 0, err
	}
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "r":
			if line, err = strconv.Atoi(a.Value); err != nil {
				return s.row + 1, false, 0, err
			}
		case "hidden":
			hidden = hidden || xmlBool(a.Value)
		case "ht": // a row of height 0 cannot be seen either
			ht, err := strconv.ParseFloat(a.Value, 64)
			hidden = hidden || err == nil && ht == 0
		}
	}
	if line <= s.row || line > sheetMaxRows { // rows must ascend (§18.3.1.73)
		return s.row + 1, false, 0, errRowOrder
	}
	s.row = line
	bad, err = s.readCells()
	return line, hidden, bad, err
}

var (
	errRowOrder = errors.New("row out of order")
	errEndTag   = errors.New("mismatched end tag")
)

// rowTag reads up to the next row's start tag.
func (s *sheetSource) rowTag() (xml.StartElement, error) {
	for {
		tok, err := s.d.RawToken()
		if err == io.EOF && s.inData {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return xml.StartElement{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sheetData":
				s.inData = true
			case "row":
				return t, nil
			}
		case xml.EndElement:
			switch {
			case t.Name.Local == "sheetData":
				return xml.StartElement{}, io.EOF
			case s.inData:
				return xml.StartElement{}, errEndTag
			}
		}
	}
}

// readCells reads the cells of a row up to its end tag.
func (s *sheetSource) readCells() (bad int, err error) {
	s.rec, s.kinds = s.rec[:0], s.kinds[:0]
	col := 0
	for {
		tok, err := s.d.RawToken()
		if err != nil {
			return 0, eofInElement(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "c" {
				if err := skipElement(s.d, t.Name.Local); err != nil {
					return 0, err
				}
				continue
			}
			c, err := readCell(s.d, t)
			if err != nil {
				return 0, err
			}
			if c.col == 0 { // no reference: the next column (§18.3.1.4)
				c.col = col + 1
			}
			v, k, ok := s.w.value(&c)
			if (!ok || c.col <= col || c.col > sheetMaxCols) && bad == 0 {
				bad = c.col // cells must ascend too
			}
			if c.col > col && c.col <= sheetMaxCols {
				col = c.col
				s.set(col, v, k)
			}
		case xml.EndElement:
			if t.Name.Local != "row" {
				return 0, errEndTag
			}
			return bad, nil
		}
	}
}

// set puts a value in the current row, padding it with empty cells.
func (s *sheetSource) set(col int, v string, k CellKind) {
	for len(s.rec) < col {
		s.rec, s.kinds = append(s.rec, ""), append(s.kinds, Text)
	}
	s.rec[col-1], s.kinds[col-1] = v, k
}

// fillMerges applies the merged ranges over row: each row of a range
// reads its top-left value in the range's first column, and nothing in its
// other columns. Excel shows one value over the whole range, and the
// common vertical merge (an enterprise's name over the rows of its three
// certificates) belongs to each of those rows. Across columns, though, the
// value was typed under the first column's heading only: repeating it
// would publish, say, a 许可内容 made wide by merging it with 备注 as the
// 备注 too, and name a merged heading twice. What a program left under a
// merge Excel hides, and so does this. Ranges starting on row take their
// value from it first. Rows the worksheet does not have (no cell of their
// own, not even an empty formatted one) are not made up for a range over
// them: they would be records of merged cells only.
func (s *sheetSource) fillMerges(row int) {
	for len(s.pending) > 0 && s.pending[0].top <= row {
		m := s.pending[0]
		s.pending = s.pending[1:]
		if m.bottom < row {
			continue // over rows the worksheet does not have
		}
		if m.top == row && m.left <= len(s.rec) {
			m.value, m.kind = s.rec[m.left-1], s.kinds[m.left-1]
		}
		s.active = append(s.active, m)
	}
	kept := s.active[:0]
	for _, m := range s.active {
		if m.bottom < row {
			continue // ended in rows the worksheet does not have
		}
		s.set(m.left, m.value, m.kind)
		for c := m.left + 1; c <= min(m.right, len(s.rec)); c++ {
			s.rec[c-1], s.kinds[c-1] = "", Text
		}
		if m.bottom > row {
			kept = append(kept, m)
		}
	}
	s.active = kept
}

// cellXML is a cell element (CT_Cell, ECMA-376 Part 1 §18.3.1.4) as
// written.
type cellXML struct {
	col        int // 0: not given
	style      int
	typ        string // t: "s", "str", "inlineStr", "b", "e", "d", "n" or ""
	v, f, is   string // value, formula, inline string
	hasV, hasF bool
	badRef     bool
}

// readCell reads a cell element whose start tag has just been read.
func readCell(d *xml.Decoder, start xml.StartElement) (c cellXML, err error) {
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "r":
			var ok bool
			if c.col, _, ok = cellRef(a.Value); !ok {
				c.col, c.badRef = 0, true
			}
		case "s":
			c.style, _ = strconv.Atoi(a.Value)
		case "t":
			c.typ = a.Value
		}
	}
	for {
		tok, err := d.RawToken()
		if err != nil {
			return c, eofInElement(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				c.v, err = xmlText(d, "v")
				c.hasV = true
			case "f":
				c.f, err = xmlText(d, "f")
				c.hasF = true
			case "is":
				c.is, err = richText(d, "is")
			default:
				err = skipElement(d, t.Name.Local)
			}
			if err != nil {
				return c, err
			}
		case xml.EndElement:
			if t.Name.Local != "c" {
				return c, errEndTag
			}
			return c, nil
		}
	}
}

// value gives what Excel shows in a cell and what kind it is; ok is false
// for a cell that cannot be read (a damaged file). The type names are
// ST_CellType's (ECMA-376 Part 1 §18.18.11).
func (w *Workbook) value(c *cellXML) (v string, k CellKind, ok bool) {
	switch {
	case c.badRef:
		return "", Text, false
	case c.hasF && !c.hasV && c.typ != "inlineStr":
		// A formula never calculated (written by a program, not saved by
		// Excel): its value is unknown, so the cell is an error, showing
		// the formula.
		return "=" + c.f, FormulaError, true
	}
	v = strings.TrimSpace(c.v)
	switch c.typ {
	case "s":
		i, err := strconv.Atoi(v)
		if !c.hasV || err != nil || i < 0 || i >= len(w.strings) {
			return "", Text, false
		}
		return w.strings[i], Text, true
	case "inlineStr":
		return c.is, Text, true
	case "str": // a formula's text result
		return unescapeXstring(c.v), Text, true
	case "b":
		switch v {
		case "1", "true":
			return "TRUE", Bool, true
		case "0", "false":
			return "FALSE", Bool, true
		}
	case "e":
		return v, FormulaError, v != ""
	case "d": // an ISO 8601 date (rare: Excel writes dates as numbers)
		if len(v) >= 10 && (len(v) == 10 || v[10] == 'T' || v[10] == ' ') {
			if _, err := time.Parse(time.DateOnly, v[:10]); err == nil {
				return v[:10], Date, true
			}
		}
	case "", "n":
		return w.number(c.style, v, c.hasV)
	}
	return "", Text, false
}

// number shows a numeric cell's value through its number format.
func (w *Workbook) number(style int, v string, hasV bool) (string, CellKind, bool) {
	if !hasV || v == "" {
		return "", Text, true // an empty cell that only has a format
	}
	if strings.Trim(v, "0123456789+-.eE") != "" {
		return "", Text, false // not a number, or one ParseFloat takes but Excel does not (0x1p3, Inf)
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return "", Text, false
	}
	var f numFormat
	if 0 <= style && style < len(w.formats) {
		f = w.formats[style]
	}
	if f.date {
		if d, ok := serialDate(x, w.date1904); ok {
			return d, Date, true
		}
	}
	return plainNumber(x, f.zeros), Number, true
}

// plainNumber gives x with at most 15 significant digits, the precision
// Excel keeps and shows, as plain digits: float noise such as
// 0.30000000000000004 goes, and a code typed as a number stays digits
// (914205001648089000, its last digits already lost) rather than
// 9.14205E+17. zeros pads a whole number with leading zeros, for a
// "000000" format.
func plainNumber(x float64, zeros int) string {
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	if x == 0 {
		x = 0 // not -0
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if len(s) < zeros && x >= 0 && x == math.Trunc(x) {
		s = strings.Repeat("0", zeros-len(s)) + s
	}
	return s
}

const msPerDay = 24 * 60 * 60 * 1000

// serialDate gives the date part of an Excel date serial number as
// YYYY-MM-DD. In the 1900 date system day 1 is 1900-01-01 and day 60 is
// 1900-02-29, a day that never was (Lotus 1-2-3's leap-year bug, which
// Excel keeps); day 60 and day 0 are given as Excel shows them, 1900-02-29
// and 1900-01-00, so that date checks reject them. In the 1904 system day
// 0 is 1904-01-01. The time is rounded to the millisecond first, so that
// float noise such as 43451.99999999999 from a formula is not the day
// before. Negative serials and days after 9999-12-31 are not dates: Excel
// shows ####.
func serialDate(x float64, date1904 bool) (string, bool) {
	if x < 0 || x >= 2958466 {
		return "", false
	}
	day := int(math.Round(x*msPerDay) / msPerDay)
	var t time.Time
	switch {
	case date1904:
		t = time.Date(1904, 1, 1+day, 0, 0, 0, 0, time.UTC)
	case day == 0:
		return "1900-01-00", true
	case day == 60:
		return "1900-02-29", true
	case day < 60:
		t = time.Date(1899, 12, 31+day, 0, 0, 0, 0, time.UTC)
	default:
		t = time.Date(1899, 12, 30+day, 0, 0, 0, 0, time.UTC)
	}
	if t.Year() > 9999 {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// numFormat is what a cell's number format means for reading it.
type numFormat struct {
	date  bool // a date or time format: the number is a date serial
	zeros int  // a format such as "000000" shows whole numbers with leading zeros
}

// numFormatOf classifies number format id, whose format code is given by the
// workbook when custom is true. Of the built-in formats (ECMA-376 Part 1
// §18.8.30) 14–22 are dates and times, 45–47 times; 27–36 and 50–58 are the
// dates and times of the Chinese, Japanese and Korean editions
// (yyyy"年"m"月"d"日", h"时"mm"分"…). A workbook may define any id, built-in
// ones included; its code then decides.
func numFormatOf(id int, code string, custom bool) numFormat {
	if !custom {
		return numFormat{date: 14 <= id && id <= 22 || 27 <= id && id <= 36 || 45 <= id && id <= 47 || 50 <= id && id <= 58}
	}
	return parseNumFormat(code)
}

// parseNumFormat classifies a format code (ECMA-376 Part 1 §18.8.31). It is a
// date or time format when, outside quoted text, [brackets] (colours,
// locales, [h] elapsed hours) and escaped characters, it has a date or
// time letter — y m d h s, or 年 月 日 时 分 秒 — and no digit placeholder
// (# ? 0, except the 0s of fractional seconds, ss.00): 0"年" and 0年 are
// numbers of years.
func parseNumFormat(code string) numFormat {
	rs := []rune(code)
	var dateChar, digits, frac bool
	section, zeros, other := 0, 0, false // zeros and other characters of the first section
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == '"':
			for i++; i < len(rs) && rs[i] != '"'; i++ {
			}
		case c == '[':
			for i++; i < len(rs) && rs[i] != ']'; i++ {
			}
		case c == '\\' || c == '_' || c == '*':
			i++ // an escaped character, or the character that pads or repeats
		case c == ';':
			section++
		case c == '0' && frac:
		case c == '0' || c == '#' || c == '?':
			digits = true
		case strings.ContainsRune("yYmMdDhHsS年月日时分秒", c):
			dateChar = true
		}
		frac = c == '0' && frac || c == '.' && i > 0 && (rs[i-1] == 's' || rs[i-1] == 'S')
		if section == 0 && c == '0' {
			zeros++
		} else if section == 0 {
			other = true
		}
	}
	f := numFormat{date: dateChar && !digits}
	if !other && zeros > 1 {
		f.zeros = zeros
	}
	return f
}

// walkPart reads an XML part, calling fn with each start tag and the name of
// the element it is in. fn may read the element itself, through its end
// tag, and then returns true.
func walkPart(f *zip.File, fn func(d *xml.Decoder, se xml.StartElement, parent string) (bool, error)) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return walkXML(xml.NewDecoder(rc), fn)
}

// walkXML is walkPart from a decoder, to the end of its input. Tokens are read
// raw, without resolving namespaces: SpreadsheetML's element names are
// unambiguous, and prefixes vary between writers (x:c, or the Strict
// namespace). Raw tokens are not checked against each other, so walkXML
// checks that end tags match; an end tag outside any element read is
// passed over, as readMerges starts inside the worksheet element.
func walkXML(d *xml.Decoder, fn func(d *xml.Decoder, se xml.StartElement, parent string) (bool, error)) error {
	var stack []string
	for {
		tok, err := d.RawToken()
		if err == io.EOF && len(stack) > 0 {
			return io.ErrUnexpectedEOF
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			done, err := fn(d, t, parent)
			if err != nil {
				return err
			}
			if !done {
				stack = append(stack, t.Name.Local)
			}
		case xml.EndElement:
			switch {
			case len(stack) == 0:
			case stack[len(stack)-1] != t.Name.Local:
				return errEndTag
			default:
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// endTag checks the end tag closing the element name that a reader below
// was called for: raw tokens are not checked against each other.
func endTag(t xml.EndElement, name string) error {
	if t.Name.Local != name {
		return errEndTag
	}
	return nil
}

// skipElement reads up to the end of the element name, whose start tag was just
// read.
func skipElement(d *xml.Decoder, name string) error {
	for depth := 0; ; {
		tok, err := d.RawToken()
		if err != nil {
			return eofInElement(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return endTag(t, name)
			}
			depth--
		}
	}
}

// xmlText reads the text of the element name, whose start tag was just read.
func xmlText(d *xml.Decoder, name string) (string, error) {
	var b strings.Builder
	for depth := 0; ; {
		tok, err := d.RawToken()
		if err != nil {
			return "", eofInElement(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return b.String(), endTag(t, name)
			}
			depth--
		case xml.CharData:
			b.Write(t)
		}
	}
}

// richText reads a shared or inline string (CT_Rst, ECMA-376 Part 1
// §18.4.8), the element name whose start tag was just read: its t
// elements, directly in it or in rich text runs, without the phonetic
// guides (rPh).
func richText(d *xml.Decoder, name string) (string, error) {
	var b strings.Builder
	depth, phonetic, inT := 0, 0, false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", eofInElement(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if t.Name.Local == "rPh" && phonetic == 0 {
				phonetic = depth
			}
			inT = t.Name.Local == "t" && phonetic == 0
		case xml.EndElement:
			if depth == 0 {
				return unescapeXstring(b.String()), endTag(t, name)
			}
			if depth == phonetic {
				phonetic = 0
			}
			depth--
			inT = false
		case xml.CharData:
			if inT {
				b.Write(t)
			}
		}
	}
}

// eofInElement turns io.EOF inside an element into io.ErrUnexpectedEOF.
func eofInElement(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// unescapeXstring decodes the _xHHHH_ escapes of ST_Xstring (ECMA-376 Part 1
// §22.9.2.19), which Excel writes for characters XML cannot hold, such as
// the carriage return of a line break in a cell (_x000D_); _x005F_ escapes
// the underscore of text that looks like an escape.
func unescapeXstring(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, ok := escapeAt(s, i)
		if !ok {
			b.WriteByte(s[i])
			i++
			continue
		}
		i += 7
		if r2, ok := escapeAt(s, i); ok && utf16.IsSurrogate(r) {
			if c := utf16.DecodeRune(r, r2); c != utf8.RuneError {
				r = c
				i += 7
			}
		}
		b.WriteRune(r) // a lone surrogate becomes U+FFFD, which marks the row Bad
	}
	return b.String()
}

// escapeAt decodes an _xHHHH_ escape at s[i:].
func escapeAt(s string, i int) (rune, bool) {
	if len(s) < i+7 || s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
	return rune(n), err == nil
}

// xmlAttr returns the value of a start tag's attribute, by local name.
func xmlAttr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xmlBool reads an xsd:boolean (or Strict's ST_OnOff).
func xmlBool(s string) bool {
	return s == "1" || s == "true" || s == "on"
}
