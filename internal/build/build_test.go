package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"creditsite/internal/gen"
	"creditsite/internal/ingest"
	"creditsite/internal/output"
)

var now = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

// dataOnly makes a source folder holding only data/disclosures and
// data/commitments, as a county office might.
func dataOnly(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	if err := gen.Generate(gen.Options{Enterprises: 40, Commitments: 300, Seed: 5}).Write(filepath.Join(src, "data")); err != nil {
		t.Fatal(err)
	}
	return src
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		dir = resolved // an output folder: its live generation
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return files
}

func TestDataOnlySourceBuildsCompleteSite(t *testing.T) {
	src := dataOnly(t)
	rep, err := Run(Options{Source: src, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ingest.HasErrors() || rep.Ingest.Records != 340 {
		t.Fatalf("ingest: %d records, errors %v", rep.Ingest.Records, rep.Ingest.Problems)
	}
	files := snapshot(t, filepath.Join(src, "public"))
	for _, p := range []string{"index.html", "disclosures/index.html", "commitments/index.html", "commitments/repair/index.html",
		"enterprises/index.html", "404.html", "robots.txt", "css/site.css"} {
		if _, ok := files[p]; !ok {
			t.Errorf("missing %s", p)
		}
	}
	if !strings.Contains(files["index.html"], `<html lang="zh-CN">`) {
		t.Error("home page is not zh-CN")
	}
}

func TestDeterministic(t *testing.T) {
	src := dataOnly(t)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, out := range []string{a, b} {
		if _, err := Run(Options{Source: src, Out: out, Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	fa, fb := snapshot(t, a), snapshot(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files vs %d", len(fa), len(fb))
	}
	for name, data := range fa {
		if fb[name] != data {
			t.Errorf("%s differs between two builds", name)
		}
	}
	// A rebuild into the same folder changes nothing.
	rep, err := Run(Options{Source: src, Out: a, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Output.Added+rep.Output.Changed+rep.Output.Removed != 0 {
		t.Errorf("no-change rebuild touched files: %s", rep.Output)
	}
}

func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	src := dataOnly(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Source: src, Out: out, Now: now}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)

	// A broken template fails the build with file and line.
	os.MkdirAll(filepath.Join(src, "layouts"), 0o755)
	os.WriteFile(filepath.Join(src, "layouts", "index.html"), []byte("{{define \"main\"}}\n{{.Missing.Field}}\n{{end}}"), 0o644)
	_, err := Run(Options{Source: src, Out: out, Now: now})
	if err == nil || !strings.Contains(err.Error(), "layouts/index.html:2") {
		t.Fatalf("template error: %v", err)
	}
	os.RemoveAll(filepath.Join(src, "layouts"))

	// --strict refuses data with errors.
	f, _ := os.OpenFile(filepath.Join(src, "data", "commitments", "xiling.csv"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("999,坏数据有限公司,张三,91420500870TF54J70,主动公示型,依法经营,2026-01-01,\r\n")
	f.Close()
	if _, err := Run(Options{Source: src, Out: out, Now: now, Strict: true}); err != ErrStrict {
		t.Fatalf("strict build: %v", err)
	}
	after := snapshot(t, out)
	if len(after) != len(before) {
		t.Fatalf("output changed: %d files before, %d after", len(before), len(after))
	}
	for name, data := range before {
		if after[name] != data {
			t.Fatalf("%s changed by a failed build", name)
		}
	}
	// Without --strict the bad row is left out and the rest published.
	var log bytes.Buffer
	rep, err := Run(Options{Source: src, Out: out, Now: now, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ingest.Skipped != 1 || !strings.Contains(log.String(), "data/commitments/xiling.csv:") {
		t.Errorf("skipped %d; log:\n%s", rep.Ingest.Skipped, log.String())
	}
}

func TestClearErrors(t *testing.T) {
	if _, err := Run(Options{Source: filepath.Join(t.TempDir(), "nope")}); err == nil || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("missing source: %v", err)
	}
	src := dataOnly(t)
	if _, err := Run(Options{Source: src, BaseURL: "ftp://x/"}); err == nil || !strings.Contains(err.Error(), "站点地址") {
		t.Errorf("bad base URL: %v", err)
	}
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	if _, err := Run(Options{Source: src, Out: filepath.Join(blocker, "public")}); err == nil || !strings.Contains(err.Error(), "输出文件夹") {
		t.Errorf("unwritable output: %v", err)
	}
}

// TestOutputIsWorldReadable: web servers run as their own user (www-data),
// so every published folder and file must be readable by others.
func TestOutputIsWorldReadable(t *testing.T) {
	src := dataOnly(t)
	if _, err := Run(Options{Source: src, Now: now}); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(live(t, filepath.Join(src, "public")), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := d.Info()
		want := fs.FileMode(0o004)
		if d.IsDir() {
			want |= 0o001
		}
		if fi.Mode().Perm()&want != want {
			t.Errorf("%s has mode %v: not readable by the web server", p, fi.Mode().Perm())
		}
		return nil
	})
}

// TestRebuildSkipsOnlyWhenNothingChanged checks the shortcut of a rebuild
// whose inputs and output folder are as the last build left them: it must
// not make a new generation nor rewrite the live one's record, and any
// change must lead to a real build.
func TestRebuildSkipsOnlyWhenNothingChanged(t *testing.T) {
	src := dataOnly(t)
	out := filepath.Join(t.TempDir(), "public")
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	build := func(o Options) (*Report, bool) {
		t.Helper()
		before := ""
		if _, err := os.Lstat(out); err == nil {
			before = live(t, out)
			os.Chtimes(before+".record", past, past)
		}
		o.Source, o.Out = src, out
		if o.Now.IsZero() {
			o.Now = now
		}
		rep, err := Run(o)
		if err != nil {
			t.Fatal(err)
		}
		after := live(t, out)
		fi, err := os.Stat(after + ".record") // the record beside a generation: see package output
		if err != nil {
			t.Fatal(err)
		}
		return rep, after == before && fi.ModTime().Equal(past)
	}
	first, _ := build(Options{})
	again, skipped := build(Options{})
	if !skipped || again.Output != (output.Stats{Unchanged: first.Output.Added}) ||
		!reflect.DeepEqual(again.Site, first.Site) || *again.Search != *first.Search {
		t.Fatalf("no-change rebuild: skipped %v, %s, %+v", skipped, again.Output, again.Site)
	}

	csv := filepath.Join(src, "data", "commitments", "xiling.csv")
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	os.WriteFile(csv, []byte(strings.Join(lines[:len(lines)-2], "")), 0o644) // one record fewer
	for _, c := range []struct {
		what   string
		o      Options
		change func()
	}{
		{"data", Options{}, func() {}},
		{"tampered output", Options{}, func() { os.Remove(filepath.Join(out, "index.html")) }},
		{"base URL", Options{BaseURL: "https://example.gov.cn/xy/"}, func() {}},
		{"date", Options{BaseURL: "https://example.gov.cn/xy/", Now: now.AddDate(0, 0, 1)}, func() {}},
		{"config", Options{BaseURL: "https://example.gov.cn/xy/", Now: now.AddDate(0, 0, 1)}, func() {
			os.WriteFile(filepath.Join(src, "config.yaml"), []byte("pageSize: 20\n"), 0o644)
		}},
	} {
		c.change()
		if _, skipped := build(c.o); skipped {
			t.Errorf("rebuild after a %s change skipped", c.what)
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
			t.Errorf("after a %s change: %v", c.what, err)
		}
		if _, skipped := build(c.o); !skipped {
			t.Errorf("second rebuild after a %s change not skipped", c.what)
		}
	}
}

// live is the folder visitors of out are served.
func live(t *testing.T, out string) string {
	t.Helper()
	dir, err := output.Live(out)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// A no-change rebuild does not read the data again, yet prints the same
// data problems and refuses under --strict as the build before it did,
// from what that build recorded; a changed byte or a new folder among the
// exports is read in full.
func TestRebuildRecallsDataReport(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(filepath.Join(src, "data"), os.DirFS("../checkreport/testdata/exports")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	reads := 0
	defer func(f func(string, ingest.Options) (*ingest.Result, error)) { loadData = f }(loadData)
	loadData = func(src string, o ingest.Options) (*ingest.Result, error) {
		reads++
		return ingest.Load(src, o)
	}
	build := func(strict bool) (*Report, string, error) {
		t.Helper()
		var log bytes.Buffer
		reads = 0
		rep, err := Run(Options{Source: src, Out: out, Now: now, Log: &log, Strict: strict})
		return rep, log.String(), err
	}
	first, firstLog, err := build(false)
	if err != nil || !first.Ingest.HasErrors() || reads != 1 {
		t.Fatalf("first build: %v, %d reads, %d problems", err, reads, len(first.Ingest.Problems))
	}
	again, againLog, err := build(false)
	if err != nil || reads != 0 || again.Output.Added+again.Output.Changed != 0 {
		t.Fatalf("no-change rebuild: %v, %d reads, %s", err, reads, again.Output)
	}
	if againLog != firstLog || !reflect.DeepEqual(again.Ingest, withoutDataset(first.Ingest)) {
		t.Errorf("no-change rebuild reports otherwise:\n%s\nfirst:\n%s", againLog, firstLog)
	}
	if !strings.Contains(againLog, "xiaoting-errors.csv:5: 错误：") {
		t.Errorf("no row error in the log:\n%s", againLog)
	}
	// --strict stops before the site's warnings, which follow the data's.
	if rep, log, err := build(true); err != ErrStrict || reads != 0 || rep.Ingest == nil || !strings.HasPrefix(firstLog, log) || !strings.Contains(log, "未发布 14 行") {
		t.Errorf("--strict rebuild: %v, %d reads, log:\n%s", err, reads, log)
	}

	csv := filepath.Join(src, "data", "commitments", "yuanan.csv")
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("2018-11-10"))
	b[i+9] = '2' // one byte of one date
	os.WriteFile(csv, b, 0o644)
	if _, _, err := build(false); err != nil || reads != 1 {
		t.Errorf("after a data byte changed: %v, %d reads", err, reads)
	}
	os.Mkdir(filepath.Join(src, "data", "disclosures", "old"), 0o755)
	if _, log, err := build(false); err != nil || reads != 1 || !strings.Contains(log, "data/disclosures/old: 错误：是文件夹") {
		t.Errorf("after an empty folder was added: %v, %d reads, log:\n%s", err, reads, log)
	}
	if _, _, err := build(false); err != nil || reads != 0 {
		t.Errorf("rebuild after the folder: %v, %d reads", err, reads)
	}
}
