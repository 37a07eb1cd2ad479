package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("creditsite %s: exit %d\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
	}
	return out.String() + errb.String()
}

func TestInitRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"init", dir}, &out, &errb); code == 0 || !strings.Contains(errb.String(), "不是空的") {
		t.Errorf("init into a non-empty folder: exit %d, %q", code, errb.String())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(b) != "x" {
		t.Error("init touched the folder's file")
	}
}

// A new site builds to pages without any sample record or banner.
func TestInitThenBuildHasNoSampleData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	runOK(t, "init", dir)
	for _, f := range []string{"config.yaml", "content/about.md", "data/disclosures/说明.txt", "data/commitments/说明.txt",
		"data/focus/说明.txt", "data/attachments/说明.txt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init wrote no %s", f)
		}
	}
	if out := runOK(t, "check", "--source", dir); strings.Contains(out, "警告：") || strings.Contains(out, "错误：") {
		t.Errorf("check of a new site:\n%s", out)
	}
	runOK(t, "build", "--source", dir)
	public, err := filepath.EvalSymlinks(filepath.Join(dir, "public"))
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		if rel = filepath.ToSlash(rel); strings.HasPrefix(rel, "enterprises/") && strings.Count(rel, "/") > 1 {
			t.Errorf("a new site publishes an enterprise: %s", rel)
		}
		if strings.HasSuffix(p, ".html") {
			pages++
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("示例数据")) {
				t.Errorf("%s says 示例数据", rel)
			}
		}
		return nil
	})
	if pages == 0 {
		t.Fatal("build wrote no page")
	}
}

// The demo alone checks clean; a real export dropped into it makes check
// name the sample files and the sampleData setting.
func TestInitSampleWarnsBesideRealData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	runOK(t, "init", "--sample", dir)
	if out := runOK(t, "check", "--source", dir); strings.Contains(out, "示例数据") {
		t.Errorf("the demo alone warns:\n%s", out)
	}
	real, err := os.ReadFile("../../testdata/exports/disclosures/yidu.csv")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "data/disclosures/yidu-2026.csv"), real, 0o644)
	var out, errb bytes.Buffer
	run([]string{"check", "--source", dir}, &out, &errb)
	report := out.String() + errb.String()
	for _, want := range []string{
		"data/disclosures/xiling.csv: 警告（--strict 时为错误）：这是 creditsite gen 生成的示例数据",
		"config.yaml: 警告（--strict 时为错误）：sampleData: true",
		"data/disclosures/yidu-2026.csv",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("check lacks %q:\n%s", want, report)
		}
	}
}

// gen without flags writes the demo's data: the same files, byte for byte,
// as init --sample (one definition of the demo's sizes).
func TestGenDefaultsAreTheDemo(t *testing.T) {
	demo, gen := t.TempDir(), t.TempDir()
	runOK(t, "init", "--sample", demo)
	runOK(t, "gen", "--source", gen)
	n := 0
	err := filepath.WalkDir(filepath.Join(gen, "data"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(gen, p)
		want, err := os.ReadFile(filepath.Join(demo, rel))
		if err != nil {
			return err
		}
		if got, _ := os.ReadFile(p); !bytes.Equal(got, want) {
			t.Errorf("%s: gen's default data differs from init --sample's", rel)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("%d files compared: %v", n, err)
	}
}
