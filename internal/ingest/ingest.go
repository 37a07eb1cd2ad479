// Package ingest reads the 附件2 (disclosures) and 附件3 (commitments) CSV
// exports that counties send, validates every row and builds the model.
// Bad data never stops a build: each problem is reported as FILE:LINE
// with a Chinese explanation, invalid rows are left out and everything
// valid is published.
package ingest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"creditsite/internal/config"
	"creditsite/internal/model"
	"creditsite/internal/privacy"
	"creditsite/internal/srcfile"
)

// Options come from config.Config.
type Options struct {
	Units              map[string]string // file stem (name without .csv) → 报送单位, used when a file has no 填报单位 row
	MaxAttachmentBytes int64             // attachments larger than this are refused (0 = 10 MiB)
	PrivatePatterns    []string          // extra regular expressions of personal data no field may publish
	MaxCellBytes       int               // longest cell of a CSV file or worksheet (0 = table.DefaultMaxCellBytes); capped at an Excel cell's 32767
	SampleData         bool              // config's sampleData: warned about when real files are read
}

// OptionsFor returns the reading options a site configuration sets.
func OptionsFor(cfg *config.Config) Options {
	return Options{Units: cfg.Units, MaxAttachmentBytes: cfg.MaxAttachment, PrivatePatterns: cfg.PrivatePatterns,
		MaxCellBytes: cfg.MaxCellBytes, SampleData: cfg.SampleData}
}

// DefaultMaxAttachmentBytes applies when Options.MaxAttachmentBytes is 0.
const DefaultMaxAttachmentBytes = 10 << 20

// Severity says whether a problem kept data from being published.
type Severity int

// Severities: a Warning is published data staff should look at; an Error
// is data left out.
const (
	Warning Severity = iota
	Error
)

// Problem is one finding about the source data.
type Problem struct {
	File     string // slash-separated, relative to the source folder
	Sheet    string // the worksheet of a workbook; "" for CSV
	Line     int    // 1-based line (CSV) or row (worksheet); 0 when the problem concerns the whole file or sheet
	Severity Severity
	Strict   bool // a warning that --strict treats as an error: the data is published but probably wrong
	Msg      string
	// Row is the problem row as the clerk typed it, for the check report
	// to show; for a problem with the header, the header row (Header nil).
	// nil for problems about a file, a sheet or a line that could not be
	// read as a row.
	Row *RawRow
	// Other is the second row a problem is about: the earlier row a
	// duplicate repeats, or the newest record whose 企业名称 a row's
	// differs from. nil otherwise.
	Other *RawRow
	// Lines are physical lines of a CSV file as typed, for a problem that
	// no row shows: the lines around one that could not be read as a row
	// (a stray quote), or the first lines of a file refused or warned
	// about as a whole; config.yaml's line for its sampleData warning.
	Lines []Line
}

// RawRow is one table row as written, before cleaning, beside its
// table's header as written.
type RawRow struct {
	At            model.Source // where the row is (Unit unset)
	Header, Cells []string     // Header is nil when the row is the table's header itself
}

// String formats the problem as "FILE:LINE: 错误：…", "FILE:SHEET!ROW: …"
// for a workbook, or "FILE: …" without a line.
func (p Problem) String() string {
	label := "警告"
	if p.Severity == Error {
		label = "错误"
	} else if p.Strict {
		label = "警告（--strict 时为错误）"
	}
	return fmt.Sprintf("%s: %s：%s", p.Where(), label, p.Msg)
}

