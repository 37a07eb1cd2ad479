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
	if code != 1 || !strings.Contains(stderr.String(), "报表不能写入网站发布文件夹") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Error("refused report still created public/")
	}
}

func TestReportNeedsOut(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"report"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "--out") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
