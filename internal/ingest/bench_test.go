package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"creditsite/internal/model"
)

// BenchmarkLoad loads a generated commitments folder: 4 files of 25,000
// rows each in the shapes counties send (title, GB18030, mixed date
// forms, footer).
func BenchmarkLoad(b *testing.B) {
	const files, rows = 4, 25000
	dir := b.TempDir()
	forms := []string{"2018-12-%02d", "2018/11/%d", "2018.10.%02d", "2018年9月%d日", "%d"}
	types := []model.CommitmentType{model.Voluntary, model.Approval, model.SelfRegulation, model.Repair}
	for f := range files {
		var sb strings.Builder
		sb.WriteString("宜昌企业信用承诺情况列表,,,,,,,\n填报单位：宜昌市发展和改革委员会,,,,,,,\n")
		sb.WriteString("序号,企业名称,法定代表人,统一社会信用代码,信用承诺类型( 审批替代型、行业自律型、信用修复型 ),信用承诺事项,做出信用承诺时间,其他\n")
		for i := range rows {
			n := f*rows + i
			day := 1 + n%28
			date := fmt.Sprintf(forms[n%len(forms)], day)
			if n%len(forms) == len(forms)-1 {
				date = fmt.Sprint(43400 + day) // Excel serial
			}
			fmt.Fprintf(&sb, "%d,宜昌测试%d有限公司,张%d,%s,%s,依法诚信经营，主动公示信用信息并对其真实性负责,%s,\r\n",
				i+1, n, n%100, code(n), types[n%4], date)
		}
		sb.WriteString("填报人：王建国,,,,,,,\n")
		content := sb.String()
		if f%2 == 1 {
			content = gb18030(b, content)
		}
		writeFiles(b, dir, map[string]string{filepath.Join("data/commitments", fmt.Sprintf("county%d.csv", f)): content})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := Load(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if r.Records != files*rows || len(r.Problems) != 0 {
			b.Fatalf("%d records, %d problems: %v", r.Records, len(r.Problems), r.Problems[:min(3, len(r.Problems))])
		}
	}
}
