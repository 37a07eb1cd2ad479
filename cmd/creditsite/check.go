package main

import (
	"fmt"
	"io"
	"path/filepath"

	"creditsite/internal/config"
	"creditsite/internal/content"
	"creditsite/internal/ingest"
)

func init() {
	commands["check"] = command{summary: "检查数据文件，列出所有问题，不生成网站", run: runCheck}
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	source := fs.String("source", ".", "源文件夹（含 data/），或直接放着 disclosures/ 和 commitments/ 的文件夹")
	strict := fs.Bool("strict", false, "与 build --strict 相同：标为“--strict 时为错误”的警告也算错误")
	html := fs.String("html", "", "另把检查结果写成网页（如 检查报告.html），按文件列出每个问题、所在行的内容和改法，可用浏览器打开或发给报送单位")
	fs.Usage = exitCodesUsage(fs, "creditsite check --source . --html 检查报告.html")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(*source)
	if err != nil {
		return err
	}
	res, err := ingest.Load(*source, ingest.OptionsFor(cfg))
	if err != nil {
		return err
	}
	// The pages too: a page build would refuse (a link, bad front matter)
	// must not pass check.
	if _, err := content.Load(filepath.Join(*source, "content"), cfg.AllowRawHTML); err != nil {
		res.WriteReport(stdout)
		fmt.Fprintln(stderr, err) // a refused page is a data error (status 1), like a refused row
		return errFailed
	}
	res.WriteReport(stdout)
	if *html != "" {
		if err := writeCheckReport(*html, res, cfg); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "检查报告：%s\n", *html)
	}
	if res.HasErrors() || *strict && res.HasStrictErrors() {
		return errFailed
	}
	return nil
}
