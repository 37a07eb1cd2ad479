package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"creditsite/internal/build"
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
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := build.Run(build.Options{Source: *source, Out: *out, BaseURL: *baseURL, Strict: *strict, Wait: *wait,
		Log: stderr, Progress: progress.New(stderr), Context: ctx})
	if errors.Is(err, build.ErrStrict) || errors.Is(err, build.ErrInterrupted) {
		fmt.Fprintln(stderr, err)
		return errFailed
	}
	if err != nil {
		return err
	}
	o := rep.Output
	fmt.Fprintf(stdout, "已生成 %s：%d 个页面，共 %d 个文件（%s）\n", rep.Out, rep.Site.Pages, o.Added+o.Changed+o.Unchanged, o)
	return nil
}
