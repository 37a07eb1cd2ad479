package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// messySite is a source folder holding the check report's test exports:
// rows refused for a bad date, an ID number in the code column and more.
func messySite(t *testing.T) string {
	t.Helper()
	site := t.TempDir()
	if err := os.CopyFS(filepath.Join(site, "data"), os.DirFS("../../internal/checkreport/testdata/exports")); err != nil {
		t.Fatal(err)
	}
	return site
}

func TestCheckWritesHTMLReport(t *testing.T) {
	site := messySite(t)
	file := filepath.Join(t.TempDir(), "检查报告.html")
	var stdout, stderr bytes.Buffer
	code := run([]string{"check", "--source", site, "--html", file}, &stdout, &stderr)
	if code != 1 || !strings.HasSuffix(stdout.String(), "检查报告："+file+"\n") {
		t.Fatalf("exit %d, stdout %s, stderr %s", code, stdout.String(), stderr.String())
	}
	html, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"data/commitments/xiaoting-errors.csv:5", "2018-13-45", "4205**********1234"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(string(html), "420582199003151234") {
		t.Error("report shows an ID number unmasked")
	}
}

// build publishes the good rows, writes the report beside (never inside)
// the output, ends with what was left out and exits 1; --strict refuses
// but still writes the report.
func TestBuildWritesReportBesideOutput(t *testing.T) {
	site := messySite(t)
	report := filepath.Join(site, "public-检查报告.html")
	for _, args := range [][]string{{"build", "--strict"}, {"build"}} {
		os.Remove(report)
		var stdout, stderr bytes.Buffer
		code := run(append(args, "--source", site), &stdout, &stderr)
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		last := lines[len(lines)-1]
		if code != 1 || last != "未发布 14 行（错误 15 个，警告 5 个），检查报告："+report {
			t.Errorf("%v: exit %d, last line %q\nstderr %s", args, code, last, stderr.String())
		}
		if _, err := os.Stat(report); err != nil {
			t.Errorf("%v: no report: %v", args, err)
		}
	}
	filepath.WalkDir(filepath.Join(site, "public")+"/", func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") && strings.Contains(p, "检查报告") {
			t.Errorf("report inside the output: %s", p)
		}
		return nil
	})
}

// Exit codes: 2 for what is not about the data.
func TestExitCodes(t *testing.T) {
	for args, want := range map[string]int{
		"check --source /nonexistent": 2,
		"build --source /nonexistent": 2,
		"check --no-such-flag":        2,
		"check -h":                    2,
	} {
		var stdout, stderr bytes.Buffer
		if code := run(strings.Fields(args), &stdout, &stderr); code != want {
			t.Errorf("%s: exit %d, want %d\n%s", args, code, want, stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	run([]string{"build", "-h"}, &stdout, &stderr)
	if !strings.Contains(stderr.String(), "结束状态：0 没有错误；1 数据有错误") {
		t.Errorf("build -h does not document the exit codes:\n%s", stderr.String())
	}
}

// A no-change rebuild, which does not read the data again, ends as the
// build before it did: exit 1 for the rows left out, the same problems,
// the same last line and the same check report.
func TestRebuildRepeatsDataReport(t *testing.T) {
	site := messySite(t)
	report := filepath.Join(site, "public-检查报告.html")
	type result struct {
		code           int
		last, problems string
		html           []byte
		recalled       bool // the data was not read again
	}
	build := func() result {
		var stdout, stderr bytes.Buffer
		code := run([]string{"build", "--source", site}, &stdout, &stderr)
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		html, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		var problems []string // the data report, without the progress lines
		for _, l := range strings.Split(stderr.String(), "\n") {
			if strings.HasPrefix(l, "data/") || strings.HasPrefix(l, "共读取") {
				problems = append(problems, l)
			}
		}
		return result{code, lines[len(lines)-1], strings.Join(problems, "\n"), html, strings.Contains(stderr.String(), "数据没有变化")}
	}
	first := build()
	os.Remove(report)
	again := build()
	if first.recalled || !again.recalled {
		t.Fatalf("data read again: %v, %v", first.recalled, again.recalled)
	}
	if first.code != 1 || again.code != first.code || again.last != first.last || again.problems != first.problems || !bytes.Equal(again.html, first.html) {
		t.Errorf("rebuild: exit %d, %q, problems:\n%s\nfirst: exit %d, %q, problems:\n%s", again.code, again.last, again.problems, first.code, first.last, first.problems)
	}
	if !strings.Contains(again.problems, "xiaoting-errors.csv:5: 错误：") {
		t.Errorf("no row errors in the rebuild's report:\n%s", again.problems)
	}
}