// Where is where the problem is: FILE:LINE, FILE:SHEET!ROW, FILE:SHEET or
// FILE, as the text report and the HTML check report both show it.
func (p Problem) Where() string {
	switch {
	case p.Sheet != "" && p.Line > 0:
		return fmt.Sprintf("%s:%s!%d", p.File, p.Sheet, p.Line)
	case p.Sheet != "":
		return p.File + ":" + p.Sheet
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// Result is everything Load found.
type Result struct {
	Dataset                       *model.Dataset // every valid record; built with model.NewDataset
	Problems                      []Problem      // sorted by file, line
	Files, Rows, Records, Skipped int            // files read, data rows seen, records published, rows left out
	FileRows                      map[string]int // data rows seen per file (Problem.File), for per-file counts
	FilePublished                 map[string]int // records published per file, for per-file counts
}

// HasErrors reports whether some data was left out.
func (r *Result) HasErrors() bool {
	for _, p := range r.Problems {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// HasStrictErrors reports whether --strict refuses the data: some data
// was left out, or some was published with a doubt (Problem.Strict).
func (r *Result) HasStrictErrors() bool {
	for _, p := range r.Problems {
		if p.Severity == Error || p.Strict {
			return true
		}
	}
	return false
}

// WriteReport writes every problem, one per line, then a summary line.
func (r *Result) WriteReport(w io.Writer) {
	errs, warns := 0, 0
	for _, p := range r.Problems {
		fmt.Fprintln(w, p)
		if p.Severity == Error {
			errs++
		} else {
			warns++
		}
	}
	fmt.Fprintf(w, "共读取 %d 个文件、%d 行数据，发布 %d 条记录，未发布 %d 行；错误 %d 个，警告 %d 个。\n",
		r.Files, r.Rows, r.Records, r.Skipped, errs, warns)
}

// Load reads and validates everything under the source folder. It returns
// an error only when reading is impossible (missing folder, unreadable
// file); bad data becomes Problems.
func Load(sourceDir string, opt Options) (*Result, error) {
	dataDir, err := findData(sourceDir)
	if err != nil {
		return nil, err
	}
	if opt.MaxAttachmentBytes == 0 {
		opt.MaxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	l, err := newLoader(sourceDir, opt)
	if err != nil {
		return nil, err
	}
	defer l.src.Close()
	for _, k := range []*kind{disclosures, commitments} {
		if err := l.readFolder(sourceDir, dataDir, k); err != nil {
			return nil, err
		}
	}
	l.dedupe()
	ds := model.NewDataset(l.ds, l.cs)
	l.reportNameConflicts(ds)
	if err := l.attach(sourceDir, dataDir, ds); err != nil {
		return nil, err
	}
	l.res.Dataset = ds
	l.res.Records = len(ds.Disclosures) + len(ds.Commitments)
	l.res.FilePublished = publishedPerFile(ds)
	l.warnSample(sourceDir, dataDir)
	sortProblems(l.res.Problems)
	l.addContext()
	return l.res, nil
}

// publishedPerFile counts the published records of each source file.
func publishedPerFile(ds *model.Dataset) map[string]int {
	n := map[string]int{}
	for _, r := range ds.Disclosures {
		n[r.Source.File]++
	}
	for _, r := range ds.Commitments {
		n[r.Source.File]++
	}
	return n
}

// findData returns the folder holding disclosures/, commitments/ … :
// sourceDir/data, or sourceDir itself when it is a folder of exports.
func findData(sourceDir string) (string, error) {
	fi, err := os.Stat(sourceDir)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("源文件夹 %s 不存在", sourceDir)
	}
	if err != nil {
		return "", fmt.Errorf("无法读取源文件夹 %s：%v", sourceDir, err)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s 不是文件夹", sourceDir)
	}
	data := filepath.Join(sourceDir, "data")
	if isDir(data) {
		return data, nil
	}
	for _, sub := range []string{disclosureSpec.folder, commitmentSpec.folder, focusSpec.folder} {
		if isDir(filepath.Join(sourceDir, sub)) {
			return sourceDir, nil
		}
	}
	return data, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// rel names a path under sourceDir the way problems show it.
func rel(sourceDir, p string) string {
	r, err := filepath.Rel(sourceDir, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// loader accumulates records and problems while Load runs.
type loader struct {
	opt     Options
	src     *srcfile.Dir // the source folder: data files are opened through it
	privacy *privacy.Detector
	res     *Result
	ds      []*model.Disclosure
	cs      []*model.Commitment
	focus   []model.FocusEntity
}

func newLoader(sourceDir string, opt Options) (*loader, error) {
	d, err := privacy.New(opt.PrivatePatterns)
	if err != nil {
		return nil, err
	}
	src, err := srcfile.OpenSource(sourceDir)
	if err != nil {
		return nil, err
	}
	return &loader{opt: opt, src: src, privacy: d, res: &Result{FileRows: map[string]int{}}}, nil
}

// add reports a problem with a file (line 0) or one of its lines.
func (l *loader) add(file string, line int, sev Severity, format string, args ...any) {
	l.addAt(model.Source{File: file, Line: line}, sev, format, args...)
}

// addAt reports a problem at a record's source (file, sheet, line). A
// value quoted in the message keeps its problem on one line of the report.
func (l *loader) addAt(at model.Source, sev Severity, format string, args ...any) {
	msg := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(fmt.Sprintf(format, args...))
	l.res.Problems = append(l.res.Problems, Problem{File: at.File, Sheet: at.Sheet, Line: at.Line, Severity: sev, Msg: msg})
}

// addStrictAt reports a warning that --strict treats as an error.
func (l *loader) addStrictAt(at model.Source, format string, args ...any) {
	l.addAt(at, Warning, format, args...)
	l.res.Problems[len(l.res.Problems)-1].Strict = true
}

// readFolder reads every CSV file of one kind. Files are read in parallel,
// each by its own loader, and joined in name order, so the result is the
// same as reading them one after another.
func (l *loader) readFolder(sourceDir, dataDir string, k *kind) error {
	dir := filepath.Join(dataDir, k.spec.folder)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("无法读取文件夹 %s：%v", dir, err)
	}
	var files []*fileRead
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		switch {
		case strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || name == Readme:
			continue // hidden files, Excel's lock files and init's note
		case e.IsDir():
			l.add(rel(sourceDir, p), 0, Error, "是文件夹，其中的文件都未读取；请把文件直接放在 data/%s/ 下", k.spec.folder)
			continue
		case !e.Type().IsRegular():
			l.add(rel(sourceDir, p), 0, Error, "是符号链接（快捷方式）或特殊文件，为安全起见未读取；请把文件本身放进文件夹")
			continue
		}
		switch format(name) {
		case formatOld:
			l.add(rel(sourceDir, p), 0, Error, "这是旧版 Excel 97-2003 工作簿（.xls）或 WPS 表格（.et），无法直接读取；请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再放进文件夹，整个文件未读取")
			continue
		case formatOther:
			l.add(rel(sourceDir, p), 0, Warning, "只读取 .xlsx 工作簿和 .csv 文件，已忽略此文件")
			continue
		}
		files = append(files, &fileRead{file: rel(sourceDir, p), path: p, l: &loader{opt: l.opt, src: l.src, privacy: l.privacy, res: &Result{}}})
	}
	var wg sync.WaitGroup
	next := make(chan *fileRead)
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for f := range next {
				f.err = f.l.readPath(f.file, f.path, k)
			}
		})
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	for _, f := range files {
		if f.err != nil {
			return f.err
		}
		l.res.FileRows[f.file] = f.l.res.Rows
		l.join(f.l)
	}
	return nil
}

// fileRead is one file being read by its own loader.
type fileRead struct {
	file, path string
	l          *loader
	err        error
}

// join appends what another loader read after what l read.
func (l *loader) join(o *loader) {
	l.ds = append(l.ds, o.ds...)
	l.cs = append(l.cs, o.cs...)
	l.focus = append(l.focus, o.focus...)
	l.res.Problems = append(l.res.Problems, o.res.Problems...)
	l.res.Files += o.res.Files
	l.res.Rows += o.res.Rows
	l.res.Skipped += o.res.Skipped
}

// File formats a data folder may hold, told by the name's extension.
const (
	formatCSV = iota
	formatWorkbook
	formatOld // .xls and WPS .et: binary formats excelize cannot read
	formatOther
)

// isZip reports whether f starts like an .xlsx (a zip archive), so that
// a workbook renamed to .csv is read as the workbook it is.
func isZip(f *os.File) bool {
	var magic [4]byte
	n, _ := f.ReadAt(magic[:], 0)
	return n == 4 && string(magic[:]) == "PK\x03\x04"
}

func format(name string) int {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv", ".txt":
		return formatCSV
	case ".xlsx", ".xlsm":
		return formatWorkbook
	case ".xls", ".et":
		return formatOld
	}
	return formatOther
}

// readPath reads one data file, opened as a regular file inside the
// source folder (a file swapped for a link since the folder was listed is
// refused like a link).
func (l *loader) readPath(file, p string, k *kind) error {
	f, err := l.src.Open(file)
	var linkErr *srcfile.Error
	if errors.As(err, &linkErr) {
		l.add(file, 0, Error, "%s，未读取", linkErr.Reason)
		return nil
	}
	if err != nil {
		return fmt.Errorf("无法读取文件 %s：%w", p, err)
	}
	defer f.Close()
	l.res.Files++
	if format(file) == formatWorkbook || isZip(f) {
		err = l.readWorkbook(file, f, k)
	} else {
		err = l.readFile(file, f, k)
	}
	if err != nil {
		return fmt.Errorf("无法读取文件 %s：%w", p, err)
	}
	return nil
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		if ps[i].Sheet != ps[j].Sheet {
			return ps[i].Sheet < ps[j].Sheet
		}
		return ps[i].Line < ps[j].Line
	})
}
