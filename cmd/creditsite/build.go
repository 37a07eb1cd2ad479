package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"creditsite/internal/build"
	"creditsite/internal/config"
	"creditsite/internal/ingest"
	"creditsite/internal/progress"
)

func init() {
	commands["build"] = command{summary: "生成网站（默认写入 public/）", run: runBuild}
}

func runBuild(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stderr)
	source := fs.String("source", ".", "源文件夹（含 config.yaml、content/、layouts/、data/）")
	out := fs.String("out", "", "输出文件夹（默认为 源文件夹/public）")
	baseURL := fs.String("base-url", "", "网站发布地址，可含子路径，如 https://xy.yichang.gov.cn/xyyc/")
	strict := fs.Bool("strict", false, "数据有任何错误即不发布，保留原有网站")
	wait := fs.Bool("wait", false, "另一个生成过程正在写入同一输出文件夹时，等它结束后继续（默认立即报错退出）")
	fs.Usage = exitCodesUsage(fs, "creditsite build --source . --out public")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := build.Run(build.Options{Source: *source, Out: *out, BaseURL: *baseURL, Strict: *strict, Wait: *wait,
		Log: stderr, Progress: progress.New(stderr), Context: ctx})
	if rep == nil || rep.Ingest == nil { // stopped before the data was read
		return err
	}
	report, rerr := buildCheckReport(*source, rep)
	if errors.Is(err, build.ErrStrict) || errors.Is(err, build.ErrInterrupted) {
		fmt.Fprintln(stderr, err)
		err = errFailed
	} else if err == nil {
		o := rep.Output
		fmt.Fprintf(stdout, "已生成 %s：%d 个页面，共 %d 个文件（%s）\n", rep.Out, rep.Site.Pages, o.Added+o.Changed+o.Unchanged, o)
		if rep.Ingest.HasErrors() { // published without the bad rows: status 1 tells a script so
			err = errFailed
		}
	} else {
		fmt.Fprintf(stderr, "creditsite build：%v\n", err)
		err = errPrinted
	}
	if rerr != nil {
		fmt.Fprintln(stderr, rerr)
		return cmp.Or(err, errPrinted)
	}
	// Always the last line: what was left out and where to read why.
	fmt.Fprintf(stdout, "未发布 %d 行（错误 %d 个，警告 %d 个），检查报告：%s\n", rep.Ingest.Skipped, count(rep.Ingest, ingest.Error), count(rep.Ingest, ingest.Warning), report)
	return err
}

// checkReportPath is where build writes the check report: beside the
// output folder, never inside it (it would be published) nor in its
// .NAME.generations/ (it would be removed with an old generation), e.g.
// public → public-检查报告.html in the same parent folder.
func checkReportPath(out string) (string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(abs), filepath.Base(abs)+"-检查报告.html"), nil
}

// buildCheckReport writes the check report of rep beside its output.
func buildCheckReport(source string, rep *build.Report) (string, error) {
	file, err := checkReportPath(rep.Out)
	if err != nil {
		return "", err
	}
	cfg, err := config.Load(source)
	if err != nil {
		return "", err
	}
	return file, writeCheckReport(file, rep.Ingest, cfg)
}

// count counts the problems of one severity.
func count(res *ingest.Result, sev ingest.Severity) int {
	n := 0
	for _, p := range res.Problems {
		if p.Severity == sev {
			n++
		}
	}
	return n
}
