// Package report writes the tables that staff send upward: 附件2 and 附件3
// of the notice, for the whole city and per 报送单位, as .xlsx and CSV,
// with a 汇总说明 of the yearly targets. The report is for staff and the
// 国家公共信用信息中心, never for the public site.
package report

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"creditsite/internal/config"
	"creditsite/internal/ingest"
	"creditsite/internal/model"
	"creditsite/internal/opendata"
	"creditsite/internal/progress"
	"creditsite/internal/stats"
)

// Summary is what the report says about the data.
type Summary struct {
	Stats   *stats.Stats
	Focus   *FocusShare // nil without a 重点关注对象表
	LeftOut int         // errors whose rows were left out, listed in LeftOutFile
	Files   []string    // written, relative to the output folder
}

// UnitDir is the sub-folder for the per-unit CSV files.
const UnitDir = "按报送单位"

// The 汇总说明 as Markdown, as a workbook (with the 未纳入的记录 sheet)
// and as plain text for Notepad.
const (
	SummaryFile = "汇总说明.md"
	SummaryXLSX = "汇总说明.xlsx"
	SummaryText = "汇总说明.txt"
)

type file struct {
	name string // relative to the output folder
	data []byte
}

// Write writes the report into outDir. Everything is built in memory
// first, so bad data fails before any file is touched. focus may be nil.
// problems are those of reading ds and focus: the errors among them, whose
// rows ds and focus lack, are listed so that the report says what it left
// out.
func Write(ds *model.Dataset, focus []model.FocusEntity, problems []ingest.Problem, cfg *config.Config, outDir string, p *progress.Progress) (*Summary, error) {
	leftOut := LeftOut(problems)
	sum := &Summary{Stats: stats.Compute(ds, cfg), LeftOut: len(leftOut)}
	if len(focus) > 0 {
		sum.Focus = focusShare(ds, focus)
	}
	secs := summarySections(sum.Stats, sum.Focus, cfg, len(leftOut))

	p.Start("生成报表", 0)
	var files, unitFiles []file
	for _, t := range []*table{disclosureTable(ds), commitmentTable(ds)} {
		base := t.name + "_" + t.title
		x, err := workbook(t, cfg.Office, secs)
		if err != nil {
			return nil, fmt.Errorf("生成 %s.xlsx 失败：%v", base, err)
		}
		files = append(files, file{base + ".xlsx", x}, file{base + ".csv", tableCSV(t, t.total)})
		for _, u := range t.units {
			unitFiles = append(unitFiles, file{t.name + "_" + fileName(u) + ".csv", tableCSV(t, t.byUnit[u])})
		}
	}
	x, err := summaryWorkbook(secs, leftOut)
	if err != nil {
		return nil, fmt.Errorf("生成 %s 失败：%v", SummaryXLSX, err)
	}
	files = append(files, file{SummaryFile, markdown(secs)}, file{SummaryXLSX, x},
		file{SummaryText, plainText(secs)}, file{LeftOutFile, leftOutCSV(leftOut)})
	p.Done(fmt.Sprintf("%d 个表格", len(files)+len(unitFiles)))

	p.Start("写出报表文件", len(files)+len(unitFiles))
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("无法创建输出文件夹：%v", err)
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(outDir, f.name), f.data); err != nil {
			return nil, err
		}
		sum.Files = append(sum.Files, f.name)
		p.Add(1)
	}
	if err := replaceDir(filepath.Join(outDir, UnitDir), unitFiles); err != nil {
		return nil, err
	}
	for _, f := range unitFiles {
		sum.Files = append(sum.Files, filepath.Join(UnitDir, f.name))
	}
	p.Add(len(unitFiles))
	p.Done(fmt.Sprintf("已写出 %d 个文件到 %s", len(sum.Files), outDir))
	return sum, nil
}

// tableCSV writes the header row and the numbered records, without the
// title lines, so that the file imports cleanly.
func tableCSV(t *table, rows [][]string) []byte {
	var b bytes.Buffer
	_ = opendata.WriteCSV(&b, t.header, rows) // a bytes.Buffer does not fail
	return b.Bytes()
}

// fileName makes a unit name safe as a file name on Windows and Unix.
func fileName(unit string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, unit)
}

// writeFile replaces path atomically, so a reader never sees half a file.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("无法写入 %s：%v", path, err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("无法写入 %s：%v", path, err)
	}
	return nil
}

// replaceDir fills a fresh folder and swaps it in for dir, so files of
// units that no longer send data do not linger.
func replaceDir(dir string, files []file) error {
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".tmp-"+filepath.Base(dir)+"-*")
	if err != nil {
		return fmt.Errorf("无法创建文件夹 %s：%v", dir, err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(tmp, f.name), f.data, 0o644); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("无法写入 %s：%v", filepath.Join(dir, f.name), err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err == nil {
		err = os.RemoveAll(dir)
	}
	if err == nil {
		err = os.Rename(tmp, dir)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("无法写入文件夹 %s：%v", dir, err)
	}
	return nil
}

// CheckOutDir refuses an output folder inside the site's public/ folder
// under siteDir: the report must never be published.
func CheckOutDir(siteDir, outDir string) error {
	public, err := resolve(filepath.Join(siteDir, "public"))
	if err != nil {
		return err
	}
	out, err := resolve(outDir)
	if err != nil {
		return err
	}
	if out == public || strings.HasPrefix(out, public+string(filepath.Separator)) {
		return fmt.Errorf("报表不能写入网站发布文件夹 %s（报表只报送上级，不公开），请用 --out 指定其他文件夹", filepath.Join(siteDir, "public"))
	}
	return nil
}

// resolve returns the absolute path with symbolic links of its existing
// part resolved, so that a link into public/ is caught too.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	var rest []string
	for dir := abs; ; dir = filepath.Dir(dir) {
		real, err := filepath.EvalSymlinks(dir)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) || dir == filepath.Dir(dir) {
			return "", fmt.Errorf("无法检查路径 %s：%v", path, err)
		}
		rest = append([]string{filepath.Base(dir)}, rest...)
	}
}
