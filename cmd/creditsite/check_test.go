package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// check refuses what build would refuse: a content page that is a link.
func TestCheckReadsPages(t *testing.T) {
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(site, "content", "x.md")); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"check", "--source", site}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "content/x.md: 错误：是符号链接") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// --strict makes a doubtful warning (a file without a known sender) fail
// the check, as it fails the build.
func TestCheckStrict(t *testing.T) {
	site := t.TempDir()
	dir := filepath.Join(site, "data", "commitments")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	csv := "序号,企业名称,法定代表人,统一社会信用代码,信用承诺类型,信用承诺事项,做出信用承诺时间,其他\n1,宜昌测试有限公司,张三,91420500MA4F4R53X0,主动公示型,依法诚信经营,2018-12-17,\n"
	if err := os.WriteFile(filepath.Join(dir, "新建 Microsoft Excel 工作表.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	for args, want := range map[string]int{"check": 0, "check --strict": 1} {
		var stdout, stderr bytes.Buffer
		if code := run(append(strings.Fields(args), "--source", site), &stdout, &stderr); code != want {
			t.Errorf("%s: exit %d, want %d\n%s%s", args, code, want, stdout.String(), stderr.String())
		}
	}
}
