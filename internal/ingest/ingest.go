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

	"creditsite/internal/model"
)

// Options come from config.Config.
type Options struct {
	Units              map[string]string // file stem (name without .csv) → 报送单位, used when a file has no 填报单位 row
	MaxAttachmentBytes int64             // attachments larger than this are refused (0 = 10 MiB)
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
	Line     int    // 1-based; 0 when the problem concerns the whole file
	Severity Severity
	Msg      string
}

// String formats the problem as "FILE:LINE: 错误：…" (or "FILE: …" without a line).
func (p Problem) String() string {
	label := "警告"
	if p.Severity == Error {
		label = "错误"
	}
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s：%s", p.File, label, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s：%s", p.File, p.Line, label, p.Msg)
}

// Result is everything Load found.
type Result struct {
	Dataset                       *model.Dataset // every valid record; built with model.NewDataset
	Problems                      []Problem      // sorted by file, line
	Files, Rows, Records, Skipped int            // files read, data rows seen, records published, rows left out
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
	l := &loader{opt: opt, res: &Result{}}
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
	sortProblems(l.res.Problems)
	return l.res, nil
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
	for _, sub := range []string{disclosures.folder, commitments.folder, "focus"} {
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
	opt   Options
	res   *Result
	ds    []*model.Disclosure
	cs    []*model.Commitment
	focus []model.FocusEntity
}

func (l *loader) add(file string, line int, sev Severity, format string, args ...any) {
	l.res.Problems = append(l.res.Problems, Problem{file, line, sev, fmt.Sprintf(format, args...)})
}

// readFolder reads every CSV file of one kind. Files are read in parallel,
// each by its own loader, and joined in name order, so the result is the
// same as reading them one after another.
func (l *loader) readFolder(sourceDir, dataDir string, k *kind) error {
	dir := filepath.Join(dataDir, k.folder)
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
		case strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$"):
			continue // hidden files and Excel's lock files
		case !strings.EqualFold(path.Ext(name), ".csv"):
			l.add(rel(sourceDir, p), 0, Warning, "只读取 .csv 文件，已忽略此文件（Excel 工作簿请“另存为”CSV 格式）")
			continue
		case !e.Type().IsRegular():
			l.add(rel(sourceDir, p), 0, Warning, "不是普通文件（文件夹或快捷方式），已忽略")
			continue
		}
		files = append(files, &fileRead{file: rel(sourceDir, p), path: p, l: &loader{opt: l.opt, res: &Result{}}})
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

func (l *loader) readPath(file, p string, k *kind) error {
	f, err := os.Open(p)
	if err != nil {
		return fmt.Errorf("无法读取文件 %s：%v", p, err)
	}
	defer f.Close()
	l.res.Files++
	if err := l.readFile(file, f, k); err != nil {
		return fmt.Errorf("无法读取文件 %s：%v", p, err)
	}
	return nil
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}
