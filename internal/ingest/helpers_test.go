package ingest

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"creditsite/internal/uscc"
)

// code returns a valid credit code made from n.
func code(n int) string { return uscc.Complete(fmt.Sprintf("91420500%08d", n)) }

const commitmentHeader = "序号,企业名称,法定代表人,统一社会信用代码,信用承诺类型,信用承诺事项,做出信用承诺时间,其他"

// commitmentLine is a valid 附件3 row for enterprise n.
func commitmentLine(seq, n int, date string) string {
	return fmt.Sprintf("%d,宜昌测试%d有限公司,张%d,%s,主动公示型,依法诚信经营,%s,", seq, n, n, code(n), date)
}

// writeFiles creates files (slash paths relative to dir) with the given content.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func gb18030(t testing.TB, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// load writes files into a fresh source folder and loads it. Each file's
// name is a configured unit (named after the file), so that tests of
// other things are not about the sender.
func load(t testing.TB, files map[string]string) *Result {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	units := map[string]string{}
	for name := range files {
		stem := strings.TrimSuffix(path.Base(name), path.Ext(name))
		units[stem] = stem
	}
	r, err := Load(dir, Options{Units: units})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// problems formats the problems one per line for comparison.
func problems(r *Result) string {
	var b strings.Builder
	for _, p := range r.Problems {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

// wantProblems checks that each problem line (File:Line: prefix) contains
// the matching fragment, and that there are no others.
func wantProblems(t *testing.T, got []Problem, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(got), len(want), problemList(got))
		return
	}
	for i, p := range got {
		for _, frag := range strings.Split(want[i], "…") {
			if !strings.Contains(p.String(), frag) {
				t.Errorf("problem %d = %q, want it to contain %q", i, p.String(), frag)
			}
		}
	}
}

func problemList(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("\t" + p.String() + "\n")
	}
	return b.String()
}

func itoa(n int) string { return fmt.Sprint(n) }
