package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	if c, err := Load(dir); err != nil || c.Title != Default().Title {
		t.Fatalf("no config file: %+v, %v", c, err)
	}
	os.WriteFile(filepath.Join(dir, FileName), []byte("title: 测试站\n"), 0o644)
	if c, err := Load(dir); err != nil || c.Title != "测试站" {
		t.Fatalf("config file: %+v, %v", c, err)
	}
}

// TestRefusesLink: config.yaml as a link, even a dangling one, is an error
// naming it, never a missing file that would fall back to the defaults.
func TestRefusesLink(t *testing.T) {
	for _, target := range []string{"/etc/passwd", "other.yaml", "missing.yaml"} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "other.yaml"), []byte("title: 别处\n"), 0o644)
		if err := os.Symlink(target, filepath.Join(dir, FileName)); err != nil {
			t.Skipf("cannot make a symbolic link: %v", err)
		}
		c, err := Load(dir)
		want := "config.yaml: 错误：是符号链接（快捷方式），为安全起见不读取；请把文件本身放进文件夹"
		if err == nil || err.Error() != want || c != nil {
			t.Errorf("link to %s: %+v, %v; want %s", target, c, err, want)
		}
	}
}

// TestTargetsYear: targets.year is read, and a year that is no four-digit
// year is refused rather than silently counting nothing.
func TestTargetsYear(t *testing.T) {
	for text, want := range map[string]int{"targets:\n  year: 2025\n": 2025, "title: x\n": 0, "targets:\n  year: 25\n": -1} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, FileName), []byte(text), 0o644)
		c, err := Load(dir)
		if want < 0 {
			if err == nil {
				t.Errorf("%q: accepted", text)
			}
			continue
		}
		if err != nil || c.Targets.Year != want {
			t.Errorf("%q: %+v, %v; want year %d", text, c, err, want)
		}
	}
}

func TestAbsoluteBaseURL(t *testing.T) {
	for base, want := range map[string]bool{
		"https://xy.yichang.gov.cn/xyyc/": true, "http://127.0.0.1:1313/": true,
		"/": false, "/xyyc/": false, "": false, "//xy.yichang.gov.cn/": false,
	} {
		c := Default()
		c.BaseURL = base
		if got := c.AbsoluteBaseURL(); got != want {
			t.Errorf("%q: %v, want %v", base, got, want)
		}
	}
}
