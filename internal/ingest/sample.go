package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"creditsite/internal/schema"
)

// warnSample warns when generated sample data would be published beside
// real data: the files creditsite gen wrote (their title row ends with
// schema.SampleMark), or config.yaml's sampleData, which stamps every page
// as 示例数据. A folder holding only sample files is the demo and is left
// alone.
func (l *loader) warnSample(sourceDir, dataDir string) {
	sample, real := l.sampleFiles(sourceDir, dataDir)
	if len(real) == 0 {
		return
	}
	for _, f := range sample {
		l.add(f, 0, Warning, "这是 creditsite gen 生成的示例数据（不是真实企业），会和真实数据（%s）一起发布：请删除此文件", some(real))
		l.res.Problems[len(l.res.Problems)-1].Strict = true
	}
	if l.opt.SampleData {
		l.add("config.yaml", 0, Warning, "sampleData: true 使每个页面都标注“示例数据”，但已有真实数据（%s）：请改为 sampleData: false", some(real))
		l.res.Problems[len(l.res.Problems)-1].Strict = true
	}
}

// sampleFiles lists the data files of the published tables, split into
// generated sample files and the rest.
func (l *loader) sampleFiles(sourceDir, dataDir string) (sample, real []string) {
	for _, k := range []*kind{disclosures, commitments} {
		entries, _ := os.ReadDir(filepath.Join(dataDir, k.spec.folder))
		for _, e := range entries {
			name := e.Name()
			if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || name == Readme || format(name) > formatWorkbook {
				continue // not read at all, and reported as such
			}
			file := rel(sourceDir, filepath.Join(dataDir, k.spec.folder, name))
			if l.isSample(file) {
				sample = append(sample, file)
			} else {
				real = append(real, file)
			}
		}
	}
	return sample, real
}

// isSample reports whether the file's first line carries gen's mark.
func (l *loader) isSample(file string) bool {
	f, err := l.src.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 1024)
	n, _ := f.Read(head)
	first, _, _ := bytes.Cut(head[:n], []byte("\n"))
	return bytes.Contains(first, []byte(schema.SampleMark))
}

// some names up to three files, and how many more there are.
func some(files []string) string {
	if len(files) <= 3 {
		return strings.Join(files, "、")
	}
	return strings.Join(files[:3], "、") + fmt.Sprintf(" 等 %d 个文件", len(files))
}
