package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportRefusesPublic(t *testing.T) {
	site := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"report", "--source", site, "--out", filepath.Join(site, "public", "报表")}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "报表不能写入网站发布文件夹") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Error("refused report still created public/")
	}
}

func TestReportNeedsOut(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"report"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "--out") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// badRowSite is a source folder whose commitments file has one good row
// and, on line 4, one with a mistyped 统一社会信用代码.
func badRowSite(t *testing.T) string {
	t.Helper()
	site := t.TempDir()
	dir := filepath.Join(site, "data", "commitments")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	csv := "填报单位：宜都市\n序号,企业名称,法定代表人,统一社会信用代码,信用承诺类型,信用承诺事项,做出信用承诺时间,其他\n" +
		"1,宜昌测试有限公司,张三,91420500MA4F4R53X0,主动公示型,依法诚信经营,2018-12-17,\n" +
		"2,宜昌抄错有限公司,李四,91420500MA4F4R53X1,主动公示型,依法诚信经营,2018-12-18,\n"
	if err := os.WriteFile(filepath.Join(dir, "yidu.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return site
}

// Like build, report counts the valid rows and lists the one left out.
func TestReportLeavesOutBadRow(t *testing.T) {
	site := badRowSite(t)
	out := filepath.Join(t.TempDir(), "报表")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"report", "--source", site, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "data/commitments/yidu.csv:4: 错误：") {
		t.Errorf("console does not name the bad row:\n%s", stderr.String())
	}
	if !strings.Contains(stdout.String(), "有 1 处错误，相应的行未纳入报表，清单见 "+filepath.Join(out, "未纳入的记录.csv")) {
		t.Errorf("console does not say where the left-out row is listed:\n%s", stdout.String())
	}
	list, err := os.ReadFile(filepath.Join(out, "未纳入的记录.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(list)), "\r\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "data/commitments/yidu.csv,,4,") || !strings.Contains(lines[1], "统一社会信用代码") {
		t.Errorf("未纳入的记录.csv:\n%s", list)
	}
	table, err := os.ReadFile(filepath.Join(out, "附件3_宜昌市企业信用承诺情况列表.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(table), "宜昌测试有限公司") || strings.Contains(string(table), "宜昌抄错有限公司") {
		t.Errorf("附件3 should hold the valid row only:\n%s", table)
	}
}

// --strict refuses data with errors and writes nothing.
func TestReportStrict(t *testing.T) {
	site := badRowSite(t)
	out := filepath.Join(t.TempDir(), "报表")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"report", "--strict", "--source", site, "--out", out}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "--strict") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("refused report still created the output folder")
	}
}
